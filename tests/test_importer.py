"""store.importer: files and folders in, a truthful summary out, nothing half-written."""

import hashlib
import errno

import pytest

import store.atomic as atomic_mod
from store.db import ReviewStore
from store.importer import collect_files, import_paths
from store.model import Rating
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


def test_disk_full_during_import_reports_the_batch(tmp_path, monkeypatch):
    src = tmp_path / "src"
    write_replies(src, 3)
    real_replace = atomic_mod.os.replace

    def full(a, b):
        if str(b).endswith("index.json"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(a, b)

    with ReviewStore(tmp_path / "db") as s:
        monkeypatch.setattr(atomic_mod.os, "replace", full)
        summary = import_paths(s, [src])
        monkeypatch.undo()
        assert summary.imported == 0 and len(summary.failed) == 3
        assert "No space left" in summary.failed[0][1]
        assert len(s) == 0
        assert len(s.check()["orphans"]) == 3  # whole reply files, not in the index
        assert import_paths(s, [src]).imported == 3
