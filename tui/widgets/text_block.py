"""A block of `rich.text.Text` (never markup) that may wrap over several lines; its span
names (cppcc_review.tui.styles) are drawn in the theme's colours."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

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
        return styled(self, self._text)
