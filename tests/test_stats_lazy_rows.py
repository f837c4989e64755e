"""The statistics lay out only the lines on screen (by proposer, 1,124 rows on 931 real
replies took 1.4 s to lay out whole), and what they show is what the whole table showed:
the pinned header, j/k and the page keys, the total row, the bars and the note below."""

from __future__ import annotations

from rich.console import Console

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.stats import StatsScreen
from cppcc_review.tui.widgets import strip_view
from cppcc_review.tui.widgets.table_view import TableView
from tests.helpers.replies import make_reply

UNITS = 300


def _db(tmp_path):
    """300 replies, one handling unit and one proposer each (names of several widths), some rated."""
    db = tmp_path / "db"
    replies = []
    for i in range(1, UNITS + 1):
        reply = make_reply(f"沪测提复〔2025〕{i}号", n=2, handler=f"某市第{i}办理单位" + "分局" * (i % 7))
        reply.proposers = [f"委员{i}" + "（民建）" * (i % 3)]
        replies.append(reply)
    with ReviewStore(db) as store:
        store.add_replies(replies)
        for n, summary in enumerate(store.summaries()[:40]):
            store.set_rating(summary.id, "tester", 1, (Rating.ADOPTED, Rating.EXPLAINED)[n % 2])
    return db


def _whole(screen: StatsScreen, width: int) -> str:
    """The whole table as Rich lays it out (what the screen showed before), as text."""
    from cppcc_review.store.stats import stats_report

    groups, overall = stats_report(screen.ctx.store, by=screen.by)
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(screen.table(groups, overall, screen.size.width))
    console.file.close()
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


async def test_only_the_lines_on_screen_are_laid_out_and_they_read_as_the_whole_table(tmp_path, monkeypatch):
    made: list[int] = []
    real = strip_view._RowStrips.__getitem__

    def counted(self, index):
        if isinstance(index, int) and index not in self._made and index < self._rows.count:
            made.append(index)
        return real(self, index)

    monkeypatch.setattr(strip_view._RowStrips, "__getitem__", counted)
    app = ReviewApp(db_path=_db(tmp_path), reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        made.clear()
        await pilot.press("v")  # by proposer: 300 rows and the total
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.by == "proposer"
        view = screen.query_one(TableView)
        assert view.virtual_size.height >= UNITS + 2
        assert 0 < len(made) <= view.size.height  # the first screen's lines, not 300 rows
        top = [view.render_line(y).text for y in range(view.size.height)]
        assert "Group" in top[0] and "委员" in top[1]
        await pilot.press("pagedown", "pagedown", "j", "j")
        await pilot.pause()
        after = [view.render_line(y).text for y in range(view.size.height)]
        assert after[0] == top[0]  # the header stays
        assert after[1] != top[1]
        assert len(made) <= 4 * view.size.height
        await pilot.press("G")
        await pilot.pause()
        bottom = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "Total" in bottom and "█" in bottom
        await pilot.press("g")
        await pilot.pause()
        assert [view.render_line(y).text for y in range(view.size.height)] == top
        # line for line what laying the whole table out gave, at this width and narrower
        width = view.scrollable_content_region.width
        assert "\n".join(line.rstrip() for line in view.plain.splitlines()) == _whole(screen, width)
    app = ReviewApp(db_path=tmp_path / "db", reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(TableView)
        width = view.scrollable_content_region.width
        assert "\n".join(line.rstrip() for line in view.plain.splitlines()) == _whole(screen, width)
