"""One form of the command line's own prefix per language (qa14 item 11): in Chinese an `import`
printed its notes as `cppcc-review：提示：…` and its errors as `cppcc-review: error: …`, and
argparse's refusals as `cppcc-review rate: error: …`. Now Chinese is `cppcc-review：错误：` /
`cppcc-review：提示：` throughout, English `cppcc-review: error: ` / `cppcc-review: note: `.
Failed before the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A reply, its .docx twin and an empty file: one note and one error from one import."""
    where = tmp_path / "replies"
    where.mkdir()
    shutil.copy(FIXTURES / "001_parking_label_a.txt", where / "a.txt")
    shutil.copy(FIXTURES / "formats" / "001_parking_label_a.docx", where / "b.docx")
    (where / "c.txt").write_bytes(b"")
    return where


@pytest.mark.parametrize(("lang", "note", "error"), [
    ("zh", "cppcc-review：提示：", "cppcc-review：错误："),
    ("en", "cppcc-review: note: ", "cppcc-review: error: "),
])
def test_an_imports_notes_and_errors_share_one_form(folder, tmp_path, capsys, lang, note, error):
    code, _out, err = run_cli(capsys, "--lang", lang, "import", folder, "--db", tmp_path / "db")
    assert code == 1
    lines = err.strip().splitlines()
    assert [line.startswith(note) for line in lines] == [True, False]
    assert lines[1].startswith(f"{error}{folder / 'c.txt'}")


def test_argparse_refusals_in_chinese_take_the_same_form(capsys):
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, "rate")
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "cppcc-review rate：错误：缺少必需的参数：REPLY, SUGGESTION, RATING"
