"""The end of a reply: closing (thanks), signer, signature date, contacts and legends.

The signature date anchors the tail: walking back from the last line over what can
follow a signature (contacts, 抄送, legends, notes, the page's leftovers), the first
line that is only a date is the signature date, however many contact lines follow it
and even when the date does not exist ("2024年6月31日": still the date line, reported
as impossible). Above it stand the signer (one unit, a joint signature on one line, or
units on consecutive lines) and the closing lines (thanks, 特此答复, 以上答复…, 此致 /
敬礼). Without a date the tail is found by walking back over lines that belong to a
reply's ending, as before. Walking back from the end, rather than forward from the body,
keeps a thanks sentence or a unit name inside the body from cutting it short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DATE_RE, date_shape, find_date, match_to_iso, split_trailing_date
from .parse_fields import CONTACT_KEYS, is_key_line
from .textclean import fold

_SENTENCE_PUNCT = re.compile(r"[。,;:!?、“”\"]")
# (society, 社会, is no 会: "公开范围:面向社会", a page's field, above a title is no letterhead)
_UNIT_SUFFIX = re.compile(
    r"(?:委员会|委|局|厅|办公室|办|政府|中心|部|院|署|公司|集团|所|(?<!社)会|处|站|馆|队|司|行|室"
    r"|联合会|协会|学校|大学|医院|管委会|管理委员会|党组|科|组)$"
)
_SEAL = re.compile(r"\s*[(（【\[]?\s*(?:盖章|印章|代章|章|公章|签章)\s*[)）】\]]?$")
_THANKS = re.compile(r"^(?:最后,|同时,)?(?:衷心|非常|再次|诚挚|真诚|十分)?(?:地)?(?:感谢|谢谢)")
_THANKS_AGAIN = ("再次感谢", "再次衷心感谢", "最后,再次感谢")
_THANKS_LOOSE = re.compile(r"感谢.{0,60}(?:关心|支持|关注|理解|指导|帮助)")
# The thanks at the line's end: "最后,对您提出的宝贵意见和建议,再次表示感谢。"
_THANKS_AT_END = re.compile(
    r"^(?:最后,|同时,)?对[^。!]{0,40}(?:意见|建议|关心|支持|关注)[^。!]{0,8}?(?:再次)?表示(?:衷心|诚挚|真诚)?的?(?:感谢|谢意)[。!]?$"
)
# Also after "最后," and with a warm adverb: "最后,恳请各位委员…关心支持…", "热诚欢迎您…监督…".
_WISH = re.compile(
    r"^(?:最后,|同时,)?(?:热诚|热忱|诚挚|真诚)?(?:希望|欢迎|恳请|敬请|请)[^。]{0,60}(?:关心|支持|关注|指导|意见|建议)"
)
_SO_REPLIED = re.compile(
    r"^(?:特此|专此|谨此)(?:函复|答复|复函|回复|函告|函达|说明)[。!]?$|^此(?:复|函)[。]?$|^专此[。]?$"
    r"|^以上(?:意见|情况)?(?:仅)?供(?:参考|你局参考|你委参考|参阅)[。]?$"
    # A co-handler's "以上意见,请综合考虑。" / "以上意见,请酌处。" closes it the same way.
    r"|^以上(?:意见|情况),?请(?:综合考虑|酌处|酌定|参酌)[。]?$"
)
_LEGEND = re.compile(r"^(?:注|备注|附注|说明|附|主题词|校对|印发|送)\s*[:：]|^[A-D](?:类|级)?\s*[:：、.=—\-]|^附件")
# Closing lines other than thanks: courtesy formulas, requests for feedback, sign-off notes,
# and a proposer's evaluation printed after the reply.
_CLOSING = re.compile(
    r"^(?:此致|敬礼|此致敬礼|顺祝|顺颂|顺致|祝)[^。]{0,16}$"
    r"|^以上(?:答复|意见|情况|内容供|函复|回复|办理情况|是我|为我|供)"
    r"|(?:如有|有何)(?:任何)?(?:意见|建议|不妥|不同意见).{0,40}(?:反馈|联系|沟通|指正|征询意见表|寄回|改进)"
    # "对以上答复还有什么意见或建议,请在《…反馈意见表》中反馈我们。"
    r"|^对以上(?:答复|意见|办理情况).{0,12}(?:意见|建议).{0,40}(?:反馈|联系|沟通|意见表)"
    r"|(?:已经|经).{0,12}(?:审签|签发|审定)"
    # "此答复函已经X主任审核,并经…审签": 审核 only where the letter says it of itself (a body
    # sentence may say a plan "经…审核后实施").
    r"|^此(?:答复函|答复|复函|函|件)已?经.{0,12}审核"
    # "妥否,请批评指正。": a co-handler's or a unit's modest sign-off.
    r"|^妥否[,;]?请(?:批评)?指正"
    # "为尽快获知…,请你们将《…征询意见表》填写后于6月10日前反馈…": the feedback form's request.
    r"|请(?:你们|您|各位委员|各位代表)?将?《[^》]{0,40}(?:意见表|回执)》.{0,30}(?:反馈|寄回|寄送|交回|送)"
    r"|(?:对此件|对本件)?办理(?:结果|情况)(?:的)?评价|满意度测评"
    # A published notice's last field: "人大代表对办理情况:满意" / "提案者对办理情况:基本满意".
    r"|^.{0,8}对办理情况(?:的评价)?:\s*(?:满意|基本满意|不满意|理解)"
    # "此页无正文。": the printed letter's last page holds only the signature.
    r"|^此页无正文[。.]?$"
)
# Every _CLOSING line has one of these (a cheap test first).
_CLOSING_HINT = re.compile(r"^[此敬顺祝以妥]|^对以上|如有|有何|审签|签发|审定|审核|评价|满意度|对办理情况|意见表》|回执》")
# Lines that may follow a signature date: labels with values (also a label whose name
# was lost, ": 李丽红  联系电话: …"), short notes, separators.
_AFTER_DATE = re.compile(r"^.{0,12}[:：]|^[(（【\[]|^\|")
# "(此件主动公开)", but not a "(一)" / "(1)" marker.
_NOTE_IN_BRACKETS = re.compile(r"^\((?![一二三四五六七八九十0-9]{1,3}\)).{2,80}\)$")
# A reply's tail is a dozen lines at most (legend, contacts, distribution); the cap keeps
# a text made of thousands of tail-like lines from being scanned line by line.
_TAIL_MAX_LINES = 60


def strip_seal(line: str) -> str:
    """"上海市交通委员会（盖章）" -> "上海市交通委员会"."""
    return _SEAL.sub("", line).strip()


def is_thanks(folded: str) -> bool:
    if len(folded) > 120:
        # "再次感谢X代表对…的关心和支持!…欢迎您继续…监督和指导。": thanks said again close the letter at any
        # length a closing paragraph has.
        return len(folded) <= 240 and folded.startswith(_THANKS_AGAIN) and _THANKS_LOOSE.search(folded[:80]) is not None
    if "感谢" in folded or "谢谢" in folded:
        return (_THANKS.match(folded) is not None or _THANKS_LOOSE.search(folded) is not None
                or (len(folded) <= 60 and _THANKS_AT_END.match(folded) is not None))
    return folded[:1] in "希欢恳敬请最同热诚真" and _WISH.match(folded) is not None


def is_so_replied(folded: str) -> bool:
    return len(folded) <= 16 and _SO_REPLIED.match(folded) is not None


def is_closing(folded: str) -> bool:
    """A closing line: thanks, 特此答复, 以上答复…, 此致 / 敬礼, a request for feedback."""
    if is_thanks(folded) or is_so_replied(folded):
        return True
    return len(folded) <= 160 and _CLOSING_HINT.search(folded) is not None and _CLOSING.search(folded) is not None


def _short_name(folded: str) -> str | None:
    """The line without a seal mark, if it is short and has no sentence punctuation:
    the shape of a signer's line. None otherwise."""
    if len(folded) > 60:
        return None
    name = strip_seal(folded)
    if 2 <= len(name) <= 40 and not _SENTENCE_PUNCT.search(name):
        return name
    return None


# A section's number at a line's start ("(二)专业队", "三、服务中心"): a heading, which no unit's name opens with.
_OUTLINE_MARK = re.compile(r"^(?:\([一二三四五六七八九十0-9]{1,3}\)|[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.、])")


def is_unit_name(folded: str) -> bool:
    """A short line without sentence punctuation that ends like a unit's name (not a numbered heading)."""
    name = _short_name(folded)
    return name is not None and _UNIT_SUFFIX.search(name) is not None and _OUTLINE_MARK.match(name) is None


_TWO_CJK = re.compile(r"[\u4e00-\u9fff]{2}")


# A mirror site's spam put where a signer stood ("彩票app"): Chinese words run into a Latin word, which no
# signer's name ends with (a name carrying other marks, "X市[b]Y委[/b]", is still its signer).
# (no [\u4e00-\u9fff] class: each builds a 64k table when compiled; docs/parsing-real-replies.md, Speed)
_LATIN = re.compile(r"^[^\x00-\x7f]{2,}[A-Za-z]{2,}$")


def _loose_signer(folded: str) -> bool:
    """A line directly above the signature date: short, no punctuation, some CJK (also spaced out
    character by character: "财 政 部")."""
    name = _short_name(folded)
    return (
        name is not None
        and _TWO_CJK.search(closed_up(name)) is not None
        and not is_so_replied(folded)
    )


def closed_up(name: str) -> str:
    """A name printed one character at a time ("财 政 部") closed up; any other text as it is."""
    parts = name.split()
    return "".join(parts) if len(parts) > 1 and all(len(p) == 1 for p in parts) else name


# A signature date the page garbled to its last characters ("0二十六日"): still the date's line.
_DATE_REMNANT = re.compile(r"^[0-9〇○零一二三四五六七八九十]{1,8}[日号]$")


# The first characters of a contact label, where the page was cut ("联" of 联系电话).
_CUT_LABELS = frozenset(k[:n] for k in CONTACT_KEYS for n in (1, 2, 3) if n < len(k))


def _is_tail_line(folded: str) -> bool:
    return (
        (len(folded) <= 3 and folded in _CUT_LABELS)
        # A page number or a cut leftover of the site's text under the letter ("365").
        or (len(folded) <= 4 and folded.isdigit())
        or date_shape(folded)[0]
        or (len(folded) <= 9 and _DATE_REMNANT.match(folded) is not None)
        or is_unit_name(folded)
        or is_key_line(folded)
        or is_closing(folded)
        or (len(folded) <= 400 and _LEGEND.match(folded) is not None)
        or _NOTE_IN_BRACKETS.match(folded) is not None
        or _signer_with_date(folded) is not None
        or PAGE_STAMP.fullmatch(folded) is not None
    )


# The page's publication stamp under the letter ("2017-12-15 13:37:05"): the site's, not the letter's text.
PAGE_STAMP = re.compile(r"(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}\s[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")


# The printing line at the foot of an official document: "X局办公室  2023年5月30日印发".
_PRINTED = re.compile(r"^\S{2,30}\s+\S{4,16}印发$")


def unit_before_contacts(line: str) -> str | None:
    """The signer printed with its contacts after it on one line, under the date ("舞钢市教育体育局  联系电话:
    3303606 联系人:刘熠"; since p35b): the unit, when the rest of the line is contact fields."""
    if ":" not in line and "：" not in line:
        return None
    words = line.strip().split(maxsplit=1)
    if len(words) < 2:
        return None
    unit, rest = words
    return unit if is_unit_name(fold(unit)) and is_key_line(fold(rest)) else None


def _may_follow_date(folded: str) -> bool:
    """A line that can stand after a signature date: contacts, 抄送, legends, notes, the
    printing line (the caller has already seen that it is no date line)."""
    return (
        len(folded) <= 12
        or unit_before_contacts(folded) is not None
        or (folded[-2:] == "印发" and _PRINTED.match(folded) is not None)
        or (len(folded) <= 160 and _AFTER_DATE.match(folded) is not None)
        or is_key_line(folded)
        or is_unit_name(folded)
        or (len(folded) <= 400 and _LEGEND.match(folded) is not None)
        or _NOTE_IN_BRACKETS.match(folded) is not None
        or is_closing(folded)
    )


def split_signers(line: str) -> list[str]:
    """The units of a signer line: one, or several side by side (a joint signature)."""
    parts = line.split()
    if len(parts) > 1 and all(is_unit_name(p) for p in parts):
        return parts
    return [line]


def _signer_with_date(folded: str) -> tuple[int, str] | None:
    """(offset of the date, ISO) for "上海市交通委员会 2024年3月5日" on one line."""
    trailing = split_trailing_date(folded)
    if trailing is not None and is_unit_name(folded[: trailing[0]].strip()):
        return trailing
    return None


_ISO_END = re.compile(r"[12][0-9]{3}[-./][0-9]{1,2}[-./][0-9]{1,2}\W*$")


def _contact_with_date(folded: str) -> tuple[int, str] | None:
    """(offset of the date, ISO) for "联 系 人:陈 香  2022年6月29日": a contact line with the
    signature date of the column beside it glued on (two columns copied as one line)."""
    # Cheap tests first: most contact lines end with a phone number or a name, not a date.
    end = folded[-12:]
    if "年" not in end and _ISO_END.search(end) is None:
        return None
    if ":" not in folded or not is_key_line(folded):
        return None
    trailing = split_trailing_date(folded)
    if trailing is None or not folded[: trailing[0]].endswith((" ", "\u3000", "\t")):
        return None
    return trailing


def _date_then_contact(folded: str) -> tuple[int, str] | None:
    """(0, ISO) for "2024年5月6日 承办单位联系人姓名及电话:王岩…": the signature date with a
    contact line glued after it."""
    if ":" not in folded or not folded[:1].isdigit():
        return None
    match = DATE_RE.match(folded)
    if match is None or not folded[match.end() : match.end() + 1].isspace():
        return None
    iso = match_to_iso(match)
    return (0, iso) if iso and is_key_line(folded[match.end() :].strip()) else None


def _date_beside_contact(folded: str) -> tuple[int, str] | None:
    return _contact_with_date(folded) or _date_then_contact(folded)


def _glued_signer(line: str, folded: str) -> str | None:
    """The unit glued after a contact's value: "领导签名:张其明 禾侯县文化体育和旅游局"."""
    if ":" not in folded or not is_key_line(folded):
        return None
    words = line.split()
    if len(words) < 2 or ":" in fold(words[-1]) or not is_unit_name(fold(words[-1])):
        return None
    return words[-1]


def without_glued_column(key: str, value: str) -> str:
    """A tail contact's value without the signer or date of the column beside it; a unit
    is cut off a person's field only (抄报:"县政府办 县政协提案委" lists two units)."""
    if " " not in value and "\u3000" not in value:
        return value
    trailing = split_trailing_date(fold(value))
    if trailing is not None and trailing[0] > 0:
        return value[: trailing[0]].strip()
    words = value.split()
    if ("人" in key or "签" in key) and len(words) >= 2 and is_unit_name(fold(words[-1])):
        return value[: value.rindex(words[-1])].strip()
    return value


@dataclass
class Tail:
    start: int  # index of the first tail line (== end of the body)
    handler: str | None
    date: str | None
    closing: str | None
    signed: bool = False  # the handler comes from a signature
    date_impossible: bool = False  # the signature date line names no calendar date
    co_signers: list[str] = field(default_factory=list)  # other units of a joint signature


# A signature date the page cut inside its day, on the page's last line ("2022年8月2"): the tail's
# anchor, though no date can be read from it (the day may have had a second digit).
_CUT_DATE = re.compile(r"(?:19|20)[0-9]{2}\s?年\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}")
# The signature date cut to its year on the last line ("槐山县交通运输局" / "2023年"): a date line, no date.
_CUT_TO_YEAR = re.compile(r"(?:19|20)[0-9]{2}\s?年")
# A contact label whose first characters the page lost ("人:靳军辉" for 联系人).
_LABEL_ENDS = frozenset(k[-n:] for k in CONTACT_KEYS for n in (1, 2) if n < len(k))


def _cut_label_line(folded: str) -> bool:
    label, colon, _value = folded[:4].partition(":")
    return bool(colon) and label in _LABEL_ENDS and len(folded) <= 40


def _is_cut_date(text: str) -> bool:
    if text[-1:].isdigit():
        return _CUT_DATE.fullmatch(text) is not None
    return text[-1:] == "年" and _CUT_TO_YEAR.fullmatch(text) is not None


def _anchor(folded: list[str], floor: int) -> int | None:
    """The signature date line: walking back from the end over what may follow it; or,
    when a page prints other text after the letter (a site's blurb), a date line right
    under a unit's name."""
    n = len(folded)
    low = max(floor, n - _TAIL_MAX_LINES)
    for i in range(n - 1, low - 1, -1):
        text = folded[i]
        if date_shape(text)[0] or _signer_with_date(text) is not None or _date_beside_contact(text) is not None:
            return i
        if i == n - 1 and _is_cut_date(text) and (text[-1:].isdigit() or (i > floor and is_unit_name(folded[i - 1]))):
            # (a year alone only right under the unit's name: "槐山县交通运输局" / "2023年")
            return i
        if not _may_follow_date(text):
            break
    for i in range(n - 1, max(low, floor + 1) - 1, -1):
        if (date_shape(folded[i])[0] or _lost_day_mark(folded[i], i, n) is not None) and (
            is_unit_name(folded[i - 1])
            or is_closing(folded[i - 1])
            # "附:委员提案办理情况征询意见表" between the closing and the date; the form follows.
            or (folded[i - 1][:1] == "附" and _LEGEND.match(folded[i - 1]) is not None)
        ):
            return i
    return None


def find_tail(lines: list[str], folded: list[str], floor: int) -> Tail:
    """The tail of the reply; it never reaches above line `floor` (the body start)."""
    n = len(lines)
    anchor = _anchor(folded, floor)
    tail = _signed_tail(lines, folded, floor, anchor) if anchor is not None else _unsigned_tail(lines, folded, floor)
    closing = None
    for j in range(tail.start, n):
        if is_thanks(folded[j]):
            closing = lines[j]
            break
    if closing is None:
        for j in range(tail.start, n):
            if is_so_replied(folded[j]):
                closing = lines[j]
                break
    tail.closing = closing
    return tail


def _lost_day_mark(folded: str, i: int, n: int) -> str | None:
    """"2019年6月13" on a line of its own with lines under it (领导签发:…, 联系人…): a signature date that lost its
    日 mark (not cut by the page, which ends further down): its ISO date, or None."""
    if i == n - 1 or not folded[-1:].isdigit() or _CUT_DATE.fullmatch(folded) is None:
        return None
    return find_date(folded + "日")  # (None for a day no calendar has)


def _signed_tail(lines: list[str], folded: list[str], floor: int, d: int) -> Tail:
    shaped, iso = date_shape(folded[d])
    lost_mark = None if shaped else _lost_day_mark(folded[d], d, len(folded))
    if lost_mark is not None:
        shaped, iso = True, lost_mark
    cut = not shaped and d == len(folded) - 1 and _is_cut_date(folded[d])
    shaped = shaped or cut
    while shaped and d - 1 > floor and folded[d - 1] == folded[d]:
        d -= 1  # the signature date printed twice ("2018年3月6日" / "2018年3月6日")
    handler = None
    co: list[str] = []
    start = d
    glued = None if shaped else _date_beside_contact(folded[d])
    if glued is not None:
        # "领导签名:X  Y局" / "联系人:Z  2022年6月29日": the signer and date stand beside contacts.
        iso = glued[1]
        handler = _glued_signer(lines[d - 1], folded[d - 1]) if d - 1 >= floor else None
        start = d - 1 if handler is not None else d
    elif not shaped:
        offset, iso = _signer_with_date(folded[d])  # type: ignore[misc]
        units = split_signers(strip_seal(lines[d][:offset].strip()))
        handler, co = units[0], units[1:]
    else:
        above = d - 1
        if above >= floor and _loose_signer(folded[above]) and not is_key_line(folded[above]) and not is_closing(
            folded[above]
        ):
            top = above
            # A joint signature lists the lead unit first.
            while top - 1 >= floor and top > above - 2 and is_unit_name(folded[top - 1]):
                top -= 1
            units = split_signers(closed_up(strip_seal(lines[top])))
            handler, co = units[0], units[1:]
            if _LATIN.search(handler):
                handler, co = None, []  # spam in the signer's place: a tail line that names no one
            start = top
        else:
            # the signer under the date with its contacts after it (a page that put the columns in another order)
            for j in range(d + 1, min(d + 3, len(lines))):
                handler = unit_before_contacts(lines[j])
                if handler is not None:
                    break
    k = start - 1
    while k >= floor and (
        is_closing(folded[k])
        or is_key_line(folded[k])
        or _cut_label_line(folded[k])
        or (len(folded[k]) <= 400 and _LEGEND.match(folded[k]) is not None)
        or _NOTE_IN_BRACKETS.match(folded[k]) is not None
    ):
        k -= 1
    return Tail(
        start=k + 1,
        handler=handler,
        date=iso,
        closing=None,
        signed=handler is not None,
        date_impossible=shaped and iso is None and not cut,
        co_signers=co,
    )


# The last line of a page cut inside the tail: a few characters of a signer, a label or a date ("卢氏县住房",
# "联 系", "2022年6"), without a sentence's punctuation.
_CUT_FRAGMENT = re.compile(r"[^。,;:!?、]{1,12}")


def _cut_fragment(folded: list[str], i: int, floor: int) -> bool:
    """The text's last line is a fragment the page cut, under a line of the tail (a closing, a field, a signer)."""
    return (
        i == len(folded) - 1
        and i - 1 >= floor
        and _CUT_FRAGMENT.fullmatch(folded[i].strip()) is not None
        and _is_tail_line(folded[i - 1])
    )


def _unsigned_tail(lines: list[str], folded: list[str], floor: int) -> Tail:
    n = len(lines)
    start = n
    i = n - 1
    while i >= max(floor, n - _TAIL_MAX_LINES):
        if _is_tail_line(folded[i]) or _cut_fragment(folded, i, floor):
            start = i
        else:
            break
        i -= 1
    handler = None
    for j in range(n - 1, start - 1, -1):
        if is_unit_name(folded[j]) and not is_key_line(folded[j]):
            handler = strip_seal(lines[j])
            break
    return Tail(start=start, handler=handler, date=None, closing=None, signed=handler is not None)
