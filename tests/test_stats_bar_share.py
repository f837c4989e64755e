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
        assert parks.count("█") == 3 and parks.count("·") == 17  # 1 of 6: round(20 / 6) cells
        assert traffic.count("█") == 20 and "·" not in traffic  # all 8 rated
        assert "Total" in rows and "合计" not in rows  # the total row in the interface's language
        assert "Ratings: shares of all the group's suggestions; · not rated, or disputed with no majority." in screen.query_one(TableView).plain


def test_share_bar_keeps_a_cell_for_a_small_nonzero_share():
    bar = share_bar(1, 0, 0, width=20, total=100)
    assert bar.plain.count("█") == 1 and len(bar.plain) == 20
    assert share_bar(0, 0, 0, width=20, total=6).plain == "·" * 20
