"""Dates and Chinese numerals as they appear in replies.

Signatures are dated "2025年7月10日", "2021-10-08", "二〇二四年六月二十七日" or, in
older documents, "二00七年…" (Chinese digits mixed with ASCII zeros, or the letter O
or the circle ○ standing for zero; "20l6年…", the letter l standing for one). All of them come out as ISO YYYY-MM-DD; a date
that does not exist on the calendar is no date.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

_CN_DIGIT = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "两": 2, "兩": 2,
}  # fmt: skip



@lru_cache(maxsize=512)
def cn_int(text: str) -> int | None:
    """The value of a small Chinese numeral (一 … 九十九) or of ASCII digits; else None."""
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) > 3:
        return None
    if "十" not in text:
        if len(text) == 1 and text in _CN_DIGIT and _CN_DIGIT[text] > 0:
            return _CN_DIGIT[text]
        return None
    tens, _, units = text.partition("十")
    if "十" in units:
        return None
    t = 1 if tens == "" else _CN_DIGIT.get(tens)
    u = 0 if units == "" else _CN_DIGIT.get(units)
    if t is None or u is None or t == 0:
        return None
    return t * 10 + u


def _year(text: str) -> int | None:
    if text.isascii() and text.isdigit():
        return int(text)
    value = 0
    for ch in text:
        if ch.isascii() and ch.isdigit():
            digit = int(ch)
        elif ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in "lI" and any(c.isdigit() for c in text):
            digit = 1  # "20l6年": a lower-case L (or a capital i) typed for one among the year's digits
        else:
            return None
        value = value * 10 + digit
    return value


def _small(text: str) -> int | None:
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return cn_int(text)


_YEAR_CHARS = r"[0-9〇○零Oo一二三四五六七八九lI]{4}"
_SMALL = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
# Patterns run on folded text (full-width digits already ASCII).
DATE_RE = re.compile(
    rf"(?P<y>{_YEAR_CHARS})\s?年\s?(?P<m>{_SMALL})\s?月\s?(?P<d>{_SMALL})\s?[日号]"
    r"|(?<![0-9])(?P<y2>[12][0-9]{3})(?P<sep>[-./])(?P<m2>[0-9]{1,2})(?P=sep)(?P<d2>[0-9]{1,2})(?![0-9])"
)


def _iso(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None or not 1900 <= y <= 2100:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def match_to_iso(match: re.Match[str]) -> str | None:
    """The ISO date of a DATE_RE match, or None when it is not a calendar date."""
    if match.group("y") is not None:
        return _iso(_year(match.group("y")), _small(match.group("m")), _small(match.group("d")))
    return _iso(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))


def find_date(folded: str) -> str | None:
    """The first valid date in a folded line, as ISO; None if there is none."""
    for match in DATE_RE.finditer(folded):
        iso = match_to_iso(match)
        if iso:
            return iso
    return None


_DATE_LINE_TRIM = " ()[]【】〔〕<>.。,|"


# Web pages that drop the date's characters leave its digits: "20211026", "2025610".
_DIGIT_DATE = re.compile(r"(?P<y>(?:19|20)[0-9]{2})(?P<rest>[0-9]{2,4})")


# "2025 915": the year, a space, then month and day; "2022 年629": the year's 年 kept, the others lost.
_SPACED_DIGIT_DATE = re.compile(r"(?:19|20)[0-9]{2}(?: {1,3}| {0,3}年 {0,3})[0-9]{3,4}")


def digit_date(core: str) -> tuple[bool, str | None]:
    """(shaped, ISO) of a line of 6 to 8 digits: YYYYMMDD, or YYYYMDD / YYYYMMD when only
    one reading is a calendar date, or YYYYMD ("202394") when that is one."""
    match = _DIGIT_DATE.fullmatch(core)
    if match is None:
        return False, None
    year, rest = int(match.group("y")), match.group("rest")
    if len(rest) == 2:
        # Six digits are a date only when they read as one (not "202310", a year and a month).
        iso = _iso(year, int(rest[:1]), int(rest[1:]))
        return iso is not None, iso
    # A run of digits that reads as no calendar date at all ("19990868", a page's id under the
    # letter) is no date line: an impossible date is kept as the date line only when it is written
    # as one ("6月31日"), not when nothing but its digits says so.
    if len(rest) == 4:
        iso = _iso(year, int(rest[:2]), int(rest[2:]))
        return iso is not None, iso
    one_digit_month = _iso(year, int(rest[:1]), int(rest[1:]))  # "2023108" as 1-08
    two_digit_month = _iso(year, int(rest[:2]), int(rest[2:]))  # "2023108" as 10-8
    if one_digit_month is not None and two_digit_month is not None and rest[1] == "0":
        # "2023108": 1-08 pads its day and not its month, as no date is written; 10-8 is read ("2023112",
        # 1-12 or 11-2, stays unread: nothing tells them apart).
        return True, two_digit_month
    readings = {one_digit_month, two_digit_month} - {None}
    return bool(readings), readings.pop() if len(readings) == 1 else None


# Signature dates whose 年 a page lost or garbled: "20246月14", "20235月18日" (年 lost, the digits run
# on), "2019月6月11日" (月 printed for 年). A date whose 年 is printed but whose 日 is lost ("2020年4月27")
# is not one of them: a page cut after its day's first digit looks the same.
_GARBLED_YEAR_DATE = re.compile(
    r"(?P<y>(?:19|20)[0-9]{2})月?\s?(?P<m>[0-9]{1,2})\s?月\s?(?P<d>[0-9]{1,2})\s?[日号]?"
)
# "2025 9 4": year, month and day as numbers separated by spaces.
_SPACED_YMD = re.compile(r"(?P<y>(?:19|20)[0-9]{2}) {1,3}(?P<m>[0-9]{1,2}) {1,3}(?P<d>[0-9]{1,2})")
# "2021年4月" under a signer: a date line without its day (no calendar date).
_YEAR_MONTH = re.compile(r"(?:19|20)[0-9]{2}\s?年\s?[0-9]{1,2}\s?月")
# A footnote mark after a date copied from an encyclopedia page: "二00八年六月十八日[1]".
_FOOTNOTE = re.compile(r"\[[0-9]{1,2}\]$")


def _numeric_date(core: str) -> tuple[bool, str | None]:
    """(shaped, ISO) for the garbled and spaced numeric date lines above; (False, None) else."""
    match = _GARBLED_YEAR_DATE.fullmatch(core) or _SPACED_YMD.fullmatch(core)
    if match is not None:
        return True, _iso(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if _YEAR_MONTH.fullmatch(core):
        return True, None
    return False, None


# A year the page split in two by a space ("20 20年7月28日"), at the line's start.
_SPLIT_YEAR = re.compile(r"(?:19|20)\s+[0-9]{2}\s?年")


def date_shape(folded: str) -> tuple[bool, str | None]:
    """(shaped, ISO) for a line that is only a date: shaped is True when the line has the
    form of a date ("2024年6月31日" too), ISO is None when that date does not exist."""
    if folded[-1:] == "]" and _FOOTNOTE.search(folded):
        folded = _FOOTNOTE.sub("", folded)
    core = folded.strip(_DATE_LINE_TRIM)
    if len(core) > 24 or not core:
        return False, None
    if core[0].isdigit() and core.isdigit():
        return digit_date(core)
    if core[-1] == "日" and core[:-1].isdigit():
        return digit_date(core[:-1])  # "202373日": the page lost 年 and 月, kept 日
    if core[0].isdigit() and (" " in core or "年" in core) and _SPACED_DIGIT_DATE.fullmatch(core):
        return digit_date(core.replace(" ", "").replace("年", ""))
    match = DATE_RE.fullmatch(core)
    if match is None and _SPLIT_YEAR.match(core):
        match = DATE_RE.fullmatch(core[:2] + core[2:].lstrip())  # "20 20年7月28日": a year the page split
    if match is None:
        if core[0].isdigit() and core[-1] in "0123456789日号月" and len(core) <= 14:
            return _numeric_date(core)
        return False, None
    return True, match_to_iso(match)


def date_line(folded: str) -> str | None:
    """The ISO date when the whole (folded) line is a date such as a signature date."""
    return date_shape(folded)[1]


def split_trailing_date(folded: str) -> tuple[int, str] | None:
    """(offset, ISO) when the line ends with a date: "上海市交通委员会 2024年3月5日"."""
    if len(folded) > 80:
        return None
    last = None
    for match in DATE_RE.finditer(folded):
        last = match
    if last is None or folded[last.end() :].strip(_DATE_LINE_TRIM):
        return None
    iso = match_to_iso(last)
    return (last.start(), iso) if iso else None


# A clock as pages print it after a date: "14:34", "9:05:07" (the one spelling for the readers).
CLOCK = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
# A page's publication date as a site prints it, with its clock or not ("2023-11-20 14:34").
PAGE_DATE_AND_CLOCK = rf"[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?:\s+{CLOCK})?"
# "2021-11-22   来源:办公室": a page's publication date in front of a metadata field.
# (also with the field glued to the clock: "2024-01-30 19:10来源:")
DATE_THEN_FIELD = re.compile(rf"^{PAGE_DATE_AND_CLOCK}(?:\s+(?=\S)|(?<=[0-9]:[0-9]{{2}})(?=[\u4e00-\u9fff]))")


def leading_date(folded: str) -> tuple[int, str] | None:
    """(where the rest starts, the ISO date) of a line that opens with an ISO date and goes on
    after a space, else None; the caller decides whether the rest is a metadata field."""
    if not folded[:1].isdigit():
        return None
    match = DATE_THEN_FIELD.match(folded)
    if match is None:
        return None
    iso = find_date(folded[: match.end()])
    return (match.end(), iso) if iso else None
