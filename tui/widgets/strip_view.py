"""A Line-API scroll area laid out once per width: what it shows is turned into strips (rows of
cells) when the width or the theme changes, and each scroll only copies the rows on screen.

A `Static` inside a scroll container renders everything again for every step; here a step costs
the rows painted (the statistics' hundreds of rows, a long original document).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.console import RenderableType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

from ..lazy_wrap import LazyStrips, StripsOnDemand, line_of, took_growth
from ..textual_private import set_scroll_range


class Rows:
    """A long table's lines at one width, each made when it is first shown: `count` lines,
    line i from `line(i)` (a renderable one line high), then `tail`'s lines (a caption)."""

    def __init__(self, count: int, line: Callable[[int], RenderableType], tail: RenderableType | None = None) -> None:
        self.count = count
        self.line = line
        self.tail = tail


class _RowStrips(StripsOnDemand):
    """Rows as strips, each laid out on first use and kept (a table of 5,000 rows opens in
    the time of the rows on screen)."""

    def __init__(self, rows: Rows, to_strips: Callable[[RenderableType], list[Strip]]) -> None:
        self._rows = rows
        self._to_strips = to_strips
        self._made: dict[int, Strip] = {}
        self._tail = to_strips(rows.tail) if rows.tail is not None else []

    def __len__(self) -> int:
        return self._rows.count + len(self._tail)

    def forget(self, indexes: Iterable[int]) -> None:
        """Lines `indexes` changed: each is laid out again when next shown (the others are kept)."""
        for index in indexes:
            self._made.pop(index, None)

    def _strip(self, index: int) -> Strip:
        if index >= self._rows.count:
            return self._tail[index - self._rows.count]
        strip = self._made.get(index)
        if strip is None:
            made = self._to_strips(self._rows.line(index))
            strip = self._made[index] = made[0] if made else Strip.blank(0)
        return strip


class StripView(ScrollView, can_focus=False):
    """Subclasses say what to show at a width (`_content`: a renderable, laid out whole,
    Rows, laid out a line at a time as they come on screen, or LazyStrips, a long text laid out
    a block at a time, its scroll range corrected after a frame that laid out a block) and
    whether there is anything yet (`_ready`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: Sequence[Strip] = []
        self._width = -1  # the width the strips were laid out for (-1: lay out again)
        self._pinned = 0  # rows at the top that stay while the rest scrolls (a table's header)
        self._range_due = False  # LazyStrips changed its line count: the scroll range is set after the frame

    def _ready(self) -> bool:
        return True

    def _content(self, width: int) -> RenderableType | Rows | LazyStrips:
        raise NotImplementedError

    def _to_strips(self, renderable: RenderableType, width: int) -> list[Strip]:
        return Visual.to_strips(self, visualize(self, renderable, markup=False), width, None, self.visual_style)

    def forget_lines(self, indexes: Iterable[int]) -> None:
        """Lines `indexes` of Rows changed (not their number): laid out again when next shown, the other
        lines kept (a list's cursor moved: two lines, not a screenful); anything else is laid out again."""
        if isinstance(self._strips, _RowStrips):
            self._strips.forget(indexes)
        else:
            self._width = -1
        self.refresh()

    def lay_out_again(self) -> None:
        """What is shown changed (a line more or less): laid out again, lazily, and its scroll range
        set without asking the screen for a layout when only its height changed (a screen's layout is
        a tenth of a second; the view's size comes from CSS, not its rows)."""
        laid_out = self._width > 0
        self._width = -1
        self._layout(quiet=laid_out)
        self.refresh()

    def _layout(self, *, quiet: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width or not self._ready():
            return
        self._width = width
        content = self._content(width)

        def to_strips(renderable: RenderableType) -> list[Strip]:
            return self._to_strips(renderable, width)

        if isinstance(content, LazyStrips):
            self._strips = content
        else:
            self._strips = _RowStrips(content, to_strips) if isinstance(content, Rows) else to_strips(content)
        size = Size(width, len(self._strips))
        if quiet and self.virtual_size.width == width:
            set_scroll_range(self, size)
        else:
            self.virtual_size = size

    def _set_range(self) -> None:
        self._range_due = False
        size = Size(self._width, len(self._strips))
        if self._width > 0 and size != self.virtual_size:
            set_scroll_range(self, size)  # no layout: the view's size comes from CSS, not its rows

    def on_resize(self) -> None:
        self._layout()
        self.refresh()

    def notify_style_update(self) -> None:
        """Another theme (or style): lay the rows out again in its colours."""
        super().notify_style_update()
        self._width = -1

    def render_line(self, y: int) -> Strip:
        self._layout()
        width = self.scrollable_content_region.width
        style = self.visual_style.rich_style
        index = y if y < self._pinned else y + self.scroll_offset.y
        strip = line_of(self._strips, index, width, style)
        if not self._range_due and took_growth(self._strips):
            self._range_due = True
            self.call_after_refresh(self._set_range)
        return strip
