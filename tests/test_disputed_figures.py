"""The disputed figure says the same thing in `merge`, `stats` and the app's statistics.

Three reviewers of one reply (tests/data/agreement/traffic_eight.txt, our own words):
on suggestion 1 two of three rate 采纳 and one 解释说明 (a majority holds); on
suggestion 2 all three differ (none holds); suggestions 3 to 8 they agree. Plain `merge`
used to print "no majority" for suggestion 1, and `stats` counted only suggestion 2 as
disputed while `merge` counted both.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.stats import StatsScreen
from cppcc_review.tui.widgets.table_view import TableView
from tests.helpers.cli import run_cli

LETTER = Path(__file__).parent / "data" / "agreement" / "traffic_eight.txt"
A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED
RATINGS = {"甲": [A, A], "乙": [A, P], "丙": [E, E]}


def _rated(tmp_path: Path) -> Path:
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [LETTER])
        rid = store.summaries()[0].id
        for reviewer, (first, second) in RATINGS.items():
            store.set_rating(rid, reviewer, 1, first)
            store.set_rating(rid, reviewer, 2, second)
            for index in range(3, 9):
                store.set_rating(rid, reviewer, index, A)
    return db


def _exports(capsys, tmp_path: Path, db: Path) -> list[Path]:
    files = []
    for reviewer in RATINGS:
        out = tmp_path / f"{reviewer}.yaml"
        assert run_cli(capsys, "export", "--db", db, "--reviewer", reviewer, "-o", out)[0] == 0
        files.append(out)
    return files


def test_plain_merge_names_the_majority_and_how_to_take_it(tmp_path, capsys):
    files = _exports(capsys, tmp_path, _rated(tmp_path))
    code, out, _err = run_cli(capsys, "--lang", "en", "merge", *files)
    assert code == 0
    assert "disputed 2 (majority 1, none 1)" in out
    first, second = out.split("    1. ", 1)[1].split("    2. ", 1)
    assert "-> majority (2 of 3): adopted; --resolve majority (or settling it in the app, D) would take it" in first
    assert "no majority" not in first
    assert "-> no majority; a lead reviewer should settle it" in second
    assert "Merged 3 files: 3 reviewers" in out and "1 reply, 8 suggestions" in out


def test_merge_and_stats_count_the_same_disputes_in_the_same_words(tmp_path, capsys):
    db = _rated(tmp_path)
    files = _exports(capsys, tmp_path, db)
    merged = tmp_path / "merged.yaml"
    assert run_cli(capsys, "merge", *files, "-o", merged)[0] == 0
    summary = yaml.safe_load(merged.read_text("utf-8"))["summary"]
    assert (summary["disputed"], summary["disputed_majority"], summary["disputed_none"]) == (2, 1, 1)

    code, out, _err = run_cli(capsys, "stats", "--db", db, "--format", "yaml")
    assert code == 0
    total = yaml.safe_load(out)["total"]
    assert (total["disputed"], total["disputed_majority"], total["disputed_none"]) == (2, 1, 1)
    # shares of all eight suggestions: seven have a verdict (six agreed, one by majority)
    assert (total["suggestions"], total["rated"], total["adopted"]) == (8, 7, 7)
    assert total["adopted_share"] == 0.875

    code, out, _err = run_cli(capsys, "--lang", "en", "stats", "--db", db, "--format", "table")
    assert code == 0 and "disputed 2 (majority 1, none 1)" in out
    assert "Shares are of all the group's suggestions" in out
    code, out, _err = run_cli(capsys, "stats", "--db", db, "--format", "table")
    assert "争议 2（多数 1，无多数 1）" in out


async def test_the_statistics_screen_says_the_disputed_figure_as_merge_does(tmp_path):
    for lang, words in (("en", "disputed 2 (majority 1, none 1)"), ("zh", "争议 2（多数 1，无多数 1）")):
        app = ReviewApp(db_path=_rated(tmp_path / lang), reviewer="甲", lang=lang, offer_demo=False)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
            plain = " ".join(app.screen.query_one(TableView).plain.split())
            assert words in plain
