"""repeated_phrase and doubled_phrase: slips of the pen, not names, lists or quotations."""

from __future__ import annotations

import bisect
import re

from .findings import Finding, msg

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
# A whole sentence written twice back to back, its commas and its full stop with it (以上答复如有不妥,请批评指正。
# 以上答复如有不妥,请批评指正。): the run of characters alone (_DOUBLED_RE) stops at the comma (k96).
_DOUBLED_SENTENCE_RE = re.compile(r"([\u4e00-\u9fff][^。！？!?\n]{4,100}[。！？!?])\1")
# Quoted stretches, where a repeat is a quotation or a name, not a slip (bounded: a run of
# 《 fails at once).
_QUOTED_RE = re.compile(r"《[^《》\n]{0,80}》|“[^“”\n]{0,200}”|「[^「」\n]{0,80}」|\"[^\"\n]{0,200}\"")


def _shown(phrase: str) -> str:
    """A phrase as a message quotes it: at most 30 characters."""
    return phrase if len(phrase) <= 30 else phrase[:29] + "…"


def cjk(ch: str) -> bool:
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


_LONG_LINE = re.compile(f"[^\n]{{{_K},}}")  # only lines that can hold a repeat


# Two-character doublings are mostly words (研究研究, 一步一步; 会商会议会议纪要 is the minutes of a meeting named 会商会议):
# only two that no word makes are reported — the addressee's pronoun written twice (感谢你们您们), and the genre word
# written again right after the closing quote of the proposal's title (“…的建议”建议已收悉).
_SHORT_DOUBLED_RE = re.compile(r"[你您]们[你您]们|(?:建议|提案|议案)[”」](?:建议|提案|议案)")


def _short_doubled(text: str, lang: str, index: int | None, lo: int, hi: int) -> list[Finding]:
    out = []
    for m in _SHORT_DOUBLED_RE.finditer(text, lo, hi):
        first = text[m.start():m.start() + 2]
        s, e = m.end() - 2, m.end()  # the second copy
        if first[1] == "们" or first == text[s:e]:
            out.append(Finding("doubled_phrase", "warning", index, s, e, text[s:e],
                               msg("doubled_phrase", lang, phrase=first)))
    return out


# A page's navigation path (当前位置:首页 -> 提案工作 followed by the column's title, 您现在的位置 > …): the site's
# words, not the letter's; a column named like its section (提案工作提案工作) is no slip of the pen.
# So is the site's footer (版权所有:天门市人民政府天门市人民政府办公室主管…: the owner's name and then the office's, run
# together by the page), marked by its labels (k102); 主管部门 in a sentence is no label.
_SITE_LINE_MARK = re.compile(
    r"当前位置|现在的位置|您的位置|所在位置|首页[ \t\u3000]*(?:->|→|>|>|»|/|＞)"
    r"|版权所有|ICP备|网站标识码|公网安备|(?:主办|承办|主管)(?:单位)?[:：]")


def _site_lines(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The lines of text[lo:hi] that hold a navigation path or a site's footer, as (start, end) spans (one pass over
    the text)."""
    spans: list[tuple[int, int]] = []
    for m in _SITE_LINE_MARK.finditer(text, lo, hi):
        if spans and m.start() < spans[-1][1]:
            continue  # a second mark on a line already found
        end = text.find("\n", m.end())
        spans.append((text.rfind("\n", 0, m.start()) + 1, end if end >= 0 else len(text)))
    return spans


_LINK_MARKS = " \t\u3000•·▪◆■●|｜>»【】[]"
_LINK_REACH = 8  # characters looked at either side of the doubling for its line's ends


def _whole_line(text: str, a: int, b: int) -> bool:
    """Whether text[a:b] is all there is on its line, but for a list's bullet or a link's marks (a site's navigation
    bar prints a link's icon text beside its own: 无障碍版无障碍版); a doubling in a sentence or a title is not."""
    # (a bounded look either side: a long line is no link's, and the check stays linear)
    lo, hi = max(0, a - _LINK_REACH), min(len(text), b + _LINK_REACH)
    start, end = text.rfind("\n", lo, a), text.find("\n", b, hi)
    if (start < 0 and lo > 0) or (end < 0 and hi < len(text)):
        return False
    end = hi if end < 0 else end
    return not text[start + 1:a].strip(_LINK_MARKS) and not text[b:end].strip(_LINK_MARKS)


def doubled_findings(text: str, lang: str, index: int | None, lo: int = 0, hi: int | None = None) -> list[Finding]:
    hi = len(text) if hi is None else hi
    out: list[Finding] = _short_doubled(text, lang, index, lo, hi)[:_MAX_REPEATS_PER_TEXT]
    site = _site_lines(text, lo, hi)
    site_starts = [a for a, _b in site]
    run_end: dict[str, int] = {}  # a phrase reported, and where its run of copies ends so far
    for m in _DOUBLED_RE.finditer(text, lo, hi):
        unit = m.group(1)
        if run_end.get(unit) == m.start():
            # X X X X …: the regex pairs the copies, one match per pair; one slip, said once (QA round 15c:
            # a phrase written 400 times was listed five times, the same line each time)
            run_end[unit] = m.end()
            continue
        line = bisect.bisect_right(site_starts, m.start()) - 1
        if line >= 0 and m.start() < site[line][1]:
            continue  # 当前位置首页 -> 提案工作提案工作, 版权所有:X人民政府X人民政府办公室: the site's words, not the letter
        if len(set(unit)) < 2:
            continue  # 哈哈哈哈哈哈哈哈: a run of one character is no phrase
        if _whole_line(text, m.start(), m.end()):
            continue  # • 无障碍版无障碍版: a site's link, its icon's text and its own, alone on a line (k81)
        if len(unit) % 2 == 0 and unit[: len(unit) // 2] == unit[len(unit) // 2 :] and len(unit) // 2 < 4:
            continue  # 研究研究研究研究 is 研究 four times: reported, if at all, as the shorter unit
        s, e = m.start() + len(unit), m.end()  # the second copy
        if len(out) >= _MAX_REPEATS_PER_TEXT:
            break
        out.append(Finding("doubled_phrase", "warning", index, s, e, text[s:e],
                           msg("doubled_phrase", lang, phrase=unit)))
        run_end[unit] = m.end()
    for m in _DOUBLED_SENTENCE_RE.finditer(text, lo, hi):
        if len(out) >= _MAX_REPEATS_PER_TEXT:
            break
        sentence = m.group(1)
        s, e = m.start() + len(sentence), m.end()  # the second copy
        if sum(1 for ch in sentence if cjk(ch)) < _MIN_CJK:
            continue
        if run_end.get(sentence) == m.start():
            run_end[sentence] = m.end()
            continue  # a third and fourth copy of a sentence said: one slip, said once
        if any(f.start < e and s < f.end for f in out):
            continue  # its words already reported as a doubled phrase
        out.append(Finding("doubled_phrase", "warning", index, s, e, text[s:e],
                           msg("doubled_phrase", lang, phrase=_shown(sentence))))
        run_end[sentence] = m.end()
    return sorted(out, key=lambda f: f.start)


def repeat_findings(text: str, lang: str, index: int | None, lo: int = 0, hi: int | None = None) -> list[Finding]:
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


_LIST_SEPARATOR = re.compile(r"[、,，;；]")
_WORD_BETWEEN = re.compile(r"[\u4e00-\u9fff]{2}")


# A count between the copies (开放机关、企事业单位内部停车场,全区48个机关、企事业单位内部停车场…): the term restated
# with how many there are, normal prose.
# The measure words a count of things ends in (48个, 3家, 2处 …).
_COUNTED = "个家处所座条户名批类项辆栋间"
_COUNT_BETWEEN = re.compile(rf"[0-9０-９一二三四五六七八九十百千万两]+\s?[{_COUNTED}]$")


def _term_in_prose(phrase: str, gap: str) -> bool:
    """One term (not a list) used twice with words between the copies (县级非遗代表性项目才能申报
    市级非遗代表性项目): prose naming a thing twice, not a slip; so is a term, even one joining two
    things with 、, restated with its count right before it (…停车场,全区48个机关、…停车场). A list
    written again after a verb (做强A、B、C,培育发展A、B、C) or a clause repeated across a comma stays reported."""
    if _WORD_BETWEEN.search(gap) is None:
        return False  # no words between the copies: a slip, whatever the phrase
    return _COUNT_BETWEEN.search(gap.strip()) is not None or _LIST_SEPARATOR.search(phrase) is None


# A repeat that begins inside a word, the words before it different (国家级…集聚区、省级…集聚区; 主办:X 承办:X办公室): the
# level or kind of two distinct things of one name (级 / 类 / 型 / 等 / 星 start no word), or the values of two different
# fields (a label's last character and its colon), a list and not the same phrase written twice. A phrase written
# again with its head (省级…集聚区、省级…集聚区) still starts with the word's first character and is reported.
_BOUND_START = re.compile(r"[级类型等星](?=[\u4e00-\u9fff])|[\u4e00-\u9fff][:：]")


def _different_heads(text: str, j: int, s: int, length: int) -> bool:
    """Whether the repeat (its first copy at j, its second at s, `length` long) starts inside two different words."""
    if j < 1 or s < 1 or _BOUND_START.match(text, s) is None:
        return False
    return cjk(text[j - 1]) and cjk(text[s - 1]) and text[j - 1] != text[s - 1]


# Two items of a list told apart only by the word right before each copy (城北片区交通场站用地、城南片区交通场站用地; 对首次认定为
# …企业的、非首次认定为…企业的): a direction or a side (北 / 南, 上 / 下, 新 / 老) before both copies, or a negation (非, 未, 不)
# before the second, is what makes them two things, not one phrase written twice (k106). A copy after any other word
# (做强A、B,培育发展A、B) stays compared.
_SIDE_WORD = "东南西北中上下前后左右内外新老旧"
_NEGATION = "非未不无"


def _items_told_apart(text: str, j: int, s: int) -> bool:
    """Whether the repeat's copies (at j and at s) follow two different side words, or the second a negation."""
    if j < 1 or s < 1 or text[j - 1] == text[s - 1]:
        return False
    return (text[j - 1] in _SIDE_WORD and text[s - 1] in _SIDE_WORD) or text[s - 1] in _NEGATION


# Two alternatives set side by side (一种是除…外,剩余部分由财政承担,另一种是除…外,剩余部分由单位承担): the second copy
# follows 另 and the first starts with 一 (一种 / 一类 / 一方面 …), a parallel of two things, not a slip (k88). The same
# words written again without 另 stay reported.
def _parallel_alternatives(text: str, j: int, s: int) -> bool:
    """Whether the repeat (first copy at j, second at s) is 一…,另一… ."""
    return text[j:j + 1] == "一" and text[s:s + 1] == "一" and s >= 1 and text[s - 1] == "另"


# The joins of a list of counted things (国家级…重点村7个、省级…重点乡镇1个、省级…重点村15个): each copy starts at the
# measure word after an item's figure, where one item ends and the next begins; a list, not a phrase written twice
# (k102). A copy that starts elsewhere stays compared.
_MEASURE_WORD = re.compile(rf"[{_COUNTED}次万元亩]")  # (times, money and land counted too)
_FIGURE_CHAR = "0123456789０１２３４５６７８９"


def _counted_list_join(text: str, j: int, s: int) -> bool:
    """Whether both copies of a repeat (at j and at s) start at a measure word right after a figure."""
    return (j >= 1 and s >= 1 and text[j - 1] in _FIGURE_CHAR and text[s - 1] in _FIGURE_CHAR
            and _MEASURE_WORD.match(text, j) is not None and _MEASURE_WORD.match(text, s) is not None)


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
        if j is None or not cjk(gram[0]):
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
            and sum(1 for ch in phrase if cjk(ch)) >= _MIN_CJK
            and 0 < gap <= _MAX_GAP
            and _SENTENCE_END_RE.search(text, j, i) is None
            and not _in_quotes(quoted, j, j + length)
            and not _in_quotes(quoted, s, e)
            and not _is_name(phrase)
            and not any(phrase in title for title in titles)
            and not _term_in_prose(phrase, text[j + length : i])
            and not _different_heads(text, j + (s - i), s, e - s)
            and not _parallel_alternatives(text, j + (s - i), s)
            and not _counted_list_join(text, j + (s - i), s)
            and not _items_told_apart(text, j + (s - i), s)
        ):
            e = min(e, s + _MAX_EXCERPT)
            out.append(Finding("repeated_phrase", "warning", index, s, e, text[s:e],
                               msg("repeated_phrase", lang, phrase=_shown(phrase))))
        # skip the whole repeated run (periodic text is one look, not thousands)
        i += max(_match_length(text, j, i, hi), 1)
    return out


