"""Help: every key of the screen underneath, generated from its bindings.

The rows come from the screen's active bindings (its own bindings, the focused
widget's and the app's) with the user's keymap applied, so what the help screen
says is what the keys do.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..context import ReviewContext
from ..i18n import MESSAGES, t
from ..keymap import declared_bindings, help_rows
from ..styles import KEY, MUTED
from ..widgets.text_block import TextBlock
from .base import BaseModal


class HelpScreen(BaseModal[None]):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Back", id="back")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 90; height: auto; max-height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, ctx: ReviewContext, screen: Screen[object]) -> None:
        super().__init__(ctx, id="help")
        self.target = screen
        order = [b.id for b in declared_bindings(type(screen)) if b.id]
        order += [b.id for b in declared_bindings(type(self.app)) if b.id]
        self.rows = help_rows(screen.active_bindings, self.app.get_key_display, ctx.lang, order)
        self.shown: list[tuple[str, str, str]] = []
        """(keys, description, binding id) as the table shows them."""
        for row in self.rows:
            description = row.description
            if row.binding_id is None:  # Textual's own bindings carry English descriptions
                key = f"textual.{row.action}"
                description = t(key, ctx.lang) if key in MESSAGES else description
            self.shown.append((" / ".join(row.keys), description, row.binding_id or ""))

    def compose(self) -> ComposeResult:
        lang = self.lang
        title = t(getattr(self.target, "TITLE_KEY", "app.title"), lang)
        with VerticalScroll():
            yield TextBlock(Text(t("help.title", lang, screen=title), style="bold"))
            yield Static(Text(""), id="help-table")
            legend = getattr(self.target, "LEGEND_KEY", None)
            if legend:  # what the screen's marks mean
                yield TextBlock(Text(t(legend, lang)), id="help-legend")
            yield TextBlock(Text(t("help.close", lang), style=MUTED))

    def on_mount(self) -> None:
        """The table, in the theme's colours (resolved now that the screen has its styles)."""
        lang = self.lang
        table = Table(show_header=True, header_style="bold", box=None, expand=True, padding=(0, 1))
        table.add_column(t("help.key", lang), no_wrap=True, style=self.span_style(f"{KEY} bold"))
        table.add_column(t("help.action", lang))
        table.add_column(t("help.id", lang), style=self.span_style(MUTED), no_wrap=True)
        for cells in self.shown:
            table.add_row(*(Text(cell) for cell in cells))
        self.query_one("#help-table", Static).update(table)
