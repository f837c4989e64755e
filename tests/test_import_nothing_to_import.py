"""`import` of a folder with no reply files says so as `check` does, fails, and creates nothing.

It printed "imported 0 ... failed 0", exited 0 and left an empty database at a new --db.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh; db, check and the store's refusals since fixl), so they run it
    in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

LETTER = Path(__file__).parent / "data" / "agreement" / "parks_six.txt"
LINE = "no reply files in this folder (.txt, .md, .docx, .html, .htm, .shtml, .pdf)"


def test_an_empty_folder_is_refused_in_checks_words_and_no_database_is_made(tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")  # not a reply file
    db = tmp_path / "new-db"
    code, out, err = run_cli(capsys, "import", folder, "--db", db)
    assert code == 1 and out == ""
    assert err.strip() == f"cppcc-review: error: {folder}: {LINE}"
    assert not db.exists()
    check_code, _out, check_err = run_cli(capsys, "check", folder)
    assert check_code == 1 and check_err.strip() == err.strip()


def test_an_empty_folder_beside_a_letter_is_said_and_the_letter_imported(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    db = tmp_path / "db"
    code, out, err = run_cli(capsys, "import", LETTER, empty, "--db", db)
    assert code == 1
    assert out.startswith("imported 1,")
    assert f"{empty}: {LINE}" in err
