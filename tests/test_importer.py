"""cppcc_review.store.importer: files and folders in, a truthful summary out, nothing half-written."""

import errno
import hashlib
import itertools
import os
from pathlib import Path

import cppcc_review.store.atomic as atomic_mod
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import collect_files, import_paths
from cppcc_review.store.model import Rating
from tests.helpers.files import digest
from tests.helpers.texts import reply_text, write_replies


def state(path):
    with ReviewStore(path, readonly=True) as s:
        return sorted(s.summaries(), key=lambda x: x.id), dict(s._jstore.read())


def test_import_folder_twice_gives_the_same_database(tmp_path):
    src = tmp_path / "src"
    write_replies(src / "2025", 6)
    write_replies(src / "2024", 2, start=100)
    db = tmp_path / "db"
    progress = []
    with ReviewStore(db) as s:
        summary = import_paths(s, [src], on_progress=lambda done, total: progress.append((done, total)))
        assert (summary.imported, summary.updated, summary.unchanged, summary.failed) == (8, 0, 0, [])
        s.set_rating(summary.ids[0], "alice", 1, Rating.ADOPTED)
    assert progress[-1] == (8, 8) and len(progress) == 8
    first = state(db)
    files = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (db / "replies").iterdir()}
    with ReviewStore(db) as s:
        summary = import_paths(s, [src, src / "2025" / "reply_0001.txt"])
        assert (summary.imported, summary.updated, summary.unchanged) == (0, 0, 8)
    assert state(db) == first
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (db / "replies").iterdir()} == files


def test_changed_file_updates_and_keeps_reviews(tmp_path):
    src = tmp_path / "src"
    [path] = write_replies(src, 1)
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        [rid] = import_paths(s, [path]).ids
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED)
        path.write_text(reply_text(1, suggestions=4, extra="(补充说明)"), encoding="utf-8")
        summary = import_paths(s, [path])
        assert summary.updated == 1 and summary.ids == [rid]
        review = s.get_review(rid, "alice")
        assert review.suggestions[1].rating is Rating.EXPLAINED and review.suggestions[1].changed
        assert s.get_reply(rid).source.name == path.name


def test_bad_files_are_listed_and_the_rest_imported(tmp_path):
    src = tmp_path / "src"
    write_replies(src, 2)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "not a reply.txt").write_text("今天天气很好。", encoding="utf-8")
    (src / ".hidden.txt").write_text(reply_text(9), encoding="utf-8")
    (src / "notes.csv").write_text("a,b", encoding="utf-8")
    with ReviewStore(tmp_path / "db") as s:
        summary = import_paths(s, [src, tmp_path / "missing.txt"])
    assert summary.imported == 2
    failed = dict(summary.failed)
    assert set(failed) == {str(src / "empty.txt"), str(src / "binary.txt"), str(src / "not a reply.txt"),
                           str(tmp_path / "missing.txt")}
    assert all(reason and "\n" not in reason for reason in failed.values())


def test_collect_files(tmp_path):
    write_replies(tmp_path / "a" / "b", 2)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "a" / "readme.md").write_text("x")
    files = collect_files([tmp_path, tmp_path / "a" / "readme.md"])
    assert [p.name for p in files] == ["reply_0001.txt", "reply_0002.txt", "readme.md"]  # once each


def test_collect_files_order_links_and_twins(tmp_path):
    """Files sort as paths do (folder by folder: a/b/... before a-b/...), a file reached
    twice (named directly, through a link to it, or through a folder named twice) is
    listed once, under the first name it was reached by; folders that are links are not
    entered; a broken link is listed (the import reports it)."""
    root = tmp_path / "r"
    for rel in ("a/b/1.txt", "a-b/c/2.txt", "a/x.txt", "a-b.txt", "z/q.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    os.symlink(root / "a" / "x.txt", root / "z" / "link.txt")
    os.symlink(root / "a", root / "z" / "dirlink")
    os.symlink(root / "nowhere.txt", root / "z" / "broken.txt")
    files = collect_files([root, root / "a" / "x.txt", root / "z"])
    assert [str(p.relative_to(root)) for p in files] == [
        "a/b/1.txt", "a/x.txt", "a-b/c/2.txt", "a-b.txt", "z/broken.txt", "z/q.md"]


def test_disk_full_during_import_reports_the_batch(tmp_path, monkeypatch):
    src = tmp_path / "src"
    write_replies(src, 3)
    real_replace = atomic_mod.os.replace

    def full(a, b):
        if Path(b).parent.name == "replies":  # the batch's pack of texts
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(a, b)

    with ReviewStore(tmp_path / "db") as s:
        before = digest(tmp_path / "db")
        monkeypatch.setattr(atomic_mod.os, "replace", full)
        summary = import_paths(s, [src])
        monkeypatch.undo()
        assert summary.imported == 0 and len(summary.failed) == 3
        assert "No space left" in summary.failed[0][1]
        assert len(s) == 0 and digest(tmp_path / "db") == before  # nothing half written
        assert import_paths(s, [src]).imported == 3


def test_the_index_shards_are_written_when_the_waiting_entries_are_a_share_of_them(tmp_path, monkeypatch):
    """Each batch's entries are a journal line (one fsync); the index shards are rewritten
    when the journal's entries reach a share of them, and at the end: O(log N) rewrites,
    about twice the index written in all, not one rewrite per batch."""
    import cppcc_review.store.fold
    import cppcc_review.store.importer
    import cppcc_review.store.reply_import

    src = tmp_path / "src"
    write_replies(src, 60)
    monkeypatch.setattr(cppcc_review.store.importer, "BATCH", 2)
    monkeypatch.setattr(cppcc_review.store.reply_import, "INDEX_FOLD_BYTES", 4 * 1024)
    folds = []
    real = cppcc_review.store.fold.fold_index

    def counting(read, overlay, summary_keys):
        folds.append(len(overlay))
        return real(read, overlay, summary_keys)

    monkeypatch.setattr(cppcc_review.store.fold, "fold_index", counting)
    with ReviewStore(tmp_path / "db") as s:
        summary = import_paths(s, [src])
        assert summary.imported == 60 and len(s) == 60 and s.index_pending == 0
        assert sorted(summary.ids) == sorted(x.id for x in s.summaries())
    assert sum(folds) == 60 and 2 <= len(folds) <= 6, folds  # not one rewrite per batch of 2
    assert all(later >= earlier for earlier, later in itertools.pairwise(folds[:-1])), folds
    # An import that adds little to a large index writes it once, at the end.
    write_replies(src, 3, start=100)
    folds.clear()
    with ReviewStore(tmp_path / "db") as s:
        assert import_paths(s, [src]).imported == 3 and len(s) == 63
    assert folds == [3]


def test_a_failed_index_write_loses_nothing(tmp_path, monkeypatch):
    """The batches' entries are in the journal before the index shards are written: if
    that fails (a full disk), every reply is still imported, and the next writer folds."""
    import cppcc_review.store.importer

    src = tmp_path / "src"
    write_replies(src, 9)
    monkeypatch.setattr(cppcc_review.store.importer, "BATCH", 2)
    real_open = atomic_mod.os.open

    def full(path, flags, *args, **kwargs):
        if Path(path).parent.name == "index" and flags & atomic_mod.os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    with ReviewStore(tmp_path / "db") as s:
        with monkeypatch.context() as m:
            m.setattr(atomic_mod.os, "open", full)  # a new index shard cannot be written
            summary = import_paths(s, [src])
        assert summary.imported == 9 and summary.failed == []
        assert len(s) == 9 and s.index_pending == 9  # still waiting in the journal
        ids = summary.ids
    with ReviewStore(tmp_path / "db") as s:
        assert [s.get_reply(rid).doc_no for rid in ids]
        s.flush_index()
        assert s.index_pending == 0 and s.check()["ok"]


def test_a_failed_batch_leaves_the_batches_before_it_to_be_imported(tmp_path, monkeypatch):
    import cppcc_review.store.importer

    src = tmp_path / "src"
    write_replies(src, 6)
    monkeypatch.setattr(cppcc_review.store.importer, "BATCH", 2)
    real = atomic_mod.os.replace
    packs = []

    def full_on_the_second_pack(a, b):
        if Path(b).parent.name == "replies":
            packs.append(b)
            if len(packs) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real(a, b)

    monkeypatch.setattr(atomic_mod.os, "replace", full_on_the_second_pack)
    with ReviewStore(tmp_path / "db") as s:
        summary = import_paths(s, [src])
        assert summary.imported == 4 and len(s) == 4
        assert [p.rsplit("/", 1)[1] for p, _ in summary.failed] == ["reply_0003.txt", "reply_0004.txt"]
        assert s.check()["orphans"] == []  # the failed pack left nothing behind
