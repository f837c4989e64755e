"""Full disk and read-only folder: the change is reported as not saved, the previous file
is intact, the store (and the app) keeps running.

Already proven elsewhere: atomic_write under ENOSPC / EACCES / fsync failure
(tests/test_atomic.py); a failed journal fsync or write changes nothing and is not on
the undo stack; a failed index write leaves the index as it was (tests/test_store.py);
the TUI shows NotSavedError in the status line and the rating as unsaved
(tests/test_tui.py::test_not_saved_error_is_shown_and_the_app_goes_on).

Here: a journal append that writes half a line before the disk fills; compaction at
close on a full disk; the command line on a full disk and on a read-only folder; and,
where this process may mount (root, Linux), the same on a real, tiny tmpfs that really
fills up and is really remounted read-only, plus the TUI on that real full disk.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

import cppcc_review.store.atomic as atomic_mod
import cppcc_review.store.journal as journal_mod
import cppcc_review.store.lock as lock_mod
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotSavedError, StoreError
from cppcc_review.store.model import Assessment, Rating, Satisfaction
from tests.helpers.cli import run_cli
from tests.helpers.files import digest
from tests.helpers.replies import crash, make_reply


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cppcc-review: error: "), err
    return lines[0]


def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


# ---------------------------------------------------------------- simulated (everywhere)
def test_half_written_line_on_a_full_disk_is_cut_and_nothing_changes(tmp_path, monkeypatch):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid, _ = s.add_reply(make_reply(n=4))
    s.set_rating(rid, "alice", 1, Rating.ADOPTED, note="第一条")
    before_bytes = (db / "reviews.journal").read_bytes()
    before_review = s.get_review(rid, "alice")
    real_write = os.write
    calls = []

    def half_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # the disk fills mid-line
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_mod.os, "write", half_then_full)
    with pytest.raises(NotSavedError) as info:
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED, note="第二条")
    assert "not saved" in str(info.value) and "No space left" in str(info.value)
    assert "\n" not in str(info.value)
    monkeypatch.undo()
    assert len(calls) == 2
    assert (db / "reviews.journal").read_bytes() == before_bytes  # the half line is gone
    assert s.get_review(rid, "alice") == before_review  # memory equals the disk
    # The store goes on: later changes land after whole lines only.
    s.set_assessment(rid, "alice", Assessment(result=Satisfaction.SATISFIED))
    crash(s)
    with ReviewStore(db) as again:
        review = again.get_review(rid, "alice")
        assert review.suggestions[0].note == "第一条" and review.suggestions[1].rating is None
        assert review.assessment.result is Satisfaction.SATISFIED


def test_full_disk_while_folding_loses_nothing(tmp_path, monkeypatch):
    """Folding the journal into the shards needs room for new shard files; without it the
    fold reports the error, the shards and the journal stay as they were, and the next
    open has every change."""
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        s.fold_all()
    s = ReviewStore(db)
    s.set_rating(rid, "alice", 2, Rating.PARTIALLY_ADOPTED, note="写满之前")
    expected = s.get_review(rid, "alice")
    before = digest(db)
    monkeypatch.setattr(atomic_mod.os, "write", enospc)
    with pytest.raises(NotSavedError, match="No space left"):
        s.fold_all()
    monkeypatch.undo()
    assert digest(db) == before
    assert not [p for p in db.rglob(".*.tmp")], "no temporary file left behind"
    assert s.get_review(rid, "alice") == expected
    s.close()
    with ReviewStore(db) as again:  # the lock was released despite the error
        assert again.get_review(rid, "alice") == expected


def test_cli_rate_on_a_full_disk_says_not_saved_and_changes_nothing(tmp_path, capsys, monkeypatch):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    before = digest(db)
    monkeypatch.setattr(journal_mod.os, "fsync", enospc)
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 2, "explained", "--note", "x", "--reviewer", "alice")
    monkeypatch.undo()
    line = one_error_line(err)
    assert code == 1 and out == ""
    assert "reviews.journal" in line and "not saved" in line and "No space left" in line
    assert digest(db) == before
    code, out, err = run_cli(capsys, "--lang", "en", "--db", db, "rate", rid, 2, "explained", "--reviewer", "alice")
    assert code == 0 and "explained" in out  # (--lang: monkeypatch.undo() took the module's English back)


def test_cli_on_a_read_only_folder(tmp_path, capsys, monkeypatch):
    """A folder that cannot be written (EROFS / EACCES on the lock file): writers are refused
    with one line that suggests --readonly; reading commands work."""
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    before = digest(db)
    real_open = os.open

    def read_only_fs(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(lock_mod.os, "open", read_only_fs)
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 2, "explained", "--reviewer", "alice")
    line = one_error_line(err)
    assert code == 1 and "lock" in line and "Read-only file system" in line and "--readonly" in line
    code, out, err = run_cli(capsys, "--db", db, "stats", "--format", "yaml")
    assert code == 0 and "adopted: 1" in out, err
    code, out, err = run_cli(capsys, "--db", db, "db", "check")
    assert code == 0 and "ok" in out, err
    monkeypatch.undo()
    assert digest(db) == before


# ---------------------------------------------------------------- a real tiny file system
@pytest.fixture
def tiny_fs(tmp_path):
    """A 256 KB tmpfs at tmp_path / "fs" (needs root on Linux; skipped elsewhere)."""
    mount_point = tmp_path / "fs"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount_point)], capture_output=True)
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)  # a file still open


def fill(folder: Path) -> Path:
    """Fill the file system with one file until ENOSPC; returns it (delete it to free space)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for chunk in (65536, 4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * chunk)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


def test_real_full_disk(tiny_fs, capsys):
    db = tiny_fs / "数据 db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    s = ReviewStore(db)
    filler = fill(tiny_fs)
    os.truncate(filler, filler.stat().st_size - 12 * 1024)  # room for a few changes only
    acked = {}
    failures = 0
    for i in range(1, 400):
        index = i % 4 + 1
        try:
            s.set_rating(rid, "alice", index, Rating.EXPLAINED, note=f"第{i}次" * 20)
        except NotSavedError as exc:
            failures += 1
            assert "No space left" in str(exc)
            continue
        acked[index] = f"第{i}次" * 20
    assert failures and acked, (failures, acked)
    journal = (db / "reviews.journal").read_bytes()
    assert journal.endswith(b"\n")  # whole lines only
    # Memory equals the disk: what the store shows is what was acknowledged.
    assert {i + 1: sr.note for i, sr in enumerate(s.get_review(rid, "alice").suggestions) if sr.note} == acked
    # The command line on the full disk: one line, exit 1, nothing changed.
    before = digest(db)
    code, out, err = run_cli(capsys, "--db", db, "import", Path(__file__))
    assert code == 1
    assert digest(db) == before
    crash(s)
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 1, "adopted", "--note", "满" * 3000, "--reviewer", "bob")
    assert code == 1 and "No space left" in one_error_line(err)
    with ReviewStore(db, readonly=True) as r:  # readers still work
        assert r.get_review(rid, "bob").suggestions[0].rating is None
    filler.unlink()
    with ReviewStore(db) as again:  # space is back: everything acknowledged is there
        notes = {i + 1: sr.note for i, sr in enumerate(again.get_review(rid, "alice").suggestions) if sr.note}
        assert notes == acked
        again.set_rating(rid, "bob", 1, Rating.ADOPTED)
    with ReviewStore(db) as again:
        assert again.get_review(rid, "bob").suggestions[0].rating is Rating.ADOPTED
        assert again.check()["ok"]


def test_real_read_only_remount(tiny_fs, capsys):
    db = tiny_fs / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    s = ReviewStore(db)
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    crash(s)  # (Linux refuses to remount read-only while a file is open for writing)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True, capture_output=True)
    try:
        before = digest(db)
        with pytest.raises(StoreError, match="Read-only file system.*--readonly"):
            ReviewStore(db)
        with ReviewStore(db, readonly=True) as r:
            assert r.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
        code, out, err = run_cli(capsys, "--db", db, "rate", rid, 2, "adopted", "--reviewer", "alice")
        assert code == 1 and "Read-only file system" in one_error_line(err)
        code, out, err = run_cli(capsys, "--db", db, "stats", "--format", "yaml")
        assert code == 0 and "adopted: 1" in out, err
        assert digest(db) == before
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tiny_fs)], check=True)
    with ReviewStore(db) as again:
        assert again.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
        again.set_rating(rid, "alice", 2, Rating.ADOPTED)


async def test_tui_on_a_real_full_disk(tiny_fs):
    """The app on a disk that really is full: the status line shows the error, the rating
    is shown as unsaved, the app runs on; with space back the same key saves."""
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.widgets.status_line import StatusLine
    from tests.test_tui import open_first, plain

    db = tiny_fs / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    # tmpfs gives a file whole pages: a line that fits in the journal's last page needs no
    # space. Notes first, until less room is left in that page than a line takes.
    journal = db / "reviews.journal"
    s = ReviewStore(db)
    for i in range(60):
        if 4096 - journal.stat().st_size % 4096 < 600:
            break
        s.set_note(rid, "tester", 4, f"备注{i}" * 20)
    else:
        pytest.fail("the journal never came close to a page boundary")
    crash(s)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first(pilot)
        filler = fill(tiny_fs)
        await pilot.press("1")
        await pilot.pause()
        status = review.query_one(StatusLine)
        assert status.has_class("-error") and "No space left" in plain(status)
        assert "未保存" in plain(review.query_one("#rating-bar"))
        assert app.is_running
        filler.unlink()
        await pilot.press("1")
        await pilot.pause()
        assert not status.has_class("-error")
    with ReviewStore(db) as s:
        assert s.get_review(rid, "tester").suggestions[0].rating is Rating.ADOPTED


def test_import_ratings_on_a_disk_that_fills_half_way_keeps_nothing(tmp_path, capsys, monkeypatch):
    """Issue 14 #6: the disk filled after the first of a file's changes; the message said
    "nothing was imported" while part of it stayed (the undo that should have taken it
    back could not be written either). A file is one journal line: all of it, or none."""
    from cppcc_review.store.ratings.ratings_io import export_ratings, write_ratings

    src, db = tmp_path / "src", tmp_path / "db"
    for folder in (src, db):
        with ReviewStore(folder) as s:
            s.add_replies([make_reply(n=4), make_reply("沪科提复〔2025〕57号", n=3)])
    with ReviewStore(src) as s:
        for x in s.summaries():
            for i in range(1, x.n_suggestions + 1):
                s.set_rating(x.id, "alice", i, Rating.EXPLAINED, note=f"第{i}条")
        write_ratings(export_ratings(s, reviewer="alice"), tmp_path / "alice.yaml")
    before = digest(db)
    real_write = os.write
    room = [1500]  # bytes left on the disk: one change's line fits, not two

    def filling(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith("reviews.journal"):
            if len(data) > room[0]:
                written = real_write(fd, bytes(data[: room[0]]))
                room[0] = 0
                if not written:
                    raise OSError(errno.ENOSPC, "No space left on device")
                return written
            room[0] -= len(data)
        return real_write(fd, data)

    monkeypatch.setattr(journal_mod.os, "write", filling)
    code, out, err = run_cli(capsys, "--db", db, "import-ratings", tmp_path / "alice.yaml")
    monkeypatch.undo()
    assert code == 1 and "No space left" in err, (out, err)
    with ReviewStore(db, readonly=True) as r:
        assert r.reviewers() == []  # not one of its 7 ratings
    assert digest(db) == before
