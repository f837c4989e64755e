"""The statistics screen's 评定比例 bar is a share of the unit's suggestions (qa106 issue 2).

A unit of six suggestions with one rated showed a full bar (one adopted of one rated);
the bar now fills a sixth of its width and marks the rest as not rated (or disputed).
The letters in tests/data/agreement are our own words.
"""

from __future__ import annotations

from pathlib import Path

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.stats import StatsScreen, share_bar
from cppcc_review.tui.styles import ADOPTED, EXPLAINED, PARTIAL, behind
from cppcc_review.tui.widgets.table_view import TableView

DATA = Path(__file__).parent / "data" / "agreement"
PARKS, TRAFFIC = "某市园林绿化局", "某市交通运输局"


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [DATA / "parks_six.txt", DATA / "traffic_eight.txt"])
        ids = {s.handler: s.id for s in store.summaries()}
        store.set_rating(ids[PARKS], "tester", 1, Rating.ADOPTED)
        for index in range(1, 9):
            store.set_rating(ids[TRAFFIC], "tester", index, Rating.EXPLAINED if index % 2 else Rating.ADOPTED)
    return db


def _rows(screen: StatsScreen) -> dict[str, str]:
    """The table as a reader sees it: each row's text by its first cell."""
    return {line.split()[0]: line for line in screen.query_one(TableView).plain.splitlines() if line.strip()}


async def test_a_unit_with_one_rated_suggestion_of_six_shows_a_sixth_of_a_bar(tmp_path):
    app = ReviewApp(db_path=_db(tmp_path), reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        rows = _rows(screen)
        parks, traffic = rows[PARKS], rows[TRAFFIC]
        # 1 of 6: 20 / 6 = 3⅓ cells, three whole and three eighths of the fourth
        assert parks.count("█") == 3 and "▍" in parks and parks.count("·") == 16
        assert traffic.count("█") == 20 and "·" not in traffic  # all 8 rated
        assert "Total" in rows and "合计" not in rows  # the total row in the interface's language
        caption = " ".join(screen.query_one(TableView).plain.split())  # (the note may wrap)
        assert ("Ratings: shares of all the group's suggestions, one cell 5%, ▏▎▍… part of a cell; · not rated, "
                "or disputed with no majority.") in caption


def test_a_tiny_share_is_a_thin_mark_not_a_whole_cell():
    # 6 of 817 rated (0.7%) drew 3 of 20 cells (one per category present), which reads as 15%.
    bar = share_bar(2, 2, 2, width=20, total=817)
    # 0.15 of a cell each: every share drawn, and a cell shows two colours at most, so the
    # first cell holds adopted and partially adopted, the next one explained
    assert bar.plain == "▏▏" + "·" * 18
    assert share_bar(1, 0, 0, width=20, total=1000).plain == "▏" + "·" * 19  # an eighth at least
    assert share_bar(0, 0, 0, width=20, total=6).plain == "·" * 20


def test_a_share_thinner_than_a_cell_between_two_others_is_drawn():
    """It was not drawn at all: rounded to nothing, or starting and ending inside the cell where
    the share before it ends (a cell shows two colours at most)."""
    bar = share_bar(499, 1, 500, width=20)  # 0.02 of a cell between two halves
    assert bar.plain == "█" * 10 + "▏" + "█" * 9
    assert [span.style for span in bar.spans if span.start <= 10 < span.end] == [f"{PARTIAL} {behind(EXPLAINED)}"]
    bar = share_bar(47, 1, 52, width=20)  # adopted ends 3/8 into cell 9, partially adopted 2/8 later
    assert bar.plain == "█" * 9 + "▍" + "█" * 10
    assert [span.style for span in bar.spans if span.start <= 9 < span.end] == [f"{ADOPTED} {behind(PARTIAL)}"]
    assert [span.style for span in bar.spans if span.start <= 10 < span.end] == [EXPLAINED]


def test_shares_are_drawn_to_scale_and_a_shared_cell_shows_both_colours():
    bar = share_bar(5, 3, 0, width=20)  # all rated: 12½ cells adopted, 7½ partially
    assert bar.plain == "█" * 12 + "▌" + "█" * 7
    shared = next(span for span in bar.spans if span.start == 12)
    assert shared.style == f"{ADOPTED} {behind(PARTIAL)}"  # the partial block on the next share's colour
    assert len(share_bar(1, 1, 1, width=10).plain) == 10


async def test_the_total_row_of_a_barely_rated_database_is_a_thin_mark(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [DATA / "parks_six.txt", DATA / "traffic_eight.txt"])
        ids = {s.handler: s.id for s in store.summaries()}
        store.set_rating(ids[TRAFFIC], "tester", 1, Rating.ADOPTED)  # 1 of 14 suggestions: 1.43 cells
    app = ReviewApp(db_path=db, reviewer="tester", lang="zh", offer_demo=False)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        rows = _rows(app.screen)
        assert "█▍" + "·" * 18 in rows["合计"] and "█▍" + "·" * 18 not in rows[PARKS]
        assert "一格为5%，▏▎▍…为不足一格的部分" in "".join(app.screen.query_one(TableView).plain.split())
