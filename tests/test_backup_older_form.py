"""A database whose backups the previous release wrote (each a copy of the manifest, then
the journal's bytes: cppcc_review.store.backups.encode_backup) opens, checks, restores from
them, and moves to this release's backups (v3: the manifest named through a hard link) as
they rotate out - without writing over an older backup's file (renamed, its bytes would be
a whole backup under the new name until written over) and without losing a shard file a
backup still names."""

from __future__ import annotations

import os
import shutil

from cppcc_review.store import backups
from cppcc_review.store.atomic import fsync_dir
from cppcc_review.store.db import ReviewStore
from tests.test_backup_journal import _build, _mark, _state


def _older_backup(store: ReviewStore):
    """A backup as the previous release's `db backup` wrote it (main ffee46f: DatabaseFolder.add_backup)."""
    folder = store._folder
    journal = store._jstore.journal_bytes()
    beside = {p.name: p.stat().st_size for p in backups.list_manifests(folder.path)}
    parts = backups.encode_backup_parts(folder.manifest, journal, store._jstore.journal_version(journal), beside)
    made = backups.write_manifest(folder.path, parts)
    fsync_dir(made.parent)
    return made


def test_backups_of_the_previous_release_open_check_restore_and_rotate_out(tmp_path, monkeypatch):
    db = tmp_path / "db"
    store, ids = _build(db, n=6)
    old, states = [], {}
    for round_ in (1, 2, 3):
        _mark(store, ids, round_)
        if round_ == 2:
            store.fold_all()  # (a backup of another state: its shard files only it names, later)
            _mark(store, ids, 20)
        made = _older_backup(store)
        old.append(made)
        states[made.name] = _state(store, ids)
        assert not backups.is_v3(made.read_bytes())
    store.close()

    with ReviewStore(db, backups=3) as s:
        report = s.check()
        assert report["problems"] == [] and report["notes"] == [], report
        assert {str(p) for p in old} <= set(report["backups"])
    for made in old:  # each restores to its state, on a copy of the database
        copy = tmp_path / f"copy-{made.name}"
        shutil.copytree(db, copy)
        ReviewStore.restore(copy, copy / "backups" / made.name)
        with ReviewStore(copy) as again:
            assert _state(again, ids) == states[made.name]
            assert again.check()["problems"] == []

    renamed = []
    real_rename = os.rename
    monkeypatch.setattr(os, "rename", lambda src, dst, *a, **k: (
        renamed.append((os.path.basename(src), os.path.basename(dst))), real_rename(src, dst, *a, **k))[1])
    with ReviewStore(db, backups=3) as s:
        made = []
        for round_ in (4, 5, 6, 7):
            _mark(s, ids, round_)
            [new] = s.backup()
            assert backups.is_v3(new.read_bytes())
            # a dropped file (an older form's too) is only set aside, never taken over by a new backup
            assert all(dst == f".aside-{src}" for src, dst in renamed if src.startswith("backup-"))
            states[new.name] = _state(s, ids)
            made.append(new)
            assert s.check()["problems"] == []
        assert {p.name for p in backups.list_manifests(db)} == {p.name for p in made[1:]}
        assert (made[0].name, f".aside-{made[0].name}") in renamed  # (set aside once the fourth was made)
        made = made[1:]
        _mark(s, ids, 8)
        s.fold_all()  # what only the older backups named goes now
        report = s.check()
        assert report["problems"] == [] and report["notes"] == [], report
        live = _state(s, ids)
    kept = [new for new in made if new.exists()]  # (the fold kept a backup too, dropping the oldest)
    assert len(kept) == 2
    for new in kept:
        copy = tmp_path / f"copy-{new.name}"
        shutil.copytree(db, copy)
        ReviewStore.restore(copy, copy / "backups" / new.name)
        with ReviewStore(copy) as again:
            assert _state(again, ids) == states[new.name]
    ReviewStore.restore(db)
    with ReviewStore(db) as again:
        assert _state(again, ids) == live
