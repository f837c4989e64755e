"""impossible_date, broken_date, future_date, date_before_session: dates on no calendar, dates that
lost their 年/月/日 marks, dates after today, or before the proposal."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Iterator

from ..model import Reply

# (the same reading of 二〇二四 as the parser's: cppcc_review.store.reading.dates)
from ..reading.dates import DATE_RE, _year, cn_int, digit_date, match_to_iso
from ..traditional_fold import fold
from .findings import Finding, msg

# --- 3b. impossible dates -----------------------------------------------------------------
# 6月31日, 2月30日, 13月: a date that is on no calendar is a typing slip wherever it is.
_CN_SMALL = "〇零一二三四五六七八九十"
_ANY_DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)[0-9]{{2}}|[〇○零O一二三四五六七八九]{{4}})\s?年\s?)?"
    rf"(?<![0-9{_CN_SMALL}])(?P<m>[0-9]{{1,2}}|[{_CN_SMALL}]{{1,3}})\s?月\s?(?P<d>[0-9]{{1,2}}|[{_CN_SMALL}]{{1,3}})\s?[日号]"
    r"|(?<![0-9])(?P<y2>(?:19|20)[0-9]{2})(?P<sep>[-./])(?P<m2>[0-9]{1,2})(?P=sep)(?P<d2>[0-9]{1,2})(?![0-9])"
)


def _small_number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_int(text)


def _impossible(y: int | None, m: int | None, d: int | None) -> bool:
    if m is None or d is None:
        return False
    if not 1 <= m <= 12 or d < 1:
        return True
    last = calendar.monthrange(y if y else 2024, m)[1]  # without a year, 2月29日 is possible
    return d > last


# A year written with 月 before the month (2019月6月11日): on no calendar, a typing slip in the date's first part.
_YEAR_AS_MONTH = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}\s?月\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}\s?[日号]")


def impossible_date_findings(text: str, lang: str) -> list[Finding]:
    return [Finding("impossible_date", "warning", None, s, e, text[s:e], msg("impossible_date", lang, date=text[s:e]))
            for s, e in _impossible_spans(text.translate(_FOLD_DIGITS))]


def _impossible_spans(folded: str) -> Iterator[tuple[int, int]]:
    """Where the dates on no calendar stand: a year written with 月, then every date whose month or day is none."""
    for m in _YEAR_AS_MONTH.finditer(folded):
        yield m.span()
    for m in _ANY_DATE.finditer(folded):
        y: int | None
        mo: int | None
        d: int | None
        if m.group("y2"):
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        else:
            y = _year(m.group("y")) if m.group("y") else None
            mo, d = _small_number(m.group("m")), _small_number(m.group("d"))
        if _impossible(y, mo, d):
            yield m.span()


# --- 3c. broken dates -------------------------------------------------------------------
# 2018828, 2023529日, 20173月, 2018年710: a date whose 年/月/日 marks were lost (mostly by the web page that
# printed the letter). It is still a date for missing_date (check_parts), but a reader cannot tell which day
# it is (2023108: 10月8日 or 1月08日?), and both raters of every real collection wrote it down as a problem.
# Read only where nothing else can stand: the year glued to a month that keeps its 月, digits glued up to a
# 日, or a line holding nothing but such digits (the signature's date); a run inside a sentence with no mark
# at all (我县2019121全面推行) is left alone, as are 文号, numbers, amounts and links (no 月/日, not a line
# of their own).
_GLUED_MONTH = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([0-9]{1,2})\s?月")
_GLUED_DAY = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([0-9]{2,4})\s?日")
_DIGITS_LINE = re.compile(r"^[ \t\u3000]*((?:19|20)[0-9]{2})(?:\s?年\s?([0-9]{3,4})|([0-9]{2,4}))[ \t\u3000]*$", re.M)


def _broken_spans(folded: str) -> Iterator[tuple[int, int]]:
    for m in _GLUED_MONTH.finditer(folded):
        if 1 <= int(m.group(2)) <= 12:
            yield m.span()
    # (the digits read as the parser reads a signature date that lost its marks: some split of them is a month
    # and a day of that year's calendar, reading.dates.digit_date)
    for m in _GLUED_DAY.finditer(folded):
        if digit_date(m.group(1) + m.group(2))[0]:
            yield m.span()
    numbers: set[str] | None = None  # the digits the text prints as a number, read once (linear in the text)
    for m in _DIGITS_LINE.finditer(folded):
        if not digit_date(m.group(1) + (m.group(2) or m.group(3)))[0]:
            continue
        if numbers is None:
            numbers = set(_PRINTED_NUMBER.findall(folded))
        if m.group(0).strip() in numbers or _under_a_number_label(folded, m.start()):
            continue
        yield m.start(1), m.end(2) if m.group(2) else m.end(3)


# A record page prints a field's label and its value on lines of their own ("建议提案编号" / "2024085", real-fresh-30's
# b024): digits the text also prints as a number (第2024085号) or under a label naming one (…编号, 号码, 索引号,
# 文号: a word ending in 号) are that number.
_PRINTED_NUMBER = re.compile(r"(?<![0-9])([0-9]{6,8})\s?号")
_NUMBER_LABEL = re.compile(r"(?:号码|[^0-9\s]号)\s?[:：]?\s*$")


def _under_a_number_label(folded: str, line_start: int) -> bool:
    """Whether the nearest line above with any text (blank lines skipped) is a label naming a number."""
    end = line_start
    while end > 0:
        start = folded.rfind("\n", 0, end - 1) + 1
        above = folded[start : end - 1] if folded[end - 1] == "\n" else folded[start:end]
        if above.strip():
            return _NUMBER_LABEL.search(above) is not None
        end = start
    return False


def broken_date_findings(text: str, lang: str) -> list[Finding]:
    # read folded to simplified characters (one for one): a traditional page's 編號 / 第20240303號 names a number
    # as 编号 / 号 do
    spans = sorted(set(_broken_spans(fold(text).translate(_FOLD_DIGITS))))
    return [Finding("broken_date", "info", None, s, e, text[s:e], msg("broken_date", lang, date=text[s:e]))
            for s, e in spans]


# --- 6. dates ---------------------------------------------------------------------------
_FOLD_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PROPOSAL_YEAR = re.compile(r"第\s*((?:19|20)[0-9]{2})[0-9]{3,5}\s*号")


def _dates_in(text: str) -> list[tuple[int, int, str]]:
    folded = text.translate(_FOLD_DIGITS)  # one character for one: offsets stay valid
    out = []
    for m in DATE_RE.finditer(folded):
        iso = match_to_iso(m)
        if iso:
            out.append((m.start(), m.end(), iso))
    return out


def _date_span(reply: Reply) -> tuple[int, int]:
    if not reply.date:
        return (0, 0)
    found = [(s, e) for s, e, iso in _dates_in(reply.text) if iso == reply.date]
    return found[-1] if found else (0, 0)  # the signature date is the last one


def as_date(value: _dt.date | str | None) -> _dt.date:
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def date_findings(reply: Reply, today: _dt.date, proposal: str | None, lang: str) -> list[Finding]:
    if not reply.date:
        return []
    try:
        dated = _dt.date.fromisoformat(reply.date)
    except ValueError:
        return []
    out = []
    s, e = _date_span(reply)
    if dated > today:
        out.append(Finding("future_date", "warning", None, s, e, reply.text[s:e],
                           msg("future_date", lang, date=reply.date, today=today.isoformat())))
    session: str | None = None
    if proposal:
        found = sorted(iso for _s, _e, iso in _dates_in(proposal))
        if found:
            session = found[0]  # the proposal's own (earliest) date: when it was made
    if session is None and reply.proposal_no:
        m = _PROPOSAL_YEAR.search(reply.proposal_no)
        # (a year only, 第20232006号; digits that would be a year well after today are a running number, 第2093193号;
        # next year is allowed, as a clock or a session numbered ahead may be)
        if m and int(m.group(1)) <= today.year + 1:
            session = m.group(1)
    if session and reply.date[: len(session)] < session:
        out.append(Finding("date_before_session", "warning", None, s, e, reply.text[s:e],
                           msg("date_before_session", lang, date=reply.date, session=session)))
    return out


