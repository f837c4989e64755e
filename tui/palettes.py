"""Textual's command palette (ctrl+p) and theme picker with their search field's placeholder in
the interface's language: App opens both saying "Search for commands…" / "Search for themes…";
here they are opened with CommandPalette's public `placeholder` argument (Textual 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .i18n import t

if TYPE_CHECKING:
    from textual.app import App


class PalettesInLanguage:
    """Mixed into the app (before textual's App): its `context.lang` words the placeholders."""

    context: Any

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        app = cast("App[object]", self)
        if app.use_command_palette and not CommandPalette.is_open(app):
            app.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.commands", self.context.lang)))

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        app = cast("App[object]", self)
        app.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("palette.themes", self.context.lang)))
