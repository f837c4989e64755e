"""What Word documents and web pages share: a list number as the text Word or a browser
shows (format_number: 一、 (二) iii. 甲 …) and a table row joined like a form
(form_row_lines: 签发人：张三 联系人：李四). One rule for both formats."""

from __future__ import annotations

import re

from . import MAX_LIST_NUMBER

_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}")
_COLONS = (":", "：")
# A section heading of a reply, numbered 一、 or （一）, short and not a sentence.
_NUMBERED_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])\s*[^。；;！!？?]{2,30}$")


def _label(cell_text: str) -> str | None:
    """The label of a form cell (签发人, 联系电话, "签 发 人" spaced to fill), or None."""
    compact = re.sub(r"\s+", "", cell_text)
    return compact if _LABEL.fullmatch(compact) else None


def form_row_lines(cells: list[list[str]]) -> list[str]:
    """One table row -> lines.

    A form row (one line per cell) becomes one line: a label cell is joined to the
    value after it with "：" (签发人：张三 联系人：李四), other cells with a space. A cell
    with several paragraphs (a table used for page layout) keeps its lines.
    """
    if len(cells) == 1:
        return [ln.strip() for ln in cells[0]]
    single = all(len(cell) == 1 for cell in cells)
    if single and _NUMBERED_HEADING.match(cells[0][0].strip()):
        # 一、关于表格 | 我局已完成。: the heading keeps its line, so that it is read as a
        # heading (joined, "一、关于表格 我局已完成。" lost both its number and its heading).
        return [cells[0][0].strip(), *form_row_lines(cells[1:])]
    out: list[str] = []
    pieces: list[str] = []
    pending: str | None = None  # a label waiting for its value
    for index, cell in enumerate(cells):
        first = cell[0].strip()
        last_cell = index == len(cells) - 1
        if pending is not None:
            first, pending = pending + first, None
        elif first.endswith(_COLONS) and not last_cell and len(cell) == 1:
            pending = first
            continue
        elif _label(first) and not last_cell and len(cell) == 1:
            pending = f"{_label(first)}："
            continue
        if single:
            pieces.append(first)
            continue
        if pieces:
            out.append(" ".join(pieces))
            pieces = []
        out.append(first)
        out.extend(ln.strip() for ln in cell[1:])
    if pending is not None:
        pieces.append(pending)
    if pieces:
        out.append(" ".join(pieces))
    return out


# ----------------------------------------------------------------------------------
# Number formats (ST_NumberFormat)

_CN_DIGITS = "零一二三四五六七八九"  # counting: 一百零五
_CN_DIGIT_CHARS = "〇一二三四五六七八九"  # digit by digit: 二〇二五
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千", ten_alone: bool = True) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n >= 10000:
        return str(n)
    out = []
    values = [(1000, units[2]), (100, units[1]), (10, units[0])]
    zero = False
    rest = n
    for value, unit in values:
        d, rest = divmod(rest, value)
        if d:
            if zero:
                out.append(digits[0])
                zero = False
            if not (value == 10 and d == 1 and not out and ten_alone):
                out.append(digits[d])
            out.append(unit)
        elif out:
            zero = True
    if rest:
        if zero:
            out.append(digits[0])
        out.append(digits[rest])
    return "".join(out)


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter (27 -> aa); past MAX_LIST_NUMBER that would be a label of
    # thousands of letters, so the number is shown in digits.
    if not 0 < n <= MAX_LIST_NUMBER:
        return str(n)
    base = ord("A" if upper else "a")
    letter = chr(base + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    pairs = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]  # fmt: skip
    out = []
    for value, numeral in pairs:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render counter `n` in Word number format `fmt` (unknown formats: decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified",):
        return _chinese(n, _CN_LEGAL, "拾佰仟", ten_alone=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGIT_CHARS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)  # ①
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)  # ⑴
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)  # ⒈
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3280, 10)  # ㊀
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)
