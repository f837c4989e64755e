"""A long table (the statistics: one row per handling unit, hundreds of them) as a Line-API
scroll area: laid out once per width, then each scroll only copies the rows on screen.

A `Static` holding the table inside a scroll container renders the whole table again for
every step (0.1-0.3 s a line with 500 rows, and a held `j` queued steps for seconds after
the key came up); here a step costs the rows painted.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import RenderableType

from .strip_view import Rows, StripView

Make = Callable[[int], RenderableType | Rows]
"""What to show at a given width (cells), e.g. a rich Table with columns fitted to it, or
its Rows (each line laid out when it comes on screen)."""


class TableView(StripView, can_focus=False):
    DEFAULT_CSS = """
    TableView { height: 1fr; padding: 0 1; overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1;
                scrollbar-gutter: stable; }
    """
    # The scrollbar's column is kept whether it shows or not: a table taller than the screen
    # is laid out once, not at the full width and again when its scrollbar appears (0.45 s
    # each at 560 rows).

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._make: Make | None = None

    def show(self, make: Make, pinned: int = 0) -> None:
        """Show what `make(width)` gives, from its top; its first `pinned` rows (a header) stay in view."""
        self._make = make
        self._pinned = pinned
        self._width = -1
        self.scroll_to(y=0, animate=False, immediate=True)
        self._layout()
        self.refresh()

    @property
    def plain(self) -> str:
        """The rows as text (what a reader sees, without colours)."""
        self._layout()
        return "\n".join(strip.text for strip in self._strips)

    def page(self, pages: int) -> None:
        """Scroll by whole screens (one row of the last kept in view, under the pinned rows)."""
        step = max(1, self.size.height - self._pinned - 1)
        self.scroll_to(y=self.scroll_y + pages * step, animate=False, immediate=True)

    def _ready(self) -> bool:
        return self._make is not None

    def _content(self, width: int) -> RenderableType | Rows:
        assert self._make is not None  # _ready
        return self._make(width)
