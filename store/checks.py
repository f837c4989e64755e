"""Quality checks on a reply: what a careful reader would point out.

`check_reply(reply)` returns `Finding`s, each with a stable English `kind`, a severity,
the suggestion it concerns (1-based, None for the whole reply), the exact span of text
(`start`/`end` into that suggestion's `text`, or into `reply.text` when `suggestion` is
None; `excerpt == text[start:end]`, empty for something missing) and a one-line message
in Chinese (or English with lang="en").

Findings advise; they never change a rating. Every pattern here is linear-time (bounded
gaps, no nested quantifiers), and the repeated-phrase scan is a single pass with a
k-gram table, so a megabyte of text is checked in well under a second.

Kinds (stable; scripts may rely on them):
  count_mismatch            "三方面工作" followed by four items 一是…四是
  repeated_phrase           a long phrase written again a few characters later in one sentence
  doubled_phrase            a phrase of >= 4 characters written twice back to back (加快推进加快推进)
  impossible_date           a date on no calendar (6月31日)
  missing_doc_no / missing_date / missing_signer / missing_salutation /
  missing_opening / missing_closing
  past_only                 only general past work (近年来…), nothing done or planned for the ask
  vague_response            next steps with only 研究/探索/推动-type verbs, nothing checkable
  label_contradiction       the declared result disagrees with the wording (or with a mixed set)
  future_date               the reply is dated after today
  date_before_session       the reply is dated before the proposal was made
  suggestion_not_addressed  a suggestion of the proposal the reply does not take up
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from store import check_cues, cues, hints
from store.model import Rating, Reply, ReplyKind

SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str  # info | warning | error
    suggestion: int | None  # 1-based index, None for the whole reply
    start: int
    end: int
    excerpt: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Stable keys, in a fixed order, for YAML / JSON output."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "suggestion": self.suggestion,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
        }

    def sort_key(self) -> tuple:
        return (self.suggestion or 0, self.start, self.end, self.kind, self.message)


# --- messages ---------------------------------------------------------------------
_MESSAGES: dict[str, tuple[str, str]] = {
    "count_mismatch": ("称“{stated}”,其后列出{listed}项", "says “{stated}” but lists {listed} items"),
    "count_mismatch_preamble": (
        "称“{stated}”,其后答复了{listed}条建议",
        "says “{stated}” but answers {listed} suggestions",
    ),
    "repeated_phrase": ("“{phrase}”在同一句内重复出现", "“{phrase}” is repeated within one sentence"),
    "doubled_phrase": ("“{phrase}”连写了两遍", "“{phrase}” is written twice in a row"),
    "missing_doc_no": ("未找到文号", "no document number (文号) found"),
    "missing_date": ("未找到落款日期", "no date found"),
    "missing_signer": ("未找到落款单位", "no signing unit found"),
    "missing_salutation": ("未找到称谓(如“XX委员:”)", "no salutation (such as “XX委员:”) found"),
    "missing_opening": (
        "未找到引述提案的开头语(如“…收悉,现答复如下”)",
        "no opening that quotes the proposal (such as “…收悉,现答复如下”)",
    ),
    "missing_closing": ("未找到结束语(如“感谢…关心和支持”)", "no closing line (such as “感谢…关心和支持”)"),
    "past_only": (
        "只介绍了以往的总体工作,没有针对本条建议的举措或下一步安排",
        "only general past work is described; nothing done or planned for this suggestion",
    ),
    "vague_response": (
        "下一步只有“{verb}”等表态,没有数字、时间、具名政策或责任单位",
        "next steps only say “{verb}” and the like: no figure, date, named policy or responsible unit",
    ),
    "label_contradiction": (
        "申报结果“{label}”即{mapped},但答复措辞指向{worded}{why}",
        "declared “{label}” means {mapped}, but the wording points to {worded}{why}",
    ),
    "impossible_date": ("“{date}”不是有效日期", "“{date}” is not a date on any calendar"),
    "label_mixed": (
        "申报结果“{label}”即{mapped},但各条建议的措辞分别指向:{mix}",
        "declared “{label}” means {mapped}, but the suggestions' wording points to: {mix}",
    ),
    "future_date": ("落款日期{date}晚于今天({today})", "dated {date}, after today ({today})"),
    "date_before_session": (
        "落款日期{date}早于提案提出({session})",
        "dated {date}, before the proposal was made ({session})",
    ),
    "suggestion_not_addressed": (
        "提案第{n}条建议未见答复:{item}",
        "suggestion {n} of the proposal is not answered: {item}",
    ),
}
_RATING = {
    Rating.ADOPTED: ("采纳", "adopted"),
    Rating.PARTIALLY_ADOPTED: ("部分采纳", "partially adopted"),
    Rating.EXPLAINED: ("解释说明", "explained"),
}


def _msg(key: str, lang: str, **values: Any) -> str:
    zh, en = _MESSAGES[key]
    return (en if lang == "en" else zh).format(**values)


# --- 1. stated count vs listed items -------------------------------------------------
_CN_VALUE = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_CN_VALUE["两"] = 2


def _cn_value(numeral: str) -> int | None:
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
_FAMILIES: dict[str, re.Pattern[str]] = {
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
    for family, pattern in _FAMILIES.items():
        m = pattern.search(text, pos, min(len(text), pos + _FIRST_ITEM_WINDOW))
        if m and _cn_value(m.group("n")) == 1 and (best is None or m.start() < best[1].start()):
            best = (family, m)
    return best


def _count_items(text: str, family: str, first: re.Match[str], limit: int) -> int:
    """Consecutive items 1, 2, 3 … of one family from `first`; a new 一 ends the list."""
    expected = 2
    for m in _FAMILIES[family].finditer(text, first.end(), limit):
        value = _cn_value(m.group("n"))
        if value == expected:
            expected += 1
        elif value == 1:
            break
    return expected - 1


def _count_findings(text: str, lang: str, index: int | None, limit: int | None = None,
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
        stated = _cn_value(m.group("num"))
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
                        _msg(key, lang, stated=excerpt, listed=listed))
            )
    return out


# --- 2. repeated and doubled phrases -------------------------------------------------------
# On real replies a phrase that occurs twice is nearly always deliberate: the names of
# documents (《…条例》 cited twice), lists (stops of two bus lines, the same units in two
# sentences), quoted text and a term used twice in normal prose. What is a slip:
# - a phrase of >= 4 characters written twice back to back (加快推进加快推进): doubled_phrase;
# - a long phrase (>= _K characters) written again a few characters later in the same
#   sentence, neither copy inside 《》, “” or 「」 (做强技术转移转化、科技金融、知识产权服务,
#   培育发展技术转移转化、科技金融、知识产权服务): repeated_phrase.
_K = 10  # the shortest repeat worth reporting within a sentence
_MIN_CJK = 8  # of which at least this many CJK characters
_MAX_GAP = 8  # characters between the end of the first copy and the second: a slip is close
# A list of names (stops, roads, villages, units) is written twice on purpose (the stops
# of both directions of a line): every item ends like a name.
_NAME_ITEM = re.compile(
    r"(?:站|路|街|道|巷|村|社区|区|县|镇|乡|号|线|桥|港|场|园|湖|河|山|局|委|厅|办|院|校|所|馆|中心|公司|集团|医院)$"
)
# A document named without 《》 (…管理办法 cited twice) is a name, not a slip.
_DOCUMENT_END = re.compile(r"(?:办法|规定|条例|细则|方案|意见|通知|计划|规划|标准|规范|指引|导则|纲要)$")
_SENTENCE_END_RE = re.compile(r"[。！？!?；;]")
_TRIM = " \t,，、。；;:：!！?？“”\"'()（）《》"
_MAX_REPEATS_PER_TEXT = 5
_MAX_EXCERPT = 120
# X X back to back, X of 4-20 CJK characters; the alternatives are tried from the longest
# down at each position: bounded work per position, linear overall.
_DOUBLED_RE = re.compile(r"([\u4e00-\u9fff]{4,20})\1")
# Quoted stretches, where a repeat is a quotation or a name, not a slip (bounded: a run of
# 《 fails at once).
_QUOTED_RE = re.compile(r"《[^《》\n]{0,80}》|“[^“”\n]{0,200}”|「[^「」\n]{0,80}」|\"[^\"\n]{0,200}\"")


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _match_length(text: str, j: int, i: int, end: int) -> int:
    """Length of the common run of text[j:] and text[i:] (j < i), capped at end - i;
    compared in growing slices so the work is done in C."""
    length, step = 0, 16
    cap = end - i
    while length < cap:
        n = min(step, cap - length)
        if text[j + length : j + length + n] == text[i + length : i + length + n]:
            length += n
            step *= 2
        elif step > 1:
            step //= 4 if step >= 4 else 2
            step = max(step, 1)
        else:
            break
    return length


_LONG_LINE = re.compile("[^\n]{%d,}" % _K)  # only lines that can hold a repeat


def _doubled_findings(text: str, lang: str, index: int | None, lo: int = 0, hi: int | None = None) -> list[Finding]:
    hi = len(text) if hi is None else hi
    out: list[Finding] = []
    for m in _DOUBLED_RE.finditer(text, lo, hi):
        unit = m.group(1)
        if len(set(unit)) < 2:
            continue  # 哈哈哈哈哈哈哈哈: a run of one character is no phrase
        if len(unit) % 2 == 0 and unit[: len(unit) // 2] == unit[len(unit) // 2 :] and len(unit) // 2 < 4:
            continue  # 研究研究研究研究 is 研究 four times: reported, if at all, as the shorter unit
        s, e = m.start() + len(unit), m.end()  # the second copy
        out.append(Finding("doubled_phrase", "warning", index, s, e, text[s:e],
                           _msg("doubled_phrase", lang, phrase=unit)))
        if len(out) >= _MAX_REPEATS_PER_TEXT:
            break
    return out


def _repeat_findings(text: str, lang: str, index: int | None, lo: int = 0, hi: int | None = None) -> list[Finding]:
    hi = len(text) if hi is None else hi
    out: list[Finding] = []
    for para in _LONG_LINE.finditer(text, lo, hi):
        if len(out) >= _MAX_REPEATS_PER_TEXT:
            break
        out.extend(_repeats_in_line(text, para.start(), para.end(), lang, index, _MAX_REPEATS_PER_TEXT - len(out)))
    return out


def _in_quotes(quoted: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) overlaps a quoted stretch (the spans are sorted and disjoint)."""

    k = bisect.bisect_right(quoted, (b, b)) - 1
    while k >= 0 and quoted[k][1] > a:
        if quoted[k][0] < b:
            return True
        k -= 1
    return False


def _is_name(phrase: str) -> bool:
    """A document's name, or a list whose every item is a name (站, 路, 村, 局 …)."""
    if _DOCUMENT_END.search(phrase):
        return True
    items = [x.strip() for x in re.split(r"[、,，]", phrase) if x.strip()]
    return len(items) >= 2 and all(_NAME_ITEM.search(x) for x in items)


def _repeats_in_line(text: str, lo: int, hi: int, lang: str, index: int | None, budget: int) -> list[Finding]:
    out: list[Finding] = []
    quoted = [m.span() for m in _QUOTED_RE.finditer(text, lo, hi)]
    # the names of documents in the line: a phrase that is part of one is a term (大熊猫国家
    # 公园体制试点, named in 《大熊猫国家公园体制试点方案》 and then used twice in prose)
    titles = [text[a + 1 : b - 1] for a, b in quoted if text[a] == "《"]
    seen: dict[str, int] = {}  # k-gram -> its latest start
    i = lo
    while i + _K <= hi and len(out) < budget:
        gram = text[i : i + _K]
        j = seen.get(gram)
        seen[gram] = i
        if j is not None and j + _K > i:
            # the gram overlaps its own previous copy: a periodic run (哈哈哈…, 一是一是…)
            # is no phrase; jump over it instead of looking at each of its positions
            i += max(1, _match_length(text, j, i, hi) - _K + 1)
            continue
        if j is None or not _cjk(gram[0]):
            i += 1
            continue
        # the repeated unit: the two copies do not overlap, so the run is capped at i - j
        length = _match_length(text, j, i, min(hi, i + (i - j)))
        s, e = i, i + length
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        phrase = text[s:e]
        gap = i - (j + length)  # 0: back to back (a doubled phrase, reported as such)
        if (
            len(phrase) >= _K
            and sum(1 for ch in phrase if _cjk(ch)) >= _MIN_CJK
            and 0 < gap <= _MAX_GAP
            and _SENTENCE_END_RE.search(text, j, i) is None
            and not _in_quotes(quoted, j, j + length)
            and not _in_quotes(quoted, s, e)
            and not _is_name(phrase)
            and not any(phrase in title for title in titles)
        ):
            e = min(e, s + _MAX_EXCERPT)
            shown = phrase if len(phrase) <= 30 else phrase[:29] + "…"
            out.append(Finding("repeated_phrase", "warning", index, s, e, text[s:e],
                               _msg("repeated_phrase", lang, phrase=shown)))
        # skip the whole repeated run (periodic text is one look, not thousands)
        i += max(_match_length(text, j, i, hi), 1)
    return out


# --- 3. missing parts -----------------------------------------------------------------
# A part is reported missing only when it is missing from the text, not when the parser
# did not find it: before reporting, the text itself is looked at (a date line near the
# end, a 会办 closing "以上意见供你单位…参考", a 收悉 line near the top …). Where the
# parser failed, that is its parse warning (Reply.parse_warnings, when the parser sets
# them), not a finding about the reply.
_TAIL_CHARS = 600  # the closing, signer and date are within the last characters
_PART_PRESENT: dict[str, re.Pattern[str]] = {
    # a 文号, even a broken one (湘阴交议复字〔202312 …): the part is there
    # (通区府议〔202323: any character before 〔 and a year)
    "missing_doc_no": re.compile(r"[〔【\[(（]\s?(?:19|20)[0-9]{2}\s?[〕】\])）]\s?第?\s?[0-9]{1,6}\s?号|[\u4e00-\u9fff]〔(?:19|20)[0-9]{2}"),
    "missing_salutation": re.compile(r"(?m)^[ \t\u3000]*[^\n。:：]{1,40}[:：][ \t\u3000]*$"),
    "missing_opening": re.compile(r"收悉|收到了|已收到|转来的|答复如下|函复如下|报告如下|现答复|意见如下"),
    # thanks, 特此函复, and the co-handlers' closings: 以上意见供你单位研究参考 / 以上意见,请…
    "missing_closing": re.compile(
        r"感谢|谢谢|关心[和与及]支持|特此(?:函复|答复|复函|回复|说明|函告)|此复|专此函复|此致"
        r"|以上[^\n。]{0,24}(?:参考|参阅|酌处|酌定|考虑)"  # 以上意见供你单位研究参考 / 以上供你单位…参考
        r"|以上(?:是|为)[^\n。]{0,40}答复|敬请反馈|如有(?:意见|不妥)"
    ),
}
# The handling unit named in a field instead of a signature line (承办单位:…交通运输局).
_SIGNER_FIELD = re.compile(r"(?:承办单位|办理单位|答复单位|发文机关)\s*[:：]\s*\S{2,}")
_HEAD_CHARS = 2500  # the salutation and opening come after any amount of page metadata
_DATE_NEAR_END = re.compile(
    r"(?:(?:19|20)[0-9]{2}|[〇○零O一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,3}\s?月\s?[0-9一二三四五六七八九十]{1,3}\s?[日号]"
    r"|(?:19|20)[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2}"
)
_SIGNER_NEAR_END = re.compile(
    r"(?m)^[ \t\u3000]*[^\n。,，;；:：!?！？]{2,40}(?:委员会|委|局|厅|办公室|办|政府|中心|部|院|署|公司|集团|会|处|站|馆|队|支队)"
    r"[ \t\u3000]*(?:[（(]?(?:盖章|印章|章)[)）]?)?[ \t\u3000]*$"
)
# Parse warnings (Reply.parse_warnings) that say the parser could not read a part.
_PART_WORDS = {
    "missing_doc_no": ("doc_no", "文号"),
    "missing_date": ("date",),
    "missing_signer": ("signer", "handler"),
    "missing_salutation": ("salutation",),
    "missing_opening": ("opening",),
    "missing_closing": ("closing",),
}


def _present_in_text(kind: str, reply: Reply) -> bool:
    """Whether the text shows the part the parser did not report."""
    text = reply.text or ""
    if kind == "missing_date":
        return _DATE_NEAR_END.search(text, max(0, len(text) - _TAIL_CHARS)) is not None
    tail_start = max(0, len(text) - _TAIL_CHARS)
    if kind == "missing_signer":
        return (_SIGNER_NEAR_END.search(text, tail_start) is not None
                or _SIGNER_FIELD.search(text, tail_start) is not None)
    folded = text.translate(hints._FOLD)  # 感謝…關心 in traditional text
    if kind == "missing_closing":
        return _PART_PRESENT[kind].search(folded, tail_start) is not None
    return _PART_PRESENT[kind].search(folded, 0, _HEAD_CHARS) is not None


def _missing_findings(reply: Reply, lang: str) -> list[Finding]:
    out = []
    warnings = [str(w) for w in (getattr(reply, "parse_warnings", None) or [])]
    checks = (
        ("missing_doc_no", reply.doc_no, "info"),
        ("missing_date", reply.date, "warning"),
        ("missing_signer", reply.handler, "warning"),
        ("missing_salutation", reply.salutation, "warning"),
        ("missing_opening", reply.opening, "warning"),
        ("missing_closing", reply.closing, "info"),
    )
    for kind, value, severity in checks:
        if value and str(value).strip():
            continue
        if any(word in w for w in warnings for word in _PART_WORDS[kind]):
            continue  # the parser says it could not read this part: a parse warning, not ours
        if _present_in_text(kind, reply):
            continue  # in the text, only not found by the parser
        if kind == "missing_salutation" and reply.kind == ReplyKind.CO_HANDLER_OPINION:
            severity = "info"  # a co-handler's opinion goes to the lead unit, often unaddressed
        out.append(Finding(kind, severity, None, 0, 0, "", _msg(kind, lang)))
    return out


# --- 3b. impossible dates -----------------------------------------------------------------
# 6月31日, 2月30日, 13月: a date that is on no calendar is a typing slip wherever it is.
_CN_SMALL = "〇零一二三四五六七八九十"
_ANY_DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)[0-9]{{2}}|[〇○零O一二三四五六七八九]{{4}})\s?年\s?)?"
    rf"(?<![0-9{_CN_SMALL}])(?P<m>[0-9]{{1,2}}|[{_CN_SMALL}]{{1,3}})\s?月\s?(?P<d>[0-9]{{1,2}}|[{_CN_SMALL}]{{1,3}})\s?[日号]"
    r"|(?<![0-9])(?P<y2>(?:19|20)[0-9]{2})(?P<sep>[-./])(?P<m2>[0-9]{1,2})(?P=sep)(?P<d2>[0-9]{1,2})(?![0-9])"
)


def _small_number(text: str) -> int | None:
    from store.reading.dates import cn_int

    return int(text) if text.isdigit() else cn_int(text)


def _impossible(y: int | None, m: int | None, d: int | None) -> bool:
    import calendar

    if m is None or d is None:
        return False
    if not 1 <= m <= 12 or d < 1:
        return True
    last = calendar.monthrange(y if y else 2024, m)[1]  # without a year, 2月29日 is possible
    return d > last


def _impossible_date_findings(text: str, lang: str) -> list[Finding]:
    from store.reading.dates import _year  # the same reading of 二〇二四 as the parser's

    out = []
    folded = text.translate(_FOLD_DIGITS)
    for m in _ANY_DATE.finditer(folded):
        if m.group("y2"):
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        else:
            y = _year(m.group("y")) if m.group("y") else None
            mo, d = _small_number(m.group("m")), _small_number(m.group("d"))
        if _impossible(y, mo, d):
            out.append(Finding("impossible_date", "warning", None, m.start(), m.end(), text[m.start():m.end()],
                               _msg("impossible_date", lang, date=text[m.start():m.end()])))
    return out


# --- 4. past only / vague ---------------------------------------------------------------
_NEXT_STEP = re.compile(r"下一步|下步|下阶段|今后|接下来|后续")
_VAGUE_LONG = 150  # a plan this long that names nothing checkable is worth a note, not a warning


# A named target makes a plan checkable even without a date or a figure.
_CONCRETE_TARGET = re.compile("|".join(check_cues.CONCRETE_TARGETS))


def _covers(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


_ENUMERATED = re.compile(r"一是[^\n]*二是|[(（]1[)）][^\n]*[(（]2[)）]")
_YEAR_STEP = re.compile(r"(?:19|20)[0-9]{2}\s*年")


def _vagueness_findings(text: str, lang: str, index: int, year: int | None = None) -> list[Finding]:
    sig = hints.signals(text, year)
    if sig.explained:
        return []  # an explanation is judged on its reasons, not on its plans
    if not (sig.planned or sig.condition):  # 待…后 / 视效果逐步推广 is a next step too
        # Finished work needs no next step, and a text with no cue at all may be finished
        # work in words the cues do not know (夜市营业时间由晚上10点延长到12点): only an
        # account of general past work (近年来…, 累计…) and nothing else is worth a word.
        folded = text.translate(hints._FOLD)
        context = hints.find_spans(folded, cues.CONTEXT_CUES)
        # (not where the account lists measures, 一是…二是…, or dates a step of its own,
        # 2023年县财政为西营中心校安排维修改造资金130余万元: that is work on the ask)
        measures = _ENUMERATED.search(folded) is not None or any(
            _YEAR_STEP.search(folded, a, b) and not _covers(context, (a, b))
            for a, b in (m.span() for m in hints._SENTENCE.finditer(folded)))
        if context and not measures and not sig.n_action and all(_covers(context, d) for d in sig.done):
            s, e = context[0]
            return [Finding("past_only", "warning", index, s, e, text[s:e], _msg("past_only", lang))]
        return []
    m = _NEXT_STEP.search(text)
    marker_at = m.start() if m else None
    firsts = [spans[0][0] for spans in (sig.planned, sig.condition) if spans]
    plan_start = m.start() if m else min(firsts)
    if any(s >= plan_start for s, _e, _k in sig.concrete):
        return []
    folded = text.translate(hints._FOLD)
    if any(m.start() >= plan_start for m in _CONCRETE_TARGET.finditer(folded)):
        return []  # 在塔峪镇中心小学…完善标志 / 创建3A旅游景区: a named target is checkable
    # vague verbs of the plans only: 已经被…研究评定为 reports a step, it plans nothing.
    # Linear: one pass over the sentences with a pointer into the sorted plan spans.
    plan_starts = [ps for ps, _pe in sig.planned]
    vague_spans = hints.find_spans(folded, check_cues.VAGUE_VERBS)
    vague: list[tuple[int, int]] = []
    k = 0
    for sentence in hints._SENTENCE.finditer(folded):
        a, b = sentence.span()
        if b <= plan_start:
            continue
        after_marker = marker_at is not None and a >= marker_at
        i = bisect.bisect_left(plan_starts, a)
        planned_here = i < len(plan_starts) and plan_starts[i] < b
        if not (after_marker or planned_here):
            continue
        while k < len(vague_spans) and vague_spans[k][0] < a:
            k += 1
        if k < len(vague_spans) and vague_spans[k][0] < b and vague_spans[k][0] >= plan_start:
            vague.append(vague_spans[k])
            break  # the first one is all the finding shows
    if not vague:
        return []
    s, e = vague[0]
    # a long plan, or a vague rest beside work already done, is worth a note, not a warning
    long_or_done = len(text) - plan_start >= _VAGUE_LONG or sig.n_action
    severity = "info" if long_or_done else "warning"
    return [Finding("vague_response", severity, index, s, e, text[s:e], _msg("vague_response", lang, verb=text[s:e]))]


# --- 5. declared label vs wording ---------------------------------------------------------
def _label_findings(reply: Reply, lang: str, scheme: str) -> list[Finding]:
    label = reply.declared_result
    declared = hints.map_label(label, scheme)
    if declared is None:
        return []
    texts = [s.text for s in reply.suggestions if s.text.strip()] or [reply.text]
    worded = []
    for t in texts:
        rating = hints.decide(hints.signals(t, hints._reply_year(reply))).rating
        if rating is not None:
            worded.append(rating)
    if not worded:
        return []
    why_zh = why_en = ""
    counts = {r: worded.count(r) for r in _RATING}
    if declared == Rating.ADOPTED and Rating.ADOPTED not in worded:
        # "worst" reading: explained if any suggestion is, else partially
        target = Rating.EXPLAINED if Rating.EXPLAINED in worded else Rating.PARTIALLY_ADOPTED
        why_zh, why_en = "(只有将要做或不能做的表述,没有已完成事项)", " (only plans or refusals, nothing done)"
        severity = "warning"
    elif declared == Rating.ADOPTED and 2 * counts[Rating.ADOPTED] < len(worded):
        # a declared A over a mixed set where most is not adopted: one adopted, two
        # partially, one explained …
        target, severity = None, "warning"
    elif declared == Rating.ADOPTED and counts[Rating.EXPLAINED]:
        target, severity = None, "info"  # mostly adopted, one refused: worth a note
    elif declared == Rating.EXPLAINED and all(w == Rating.ADOPTED for w in worded):
        target, severity = Rating.ADOPTED, "warning"
    elif declared == Rating.EXPLAINED and counts[Rating.ADOPTED]:
        target, severity = None, "info"
    elif declared == Rating.PARTIALLY_ADOPTED and all(w == Rating.EXPLAINED for w in worded):
        target, severity = Rating.EXPLAINED, "info"
    else:
        return []
    if target is None:  # a mixed set: say what each suggestion's wording points to
        zh_or_en = 1 if lang == "en" else 0
        sep = ", " if lang == "en" else "、"
        mix = sep.join(f"{_RATING[r][zh_or_en]} {n}" if lang == "en" else f"{_RATING[r][zh_or_en]}{n}条"
                       for r, n in counts.items() if n)
        start, end = _label_span(reply.text, label)
        message = _msg("label_mixed", lang, label=label, mapped=_RATING[declared][zh_or_en], mix=mix)
        return [Finding("label_contradiction", severity, None, start, end, reply.text[start:end], message)]
    start, end = _label_span(reply.text, label)
    zh_or_en = 1 if lang == "en" else 0
    message = _msg(
        "label_contradiction", lang, label=label, mapped=_RATING[declared][zh_or_en],
        worded=_RATING[target][zh_or_en], why=why_en if lang == "en" else why_zh,
    )
    return [Finding("label_contradiction", severity, None, start, end, reply.text[start:end], message)]


_LABEL_KEY = r"(?:办理结果|办复结果|答复结果|办复类别|答复类别|办理类别|结果类别|类别|结果)[ \t]*[:：]?[ \t]*"


def _label_span(text: str, label: str) -> tuple[int, int]:
    """Where the declared label is written: after its key (办理结果:A), else, for a
    label longer than one letter, its first occurrence; (0, 0) when not found. A bare
    letter is never searched alone: "A" would hit AI4S first."""
    m = re.search(_LABEL_KEY + "(" + re.escape(label) + ")", text)
    if m:
        return m.start(1), m.end(1)
    if len(label) > 1:
        pos = text.find(label)
        if pos >= 0:
            return pos, pos + len(label)
    return 0, 0


# --- 6. dates ---------------------------------------------------------------------------
_FOLD_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PROPOSAL_YEAR = re.compile(r"第\s*((?:19|20)[0-9]{2})[0-9]{3,5}\s*号")


def _dates_in(text: str) -> list[tuple[int, int, str]]:
    from store.reading.dates import DATE_RE, match_to_iso

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


def _as_date(value: _dt.date | str | None) -> _dt.date:
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def _date_findings(reply: Reply, today: _dt.date, proposal: str | None, lang: str) -> list[Finding]:
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
                           _msg("future_date", lang, date=reply.date, today=today.isoformat())))
    session: str | None = None
    if proposal:
        found = sorted(iso for _s, _e, iso in _dates_in(proposal))
        if found:
            session = found[0]  # the proposal's own (earliest) date: when it was made
    if session is None and reply.proposal_no:
        m = _PROPOSAL_YEAR.search(reply.proposal_no)
        if m:
            session = m.group(1)  # 第20232006号: a year only
    if session and reply.date[: len(session)] < session:
        out.append(Finding("date_before_session", "warning", None, s, e, reply.text[s:e],
                           _msg("date_before_session", lang, date=reply.date, session=session)))
    return out


# --- 7. the proposal's suggestions vs the reply ------------------------------------------
_PROPOSAL_SUGGESTIONS_START = re.compile(
    r"(?m)^[^\n]{0,16}(?:建议|对策|措施|意见)[^\n]{0,6}$|(?:建议如下|提出如下建议|为此建议|特提出以下建议|提出以下建议|建议[:：])"
)
_CLAUSE_END = re.compile(r"[。；;:：!！?？\n]")
# Bigrams that every proposal and every reply is full of: they say nothing about topic.
_STOP_BIGRAMS = frozenset(
    "建议 加强 进一步 一步 推进 推动 完善 加快 提高 提升 工作 相关 有关 建立 健全 机制 体系 发展 我市 本市 全市 政府 部门 积极 关于 "
    "强化 落实 支持 鼓励 引导 实现 形成 不断 持续 深化 优化 促进 开展 做好 进行 以及 方面 问题 措施 政策".split()
)
_COVERED = 0.4  # share of an item's topic bigrams that must appear in the reply


def proposal_suggestions(proposal: str) -> list[str]:
    """The proposal's own suggestions: the items of the longest numbered list after its
    建议 heading (or anywhere, when it has none), each as its first clause."""
    m = _PROPOSAL_SUGGESTIONS_START.search(proposal)
    base = m.end() if m else 0
    best: list[str] = []
    for pattern in _FAMILIES.values():
        items: list[str] = []
        expected = 1
        for mm in pattern.finditer(proposal, base):
            value = _cn_value(mm.group("n"))
            if value == expected:
                end = _CLAUSE_END.search(proposal, mm.end())
                clause = proposal[mm.end() : end.start() if end else len(proposal)].strip()
                if len(clause) < 4 and end:  # "1.关于…:" heading ended early: take the next clause
                    nxt = _CLAUSE_END.search(proposal, end.end())
                    clause = proposal[mm.end() : nxt.start() if nxt else len(proposal)].strip()
                items.append(clause[:80])
                expected += 1
            elif value == 1 and len(items) >= 2:
                break
        if len(items) > len(best):
            best = items
    return best if len(best) >= 2 else []


def _bigrams(text: str) -> set[str]:
    out = set()
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if _cjk(a) and _cjk(b):
            gram = a + b
            if gram not in _STOP_BIGRAMS:
                out.add(gram)
    return out


def _coverage_findings(reply: Reply, proposal: str, lang: str) -> list[Finding]:
    items = proposal_suggestions(proposal)
    if not items:
        return []
    body = "\n".join(((s.heading or "") + "\n" + s.text) for s in reply.suggestions) or reply.text
    present = _bigrams(body)
    out = []
    for n, item in enumerate(items, start=1):
        topic = _bigrams(item)
        if len(topic) < 2:
            continue
        if len(topic & present) / len(topic) < _COVERED:
            shown = item if len(item) <= 40 else item[:39] + "…"
            out.append(Finding("suggestion_not_addressed", "warning", None, 0, 0, "",
                               _msg("suggestion_not_addressed", lang, n=n, item=shown)))
    return out


# --- the entry point -----------------------------------------------------------------------
def _first_suggestion_offset(reply: Reply) -> int | None:
    """Where suggestion 1 begins in reply.text (its heading line), if it can be found."""
    if not reply.suggestions:
        return None
    first = reply.suggestions[0]
    probes = []
    if reply.lines and 0 <= first.start < len(reply.lines):
        probes.append(reply.lines[first.start])
    if first.heading:
        probes.append(first.heading)
    for probe in probes:
        if probe and probe.strip():
            pos = reply.text.find(probe.strip())
            if pos >= 0:
                return reply.text.rfind("\n", 0, pos) + 1
    return None


def check_reply(
    reply: Reply,
    today: _dt.date | str | None = None,
    lang: str = "zh",
    proposal: str | None = None,
    scheme: str = "default",
) -> list[Finding]:
    """Every finding on `reply`, reply-level ones first, then by suggestion and position.

    `today` (a date or ISO string) defaults to the current date; `proposal` is the
    proposal's text, when known; `scheme` names how a declared label is read (see
    store.hints.SCHEMES).
    """
    findings: list[Finding] = []
    findings += _missing_findings(reply, lang)
    findings += _impossible_date_findings(reply.text, lang)
    findings += _date_findings(reply, _as_date(today), proposal, lang)
    findings += _label_findings(reply, lang, scheme)
    # The preamble (before suggestion 1), or the whole text of an unsectioned reply.
    if reply.suggestions:
        first = _first_suggestion_offset(reply)
        if first:
            findings += _count_findings(reply.text, lang, None, limit=first, top_level=len(reply.suggestions))
            findings += _repeat_findings(reply.text, lang, None, 0, first)
            findings += _doubled_findings(reply.text, lang, None, 0, first)
    else:
        findings += _count_findings(reply.text, lang, None)
        findings += _repeat_findings(reply.text, lang, None)
        findings += _doubled_findings(reply.text, lang, None)
    for s in reply.suggestions:
        findings += _count_findings(s.text, lang, s.index)
        findings += _repeat_findings(s.text, lang, s.index)
        findings += _doubled_findings(s.text, lang, s.index)
        findings += _vagueness_findings(s.text, lang, s.index, hints._reply_year(reply))
    if proposal:
        findings += _coverage_findings(reply, proposal, lang)
    findings.sort(key=Finding.sort_key)
    return findings
