"""The command line without surprises (issue 11, bug 8): each test failed before its fix."""

from __future__ import annotations

import shutil

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.conftest import seed_file
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

DOC = "沪科提复〔2025〕56号"


def test_export_for_a_reviewer_without_ratings_is_refused_and_writes_nothing(seed_db, tmp_path, capsys):
    out = tmp_path / "nobody.yaml"
    code, _out, err = run_cli(capsys, "export", "--reviewer", "无名氏", "-o", out, "--db", seed_db)
    assert code == 1 and not out.exists()
    assert "no ratings by '无名氏'" in err and "nothing was written" in err
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王", "--db", seed_db)
    code, _out, err = run_cli(capsys, "export", "--reviewer", "李", "-o", out, "--db", seed_db)
    assert code == 1 and not out.exists() and "reviewers there: 王" in err


def test_export_and_merge_into_a_missing_folder_say_so(seed_db, tmp_path, capsys):
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王", "--db", seed_db)
    target = tmp_path / "no-such-folder" / "out.yaml"
    code, _out, err = run_cli(capsys, "export", "--reviewer", "王", "-o", target, "--db", seed_db)
    assert code == 1 and "does not exist" in err and "intact" not in err
    good = tmp_path / "wang.yaml"
    assert run_cli(capsys, "export", "--reviewer", "王", "-o", good, "--db", seed_db)[0] == 0
    code, _out, err = run_cli(capsys, "merge", good, good, "-o", target)
    assert code == 1 and "does not exist" in err


@pytest.mark.parametrize("command", ["parse", "check"])
def test_parse_and_check_name_a_missing_path_or_a_folder_for_what_it_is(command, tmp_path, capsys):
    code, _out, err = run_cli(capsys, command, tmp_path / "missing.txt")
    assert code == 1 and ("no such file" in err) and "unsupported" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run_cli(capsys, command, empty)
    assert code == 1 and "unsupported" not in err
    assert ("is a folder" in err) if command == "parse" else ("no reply files" in err)


def test_a_twin_file_of_one_reply_is_reported_and_one_is_kept(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_file(), folder / "a.txt")
    shutil.copy(seed_file(), folder / "b.md")  # the same reply under another name and format
    (folder / "b.md").write_text((folder / "b.md").read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    db = tmp_path / "db"
    code, out, err = run_cli(capsys, "import", folder, "--db", db)
    assert code == 0 and "imported 1," in out and "skipped 1 twin" in out
    assert "b.md: same reply as" in err and "a.txt" in err
    code, out, _err = run_cli(capsys, "import", folder, "--db", db)  # again: nothing flips
    assert "unchanged 1," in out and "updated 0" in out
    with ReviewStore(db, readonly=True) as store:
        assert len(store) == 1 and store.summaries()[0].source_name == "a.txt"


@pytest.mark.parametrize("command", [
    ["rate", DOC, "1", "采纳", "--reviewer", "王"],
    ["export", "--reviewer", "王"],
    ["stats"],
    ["import-ratings", "x.yaml"],
    ["db", "backup"],
])
def test_a_mistyped_db_is_refused_not_created(command, tmp_path, capsys):
    wrong = tmp_path / "tpyo-db"
    code, _out, err = run_cli(capsys, *command, "--db", wrong)
    assert code == 1 and "no database here" in err
    assert not wrong.exists()


def test_import_still_creates_a_database(tmp_path, capsys):
    db = tmp_path / "new-db"
    assert run_cli(capsys, "import", seed_file(), "--db", db)[0] == 0
    assert (db / "meta.json").is_file()


@pytest.mark.parametrize("typed", [
    "沪科提复(2025)56号", "沪科提复[2025]56号", "沪科提复【2025】56号", "沪科提复（2025）56号", "沪科提复〔２０２５〕５６号",
    " 沪科提复 (2025) 56号 ",
])
def test_rate_accepts_the_doc_no_with_any_brackets(seed_db, typed, capsys):
    code, out, err = run_cli(capsys, "rate", typed, "2", "部分采纳", "--reviewer", "王", "--db", seed_db)
    assert code == 0, err
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
        assert store.get_review(rid, "王").suggestions[1].rating == Rating.PARTIALLY_ADOPTED


def test_rate_suggests_a_close_doc_no(seed_db, capsys):
    code, _out, err = run_cli(capsys, "rate", "沪科提复〔2025〕65号", "1", "采纳", "--reviewer", "王", "--db", seed_db)
    assert code == 1 and f"did you mean {DOC}" in err


@pytest.mark.parametrize("name", ["", "  ", "consensus", "Consensus"])
def test_an_empty_or_reserved_reviewer_name_is_refused(seed_db, name, capsys):
    code, _out, err = run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", name, "--db", seed_db)
    assert code == 1 and "--reviewer" in err
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.reviewers() == []


def test_the_restore_hint_names_the_database(seed_db, capsys):
    (seed_db / "meta.json").write_text("{broken", encoding="utf-8")
    code, _out, err = run_cli(capsys, "stats", "--db", seed_db)
    assert code == 1 and f"db restore --db {seed_db}" in err
