"""A multi-line paste into the inbox's search kept only its first line, the rest dropped
without a sign (the README promises a paste arrives whole): its lines are now joined, with
no space inside Chinese text (a line break there is none: the search finds 渝住建提复) and one
between Latin words. Failed on the code before this change."""

from __future__ import annotations

from textual import events

from cppcc_review.tui.widgets.search_input import SearchInput
from tests.test_tui_daily_use import SIZE, app_as_tester


async def _pasted(seed_db, text: str) -> str:
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen.query_one("#search", SearchInput)
        assert app.focused is search
        app.post_message(events.Paste(text))  # as the terminal driver sends it
        await pilot.pause()
        return search.value


async def test_a_multi_line_paste_into_the_search_arrives_whole(seed_db):
    assert await _pasted(seed_db, "渝住建\n提复") == "渝住建提复"
    assert await _pasted(seed_db, "parking\nspaces 2024") == "parking spaces 2024"


async def test_a_terminals_line_ends_and_blank_lines_are_dropped(seed_db):
    assert await _pasted(seed_db, "渝住建\r\r  提复 \r") == "渝住建提复"


async def test_a_one_line_paste_is_as_it_was(seed_db):
    assert await _pasted(seed_db, "提复\x1b[31m") == "提复␛[31m"
