"""The store on a system without the POSIX calls Windows lacks (os.fchmod before Python 3.13,
os.pread, os.writev, fcntl's flock for the draft sessions, os.link's follow_symlinks): each is
looked up where it is used (as os.fchown is), with a fallback that does the same job, instead of
an AttributeError at the first save, read, backup or draft. Shown here on Linux with those calls
taken away; the app does not run on Windows yet (store/lock.py needs fcntl).

Real files, a real database on disk."""

from __future__ import annotations

import os
import stat

import pytest

from cppcc_review.store import atomic, draft_sessions, folder_backups
from cppcc_review.store.atomic import atomic_write
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.replies import make_reply


@pytest.fixture
def without_posix_calls(monkeypatch):
    for name in ("fchmod", "pread", "writev"):
        monkeypatch.delattr(os, name)
    monkeypatch.setattr(draft_sessions, "fcntl", None)
    monkeypatch.setattr(folder_backups, "_NOFOLLOW_LINK", {}, raising=False)


def test_a_replaced_file_keeps_its_permissions_without_fchmod(tmp_path, without_posix_calls):
    path = tmp_path / "notes.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_read_at_reads_what_pread_reads(tmp_path, without_posix_calls):
    path = tmp_path / "f"
    path.write_bytes(b"0123456789")
    fd = os.open(path, os.O_RDONLY)
    try:
        assert atomic.read_at(fd, 4, 3) == b"3456" and atomic.read_at(fd, 50, 8) == b"89"
    finally:
        os.close(fd)


def test_the_store_saves_reads_backs_up_and_keeps_drafts_without_them(tmp_path, without_posix_calls):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        rid, _ = store.add_reply(make_reply(n=3))
        store.set_rating(rid, "王", 1, Rating.ADOPTED, note="理由")
        store.set_draft(rid, "王", 2, "打到一半")  # (no session file: written as an older release wrote it)
        [made] = store.backup()
        assert store.check()["problems"] == []
    with ReviewStore(db) as store:  # the journal read again, the reply's text from its pack
        review = store.get_review(rid, "王")
        assert review.suggestions[0].note == "理由" and review.note_drafts == {2: "打到一半"}
        assert store.get_reply(rid).suggestions[0].text
        store.set_rating(rid, "王", 2, Rating.EXPLAINED)
    ReviewStore.restore(db, made)
    with ReviewStore(db, readonly=True) as store:
        review = store.get_review(rid, "王")
        assert review.suggestions[0].note == "理由" and review.suggestions[1].rating is None
