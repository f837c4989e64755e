"""Wrapping Chinese text as a typesetter would (避头尾: no line starts with ，、。” ...).

Rich and Textual wrap a run of Chinese (one "word" to them: it has no spaces) by
cutting it at the cell width, so a line may start with a comma or a closing quote, and
an icon followed by a space ("⚠ 列了四项") may end a line alone. `wrap_lines` breaks
instead where a reader allows it:
- between two characters when either is wide (CJK), or after an ASCII space, but not between a
  number and the Chinese word after it (435 份: the measure word stays with its number);
- never inside a run of Latin letters and digits (2023年 keeps 2023 whole) when the run
  fits on a line, and never at a no-break space (U+00A0: "⚠\\u00a0" stays with its text);
- a character that must not start a line (closing punctuation) takes the character
  before it along to the next line, and one that must not end a line (an opening
  bracket or quote) goes down with the character after it;
- no line is one character alone, or one and its closing punctuation (的）: QA round 15d): it
  takes along the phrase before it from the last space when that fits (a dialog's second key
  hint, q：退出（…的）, whole on its line), else the character before it.
The lines keep the styles of the text (rich Text spans); `hang` indents every line but
the first (the original-text view hangs wrapped lines under the text, not the numbers).
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

NO_LINE_START = frozenset("，、。．,.：:；;！!？?）)]］】〕〉》」』”’…‥—～·%％°℃")
NO_LINE_END = frozenset("（([［【〔〈《「『“‘")
NO_BREAK_SPACE = "\u00a0"


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def break_points(line: str, width: int, hang: int = 0) -> list[int]:
    """Offsets in `line` (one paragraph, no newline) where its wrapped lines start, first 0."""
    starts = [0]
    n = len(line)
    sizes = [get_character_cell_size(ch) for ch in line]
    start = 0
    while start < n:
        room = width - (hang if len(starts) > 1 else 0)
        room = max(room, 2)
        used = 0
        end = start
        while end < n and used + sizes[end] <= room:
            used += sizes[end]
            end += 1
        if end >= n:
            break
        cut = _best_cut(line, sizes, start, end)
        # spaces at the start of the next line are dropped by the caller, so skip them here
        starts.append(cut)
        start = cut
    _no_lone_character(line, starts, max(width - hang, 2))
    return starts


def _alone(piece: str) -> bool:
    """Whether a wrapped line holds one character or none besides closing punctuation and spaces."""
    return sum(1 for ch in piece if ch != " " and ch not in NO_LINE_START) <= 1


def _no_lone_character(line: str, starts: list[int], room: int) -> None:
    """Move back (in place) the start of each line after the first that would be one character alone
    (`room`: the cells such a line has): to after the last space of the line before when the rest fits,
    else one character back; never so far that the line before is emptied."""
    for i in range(1, len(starts)):
        begin, stop = starts[i], starts[i + 1] if i + 1 < len(starts) else len(line)
        if not _alone(line[begin:stop]):
            continue
        before = starts[i - 1]
        fits = [at for at in range(begin - 1, before, -1)
                if _allowed(line, at) and line[before:at].strip() and cell_len(line[at:stop].rstrip()) <= room]
        after_space = [at for at in fits if line[at - 1] == " "]
        if after_space:
            starts[i] = after_space[0]
        elif fits and not _alone(line[before:fits[0]]):
            starts[i] = fits[0]


def _allowed(line: str, at: int) -> bool:
    """May a line start at `at` (between line[at - 1] and line[at])?"""
    before, after = line[at - 1], line[at]
    if NO_BREAK_SPACE in (before, after):
        return False
    if _is_word(before) and _is_word(after):
        return False
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if _number_and_word(line, at):
        return False
    if before == " ":
        return True
    return get_character_cell_size(before) == 2 or get_character_cell_size(after) == 2 or after == " "


def _number_and_word(line: str, at: int) -> bool:
    """Whether `at` is on either side of the space of "435 份": a number and the Chinese word after it
    stay on one line (QA round 15c: 导入内置的 435 / 份示例答复), read as one word."""
    space = at - 1 if line[at - 1] == " " else at if line[at] == " " else -1
    return (0 < space < len(line) - 1 and line[space - 1].isdigit()
            and get_character_cell_size(line[space + 1]) == 2)


def may_break(line: str, at: int) -> bool:
    """May a line start at `at` (0 < at < len(line)) by the rules above? (a long text is cut
    into blocks there: cppcc_review.tui.lazy_wrap)"""
    return _allowed(line, at)


def _best_cut(line: str, sizes: list[int], start: int, end: int) -> int:
    """Where the line that begins at `start` and holds line[start:end] should end."""
    for at in range(end, start, -1):
        if _allowed(line, at):
            return at
    # No allowed break (a very long Latin word, or punctuation all the way): cut by cells,
    # still keeping closing punctuation off the start when the line has room for it.
    at = end
    while at - 1 > start and line[at] in NO_LINE_START:
        at -= 1
    return at


def wrap_lines(text: Text, width: int, hang: int = 0) -> list[Text]:
    """`text` wrapped to `width` cells with the rules above; its styles are kept."""
    if width <= 0:
        return [text]
    out: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        if cell_len(plain) <= width:
            out.append(paragraph)
            continue
        starts = break_points(plain, width, hang)
        pieces = paragraph.divide(starts[1:])
        for number, piece in enumerate(pieces):
            if number:
                piece = _lstrip(piece)
                if hang:
                    piece = Text(" " * hang) + piece
            out.append(_rstrip(piece))
    return out


def wrap_text(text: Text, width: int, hang: int = 0) -> Text:
    """`wrap_lines` joined by newlines: a Text no wider than `width` (for a widget that
    would otherwise wrap it itself)."""
    return Text("\n").join(wrap_lines(text, width, hang))


def _lstrip(piece: Text) -> Text:
    plain = piece.plain
    strip = len(plain) - len(plain.lstrip(" "))
    return piece[strip:] if strip else piece


def _rstrip(piece: Text) -> Text:
    plain = piece.plain
    keep = len(plain.rstrip(" "))
    return piece[:keep] if keep < len(plain) else piece


def wrap_plain(message: str, width: int) -> str:
    """A plain message (a toast) wrapped with the same rules."""
    return "\n".join(line.plain for line in wrap_lines(Text(message), width))
