"""A `db backup` that cannot be written (a full disk) leaves nothing of itself behind: not its
file, and not the hard link `backups/manifest-<checksum>.json` it makes for a new state first
(that link, named by no backup, was left after every failed backup). Its error is one line
naming the file and the problem, exit 1; the backups there before are whole, `db check` is
clean, and the next backup, with space again, is made as usual.

Shown on a real tiny tmpfs filled up (root, Linux), and where that cannot be mounted with the
disk's refusal injected into the backup's write (os.writev: ENOSPC)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli
from tests.helpers.replies import make_reply
from tests.test_reliability_disk import fill, tiny_fs  # noqa: F401  (the fixture, used by name)


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def _rated_db(folder: Path) -> Path:
    """A database whose state since its last backup is new: a backup of it makes a new link."""
    db = folder / "db"
    with ReviewStore(db) as store:
        rid, _ = store.add_reply(make_reply(n=4))
        store.set_rating(rid, "alice", 1, Rating.ADOPTED, note="理由" * 200)
    return db


def _backups(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((db / "backups").iterdir())}


def _fails_and_leaves_nothing(capsys, db: Path, before: dict[str, bytes]) -> None:
    code, out, err = run_cli(capsys, "db", "backup", "--db", db)
    lines = err.strip().splitlines()
    assert code == 1 and out == "" and len(lines) == 1, err
    assert f"{db / 'backups'}{os.sep}backup-" in lines[0] and "No space left on device" in lines[0], err
    assert _backups(db) == before  # no new link, no cut file: the backups as they were


def _then_all_is_well(capsys, db: Path, before: dict[str, bytes]) -> None:
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and out.splitlines()[-1] == "ok" and "note" not in out, (out, err)
    code, out, err = run_cli(capsys, "db", "backup", "--db", db)
    assert code == 0, err
    after = _backups(db)
    new = sorted(set(after) - set(before))
    assert len(new) == 2 and new[0].startswith("backup-") and new[1].startswith("manifest-"), new


def test_a_backup_on_a_full_disk_leaves_no_link_behind(tmp_path, capsys, monkeypatch):
    db = _rated_db(tmp_path)
    before = _backups(db)

    def full(fd, buffers):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "writev", full)
    _fails_and_leaves_nothing(capsys, db, before)
    monkeypatch.undo()
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")
    _then_all_is_well(capsys, db, before)


def test_a_backup_on_a_real_full_disk_leaves_no_link_behind(tiny_fs, capsys):  # noqa: F811
    db = _rated_db(tiny_fs)
    before = _backups(db)
    filler = fill(tiny_fs)
    _fails_and_leaves_nothing(capsys, db, before)
    filler.unlink()
    _then_all_is_well(capsys, db, before)


def _full_rotation(capsys, folder: Path) -> Path:
    """A database with as many backups as are kept (5): the next backup drops the oldest."""
    db = folder / "db"
    with ReviewStore(db) as store:
        rid, _ = store.add_reply(make_reply(n=4))
    for n in range(5):
        with ReviewStore(db) as store:
            store.set_rating(rid, "alice", 1, Rating.ADOPTED, note=f"第{n}次" + "理由" * 300)
        code, _out, err = run_cli(capsys, "db", "backup", "--db", db)
        assert code == 0, err
    assert len([p for p in (db / "backups").iterdir() if p.name.startswith("backup-")]) == 5
    with ReviewStore(db) as store:  # (a longer journal: the next backup is the biggest file)
        store.set_rating(rid, "alice", 1, Rating.ADOPTED, note="新的" + "理由" * 900)
    return db


def test_a_backup_that_fails_on_a_full_disk_keeps_the_oldest_backup(tmp_path, capsys, monkeypatch):
    """The oldest backup is dropped only once the new one is durable: a backup that fails
    (a full disk) leaves all five as they were (it once took the oldest's file and lost it)."""
    db = _full_rotation(capsys, tmp_path)
    before = _backups(db)

    def full(fd, buffers):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "writev", full)
    _fails_and_leaves_nothing(capsys, db, before)
    monkeypatch.undo()
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and out.splitlines()[-1] == "ok" and "note" not in out, (out, err)
    code, _out, err = run_cli(capsys, "db", "backup", "--db", db)  # space again: made, the oldest dropped
    assert code == 0, err
    names = sorted(p.name for p in (db / "backups").iterdir() if p.name.startswith("backup-"))
    assert len(names) == 5 and names[:4] == sorted(n for n in before if n.startswith("backup-"))[1:]


def test_a_backup_on_a_real_full_disk_keeps_the_oldest_backup(tiny_fs, capsys):  # noqa: F811
    db = _full_rotation(capsys, tiny_fs)
    before = _backups(db)
    filler = fill(tiny_fs)
    _fails_and_leaves_nothing(capsys, db, before)
    filler.unlink()
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and out.splitlines()[-1] == "ok" and "note" not in out, (out, err)
