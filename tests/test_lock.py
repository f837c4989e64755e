"""The writer lock: a second writer is refused with the holder named; a dead holder's lock is free."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.db import ReviewStore
from store.errors import LockedError
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
from store.db import ReviewStore
from store.errors import LockedError
t = time.monotonic()
try:
    ReviewStore(sys.argv[1], lock_timeout=0.5)
except LockedError as e:
    print(f"{time.monotonic() - t:.2f}")
    print(e)
    sys.exit(3)
"""


def test_second_process_is_refused_with_the_holder_named(tmp_path):
    with ReviewStore(tmp_path / "db") as store:
        result = run_python(OPEN_WRITER, store.path)
        assert result.returncode == 3, result.stderr
        elapsed, message = result.stdout.splitlines()[:2]
        assert 0.4 <= float(elapsed) < 3.0
        assert f"pid {os.getpid()}" in message
        assert str(store.path) in message
        assert "--readonly" in message


def test_second_writer_in_the_same_process_is_refused(tmp_path):
    with ReviewStore(tmp_path / "db"), pytest.raises(LockedError):
        ReviewStore(tmp_path / "db", lock_timeout=0.1)


def test_readonly_open_works_while_locked(tmp_path):
    with ReviewStore(tmp_path / "db") as store:
        store.add_reply(make_reply())
        result = run_python(
            "import sys\nfrom store.db import ReviewStore\n"
            "s = ReviewStore(sys.argv[1], readonly=True, lock_timeout=0.1)\nprint(len(s))",
            store.path,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "1"


def test_stale_lock_of_a_killed_process_is_taken_over(tmp_path):
    db = tmp_path / "db"
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom store.db import ReviewStore\n"
         "s = ReviewStore(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        holder = json.loads((db / "lock").read_text())
        assert holder["pid"] == child.pid
        with pytest.raises(LockedError):
            ReviewStore(db, lock_timeout=0.1)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    start = time.monotonic()
    with ReviewStore(db, lock_timeout=2.0):
        assert time.monotonic() - start < 1.0
        assert json.loads((db / "lock").read_text())["pid"] == os.getpid()
