"""The original document, line by line with its line numbers, as a Line-API scroll area.

Each line of the document is wrapped to the width left beside its number (Chinese
line-breaking rules, cppcc_review.tui.cjk_wrap) and its continuation lines hang under the text, not
under the numbers. The lines of the current suggestion are marked by a bar in the
gutter and a bold number, and keep the normal text colour (the numbers are the only
muted part, so the document reads at full contrast). A document over LAZY_FROM characters (a
one-line letter of megabytes) is laid out a block at a time as its rows come on screen
(cppcc_review.tui.lazy_wrap); a row's place is then counted with the blocks not yet laid out
estimated, the same count the scrolling uses.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.strip import Strip

from ..cjk_wrap import wrap_lines
from ..lazy_wrap import LAZY_FROM, Block, LazyStrips
from ..safe_text import display_text
from ..styles import HERE, MUTED, styled
from .strip_view import StripView

NUMBER_STYLE = MUTED
HERE_NUMBER_STYLE = f"{HERE} bold"
HERE_BAR = "┃"
BAR = "│"


class OriginalText(StripView, can_focus=False):
    DEFAULT_CSS = """
    OriginalText { height: 1fr; padding: 0 1; overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1; }
    """

    def __init__(self, lines: list[str], start: int = 0, end: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = lines
        self.start = start
        self.end = end
        self._first_row: list[int] = []  # visual row of each document line

    def first_row(self, line: int) -> int:
        """The visual row where document line `line` starts (after the last layout)."""
        self._layout()
        if isinstance(self._strips, LazyStrips):
            return self._strips.row_of(line)
        if not self._first_row:
            return 0
        return self._first_row[max(0, min(line, len(self._first_row) - 1))]

    def here_rows(self) -> range:
        """The visual rows of the current suggestion."""
        self._layout()
        if isinstance(self._strips, LazyStrips):
            return range(self.first_row(self.start), self.first_row(self.end)) if self.end > self.start else range(0)
        if not self._first_row or self.end <= self.start:
            return range(0)
        last = min(self.end, len(self._first_row))
        stop = self._first_row[last] if last < len(self._first_row) else len(self._strips)
        return range(self.first_row(self.start), stop)

    def _content(self, width: int) -> RenderableType | LazyStrips:
        digits = len(str(len(self.lines)))
        text_width = max(width - digits - 1, 8)
        shown = [display_text(line) for line in self.lines]
        if sum(map(len, shown)) > LAZY_FROM:
            def lay_out(piece: Text, block: Block) -> list[Strip]:
                rows = self._rows(block.paragraph, piece, text_width, digits, block.first)
                return self._to_strips(styled(self, Text("\n").join(rows)), width)

            # one paragraph a document line, so that a block's paragraph is its line's number
            return LazyStrips(Text("\n".join(line.replace("\n", "⏎") for line in shown)), text_width, lay_out)
        rows: list[Text] = []
        self._first_row = []
        for number, line in enumerate(shown):
            self._first_row.append(len(rows))
            rows.extend(self._rows(number, Text(line), text_width, digits))
        return styled(self, Text("\n").join(rows))

    def _rows(self, number: int, line: Text, text_width: int, digits: int, first: bool = True) -> list[Text]:
        """Document line `number` (or a piece of it, not its `first`) wrapped, with its gutter."""
        here = self.start <= number < self.end
        rows = []
        for part, piece in enumerate(wrap_lines(line, text_width) or [Text("")]):
            row = Text(no_wrap=True)
            label = f"{number + 1:>{digits}}" if part == 0 and first else " " * digits
            row.append(label, style=HERE_NUMBER_STYLE if here else NUMBER_STYLE)
            row.append(HERE_BAR if here else BAR, style=HERE_NUMBER_STYLE if here else NUMBER_STYLE)
            row.append_text(piece)
            rows.append(row)
        return rows
