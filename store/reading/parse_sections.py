"""The body of a reply: sections (一、二、…), their headings, and numbered commitments.

Markers, by level:
- sections: a line starting with 一、 二、 … (also "一." / "一．"); they must count up
  from 一 without gaps, which keeps "一" used as a dash ("中国一东盟…" wrapped onto a
  new line) and stray numbers from being read as sections;
- second level: (一) （一） at the start of a line; promoted to sections when a reply
  has no 一、 sections;
- items: 一是 … 二是 … at the start of a line or after punctuation (so 统一是 / 唯一是
  are not items), and 1. 2. / (1) (2) at the start of a line. When such item lines
  make up a whole body without sections, each is a suggestion (see
  item_lines_carry_body), and a lone item line gives its range a heading.

Commitments of a suggestion are the items of the outermost family present, in order:
(一) items if any, else 一是 items, else 1. items. Each is the item's full text with
its marker; a (一) item runs until the next (一) item, the others to the end of their
paragraph (or the next item in the same paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..model import Suggestion
from .dates import cn_int
from .figures import extract_figures
from .textclean import fold

_CN = "一二三四五六七八九十"
SECTION_RE = re.compile(rf"(?P<num>[{_CN}]{{1,3}})\s?[、.](?![0-9])")
PAREN_RE = re.compile(rf"\((?P<num>[{_CN}]{{1,3}})\)")
# "1.2017年,…" is item 1 opening with a year, not the number 1.2017.
ARABIC_RE = re.compile(r"(?:\((?P<p>[0-9]{1,2})\)|(?P<n>[0-9]{1,2})(?:[.、](?![0-9])|\.(?=(?:19|20)[0-9]{2}年)|\)))")
# 一是 at the start of the text or after punctuation. The pattern opens with the numeral
# itself and checks what stands before it by a lookbehind over that numeral: a pattern
# that starts with a character class lets the engine skip straight to the next numeral
# instead of trying every position (same matches, about 3x faster on long paragraphs).
SHI_RE = re.compile(
    rf"(?P<num>[{_CN}](?:(?<=^[{_CN}])|(?<=[。;:,!?\s、][{_CN}]))[{_CN}]?)是(?!否|非|不是)"
)

# "第一,关于…" / "第二:…": ordinal markers at the start of a line.
ORDINAL_RE = re.compile(rf"第(?P<num>[{_CN}]{{1,3}})[,、:.]")

_HEADING_STOP = re.compile(r"[。:;!?]")
_SENTENCE_ENDS = ("。", ";", "；", "!", "！", "?", "？")
# A restated suggestion ends at the comma after 建议 / 问题: "关于延长景区开放时间的建议,我局…".
_RESTATED = re.compile(r"^(?:关于|对于|针对)[^。,:;!?]{2,60}?(?:的)?(?:建议|问题|提议)(?=[,:])")
_HEADING_MAX = 40
_HEADING_MAX_GUAN = 80  # "关于…的建议" restatements can be long


def line_marker(folded: str) -> tuple[str, int, int] | None:
    """(family, number, marker length) of a line-start marker, or None.

    Families: "section" (一、), "paren" ((一)), "arabic" (1. / (1)), "shi" (一是).
    """
    for family, regex in (("section", SECTION_RE), ("paren", PAREN_RE), ("arabic", ARABIC_RE), ("ordinal", ORDINAL_RE)):
        match = regex.match(folded)
        if match:
            num = cn_int(match.group("num") if family != "arabic" else (match.group("p") or match.group("n")))
            if num:
                return family, num, match.end()
    match = SHI_RE.match(folded)
    if match:
        num = cn_int(match.group("num"))
        if num:
            return "shi", num, 0  # the marker stays part of the item's text
    return None


_FAMILY_RE = {"section": SECTION_RE, "paren": PAREN_RE, "arabic": ARABIC_RE, "shi": SHI_RE, "ordinal": ORDINAL_RE}


def _number(family: str, match: re.Match[str]) -> int | None:
    if family == "arabic":
        return cn_int(match.group("p") or match.group("n"))
    return cn_int(match.group("num"))


def sequence_starts(folded: list[str], start: int, end: int, family: str) -> list[int]:
    """Lines in [start, end) that open a counted run of `family` markers: 1, 2, 3 …

    A run restarts at 1 (except sections); a number out of sequence is text, not a marker.
    """
    regex = _FAMILY_RE[family]
    out: list[int] = []
    expected = 1
    for i in range(start, end):
        match = regex.match(folded[i])
        if match is None:
            continue
        number = _number(family, match)
        if number is None:
            continue
        if number == expected or (number == 1 and family != "section"):
            out.append(i)
            expected = number + 1
    return out


# A section marker inside a line, after a sentence or a space: "…40米。 二、根据…".
_INLINE_SECTION = re.compile(rf"(?<=[\s。;!?])(?P<num>[{_CN}]{{1,3}})\s?[、.](?![0-9])")


def inline_section_cuts(folded: str) -> list[int]:
    """Where a line that opens section N holds sections N+1, N+2 … too (a letter written
    on one line: "一、…。 二、…。 三、…"): the offsets of those markers, else []."""
    match = SECTION_RE.match(folded)
    if match is None or folded.find("、", match.end()) < 0:
        return []
    return _numbered_cuts(_INLINE_SECTION.finditer(folded, match.end()), "num", cn_int,
                          (cn_int(match.group("num")) or 0) + 1)


def _numbered_cuts(markers: Iterator[re.Match[str]], group: str, number: Callable[[str], int | None],
                   expected: int) -> list[int]:
    """The offsets of the markers that number on from `expected` (N, N+1 …), skipping others."""
    cuts = []
    for inner in markers:
        if number(inner.group(group)) == expected:
            cuts.append(inner.start())
            expected += 1
    return cuts


# "1、…。 2、…。 3、…" on one line: a later item's marker after a sentence's end or a space.
_INLINE_ITEM = re.compile(r"(?<=[。;!?\s])(?P<n>[0-9]{1,2})[、.](?![0-9])")


def inline_item_cuts(folded: str) -> list[int]:
    """Where a line that opens item 1 holds items 2, 3 … too (a letter written on one
    line: "1、…。 2、…。 3、…"): the offsets of those markers, else []."""
    match = ARABIC_RE.match(folded)
    if match is None or match.group("n") != "1":
        return []
    return _numbered_cuts(_INLINE_ITEM.finditer(folded, match.end()), "n", int, 2)


def split_heading(rest: str) -> tuple[str | None, str]:
    """Heading and remaining text of a marker line's text after the marker.

    The heading is the first clause up to 。 : ; ! ? when it is short (a restated
    suggestion, "关于…" up to 80 characters, anything else up to 40); a line without
    such punctuation is all heading if short enough. Otherwise there is no heading.
    """
    folded = fold(rest)
    restated = _RESTATED.match(folded)
    if restated is not None:
        return rest[: restated.end()].strip(), rest[restated.end() + 1 :].strip()
    limit = _HEADING_MAX_GUAN if folded.startswith("关于") else _HEADING_MAX
    stop = _HEADING_STOP.search(folded, 0, limit + 1)
    if stop is None:
        if len(rest) <= limit:
            return rest.strip() or None, ""
        return None, rest
    heading = rest[: stop.start()].strip()
    remainder = rest[stop.end() :].strip()
    if not heading:
        return None, rest
    return heading, remainder


def _shi_items(texts: list[str], folded_texts: list[str]) -> list[str]:
    items: list[str] = []
    expected = 1
    for text, folded in zip(texts, folded_texts, strict=True):
        if "是" not in folded:
            continue
        marks: list[int] = []
        for match in SHI_RE.finditer(folded):
            number = cn_int(match.group("num"))
            if number is None:
                continue
            # The first item of a range may have any number (a reviewer's split can
            # start at 三是); after that they must count up, or restart at 一是.
            if number == expected or number == 1 or (not items and not marks):
                marks.append(match.start())
                expected = number + 1
        for k, begin in enumerate(marks):
            end = marks[k + 1] if k + 1 < len(marks) else len(text)
            item = text[begin:end].strip().rstrip(";,，；、 ")
            if item:
                items.append(item)
    return items


def _line_items(texts: list[str], folded: list[str], family: str, span: bool) -> list[str]:
    starts = sequence_starts(folded, 0, len(texts), family)
    items = []
    for k, begin in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(texts)
        if not span:
            end = begin + 1
        items.append("\n".join(texts[begin:end]))
    return items


def commitments(texts: list[str], folded: list[str] | None = None) -> list[str]:
    """The numbered items of a suggestion's text lines (see the module docstring)."""
    if folded is None:
        folded = [fold(t) for t in texts]
    return (
        _line_items(texts, folded, "paren", span=True)
        or _shi_items(texts, folded)
        or _line_items(texts, folded, "arabic", span=False)
    )


def build_suggestion(
    lines: list[str], start: int, end: int, index: int, *, folded: list[str] | None = None
) -> Suggestion:
    """The suggestion covering lines[start:end]: heading, text, commitments, figures.

    The first line gives the heading when it starts with a section marker (一、 or
    (一)) or an item marker (一是), so that a range a reviewer split off at an item
    gets that item's first clause as its heading. Pure: the store calls it again
    after a split or merge. `folded` (fold() of every line) only saves the work of
    folding again; the result is the same without it.
    """
    start = max(0, min(start, len(lines)))
    end = max(start, min(end, len(lines)))
    body = lines[start:end]
    folded_body = folded[start:end] if folded is not None else [fold(t) for t in body]
    heading: str | None = None
    texts = list(body)
    folded_texts = list(folded_body)
    if body:
        first = body[0]
        marker = line_marker(folded_body[0])
        if marker is not None and marker[0] == "shi" and _continues(folded_body, marker[1]):
            marker = None  # the first item of a list, not a heading
        # A "1." line heads its range only when it is a lone item (the 1. 2. lines that
        # carry a body without sections, see item_lines_carry_body); the first of
        # several 1. 2. lines in the range is a list item, as before.
        if marker is not None and marker[0] == "arabic" and _arabic_continues(folded_body, marker[1]):
            marker = None
        if marker is not None and marker[0] in ("section", "paren", "shi", "arabic", "ordinal"):
            rest = first[marker[2] :] if marker[0] != "shi" else first[len(_shi_prefix(first)) :]
            heading, remainder = split_heading(rest)
            if marker[0] != "shi" and "是" in rest and _opens_item_list(folded_body[0][marker[2] :]):
                # "二、一是…;二是…;三是…": the section holds a list, its first item is no heading.
                heading, texts, folded_texts = None, [rest.strip(), *body[1:]], [fold(rest.strip()), *folded_body[1:]]
            elif heading is not None and not remainder and len(body) == 1 and rest.rstrip().endswith(_SENTENCE_ENDS):
                # "1、停车场已完成路基建设,计划10月投入使用。": a whole answer, not a heading.
                heading, texts, folded_texts = None, [rest.strip()], [fold(rest.strip())]
            elif heading is not None:
                texts = ([remainder] if remainder else []) + body[1:]
                folded_texts = ([fold(remainder)] if remainder else []) + folded_body[1:]
        elif marker is None and _RESTATED.match(folded_body[0]) is not None:
            # A paragraph that restates the suggestion it answers: "关于…的建议,我局…".
            heading, remainder = split_heading(first)
            texts = ([remainder] if remainder else []) + body[1:]
            folded_texts = ([fold(remainder)] if remainder else []) + folded_body[1:]
    text = "\n".join(texts)
    return Suggestion(
        index=index,
        heading=heading,
        text=text,
        commitments=commitments(texts, folded_texts),
        figures=extract_figures(text),
        start=start,
        end=end,
    )


def _opens_item_list(folded_rest: str) -> bool:
    """The text after a section marker starts with 一是 and a 二是 follows."""
    match = SHI_RE.match(folded_rest.lstrip())
    return match is not None and cn_int(match.group("num")) == 1 and _continues([folded_rest.lstrip()], 1)


def _continues(folded_body: list[str], number: int) -> bool:
    """True when an item numbered `number + 1` follows in the (folded) range."""
    for text in folded_body:
        for match in SHI_RE.finditer(text):
            if cn_int(match.group("num")) == number + 1:
                return True
    return False


def _arabic_continues(folded_body: list[str], number: int) -> bool:
    """True when a line of the range after the first opens item `number + 1` (2. after 1.)."""
    for text in folded_body[1:]:
        match = ARABIC_RE.match(text)
        if match is not None and _number("arabic", match) == number + 1:
            return True
    return False


def _shi_prefix(line: str) -> str:
    match = SHI_RE.match(fold(line))
    return line[: match.end()] if match else ""


# A lead-in paragraph's last clause that announces the items under it.
# Either a colon after 以下 / 如下 ("…采取以下措施:"), or, without the colon, a last clause that names what
# the items are ("…下一步我们将从以下方面加强…建设": real-fresh-16's p029, unseen when p15 wrote the rule).
_ITEM_KINDS = r"(?:几点|几个方面|方面|措施|举措|工作)"
_ANNOUNCES_ITEMS = re.compile(rf"(?:(?:以下|如下){_ITEM_KINDS}?[:：]|以下{_ITEM_KINDS}[^，,。；;:：]*[。:：]?)$")


def item_lines_carry_body(
    folded: list[str], start: int, end: int, family: str = "shi"
) -> list[int] | None:
    """Line starts of 一是 items (or, with family="arabic", 1. 2. items) when they carry
    a body without sections, else None.

    They carry it when every line from the first item on opens the next item and what
    comes before is at most one lead-in line: a short one ("现答复如下:"), or a paragraph of any
    length that announces the items with its last word ("…为此,我们采取以下措施:").
    """
    starts = sequence_starts(folded, start, end, family)
    if len(starts) < 2 or starts != list(range(starts[0], end)):
        return None
    lead = starts[0] - start
    if lead > 1 or (lead == 1 and len(folded[start]) > 100 and not _ANNOUNCES_ITEMS.search(folded[start])):
        return None
    return starts


# Outline headings that are not restated suggestions. Context before the answers
# (基本情况 …), the answer as a whole (办理情况 …), and what comes after (下一步 …).
_CONTEXT_HEADING = re.compile(
    r"^(?:基本|总体|有关|背景|办理工作开展|工作开展|开展|工作进展|近年来(?:的)?工作|前期工作|主要工作|工作)?(?:情况|现状|进展)"
    r"(?:概述|介绍)?$|^(?:工作开展情况|主要做法|工作成效)$"
)
_ANSWER_HEADING = re.compile(
    r"^(?:关于)?(?:对|针对)?(?:您|你们?|贵[会委局])?(?:所)?(?:提出)?(?:的)?(?:具体|相关|主要)?(?:意见)?"
    r"(?:建议|提案)(?:的)?(?:办理|答复|采纳|落实)(?:情况|意见)?$|^(?:办理(?:工作)?(?:进展)?情况|答复意见|具体建议|办理答复意见)$"
    r"|^(?:关于|对)(?:您|你们?)(?:所)?提出的?(?:具体|相关|主要)?(?:意见)?(?:建议|提案)$"
    # A report's headings: what was done and what it achieved ("二、采取措施 / 三、取得成效").
    r"|^(?:采取|主要|工作|具体|办理|落实|整改)(?:的)?(?:措施|举措|做法)$|^(?:取得|主要|初步|办理)(?:的)?(?:成效|成果|效果)$"
)
_NEXT_HEADING = re.compile(
    r"^(?:下一?步|今后)(?:的)?(?:工作)?(?:打算|计划|方向|措施|安排|考虑|重点)?$"
    r"|^(?:存在的?|面临的?)(?:主要)?(?:问题|困难)(?:和|及)?(?:困难|问题|不足)?$|^工作打算$|^举一反三$"
)
# A first section that only thanks or praises the proposal ("您这一建议提得很好").
_PRAISE = re.compile(
    r"提得很好|提的很好|提得好|很有(?:必要|意义|价值)|具有(?:重要|很强|一定)?(?:的)?(?:现实|参考|指导)?意义"
    r"|表明您对|体现了您对"
)
_ACTION = re.compile(r"已|将|正在|完成|实施|开展|列入|纳入")
_HEADING_GAPS = re.compile(r"[\s,、]")
# Every generic heading and every praise has one of these (a cheap test first).
_KIND_WORDS = re.compile(
    "情况|现状|进展|办理|答复|采纳|落实|具体|您|你|下一|下步|今后|问题|困难|打算|做法|成效|很好|很有|意义|表明|体现"
    "|措施|举措|成果|效果|举一反三"
)


def heading_kind(folded_line: str) -> str | None:
    """"context", "answer" or "next" for a generic outline heading line (一、基本情况),
    "praise" for a section line that only praises the proposal; None for a restated
    suggestion or any other specific heading."""
    if _KIND_WORDS.search(folded_line) is None:
        return None
    marker = line_marker(folded_line)
    if marker is None or marker[0] not in ("section", "paren"):
        return None
    rest = folded_line[marker[2] :].strip()
    heading, remainder = split_heading(rest)
    if heading is not None and not remainder:
        key = _HEADING_GAPS.sub("", heading)
        if _CONTEXT_HEADING.match(key):
            return "context"
        if _ANSWER_HEADING.match(key):
            return "answer"
        if _NEXT_HEADING.match(key):
            return "next"
    if len(rest) <= 80 and _PRAISE.search(rest) and not _ACTION.search(rest):
        return "praise"
    return None
