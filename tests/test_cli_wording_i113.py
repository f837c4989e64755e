"""Lines of the command line a tester found worded wrong (qa113), on real files and a real
database: counts in the singular where one, a hint that reads as a sentence, an export of
nobody's ratings refused, a --db that is a file said to be one, a keymap value that is not
a string of keys said so. The letter is our own words (tests/data/agreement)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


LETTER = Path(__file__).parent / "data" / "agreement" / "parks_six.txt"


def _db(tmp_path: Path, *, rated: bool = True) -> tuple[Path, str]:
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [LETTER])
        rid = store.summaries()[0].id
        if rated:
            store.set_rating(rid, "甲", 1, Rating.ADOPTED)
    return db, rid


def test_one_merged_file_is_counted_in_the_singular(tmp_path, capsys):
    db, _rid = _db(tmp_path)
    export = tmp_path / "甲.yaml"
    assert run_cli(capsys, "export", "--db", db, "--reviewer", "甲", "-o", export)[0] == 0
    code, out, _err = run_cli(capsys, "merge", export)
    assert code == 0
    assert out.startswith("Merged 1 file: 1 reviewer (甲), 1 reply, 6 suggestions\n")


def test_a_close_doc_no_is_offered_in_brackets_before_the_next_clause(tmp_path, capsys):
    db, _rid = _db(tmp_path)
    seed = tmp_path / "with-doc-no.txt"
    seed.write_text("某园复〔2024〕31号\n" + LETTER.read_text("utf-8"), "utf-8")
    assert run_cli(capsys, "import", seed, "--db", db)[0] == 0
    code, _out, err = run_cli(capsys, "rate", "某园复〔2024〕13号", "1", "采纳", "--reviewer", "甲", "--db", db)
    assert code == 1
    assert "(did you mean 某园复〔2024〕31号?); `cppcc-review list` shows" in err and "?;" not in err


def test_export_of_all_reviewers_with_no_ratings_is_refused_and_writes_nothing(tmp_path, capsys):
    db, _rid = _db(tmp_path, rated=False)
    out = tmp_path / "all.yaml"
    code, stdout, err = run_cli(capsys, "export", "--db", db, "--all-reviewers", "-o", out, "--lang", "zh")
    assert code == 1 and stdout == ""
    assert err.strip() == f"cppcc-review：错误：{db} 里没有任何评定：那里还没有人评定过；未写入任何文件"
    code, stdout, err = run_cli(capsys, "export", "--db", db, "--all-reviewers", "-o", out)  # (English: this file's setting)
    assert code == 1 and stdout == ""
    assert err.strip() == f"cppcc-review: error: no ratings in {db}: nobody has rated anything there yet; nothing was written"
    assert not out.exists()


def test_a_db_that_is_a_file_is_said_to_be_a_file(tmp_path, capsys):
    # (the English lines; in Chinese by default: tests/test_cli_refusal_language.py)
    code, _out, err = run_cli(capsys, "import", LETTER, "--db", LETTER, "--lang", "en")
    assert code == 1 and err.strip() == f"cppcc-review: error: {LETTER}: is a file, not a database folder; give --db a folder"
    assert "File exists" not in err
    code, _out, err = run_cli(capsys, "import", LETTER, "--db", LETTER / "db", "--lang", "en")
    assert code == 1 and f"cannot create the database folder: {LETTER} is a file" in err
    code, _out, err = run_cli(capsys, "list", "--db", LETTER, "--lang", "en")
    assert code == 1 and "is a file, not a database folder" in err


def test_a_keymap_value_that_is_not_a_string_of_keys_is_said_so(tmp_path, capsys, isolated_config):
    isolated_config.write_text("[keymap]\nrate_adopted = 5\n", "utf-8")
    db, _rid = _db(tmp_path)
    code, _out, err = run_cli(capsys, "list", "--db", db)
    assert code == 1
    assert 'rate_adopted = 5: the value must be a string of keys, e.g. rate_adopted = "1"' in err
    assert "must be a table" not in err
