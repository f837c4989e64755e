"""Where ratings are written when the output is standard output or a file already there
(`export -o`, `merge -o`, the app's export):

- `-o -` and `-o /dev/stdout` mean standard output, as without -o (`-` had made a file named
  "-", /dev/stdout was refused as a device or failed on a pipe);
- an existing file that is not a ratings export or merged file is refused at the command
  line unless --force (one line naming it, exit 1, nothing written), where `export -o
  notes.docx` had silently destroyed the document; an earlier export is replaced, and the
  summary says so;
- a file with other hard links: the summary says those names still hold the old content;
  the replaced file's permissions are kept;
- the app asks before replacing a file: y replaces, n / esc keep it and say so.
Each test failed on the code before this change (the permissions were already kept)."""

from __future__ import annotations

import os
import stat

import pytest
import yaml

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.confirm import ConfirmScreen
from tests.helpers.cli import run_cli
from tests.helpers.toasts import toasts

DOC = "沪科提复〔2025〕56号"
DOCUMENT = "会议纪要：这是一份不是评定导出的文件。\n".encode()


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


@pytest.fixture
def rated_db(seed_db, capsys):
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王", "--db", seed_db)[0] == 0
    return seed_db


def _export(capsys, db, out, *more) -> tuple[int, str, str]:
    return run_cli(capsys, "export", "--reviewer", "王", "--db", db, "-o", out, *more)


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_the_export_to_standard_output(rated_db, tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    code, out, err = _export(capsys, rated_db, name)
    assert code == 0, err
    doc = yaml.safe_load(out)
    assert doc["schema"] == "cppcc-review/ratings/v1" and doc["replies"][0]["suggestions"][0]["rating"] == "adopted"
    assert err == ""  # as without -o: no summary line
    assert list(tmp_path.iterdir()) == [rated_db]  # no file named "-"


def test_merge_to_standard_output_keeps_stdout_pure_yaml(rated_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    export = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, export)[0] == 0
    code, out, err = run_cli(capsys, "merge", export, "-o", "-")
    assert code == 0, err
    assert yaml.safe_load(out)["schema"] == "cppcc-review/merged/v1"
    assert "Merged 1 file" in err  # the report goes beside the summaries
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "exists and is not a cppcc-review ratings export or merged file; nothing was written (--force replaces it)"),
    ("zh", "文件已存在，且不是 cppcc-review 的评定导出或合并文件；未写入任何文件（加 --force 才会替换它）"),
])
def test_a_document_is_not_replaced_without_force(rated_db, tmp_path, capsys, monkeypatch, lang, words):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", lang)
    document = tmp_path / "notes.docx"
    document.write_bytes(DOCUMENT)
    code, out, err = _export(capsys, rated_db, document)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert str(document) in err and words in err
    export = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, export)[0] == 0
    code, _out, err = run_cli(capsys, "merge", export, "-o", document)
    assert code == 1 and str(document) in err and words in err
    assert document.read_bytes() == DOCUMENT  # nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "notes.docx", "wang.yaml"]  # no temporary file


def test_force_replaces_a_document_and_says_so(rated_db, tmp_path, capsys):
    document = tmp_path / "notes.docx"
    document.write_bytes(DOCUMENT)
    code, _out, err = _export(capsys, rated_db, document, "--force")
    assert code == 0 and "replacing the earlier file" in err
    assert yaml.safe_load(document.read_text(encoding="utf-8"))["schema"] == "cppcc-review/ratings/v1"


def test_exporting_again_replaces_the_earlier_export_and_says_so(rated_db, tmp_path, capsys):
    export = tmp_path / "wang.yaml"
    code, _out, err = _export(capsys, rated_db, export)
    assert code == 0 and "replacing" not in err
    assert run_cli(capsys, "rate", DOC, "2", "解释说明", "--reviewer", "王", "--db", rated_db)[0] == 0
    code, _out, err = _export(capsys, rated_db, export)
    assert code == 0 and err.strip().endswith("to " + str(export) + ", replacing the earlier file"), err
    assert yaml.safe_load(export.read_text(encoding="utf-8"))["replies"][0]["suggestions"][1]["rating"] == "explained"
    merged = tmp_path / "merged.yaml"
    assert run_cli(capsys, "merge", export, "-o", merged)[0] == 0
    code, _out, err = run_cli(capsys, "merge", export, "-o", merged)
    assert code == 0 and "merged file written to " + str(merged) + ", replacing the earlier file" in err


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "replacing the earlier file; its other name (a hard link) still holds the old content"),
    ("zh", "替换了原有文件；原文件另有 1 个名称（硬链接），那里仍是旧内容"),
])
def test_a_hard_linked_export_is_named_in_the_summary(rated_db, tmp_path, capsys, monkeypatch, lang, words):
    export = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, export)[0] == 0
    export.chmod(0o640)
    other = tmp_path / "shared-wang.yaml"
    os.link(export, other)
    old = other.read_bytes()
    assert run_cli(capsys, "rate", DOC, "2", "解释说明", "--reviewer", "王", "--db", rated_db)[0] == 0
    monkeypatch.setenv("CPPCC_REVIEW_LANG", lang)
    code, _out, err = _export(capsys, rated_db, export)
    assert code == 0 and words in err, err
    assert other.read_bytes() == old and export.read_bytes() != old  # what the summary says
    assert stat.S_IMODE(export.stat().st_mode) == 0o640  # the replaced file's permissions kept


def _squeezed(text: str) -> str:
    """`text` without spaces: a toast's wrapped lines are joined without the space they broke at."""
    return "".join(text.split())


@pytest.mark.parametrize(("lang", "question", "kept"), [
    ("en", "already exists and is not a ratings export or merged file", "kept {path} as it was; nothing was exported"),
    ("zh", "已存在，而且不是评定导出或合并文件", "保留了 {path}，没有导出"),
])
@pytest.mark.parametrize("key", ["n", "escape"])
async def test_the_app_asks_before_replacing_and_n_or_esc_keeps_the_file(rated_db, tmp_path, lang, question, kept, key):
    document = tmp_path / "notes.docx"
    document.write_bytes(DOCUMENT)
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.ask_export_path()
        await pilot.pause()
        app.screen.query_one("#path").value = str(document)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert str(document) in str(app.screen.question) and question in app.screen.question
        await pilot.press("enter")  # enter does not answer this question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and document.read_bytes() == DOCUMENT
        await pilot.press(key)
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ConfirmScreen)
        messages = toasts(app)
        assert any(_squeezed(kept.format(path=document)) in _squeezed(m) for m in messages), messages
    assert document.read_bytes() == DOCUMENT


@pytest.mark.parametrize(("lang", "done"), [
    ("en", "exported to {path}, replacing the earlier file"),
    ("zh", "已导出到 {path}，替换了原有文件"),
])
async def test_the_app_replaces_an_earlier_export_on_y(rated_db, tmp_path, capsys, lang, done):
    export = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, export)[0] == 0
    before = export.read_bytes()
    assert run_cli(capsys, "rate", DOC, "2", "解释说明", "--reviewer", "王", "--db", rated_db)[0] == 0
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.export_ratings(export) is None  # asked first, nothing written yet
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and export.read_bytes() == before
        await pilot.press("y")
        await pilot.pause(0.3)
        messages = toasts(app)
        assert any(_squeezed(done.format(path=export)) in _squeezed(m) for m in messages), messages
    doc = yaml.safe_load(export.read_text(encoding="utf-8"))
    assert doc["replies"][0]["suggestions"][1]["rating"] == "explained"


async def test_the_app_exports_a_new_file_without_asking(rated_db, tmp_path):
    export = tmp_path / "new.yaml"
    app = ReviewApp(db_path=rated_db, reviewer="王", lang="en")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.export_ratings(export) == export
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ConfirmScreen)
        messages = toasts(app)
        assert any(f"exported to {export}" in m and "replacing" not in m for m in messages), messages
    assert yaml.safe_load(export.read_text(encoding="utf-8"))["schema"] == "cppcc-review/ratings/v1"
