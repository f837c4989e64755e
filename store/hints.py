"""Suggested ratings with the evidence behind them.

`suggest_rating(reply, suggestion, scheme)` reads one suggestion's response and says
which of the three ratings its wording points to, with every phrase it relied on as an
`Evidence` span (offsets into `suggestion.text`), so the TUI can highlight them and the
reviewer can see *why*. It only advises: nothing is rated until the reviewer accepts.

The signals, all from `store.cues`:
- done work (已出台, 已将…纳入, 近年来 …)      -> adopted
- planned work (下一步, 将, 列入…计划, 拟 …)    -> partially adopted
- explanation or refusal (难以, 不属于, 留作参考, 建议…向…反映 …) -> explained
- the reply's declared result label, mapped through a named scheme (letters mean
  different things in different places, so a letter is only mapped by a scheme that
  defines it; the label itself is always kept as written);
- concrete measures (figures, dates, 《named policies》, responsible units), which make
  planned work count as a real commitment rather than a gesture.

The decision rule is deliberately small and written out in `_decide`, so that its
accuracy, measured by `python -m store.evaluate`, is the accuracy of rules a person can
read, not of weights fitted to the fixtures.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from store import cues
from store.model import Rating, Reply, Suggestion

EVIDENCE_KINDS = ("done", "planned", "explained", "declared_label", "concrete_measure")


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
    confidence: float  # 0..1: how strongly the wording points one way
    evidence: list[Evidence] = field(default_factory=list)
    scheme: str = "default"
    declared: str | None = None  # the reply's declared label as written
    declared_rating: Rating | None = None  # that label through the scheme

    def of_kind(self, kind: str) -> list[Evidence]:
        return [e for e in self.evidence if e.kind == kind]

    def explain(self, lang: str = "zh") -> str:
        """One line: the suggested rating and the reasons, e.g.
        建议:部分采纳 — 有下一步安排(下一步、将),无已完成事项"""
        return _explain(self, lang)

    def to_dict(self) -> dict:
        return {
            "rating": self.rating.value,
            "confidence": round(self.confidence, 2),
            "scheme": self.scheme,
            "declared": self.declared,
            "declared_rating": self.declared_rating.value if self.declared_rating else None,
            "evidence": [e.to_dict() for e in self.evidence],
        }


# --- schemes -------------------------------------------------------------------------
SCHEMES: dict[str, cues.Scheme] = {s.name: s for s in cues.SCHEME_DATA}


def scheme_names() -> list[str]:
    return list(SCHEMES)


def _get_scheme(name: str) -> cues.Scheme:
    try:
        return SCHEMES[name]
    except KeyError:
        raise ValueError(f"unknown result scheme {name!r}; known: {', '.join(SCHEMES)}") from None


# 办理结果:A类 / 办复类别:B / A(已解决或基本解决): the letter must stand alone, so that
# "AI4S" or a place name is never read as a class.
_LETTER = re.compile(r"^([A-D])(?:类|級|级)?(?![A-Za-z0-9])")
_LABEL_TRIM = " \t:：,，.。;；()（）[]【】〔〕\"“”'"


def map_label(label: str | None, scheme: str = "default") -> Rating | None:
    """The rating a declared label stands for under `scheme`; None when unknown."""
    if not label:
        return None
    sch = _get_scheme(scheme)
    folded = unicodedata.normalize("NFKC", label).strip(_LABEL_TRIM).upper()
    m = _LETTER.match(folded)
    if m:
        return sch.letters.get(m.group(1))
    for word in sorted(sch.words, key=len, reverse=True):  # longest first: 部分采纳 before 采纳
        if word in folded:
            return sch.words[word]
    return None


# --- cue matching ----------------------------------------------------------------------
@lru_cache(maxsize=None)
def compiled(fragments: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the fragments (each wrapped in a non-capturing group)."""
    return re.compile("|".join(f"(?:{f})" for f in fragments))


def find_spans(text: str, fragments: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in compiled(fragments).finditer(text) if m.end() > m.start()]


def concrete_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every concrete measure: figure, date, named_policy, responsible_unit."""
    out: list[tuple[int, int, str]] = []
    for kind, fragments in cues.CONCRETE_CUES.items():
        out.extend((s, e, kind) for s, e in find_spans(text, fragments))
    out.sort()
    return out


@dataclass
class Signals:
    """Everything the rule looks at, for one text: cue spans, and how many sentences
    report done work, plan work or explain (a sentence counts once per kind, so a
    sentence that says 下一步,我局将… is one plan, not two)."""

    done: list[tuple[int, int]]
    planned: list[tuple[int, int]]
    explained: list[tuple[int, int]]
    concrete: list[tuple[int, int, str]]
    vague: list[tuple[int, int]]
    n_done: int = 0
    n_planned: int = 0
    n_explained: int = 0
    plan_start: int | None = None  # where the next-step part begins, if marked
    n_study: int = 0  # planning sentences that only promise to study (研究论证 …)


_SENTENCE = re.compile(r"[^。！!？?\n]+")  # 一是…;二是… stays one sentence
_FOLD = str.maketrans(cues.TRADITIONAL_TO_SIMPLIFIED)
# A figure fact: the clause up to its first figure, shown as the evidence of a
# reported achievement (2023年招收定向医学生860名), at most this many characters.
_FACT_SHOWN = 30


class _Spans:
    """Sorted, non-overlapping spans of one regex scan, with bisect look-ups, so that
    asking about every sentence stays O(n log n) however many cues a text has."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _e in spans]

    def starts_in(self, a: int, b: int) -> tuple[int, int] | None:
        """The first span starting in [a, b), if any."""
        i = bisect.bisect_left(self.starts, a)
        return self.spans[i] if i < len(self.spans) and self.starts[i] < b else None

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b) - 1  # the last span starting before b
        return i >= 0 and self.spans[i][1] > a  # ends only grow: no earlier one reaches further


def signals(text: str) -> Signals:
    """The cue spans and sentence counts of `text` (cached: the checks and the hint of
    one suggestion ask for the same text)."""
    return _signals(text)


@lru_cache(maxsize=32)
def _signals(text: str) -> Signals:
    folded = text.translate(_FOLD)  # one character for one: spans are valid on `text`
    explained = find_spans(folded, cues.EXPLAINED_CUES)
    done = find_spans(folded, cues.DONE_CUES)
    planned = find_spans(folded, cues.PLANNED_CUES)
    # A phrase counts once, for its most specific reading: 待条件成熟后 is an explanation,
    # not a plan; 已将…纳入 is done, not planned.
    e_idx, d_idx = _Spans(explained), _Spans(done)
    planned = [p for p in planned if not (e_idx.overlaps(*p) or d_idx.overlaps(*p))]
    done = [d for d in done if not e_idx.overlaps(*d)]
    concrete = concrete_spans(folded)
    marker = compiled(cues.NEXT_STEP_MARKERS).search(folded)
    plan_start = marker.start() if marker else None
    figures = _Spans(find_spans(folded, cues.CONCRETE_CUES["figure"]))
    study = _Spans(find_spans(folded, cues.STUDY_CUES))
    e_idx, d_idx, p_idx = _Spans(explained), _Spans(done), _Spans(planned)

    n_done = n_planned = n_explained = n_study = 0
    facts: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(folded):
        a, b = m.span()
        is_e = e_idx.starts_in(a, b) is not None
        is_d = d_idx.starts_in(a, b) is not None
        is_p = p_idx.starts_in(a, b) is not None
        if not (is_e or is_p) and plan_start is not None and a >= plan_start:
            is_p = not is_d  # in the next-step part, a sentence without a cue is still a plan
        if not (is_e or is_d or is_p):
            fig = figures.starts_in(a, b)
            if fig is not None:  # a reported figure, nothing planned: an achievement
                is_d = True
                clause = max(folded.rfind(c, a, fig[0]) for c in ",，;；:：")
                start = clause + 1 if clause >= 0 else a
                start = max(start, fig[1] - _FACT_SHOWN)
                while start < fig[0] and folded[start].isspace():
                    start += 1
                facts.append((start, fig[1]))
        n_explained += is_e
        n_done += is_d
        n_planned += is_p
        n_study += is_p and study.starts_in(a, b) is not None
    done = sorted(done + [f for f in facts if f[1] > f[0]])
    return Signals(done, planned, explained, concrete, find_spans(folded, cues.VAGUE_VERBS),
                   n_done, n_planned, n_explained, plan_start, n_study)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- the rule ------------------------------------------------------------------------------
def _decide(sig: Signals, declared: Rating | None) -> tuple[Rating | None, float]:
    """The rating the wording points to, and a confidence.

    In words, on counts of sentences: refusal language that is not outweighed by more
    than twice as much done work means explained; done work is adopted unless the plans
    clearly dominate (more than three planning sentences for each done one) or the plan
    only promises to study the matter; plans alone mean partially adopted; with no cue
    at all, only the declared label is left to go by.
    """
    d, p, e = sig.n_done, sig.n_planned, sig.n_explained
    if e and d <= 2 * e:
        rating, margin = Rating.EXPLAINED, 2 * e - d + (1 if not p else 0)
    elif d and p <= 3 * d and not (sig.n_study and p >= d):
        rating, margin = Rating.ADOPTED, 3 * d - p
    elif p:
        rating, margin = Rating.PARTIALLY_ADOPTED, max(1, p - d)
    elif declared is not None:
        return declared, 0.4
    else:
        return None, 0.0
    confidence = min(0.9, 0.45 + 0.1 * margin)
    if declared is not None:
        confidence = min(0.95, confidence + 0.1) if declared == rating else max(0.3, confidence - 0.15)
    return rating, round(confidence, 2)


def suggest_rating(reply: Reply | None, suggestion: Suggestion, scheme: str = "default") -> Hint | None:
    """A suggested rating for one suggestion, or None when its text gives nothing to go by
    and the reply declares no label the scheme knows."""
    _get_scheme(scheme)  # an unknown scheme is an error even when there is no label
    text = suggestion.text or ""
    declared_label = reply.declared_result if reply is not None else None
    declared = map_label(declared_label, scheme)
    sig = signals(text)
    rating, confidence = _decide(sig, declared)
    if rating is None:
        return None
    evidence: list[Evidence] = []
    for kind, spans in (("done", sig.done), ("planned", sig.planned), ("explained", sig.explained)):
        evidence.extend(Evidence(s, e, kind, text[s:e]) for s, e in spans)
    evidence.extend(Evidence(s, e, "concrete_measure", text[s:e]) for s, e, _k in sig.concrete)
    evidence.sort(key=lambda ev: (ev.start, ev.end, ev.kind))
    if declared_label and declared is not None:
        evidence.insert(0, Evidence(0, 0, "declared_label", declared_label))
    return Hint(rating, confidence, evidence, scheme, declared_label, declared)


# --- explanation -------------------------------------------------------------------------
_RATING_ZH = {Rating.ADOPTED: "采纳", Rating.PARTIALLY_ADOPTED: "部分采纳", Rating.EXPLAINED: "解释说明"}
_RATING_EN = {Rating.ADOPTED: "adopted", Rating.PARTIALLY_ADOPTED: "partially adopted", Rating.EXPLAINED: "explained"}


def _examples(hint: Hint, kind: str, sep: str, limit: int = 2) -> str:
    seen: list[str] = []
    for ev in hint.of_kind(kind):
        phrase = ev.text if len(ev.text) <= 8 else ev.text[:7] + "…"
        if phrase not in seen:
            seen.append(phrase)
        if len(seen) == limit:
            break
    return sep.join(seen)


def _explain(hint: Hint, lang: str) -> str:
    en = lang == "en"
    parts: list[str] = []
    done, planned, explained = (_examples(hint, k, ", " if en else "、") for k in ("done", "planned", "explained"))
    if explained:
        parts.append(f"explanation or refusal ({explained})" if en else f"有解释或不能办理的说明({explained})")
    if done:
        parts.append(f"work done ({done})" if en else f"有已完成事项({done})")
    if planned:
        parts.append(f"next steps planned ({planned})" if en else f"有下一步安排({planned})")
    if hint.rating == Rating.PARTIALLY_ADOPTED and not done:
        parts.append("nothing reported done" if en else "无已完成事项")
    if hint.rating == Rating.ADOPTED and not planned and not explained:
        parts.append("no open next step" if en else "无待办事项")
    n_concrete = len(hint.of_kind("concrete_measure"))
    if n_concrete:
        parts.append(f"{n_concrete} concrete measure(s)" if en else f"具体措施{n_concrete}处")
    if hint.declared and hint.declared_rating is not None:
        mapped = (_RATING_EN if en else _RATING_ZH)[hint.declared_rating]
        parts.append(f"declared “{hint.declared}” = {mapped}" if en else f"申报结果“{hint.declared}”即{mapped}")
    if en:
        return f"suggested: {_RATING_EN[hint.rating]} — " + "; ".join(parts)
    return f"建议:{_RATING_ZH[hint.rating]} — " + ",".join(parts)
