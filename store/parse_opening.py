"""The top of a reply: salutation, proposers, opening line, proposal title, kind and
co-handlers.

Decisions (documented here because reviewers see their effect):
- Proposers come from the salutation. "马青、周丽等委员:" gives ["马青", "周丽"]: the
  names as written; "等" (and others) and the role word 委员 / 代表 / 同志 are dropped
  because the list holds who is named, not how many signed. A group or sector
  ("九三学社界别:", "民盟市委:") is one proposer, kept whole. "委员:" with the name
  removed gives no proposer.
- A co-handler's opinion (会办意见 / 协办意见) is addressed to the lead unit, so its
  salutation names no proposer; the proposers are then read from the opening
  ("…王立新委员提出的…提案"), or left empty.
"""

from __future__ import annotations

import re

from store.model import ReplyKind
from store.textclean import fold  # at module level: a per-call import cost 3 µs a fold

_SALUTATION_MAX = 50
_OPENING_HINT = re.compile(r"收悉|如下|悉|答复|函复|复函|提案|建议|意见")
_TITLE_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"), ('"', '"'))
# Role words removed from a named person in a salutation, longest first.
_ROLES = ("等委员", "等代表", "等同志", "委员", "代表", "同志", "先生", "女士", "老师")
_PERSON_SPLIT = re.compile(r"[、,;，；]")


# Short lines ending with a colon that introduce content rather than address anyone.
_NOT_ADDRESSEES = frozenset(
    "建议 意见 办法 措施 内容 情况 问题 理由 附件 说明 备注 注 具体建议 主要建议 工作建议 对策建议".split()
)


def is_salutation(folded: str) -> bool:
    """A short line ending with a colon that addresses someone ("九三学社界别:")."""
    if not folded.endswith(":") or len(folded) > _SALUTATION_MAX:
        return False
    body = folded[:-1].strip()
    if not body or "如下" in body or "。" in body or ":" in body or body in _NOT_ADDRESSEES:
        return False
    if re.search(r"[一二三四五六七八九十]是|^[一二三四五六七八九十]+、|^\(", body):
        return False
    return re.search(r"[\u4e00-\u9fff]", body) is not None


def proposers_from_salutation(salutation: str) -> list[str]:
    """Named proposers of a salutation line (see the module docstring)."""
    body = salutation.rstrip(":：").strip()
    # Not "致": 致公党 is a party.
    for prefix in ("尊敬的各位", "尊敬的", "尊敬"):
        if body.startswith(prefix):
            body = body[len(prefix) :]
            break
    out: list[str] = []
    for part in _PERSON_SPLIT.split(body):
        name = part.strip()
        folded = fold(name)  # 委員 / 代錶 in traditional text
        for role in _ROLES:
            if folded.endswith(role):
                name = name[: -len(role)]
                break
        name = name.removesuffix("等").strip()
        if name:
            out.append(name)
    return out


_OPENING_PROPOSER = re.compile(r"(?:等)?(?:委员|代表)(?:提出|所提|领衔|联名)")
_NAME_STOP = set("的由将是对就把在。,;:!?“”《》\"() ")


def proposers_from_opening(opening: str, folded: str) -> list[str]:
    """Names before "委员提出的" in an opening (used for co-handler opinions)."""
    match = _OPENING_PROPOSER.search(folded[:500])
    if not match:
        return []
    begin = match.start()
    while begin > 0 and match.start() - begin < 30 and folded[begin - 1] not in _NAME_STOP:
        begin -= 1
    return proposers_from_salutation(opening[begin : match.start()])


def looks_like_opening(folded: str) -> bool:
    return _OPENING_HINT.search(folded[:300]) is not None


def ends_with_as_follows(folded: str) -> bool:
    return folded.rstrip().endswith(("如下:", "如下", "如下。"))


_UNQUOTED_TITLE = re.compile(r"关于[^。;:!?“”《》\"]{2,80}?(?:的提案|提案|的建议|建议)")


def title_from_opening(opening: str, folded: str) -> str | None:
    """The proposal title quoted in the opening, or an unquoted "关于…的提案"."""
    head = opening[:1000]
    for left, right in _TITLE_QUOTES:
        start = head.find(left)
        if start < 0:
            continue
        end = head.find(right, start + 1)
        if end > start + 1:
            title = head[start + 1 : end].strip()
            if len(title) >= 4:
                return title
    match = _UNQUOTED_TITLE.search(folded[:1000])
    if match:
        return opening[match.start() : match.end()]
    return None


_TITLE_LINE_END = re.compile(
    r"(?:的)?(?:答复|答复函|答复意见|复函|会办意见|协办意见|办理意见|再次答复|办理情况)$"
)


def is_title_line(folded: str) -> bool:
    """"关于对政协十届三次会议第52号提案的答复" and similar header titles."""
    text = folded.rstrip("。 ")
    return (
        len(text) <= 120
        and text.startswith(("关于", "对"))
        and "。" not in text
        and _TITLE_LINE_END.search(text) is not None
    )


def title_from_title_line(line: str, folded: str) -> str | None:
    """The proposal title a title line names: a quoted title, else the line's core
    ("关于对政协十届三次会议第52号提案的答复" -> "政协十届三次会议第52号提案")."""
    head = line[:1000]
    for left, right in _TITLE_QUOTES:
        start = head.find(left)
        end = head.find(right, start + 1) if start >= 0 else -1
        if end > start + 1:
            return head[start + 1 : end].strip() or None
    text = line.rstrip("。 ")
    core_end = _TITLE_LINE_END.search(folded.rstrip("。 "))
    if core_end:
        text = text[: core_end.start()]
    folded_text = folded[: len(text)]
    for prefix in ("关于对", "关于", "对"):
        if folded_text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.strip() or None


_CO_HANDLER_OPINION = re.compile(r"会办意见|协办意见|会办的意见|协办的意见")
_FOLLOW_UP = re.compile(r"再次答复|再次办理|跟踪办理|重新办理|二次答复|续办")


def detect_kind(folded_head: list[str]) -> ReplyKind:
    """The kind of reply from the header, title line and opening (never the body)."""
    for text in folded_head:
        if _CO_HANDLER_OPINION.search(text[:500]):
            return ReplyKind.CO_HANDLER_OPINION
    for text in folded_head:
        if _FOLLOW_UP.search(text[:500]):
            return ReplyKind.FOLLOW_UP
    return ReplyKind.REPLY


# "我委会同市教委、市国资委、市人才局等单位" / "由我局主办,市财政局、市人社局会办".
_CO_WITH = re.compile(
    r"会同(?P<units>[^,。;:!?等]{2,80}?)"
    r"(?:等(?:有关|相关)?(?:单位|部门|委办局)?|[,。;]|进行|共同|认真|对|就|开展|研究|围绕|深入|$)"
)
_CO_ASSIGNED = re.compile(r"主办[,;]?(?P<units>[^,。;:!?]{2,80}?)(?:等(?:单位|部门))?(?:会办|协办)")
# Units are separated by 、 or a comma, and the last one often by 及 / 以及
# ("会同市教育局、市财政局及各区文化主管部门"): each match is one unit's span.
_UNIT_PART = re.compile(r"(?:(?!以及|及)[^、,])+")
# The addressee of a co-handler's opinion ("你局", "贵委") is not a co-handler.
_PRONOUN_UNIT = re.compile(r"[你贵](?:局|委|厅|办|部|院|会|中心|单位|部门)")
_GENERIC_UNITS = frozenset(
    {"有关部门", "相关部门", "相关单位", "有关单位", "各区", "各有关单位", "各相关部门", "相关委办局"}
)


def co_handlers(lines: list[str], folded: list[str]) -> list[str]:
    """Co-handlers named in the preamble, as written, in order; [] if none."""
    for line, text in zip(lines, folded, strict=True):
        head = text[:1000]
        match = _CO_WITH.search(head) or _CO_ASSIGNED.search(head)
        if not match:
            continue
        start = match.start("units")
        units: list[str] = []
        for part in _UNIT_PART.finditer(head[start : match.end("units")]):
            original = line[start + part.start() : start + part.end()].strip()
            if original.startswith("我"):
                continue
            pronoun = _PRONOUN_UNIT.match(fold(original))
            if pronoun is not None:
                # The addressee ("会同你局、市商务局") is skipped; "会同你局统筹使用中央、
                # 省级…资金" ran past the units into the clause: nothing after is a unit.
                if pronoun.end() < len(original):
                    break
                continue
            if 2 <= len(original) <= 20 and fold(original) not in _GENERIC_UNITS:
                units.append(original)
        if units:
            return units
    return []
