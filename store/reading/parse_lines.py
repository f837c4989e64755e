"""The lines of a reply as a reader sees them: a letter written on one line is cut at its
salutation, its "…答复如下:" and its signature; closing sentences glued to the end of a
line are cut off. Lines are changed in place together with their folded copies."""

from __future__ import annotations

import itertools
import re

from .dates import date_shape
from .parse_tail import is_closing, is_unit_name
from .reply_title import ends_with_as_follows, is_title_line
from .textclean import fold

# "…现答复如下:" and "…现答复如下。" with the body on the same line.
AS_FOLLOWS_SPLIT = re.compile(r"(?:答复|函复|回复|说明)如下[:。]\s*(?=\S)")
# (a party's committee that proposed is saluted too: "农工党X市委员会: 你委提出的…")
_SAL_PREFIX = re.compile(
    r"^(?P<sal>(?:尊敬的)?[^,。:;!?|]{2,40}?(?:委员会|委员|代表|同志|界别|代表团)(?:们)?)\s?:\s*(?=\S)"
)
_TRAILING_SIGNATURE = re.compile(r"\s(?P<unit>[^\s,。]{2,40})\s+(?P<date>[^\s]{6,16})\s*\|?\s*$")
_GLUED_SIGNATURE = re.compile(
    r"[,;。!](?P<unit>[^\s,;。!:]{4,30}?)(?P<date>(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日)[。.]?\s*\|?\s*$"
)
_TRAILING_DATE = re.compile(r"\s(?P<date>[^\s|]{6,16})\s*\|?\s*$")
_SENTENCE_END = re.compile(r"[。!?](?=.)")
_LETTER_WORDS = re.compile("收悉|提出|如下")
# Words every closing sentence has one of (a cheap test before the closing patterns).
_CLOSING_WORDS = re.compile("感谢|谢谢|此致|敬礼|以上|如有|有何|特此|顺祝|审签|评价|希望|欢迎")
# "X财复字〔2023〕9号 签发人:王某 ": the 文号 and signer a one-line letter prints before its salutation.
_FIELDS_BEFORE_SALUTATION = re.compile(r"^(?:\S{2,20}[〔\[(][0-9]{4}[〕\])][0-9]{1,5}号\s+)?签发人?\s?:\s?[^\s:]{2,5}\s+")
# A tail's labelled field (contacts, routing) after the signature date of a letter on one line.
_TAIL_LABEL = r"(?:联系[^\s:,。]{0,12}|抄送|抄报|报送)\s?:"
_TAIL_FIELD = re.compile(r"(?<=\s)" + _TAIL_LABEL)
# The signature date with nothing but such fields after it (no sentence: the letter has ended).
_FIELDS_AFTER_DATE = re.compile(r"\s(?P<date>[^\s|]{6,16})\s+(?=" + _TAIL_LABEL + r"[^。!?]*$)")
# What may follow a salutation's colon on its own line: a greeting ("于萍委员:您好!").
_GREETING_ONLY = re.compile(r"(?:您好|你好|您们好|你们好)[!。]?$")


# "X管委会2025年3月12日來源:X": a signature's date glued to its unit, the page's source glued after it (a
# publication line "2024年06月12日 来源:X" that opens with its date is page metadata as it stands).
_SOURCE_AFTER_DATE = re.compile(r"[\u4e00-\u9fff][0-9〇○零一二三四五六七八九十]{4}年[0-9〇○零一二三四五六七八九十]{1,2}月[0-9〇○零一二三四五六七八九十]{1,3}日\s*(?=来源\s?:[^:]{1,40}$)")


# "联系电话:139… 槐山县交通运输局 2023年": the signature (a unit, its date or only its year) after the phone number
# of the contact line.
_SIGNATURE_AFTER_PHONE = re.compile(
    r"(?<=[0-9])\s+(?P<unit>[\u4e00-\u9fff]{4,30})\s+(?P<date>(?:19|20)[0-9]{2}\s?年(?:\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}\s?日)?)$"
)


_CONTACT_LABEL = re.compile(r"[(]?联系[\u4e00-\u9fff]{0,10}:")


def split_signature_after_contact(lines: list[str]) -> list[str]:
    """The last line "联系人:林某 联系电话:139… 槐山县交通运输局 2023年" cut into the contact line, the unit
    and its date (or year): the signature stands under the contacts as it would on paper."""
    last = fold(lines[-1]) if lines else ""
    if "联系" not in last[:12] or _CONTACT_LABEL.match(last) is None:
        return lines
    signature = _SIGNATURE_AFTER_PHONE.search(last)
    if signature is None or not is_unit_name(signature.group("unit")):
        return lines
    line = lines[-1]
    unit = line[signature.start("unit") : signature.end("unit")]
    return [*lines[:-1], line[: signature.start()], unit, line[signature.start("date") :]]


# "发布日期:… 文章来源:禾市商务局您提出的…建议已收悉,…": the letter's opening glued to the page's 来源 (the unit,
# then 您/你们 and what they proposed).
_OPENING_AFTER_SOURCE = re.compile(
    r"来源\s?:\s?[\u4e00-\u9fff]{2,30}?(?:局|委|厅|办|政府|中心|部|院|署|会)(?=(?:您|你们|你)(?:提出|所提|领衔))"
)


def split_source_after_date(lines: list[str]) -> list[str]:
    """"禾县城市管理局2023年6月8日来源:禾县人民政府": the page's 来源 glued to the signature's date
    is cut onto a line of its own (page metadata), so that the signature line is one; so is the letter's
    opening glued after the page's 来源 ("文章来源:X局您提出的…")."""
    out: list[str] = []
    for line in lines:
        if "源" in line and len(line) <= 120:
            cut = _SOURCE_AFTER_DATE.search(fold(line))
            if cut is not None:
                out.extend((line[: cut.end()].rstrip(), line[cut.end() :]))
                continue
        opening = _OPENING_AFTER_SOURCE.search(fold(line[:200])) if "源" in line[:160] else None
        if opening is not None:
            out.extend((line[: opening.end()].rstrip(), line[opening.end() :]))
            continue
        out.append(line)
    return out


def _salutation_cut(line: str, folded: str) -> list[str] | None:
    """"于萍委员:您好!" and "罗元代表:你提出的“…”,已交由我局研究办理,现答复如下:": a salutation with only
    its greeting, or only the opening, after its colon, cut into the lines a reader sees (not a letter
    on one line: its body is on lines of its own). `folded` is fold(line)."""
    match = _SAL_PREFIX.match(folded)
    if match is None:
        return None
    rest = folded[match.end() :]
    if not (_GREETING_ONLY.match(rest) or (ends_with_as_follows(rest) and _LETTER_WORDS.search(rest))):
        return None
    return [line[: match.end()].strip(), line[match.end() :].strip()]


# "孙立国代表:第一次会议第1192号建议办理情况的答复": the tail of the reply's title glued after the salutation.
_TITLE_TAIL_AFTER = re.compile(
    r"[^,。:;!?]{0,40}?第\s?[0-9A-Za-z\-]{1,14}\s?号(?:建议|提案|议案)[^,。:;!?]{0,12}(?:的答复|的复函|的答复函)$"
)


def salutation_before_title_tail(line: str, folded: str) -> str | None:
    """The salutation of a line whose rest after the colon is the tail of the reply's title (a line the
    letter's parts are not found on), or None."""
    match = _SAL_PREFIX.match(folded)
    if match is None or not _TITLE_TAIL_AFTER.match(folded, match.end()) or len(folded) - match.end() > 60:
        return None
    return line[: match.end()].strip()


# "…的答复函王某委员:您提出的…": a title glued to the salutation of a letter on one line.
_TITLE_GLUED = re.compile(
    r"^[^,。:;!?|]{6,120}?(?:的答复函|的复函|的答复|的回复)(?=[^,。:;!?|“”《》\s]{2,20}?(?:委员|代表|同志|界别)(?:们)?\s?:)"
)


def _field_list_cut(line: str) -> list[str] | None:
    """"X关于…的答复函文章属性•【制定机关】X•【公布日期】2022.05.12•【字号】…正文X关于…的答复函王某委员:…": a
    document site's copy on one line, cut into its title, one line per bracketed field and the letter
    after "正文"; None unless the line holds two such fields."""
    starts = [k for k in range(len(line) - 1) if line[k] == "•" and line[k + 1] == "【"]
    if len(starts) < 2:
        return None
    body = line.find("正文", starts[-1])
    ends = [*starts[1:], body if body > 0 else len(line)]
    out = [line[: starts[0]].strip().removesuffix("文章属性").strip()]
    out.extend(line[a:b].strip() for a, b in zip(starts, ends, strict=True))
    if body > 0:
        out.append(line[body + 2 :].strip())
    return [part for part in out if part]


def _summary_over_the_letter(folded: str, folded_below: list[str]) -> bool:
    """"张新民委员:您好!您提出的…收悉,现答复如下:近年来,…" over the letter itself, whose salutation
    ("张新民委员:") stands on a line of its own a few lines below: a page's summary, no one-line letter.
    Both arguments are folded lines (fold keeps one char for one, so folded[:42] is fold(line[:42]))."""
    colon = folded.find(":", 0, 42)
    if colon < 2 or len(folded) <= colon + 20:
        return False
    salutation = folded[: colon + 1]
    return any(other.strip() == salutation for other in folded_below)


def split_compound_lines(lines: list[str]) -> tuple[list[str], bool]:
    """A letter written on one line, cut into the lines a reader sees: its salutation, its
    opening ("…答复如下:"), its body and its signature ("… 赤水市建设局 二00七年七月十七日").
    Table rows with a long cell ("释义 | 王某委员: …") are cut into their cells first."""
    out: list[str] = []
    changed = False
    head_folded = [fold(line) for line in lines[:25]]  # folded once: lines 0-19 are read, and the five below each
    for i, line in enumerate(lines[:20]):
        fields = _field_list_cut(line) if "•【" in line else None
        if fields is not None:
            out.extend(fields[:-1])
            line = fields[-1]
        if ":" in line[:42] or "：" in line[:42]:
            folded = head_folded[i] if fields is None else fold(line)
            summary = _summary_over_the_letter(folded, head_folded[i + 1 : i + 6])  # kept whole, as one line
            parts = [line] if summary else _salutation_cut(line, folded) if len(line) <= 200 else None
            if parts is not None:
                out.extend(parts)
                continue
        if len(line) < 60 or (line.find(":", 0, 50) < 0 and line.find("：", 0, 50) < 0 and "|" not in line):
            out.append(line)
            continue
        head = line[:50]
        if "|" not in line and not ("委" in head or "代" in head or "同志" in head or "界别" in head):
            out.append(line)
            continue
        pieces = [line]
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
            if any(len(c) > 60 for c in cells):
                pieces = [c for c in cells if c]
        for piece in pieces:
            folded = fold(piece)
            match = _SAL_PREFIX.match(folded)
            title = _TITLE_GLUED.match(folded) if "答复" in folded[:130] else None
            if title is not None and _SAL_PREFIX.match(folded[title.end() :]) is not None:
                out.append(piece[: title.end()])
                piece, folded = piece[title.end() :], folded[title.end() :]
                match = _SAL_PREFIX.match(folded)
            front = _FIELDS_BEFORE_SALUTATION.match(folded) if match is None and "签发" in folded[:60] else None
            if front is not None and _SAL_PREFIX.match(folded[front.end() :]) is not None:
                # "X财复字〔2023〕9号 签发人:王某 尊敬的…代表: …": the letterhead's fields stand in front.
                out.append(piece[: front.end()].strip())
                piece, folded = piece[front.end() :], folded[front.end() :]
                match = _SAL_PREFIX.match(folded)
            if match is None or len(folded) - match.end() < 20 or not _LETTER_WORDS.search(folded):
                out.append(piece)
                continue
            changed = True
            salutation = piece[: match.end()].strip()
            # "XX局对…第076号建议的答复 王秀英等代表:": the reply's title stands in front.
            gap = folded.rfind(" ", 0, match.end() - 1)
            if gap > 0 and is_title_line(folded[:gap].strip()):
                out.append(piece[:gap].strip())
                salutation = piece[gap : match.end()].strip()
            out.append(salutation)
            rest = piece[match.end() :].strip()
            follows = AS_FOLLOWS_SPLIT.search(fold(rest))
            if follows is not None and len(rest) - follows.end() >= 10:
                out.append(rest[: follows.end()].strip())
                rest = rest[follows.end() :].strip()
            rest, fields_after = _fields_after_date(rest)
            out.extend(_signed_end(rest))
            out.extend(fields_after)
    out.extend(lines[20:])
    return out, changed


def _fields_after_date(rest: str) -> tuple[str, list[str]]:
    """"…感谢您的支持! 2023年5月8日 联系科室、人员及电话:X科62117 抄送:县政府办公室": the labelled fields
    printed after the date of a letter on one line, cut off it one line a field (the tail's contacts
    and routing, as they stand under the date on paper); none unless a date stands right before them."""
    folded = fold(rest)
    start = _FIELDS_AFTER_DATE.search(folded)
    if start is None or not date_shape(start.group("date"))[0]:
        return rest, []
    cuts = [m.start() for m in _TAIL_FIELD.finditer(folded, start.end("date"))]
    bounds = [*cuts, len(rest)]
    fields = [rest[x:y].strip() for x, y in itertools.pairwise(bounds)]
    return rest[: start.end("date")].strip(), [f for f in fields if f]


def _signed_end(rest: str) -> list[str]:
    """The end of a letter on one line cut into its body, its signer and its date (those it has)."""
    out: list[str] = []
    signature = _TRAILING_SIGNATURE.search(fold(rest))
    if signature is not None and is_unit_name(signature.group("unit")):
        if date_shape(signature.group("date"))[0]:
            body = rest[: signature.start()].strip()
            if body:
                out.append(body)
            out.append(rest[signature.start("unit") : signature.end("unit")])
            out.append(rest[signature.start("date") : signature.end("date")])
            return out
    glued = _GLUED_SIGNATURE.search(fold(rest))
    if glued is not None and is_unit_name(glued.group("unit")):
        # "…的关心支持,,禾春市农业农村局2023年7月3日。": a copy site ran the signer and its date into the
        # last sentence, after a comma and without a space.
        out.append(rest[: glued.start("unit")].strip())
        out.append(rest[glued.start("unit") : glued.end("unit")])
        out.append(rest[glued.start("date") : glued.end("date")])
        return out
    dated = _TRAILING_DATE.search(fold(rest))
    if dated is not None and date_shape(dated.group("date"))[0]:
        # Signed with a date only: "…顺致 身体健康,工作顺利! 2018年7月30日 |". The
        # closing sentences before the date go on a line of their own: with no
        # signer, they tell the date line from page text after the letter.
        body = rest[: dated.start()].strip()
        cut = trailing_closing_cut(fold(body)) if body else None
        if cut is not None:
            out.extend(part for part in (body[:cut].strip(), body[cut:].strip()) if part)
        elif body:
            out.append(body)
        out.append(rest[dated.start("date") : dated.end("date")])
        return out
    out.append(rest)
    return out


def split_line(lines: list[str], folded: list[str], i: int, cuts: list[int]) -> int:
    """Cut lines[i] at the offsets `cuts` (in place); returns the number of lines added."""
    line = lines[i]
    bounds = [0] + [c for c in cuts if 0 < c < len(line)] + [len(line)]
    pieces = [line[a:b].strip() for a, b in itertools.pairwise(bounds)]
    pieces = [p for p in pieces if p]
    if len(pieces) <= 1:
        return 0
    lines[i : i + 1] = pieces
    folded[i : i + 1] = [fold(p) for p in pieces]
    return len(pieces) - 1


def trailing_closing_cut(folded: str) -> int | None:
    """Where the closing sentences glued to the end of a body line begin ("…每日8班。
    非常感谢您对我县旅游工作的关心与支持,…"), or None."""
    if len(folded) < 20 or len(folded) > 3000 or _SENTENCE_END.search(folded) is None:
        return None
    if _CLOSING_WORDS.search(folded, max(0, len(folded) - 160)) is None:
        return None
    cut = None
    ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
    stop = len(folded)
    for pos in reversed(ends):
        # Sentence by sentence from the end: "三、…更加方便。 非常感谢…" is no closing
        # because its last sentence is one.
        if is_closing(folded[pos:stop].strip()):
            cut = stop = pos
        else:
            break
    if cut is None or is_closing(folded[:cut]):
        return None
    return cut

