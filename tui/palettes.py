"""Textual's command palette (ctrl+p) and theme picker with their search field's placeholder and
their "No matches found" in the interface's language: App opens both saying "Search for
commands…" / "Search for themes…"; here they are opened with CommandPalette's public
`placeholder` argument (Textual 8), and with a list of commands that words the line Textual adds
when nothing matches (Textual has no argument for it; how that line is known:
tui/textual_private.py, 4.)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from .i18n import t
from .textual_private import NO_MATCHES_ID

if TYPE_CHECKING:
    from textual.app import App, ComposeResult


class WordedCommandList(CommandList):
    """The palette's list, its "No matches found" line in `no_matches`'s words."""

    def __init__(self, no_matches: str) -> None:
        super().__init__()
        self.no_matches = no_matches

    def add_option(self, item: Any = None) -> WordedCommandList:
        if isinstance(item, Option) and item.id == NO_MATCHES_ID:
            item = Option(Align.center(Text(self.no_matches, style="not bold")), disabled=True, id=NO_MATCHES_ID)
        super().add_option(item)
        return self


class WordedCommandPalette(CommandPalette):
    """Textual's CommandPalette with WordedCommandList for its list."""

    def __init__(self, *args: Any, no_matches: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.no_matches = no_matches

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield WordedCommandList(self.no_matches) if type(widget) is CommandList else widget


class PalettesInLanguage:
    """Mixed into the app (before textual's App): its `context.lang` words the placeholders."""

    context: Any

    def action_command_palette(self) -> None:
        app = cast("App[object]", self)
        lang = self.context.lang
        if app.use_command_palette and not CommandPalette.is_open(app):
            app.push_screen(WordedCommandPalette(id="--command-palette", placeholder=t("palette.commands", lang),
                                                 no_matches=t("palette.no_matches", lang)))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        app = cast("App[object]", self)
        lang = self.context.lang
        app.push_screen(WordedCommandPalette(providers=[ThemeProvider], placeholder=t("palette.themes", lang),
                                             no_matches=t("palette.no_matches", lang)))
