"""Figures quoted in a reply: quantities with their unit, and percentages.

"2024年推进赋权成果216项,转化金额超11亿元" gives ["216项", "11亿元"]. Kept as written
(full-width digits stay full-width). Left out on purpose, because they are not
quantities a reader checks: bare years ("2024年"; a two-digit "3年" is a duration
and is kept; "1.2026年" is an item number glued to a year), months and days, ordinals ("第3批"), ages, anniversaries, grades and
decades ("80周岁", "30周年", "3年级", "90年代"), numbers glued to Latin letters
(AI4S, 5G), document numbers (〔2025〕56号), phone numbers and numbers without unit.
Each figure is listed once, in order of first appearance.
A magnitude may stand between number and unit ("2.6万个", "380万户次").
"""

from __future__ import annotations

import re

from .patterns import literal_trie

# Longest first, so that "万元" wins over "万" and "万人次" over "万人".
_UNITS = sorted(
    ["%", "％", "‰", "个百分点", "百分点", "倍", "万亿元", "亿元", "万元", "千元", "元", "亿", "万", "萬億元", "億元", "萬元", "億", "萬", "万人次", "人次", "万人", "人", "名", "位", "户", "戶", "家", "所", "个", "個", "项", "項", "件", "次", "场", "場", "批", "座", "处", "處", "条", "條", "张", "張", "台", "臺", "辆", "輛", "套", "部", "部门", "支", "只", "栋", "棟", "间", "間", "张", "床", "篇", "册", "本", "类", "類", "款", "轮", "輪", "届", "屆", "期", "班", "组", "組", "公里", "千米", "米", "平方米", "平方公里", "万平方米", "亩", "畝", "公顷", "吨", "噸", "万吨", "立方米", "万立方米", "千瓦", "兆瓦", "万千瓦", "个月", "個月", "个工作日", "工作日", "天", "日内", "小时", "小時", "分钟", "周", "年", "户次", "人次", "家次", "台次", "车次", "架次", "批次", "门", "厘米", "毫米", "公斤", "千克", "克"],
    key=len,
    reverse=True,
)


_UNIT_ALT = literal_trie(_UNITS)
_DIGIT = r"[0-9０-９]"
# A number starts at the beginning of a digit run (no digit, dot, Latin letter or 第
# before it) and is matched possessively so that a long run of digits is scanned once.
# The pattern opens with the first digit itself, and the "what stands before it" test
# is a lookbehind over that digit: a pattern that starts with a character class lets
# the engine skip straight to the next digit, where one starting with a lookbehind
# tried every position of the (mostly CJK) text, about 5x slower for the same matches.
_NOT_BEFORE = r"[0-9０-９.．A-Za-zＡ-Ｚａ-ｚ第〔\[【(（*＊]"
_FIGURE_RE = re.compile(
    rf"(?P<num>{_DIGIT}(?<!{_NOT_BEFORE}{_DIGIT})"
    # the rest of "1,234,567" (up to 2 more digits, then comma groups) or of a plain run
    rf"(?:{_DIGIT}{{0,2}}(?:[,，]{_DIGIT}{{3}})++(?![0-9０-９])|{_DIGIT}*+))"
    rf"(?P<frac>[.．]{_DIGIT}++)?+"
    rf"(?![A-Za-z*＊])(?P<mag>[万亿千百萬億])?(?P<unit>{_UNIT_ALT})"
)
# Units after which the figure is a date part, not a quantity.
_DATE_TAIL = re.compile(r"[0-9０-９]{1,2}\s*[月日]")
# A unit whose next character makes it another word: "80周岁" is an age and "30周年" an
# anniversary (as "80岁" is no figure), "3年级" a grade, "90年代" a decade.
_NOT_A_UNIT = {"周": "岁歲年", "年": "级級代"}


def extract_figures(text: str) -> list[str]:
    """The quantities of a text, as written, each once, in order."""
    seen: dict[str, None] = {}
    for match in _FIGURE_RE.finditer(text):
        figure, num, unit = match.group(0, "num", "unit")
        after = text[match.end() : match.end() + 1]
        if after and after in _NOT_A_UNIT.get(unit, ""):
            continue
        if unit == "年":
            digits = len(num)
            # "2024年" (a year) and "2024年7月" are dates; "3年" is a duration.
            if digits >= 3 or _DATE_TAIL.match(text, match.end()):
                continue
            # "1.2026年遴选…" is item 1 then a year; no duration has three decimals ("1.5年").
            frac = match.group("frac")
            if frac is not None and len(frac) > 3:
                continue
        if unit in ("个", "個") and text.startswith("月", match.end()):
            continue  # "个月" is listed as a unit of its own
        seen.setdefault(figure, None)
    return list(seen)
