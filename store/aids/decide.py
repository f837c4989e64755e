"""The rubric's rule: from a text's `Signals` to a rating, in the rubric's order, naming
the branch that decided (`PATHS`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Rating
from .signals import Signals


# --- the rule: the rubric, in its order ----------------------------------------------------
@dataclass(frozen=True)
class Decision:
    rating: Rating | None
    path: str  # which branch of the rubric decided (see PATHS)


# Each branch of `decide`, in words (shown by `python -m cppcc_review.store.aids.evaluate -v`).
PATHS: dict[str, str] = {
    "refused": "explained: refusal, remit, deferral or existing policy, and no step taken",
    "covered": "explained: existing policy already covers the ask (已基本涵盖)",
    "refused_in_part": "partially: a step taken beside a refusal",
    "pilot": "partially: a pilot or smaller scope, no dated full rollout",
    "conditional": "partially: a conditional promise (待…后, 视情)",
    "waits_unable": "explained: waits for money or approval the unit says it cannot provide, nothing done",
    "done_vague_rest": "partially: work done, the rest only vague or hampered by a difficulty",
    "prepared": "partially: only preparatory steps taken (已启动研究论证, 已上报纳入项目库)",
    "done": "adopted: a step reported done (已出台, 已委托…开展), nothing left open",
    "done_state": "adopted: a state or a figure reported (已达100%, 招收860名), no step named, nothing open",
    "committed": "adopted: nothing done yet, but firmly committed (a date, a figure, a named plan)",
    "vague_only": "partially (strict: explained): only vague intent",
    "concrete_plan": "partially: only a plan naming a defined act, with no date, figure or named plan",
    "difficulty_only": "explained: only a difficulty stated, nothing planned",
    "other_unit": "explained: only another unit's part stated (由…负责), nothing done or planned",
    "context_only": "explained: only general past work reported (近年来…), no step for the ask",
    "state_only": "adopted: only a state reported (普及率已达98%), no general past work",
    "label_only": "the declared label: the wording has no cue",
    "intent_only": "partially (strict: explained): no cue, only intent stated in the present tense (切实做好…)",
    "measures_only": "adopted: no cue and no label, only measures described in the present tense",
    "background": "explained: a section headed as background (基本情况, 概况, 背景, 现状), nothing planned",
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
        # ... nor the unit's own act on another part of the ask (对该裂缝加固处理, 项目正在
        # 申报中: a refusal of one part beside work on another is partial)
        steps = sig.n_action - sig.n_past_action + sig.n_anchored + sig.n_prep + sig.n_own_act
        if steps or sig.n_pilot:
            return Decision(Rating.PARTIALLY_ADOPTED, "refused_in_part")
        # 暂不能解决…待上级有这方面的投资,我们将优先解决: not now, but the unit promises to do the ask once money
        # or approval comes: a conditional promise (a deferral with no condition, or one only to apply again, explains)
        if sig.n_deferred_act and not sig.n_unable:
            return Decision(Rating.PARTIALLY_ADOPTED, "conditional")
        return Decision(Rating.EXPLAINED, "refused")
    steps = sig.n_done + sig.n_anchored
    if sig.n_pilot and not sig.n_rollout:
        return Decision(Rating.PARTIALLY_ADOPTED, "pilot")
    if sig.n_condition:
        return _conditional(sig, strict)
    if sig.n_prep and not sig.n_action and not sig.n_dated:
        # 已启动研究论证, 已上报纳入项目库, 已选出点位供…参考: the ask prepared, not done
        # (已完成选址, 将于年内建成投用: dated, it is committed)
        return Decision(Rating.PARTIALLY_ADOPTED, "prepared")
    if steps:
        # the ask put into a named plan or project (已纳入…规划) is done (the rubric's 已纳入…计划): a difficulty
        # or vague words about pursuing it (积极争取资金, 力争早日落地) leave nothing of the ask open; a
        # remainder named (二期, 其余) does
        rest_open = sig.n_difficulty or (sig.n_open and (sig.n_weak or sig.n_open >= steps or (sig.n_study and not sig.n_anchored)))
        if sig.n_remainder or (rest_open and not sig.n_included):
            return Decision(Rating.PARTIALLY_ADOPTED, "done_vague_rest")
        # the same rating, told apart because their records differ: a step reported (已出台,
        # 已委托…开展) is far surer than a state or a figure alone (已达100%), or a plan
        # that is anchored but not yet done
        if sig.n_action:
            return Decision(Rating.ADOPTED, "done")
        if sig.n_done:
            return Decision(Rating.ADOPTED, "done_state")
        return Decision(Rating.ADOPTED, "committed")
    if sig.n_vague or sig.n_continuation:  # "continuing" what nothing reports done is vague
        return Decision(Rating.EXPLAINED if strict else Rating.PARTIALLY_ADOPTED, "vague_only")
    if sig.n_concrete_plan:
        return Decision(Rating.PARTIALLY_ADOPTED, "concrete_plan")
    if sig.n_difficulty:
        return Decision(Rating.EXPLAINED, "difficulty_only")
    if sig.n_weak:
        return Decision(Rating.EXPLAINED, "other_unit")
    if sig.n_context:
        # general past work alone (近年来…, 累计…, 一直以来…) is context, not adoption (the rubric; h60: on the
        # fixtures and the real collections it was explained 6 times, adopted once, partially once)
        return Decision(Rating.EXPLAINED, "context_only")
    if sig.n_status:
        return Decision(Rating.ADOPTED, "state_only")
    if declared is not None:
        return Decision(declared, "label_only")
    if sig.n_intent and not sig.n_measure:
        # 镇充分认识…重要性, 切实做好…工作: intent in the present tense, with neither 已 nor
        # 将, is a vague promise
        return Decision(Rating.EXPLAINED if strict else Rating.PARTIALLY_ADOPTED, "intent_only")
    if sig.n_measure:
        return Decision(Rating.ADOPTED, "measures_only")
    return Decision(None, "label_only")


def _conditional(sig: Signals, strict: bool) -> Decision:
    """The rating of a promise on a condition (待…后, 视情), nothing refused."""
    # 县财政无法筹集资金…, 待项目资金下达之后立即拓宽: the condition is someone else's to
    # meet and nothing is done; a promise on it explains why not (the consensus of two
    # raters on real replies), unless the unit has taken a step of its own
    if sig.n_unable and not (sig.n_done or sig.n_prep or sig.n_anchored):
        return Decision(Rating.EXPLAINED, "waits_unable")
    # Under the strict rubric a vague promise alone is explained; a condition put before it (待条件成熟后逐步推进,
    # 视情况研究, 适时增加) does not make it firmer: nothing done, nothing anchored, nothing defined, only an
    # open act (研究, 逐步, 适时, 争取) on a condition (sc36)
    # (not the rest of work partly done: 其余村将视条件逐步推进)
    if strict and sig.n_open and not (sig.n_done or sig.n_prep or sig.n_anchored or sig.n_concrete_plan
                                      or sig.n_status or sig.n_fact or sig.n_deferred_act or sig.n_remainder):
        return Decision(Rating.EXPLAINED, "conditional")
    return Decision(Rating.PARTIALLY_ADOPTED, "conditional")
