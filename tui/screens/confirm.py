"""Small dialogs: a yes/no question and a path prompt."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ..context import ReviewContext
from ..i18n import t
from ..widgets.text_block import TextBlock
from .base import BaseModal


class ConfirmScreen(BaseModal[bool]):
    """Dismisses with True (y / enter) or False (n / escape)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 70; max-width: 95%; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    ConfirmScreen #confirm-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, ctx: ReviewContext, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(ctx, id="confirm-dialog")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        yes = self.yes or t("confirm.yes", self.lang)
        no = self.no or t("confirm.no", self.lang)
        with Vertical():
            # (wrapped as Chinese is, tui.cjk_wrap: Rich parted 435 and 份 though the line had room)
            yield TextBlock(Text(self.question), id="confirm-question")
            yield Static(Text(f"{yes}    {no}"), markup=False, id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CarefulConfirm(ConfirmScreen, inherit_bindings=False):
    """A question whose yes loses something (replace a file that is there: tui.export_actions; quit
    although notes the disk refused are kept only in memory: tui.unsaved_notes). Only y answers yes;
    n and escape answer no. Enter does not answer: the path prompt before the first is confirmed with
    enter, and a second enter (a key held a moment too long) must not destroy a file or lose notes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]


class PathPrompt(BaseModal[str | None]):
    """Asks for a file path; dismisses with the path or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    DEFAULT_CSS = """
    PathPrompt { align: center middle; }
    PathPrompt > Vertical { width: 80; max-width: 95%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, ctx: ReviewContext, prompt: str, default: str = "") -> None:
        super().__init__(ctx, id="path-prompt")
        self.prompt = prompt
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.prompt), markup=False)
            yield Input(self.default, id="path")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
