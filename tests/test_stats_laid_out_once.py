"""The statistics screen lays its table out once when it opens (perfd, the profile of a
reviewer's session on 931 real replies: opening the statistics was the costliest key).

A table taller than the screen was laid out at the full width, then again one column
narrower when its scrollbar appeared: two layouts of every row (0.45 s each for 560
handling units) where one is shown. A real database of 60 handling units, the real app;
the layouts are counted. Failed before the change (two layouts)."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.stats import StatsScreen
from cppcc_review.tui.widgets.table_view import TableView
from tests.helpers.replies import make_reply

UNITS = [f"某市第{i}办理单位" for i in range(1, 61)]


def _db(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        store.add_replies([make_reply(f"沪测提复〔2025〕{i}号", n=2, handler=unit) for i, unit in enumerate(UNITS, 1)])
        first = store.summaries()[0].id
        store.set_rating(first, "tester", 1, Rating.ADOPTED)
    return db


async def test_a_table_taller_than_the_screen_is_laid_out_once(tmp_path, monkeypatch):
    layouts: list[int] = []
    real = TableView._content

    def counted(self, width):
        layouts.append(width)
        return real(self, width)

    monkeypatch.setattr(TableView, "_content", counted)
    app = ReviewApp(db_path=_db(tmp_path), reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        table = screen.query_one(TableView)
        assert len(layouts) == 1, layouts  # was two: [98, 97]
        assert table.max_scroll_y > 0  # taller than the screen: its scrollbar shows
        shown = table.plain.splitlines()
        assert sum(unit in line for line in shown for unit in UNITS) == 60
        assert all(len(line.rstrip()) <= layouts[0] for line in shown)  # fitted to the width it has
        await pilot.press("v")  # by proposer: one layout more, not two
        await pilot.pause()
        assert len(layouts) == 2, layouts
        await pilot.press("G")
        await pilot.pause()
        assert "Total" in app.screen.query_one(TableView).plain
