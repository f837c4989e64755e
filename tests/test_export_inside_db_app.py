"""The app's export refuses a path inside the database folder, as `cppcc-review export -o`
does (store.output_file.refuse_output_inside, the one check of both): a ratings file named
`<db>/reviews.journal` or `<db>/meta.json` had replaced the database's own file after the
"replace it?" question (the ratings gone, or every command refusing the database), and a new
file inside it was written without a word. Started in the database folder (`cd db;
cppcc-review --db .`), the plain export and the path prompt offer the home folder instead.
Each test failed on the code before this change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.confirm import ConfirmScreen, PathPrompt
from tests.helpers.cli import run_cli
from tests.helpers.toasts import toasts

DOC = "沪科提复〔2025〕56号"
WORDS = {
    "zh": "位于数据库文件夹 {db} 之内；那里的文件属于数据库，请把导出文件写到别处",
    "en": "inside the database folder {db}; the database's files are its own - write the export somewhere else",
}


@pytest.fixture
def rated_db(seed_db, capsys):
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王", "--db", seed_db, "--note", "只在日志里")[0] == 0
    return seed_db


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _files(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file() and p.name != "lock"}


@pytest.mark.parametrize(("inside", "lang"), [
    ("reviews.journal", "zh"), ("meta.json", "en"), ("z.yaml", "zh"), ("files/../db/w.yaml", "en"),
])
async def test_the_app_refuses_an_export_inside_the_database_and_asks_nothing(rated_db, tmp_path, capsys, lang, inside):
    target = rated_db / inside if not inside.startswith("files/") else tmp_path / inside
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        before = _files(rated_db)
        app.ask_export_path()
        await pilot.pause()
        app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ConfirmScreen)  # no "replace it?" to say y to
        messages = toasts(app)
        words = WORDS[lang].format(db=rated_db)
        assert any(_squeezed(words) in _squeezed(m) for m in messages), messages
        assert app.export_ratings(target, replace=True) is None  # even when told to replace
        assert _files(rated_db) == before  # no byte of the database changed, no file added
    code, out, err = run_cli(capsys, "list", "--reviewer", "王", "--db", rated_db)
    assert code == 0, err
    code, out, err = run_cli(capsys, "db", "check", "--db", rated_db)
    assert code == 0, out + err


async def test_an_export_started_in_the_database_folder_goes_to_the_home_folder(rated_db, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(rated_db)  # cd db; cppcc-review --db .
    app = ReviewApp(db_path=Path("."), reviewer="王", lang="zh")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        before = _files(rated_db)
        written = app.export_ratings()
        await pilot.pause(0.3)
        assert written is not None and written.parent == home, written
        assert written.read_text(encoding="utf-8").startswith("schema: cppcc-review/ratings/v1")
        assert any(_squeezed(f"已导出到 {written}") in _squeezed(m) for m in toasts(app)), toasts(app)
        app.ask_export_path()
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        assert app.screen.query_one("#path").value == str(home / "ratings.yaml")
        assert _files(rated_db) == before


@pytest.mark.parametrize(("inside", "lang"), [("manifest.json", "zh"), ("new.yaml", "en")])
async def test_the_app_refuses_an_export_into_another_database_and_asks_nothing(rated_db, tmp_path, lang, inside):
    """Exporting to `B/manifest.json` of another database B asked "replace it?", and y replaced B's
    manifest with a ratings file (B no longer opened): B's files are B's own, as the command line says."""
    other = tmp_path / "other-db"
    shutil.copytree(rated_db, other, ignore=shutil.ignore_patterns("lock"))
    before = _files(other)
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.ask_export_path()
        await pilot.pause()
        app.screen.query_one("#path").value = str(other / inside)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ConfirmScreen)  # no "replace it?" to say y to
        words = WORDS[lang].format(db=other)
        assert any(_squeezed(words) in _squeezed(m) for m in toasts(app)), toasts(app)
        assert app.export_ratings(other / inside, replace=True) is None  # even when told to replace
    assert _files(other) == before
