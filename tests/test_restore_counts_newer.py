"""`db restore --from BACKUP` says how many changes made after the backup it set aside (the
restored state lacks them; the `.newer` file keeps the whole journal). It counted every line of
the journal, those the backup holds too: "2 newer changes" when one change was newer, "63" on
a database where one was (QA round 15, bug 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def _db(tmp_path: Path, capsys) -> tuple[Path, str]:
    db = tmp_path / "r2"
    files = [FIXTURES / n for n in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt")]
    assert run_cli(capsys, "import", *files, "--db", db)[0] == 0
    code, out, _err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    rid = next(line.split()[-1] for line in out.splitlines() if line.startswith("- id"))
    assert run_cli(capsys, "rate", rid, "1", "adopted", "--db", db)[0] == 0
    assert run_cli(capsys, "db", "backup", "--db", db)[0] == 0
    return db, rid


def _restore_newest(db: Path, capsys, backup: Path) -> str:
    code, out, err = run_cli(capsys, "db", "restore", "--db", db, "--from", backup)
    assert code == 0, err
    return next(line for line in out.splitlines() if "reviews.journal" in line and "newer" in line)


@pytest.mark.parametrize("fold_between", [False, True], ids=["same-journal", "folded-since"])
def test_only_the_changes_made_after_the_backup_are_counted(tmp_path, capsys, fold_between):
    db, rid = _db(tmp_path, capsys)
    backup = backups.list_manifests(db)[0]
    if fold_between:  # (a new journal since the backup: every line of it is newer)
        with ReviewStore(db) as store:
            store.fold_all()
        assert run_cli(capsys, "rate", rid, "3", "explained", "--db", db)[0] == 0
    assert run_cli(capsys, "rate", rid, "2", "adopted", "--db", db)[0] == 0
    line = _restore_newest(db, capsys, backup)
    n = 2 if fold_between else 1
    assert re.search(rf"its {n} newer changes were set aside in {re.escape(str(db / 'backups'))}", line), line
    with ReviewStore(db, readonly=True) as store:  # (restored: the backup's one rating)
        (reviewer,) = store.reviewers()
        assert [s.rating is not None for s in store.get_review(rid, reviewer).suggestions][:3] == [True, False, False]


def test_nothing_newer_is_said_as_such(tmp_path, capsys):
    db, _rid = _db(tmp_path, capsys)
    line = _restore_newest(db, capsys, backups.list_manifests(db)[0])
    assert "nothing newer than the backup" in line and "newer changes" not in line, line
