"""Cue features of the bundled model: a few general patterns of how real replies explain.

The bundled model (`base_model`) reads character 1-3-grams, which see 财力 and 难以 but not
that they belong together, nor that a promise waits on money the unit says it cannot find.
These patterns add that, as yes/no features whose weights the model learns from the hand
ratings (so a pattern that does not separate the classes gets a weight near zero). Issue 13,
sixth round: written as general readings of the rubric's explained class (a refusal on
means, policy or law; the matter someone else's; a wait on what the unit cannot provide; the
ask already met; a plea for understanding), then kept only because leave-one-collection-out
validation on the real collections (scripts/validate_aids.py) said they help out of fold.

Each pattern runs on the folded (simplified) text; gaps are bounded negated classes, so every
pattern is linear-time.
"""

from __future__ import annotations

import re

_G = "[^。；;！？\n]{0,12}"  # a gap inside one clause
MODEL_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(p)) for name, p in (
    # no means: the money, the budget, the land is not there
    ("no_means", rf"(财力|财政|资金|经费|用地){_G}(困难|紧张|难以|无法|不足|有限|缺口|没有|尚无|无力|不能|承担不了)"
                 rf"|(没有|尚无|暂无|无){_G}(资金|经费|项目|用地)"),
    # not now: a refusal or a postponement in so many words
    ("not_now", r"暂时?(不能|无法|没有|不具备|难以|未能|不予|不再|不作|不考虑)|目前(没有|无|尚无|暂无|还没有|不具备)"
                r"|不具备[^。；;\n]{0,6}条件|短期内[^。；;\n]{0,8}(难以|困难|无法)"),
    # someone else's: the matter belongs to, or can only be done by, another body
    ("elsewhere", rf"只能(由|靠|向)|(审批权|事权|职责|权限){_G}(在|属于|归)|属于{_G}(事权|职责|范围|权限)"
                  rf"|对口部门|配合部门|(由|归){_G}(负责|管理|审批|实施|决定)|以{_G}答复(意见)?为准|建议您?向"),
    # not allowed: law, policy or a plan forbids it
    ("not_allowed", rf"不符合{_G}(政策|规定|条件|要求|规划)|禁止|没有{_G}(法律|政策)?依据|无权|不得|不能对"),
    # waits on what the unit does not control: money, a project, approval to come first
    ("waits_on_others", rf"(待|等|如果?|若){_G}(资金|项目|经费|立项|批准|下达|到位|争取到){_G}(后|时|的话)"
                        rf"|(如|若)有{_G}(项目|资金)"),
    # already met or covered: nothing new to do
    ("already_met", rf"已(基本)?(满足|覆盖|涵盖|实现全覆盖)|也是这样做的|(现行|已有){_G}(政策|规定|制度){_G}(涵盖|明确|规定)"),
    # a plea for understanding or patience
    ("understanding", r"(理解|谅解|包涵|包函)|耐心等待"),
    # a plan only to seek, lobby or report upwards
    ("seek_upwards", rf"(积极|继续|努力){_G}(争取|向上|对上|申报|汇报|反映)"),
))


# Issue 13, ninth round: how the section is built, as the rules read it (store/aids/signals.py), in the
# rubric's decisive terms: a part refused beside a step taken; a step taken with the rest left vague, to a
# condition or a difficulty; only a preparatory step; older general work. Yes/no, so the model weighs each
# the way the hand ratings do. Kept because leave-one-collection-out said they help on the collections
# whose text the rules were never tuned on (k, s, q: docs/reading-aids.md, "Ninth round"); the shares of
# firm and vague sentences, and the rules' branch as a feature, helped only where the rules were tuned
# (r, f, g, h) and were dropped.
STRUCTURE = ("refused_in_part", "done_rest_open", "prepared_only", "past_context")


def structure(text: str) -> list[float]:
    """The STRUCTURE features of `text` (folded), in that order."""
    from .signals import signals  # (the rules' reading; imported when the model first needs it)

    s = signals(text)
    steps = s.n_done + s.n_anchored + s.n_prep + s.n_own_act
    return [1.0 if s.n_explained and steps else 0.0,
            1.0 if s.n_done and (s.n_vague or s.n_open or s.n_condition or s.n_remainder or s.n_difficulty) else 0.0,
            1.0 if s.n_prep and not s.n_action and not s.n_dated else 0.0,
            1.0 if s.n_context or s.n_past_action else 0.0]


def cue_vector(text: str) -> list[float]:
    """1.0 for each pattern found in `text` (folded), else 0.0, in MODEL_CUES order, then the
    STRUCTURE features."""
    return [1.0 if pattern.search(text) else 0.0 for _name, pattern in MODEL_CUES] + structure(text)


def cue_names() -> list[str]:
    return [name for name, _pattern in MODEL_CUES] + list(STRUCTURE)
