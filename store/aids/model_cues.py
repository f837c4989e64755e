"""Cue features of the bundled model: a few general patterns of how real replies explain.

The bundled model (`base_model`) reads character 1-3-grams, which see 财力 and 难以 but not
that they belong together, nor that a promise waits on money the unit says it cannot find.
These patterns add that, as yes/no features whose weights the model learns from the hand
ratings (so a pattern that does not separate the classes gets a weight near zero). Issue 13,
sixth round: written as general readings of the rubric's explained class (a refusal on
means, policy or law; the matter someone else's; a wait on what the unit cannot provide; the
ask already met; a plea for understanding), then kept only because leave-one-collection-out
validation on the real collections (scripts/validate_aids.py) said they help out of fold.
Seventh round: five more from real-fresh-6's explained answers (another body's remit in a longer
clause, a redirect to the proposer or another body, a standard or rule that forbids it, a
helper's part only, praise with no act), each kept only where the five collections it was not
drawn from lean explained where it fires; with them the blend found 43 of 67 explained answers
out of fold against 38 without them (same weights and lean procedure; 179 against 176 right).

Each pattern runs on the folded (simplified) text; gaps are bounded negated classes, so every
pattern is linear-time.
"""

from __future__ import annotations

import re

_G = "[^。；;！？\n]{0,12}"  # a gap inside one clause
_L = "[^。；;！？\n]{0,40}"  # a longer gap inside one clause (names of standards, bodies)
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
    # Issue 13, seventh round: read from the explained answers of real-fresh-6 (the s fold) that the
    # hints missed, and kept only where the five collections they were not drawn from (r, f, g, h,
    # k) lean explained too where the pattern fires (there: not_our_remit 2 A / 0 P / 5 E,
    # redirect 4/10/10, against_the_rules 1/2/3, helper_only 0/3/6, praise_only 1/3/3, against
    # 21% explained overall). Three more were written and dropped for want of that support:
    # existing provision restated (现有…可满足, 已有…规程: 1/2/0), no budget line (0 hits) and
    # general measures already taken (已采取多项措施: 1 hit).
    # outside the unit's remit, in the words of a wider clause than `elsewhere`
    ("not_our_remit", rf"不在{_G}(职责|职能|管辖|权限|业务)范围|不属于{_G}(我|本)(局|委|厅|办|单位|部门)"
                      rf"|由{_L}统一(安排|配备|组织|部署|审批|负责|规划)|由{_L}(配合|协调)?(负责|实施|审批|决定)"),
    # the unit asks the proposer or another body to act: a redirect, not a step of its own
    ("redirect", rf"(^|[。；;，,：:\n])(请|建议)(?!很|非常|中肯|收悉|的|内容|已|中|提出|办理|答复)"
                 rf"|可(由|向){_G}(申报|申请|反映|报告|立项|咨询)|(向|报送|提请|报请){_G}(政府|上级){_G}(汇报|报告|审议|研究|决定)"),
    # refused against a standard, a law or a rule in so many words (a wider clause than `not_allowed`)
    ("against_the_rules", rf"不符合{_L}(标准|规范|规定|条件|要求|政策)|不予(?!以?理睬)|违法|非法|(无|没有)(此类?|该)?先例"
                          r"|不具备[^。；;\n]{0,12}条件"),
    # the unit offers only a helper's part
    ("helper_only", rf"(将|会){_G}(积极|全力|主动)?(配合|协助|支持配合)|做好(配合|协调|指导)(服务)?"),
    # praise and a call to work together, no act
    ("praise_only", r"建议(很好|非常好|很有意义|非常中肯|很中肯|十分中肯)|(共同|携手|一起)(努力|奋斗)"),
))


def cue_vector(text: str) -> list[float]:
    """1.0 for each pattern found in `text` (folded), else 0.0, in MODEL_CUES order."""
    return [1.0 if pattern.search(text) else 0.0 for _name, pattern in MODEL_CUES]


def cue_names() -> list[str]:
    return [name for name, _pattern in MODEL_CUES]
