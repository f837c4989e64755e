"""The command palette and the theme picker say "no matches" in the interface's language (QA
round 14, item 6: under the Chinese default both said "No matches found"). A real database, the
app driven by the pilot, the list's lines read as shown."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette

from cppcc_review.tui.app import ReviewApp

SIZE = (120, 40)


def _lines(app) -> list[str]:
    """The palette's list as its lines read (a prompt may be wrapped in an Align)."""
    assert isinstance(app.screen, CommandPalette)
    listing = app.screen.query_one(CommandList)
    prompts = [listing.get_option_at_index(i).prompt for i in range(listing.option_count)]
    return [str(getattr(prompt, "renderable", prompt)) for prompt in prompts]


async def _wait_for_the_line(app, pilot, line: str) -> list[str]:
    """The list once it shows `line` alone, or as it stands after 4 s: the palette adds its no-matches
    line half a second after the search, and the theme picker lists every theme until its search has run
    (under load that is later than the first look: the list is waited on, not the clock)."""
    for _ in range(80):
        await pilot.pause(0.05)
        if _lines(app) == [line]:
            break
    return _lines(app)


@pytest.mark.parametrize(("lang", "no_matches", "theme_command"), [
    ("zh", "没有匹配的结果", "外观：更换配色主题"),
    ("en", "No matches found", "appearance: change the colour theme"),
])
async def test_no_matches_is_said_in_the_language(seed_db, lang, no_matches, theme_command):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"zzzz")
        assert await _wait_for_the_line(app, pilot, no_matches) == [no_matches]
        await pilot.press(*["backspace"] * 4, *theme_command)
        await pilot.pause(0.3)
        await pilot.press("enter")  # the theme picker
        await pilot.pause(0.3)
        await pilot.press(*"zzzz")
        assert await _wait_for_the_line(app, pilot, no_matches) == [no_matches]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
