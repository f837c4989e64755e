"""A small list to choose one value from (the inbox's filter and sort), instead of
cycling blind through them with one key."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..context import ReviewContext
from ..widgets.pick_list import PickList
from .base import BaseModal


class Picker(BaseModal[str | None]):
    """Dismisses with the chosen option's value, or None (escape / q)."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel", id="cancel")]

    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical { width: 48; max-width: 90%; height: auto; max-height: 80%;
                        border: round $accent; background: $surface; padding: 0 1; }
    Picker OptionList { height: auto; max-height: 16; border: none; padding: 0; }
    """

    def __init__(self, ctx: ReviewContext, title: str, options: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__(ctx, id="picker")
        self.title_text = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"), markup=False)
            yield PickList(*(Option(Text(label), id=value) for value, label in self.options), id="choices")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        values = [value for value, _label in self.options]
        if self.current in values:
            choices.highlighted = values.index(self.current)
        choices.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
