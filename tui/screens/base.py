"""What every screen shares: the context it works with, `?` for help, and the styles
of text spans (tui.styles) resolved from the theme."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from tui.context import ReviewContext
from tui.styles import SPAN_CLASSES, SpanStyles

ResultT = TypeVar("ResultT")
"""What a screen dismisses with (its caller's callback receives it)."""


class BaseScreen(Screen[ResultT], SpanStyles, Generic[ResultT]):
    COMPONENT_CLASSES = set(SPAN_CLASSES)
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    #: the title shown by the help screen (a catalogue key)
    TITLE_KEY = "app.title"
    #: the footer's first keys (binding ids): what a narrow terminal must still show
    FOOTER_FIRST: tuple[str, ...] = ()

    def __init__(self, ctx: ReviewContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx

    @property
    def lang(self) -> str:
        return self.ctx.lang

    def save_now(self) -> None:
        """The app is closing (quit, a closed terminal): store what is typed and not saved."""


class BaseModal(ModalScreen[ResultT], SpanStyles, Generic[ResultT]):
    """A dialog over the current screen; dismisses with a value (None when cancelled)."""

    COMPONENT_CLASSES = set(SPAN_CLASSES)
    TITLE_KEY = "app.title"
    FOOTER_FIRST: tuple[str, ...] = ()

    def __init__(self, ctx: ReviewContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx

    @property
    def lang(self) -> str:
        return self.ctx.lang
