"""A fixed-size widget showing a `rich.text.Text` (never markup).

`set()` repaints it only when the text changed, and never asks for a re-layout: the
widget's height comes from CSS, not from its content. That is what keeps moving to the
next suggestion to one frame (a `Static.update` asks for a layout of the whole screen).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ..styles import styled


class TextLine(Widget):
    DEFAULT_CSS = """
    TextLine { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, text: Text | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text if text is not None else Text("")

    @property
    def text(self) -> Text:
        return self._text

    def set(self, text: Text) -> bool:
        """Show `text`; repaint (no layout) only if it differs. True when it changed."""
        if text == self._text and text.style == self._text.style:
            return False
        self._text = text
        self.refresh()
        return True

    def render(self) -> Text:
        return styled(self, self._text)  # span names (cppcc_review.tui.styles) in the theme's colours
