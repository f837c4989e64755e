"""The kind of reply: an answer, a co-handler's opinion to the lead unit, or a follow-up answer."""

from __future__ import annotations

import re

from ..model import ReplyKind

# ("我单位协助贵单位办理的“…”提案": an assisting unit's answer to the lead unit; "…第741号建议会办工作的意见";
# "…办理情况函告如下,请综合后一并答复代表。": the lead unit is asked to fold it into its answer.)
_CO_HANDLER_OPINION = re.compile(
    r"会办意见|协办意见|会办的意见|协办的意见|(?:会办|协办)工作的意见|协助(?:贵|你)单位办理|请综合后一并答复"
    # "X局关于协助办理市政协…第2024067号提案的答复", addressed to the lead unit: the assisting unit's part
    r"|关于协助办理"
    # "…第1155号建议的协办答复" (a title), "现将我区汇办意见函告如下" (汇办, another word for 会办), "我局作为协办单位
    # 答复如下": the unit speaks as the assisting one
    r"|(?:协办|会办)答复|汇办(?:的)?意见|作为(?:协办|会办)单位"
)
# "现就…第3189号建议提出办理意见:" opening a letter to no one (or to a unit): an opinion on another's answer, of a
# proposal it names (not "现就您提出的建议提出办理意见", nor under "X代表:": those speak to the member).
_OPINION_ON_A_PROPOSAL = re.compile(r"^现就(?![^。;:]*[您你])[^。;:]{2,80}?(?:建议|提案)[,]?提出(?:如下|以下)?办理意见")
# "…由我局主办,A、B会办。…各会办单位…提出会办意见": the lead unit speaks of the others' opinions.
_WE_LEAD = re.compile(r"由我[局委厅办部]主办")
# "…结合A、B的协办意见,答复如下" / "…并综合A和B的会办意见,现答复如下": the lead unit folds the named units'
# opinions into its own answer, which is a reply ("请综合后一并答复", "结合我局职能提出会办意见" are a
# co-handler's: a request, or no unit's name before the opinion).
_FOLDS_OPINIONS = re.compile(
    r"(?<!请)(?:综合|结合|汇总|吸收|吸纳)了?[^,。;:!?我]{1,80}?(?:[局委厅办部院会处站队署室馆府联协司]|中心)"
    r"(?:等(?:有关|相关)?(?:单位|部门))?的?(?:会办|协办)(?:单位)?的?意见"
)
# "…的答复(合办)" over a salutation to a unit ("禾区团委:"): a co-handling unit's part, marked in its title and sent
# to the lead unit (a 会办 or 合办 unit's answer to the member is a reply).
_CO_HANDLING_MARK = re.compile(r"[(\[【](?:合办|会办|协办)[)\]】]")
# "…收悉,经认真研究,我办提出如下答复意见,供考虑。" to a unit ("省扶贫办:"): an opinion offered to the lead unit
# for its answer (a reply to a member answers; it offers nothing "for consideration").
_OFFERED_FOR_CONSIDERATION = re.compile(r"提出(?:如下|以下)[^,。;:]{0,6}意见[,]?(?:仅)?供(?:你们|你单位|贵单位|你局|贵局)?(?:参考|考虑|研究|参阅)")
_FOLLOW_UP = re.compile(r"再次答复|再次办理|跟踪办理|重新办理|二次答复|续办|现续复如下|的续复")


def detect_kind(folded_head: list[str], to_unit: bool = False, saluted: bool = True) -> ReplyKind:
    """The kind of reply from the header, title line and opening (never the body); to_unit: the letter
    salutes a unit, not a member or a deputy; saluted: it salutes someone."""
    for text in folded_head:
        text = text[:500]
        if "意见" in text:
            text = _FOLDS_OPINIONS.sub("", text)
        if _CO_HANDLER_OPINION.search(text) and not _WE_LEAD.search(text):
            return ReplyKind.CO_HANDLER_OPINION
        if (to_unit or not saluted) and _OPINION_ON_A_PROPOSAL.match(text):
            return ReplyKind.CO_HANDLER_OPINION
        if to_unit and (_CO_HANDLING_MARK.search(text) or _OFFERED_FOR_CONSIDERATION.search(text)):
            return ReplyKind.CO_HANDLER_OPINION
    for text in folded_head:
        if _FOLLOW_UP.search(text[:500]):
            return ReplyKind.FOLLOW_UP
    return ReplyKind.REPLY
