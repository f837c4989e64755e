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


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LIST_NOUN_NEAR = re.compile(
    rf"[^。；;，,：:！!？?\n]{{0,{check_cues.COUNT_NOUN_WITHIN}}}(?:{'|'.join(check_cues.COUNT_NOUNS)})")


def _counts_things(text: str, pos: int) -> bool:
    """Whether the count ending at `pos` is followed by a noun no list announces (道路, 座桥):
    a CJK character, and none of the list nouns (措施, 建议 …) within a few characters."""
    if pos >= len(text) or not _CJK.match(text, pos):
        return False  # 主要有三点: / 以下三项。: the list follows
    return _LIST_NOUN_NEAR.match(text, pos) is None


# The items named in one 、 list right after the count's colon (从三个方面开展了整治:A、B、C、D。): only more
# items than stated are reported (A、B和C is three items, the 、 count is a lower bound).
_DUN_LIST = re.compile(
    r"[^。；;，,：:！!？?\n]{0,12}?[:：][ \t\u3000]?"
    r"(?P<items>(?:[^、。；;，,：:！!？?\n]{1,20}、){1,19}[^、。；;，,：:！!？?\n]{1,20})(?=[。；;，,！!？?\n]|$)")


# The items named in the count's own sentence (被列为工业遗产的有2项,分别为A、B。): the list is there, ended by the
# sentence; a marker further on (…按照“抢救第一,保护为主”的方针 in the next sentence) starts no list of it (k88).
_NAMED_LIST = re.compile(
    r"[,，]?[ \t\u3000]?(?:分别为|分别是|分别有|包括|依次为|即)[:：]?[ \t\u3000]?"
    r"(?P<items>(?:[^、。；;，,：:！!？?\n]{1,30}、){1,19}[^、。；;，,：:！!？?\n]{1,30})(?=[。；;！!？?\n]|$)")


# The items named right before the count, in its own clause (从治标和治本两方面入手 / 从人员、资金、场地三个方面): the count
# sums up what it follows, and the marked list further on (一是… in the next answer) is no list of it (k102). Only a
# count equal to the items named is let go.
_NAMED_BEFORE = re.compile(
    r"(?P<items>[^、和与及，,。；;：:！!？?\n]{1,10}(?:(?:、|和|与|及)[^、和与及，,。；;：:！!？?\n]{1,10}){1,9})$")
_NAMED_BEFORE_BACK = 60
_ITEM_JOIN = re.compile(r"、|和|与|及")  # what joins the items named (治标和治本)
_ANNOUNCES_A_LIST = re.compile(r"[^。；;！!？?\n:：]{0,20}[:：]")  # …两方面入手: : a list follows, compared as any


def _named_before(text: str, pos: int) -> int:
    """How many items are named right before the count at `pos`, in its clause (治标和治本 before 两方面: 2); 0 if none."""
    m = _NAMED_BEFORE.search(text, max(0, pos - _NAMED_BEFORE_BACK), pos)
    return 0 if m is None else len(_ITEM_JOIN.findall(m.group("items"))) + 1


# A count of what the proposal raised (正如您提案中所提的五个问题均存在), right before the count.
_PROPOSAL_BACK = 16
_ABOUT_THE_PROPOSAL = re.compile(
    r"(?:提案|建议|议案|来信|您|你)[^。；;！!？?\n]{0,4}(?:所提|提出|提到|反映|列举|指出)的?[^。；;！!？?\n,，]{0,2}$")


def _inside_title(text: str, pos: int) -> bool:
    """Whether `pos` lies inside a 《…》 name: a 《 opened before it on the same line and not yet closed."""
    line_start = text.rfind("\n", 0, pos) + 1
    opened = text.rfind("《", line_start, pos)
    return opened != -1 and text.find("》", opened, pos) == -1


# A count of the suggestions that concern another unit (提案中提出建议6条,其中涉及我单位6条,涉及会办单位4条): that
# unit's share, answered by it, not a list this letter announces.
_OTHER_UNITS_BACK = 16
_OTHER_UNITS = re.compile(r"(?:会办|协办|其他|其它|兄弟|别的)(?:单位|部门)[^。；;，,、\n]{0,8}$")


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
        if unit in check_cues.THING_COUNT_UNITS and not noun and _counts_things(text, m.end()):
            continue  # 4条村级道路 counts roads; it announces no list
        stated = cn_value(m.group("num"))
        if stated is None or stated < 2:
            continue
        if _inside_title(text, m.start()):
            continue  # 《…扶持村级集体经济十条意见》: a document's name, not a count of what follows
        if _OTHER_UNITS.search(text, max(0, m.start() - _OTHER_UNITS_BACK), m.start()):
            continue  # 涉及会办单位4条: another unit's share, not this letter's list
        if noun == "问题" and _ABOUT_THE_PROPOSAL.search(text, max(0, m.start() - _PROPOSAL_BACK), m.start()):
            # 您提案中所提的五个问题: the problems the proposal raised, not the answer's own list
            # (您提出的三条建议 followed by two answers stays compared)
            continue
        if _named_before(text, m.start()) == stated and not _ANNOUNCES_A_LIST.match(text, m.end()):
            continue  # 从治标和治本两方面入手, not …两方面入手: : the count sums up the items it follows
        found = _first_marker(text, m.end())
        named = _NAMED_LIST.match(text, m.end())
        if named is not None and (found is None or found[1].start() >= named.end()):
            # the items named in the sentence (分别为A、B): compared with the count, the and-word (A、B和C) makes the
            # 、 count a lower bound, so only more items than stated are reported
            listed, key = named.group("items").count("、") + 1, "count_mismatch"
            if listed <= stated:
                continue
        elif found is None:
            # no marked list: the items may be named in one 、 list after a colon (三个方面:A、B、C、D);
            # fewer named than stated is not reported (A、B和C: the 、 count is a lower bound)
            inline = _DUN_LIST.match(text, m.end())
            if inline is None:
                continue  # no list follows: nothing to compare
            listed, key = inline.group("items").count("、") + 1, "count_mismatch"
            if listed <= stated:
                continue
        else:
            family, first = found
            if top_level is not None and family == "dun":
                listed, key = top_level, "count_mismatch_preamble"
            else:
                listed, key = _count_items(text, family, first, len(text)), "count_mismatch"
            if listed == stated or listed < 1:
                continue
        excerpt = text[m.start() : m.end()]
        out.append(Finding("count_mismatch", "warning", index, m.start(), m.end(), excerpt,
                           msg(key, lang, stated=excerpt, listed=listed)))
    return out


# --- 1b. stated counts of the suggestions that contradict each other ---------------------------
# 提案中提出建议3条,其中涉及我单位1条,我单位采纳落实2条: more adopted than concern the unit.
# The numeral is the group `n` (or `m`); the cue data in check_cues has no capturing groups.
_NUMERAL = r"[0-9]{1,2}|[一二两三四五六七八九十]{1,3}"
_TOTAL = re.compile(  # 提出建议3条 / 共提出4条建议
    rf"(?:建议|意见)(?:共|共计|合计)?(?P<n>{_NUMERAL})条|(?:共|共计|合计)(?:提出)?了?(?P<m>{_NUMERAL})条(?:建议|意见)")
_SCOPE = re.compile(rf"涉及(?:我|本)(?:单位|局|委|厅|办|部门|中心|院|公司)?的?有?(?P<n>{_NUMERAL})条")
_ADOPTED = re.compile(rf"(?:采纳落实|采纳|落实|吸纳|办结)了?(?:其中)?(?P<n>{_NUMERAL})条")
_SENTENCE_END = re.compile(r"[。！!？?\n]")
_COUNT_HEAD = 2500  # the counts are stated at the top, beside the opening


def _value(m: re.Match[str]) -> int | None:
    numeral = m.groupdict().get("n") or m.groupdict().get("m")
    return cn_value(numeral) if numeral else None


def stated_count_findings(text: str, lang: str) -> list[Finding]:
    """A count of suggestions adopted that is larger than the count of suggestions there are, or
    that concern the unit, stated before it in the same sentence (in text, the reply's text)."""
    out = []
    head = min(len(text), _COUNT_HEAD)
    for m in _ADOPTED.finditer(text, 0, head):
        adopted = _value(m)
        if adopted is None:
            continue
        start = _sentence_start(text, m.start())
        found = [(s, _value(s)) for pattern in (_TOTAL, _SCOPE) for s in pattern.finditer(text, start, m.start())]
        scopes = [(s, v) for s, v in found if v is not None]
        if not scopes:
            continue
        scope, limit = min(scopes, key=lambda sv: sv[1])
        if adopted > limit:
            excerpt = text[m.start():m.end()]
            out.append(Finding("count_mismatch", "warning", None, m.start(), m.end(), excerpt,
                               msg("count_contradiction", lang, stated=excerpt, scope=scope.group(0))))
    return out


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins (a bounded look back: linear over the text)."""
    lo = max(0, pos - 400)
    ends = [e.end() for e in _SENTENCE_END.finditer(text, lo, pos)]
    return ends[-1] if ends else lo
