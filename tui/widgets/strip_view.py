"""A Line-API scroll area laid out once per width: what it shows is turned into strips (rows of
cells) when the width or the theme changes, and each scroll only copies the rows on screen.

A `Static` inside a scroll container renders everything again for every step; here a step costs
the rows painted (the statistics' hundreds of rows, a long original document).
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize


class StripView(ScrollView, can_focus=False):
    """Subclasses say what to show at a width (`_content`) and whether there is anything yet (`_ready`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] = []
        self._width = -1  # the width the strips were laid out for (-1: lay out again)
        self._pinned = 0  # rows at the top that stay while the rest scrolls (a table's header)

    def _ready(self) -> bool:
        return True

    def _content(self, width: int) -> RenderableType:
        raise NotImplementedError

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width or not self._ready():
            return
        self._width = width
        visual = visualize(self, self._content(width), markup=False)
        self._strips = Visual.to_strips(self, visual, width, None, self.visual_style)
        self.virtual_size = Size(width, len(self._strips))

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
        if 0 <= index < len(self._strips):
            return self._strips[index].crop_extend(0, width, style)
        return Strip.blank(width, style)
