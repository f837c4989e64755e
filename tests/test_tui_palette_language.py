"""Textual's command palette and theme picker say their search field's placeholder in the
interface's language (they said "Search for commands…" and "Search for themes…" under the
Chinese default): ctrl+p, and the palette's theme command, on a real database."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandPalette

from cppcc_review.tui.app import ReviewApp

SIZE = (120, 40)


def _placeholder(app: ReviewApp) -> str:
    assert isinstance(app.screen, CommandPalette)
    return str(app.screen.query_one(CommandInput).placeholder)


@pytest.mark.parametrize(("lang", "commands", "themes", "theme_command"), [
    ("zh", "搜索命令……", "搜索配色主题……", "外观：更换配色主题"),
    ("en", "Search for commands…", "Search for themes…", "appearance: change the colour theme"),
])
async def test_the_palettes_placeholders_are_in_the_language(seed_db, lang, commands, themes, theme_command):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert _placeholder(app) == commands
        await pilot.press(*theme_command)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert _placeholder(app) == themes
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
