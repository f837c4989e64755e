"""What every screen shares: the context it works with, `?` for help, and the styles
of text spans (cppcc_review.tui.styles) resolved from the theme."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from ...store.model import Review
from ..context import ReviewContext
from ..styles import SPAN_CLASSES, SpanStyles

ResultT = TypeVar("ResultT")
"""What a screen dismisses with (its caller's callback receives it)."""


class ScreenBasics(SpanStyles):
    """Mixin of both base classes (after Textual's Screen in the bases, so that Textual's
    CSS still sees a Screen)."""

    ctx: ReviewContext
    #: the title shown by the help screen (a catalogue key)
    TITLE_KEY = "app.title"
    #: the footer's first keys (binding ids): what a narrow terminal must still show
    FOOTER_FIRST: tuple[str, ...] = ()

    @property
    def lang(self) -> str:
        return self.ctx.lang

    def save_now(self) -> None:
        """The app is closing (quit, a closed terminal): store what is typed and not saved."""


class BaseScreen(Screen[ResultT], ScreenBasics, Generic[ResultT]):
    COMPONENT_CLASSES = set(SPAN_CLASSES)  # (Textual reads them from the CSS bases only)
    BINDINGS = [Binding("question_mark", "app.help", "Help", id="help")]

    def __init__(self, ctx: ReviewContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx

    def on_screen_resume(self) -> None:
        """A screen shown (again): a read-only refusal a key met on the screen before is not repeated here
        (SaveStatus.refusal); the 只读 prefix and its reason stay."""
        if self.ctx.store.readonly:
            self.ctx.status.refuse(None)

    def changed_elsewhere(self, reply_ids: frozenset[str]) -> None:
        """Another process changed replies `reply_ids` (the app's poll): a screen showing one of
        them reads it again (the review screen, the assessment); the inbox hears StoreChanged."""

    def note_saved_later(self, reply_id: str, index: int, review: Review) -> None:
        """A note the disk had refused is saved now (cppcc_review.tui.unsaved_notes): `review` as stored.
        The review screen showing it takes it as the note saved there."""

    def review_shown(self) -> Review | None:
        """The review this screen shows, as last read (the poll looks whether another window typing
        its note has gone since: cppcc_review.tui.store_poll.drafts_let_go)."""
        return None


class BaseModal(ModalScreen[ResultT], ScreenBasics, Generic[ResultT]):
    """A dialog over the current screen; dismisses with a value (None when cancelled)."""

    COMPONENT_CLASSES = set(SPAN_CLASSES)

    def __init__(self, ctx: ReviewContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
