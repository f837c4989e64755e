"""`db backup` past the number kept removes the oldest backup at its own end (mn15). The oldest was
renamed aside (backups/.aside-<name>) once the new backup was durable and left there until the next
fold, which a reviewer who only runs `db backup` (a cron line, a backup at the end of each day)
seldom makes: every backup past the number kept left one more dropped backup in backups/, a full
copy of the journal each. Now the backup that set them aside removes them once the new one is
durable; a backup that fails still leaves every backup as it was, the oldest too; and the sweep of
a fold lists backups/ once (it listed it four times).

Real databases on disk; `db backup` run as a reviewer runs it (the command line)."""

from __future__ import annotations

import errno
import os

import pytest

from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import StoreError
from tests.helpers.cli import run_cli
from tests.test_backup_journal import _build, _mark

DOC = "沪科提复〔2025〕56号"


def _set_aside(db) -> list[str]:
    return sorted(name for name in os.listdir(db / "backups") if name.startswith(".aside-"))


def test_backups_past_the_number_kept_leave_nothing_set_aside(seed_db, capsys, monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_BACKUPS", "3")
    for round_ in range(7):
        rating = ("采纳", "部分采纳", "解释说明")[round_ % 3]
        assert run_cli(capsys, "rate", DOC, "1", rating, "--reviewer", "王", "--db", seed_db)[0] == 0
        code, out, err = run_cli(capsys, "db", "backup", "--db", seed_db)
        assert code == 0, err
        assert len(backups.list_manifests(seed_db)) <= 3
        assert _set_aside(seed_db) == [], round_  # (main: one more .aside- file a backup from the fourth on)
    assert len(backups.list_manifests(seed_db)) == 3
    code, out, _err = run_cli(capsys, "--lang", "en", "db", "check", "--db", seed_db)
    assert code == 0 and "backups    3" in out, out


def test_a_set_aside_file_a_cut_backup_left_goes_with_the_next_backup(tmp_path):
    """A backup killed between setting the oldest aside and its end leaves the file aside: the next
    backup removes it too (before: the next fold)."""
    db = tmp_path / "db"
    store, ids = _build(db)
    store.keep_backups = 2
    for round_ in range(3):
        _mark(store, ids, round_ + 1)
        store.backup()
    left = db / "backups" / ".aside-backup-20000101-000000-000000.json"
    left.write_bytes(b"a dropped backup a killed `db backup` had set aside\n")
    _mark(store, ids, 9)
    store.backup()
    assert _set_aside(db) == []
    assert len(backups.list_manifests(db)) == 2
    store.close()


def test_a_backup_that_fails_costs_no_backup(tmp_path, monkeypatch):
    """The disk refuses the new backup: every backup stays, the oldest too, and nothing is set aside."""
    db = tmp_path / "db"
    store, ids = _build(db)
    store.keep_backups = 3
    for round_ in range(3):
        _mark(store, ids, round_ + 1)
        store.backup()
    before = {path.name: path.read_bytes() for path in backups.list_manifests(db)}
    assert len(before) == 3

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "write_v3", full_disk)
    _mark(store, ids, 4)
    with pytest.raises((StoreError, OSError)):
        store.backup()
    monkeypatch.undo()
    assert {path.name: path.read_bytes() for path in backups.list_manifests(db)} == before
    assert _set_aside(db) == []
    [made] = store.backup()  # the next one goes as usual, and drops the oldest
    assert backups.list_manifests(db)[0] == made and len(backups.list_manifests(db)) == 3
    assert min(before) not in {path.name for path in backups.list_manifests(db)} and _set_aside(db) == []
    store.close()
    with ReviewStore(db, readonly=True) as again:
        assert again.check()["problems"] == []


def test_the_sweep_lists_the_backups_folder_once(tmp_path, monkeypatch):
    db = tmp_path / "db"
    store, ids = _build(db)
    store.keep_backups = 2
    for round_ in range(4):  # (backups dropped: what they alone named is for the sweep)
        _mark(store, ids, round_ + 1)
        store.backup()
    folder = store._folder
    folder._sweep_due = True
    listed: list[str] = []
    real = os.listdir

    def listdir(path="."):
        if os.fspath(path) == os.fspath(db / "backups"):
            listed.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    folder._sweep_freed()
    monkeypatch.undo()
    assert len(listed) == 1, listed
    assert store.check()["problems"] == []
    store.close()
