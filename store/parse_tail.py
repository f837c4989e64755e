"""The end of a reply: closing (thanks), signer, signature date, contacts and legends.

The tail is found by walking back from the last line over lines that belong to a
reply's ending (dates, unit names, "联系人:" fields, "特此答复", legends such as
"A类:…", "(此件主动公开)"); the first line that is none of these is the last line of
the body. Walking back from the end, rather than forward from the body, keeps a
thanks sentence or a unit name inside the body from cutting it short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.dates import date_line, split_trailing_date
from store.parse_fields import is_key_line

_SENTENCE_PUNCT = re.compile(r"[。,;:!?、“”\"]")
_UNIT_SUFFIX = re.compile(
    r"(?:委员会|委|局|厅|办公室|办|政府|中心|部|院|署|公司|集团|所|会|处|站|馆|队|司|行|室"
    r"|联合会|协会|学校|大学|医院|管委会|管理委员会|党组|科|组)$"
)
_SEAL = re.compile(r"\s*[(（【\[]?\s*(?:盖章|印章|章|公章|签章)\s*[)）】\]]?$")
_THANKS = re.compile(r"^(?:衷心|非常|再次|诚挚|真诚|十分)?(?:地)?(?:感谢|谢谢)")
_THANKS_LOOSE = re.compile(r"感谢.{0,60}(?:关心|支持|关注|理解|指导|帮助)")
_WISH = re.compile(r"^(?:希望|欢迎|恳请|敬请|请)[^。]{0,60}(?:关心|支持|关注|指导|意见|建议)")
_SO_REPLIED = re.compile(
    r"^(?:特此|专此|谨此)(?:函复|答复|复函|回复|函告|说明)[。!]?$|^此复[。]?$"
    r"|^以上(?:意见|情况)?(?:仅)?供(?:参考|你局参考|你委参考|参阅)[。]?$"
    # A co-handler's "以上意见,请综合考虑。" / "以上意见,请酌处。" closes it the same way.
    r"|^以上(?:意见|情况),?请(?:综合考虑|酌处|酌定|参酌)[。]?$"
)
_LEGEND = re.compile(r"^(?:注|备注|附注|说明|附)\s*[:：]|^[A-D](?:类|级)?\s*[:：、.=—\-]|^附件")
# "(此件主动公开)", but not a "(一)" / "(1)" marker.
_NOTE_IN_BRACKETS = re.compile(r"^\((?![一二三四五六七八九十0-9]{1,3}\)).{2,80}\)$")
# A reply's tail is a dozen lines at most (legend, contacts, distribution); the cap keeps
# a text made of thousands of tail-like lines from being scanned line by line.
_TAIL_MAX_LINES = 60


def strip_seal(line: str) -> str:
    """"上海市交通委员会（盖章）" -> "上海市交通委员会"."""
    return _SEAL.sub("", line).strip()


def is_thanks(folded: str) -> bool:
    return len(folded) <= 120 and (
        _THANKS.match(folded) is not None
        or _THANKS_LOOSE.search(folded) is not None
        or _WISH.match(folded) is not None
    )


def is_so_replied(folded: str) -> bool:
    return len(folded) <= 16 and _SO_REPLIED.match(folded) is not None


def _short_name(folded: str) -> str | None:
    """The line without a seal mark, if it is short and has no sentence punctuation:
    the shape of a signer's line. None otherwise."""
    if len(folded) > 60:
        return None
    name = strip_seal(folded)
    if 2 <= len(name) <= 40 and not _SENTENCE_PUNCT.search(name):
        return name
    return None


def is_unit_name(folded: str) -> bool:
    """A short line without sentence punctuation that ends like a unit's name."""
    name = _short_name(folded)
    return name is not None and _UNIT_SUFFIX.search(name) is not None


def _loose_signer(folded: str) -> bool:
    """A line directly above the signature date: short, no punctuation, some CJK."""
    name = _short_name(folded)
    return (
        name is not None
        and re.search(r"[\u4e00-\u9fff]{2}", name) is not None
        and not is_so_replied(folded)
    )


def _is_tail_line(folded: str) -> bool:
    return (
        date_line(folded) is not None
        or is_unit_name(folded)
        or is_key_line(folded)
        or is_thanks(folded)
        or is_so_replied(folded)
        or (len(folded) <= 400 and _LEGEND.match(folded) is not None)
        or _NOTE_IN_BRACKETS.match(folded) is not None
        or _signer_with_date(folded) is not None
    )


def _signer_with_date(folded: str) -> tuple[int, str] | None:
    """(offset of the date, ISO) for "上海市交通委员会 2024年3月5日" on one line."""
    trailing = split_trailing_date(folded)
    if trailing is not None and is_unit_name(folded[: trailing[0]].strip()):
        return trailing
    return None


@dataclass
class Tail:
    start: int  # index of the first tail line (== end of the body)
    handler: str | None
    date: str | None
    closing: str | None


def find_tail(lines: list[str], folded: list[str], floor: int) -> Tail:
    """The tail of the reply; it never reaches above line `floor` (the body start)."""
    n = len(lines)
    start = n
    i = n - 1
    while i >= max(floor, n - _TAIL_MAX_LINES):
        text = folded[i]
        if _is_tail_line(text):
            start = i
        elif i + 1 < n and date_line(folded[i + 1]) and _loose_signer(text):
            start = i  # the signer line above a date need not look like a unit name
        else:
            break
        i -= 1

    handler = date = closing = None
    fallback_date = None
    for j in range(start, n):
        text = folded[j]
        iso = date_line(text)
        if iso is not None:
            above = j - 1
            if above >= start and _loose_signer(folded[above]) and not is_key_line(folded[above]):
                top = above
                # A joint signature lists the lead unit first.
                while top - 1 >= start and top > above - 2 and is_unit_name(folded[top - 1]):
                    top -= 1
                handler, date = strip_seal(lines[top]), iso
                break
            fallback_date = fallback_date or iso
            continue
        combined = _signer_with_date(text)
        if combined is not None:
            handler = strip_seal(lines[j][: combined[0]].strip())
            date = combined[1]
            break
    date = date or fallback_date
    if handler is None:
        for j in range(n - 1, start - 1, -1):
            if is_unit_name(folded[j]) and not is_key_line(folded[j]):
                handler = strip_seal(lines[j])
                break
    for j in range(start, n):
        if is_thanks(folded[j]):
            closing = lines[j]
            break
    if closing is None:
        for j in range(start, n):
            if is_so_replied(folded[j]):
                closing = lines[j]
                break
    return Tail(start=start, handler=handler, date=date, closing=closing)
