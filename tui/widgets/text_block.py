"""A block of `rich.text.Text` (never markup) that may wrap over several lines; its span
names (cppcc_review.tui.styles) are drawn in the theme's colours.

Wrapped by cppcc_review.tui.cjk_wrap, not by Rich: Rich takes a run of Chinese without spaces for one
word and breaks at the space before it, though the line has room (QA round 15c: a dialog's
导入内置的 435 / 份示例答复？… , the number and its measure word parted)."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ..cjk_wrap import wrap_lines, wrap_text
from ..styles import styled


class TextBlock(Widget):
    DEFAULT_CSS = """
    TextBlock { height: auto; }
    """

    def __init__(self, text: Text | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text if text is not None else Text("")

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text) -> None:
        self._text = text
        self.refresh(layout=True)

    def render(self) -> Text:
        width = self.content_size.width
        return styled(self, wrap_text(self._text, width) if width > 0 else self._text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width <= 0:
            return super().get_content_height(container, viewport, width)
        return len(wrap_lines(self._text, width))
