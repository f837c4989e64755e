"""A deleted reply pack (`replies/p-….json`, the texts of one import's replies): `db check`
gives one line naming the file, how many replies' texts it held, and the `db restore` that
rebuilds it; `db restore` rebuilds it from the documents read again. It gave one line per
reply (100 for the samples' first pack), none saying what to run, and `db restore` said
every file was whole (QA round 15, bug 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAMES = ("001_parking_label_a.txt", "002_elderly_care_b_class.txt", "003_flood_resolved_adopted.txt")


@pytest.fixture
def no_pack(tmp_path, capsys) -> tuple[Path, Path, str]:
    """A rated database of three replies (one pack) whose pack was deleted; `list`'s yaml before."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in NAMES:
        shutil.copy(FIXTURES / name, docs / name)
    db = tmp_path / "db"
    assert run_cli(capsys, "import", docs, "--db", db)[0] == 0
    _code, listed, _err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    rid = next(line.split()[-1] for line in listed.splitlines() if line.startswith("- id"))
    assert run_cli(capsys, "rate", rid, "1", "1", "--db", db)[0] == 0
    _code, listed, _err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    (pack,) = (db / "replies").glob("p-*.json")
    pack.unlink()
    return db, pack, listed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_db_check_names_a_deleted_pack_once_with_what_to_run(no_pack, capsys, lang):
    db, pack, _listed = no_pack
    code, out, err = run_cli(capsys, "--lang", lang, "db", "check", "--db", db)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # (one a reply: 3 here, 100 for a pack of the samples)
    assert str(pack) in lines[0] and f"cppcc-review db restore --db {db}" in lines[0], lines[0]
    assert ("held the texts of 3 replies" if lang == "en" else "其中有 3 份答复的正文") in lines[0], lines[0]


def test_db_restore_rebuilds_a_deleted_pack_from_the_documents(no_pack, capsys):
    db, pack, listed = no_pack
    code, out, err = run_cli(capsys, "--lang", "en", "db", "restore", "--db", db)
    assert code == 0, err
    assert f"restored {pack} from 3 read again from their documents" in out and "the pack was missing" in out, out
    code, out, err = run_cli(capsys, "--lang", "en", "db", "check", "--db", db)
    assert code == 0, (out, err)
    assert run_cli(capsys, "list", "--db", db, "--format", "yaml")[1] == listed  # (the rating too)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_goes_on_but_says_the_pack_is_gone(no_pack, capsys, lang, tmp_path):
    """It reads no text, and said nothing while `rate` and the app refused those replies. (`list` does not look:
    the look reads the whole index, more than doubling every `list`; the list needs no text.)"""
    db, pack, listed = no_pack
    code, out, err = run_cli(capsys, "--lang", lang, "list", "--db", db, "--format", "yaml")
    assert code == 0 and out == listed
    code, out, err = run_cli(capsys, "--lang", lang, "export", "--db", db, "-o", tmp_path / "out.yaml")
    assert code == 0 and (tmp_path / "out.yaml").is_file()
    line = err.strip().splitlines()[0]
    assert line.startswith("cppcc-review: warning: " if lang == "en" else "cppcc-review：警告："), line
    assert str(pack) in line and f"cppcc-review db restore --db {db}" in line, line
