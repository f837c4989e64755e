"""Backups made one after the other in one session (issue 16, branch bk12): what a session
already knows is not read, stat'ed or copied again - the journal's bytes go out in the
pieces the store holds, the backups kept beside a new one are sized from what the session
read or wrote, a fold's garbage collection does not read the backups' files again - and
every backup is still whole, named with its neighbours' true sizes, and restores exactly."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from cppcc_review.store import backups, journal_held
from cppcc_review.store.backup_v3 import BACKUP_V3, encode_v3
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.manifest import Version
from cppcc_review.store.model import Rating
from tests.test_backup_journal import _build, _mark, _state


def _header(path: Path) -> dict:
    raw = path.read_bytes()
    return json.loads(raw[: raw.index(b"\n")])


def test_backups_one_after_another_are_whole_and_each_restores_exactly(tmp_path, monkeypatch):
    """Eight backups in one session, three kept: rounds of marks, another writer's marks read
    in between, a fold that starts the journal again (the reused file then longer than the
    new backup), the journal held in more pieces than are kept apart. Each backup carries the
    journal file's bytes as they were, names the backups beside it with their sizes on disk,
    `db check` finds nothing to say, and each kept backup restores to its state."""
    monkeypatch.setattr(journal_held, "_MAX_CHUNKS", 3)  # (the pieces joined again along the way)
    cuts: list[int] = []
    real_ftruncate = os.ftruncate
    monkeypatch.setattr(os, "ftruncate", lambda fd, size: (cuts.append(size), real_ftruncate(fd, size))[1])
    db = tmp_path / "db"
    store, ids = _build(db)
    store.keep_backups = 3
    states: dict[str, dict] = {}
    for round_ in range(1, 9):
        _mark(store, ids, round_)
        if round_ == 3:
            with ReviewStore(db) as other:  # (read by this store's next write: its lines held too)
                other.set_rating(ids[0], "carol", 1, Rating.EXPLAINED)
        if round_ == 5:
            store.fold_all()
            _mark(store, ids, 50)
        [made] = store.backup()
        assert backups.load_backup(made)[1] == (db / "reviews.journal").read_bytes()
        kept = backups.list_manifests(db)
        assert kept[0] == made and len(kept) == (3 if round_ >= 3 else len(kept))
        assert _header(made)["beside"] == {p.name: p.stat().st_size for p in kept[1:]}
        report = store.check()
        assert report["problems"] == [] and report["notes"] == [], report
        states[made.name] = _state(store, ids)
        # the dropped backup was set aside and, the new one durable, removed by this backup (mn15:
        # the set-aside files waited in backups/ for the next fold)
        assert [p.name for p in (db / "backups").iterdir() if p.name.startswith(".aside-")] == []
    # After the fold the backups are shorter than the ones they replace: those files were set
    # aside (a dot file) and removed, not written over and cut to size (freeing blocks: a discard
    # inside the backup's fsync).
    assert cuts == []
    _mark(store, ids, 60)
    store.fold_all()
    [made] = store.backup()
    states[made.name] = _state(store, ids)
    store.close()
    kept = backups.list_manifests(db)
    for path in kept:
        copy = tmp_path / f"copy-{path.name}"
        shutil.copytree(db, copy)
        ReviewStore.restore(copy, copy / "backups" / path.name)
        with ReviewStore(copy, readonly=True) as back:
            assert _state(back, ids) == states[path.name]


def test_a_fold_does_not_read_the_backups_again_and_keeps_what_they_name(tmp_path, monkeypatch):
    """A session reads each backup it did not write once (to tell a whole one from a
    leftover, at its first backup); its fold's garbage collection then keeps what they name
    from the manifest links read with them, without reading their files again - and the
    oldest still restores exactly after the fold."""
    db = tmp_path / "db"
    store, ids = _build(db)
    made = []
    for round_ in (1, 2, 3):
        _mark(store, ids, round_)
        made.append((store.backup()[0], _state(store, ids)))
    oldest, at = made[0]
    store.close()
    reads: list[str] = []
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name.startswith(backups.MANIFEST_PREFIX):
            reads.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with ReviewStore(db, backups=10) as again:
        _mark(again, ids, 4)
        again.backup()
        assert sorted(reads) == sorted(p.name for p in backups.list_manifests(db)[1:])  # each once
        reads.clear()
        _mark(again, ids, 5)
        again.fold_all()  # (a new journal: the garbage collection asks what every backup names)
        assert reads == []
    monkeypatch.undo()
    ReviewStore.restore(db, oldest)
    with ReviewStore(db, readonly=True) as back:
        assert _state(back, ids) == at


def test_a_backup_s_header_is_the_json_it_says_and_its_name_sorts_by_time(tmp_path):
    """The header put together by hand reads as json.dumps would write it, whatever the
    names beside it hold (quotes, backslashes, CJK: escaped); new names sort by time."""
    beside = {'backup-"a"\\b.json': 12, "backup-评审.json": 0, "backup-1.json": 7}
    journal = [b"ab", b"", b"c\n"]
    for carried, version in ((journal, Version.of(b"abc\n")), (None, None)):
        parts = encode_v3("backup-x.json", "manifest-y.json", "s" * 64, carried, version, beside)
        expected = json.dumps({"backup": BACKUP_V3, "name": "backup-x.json", "manifest": "manifest-y.json",
                               "manifest_sha256": "s" * 64, "journal": version.to_json() if version else None,
                               "beside": dict(sorted(beside.items()))}, separators=(",", ":")).encode("ascii") + b"\n"
        assert parts[0] == expected
        raw = b"".join(parts)
        header, carried_back = backups.read_v3(raw, "backup-x.json")
        assert header["beside"] == beside and carried_back == (b"abc\n" if carried else None)
    names = [backups.new_name() for _ in range(50)]
    assert all(re.fullmatch(r"backup-\d{8}-\d{6}-\d{6}\.json", n) for n in names)
    assert names == sorted(names)
    assert abs(int(names[0][7:15]) - int(backups.stamp()[:8])) <= 1  # (the local date, as stamp())
