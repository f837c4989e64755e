"""Suggested ratings with the evidence behind them, by the rubric (shared/domain.md,
"How one response is rated").

`suggest_rating(reply, suggestion, scheme, strict=False)` reads one suggestion's
response and says which of the three ratings its wording points to, with every phrase
it relied on as an `Evidence` span (offsets into `suggestion.text`), so the TUI can
highlight them and the reviewer can see *why*. It only advises: nothing is rated until
the reviewer accepts.

Each sentence of the response is put in the rubric's classes, from the cue lists of
`cppcc_review.store.aids.cues`:
- explanation: a refusal (不具备可行性, 暂不作调整, 原则上不再新设, 无权自行调整), the
  matter outside the unit's remit or passed on (属于区级事权, 由省委组织部统一制定…
  我局将积极配合, 已将…转送), a deferral (留作参考, 暂不单独制定) or existing policy
  (现行政策已基本涵盖, 已明确规定). A 已… sentence inside such a sentence explains;
- a step taken (已出台, 已委托…开展, a reported figure) or a state (截至…已全部…);
- a plan, anchored (a date, a figure, 《a named document》, 列入…计划) or vague
  (研究, 探索, 积极, 争取, 适时, 逐步 … with no anchor);
- a pilot or smaller scope (试点, 试行), unless a full rollout is dated; a condition
  (待…后, 条件成熟, 视情); a difficulty (受…限制, 难以); another unit's part (由…负责);
- of the plans without an anchor, those that name a defined act (将把签约服务延伸到工业
  园区), that only keep up work done (将继续加强巡查) or that leave the rest open (推进二期
  建设, 剩余…) are told apart from vague intent.
`decide` then applies the rubric in its order (explained, adopted, partially), with the
strict variant as a switch, and names the branch it took (`PATHS`). The declared result
label, mapped through a named scheme, only breaks a tie: it decides when the wording has
no cue at all.

`suggest_rating` combines this reading with the bundled model, trained on the samples and the
real development ratings (`cppcc_review.store.aids.base_model`; `base="rules"` gives the rules
alone): leave-one-collection-out on real replies showed the two together carrying over to unseen
text better than either (scripts/validate_aids.py). Since round h70 the combination is learned
(`cppcc_review.store.aids.combiner`: the branch taken, the sentence counts and the model's
probabilities, weighed by a small model trained on real hand ratings) instead of a fixed vote of
the rules (`blend_decision`, kept to replay first-measure records). Where the combiner is not asked
(a declared label alone, a section headed as background, general past work alone: `combiner.RULES_STAND`
and `combiner.RUBRIC_STANDS`) and for the rules alone, a hint's
confidence is the lowest of its branch's records: on the development data (`PATH_RECORD`), the
first times the rules met text they had never seen (`FIRST_RUN_RECORD`) and on real replies out
of fold (`REAL_RECORD`); a branch is shown as confident only where all three reach 90% on enough
cases (none does). A combined hint's confidence is the combiner's probability; it is confident
from `confidence.COMBINED_CONFIDENT` (calibrated out of fold on the real collections).
`python -m cppcc_review.store.aids.evaluate` and scripts/measure_real_aids.py measure them.
Learning from a reviewer's own ratings is `cppcc_review.store.aids.hint_learner`.

This module is the hint's public face: it puts the parts together and re-exports what
callers use. The parts: `signals` (reading the sentences; `clauses` for how a sentence's
clauses relate, `spans` for finding cues, `fold` for traditional characters), `decide`
(the rule), `confidence` (the branches' records), `hint` (the Hint, its evidence and
explanation), `schemes` (declared labels), `base_model` (the bundled model), `combiner` (the two readings made one).
"""
from __future__ import annotations

import re

from ..model import Rating, Reply, Suggestion
from ..traditional_fold import fold
from . import base_model, combiner
from .confidence import PATH_RECORD, combined_confident, path_confidence, wilson_lower
from .decide import PATHS, Decision, decide
from .hint import EVIDENCE_KINDS, SOURCE_LEARNED, SOURCE_MODEL, SOURCE_RULES, SOURCE_STRICT_LEAN, Evidence, Hint
from .schemes import SCHEMES, get_scheme, map_label, scheme_names
from .signals import Signals, signals
from .spans import concrete_spans, find_spans

__all__ = [
    "BASES", "BASE_BLEND", "BASE_RULES", "EVIDENCE_KINDS", "PATHS", "PATH_RECORD", "SCHEMES", "SOURCE_LEARNED",
    "SOURCE_MODEL", "SOURCE_RULES", "SOURCE_STRICT_LEAN", "Decision", "Evidence", "Hint", "Signals", "blend_decision",
    "concrete_spans", "decide", "find_spans", "map_label", "model_probabilities", "path_confidence", "reading", "reply_year", "scheme_names", "signals", "suggest_rating",
    "wilson_lower",
]

# What suggest_rating answers with: the blend of the rules and the bundled model (the
# default: it generalised best to real replies never read, scripts/validate_aids.py), or the
# rules alone.
BASE_BLEND, BASE_RULES = "blend", "rules"
BASES = (BASE_BLEND, BASE_RULES)


def reply_year(reply: Reply | None) -> int | None:
    date = getattr(reply, "date", None) if reply is not None else None
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


# A section the letter heads as background (一、基本情况 / 龙津桥的基本概况 / 所涉及工作的相关背景情况 / 全区…现状)
# describes the situation before the answer: what it reports is context, not a step taken for the ask (the rubric:
# work or policy that already exists is explained). Not a heading that restates the ask (关于改善…现状), and not a
# section that plans something itself (h36, read on real-fresh-35..38: t008, t017, f020; no fixture has one).
BACKGROUND_WORDS = ("基本情况", "概况", "背景情况", "背景", "现状")


def background_heading(words: tuple[str, ...] = BACKGROUND_WORDS) -> re.Pattern[str]:
    """A heading that ends in one of `words` (…基本情况, 全区…现状介绍); the checks read one more word (check_wording)."""
    return re.compile("(?:" + "|".join(words) + r")(?:介绍|简介)?[。:：\s]*$")


_BACKGROUND_HEADING = background_heading()
# 一、关于增设停车位的建议 / (二)关于…: a heading that names the ask (also read by the checks, check_wording)
ASK_HEADING = re.compile(r"[\s一二三四五六七八九十0-9０-９、.．()（）]*关于")


def background_section(heading: str | None, sig: Signals) -> bool:
    """Whether the section is headed as background and plans nothing of its own."""
    heading = (heading or "").strip()
    return (bool(heading) and _BACKGROUND_HEADING.search(heading) is not None
            and ASK_HEADING.match(heading) is None and not sig.planned and not sig.condition)


def blend_decision(model_p: dict[Rating, float], decision: Decision,
                   rules_weight: float = base_model.BLEND_RULES_WEIGHT,
                   explained_weight: float = base_model.EXPLAINED_RULES_WEIGHT) -> tuple[Rating, float]:
    """The fixed blend's rating and its score: the model's probabilities with the rules' rating as a vote
    (`explained_weight` where the rules explain, `rules_weight` elsewhere). The hints' way until round h70
    (the combiner replaced it); kept so that scripts/real_records.py can replay the first-measure records
    of collections measured with it, at other weights too, and scripts/train_combiner.py --loco can
    compare."""
    weight = explained_weight if decision.rating == Rating.EXPLAINED else rules_weight
    rating, score = base_model.blend(model_p, decision.rating, weight)
    if decision.path == "done" and rating == Rating.PARTIALLY_ADOPTED and decision.rating is not None:
        # a step reported done with nothing left open, which the model reads as partial: the rules' reading
        # (hd37; on the real development collections the model's partial was right 7 times in 24 there)
        rating, score = decision.rating, base_model.blend_scores(model_p, decision.rating, weight)[decision.rating]
    return rating, score


def reading(reply: Reply | None, suggestion: Suggestion, scheme: str = "default",
            strict: bool = False) -> tuple[str, str | None, Rating | None, Signals, Decision]:
    """What the rules read in one suggestion: (its text, the reply's declared label, that label through
    `scheme`, the signals, the rule's decision). Shared by `suggest_rating` and the combiner's training
    (scripts/train_combiner.py), so that the combiner learns from exactly what it is given."""
    get_scheme(scheme)  # an unknown scheme is an error even when there is no label
    text = suggestion.text or ""
    declared_label = reply.declared_result if reply is not None else None
    declared = map_label(declared_label, scheme)
    sig = signals(text, reply_year(reply))
    decision = decide(sig, declared, strict)
    if decision.rating is not None and background_section(suggestion.heading, sig):
        decision = Decision(Rating.EXPLAINED, "background")
    return text, declared_label, declared, sig, decision


def model_probabilities(text: str, declared: Rating | None) -> dict[Rating, float]:
    """The bundled model's reading of one suggestion's text (folded as it was trained), the reply's declared class
    (through the reviewer's scheme) as its prior. Its weights are read on the first call, never at start-up."""
    return base_model.load().probabilities(fold(text), declared)


def suggest_rating(reply: Reply | None, suggestion: Suggestion, scheme: str = "default",
                   strict: bool = False, base: str = BASE_BLEND) -> Hint | None:
    """A suggested rating for one suggestion, or None when its text gives nothing to go by
    and the reply declares no label the scheme knows. `strict` is the stricter variant of
    the rubric: a vague promise alone is explained.

    `base` "blend" (the default) weighs the rules' reading with the model trained on the
    bundled samples (cppcc_review.store.aids.base_model, its weights read on the first call): the model's probabilities,
    the rules' rating as a small vote. Where the model outvotes the rules the hint's source
    is "model" and `rules_rating` keeps what the rules read; the evidence spans are the
    phrases the rules read either way. `base` "rules", and the strict variant (the model
    learned the default rubric), give the rules alone."""
    if base not in BASES:
        raise ValueError(f"unknown hint base {base!r}; known: {', '.join(BASES)}")
    text, declared_label, declared, sig, decision = reading(reply, suggestion, scheme, strict)
    if decision.rating is None:
        # the rules read nothing and the reply declares no label the scheme knows: the bundled model still
        # reads the text (h60: a section with no hint is a section the reviewer gets no second reading of),
        # through the combiner, which knows the rules found nothing. Its path, "model_only", is no branch of
        # `decide` (PATHS): the model's reading alone, always weak.
        if base == BASE_BLEND and not strict and text.strip():
            rating, score = combiner.load().rating(decision, sig, model_probabilities(text, declared))
            return Hint(rating, round(score, 2), [], scheme, declared_label, None, confident=False,
                        path="model_only", strict=False, source=SOURCE_MODEL, rules_rating=None)
        return None
    confidence, confident = path_confidence(decision.path, strict)
    evidence: list[Evidence] = []
    for kind, spans in (("done", sig.done), ("context", sig.context), ("planned", sig.planned),
                        ("explained", sig.explained), ("condition", sig.condition)):
        evidence.extend(Evidence(s, e, kind, text[s:e]) for s, e in spans)
    evidence.extend(Evidence(s, e, "concrete_measure", text[s:e]) for s, e, _k in sig.concrete)
    evidence.sort(key=lambda ev: (ev.start, ev.end, ev.kind))
    if declared_label and declared is not None:
        evidence.insert(0, Evidence(0, 0, "declared_label", declared_label))
    rating, source = decision.rating, SOURCE_RULES
    if base == BASE_BLEND and not strict and combiner.applies(decision):
        # (the weights are read on the first hint, never at start-up: base_model.load, combiner.load)
        # (the reply's declared class is the model's prior, through the reviewer's scheme: issue 13, eleventh round)
        rating, score = combiner.load().rating(decision, sig, model_probabilities(text, declared))
        source = SOURCE_RULES if rating == decision.rating else SOURCE_MODEL
        # confident where the combiner's probability reaches a band calibrated out of fold on real
        # replies (confidence.COMBINED_CONFIDENT)
        confidence, confident = round(score, 2), combined_confident(score)
    return Hint(rating, confidence, evidence, scheme, declared_label, declared,
                confident=confident, path=decision.path, strict=strict, source=source,
                rules_rating=decision.rating)
