"""`N` (next to do) and the assessment's ctrl+n with a search active (QA, branch live, problem 2).

On main, with the inbox searching for one reply that was already done, `N` said `没有待评审的答复了`
although every other reply still needed work; `]` said, rightly, `已是这次搜索的最后一份答复`. `N`
keeps to the search, as `]` does (the reviewer searched to work through those replies; a key that
left the search unasked would open a reply the inbox does not list), and now says so and how many
replies outside the search still need work. A real database on disk, the app driven by the pilot."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from tests.helpers.toasts import toasts
from tests.test_tui_daily_use import SIZE, three_replies

DONE = Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, communication=Communication.IN_PERSON,
                  relevance=Relevance.TARGETED, completed_at="2025-06-01T10:00:00")


def _one_done(tmp_path):
    """Three replies; the first (关于第1件事的提案) done by tester, the other two untouched."""
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    with ReviewStore(db) as store:
        for index in (1, 2):
            store.set_rating(ids[0], "tester", index, Rating.ADOPTED)
        store.set_assessment(ids[0], "tester", DONE)
        assert store.progress("tester")[ids[0]].state.value == "done"
    return db, ids


async def _search_for_the_done_reply(pilot) -> None:
    await pilot.pause()
    await pilot.press("/", *"第1件事", "tab")  # to the list (enter would open the match)
    await pilot.pause()


async def test_n_in_a_search_of_done_replies_says_how_many_outside_still_need_work(tmp_path):
    db, ids = _one_done(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _search_for_the_done_reply(pilot)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)  # nothing opened outside the search
        assert "这次搜索中没有待评审的答复了（搜索之外还有 2 份）" in toasts(app)
        await pilot.press("enter")  # the done reply, on the review screen
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == ids[0]
        await pilot.press("N")
        await pilot.pause()
        assert app.screen.reply_id == ids[0]
        assert "这次搜索中没有待评审的答复了（搜索之外还有 2 份）" in toasts(app)
        await pilot.press("s")  # the assessment: ctrl+n confirms (again) and looks for the next one
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == ids[0]
        assert "这次搜索中没有待评审的答复了（搜索之外还有 2 份）" in toasts(app)


async def test_n_in_a_search_says_it_in_english(tmp_path):
    db, _ids = _one_done(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _search_for_the_done_reply(pilot)
        await pilot.press("N")
        await pilot.pause()
        assert "no reply of this search needs work (2 more outside the search)" in " ".join(toasts(app))


async def test_n_without_a_search_still_finds_the_next_reply_and_says_nothing_is_left_when_none_is(tmp_path):
    db, ids = _one_done(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id != ids[0]
    with ReviewStore(db) as store:  # every reply done: nothing outside a search either
        for rid in ids[1:]:
            for index in (1, 2):
                store.set_rating(rid, "tester", index, Rating.ADOPTED)
            store.set_assessment(rid, "tester", DONE)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, remember_place=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _search_for_the_done_reply(pilot)
        await pilot.press("N")
        await pilot.pause()
        assert "没有待评审的答复了" in toasts(app)
