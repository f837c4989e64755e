"""The inbox's lines keep following the theme and the focus now that their styles are made once
(ReplyList.LineStyles) instead of read for every line of every frame: a theme picked while the
inbox is shown recolours the cursor row and the header, and the cursor row dims when the search
field takes the focus. A real database on disk, the app driven by the pilot. No timing here:
benchmarks/inbox_lines.py measures the drawing."""

from __future__ import annotations

from rich.color import Color

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.widgets.reply_list import ReplyList

from .test_tui import SIZE


def _backgrounds(replies: ReplyList, y: int) -> set[Color | None]:
    """The background colours of line `y` of the list as drawn."""
    return {segment.style.bgcolor for segment in replies.render_line(y) if segment.style is not None}


async def test_a_theme_picked_in_the_inbox_recolours_its_lines(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        replies = app.screen.query_one(ReplyList)
        assert replies.has_focus and replies.cursor == 0
        cursor_before, header_before = _backgrounds(replies, 1), _backgrounds(replies, 0)
        app.theme = "cppcc-high-contrast"
        await pilot.pause()
        # the theme's block cursor (#FFFF00) and panel (#202020), not the old theme's
        assert _backgrounds(replies, 1) == {Color.parse("#ffff00")} != cursor_before
        assert _backgrounds(replies, 0) == {Color.parse("#202020")} != header_before


async def test_the_cursor_row_dims_while_the_search_field_has_the_focus(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "cppcc-high-contrast"
        await pilot.pause()
        replies = app.screen.query_one(ReplyList)
        assert _backgrounds(replies, 1) == {Color.parse("#ffff00")}
        await pilot.press("slash")  # the search field takes the focus
        await pilot.pause()
        assert not replies.has_focus
        # block-cursor-blurred-background (the state cells keep their state's colours on it)
        assert list(replies.render_line(1))[0].style.bgcolor == Color.parse("#505050")
        await pilot.press("tab")  # back to the list
        await pilot.pause()
        assert replies.has_focus and _backgrounds(replies, 1) == {Color.parse("#ffff00")}
