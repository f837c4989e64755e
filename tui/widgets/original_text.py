"""The original document, line by line with its line numbers, as a Line-API scroll area.

Each line of the document is wrapped to the width left beside its number (Chinese
line-breaking rules, cppcc_review.tui.cjk_wrap) and its continuation lines hang under the text, not
under the numbers. The lines of the current suggestion are marked by a bar in the
gutter and a bold number, and keep the normal text colour (the numbers are the only
muted part, so the document reads at full contrast).
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from ..cjk_wrap import wrap_lines
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
        if not self._first_row:
            return 0
        return self._first_row[max(0, min(line, len(self._first_row) - 1))]

    def here_rows(self) -> range:
        """The visual rows of the current suggestion."""
        self._layout()
        if not self._first_row or self.end <= self.start:
            return range(0)
        last = min(self.end, len(self._first_row))
        stop = self._first_row[last] if last < len(self._first_row) else len(self._strips)
        return range(self.first_row(self.start), stop)

    def _content(self, width: int) -> RenderableType:
        digits = len(str(len(self.lines)))
        gutter = digits + 1
        text_width = max(width - gutter, 8)
        rows: list[Text] = []
        self._first_row = []
        for number, line in enumerate(self.lines):
            here = self.start <= number < self.end
            self._first_row.append(len(rows))
            pieces = wrap_lines(Text(display_text(line)), text_width) or [Text("")]
            for part, piece in enumerate(pieces):
                row = Text(no_wrap=True)
                label = f"{number + 1:>{digits}}" if part == 0 else " " * digits
                row.append(label, style=HERE_NUMBER_STYLE if here else NUMBER_STYLE)
                row.append(HERE_BAR if here else BAR, style=HERE_NUMBER_STYLE if here else NUMBER_STYLE)
                row.append_text(piece)
                rows.append(row)
        return styled(self, Text("\n").join(rows))
