"""The disputes screen pages like the other lists and draws only what is on screen (QA round 15, item 6).

On main the list had j / k only (PgDn, End, G, g did nothing; the help listed j / k), so reaching the last
of 3,000 disputes took 3,000 presses, each of which built and laid out the whole list again (about a
second a key; the timings are in benchmarks/disputes_screen.py, not here). A real database on disk with
two reviewers who disagree on many suggestions, the app driven by the pilot."""

from __future__ import annotations

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.disputes import DisputesScreen
from cppcc_review.tui.screens.help import HelpScreen
from cppcc_review.tui.widgets.dispute_list import DisputeList
from tests.helpers.disputes import disputes_read

FILES = sorted(FIXTURES_DIR.glob("0[0-4]?_*.txt"))[:30]


def _database(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, FILES)
        for summary in store.summaries():
            for index in range(1, len(store.suggestion_ranges(summary.id)) + 1):
                store.set_rating(summary.id, "李审阅", index, Rating.ADOPTED)
                store.set_rating(summary.id, "王审阅", index, Rating.EXPLAINED)
    return db


def _in_view(view: DisputeList) -> bool:
    """The cursor's row is on screen."""
    first = view._starts[view.cursor]
    return view.scroll_offset.y <= first < view.scroll_offset.y + view.scrollable_content_region.height


async def test_the_disputes_page_like_the_inbox_and_the_cursor_stays_in_view(tmp_path):
    db = _database(tmp_path)
    app = ReviewApp(db_path=db, reviewer="裁定人")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await disputes_read(pilot)
        screen = app.screen
        assert isinstance(screen, DisputesScreen)
        n = len(screen.items)
        view = screen.query_one(DisputeList)
        assert view._starts[-1] > 2 * view.scrollable_content_region.height, n  # more than two screens of them
        await pilot.press("G")
        await pilot.pause()
        assert screen.cursor == n - 1 and _in_view(view)
        assert "▶" in view._line(view._starts[n - 1]).plain
        await pilot.press("g")
        await pilot.pause()
        assert screen.cursor == 0 and _in_view(view) and view.scroll_offset.y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        paged = screen.cursor
        assert paged > 5 and _in_view(view), paged
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert abs(screen.cursor - paged) <= 1 and _in_view(view)  # (a screenful of lines: of disputes, about)
        await pilot.press("end")
        await pilot.pause()
        assert screen.cursor == n - 1
        await pilot.press("home", "j", "j")
        await pilot.pause()
        assert screen.cursor == 2 and _in_view(view)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {binding for _keys, _description, binding in app.screen.shown}
        assert {"page_down", "page_up", "first", "last"} <= listed, listed
        await pilot.press("escape")
        await pilot.pause()


async def test_settling_changes_its_dispute_in_place_and_goes_on(tmp_path):
    db = _database(tmp_path)
    app = ReviewApp(db_path=db, reviewer="裁定人")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await disputes_read(pilot)
        screen = app.screen
        assert isinstance(screen, DisputesScreen)
        keys = [(d.reply_id, d.index) for d in screen.items]
        await pilot.press("G", "k", "3")  # the one before the last: settled, then the last
        await pilot.pause()
        n = len(keys)
        assert screen.cursor == n - 1 and [(d.reply_id, d.index) for d in screen.items] == keys
        settled = screen.items[n - 2]
        assert settled.resolution == Rating.EXPLAINED and settled.resolved_by == "裁定人"
        view = screen.query_one(DisputeList)
        assert "✔" in view.plain.splitlines()[view._starts[n - 1] - 1]  # its settling shown under it
        await pilot.press("k", "0")  # taken back
        await pilot.pause()
        assert screen.items[n - 2].resolution is None and screen.cursor == n - 1
    with ReviewStore(db, readonly=True) as store:
        rid, index = keys[n - 2]
        assert store.get_review(rid, "consensus").suggestions[index - 1].rating is None
