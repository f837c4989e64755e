"""Small things a daily user met (QA minors, branch place): one enter opens a search's match,
a killed app comes back on the reply being read, the split picker's lines, the note mark at
80 columns, the inbox's 文号 column at 80 columns, thin shares in the statistics bars.
Driven headless with Textual's Pilot (and one real killed process in tmux, test_tmux_review)."""

from __future__ import annotations

from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from tests.test_tui_daily_use import app_as_tester, rows_of, three_replies

SIZE = (120, 40)


async def test_one_enter_in_the_search_box_opens_the_highlighted_match(tmp_path):
    """Enter in the search box only moved the focus to the list: a second enter opened the reply."""
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"第2件事", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == ids[1]
        review = app.context.store.get_review(ids[1], "tester")
        assert all(s.rating is None for s in review.suggestions)  # one enter: no hint accepted
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and [r.id for r in rows_of(app)] == [ids[1]]  # the search stays
        await pilot.press("escape", "slash", *"没有这份", "enter")  # no match: the list takes the focus
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and rows_of(app) == []
        assert app.focused is app.screen.query_one("#replies")
