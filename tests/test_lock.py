"""The database's locks: writers take turns per write; whoever keeps them is named; a dead
holder's locks are free at once; a lock that could be swapped is not relied on."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import LockedError, StoreError
from cppcc_review.store.model import Rating
from tests.helpers.holders import older_release_holder, writing
from tests.helpers.replies import make_reply

ROOT = Path(__file__).resolve().parents[1]


def run_python(code, *args, timeout=30):
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


OPEN_WRITER = """
import sys, time
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import LockedError
t = time.monotonic()
try:
    s = ReviewStore(sys.argv[1], lock_timeout=0.5)
    s.set_rating(s.summaries()[0].id, "second", 1, "adopted")
    s.close()
    print("wrote")
except LockedError as e:
    print(f"{time.monotonic() - t:.2f}")
    print(e)
    sys.exit(3)
"""


def test_a_second_writer_writes_while_the_first_has_the_database_open(tmp_path):
    with ReviewStore(tmp_path / "db") as store:
        rid = store.add_reply(make_reply())[0]
        result = run_python(OPEN_WRITER, store.path)
        assert result.returncode == 0 and result.stdout.strip() == "wrote", result.stderr
        store.set_rating(rid, "first", 2, Rating.EXPLAINED)  # reads the other's line first
        assert store.reviewers() == ["first", "second"]


def test_a_writer_that_keeps_writing_is_waited_for_then_named(tmp_path):
    with ReviewStore(tmp_path / "db") as store:
        store.add_reply(make_reply())
        with writing(store):
            result = run_python(OPEN_WRITER, store.path)
        assert result.returncode == 3, result.stderr
        elapsed, message = result.stdout.splitlines()[:2]
        assert 0.4 <= float(elapsed) < 3.0
        assert f"pid {os.getpid()}" in message and str(store.path) in message and "--readonly" in message


def test_a_writer_of_an_older_release_is_named_and_readers_still_read(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        store.add_reply(make_reply())
    with older_release_holder(db, pid=4242):
        with pytest.raises(LockedError) as info:
            ReviewStore(db, lock_timeout=0.1)
        assert "pid 4242" in str(info.value)
        with ReviewStore(db, readonly=True, lock_timeout=0.1) as reader:
            assert len(reader) == 1


def test_readonly_open_works_while_a_writer_has_it_open(tmp_path):
    with ReviewStore(tmp_path / "db") as store:
        store.add_reply(make_reply())
        result = run_python(
            "import sys\nfrom cppcc_review.store.db import ReviewStore\n"
            "s = ReviewStore(sys.argv[1], readonly=True, lock_timeout=0.1)\nprint(len(s))",
            store.path,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "1"


def test_locks_of_a_killed_writer_are_free_at_once(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        store.add_reply(make_reply())
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom cppcc_review.store.db import ReviewStore\n"
         "s = ReviewStore(sys.argv[1])\nwith s._lock.write(1):\n    print('ready', flush=True)\n    time.sleep(60)",
         str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        assert json.loads((db / "lock").read_text())["pid"] == child.pid
        with pytest.raises(LockedError):
            ReviewStore(db, lock_timeout=0.1)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    start = time.monotonic()
    with ReviewStore(db, lock_timeout=2.0) as store:
        store.set_rating(store.summaries()[0].id, "after", 1, Rating.ADOPTED)
        assert time.monotonic() - start < 1.0
        assert json.loads((db / "lock").read_text())["pid"] == os.getpid()


def test_a_folder_moved_or_replaced_while_open_is_not_written(tmp_path):
    db = tmp_path / "db"
    store = ReviewStore(db)
    rid = store.add_reply(make_reply())[0]
    os.rename(db, tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", db)  # a copy now sits where the database was
    with pytest.raises(StoreError, match="moved, deleted or replaced"):
        store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    store.close()  # closing writes nothing
    with ReviewStore(db, readonly=True) as r:
        assert r.reviewers() == []


def test_threads_of_one_process_take_turns_too(tmp_path):
    """flock belongs to the open file, shared by a process's threads: an import in a worker
    thread and the app's poll (or a key) in the main thread must still take turns."""
    import threading

    with ReviewStore(tmp_path / "db", lock_timeout=0.2) as store:
        rid = store.add_reply(make_reply())[0]
        inside, leave = threading.Event(), threading.Event()

        def worker():
            with writing(store):
                inside.set()
                leave.wait(10)

        thread = threading.Thread(target=worker)
        thread.start()
        try:
            assert inside.wait(10)
            assert store.refresh(wait=0) == set()  # the poll: nothing now, look again later
            with pytest.raises(LockedError):
                store.set_rating(rid, "main", 1, Rating.ADOPTED)
        finally:
            leave.set()
            thread.join()
        store.set_rating(rid, "main", 1, Rating.ADOPTED)
        assert store.reviewers() == ["main"]
