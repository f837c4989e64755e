"""count_mismatch: a stated count (三方面工作) against the items listed after it."""

from __future__ import annotations

import re

from . import check_cues
from .findings import Finding, msg

# --- 1. stated count vs listed items -------------------------------------------------
_CN_VALUE = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_CN_VALUE["两"] = 2


def cn_value(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if len(numeral) == 1:
        return _CN_VALUE.get(numeral)
    if len(numeral) == 2 and numeral[0] == "十":  # 十一 … 十九
        return 10 + _CN_VALUE.get(numeral[1], 0)
    if len(numeral) == 2 and numeral[1] == "十":  # 二十 …
        return 10 * _CN_VALUE.get(numeral[0], 0)
    return None


_COUNT_RE = re.compile(
    r"(?<![0-9０-９.一二三四五六七八九十百千万两第几])"
    rf"(?P<num>[{check_cues.COUNT_NUMERALS}]|[2-9]|1[0-9])"
    rf"(?P<unit>{'|'.join(check_cues.COUNT_UNITS)})"
    rf"(?P<noun>{'|'.join(check_cues.COUNT_NOUNS)})?"
)
# Item markers, one family each. Line-start families must begin a line (一、 inside a
# sentence is an enumeration comma, not a list).
_N = r"(?P<n>[一二三四五六七八九十]{1,2})"
# Indentation only: \s would cross newlines, and a run of blank lines would then be
# rescanned from every line start (quadratic).
_INDENT = r"[ \t\u3000]{0,8}"
FAMILIES: dict[str, re.Pattern[str]] = {
    "shi": re.compile(_N + r"是(?=[^是])"),  # 一是… 二是…
    "dun": re.compile(r"(?m)^" + _INDENT + _N + r"[、,，.．]"),  # 一、 at a line start
    "paren": re.compile(r"(?m)^" + _INDENT + r"[(（]" + _N + r"[)）]"),  # (一) （一）
    "arabic": re.compile(r"(?m)^" + _INDENT + r"(?P<n>[0-9]{1,2})(?:[.．、]|[)）])(?![0-9])"),  # 1. 2、 3)
    "di": re.compile(r"第" + _N + r"(?:[,，、:：]|是)"),  # 第一,…第二,…
}
# How far after the count phrase the first item may begin: the rest of the sentence and
# the start of the next line.
_FIRST_ITEM_WINDOW = 60


def _first_marker(text: str, pos: int) -> tuple[str, re.Match[str]] | None:
    best: tuple[str, re.Match[str]] | None = None
    for family, pattern in FAMILIES.items():
        m = pattern.search(text, pos, min(len(text), pos + _FIRST_ITEM_WINDOW))
        if m and cn_value(m.group("n")) == 1 and (best is None or m.start() < best[1].start()):
            best = (family, m)
    return best


def _count_items(text: str, family: str, first: re.Match[str], limit: int) -> int:
    """Consecutive items 1, 2, 3 … of one family from `first`; a new 一 ends the list."""
    expected = 2
    for m in FAMILIES[family].finditer(text, first.end(), limit):
        value = cn_value(m.group("n"))
        if value == expected:
            expected += 1
        elif value == 1:
            break
    return expected - 1


def count_findings(text: str, lang: str, index: int | None, limit: int | None = None,
                    top_level: int | None = None) -> list[Finding]:
    """Stated counts in text[:limit]; `top_level` is the number of suggestions, against
    which a count in the preamble that is followed by the suggestions' own headings is
    compared (their markers lie in reply.text)."""
    out = []
    limit = len(text) if limit is None else limit
    for m in _COUNT_RE.finditer(text, 0, limit):
        unit, noun = m.group("unit"), m.group("noun")
        if unit == "个" and not noun:  # 四个 alone: 四个中心 is a name, not a list
            continue
        stated = cn_value(m.group("num"))
        if stated is None or stated < 2:
            continue
        found = _first_marker(text, m.end())
        if found is None:
            continue  # no list follows: nothing to compare
        family, first = found
        if top_level is not None and family == "dun":
            listed, key = top_level, "count_mismatch_preamble"
        else:
            listed, key = _count_items(text, family, first, len(text)), "count_mismatch"
        if listed != stated and listed >= 1:
            excerpt = text[m.start() : m.end()]
            out.append(
                Finding("count_mismatch", "warning", index, m.start(), m.end(), excerpt,
                        msg(key, lang, stated=excerpt, listed=listed))
            )
    return out


