"""What a tester met running the app on ~900 real replies (report qa106), each test failing
before its fix: driven with Textual's Pilot on a real database on disk."""

from __future__ import annotations

from cppcc_review.store.model import ReviewState
from cppcc_review.tui.screens.inbox import InboxScreen
from tests.test_tui_daily_use import SIZE, app_as_tester, rows_of, three_replies_one_rated


# --- pickers move with j/k ----------------------------------------------------------
async def test_filter_and_sort_pickers_move_with_j_and_k(tmp_path):
    """`f j j enter` re-applied the current filter: only the arrows moved in a picker."""
    from cppcc_review.tui.screens.picker import Picker

    db, ids = three_replies_one_rated(tmp_path, 0)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("j", "j", "j", "k", "enter")  # all, unreviewed, [in progress], done
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.screen.filter == ReviewState.IN_PROGRESS
        assert [r.id for r in rows_of(app)] == [ids[0]]
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("G", "g", "j", "j", "enter")  # doc_no date [title]
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.screen.sort_name == "title"
