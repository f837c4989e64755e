"""The head of a reply: page metadata, the salutation, the reply's title lines, the opening,
where the body starts; whether the text is a reply at all; a second copy of the letter
printed under the first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import NotAReplyError
from ..model import ReplyKind
from .dates import CLOCK, date_line, find_date, leading_date
from .parse_fields import (
    META_KEYS,
    PROPOSAL_KEYS,
    find_doc_no,
    folded_key,
    is_key_line,
    key_values,
)
from .parse_lines import split_line
from .parse_meta import Meta, read_metadata
from .parse_tail import is_thanks, is_unit_name
from .refusals import Refusal
from .reply_proposers import is_addressee, is_bare_salutation, is_salutation
from .reply_title import ends_with_as_follows, is_title_line, looks_like_opening, title_line_unit
from .textclean import BYLINE, fold

_SALUTATION_WINDOW = 15  # a salutation is near the top, or followed by an opening
HEADER_MAX_LINES = 60  # header fields sit above the salutation; no real header is longer
# Signs that a text answers a proposal: an opening that has received it and replies.
_EVIDENCE = re.compile(
    r"收悉|(?:答复|函复|回复|复函|说明|函告)如下|现(?:将|就|对).{0,40}?(?:答复|函复|函告|回复)"
    r"|(?:会办|协办|办理)意见|如下(?:会办|协办)意见|办理(?:进展)?情况(?:汇报|报告)如下"
)
_OPENING_REACH = 1000  # how far into the opening's paragraph its 收悉 / 答复如下 is looked for
_META_EVIDENCE = re.compile(r"复文|答复|办理结果|建议办理|提案办理")
_PROPOSAL_LINE = re.compile(r"^(?:案由|提案人|提案者|领衔人|联名者|联名人|代表姓名|题目)\s*[:|]|建议(?:——|:|如下:?)$")
# The label over the answer on a page that prints the proposal above it (also a record table's cell, "回复 |";
# a deputy's record page's "回复结果:" over its 签发 row and the answer; a 提案办理回复单's "办理回复:" over the answer).
_ANSWER_LABEL = re.compile(
    r"^(?:答复内容|答复意见|答复情况|办理意见|办理答复意见|回复内容|回复结果|回复|办理回复|进展情况|办理进展情况)\s*:?(?:\s*\|)?$"
)
# A published notice of the answer: "办理复文(摘要): 禾水函〔2023〕41号,答复如下:", the answer (or its
# first words) on the label's own line.
_ANSWER_LABEL_INLINE = re.compile(
    r"^(?:办理复文|答复复文|答复内容)(?:\(摘要\))?\s*:"
    # A record page's "回复   为了…": the label, a gap, and the answer on the same line.
    r"|^回复(?:\s*:|\s{2,}(?=\S))"
)
# A notice page's title: "…第82号提案公示公告" publishes the answer to that proposal.
_NOTICE_TITLE = re.compile(r"第[0-9]{1,8}号(?:提案|建议)(?:办理(?:结果|情况))?公示(?:公告)?$")
_GREETING = re.compile(r"^(?:您好|你好|您们好|你们好)[!。,:]?$")
# (also in the 文号's brackets: "〔A类〕" over "〔公开〕")
RESULT_MARK = re.compile(r"^[(\[【〔]?\s*(?P<code>[A-D](?:类|級|级)?)\s*[)\]】〕]?$")
_SPACES = re.compile(r"\s+")
_MEMBER_END = re.compile(r"(?:委员|代表|界别|代表团)(?:们)?(?:您好|你好|您们好|你们好)?:?$")
# A salutation to a private person: the letter answers a citizen, not a member or deputy.
_PRIVATE_ADDRESSEE = re.compile(r"(?:先生|女士|网友|市民|市民朋友|来信人|来信者|同学|群众)(?:们)?:?$")
_PROPOSAL_WORDS = re.compile(r"提案|议案|建议|委员|代表")
@dataclass
class Letter:
    """Where the parts of a letter stand: row indices into `lines` and `folded` (the cut
    lines and their folded copies, changed in place as lines are cut)."""

    lines: list[str]
    folded: list[str]
    meta: Meta
    salutation: int | None
    bare: bool  # the salutation is written without its colon ("…委员")
    spans: list[tuple[int, int, str, str]]  # reply title lines: (start, end, text, folded)
    opening: int | None
    header_end: int
    body_start: int

    @property
    def header_rows(self) -> list[int]:
        return [i for i in range(0, self.header_end) if i != self.salutation]

    @property
    def pre_opening(self) -> list[int]:
        """Rows between the header and the opening (a greeting, a second title line)."""
        return list(range(self.header_end, self.opening)) if self.opening is not None else []

    @property
    def opening_rows(self) -> list[int]:
        return [self.opening] if self.opening is not None else []

    def head_texts(self) -> list[str]:
        """The folded texts above the body: what tells a reply's kind."""
        texts = [self.folded[i] for i in self.header_rows + self.pre_opening] + [s[3] for s in self.spans]
        texts += [fold(v) for v in self.meta.values.values()]
        return texts + [self.folded[i] for i in self.opening_rows]


def locate_letter(lines: list[str], folded: list[str]) -> Letter:
    """Page metadata, salutation, title lines, opening and where the body starts."""
    n = len(lines)
    window = min(n, HEADER_MAX_LINES)
    # (a title that ends "…的办理意见" is no evidence of the letter: the header goes on under it)
    stop = next((i for i in range(window) if _EVIDENCE.search(folded[i][:300]) and not is_title_line(folded[i])), window)
    meta = read_metadata(lines, folded, stop)
    salutation, bare = _find_salutation(folded, meta.lines, window)
    title_limit = salutation if salutation is not None else stop
    spans = _title_spans(lines, folded, min(title_limit, window), meta.lines)
    if salutation is not None:
        header_end, opening, body_start = _after_salutation(folded, salutation)
    else:
        header_end, opening, body_start = _without_salutation(lines, folded, meta, spans, window)
    if opening is not None and body_start < n and not ends_with_as_follows(folded[opening]):
        # "…收悉。" then "现将有关情况答复如下:" on a line of its own.
        if len(folded[body_start]) <= 60 and ends_with_as_follows(folded[body_start]):
            body_start += 1
    return Letter(lines, folded, meta, salutation, bare, spans, opening, header_end, body_start)


def _after_salutation(folded: list[str], salutation: int) -> tuple[int, int | None, int]:
    """(header end, opening, body start) of a letter with a salutation."""
    n = len(folded)
    j = salutation + 1
    if j < n and _GREETING.match(folded[j]):
        j += 1
    if j + 1 < n and is_thanks(folded[j]) and not looks_like_opening(folded[j]) and looks_like_opening(folded[j + 1]):
        j += 1  # "您好!" / "首先感谢您对…的关心和支持!" / "收到您…提出的…建议,…现答复如下:"
    opening = j if j < n and looks_like_opening(folded[j]) else None
    body_start = (opening if opening is not None else j - 1) + 1
    return salutation, opening, body_start


def _without_salutation(
    lines: list[str], folded: list[str], meta: Meta, spans: list[tuple[int, int, str, str]], window: int
) -> tuple[int, int | None, int]:
    """(header end, opening, body start) of a letter without a salutation: the header is
    the run of header-like lines at the top."""
    n = len(folded)
    title_rows = {j for start, end, _, _ in spans for j in range(start, end)}
    header_end = 0
    while header_end < window and (
        header_end in meta.lines or header_end in title_rows or _is_header_line(lines[header_end], folded[header_end])
    ):
        header_end += 1
    # Metadata above the text moves the header's end down; a label after the text
    # ("作者:" under a news report) does not.
    text_row = next((i for i in range(header_end, window) if i not in meta.lines and len(folded[i]) > 60), window)
    above = [i for i in meta.lines if i < text_row]
    if above and header_end <= max(above) < window:
        header_end = max(above) + 1
    opening = None
    for i in range(header_end, min(n, header_end + 5)):
        head = folded[i][:300]
        if "收悉" in head or "如下" in head or (head.startswith("现就") and _EVIDENCE.search(head)):
            # ("现就…第3189号建议提出办理意见:": an opinion's opening, with neither 收悉 nor 如下)
            opening = i
            break
    if opening is None:
        # A page that prints the proposal (its text, its record's fields) and then the reply under the reply's
        # own title ("关于…第85号委员提案的回复" / "您们…所提《…》收悉,…函告如下:"): the title ends the header.
        below = next((end for start, end, _, _ in spans if start >= header_end and end < n and end < window), None)
        if below is not None and ("收悉" in folded[below][:300] or "如下" in folded[below][:300]):
            header_end, opening = below, below
            follows = _AS_FOLLOWS_THEN_TEXT.search(folded[below], 0, 300)
            if follows is not None and len(folded[below]) - follows.end() >= 10:
                # "…现将有关情况函告如下: 该路段已…": the answer goes on after the opening's colon, on its line
                split_line(lines, folded, below, [follows.end()])
                n = len(folded)
    body_start = opening + 1 if opening is not None else header_end
    label = next((i for i in range(header_end, window) if is_answer_label(folded[i])), None)
    if label is not None and (opening is None or opening >= label):
        # A page that prints the proposal and then its answer under a label ("提案内容:…" /
        # "答复内容:", "案由 … 办理意见"): what stands above the label is header, not body.
        inline = _ANSWER_LABEL_INLINE.match(folded[label])
        if inline is not None:
            split_line(lines, folded, label, [inline.end()])  # the answer's first words start the body
        header_end = label + 1
        while header_end < window and header_end in meta.lines:
            header_end += 1  # "回复结果:" / "签 发 人: | 签发日期: | …": the answer's fields under its label
        opening = header_end if header_end < n and "如下" in folded[header_end][:300] else None
        body_start = opening + 1 if opening is not None else header_end
    return header_end, opening, body_start


_AS_FOLLOWS_THEN_TEXT = re.compile(r"如下[:。]\s*(?=\S)")


def is_answer_label(folded: str) -> bool:
    return _ANSWER_LABEL.match(folded) is not None or (folded[:1] in "办答回" and _ANSWER_LABEL_INLINE.match(folded) is not None)


# "2020/6/22 10:10:00 人评论 X门户网站": a page's stamp (date, clock, then its counters or its site's name).
_PAGE_STAMP = re.compile(
    rf"^(?P<date>[12][0-9]{{3}}/[0-9]{{1,2}}/[0-9]{{1,2}}) {CLOCK} .{{0,40}}?(?:评论|浏览|阅读|点击|门户网站)"
)
# "石楼县政府 www.… 2025-02-06 12:23 来源:X": a page's byline (its site, a date and a clock before the 来源 field).
# (also with the page's font buttons between the clock and the 来源: "2020-07-08 16:16 【浏览字号: 来源:X")
_STAMP_BEFORE_SOURCE = re.compile(
    rf"(?:^|\s)(?P<date>[12][0-9]{{3}}-[0-9]{{1,2}}-[0-9]{{1,2}})\s{CLOCK}\s+(?:【[^\s】]{{0,8}}】?\s*)?来源:"
)
# "2024-04-16 15:55   市水利局 审核人:": a page's byline (a date and a clock, the unit that posted it, then perhaps
# an empty or short field of the page's).
_STAMP_BEFORE_UNIT = re.compile(
    rf"^(?P<date>[12][0-9]{{3}}-[0-9]{{1,2}}-[0-9]{{1,2}})\s{CLOCK}\s+(?P<unit>[^\s:]{{2,30}})(?:\s+[^\s:]{{2,8}}:[^:]{{0,20}})?$"
)
# "发布日期(2020-07-11)": a date label with its date in brackets.
_BRACKETED_DATE = re.compile(
    r"^(?:(?:发布|成文|发文|公开|公布)(?:日期|时间)|日期|时间)\s?[(\[【](?P<date>[^()\[\]【】]{6,16})[)\]】]$"
)


def published_date(text: str) -> str | None:
    """The date of "2021-11-22   来源:办公室" (a publication date in front of a metadata
    field, a header line), of a page's stamp ("2020/6/22 10:10:00 人评论"), of a byline's date and clock
    before its 来源 field, or of a date label with its date in brackets ("发布日期(2020-07-11)"), else None."""
    shaped = (_PAGE_STAMP.match(text) if "/" in text[:10] else None) or (
        _BRACKETED_DATE.match(text) if text[-1:] in ")]】" else None
    )
    if shaped is None and "来源:" in text:
        shaped = _STAMP_BEFORE_SOURCE.search(text, 0, 200)
    if shaped is None and text[:2] in ("19", "20"):
        shaped = _STAMP_BEFORE_UNIT.match(text)
        shaped = shaped if shaped is not None and is_unit_name(shaped.group("unit")) else None
    if shaped is not None:
        return date_line(shaped.group("date"))
    dated = leading_date(text)
    if dated is None and text[:1].isascii() and text[:1].isalpha():
        # "admin 484 2022-09-21": a copy site's byline (the poster's login, a views count, the date)
        byline = BYLINE.match(text)
        return find_date(byline.group("date")) if byline is not None else None
    return dated[1] if dated is not None and is_key_line(text[dated[0] :]) else None



# The line above a title that goes on over two lines ("对沙河市第九届人民代表大会" / "第三次会议第8号建议
# 的会办意见") is the title's first half, not a unit's name: it opens like a title or names a congress.
TITLE_HALF = re.compile(r"^(?:对|关于)|人民代表大会$|人大$|委员会第?[一二三四五六七八九十]+次?会议$")


def unit_of_the_title(spans: list[tuple[int, int, str, str]], lines: list[str], folded: list[str]) -> str | None:
    """The answering unit a reply's title names: at its start ("X局关于…"), or on the line above it
    (a letterhead), also above the 文号 under the letterhead ("X局" / "X函〔2020〕13号" / "关于…的答复") or
    above the title's first half."""
    for start, _end, text, text_folded in spans:
        unit = title_line_unit(text, text_folded)
        above = start - 1
        if unit is None and above > 0 and _RESULT_LINE.match(folded[above].strip()):
            above -= 1  # "X办公室" / "办理结果:B" / "关于…的答复": the declared result between letterhead and title
        if unit is None and above > 0 and _is_doc_no_line(lines[above], folded[above]):
            above -= 1
        elif unit is None and above > 0 and start - above == 1 and TITLE_HALF.search(folded[above]):
            # "X局" / "对丰南区第七届人民代表大会" / "第三次会议第20号建议的答复": the letterhead above a
            # title over two lines, whose first half was not read as the title's.
            above -= 1
        if (
            unit is None
            and above >= 0
            and is_unit_name(folded[above])
            and len(folded[above]) <= 30
            and TITLE_HALF.search(folded[above]) is None
        ):
            unit = lines[above]
        if unit is None and above >= 0 and folded[above].endswith("关于"):
            # "禾川市交通运输局关于" / "市…第0127号建议办理情况的答复函": the unit and its 关于 on a line of their own
            # above the rest of the title.
            head = folded[above][:-2].strip()
            if len(head) <= 30 and is_unit_name(head) and TITLE_HALF.search(head) is None:
                unit = lines[above][: len(head)].strip()
        if unit is None and above >= 0 and "签发" in folded[above]:
            unit = letterhead_beside_signer(lines[above], folded[above])
        if unit is None and _end < len(lines):
            unit = _letterhead_under_title(lines, folded, _end)
        if unit:
            return unit
    return None


# The result's class after its label, to the line's end (":A", ": B类").
_CLASS_VALUE = r"\s?:\s?[A-Da-d]\s?类?$"
# The declared result printed between the letterhead and the title ("办理结果:B", "类别:A").
_RESULT_LINE = re.compile(r"^(?:类\s?别|(?:办理|答复)(?:结果|类别))" + _CLASS_VALUE)
# The result's class printed under the title ("类别:A", "类 别:B").
_CLASS_LINE = re.compile(r"^类\s?别" + _CLASS_VALUE)


def _letterhead_under_title(lines: list[str], folded: list[str], below: int) -> str | None:
    """"X局 |" / "类 别: A |" / "签发人:Y |": a unit's name alone right under the title, the signer's field
    within the next two lines (the letterhead's block printed as a table under the title), or None."""
    if _CLASS_LINE.match(folded[below]) and below + 1 < len(lines):
        below += 1  # "类别:A" first, then the letterhead's unit and its signer
    cell = folded[below].strip("| ")
    if len(cell) > 30 or not is_unit_name(cell) or TITLE_HALF.search(cell):
        return None
    if not any("签发人" in folded[k] for k in range(below + 1, min(below + 3, len(lines)))):
        return None
    return lines[below].strip("| ")


# "宝鸡市生态环境局 签发人:赵永怀": the letterhead with the signer's field beside it.
_LETTERHEAD_SIGNER = re.compile(r"^(?P<unit>[^\s:]{4,30})\s+签发人?\s?:")


def letterhead_beside_signer(line: str, folded: str) -> str | None:
    """The unit of a letterhead line whose rest is the signer's field, or None."""
    match = _LETTERHEAD_SIGNER.match(folded)
    if match is None or not is_unit_name(match.group("unit")) or TITLE_HALF.search(match.group("unit")):
        return None
    return line[: match.end("unit")]


def _is_doc_no_line(line: str, folded: str) -> bool:
    doc = find_doc_no(line, folded)
    return doc is not None and doc == line.strip()


_NAME_KEYS = ("名称", "标题", "文件标题", "信息名称")


def unit_of_the_name_field(meta: Meta) -> str | None:
    """The unit that opens the title in a publication table's 名称 cell after its 文号 and a dash
    ("禾教议复字〔2023〕17号——禾江县教育局关于…的答复"), or that opens a record page's 复文标题 (the
    reply's own title: "复文标题: X厅关于…的答复"), or None."""
    own = meta.get("复文标题")
    unit = title_line_unit(own, fold(own)) if own else None
    if unit is not None:
        return unit
    value = meta.get(*_NAME_KEYS)
    if not value or "——" not in value:
        return None
    number, title = value.rsplit("——", 1)
    if find_doc_no(number, fold(number)) is None:
        return None
    return title_line_unit(title, fold(title))


def drop_second_copy(letter: Letter) -> None:
    """Cut off a second copy of the letter that some pages print under the first."""
    salutation, folded = letter.salutation, letter.folded
    if salutation is None or folded.count(folded[salutation]) <= 1:
        return
    copy = _second_copy(letter.lines, folded, salutation, letter.opening)
    if copy is not None:
        del letter.lines[copy:], folded[copy:]
        letter.meta.lines &= set(range(copy))  # (the cut copy's metadata lines are gone with it)


def _opening_like(folded: str) -> bool:
    return _EVIDENCE.search(folded[:300]) is not None or folded.startswith(("您", "你", "贵", "现将", "现就"))


# A democratic party's committee, written without a colon as the salutation.
_PARTY_COMMITTEE = re.compile(r"^(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)[\u4e00-\u9fff]{0,16}(?:委员会|委会|支部)$")


# The opening of a co-handler's opinion to the lead unit: what it did, for the lead to fold into its answer.
_PASSED_TO_THE_LEAD = re.compile(r"^现将(?!您|你).{4,200}?(?:函告|告知|函复|提供)如下[,,](?:请|望).{0,12}(?:综合|汇总|一并)")


def _find_salutation(folded: list[str], skip: set[int], limit: int) -> tuple[int | None, bool]:
    """(index, written without colon) of the salutation among the first `limit` lines."""
    n = len(folded)
    for i in range(min(n, limit)):
        if i in skip:
            continue
        text = folded[i]
        nxt = folded[i + 1] if i + 1 < n else ""
        if len(nxt) <= 4 and _GREETING.match(nxt) and i + 2 < n:
            nxt = folded[i + 2]
        if text.endswith(":"):
            if is_salutation(text) and not is_key_line(text) and not is_answer_label(text):
                if is_addressee(text) or _opening_like(nxt) or (i < _SALUTATION_WINDOW and "收悉" in nxt[:300]):
                    return i, False
        elif (
            (text.endswith(("委员", "代表", "们")) and is_bare_salutation(text))
            # "致公党广州市委员会" over the opening: a party's committee that made the proposal (never a unit that answers)
            or _PARTY_COMMITTEE.match(text)
        ) and _opening_like(nxt):
            return i, True
        elif is_unit_name(text) and _PASSED_TO_THE_LEAD.match(nxt):
            # "湖滨风景区管委会" / "现将…建议…的办理情况函告如下,请综合后一并答复代表。": a co-handler's opinion
            # addresses the lead unit by its name alone, without a colon.
            return i, True
    return None, False


def _title_spans(lines: list[str], folded: list[str], limit: int, skip: set[int]) -> list[tuple[int, int, str, str]]:
    """Reply title lines among the first `limit` lines: (start, end, text, folded text);
    a title broken over two or three short lines is joined ("关于对…第71号建议的" / "答 复";
    "…局关于县十届人大二次会议" / "第45号代表建议办理情况" / "的答复函")."""
    spans = []
    i = 0
    while i < limit:
        if i in skip:
            i += 1
            continue
        text = folded[i]
        dated = page_date_after(text)
        if dated is not None and is_title_line(text[: dated.start()]):
            # "X局关于…提案的答复的函 2021-06-21 来源:X处", "…的答复 ( 2022-07-29 )": a listing's title with the
            # page's date (and its 来源) after it is a title; the date is no part of it.
            cut = len(lines[i]) - (len(text) - dated.start())
            spans.append((i, i + 1, lines[i][:cut].strip("| "), text[: dated.start()].strip("| ")))
            i += 1
            continue
        if is_title_line(text.rstrip("| ")):
            # "| X局关于 对…的答复 | |||": a title in a table cell loses the cell's marks on both sides.
            spans.append((i, i + 1, lines[i].rstrip("| ").lstrip("| "), text.rstrip("| ").lstrip("| ")))
            i += 1
            continue
        joined_span = _joined_title(lines, folded, i, limit, skip) if len(text) <= 40 else None
        if joined_span is not None:
            spans.append(joined_span)
            i = joined_span[1]
            continue
        i += 1
    return spans


def _joined_title(
    lines: list[str], folded: list[str], i: int, limit: int, skip: set[int]
) -> tuple[int, int, str, str] | None:
    """The title that lines[i] starts when joined with the next line, or with the next two
    short ones when the middle one reads as a title alone ("第45号代表建议办理情况") but the
    third ends it ("的答复函"). A last line that is a title by itself is left alone."""
    if i + 2 > limit or i + 1 in skip:
        return None
    # Lines i+1 and i+2 can make a three-line title with lines[i]: both there, neither skipped,
    # neither long.
    three_fit = i + 3 <= limit and i + 2 not in skip and max(len(folded[i + 1]), len(folded[i + 2])) <= 40
    if not is_title_line(folded[i + 1]):
        two = _title_if_joined(lines, i, i + 2)
        if two is None and "关于" in folded[i] and three_fit:
            # "X厅关于…六届人大" / "第四次会议代表建议、批评和意见" / "第642260号办理情况的答复": neither of the
            # first two lines closes the title, the third does.
            return _title_if_joined(lines, i, i + 3)
        return two
    three = None
    if three_fit:
        three = None if is_title_line(folded[i + 2]) else _title_if_joined(lines, i, i + 3)
    if three is None and (
        (folded[i].endswith("会议") and folded[i + 1].startswith("第")) or _NUMBER_END.search(folded[i]) is not None
    ):
        # "教育部对十二届全国人大五次会议" / "第7508号建议的答复", "关于…会议第36号" / "建议办理情况的答复":
        # a title broken after its session or its number; the unit heads the first line or stands above it.
        return _title_if_joined(lines, i, i + 2)
    return three


_NUMBER_END = re.compile(r"会议第[0-9]{1,5}号$")
# The page's date after a listing's title, in brackets or not, with the page's 来源 field after it or not
# ("X局关于…的答复的函 2021-06-21 来源:X处", "…的答复 ( 2022-07-29 )"): read here to end the title before it, and by
# reply_date to date the letter.
_DATE_AFTER_TITLE = re.compile(
    r"\s+[(\[]?\s?(?P<date>[12][0-9]{3}-[0-9]{1,2}-[0-9]{1,2})\s?[)\]]?(?:\s+来源:.*)?$")


def page_date_after(folded: str) -> re.Match[str] | None:
    """The page's date after a title on the folded line `folded` (the match starts at the space before it)."""
    if folded[-1:].isdigit() or folded[-1:] in ")]" or "来源:" in folded:
        return _DATE_AFTER_TITLE.search(folded)
    return None


def _title_if_joined(lines: list[str], start: int, end: int) -> tuple[int, int, str, str] | None:
    joined = _SPACES.sub("", "".join(lines[start:end]))
    joined_folded = fold(joined)
    return (start, end, joined, joined_folded) if is_title_line(joined_folded) else None


def _is_header_line(line: str, text: str) -> bool:
    if is_key_line(text) or is_title_line(text) or date_line(text) or RESULT_MARK.match(text):
        return True
    if published_date(text) is not None:
        return True
    if is_unit_name(text) and len(text) <= 30:
        return True
    doc = find_doc_no(line, text)
    return doc is not None and len(line) <= len(doc) + 12


def _second_copy(lines: list[str], folded: list[str], salutation: int, opening: int | None) -> int | None:
    """Where a page prints the same letter a second time (its salutation and opening again,
    often after its title and metadata again): the first line of that copy, else None."""
    n = len(folded)
    first = folded[salutation]
    follow = folded[opening] if opening is not None else None
    # (from two lines below the salutation: the salutation written twice, one line under the other, is one
    # letter whose line was doubled, not a copy: cutting there dropped the whole answer)
    for j in range((opening if opening is not None else salutation + 1) + 1, n - 1):
        if folded[j] != first or (follow is not None and folded[j + 1] != follow):
            continue
        header = set(folded[:salutation])
        while j - 1 > salutation + 1 and (folded[j - 1] in header or _is_meta_line(lines[j - 1], folded[j - 1])):
            j -= 1
        return j
    return None


_META_ONLY = frozenset(folded_key(k) for k in META_KEYS)
def _is_meta_line(line: str, folded: str) -> bool:
    pairs = key_values(line, folded)
    return pairs is not None and bool(pairs) and all(folded_key(k) in _META_ONLY for k, _ in pairs)


# A line of a log or a listing, not of a letter: it opens with a label of Latin letters and digits ("Q1:",
# "Q3 [search 3]", "r6 https://…", "c001 (held-out)"), a web address, or a list's dash.
_LOG_LINE = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9_-]{0,11}\s?[:\[(]|[A-Za-z][A-Za-z0-9_-]{0,11}\s|-\s|https?://|(?:[a-z0-9-]+\.)+(?:cn|com|net|org)\b)"
)
_BRACKETS = ("()", "[]", "【】")


def _cue_stands(folded: str, reach: int) -> bool:
    """A sign that the letter answers a proposal (收悉, 答复如下 …: _EVIDENCE) standing where a reply's
    opening says it: on a line of a letter, not of a log or a listing that quotes it ("Q1: … 提案收悉"), not
    inside brackets ("(县住建局,已收悉)"), and closing its clause, not one keyword among others ("…收悉 ... 海南")."""
    if _LOG_LINE.match(folded):
        return False
    for cue in _EVIDENCE.finditer(folded, 0, reach):
        before, after = folded[: cue.start()], folded[cue.end() :]
        if any(before.count(pair[0]) > before.count(pair[1]) for pair in _BRACKETS):
            continue
        rest = after.lstrip()
        if after[:1].isspace() and rest[:1] not in ("", "|"):
            continue  # (a table's cell ends at "|")
        return True
    return False


def check_is_reply(letter: Letter, kind: ReplyKind, allow: bool, warnings: set[str]) -> None:
    """Refuse a text that does not read as a reply (see cppcc_review.store.reading.parser's docstring)."""
    folded, meta, spans = letter.folded, letter.meta, letter.spans
    salutation, opening = letter.salutation, letter.opening
    top = folded[: min(len(folded), HEADER_MAX_LINES)]
    if salutation is not None and _LOG_LINE.match(folded[salutation]):
        # "Q6 [pages] 委员:您提出的…收悉,现答复如下": a log's line quoting a letter, cut at the salutation it
        # quotes; neither that salutation nor the opening cut from the same line is the text's own.
        quoted = range(salutation, (opening if opening is not None else salutation) + 1)
        top = ["" if i in quoted else t for i, t in enumerate(top)]
        salutation = opening = None
    evidence = (
        spans
        or kind is not ReplyKind.REPLY
        # (the whole opening paragraph, its line and the next: a committee's long one ends in 现答复如下 after 300
        # characters and more)
        or (opening is not None and any(_cue_stands(t, _OPENING_REACH) for t in folded[opening:opening + 2]))
        or any(_cue_stands(t, 300) for t in top[:30])
        or any(_META_EVIDENCE.search(fold(v)) for v in meta.values.values())
        or any(is_answer_label(t) for t in top[:30])
        or any(t[-2:] in ("公告", "公示") and _NOTICE_TITLE.search(t) for t in top[:10])
    )
    if not evidence and salutation is not None and _MEMBER_END.search(folded[salutation]):
        evidence = any(("提案" in t or "建议" in t) for t in top[salutation : salutation + 3])
    private = salutation is not None and _PRIVATE_ADDRESSEE.search(folded[salutation]) is not None
    if private and salutation is not None:
        after = folded[salutation + 1 : salutation + 3]
        opening_text = after[1] if len(after) == 2 and _GREETING.match(after[0]) else after[0] if after else ""
        private = _PROPOSAL_WORDS.search(opening_text) is None
    if private:
        # "张先生: 您所反映的问题…现答复如下:": an office's answer to a citizen's letter or
        # online message reads like a reply but answers no proposal.
        message = "the text answers a citizen's letter or online message, not a proposal or a deputy's suggestion"
        code = Refusal.CITIZEN_LETTER
    elif evidence:
        return
    elif any(folded_key(k) in PROPOSAL_KEYS for k in meta.values) or any(_PROPOSAL_LINE.search(t) for t in top[:20]):
        message = "the text is a proposal (案由 / 提案人 / 建议), not a reply to one"
        code = Refusal.PROPOSAL
    else:
        message = "no reply found: no salutation to a member, no opening that answers a proposal, no reply title"
        code = Refusal.NO_REPLY
    if not allow:
        raise NotAReplyError(message, code=code)
    warnings.add("not_a_reply")

