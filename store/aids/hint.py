"""What a suggested rating is: the `Hint`, the `Evidence` phrases it rests on, and its
one-line explanation in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Rating

EVIDENCE_KINDS = ("done", "context", "planned", "explained", "condition", "declared_label", "concrete_measure")
# Where a hint's rating comes from: the rules' reading (the bundled model agrees, or is
# too unsure to outvote it); the bundled model (trained on the samples and the real ratings), where it outvoted the
# rules (cppcc_review.store.aids.base_model); a model learned from this reviewer's own ratings; or the strict variant
# of the rules, where this reviewer's ratings follow it more than the default hints (hint_learner, "strict_lean").
SOURCE_RULES, SOURCE_MODEL, SOURCE_LEARNED, SOURCE_STRICT_LEAN = "rules", "model", "learned", "strict_lean"


@dataclass(frozen=True)
class Evidence:
    """A phrase a hint relied on. `text == suggestion.text[start:end]`, except for
    `declared_label`, whose label sits in the reply's header: its span is empty (0, 0)
    and `text` is the label as written."""

    start: int
    end: int
    kind: str
    text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Hint:
    rating: Rating
    confidence: float  # 0..1: how often a hint like this one is right (see path_confidence)
    evidence: list[Evidence] = field(default_factory=list)
    scheme: str = "default"
    declared: str | None = None  # the reply's declared label as written
    declared_rating: Rating | None = None  # that label through the scheme
    confident: bool = False  # shown as confident: right >= 90% of the time on fresh data
    path: str = ""  # the branch of the rubric that decided (PATHS), or "learned"
    strict: bool = False  # rated with the strict variant (vague promise alone = explained)
    source: str = SOURCE_RULES  # one of the SOURCE_* above
    n_ratings: int = 0  # with source "learned" or "strict_lean": how many of the reviewer's ratings taught it
    rules_rating: Rating | None = None  # what the rules alone read (differs from `rating` with source "model")

    def of_kind(self, kind: str) -> list[Evidence]:
        return [e for e in self.evidence if e.kind == kind]

    def explain(self, lang: str = "zh") -> str:
        """One line: the suggested rating and the reasons, e.g.
        建议：部分采纳 — 有下一步安排（下一步、将），无已完成事项"""
        return _explain(self, lang)

    def to_dict(self) -> dict:
        return {
            "rating": self.rating.value,
            "confidence": round(self.confidence, 2),
            "confident": self.confident,
            "source": self.source,
            "n_ratings": self.n_ratings,
            "path": self.path,
            "strict": self.strict,
            "scheme": self.scheme,
            "declared": self.declared,
            "declared_rating": self.declared_rating.value if self.declared_rating else None,
            "rules_rating": self.rules_rating.value if self.rules_rating else None,
            "evidence": [e.to_dict() for e in self.evidence],
        }


# --- explanation -------------------------------------------------------------------------
_RATING_ZH = {Rating.ADOPTED: "采纳", Rating.PARTIALLY_ADOPTED: "部分采纳", Rating.EXPLAINED: "解释说明"}
_RATING_EN = {Rating.ADOPTED: "adopted", Rating.PARTIALLY_ADOPTED: "partially adopted", Rating.EXPLAINED: "explained"}


def _examples(hint: Hint, kind: str, sep: str, limit: int = 2, *, also: str | None = None) -> str:
    """The first `limit` phrases of evidence of `kind` (and of kind `also`, in text order), shortened."""
    seen: list[str] = []
    for ev in sorted(hint.of_kind(kind) + (hint.of_kind(also) if also else []), key=lambda e: (e.start, e.end)):
        phrase = ev.text if len(ev.text) <= 8 else ev.text[:7] + "…"
        if phrase not in seen:
            seen.append(phrase)
        if len(seen) == limit:
            break
    return sep.join(seen)


def _explain(hint: Hint, lang: str) -> str:
    en = lang == "en"
    parts: list[str] = []
    done, planned, explained, condition = (
        _examples(hint, k, ", " if en else "、") for k in ("done", "planned", "explained", "condition")
    )
    if explained:
        parts.append(f"explanation or refusal ({explained})" if en else f"有解释或不能办理的说明（{explained}）")
    context = _examples(hint, "context", ", " if en else "、")
    if hint.path == "context_only" and (done or context):
        # explained: what was done is general past work, context (h60); its figures are shown as done
        past = _examples(hint, "done", ", " if en else "、", also="context")
        parts.append(f"only general past work ({past})" if en else f"仅有以往的一般性工作（{past}）")
    else:
        if done:
            parts.append(f"work done ({done})" if en else f"有已完成事项（{done}）")
        if context:
            parts.append(f"past work cited ({context})" if en else f"提及以往工作（{context}）")
    if planned:
        parts.append(f"next steps planned ({planned})" if en else f"有下一步安排（{planned}）")
    if condition:
        parts.append(f"on a condition ({condition})" if en else f"附条件（{condition}）")
    if hint.rating == Rating.PARTIALLY_ADOPTED and not done:
        parts.append("nothing reported done" if en else "无已完成事项")
    if hint.rating == Rating.ADOPTED and not planned and not explained:
        parts.append("no open next step" if en else "无待办事项")
    n_concrete = len(hint.of_kind("concrete_measure"))
    if n_concrete:
        parts.append(f"{n_concrete} concrete measure(s)" if en else f"具体措施{n_concrete}处")
    if hint.source == SOURCE_MODEL and hint.rules_rating is not None:
        ruled = (_RATING_EN if en else _RATING_ZH)[hint.rules_rating]
        parts.insert(0, f"the rules read {ruled}, the bundled model outweighs them" if en
                     else f"规则读作{ruled}，内置模型改判")
    if hint.source == SOURCE_MODEL and hint.rules_rating is None:
        parts.insert(0, "the rules found no cue, the bundled model's reading alone" if en
                     else "规则未找到依据，仅内置模型的判断")
    if hint.declared and hint.declared_rating is not None:
        mapped = (_RATING_EN if en else _RATING_ZH)[hint.declared_rating]
        parts.append(f"declared “{hint.declared}” = {mapped}" if en else f"申报结果“{hint.declared}”即{mapped}")
    if en:
        return f"suggested: {_RATING_EN[hint.rating]} — " + "; ".join(parts)
    return f"建议：{_RATING_ZH[hint.rating]} — " + "，".join(parts)
