"""Suggested ratings with the evidence behind them, by the rubric (shared/domain.md,
"How one response is rated").

`suggest_rating(reply, suggestion, scheme, strict=False)` reads one suggestion's
response and says which of the three ratings its wording points to, with every phrase
it relied on as an `Evidence` span (offsets into `suggestion.text`), so the TUI can
highlight them and the reviewer can see *why*. It only advises: nothing is rated until
the reviewer accepts.

Each sentence of the response is put in the rubric's classes, from the cue lists of
`store.cues`:
- explanation: a refusal (不具备可行性, 暂不作调整, 原则上不再新设, 无权自行调整), the
  matter outside the unit's remit or passed on (属于区级事权, 由省委组织部统一制定…
  我局将积极配合, 已将…转送), a deferral (留作参考, 暂不单独制定) or existing policy
  (现行政策已基本涵盖, 已明确规定). A 已… sentence inside such a sentence explains;
- a step taken (已出台, 已委托…开展, a reported figure) or a state (截至…已全部…);
- a plan, anchored (a date, a figure, 《a named document》, 列入…计划) or vague
  (研究, 探索, 积极, 争取, 适时, 逐步 … with no anchor);
- a pilot or smaller scope (试点, 试行), unless a full rollout is dated; a condition
  (待…后, 条件成熟, 视情); a difficulty (受…限制, 难以); another unit's part (由…负责).
`decide` then applies the rubric in its order (explained, adopted, partially), with the
strict variant as a switch, and names the branch it took (`PATHS`). The declared result
label, mapped through a named scheme, only breaks a tie: it decides when the wording has
no cue at all.

The confidence of a hint is how often its branch was right on the development fixtures
(`PATH_RECORD`); hints of branches right >= 90% on enough cases are shown as confident,
the others as weak. `python -m store.evaluate` measures both on fresh fixtures.
Learning from a reviewer's own ratings is `store.hint_learner`; this module is the rules.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from store import cues
from store.model import Rating, Reply, Suggestion

EVIDENCE_KINDS = ("done", "planned", "explained", "condition", "declared_label", "concrete_measure")
SOURCE_RULES, SOURCE_LEARNED = "rules", "learned"


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
    confidence: float  # 0..1: how often a hint like this one is right (see PATH_CONFIDENCE)
    evidence: list[Evidence] = field(default_factory=list)
    scheme: str = "default"
    declared: str | None = None  # the reply's declared label as written
    declared_rating: Rating | None = None  # that label through the scheme
    confident: bool = False  # shown as confident: right >= 90% of the time on fresh data
    path: str = ""  # the branch of the rubric that decided (PATHS), or "learned"
    strict: bool = False  # rated with the strict variant (vague promise alone = explained)
    source: str = SOURCE_RULES  # "rules", or "learned" from this reviewer's ratings
    n_ratings: int = 0  # with source "learned": how many of the reviewer's ratings taught it

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
            "confident": self.confident,
            "source": self.source,
            "n_ratings": self.n_ratings,
            "path": self.path,
            "strict": self.strict,
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
    fall in each class of the rubric (a sentence counts once per class, so a sentence
    that says 下一步,我局将… is one plan, not two).

    The spans `done`, `planned`, `explained`, `concrete`, `condition` are what the checks
    and the evidence highlight; the counts are what `decide` weighs.
    """

    done: list[tuple[int, int]]
    planned: list[tuple[int, int]]
    explained: list[tuple[int, int]]
    concrete: list[tuple[int, int, str]]
    condition: list[tuple[int, int]] = field(default_factory=list)
    pilot: list[tuple[int, int]] = field(default_factory=list)
    n_done: int = 0  # sentences reporting a step taken (not inside an explanation)
    n_planned: int = 0  # sentences planning something (anchored or not)
    n_explained: int = 0  # sentences refusing, deferring, passing on or citing existing policy
    plan_start: int | None = None  # where the next-step part begins, if marked
    n_study: int = 0  # planning sentences that only promise to study (研究论证 …)
    n_anchored: int = 0  # plans with a date, figure, named document or 列入…计划
    n_vague: int = 0  # plans without any of those
    n_weak: int = 0  # sentences stating a difficulty, a cost or another unit's role
    n_difficulty: int = 0  # of those, a difficulty or cost (受…限制, 难以)
    n_condition: int = 0  # conditional promises (待…后, 视情)
    n_pilot: int = 0  # pilots / smaller scope
    n_rollout: int = 0  # a dated full rollout (于2025年全面推行)
    n_context: int = 0  # general past work (近年来 …)
    n_status: int = 0  # a state reported (已达到 …), not a step
    n_covered: int = 0  # sentences saying existing policy already covers the ask
    n_action: int = 0  # done sentences that report a step (已出台, 已委托…开展), not only a state


_SENTENCE = re.compile(r"[^。！!？?\n]+")  # 一是…;二是… stays one sentence
_FOLD = str.maketrans(cues.TRADITIONAL_TO_SIMPLIFIED)
# A figure fact: the clause up to its first figure, shown as the evidence of a
# reported achievement (2023年招收定向医学生860名), at most this many characters.
_FACT_SHOWN = 30
# "已于2017年上线运行" in a reply of 2024 is existing policy, not a step taken for the
# proposal: a done cue dated this many years before the reply counts as existing.
_OLD_YEARS = 2
_DATED_DONE = re.compile(r"已(?:于|在)?\s*((?:19|20)[0-9]{2})\s*年")
# Lines that are page furniture rather than the unit's answer (发布时间: 2024-08-02,
# 来源: …, 浏览次数: …, a signer or a date alone): never read as done work.
_META_LINE = re.compile(
    r"^\s*(?:(?:发布|成文|更新)(?:时间|日期)|来源|信息来源|浏览次数|点击数|索引号|发布机构|责任编辑|作者)\s*[:：]"
    r"|^[ \t]*(?:19|20)[0-9]{2}\s*[-年./][0-9]{1,2}\s*[-月./][0-9]{1,2}\s*日?[ \t]*(?:\n|$)"
)


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


def signals(text: str, year: int | None = None) -> Signals:
    """The cue spans and sentence counts of `text` (cached: the checks and the hint of
    one suggestion ask for the same text). `year` is the reply's year, if known: a done
    cue dated two or more years before it is existing policy."""
    return _signals(text, year)


def _scan(folded: str, fragments: tuple[str, ...]) -> _Spans:
    return _Spans(find_spans(folded, fragments))


@lru_cache(maxsize=64)
def _signals(text: str, year: int | None) -> Signals:
    folded = text.translate(_FOLD)  # one character for one: spans are valid on `text`
    strong = _scan(folded, cues.REFUSAL_CUES + cues.REMIT_CUES + cues.DEFER_CUES + cues.EXISTING_CUES)
    weak = _scan(folded, cues.WEAK_EXPLANATION_CUES)
    lower = _scan(folded, cues.REMIT_ALONE_CUES)
    difficulty = _scan(folded, cues.DIFFICULTY_CUES)
    covered = _scan(folded, cues.COVERAGE_CUES)
    done_all = find_spans(folded, cues.DONE_CUES)
    planned_all = find_spans(folded, cues.PLANNED_CUES)
    condition = _scan(folded, cues.CONDITION_CUES)
    # A phrase counts once, for its most specific reading: 待条件成熟后 is a condition,
    # not a plan; 已将…纳入 is done, not planned; 已明确规定 explains, it is not done.
    done = [d for d in done_all if not strong.overlaps(*d)]
    d_idx = _Spans(done)
    planned = [p for p in planned_all
               if not (strong.overlaps(*p) or d_idx.overlaps(*p) or condition.overlaps(*p) or _after_done(folded, d_idx, p))]
    p_idx = _Spans(planned)
    context = _scan(folded, cues.CONTEXT_CUES)
    status = _scan(folded, cues.STATUS_CUES)
    aspiration = _scan(folded, cues.ASPIRATION_CUES)
    anchors = _Spans([x for x in find_spans(folded, cues.ANCHOR_CUES)
                      if not (folded[x[0]] in "列纳" and aspiration.overlaps(*x))])
    procedure = _scan(folded, cues.PROCEDURE_CUES)
    pilot = _scan(folded, cues.PILOT_CUES)
    rollout = _scan(folded, cues.ROLLOUT_CUES)
    study = _scan(folded, cues.STUDY_CUES)
    running = _scan(folded, cues.RUNNING_CUES)
    concrete = concrete_spans(folded)
    figures = _Spans(find_spans(folded, cues.CONCRETE_CUES["figure"]))
    marker = compiled(cues.NEXT_STEP_MARKERS).search(folded)
    plan_start = marker.start() if marker else None
    old = _Spans([m.span() for m in _DATED_DONE.finditer(folded)
                  if year is not None and int(m.group(1)) <= year - _OLD_YEARS])

    sig = Signals(done, planned, sorted(strong.spans + lower.spans), concrete,
                  list(condition.spans), list(pilot.spans), plan_start=plan_start)
    facts: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(folded):
        a, b = m.span()
        if _META_LINE.match(folded, a):
            continue  # page furniture is no part of the answer
        is_strong = strong.starts_in(a, b) is not None or old.starts_in(a, b) is not None
        is_d = d_idx.starts_in(a, b) is not None
        if not is_strong and lower.starts_in(a, b) is not None:
            # 由属地乡镇政府负责 alone in its sentence: the matter is someone else's
            is_strong = not (is_d or p_idx.starts_in(a, b) is not None or pilot.starts_in(a, b) is not None)
        if is_d and procedure.starts_in(a, b) is not None and figures.starts_in(a, b) is None \
                and p_idx.starts_in(a, b) is None:
            is_d = False  # 已与您沟通 / 收悉: handling the proposal, no step toward the ask
        is_p = p_idx.starts_in(a, b) is not None
        first_c = condition.starts_in(a, b)
        is_c = first_c is not None and (
            p_idx.starts_in(a, b) is not None
            or any(folded.startswith(w, c0) or w in folded[c0:c1]
                   for c0, c1 in _in(condition, a, b) for w in cues.ALWAYS_CONDITIONAL_CUES)
        )
        is_ctx = context.starts_in(a, b) is not None
        is_status = status.starts_in(a, b) is not None
        if not (is_strong or is_p or is_c) and plan_start is not None and a >= plan_start:
            is_p = not is_d  # in the next-step part, a sentence without a cue is still a plan
        if not (is_strong or is_d or is_p or is_c or is_ctx or is_status):
            fig = figures.starts_in(a, b)
            if fig is not None:  # a reported figure, nothing planned: an achievement
                is_d = True
                clause = max(folded.rfind(c, a, fig[0]) for c in ",，;；:：")
                start = clause + 1 if clause >= 0 else a
                start = max(start, fig[1] - _FACT_SHOWN)
                while start < fig[0] and folded[start].isspace():
                    start += 1
                facts.append((start, fig[1]))
        if is_strong:
            # A 已… sentence inside a refusal ("已明确规定…, 暂不作调整") explains; it is
            # not a step taken toward the ask.
            sig.n_explained += 1
            sig.n_covered += covered.starts_in(a, b) is not None
            continue
        sig.n_weak += weak.starts_in(a, b) is not None
        sig.n_difficulty += difficulty.starts_in(a, b) is not None
        sig.n_condition += is_c
        sig.n_context += is_ctx and not is_d
        sig.n_status += is_status and not is_d
        is_pilot = pilot.starts_in(a, b) is not None
        is_rollout = rollout.starts_in(a, b) is not None
        # a pilot run or set (正在/已/选取…开展试点), not one hoped for in a vague plan
        # (积极争取…试点支持)
        is_pilot = is_pilot and (is_d or not is_p or anchors.starts_in(a, b) is not None
                                 or running.starts_in(a, b) is not None)
        sig.n_pilot += is_pilot and not is_rollout
        sig.n_rollout += is_rollout
        sig.n_done += is_d
        # a step, not only a state: a done cue outside every status phrase
        if is_d and any(not status.overlaps(s, e) for s, e in _in(d_idx, a, b)):
            sig.n_action += 1
        if is_p:
            sig.n_planned += 1
            sig.n_study += study.starts_in(a, b) is not None
            if anchors.starts_in(a, b) is not None or figures.starts_in(a, b) is not None or is_rollout:
                sig.n_anchored += 1
            else:
                sig.n_vague += 1
    # general past work (近年来 …) is shown as done work too: it is what was done, even
    # where it does not count as a step toward the ask
    shown = _Spans(sorted(done + [f for f in facts if f[1] > f[0]]))
    sig.done = sorted(shown.spans + [c for c in context.spans if not shown.overlaps(*c)])
    return sig


_CLAUSE_END = ",，;；:：。！!？?\n"


def _after_done(folded: str, done: _Spans, span: tuple[int, int]) -> bool:
    """True for a 将 that follows a done cue in the same clause: "已于2023年7月将额度提高到
    1500元" reports a change made (将 marks the object, as 把 does), it plans nothing."""
    if folded[span[0]] != "将":
        return False
    i = bisect.bisect_left(done.starts, span[0]) - 1
    if i < 0:
        return False
    start = done.spans[i][0]
    return not any(ch in _CLAUSE_END for ch in folded[start : span[0]])


def _in(spans: _Spans, a: int, b: int) -> list[tuple[int, int]]:
    """The spans starting in [a, b)."""
    i = bisect.bisect_left(spans.starts, a)
    j = bisect.bisect_left(spans.starts, b)
    return spans.spans[i:j]


# --- the rule: the rubric, in its order ----------------------------------------------------
@dataclass(frozen=True)
class Decision:
    rating: Rating | None
    path: str  # which branch of the rubric decided (see PATHS)


# Each branch of `decide`, in words (shown by `python -m store.evaluate -v`).
PATHS: dict[str, str] = {
    "refused": "explained: refusal, remit, deferral or existing policy, and no step taken",
    "covered": "explained: existing policy already covers the ask (已基本涵盖)",
    "refused_in_part": "partially: a step taken beside a refusal",
    "pilot": "partially: a pilot or smaller scope, no dated full rollout",
    "conditional": "partially: a conditional promise (待…后, 视情)",
    "done_vague_rest": "partially: work done, the rest only vague or hampered by a difficulty",
    "done": "adopted: done or firmly committed (date, figure, named plan), nothing open",
    "vague_only": "partially (strict: explained): only vague intent",
    "difficulty_only": "explained: only a difficulty stated, nothing planned",
    "other_unit": "explained: only another unit's part stated (由…负责), nothing done or planned",
    "context_only": "adopted: only general past work reported",
    "label_only": "the declared label: the wording has no cue",
}


def decide(sig: Signals, declared: Rating | None = None, strict: bool = False) -> Decision:
    """The rating the wording points to, by the rubric's order (shared/domain.md):

    1. explained when the answer refuses, defers, passes the matter on or cites existing
       policy, and takes no step toward the ask (vague promises beside a refusal do not
       count as a step);
    2. adopted when work is done or firmly committed with an anchor and nothing is left
       open: no refusal, pilot, condition, and vague plans do not outweigh the rest;
    3. partially adopted for everything between. A vague promise alone is partially
       adopted, or explained under the strict variant (`strict=True`).
    The declared label only breaks a tie: it decides when the wording has no cue.
    """
    if sig.n_covered and not sig.n_anchored:
        return Decision(Rating.EXPLAINED, "covered")
    if sig.n_explained:
        # beside a refusal, a state (截至…已全部…, a figure) is the situation, not a step
        steps = sig.n_action + sig.n_anchored
        if steps or sig.n_pilot:
            return Decision(Rating.PARTIALLY_ADOPTED, "refused_in_part")
        return Decision(Rating.EXPLAINED, "refused")
    steps = sig.n_done + sig.n_anchored
    if sig.n_pilot and not sig.n_rollout:
        return Decision(Rating.PARTIALLY_ADOPTED, "pilot")
    if sig.n_condition:
        return Decision(Rating.PARTIALLY_ADOPTED, "conditional")
    if steps:
        if sig.n_difficulty or (sig.n_vague and (sig.n_weak or sig.n_vague >= steps or (sig.n_study and not sig.n_anchored))):
            return Decision(Rating.PARTIALLY_ADOPTED, "done_vague_rest")
        return Decision(Rating.ADOPTED, "done")
    if sig.n_vague:
        return Decision(Rating.EXPLAINED if strict else Rating.PARTIALLY_ADOPTED, "vague_only")
    if sig.n_difficulty:
        return Decision(Rating.EXPLAINED, "difficulty_only")
    if sig.n_weak:
        return Decision(Rating.EXPLAINED, "other_unit")
    if sig.n_context or sig.n_status:
        return Decision(Rating.ADOPTED, "context_only")
    if declared is not None:
        return Decision(declared, "label_only")
    return Decision(None, "label_only")


# How often each branch was right on the development data only (recorded when the rules
# were last changed): the development fixtures (python -m store.evaluate --only
# development -v: 180 suggestions) and the development half of the private collection
# of real published replies (scripts/measure_real_aids.py hints … --only dev: 43
# suggestions): (right, cases). A hint's confidence is that record, Laplace-smoothed:
# (right + 1) / (cases + 2), so a branch never seen is 0.5. A hint is shown as
# confident only when its branch reaches CONFIDENT_AT on at least CONFIDENT_MIN_CASES
# cases: a perfect record on a handful of cases proves little. The fresh fixtures and
# the held-out real replies then check that the confident hints hold up.
PATH_RECORD: dict[str, tuple[int, int]] = {
    "refused": (55, 55),
    "covered": (4, 4),
    "refused_in_part": (7, 7),
    "pilot": (10, 12),
    "conditional": (14, 16),
    "done_vague_rest": (10, 10),
    "done": (83, 90),
    "vague_only": (22, 23),
    "difficulty_only": (0, 0),
    "other_unit": (1, 2),
    "context_only": (0, 0),
    "label_only": (1, 4),
}
# Under the strict variant vague_only means explained; its record against the strict
# hand ratings of the development fixtures (fixtures/strict-ratings.yaml).
PATH_RECORD_STRICT: dict[str, tuple[int, int]] = {"vague_only": (15, 18)}
CONFIDENT_AT = 0.9
CONFIDENT_MIN_CASES = 15


def path_confidence(path: str, strict: bool = False) -> tuple[float, bool]:
    """(confidence, shown as confident) of a branch of `decide`."""
    right, cases = (PATH_RECORD_STRICT.get(path) if strict else None) or PATH_RECORD.get(path, (0, 0))
    confidence = (right + 1) / (cases + 2)
    return round(confidence, 2), confidence >= CONFIDENT_AT and cases >= CONFIDENT_MIN_CASES


def _reply_year(reply: Reply | None) -> int | None:
    date = getattr(reply, "date", None) if reply is not None else None
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def suggest_rating(reply: Reply | None, suggestion: Suggestion, scheme: str = "default",
                   strict: bool = False) -> Hint | None:
    """A suggested rating for one suggestion, or None when its text gives nothing to go by
    and the reply declares no label the scheme knows. `strict` is the stricter variant of
    the rubric: a vague promise alone is explained."""
    _get_scheme(scheme)  # an unknown scheme is an error even when there is no label
    text = suggestion.text or ""
    declared_label = reply.declared_result if reply is not None else None
    declared = map_label(declared_label, scheme)
    sig = signals(text, _reply_year(reply))
    decision = decide(sig, declared, strict)
    if decision.rating is None:
        return None
    confidence, confident = path_confidence(decision.path, strict)
    evidence: list[Evidence] = []
    for kind, spans in (("done", sig.done), ("planned", sig.planned), ("explained", sig.explained),
                        ("condition", sig.condition)):
        evidence.extend(Evidence(s, e, kind, text[s:e]) for s, e in spans)
    evidence.extend(Evidence(s, e, "concrete_measure", text[s:e]) for s, e, _k in sig.concrete)
    evidence.sort(key=lambda ev: (ev.start, ev.end, ev.kind))
    if declared_label and declared is not None:
        evidence.insert(0, Evidence(0, 0, "declared_label", declared_label))
    return Hint(decision.rating, confidence, evidence, scheme, declared_label, declared,
                confident=confident, path=decision.path, strict=strict)


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
    done, planned, explained, condition = (
        _examples(hint, k, ", " if en else "、") for k in ("done", "planned", "explained", "condition")
    )
    if explained:
        parts.append(f"explanation or refusal ({explained})" if en else f"有解释或不能办理的说明({explained})")
    if done:
        parts.append(f"work done ({done})" if en else f"有已完成事项({done})")
    if planned:
        parts.append(f"next steps planned ({planned})" if en else f"有下一步安排({planned})")
    if condition:
        parts.append(f"on a condition ({condition})" if en else f"附条件({condition})")
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
