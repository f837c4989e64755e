"""`db backup` writes one file (issue 16, branch bk9): the backup, fsynced, renamed, its
folder fsynced - and nothing else, the manifest included. The backups are the files in
backups/, each checked by its own checksums: a fold's garbage collection keeps what they
name, `db check` checks each, restore finds them; an older release's database, whose
manifest lists its backups, keeps working and loses the list as those backups rotate out.
The journal's bytes a backup carries are the ones the store holds, equal to the file's."""

from __future__ import annotations

import json
import os

from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.manifest import MANIFEST, Manifest, Version, shard_file
from cppcc_review.store.model import Rating
from tests.helpers.replies import crash
from tests.test_backup_journal import _build, _mark, _state


def _with_backups(db, rounds=3, keep=None):
    """A database with `rounds` backups, each after a round of marks (`keep`: the number of
    backups the store keeps, if not the default): the store, the replies, the backups."""
    store, ids = _build(db)
    if keep is not None:
        store.keep_backups = keep
    made = []
    for round_ in range(rounds):
        _mark(store, ids, round_ + 1)
        made.append(store.backup()[0])
    return store, ids, made


def _list_in_manifest(db, names) -> None:
    """What the previous release did at each backup: the manifest lists it with its checksum."""
    manifest = Manifest.from_bytes((db / MANIFEST).read_bytes())
    for name in names:
        manifest.backups[name] = Version.of((db / "backups" / name).read_bytes())
    _replace_manifest(db, manifest)


def _replace_manifest(db, manifest) -> None:
    """manifest.json replaced whole, as every release writes it (a new file renamed over it:
    the backups' hard links to the old one keep its bytes)."""
    temp = db / ".manifest.json.test.tmp"
    temp.write_bytes(manifest.to_bytes())
    os.replace(temp, db / MANIFEST)


def test_a_backup_is_one_durable_file_and_the_manifest_is_not_written(tmp_path, monkeypatch):
    db = tmp_path / "db"
    store, ids = _build(db)
    store.backup()
    _mark(store, ids, 1)
    manifest_before = (db / MANIFEST).read_bytes()
    events: list[tuple[str, str]] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(src, dst, *a, **k):
        events.append(("replace", str(dst)))
        return real_replace(src, dst, *a, **k)

    def rename(src, dst, *a, **k):
        events.append(("rename", str(dst)))
        return real_rename(src, dst, *a, **k)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    [made] = store.backup()
    monkeypatch.undo()
    assert backups.load_backup(made)[1] is not None  # it carries the journal
    # the backup's bytes under its own name, its folder: on disk when backup() returns, and
    # nothing else (no rename: one commit of the file system's journal)
    assert events == [("fsync", str(made)), ("fsync", str(db / "backups"))], events
    assert (db / MANIFEST).read_bytes() == manifest_before
    # it names the state's manifest through a hard link (made by the first backup of the state)
    link = db / "backups" / json.loads(made.read_bytes().split(b"\n", 1)[0])["manifest"]
    assert os.stat(link).st_ino == os.stat(db / MANIFEST).st_ino
    store.close()


def test_a_fold_keeps_what_a_backup_the_manifest_does_not_list_names(tmp_path):
    """A backup is found by listing backups/: a fold in a later session, which rewrites the
    shards that backup names, keeps their old files, and the backup restores."""
    db = tmp_path / "db"
    store, ids = _build(db)
    store.fold_all()  # the reviews in shards: the next fold writes new versions of them
    _mark(store, ids, 1)
    [made] = store.backup()
    at_backup = _state(store, ids)
    store.close()
    manifest = Manifest.from_bytes((db / MANIFEST).read_bytes())
    manifest.backups.pop(made.name, None)  # (the previous release listed it; a killed one did not yet)
    _replace_manifest(db, manifest)
    named = {shard_file(k, v) for k, v in backups.load_backup(made)[0].shards.items()}
    with ReviewStore(db, backups=0) as again:  # (a session that keeps no backup of its own at its first fold)
        _mark(again, ids, 2)
        again.fold_all()  # new versions of the review shards; a new journal, and a pass over the folders
        replaced = named - {shard_file(k, v) for k, v in again._folder.manifest.shards.items()}
        assert replaced  # (the fold rewrote some of the shards the backup names)
    assert all((db / name).is_file() for name in named)
    ReviewStore.restore(db, made)
    with ReviewStore(db, readonly=True) as back:
        assert _state(back, ids) == at_backup
        assert back.check()["problems"] == []


def test_db_check_checks_every_backup_in_the_folder(tmp_path):
    db = tmp_path / "db"
    store, ids = _build(db)
    store.backup()
    _mark(store, ids, 1)
    [made] = store.backup()
    _mark(store, ids, 2)
    [newest] = store.backup()  # (it names `made`, kept beside it: `made` was whole once)
    store.close()
    def flip(path):
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 3] ^= 0x01  # one flipped bit in the middle of its journal copy
        path.write_bytes(bytes(raw))
        return bytes(raw)

    good = made.read_bytes()
    flip(made)
    with ReviewStore(db, readonly=True) as s:
        problems = s.check()["problems"]
    assert any(str(made) in p and "cannot be used" in p for p in problems), problems
    made.write_bytes(good)
    flip(newest)
    with ReviewStore(db, readonly=True) as s:
        report = s.check()
    # The newest, named by none: as a backup cut short is (a power cut), not a backup - a note.
    assert report["problems"] == []
    assert any(str(newest) in n and "not a backup" in n for n in report["notes"]), report["notes"]
    assert str(newest) not in report["backups"] and str(made) in report["backups"]


def test_an_older_release_s_listed_backups_are_checked_then_leave_the_list_as_they_rotate_out(tmp_path):
    db = tmp_path / "db"
    store, ids, old = _with_backups(db)
    kept = {old[-1].name: _state(store, ids)}
    store.close()
    _list_in_manifest(db, [p.name for p in old])
    with ReviewStore(db, readonly=True) as s:
        assert s.check()["problems"] == []
    # A listed backup that is gone is still reported, as the previous release did.
    hidden = old[0].with_name("hidden")
    old[0].rename(hidden)
    with ReviewStore(db, readonly=True) as s:
        assert any("a backup the manifest lists is missing" in p for p in s.check()["problems"])
    hidden.rename(old[0])
    with ReviewStore(db, backups=3) as s:
        for round_ in range(3):
            _mark(s, ids, round_ + 10)
            [made] = s.backup()
            kept[made.name] = _state(s, ids)
            listed = set(Manifest.from_bytes((db / MANIFEST).read_bytes()).backups)
            assert listed == {p.name for p in old[round_ + 1:]}  # each listed one leaves as its file goes
            assert {p.name for p in backups.list_manifests(db)} == listed | set(list(kept)[1:])
        assert s.check()["problems"] == []
        oldest = backups.list_manifests(db)[-1]
    ReviewStore.restore(db, oldest)
    with ReviewStore(db, readonly=True) as back:
        assert _state(back, ids) == kept[oldest.name]


def test_the_journal_bytes_a_store_holds_are_the_file_s(tmp_path):
    """What a backup carries (JournalStorage.journal_bytes) after an open, appends, another
    writer's lines, a fold that starts the journal again, and a torn tail cut off."""
    db = tmp_path / "db"
    store, ids = _build(db)

    def held_is_file(s: ReviewStore) -> None:
        journal = s._jstore
        data = journal.journal_bytes()
        assert data == (db / "reviews.journal").read_bytes()[: journal.journal_size]
        assert journal.journal_version(data) == Version.of(data)

    held_is_file(store)
    _mark(store, ids, 1)
    held_is_file(store)
    with ReviewStore(db) as other:
        other.set_rating(ids[0], "carol", 1, Rating.ADOPTED)
        held_is_file(other)
    store.refresh()
    held_is_file(store)
    _mark(store, ids, 2)
    held_is_file(store)
    store.fold_all()
    held_is_file(store)
    _mark(store, ids, 3)
    held_is_file(store)
    crash(store)
    with open(db / "reviews.journal", "ab") as f:
        f.write(b"0123abcd {\"tables\": {")  # an append that never finished
    with ReviewStore(db) as again:
        held_is_file(again)
        _mark(again, ids, 4)
        held_is_file(again)
        [made] = again.backup()
        assert backups.load_backup(made)[1] == (db / "reviews.journal").read_bytes()


def test_a_backup_reads_as_its_state_whatever_was_encoded_before(tmp_path):
    """A backup's manifest copy (shards first, their checksum part kept between backups of
    the same shards) reads back as the state it copies, after copies of other states."""
    db = tmp_path / "db"
    store, ids = _build(db)
    first = store._folder.manifest.copy()
    store.close()
    key = sorted(first.shards)[0]
    changed = first.copy()
    changed.shards[key] = Version.of(b"other content")
    changed.folded_for, changed.replies = "abc", 7
    journal = {"reviews.journal": [Version.of(b"x")]}
    for manifest in (first, changed, first, first, changed):
        back = Manifest.from_bytes(manifest.state_bytes(journal))
        assert (back.shards, back.folded, back.folded_for, back.replies, back.journal, back.backups) == (
            manifest.shards, manifest.folded, manifest.folded_for, manifest.replies, manifest.journal, {})
        assert back.files == journal


def test_db_check_notes_a_backup_gone_from_beside_the_newest(tmp_path):
    """The folder is the list of backups; each backup names those kept beside it, so a
    backup deleted by hand is noticed (a note: the database and the other backups are
    whole) until the next backup lists the ones there. The newest one, deleted, leaves no
    trace (nothing names it)."""
    db = tmp_path / "db"
    store, ids, made = _with_backups(db)
    made[1].unlink()

    def check() -> tuple[list[str], list[str]]:
        report = store.check()
        return report["problems"], report["notes"]

    problems, notes = check()
    assert problems == [] and any(str(made[1]) in n and "gone" in n for n in notes), notes
    _mark(store, ids, 9)
    store.backup()
    problems, notes = check()
    assert problems == [] and not any("gone" in n for n in notes), notes
    store.close()


def test_a_journal_longer_than_a_backup_carries_is_not_held_in_memory(tmp_path, monkeypatch):
    """An import's journal may reach 128 MB before its fold: the store holds the journal's
    bytes only up to what a backup carries as it is (HOLD_MAX); past it, a backup folds."""
    import cppcc_review.store.journal_held as journal_module

    monkeypatch.setattr(journal_module, "HOLD_MAX", 1000)
    db = tmp_path / "db"
    store, ids = _build(db, n=6)
    assert store._jstore.journal_size > 1000
    assert store._jstore.journal_bytes() is None and store._jstore._journal_parts == []
    at = _state(store, ids)
    [made] = store.backup()  # folds first, then keeps the state (no journal carried)
    assert backups.load_backup(made)[1] is None
    assert store._jstore.journal_bytes() is not None  # a new journal: held again
    store.close()
    with ReviewStore(db, readonly=True) as again:
        assert _state(again, ids) == at


def test_past_the_number_kept_the_oldest_backup_goes_only_once_the_new_one_is_durable(tmp_path, monkeypatch):
    """The new backup is a new file, fsynced, the folder fsynced; only then the oldest is
    renamed aside (not a backup's name), and at the backup's end removed, the folder fsynced again
    (mn15: it waited for the next commit's sweep, which `db backup` alone seldom makes)."""
    db = tmp_path / "db"
    store, ids, _made = _with_backups(db, keep=3)
    before = backups.list_manifests(db)
    oldest = before[-1]
    inode = os.stat(oldest).st_ino
    _mark(store, ids, 7)
    events: list[tuple[str, str]] = []
    real = {name: getattr(os, name) for name in ("fsync", "replace", "rename", "unlink")}

    def watch(name):
        def call(*args, **kwargs):
            what = os.readlink(f"/proc/self/fd/{args[0]}") if name == "fsync" else str(args[-1] if name != "unlink" else args[0])
            events.append((name, what))
            return real[name](*args, **kwargs)
        return call

    for name in real:
        monkeypatch.setattr(os, name, watch(name))
    [made] = store.backup()
    monkeypatch.undo()
    aside = oldest.with_name(f".aside-{oldest.name}")
    assert events == [("fsync", str(made)), ("fsync", str(db / "backups")), ("rename", str(aside)),
                      ("unlink", str(aside)), ("fsync", str(db / "backups"))], events
    assert os.stat(made).st_ino != inode and not aside.exists() and not oldest.exists()
    assert backups.list_manifests(db) == [made, *before[:-1]]
    # a backup killed while writing over the oldest leaves a temporary file: the next one removes it
    left = db / "backups" / f".{made.name}.999999.abcdef12.tmp"
    left.write_bytes(b"half")
    assert backups.load_backup(made)[1] == (db / "reviews.journal").read_bytes()
    at = _state(store, ids)
    assert store.check()["problems"] == []
    _mark(store, ids, 8)
    store.backup()
    assert not left.exists()
    store.close()
    ReviewStore.restore(db, made)
    with ReviewStore(db, readonly=True) as back:
        assert _state(back, ids) == at


def test_an_oldest_backup_hard_linked_elsewhere_keeps_its_bytes_there(tmp_path):
    """A snapshot of the folder made with hard links (cp -al, rsnapshot) shares the backups'
    files: the oldest one's file is not written over then; the backup is a new file."""
    db = tmp_path / "db"
    store, ids, _made = _with_backups(db, rounds=2, keep=2)
    oldest = backups.list_manifests(db)[-1]
    snapshot = tmp_path / "snapshot.json"
    os.link(oldest, snapshot)
    kept = snapshot.read_bytes()
    _mark(store, ids, 5)
    [made] = store.backup()
    assert snapshot.read_bytes() == kept and not oldest.exists()
    assert os.stat(made).st_ino != os.stat(snapshot).st_ino
    assert backups.load_backup(made)[1] == (db / "reviews.journal").read_bytes()
    assert store.check()["problems"] == []
    store.close()


def test_a_backup_written_in_short_pieces_over_a_reused_file_is_whole(tmp_path, monkeypatch):
    """The backup's parts go to the file with writev (not joined first); a write that takes
    only part of them goes on where it stopped, also over a reused file that was longer."""
    from cppcc_review.store import maintenance

    monkeypatch.setattr(maintenance, "BACKUP_JOURNAL_MIN", 1 << 20)  # (the journal carried, not folded first)
    db = tmp_path / "db"
    store, ids, made = _with_backups(db, rounds=4, keep=3)  # the next backup reuses the oldest's file
    real_writev = os.writev
    calls = []

    def short_writev(fd, buffers):
        calls.append(len(buffers))
        first = bytes(buffers[0])[:777]  # at most 777 bytes, of the first buffer only
        return real_writev(fd, [first])

    monkeypatch.setattr(os, "writev", short_writev)
    _mark(store, ids, 9)
    [written] = store.backup()
    monkeypatch.setattr(os, "writev", real_writev)
    assert len(calls) > 10  # (it went through the short writes)
    raw = written.read_bytes()
    backup, journal = backups.load_backup(written, raw)  # whole: its checksums pass
    assert journal == (db / "reviews.journal").read_bytes()
    assert backup.shards == store._folder.manifest.shards
    assert written.name in {p.name for p in backups.list_manifests(db)} and len(backups.list_manifests(db)) == 3
    state = _state(store, ids)
    store.close()
    ReviewStore.restore(db, written)  # and it restores to what the store held
    with ReviewStore(db) as again:
        assert _state(again, ids) == state


def test_without_hard_links_the_manifest_is_copied_and_the_backup_restores(tmp_path, monkeypatch):
    """A file system without hard links (FAT, some network shares): the backup keeps a copy of
    the state's manifest under the link's name instead, and works the same."""
    db = tmp_path / "db"
    store, ids = _build(db)

    def no_links(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    [made] = store.backup()
    at_backup = _state(store, ids)
    link = db / "backups" / backups.link_of(made.read_bytes())
    assert link.read_bytes() == (db / MANIFEST).read_bytes() and os.stat(link).st_ino != os.stat(db / MANIFEST).st_ino
    _mark(store, ids, 3)
    assert store.check()["problems"] == []
    store.close()
    ReviewStore.restore(db, made)
    with ReviewStore(db, readonly=True) as back:
        assert _state(back, ids) == at_backup
