"""A small picker: the paragraph at which a suggestion is split into two."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..context import ReviewContext
from ..i18n import t
from ..safe_text import display_text
from ..styles import MUTED
from ..widgets.pick_list import PickList
from .base import BaseModal


class SplitPicker(BaseModal[int | None]):
    """Dismisses with the chosen line index (into reply.lines), or None."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel", id="cancel")]

    DEFAULT_CSS = """
    SplitPicker { align: center middle; }
    SplitPicker > Vertical { width: 90%; max-width: 100; height: auto; max-height: 80%; border: round $accent; background: $surface; padding: 0 1; }
    SplitPicker OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, ctx: ReviewContext, lines: list[str], candidates: list[int]) -> None:
        super().__init__(ctx, id="split-picker")
        self.lines = lines
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("split.title", self.lang), style="bold"), markup=False)
            yield PickList(id="split-lines")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.call_after_refresh(self.fill)  # once the list has its width

    def on_resize(self) -> None:
        if self.query_one(OptionList).option_count:
            self.call_after_refresh(self.fill)

    def fill(self) -> None:
        """One line per paragraph, its number then its start, cut with … to the list's width.

        Textual's OptionList wraps a prompt whatever its Text says (no_wrap): a long Chinese
        paragraph, with no space to break at but the one after the number, left the number
        alone on its first line. The prompts are built once the screen's styles exist: their
        line numbers are in the theme's muted colour (cppcc_review.tui.styles); each line is
        plain text, never markup."""
        choices = self.query_one(OptionList)
        padding = choices.get_component_styles("option-list--option").padding.width
        width = max(choices.scrollable_content_region.width - padding, 8)
        highlighted = choices.highlighted
        options = []
        for n in self.candidates:
            prompt = Text(f"{n + 1:>4} ", style=MUTED, no_wrap=True, overflow="ellipsis")
            prompt.append(display_text(self.lines[n], single_line=True))
            prompt.truncate(width, overflow="ellipsis")
            options.append(Option(self.styled(prompt), id=str(n)))
        choices.clear_options()
        choices.add_options(options)
        choices.highlighted = highlighted if highlighted is not None else 0
    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
