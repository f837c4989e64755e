"""Layout at 80 and 200 columns: `stats --format table` at 80 columns split its first header
承办单位 into 承办单 / 位; the inbox at 200 columns cut the 办理单位 column (上海市科学技术委 …)
while the title column had about 100 empty cells. The header is as wide as its words; past
the cells nearly every title needs, the handler's and the proposer's columns widen first.
Failed on the code before this change."""

from __future__ import annotations

from rich.cells import cell_len

from cppcc_review.tui.widgets.reply_list import ReplyList
from tests.test_ratings_io import cli
from tests.test_tui_daily_use import app_as_tester


def test_stats_tables_first_header_is_whole_at_80_columns(seed_db, tmp_path):
    for lang, header in (("zh", "承办单位"), ("en", "Unit")):
        out = cli("--lang", lang, "stats", "--db", str(seed_db), "--format", "table", home=tmp_path, COLUMNS="80")
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        assert any(line.split()[:1] == [header] for line in lines if line.strip()), out.stdout
        assert all(cell_len(line) <= 80 for line in lines), out.stdout


async def test_the_inbox_at_200_columns_shows_the_handler_whole(seed_db):
    app = app_as_tester(seed_db)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        reply_list = app.screen.query_one(ReplyList)
        row = "".join(segment.text for segment in reply_list.render_line(1))
        assert "上海市科学技术委员会" in row and "…" not in row, row
    async with app_as_tester(seed_db).run_test(size=(80, 24)) as pilot:  # 80 columns: as before
        await pilot.pause()
        assert "上海市科学技术委" in "".join(s.text for s in pilot.app.screen.query_one(ReplyList).render_line(1))
