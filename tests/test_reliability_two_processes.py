"""Two processes on one database: one writer at a time, readers any time, no update lost.

tests/test_lock.py proves the lock itself (a second ReviewStore is refused naming the
holder; read-only opens work while locked; a killed holder's lock is taken over at
once). Here the real command line and the real app meet a holder:
* `cppcc-review rate` against a process holding the store waits a bounded time, then
  exits 1 with one line naming pid, host and since; not a byte of the database changes
  (the lock file keeps naming the holder); `stats` (read-only) works meanwhile and sees
  every change the holder acknowledged;
* readers opening again and again while a writer rates in a loop never see a torn or
  half-present change;
* a holder SIGKILLed in the middle of its work leaves a stale lock that the next
  `cppcc-review rate` takes over at once, with every acknowledged change kept;
* the real TUI in tmux holds the lock: `rate` is refused naming the app's pid, a second
  TUI opens read-only and says why, and after the first quits `rate` succeeds.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.db import ReviewStore
from store.model import Rating
from tests.helpers import kill_child
from tests.helpers.files import digest
from tests.helpers.replies import make_reply

ROOT = Path(__file__).resolve().parents[1]
LOCK_TIMEOUT = 3.0  # what the command line waits (tui.cli.common.open_store)


def cli(*argv, timeout=60) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", *map(str, argv)], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    return result, time.monotonic() - start


def new_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "评审 db"  # a space and CJK in the path, on purpose
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    return db, rid


HOLDER = """
import sys
from store.db import ReviewStore
from store.model import Rating
s = ReviewStore(sys.argv[1])
s.set_rating(sys.argv[2], "holder", 1, Rating.ADOPTED, note="held")
print("ready", flush=True)
for line in sys.stdin:  # one command per line: "rate N" or "close"
    if line.startswith("rate"):
        s.set_rating(sys.argv[2], "holder", int(line.split()[1]), Rating.EXPLAINED)
        print("ok", flush=True)
    else:
        break
s.close()
print("closed", flush=True)
"""


def test_rate_waits_then_names_the_holder_and_changes_nothing(tmp_path):
    db, rid = new_db(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), rid], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = digest(db, with_lock=True)
        result, elapsed = cli("--db", db, "rate", rid, 2, "adopted", "--note", "second", "--reviewer", "cli")
        assert result.returncode == 1 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        line = lines[0]
        assert f"pid {holder.pid}" in line and "since 20" in line and "on host" in line, line
        assert str(db) in line and "--readonly" in line
        assert LOCK_TIMEOUT - 0.2 <= elapsed < LOCK_TIMEOUT + 5, elapsed  # waited, but bounded
        assert digest(db, with_lock=True) == before
        # Reading works meanwhile, and sees what the holder acknowledged.
        result, _ = cli("--db", db, "stats", "--format", "yaml")
        assert result.returncode == 0, result.stderr
        assert "adopted: 1" in result.stdout
        holder.stdin.write("rate 3\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "ok"
        with ReviewStore(db, readonly=True) as r:
            assert r.get_review(rid, "holder").suggestions[2].rating is Rating.EXPLAINED
        # The holder closes: the same command now goes through at once.
        holder.stdin.write("close\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    result, elapsed = cli("--db", db, "rate", rid, 2, "adopted", "--note", "second", "--reviewer", "cli")
    assert result.returncode == 0 and elapsed < LOCK_TIMEOUT, (result.stderr, elapsed)
    with ReviewStore(db) as s:
        held = s.get_review(rid, "holder").suggestions
        assert held[0].note == "held" and held[2].rating is Rating.EXPLAINED
        assert s.get_review(rid, "cli").suggestions[1].note == "second"


@pytest.mark.slow
def test_readers_during_writes_then_a_stale_lock_is_taken_over(tmp_path):
    db, rid = new_db(tmp_path)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.kill_child", str(db), "7", rid],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    expected: dict[tuple[str, int], int | None] = {}
    pending = None
    reads = 0
    try:
        assert writer.stdout.readline().strip() == b"open"
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            # A reader's view is always made of whole changes.
            with ReviewStore(db, readonly=True) as r:
                for reviewer in kill_child.REVIEWERS:
                    review = r.get_review(rid, reviewer)
                    for sr in review.suggestions:
                        kill_child.decode_suggestion(sr)
                    kill_child.decode_assessment(review.assessment)
            reads += 1
        writer.send_signal(signal.SIGKILL)  # killed at work: a stale lock
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    for raw in writer.stdout.read().splitlines():
        parts = raw.decode().split()
        if parts and parts[0] == "try":
            k, kind, index = int(parts[1]), parts[2], int(parts[-1])
            pending = ((" ".join(parts[4:-1]), index), None if kind == "clear" else k)
        elif parts and parts[0] == "ack":
            expected[pending[0]] = pending[1]
            pending = None
    assert reads >= 10 and len(expected) >= 3, (reads, expected)
    stale = json.loads((db / "lock").read_text())
    assert stale["pid"] == writer.pid
    result, elapsed = cli("--db", db, "rate", rid, 1, "explained", "--reviewer", "after")
    assert result.returncode == 0, result.stderr
    assert elapsed < LOCK_TIMEOUT, f"a dead holder's lock must not be waited for ({elapsed:.1f} s)"
    with ReviewStore(db, readonly=True) as r:
        assert json.loads((db / "lock").read_text())["pid"] != writer.pid
        assert r.get_review(rid, "after").suggestions[0].rating is Rating.EXPLAINED
        for (reviewer, index), k in expected.items():
            review = r.get_review(rid, reviewer)
            seen = (
                kill_child.decode_assessment(review.assessment)
                if index == 0
                else kill_child.decode_suggestion(review.suggestions[index - 1])
            )
            if pending is not None and pending[0] == (reviewer, index):
                assert seen in (k, pending[1])
            else:
                assert seen == k, (reviewer, index, seen, k)


@pytest.mark.tmux
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_real_app_holds_the_lock(tmp_path):
    from tests.helpers.tmux import Tmux, app_env

    db, rid = new_db(tmp_path)
    env = app_env()

    def command(reviewer: str) -> str:
        return (
            f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m tui.cli "
            f"--db {shlex.quote(str(db))} --reviewer {reviewer} --lang en review"
        )

    first = Tmux(f"cppcc-two-a-{os.getpid()}")
    second = Tmux(f"cppcc-two-b-{os.getpid()}")
    try:
        first.start(command("tui"), env)
        first.wait_for("沪科提复〔2025〕56号")
        first.keys("Enter")
        first.wait_for("1/4")
        first.keys("1")  # saved by the app
        first.wait_for("2/4")
        app_pid = json.loads((db / "lock").read_text())["pid"]
        result, elapsed = cli("--db", db, "rate", rid, 2, "explained", "--reviewer", "cli")
        assert result.returncode == 1 and f"pid {app_pid}" in result.stderr and "since" in result.stderr
        assert "cppcc-review" in result.stderr
        assert elapsed >= LOCK_TIMEOUT - 0.2
        result, _ = cli("--db", db, "stats", "--format", "yaml")
        assert result.returncode == 0 and "adopted: 1" in result.stdout  # the app's rating, read-only
        # A second app opens read-only and says why.
        second.start(command("other"), env)
        screen = second.wait_for("read-only", timeout=20)
        assert "沪科提复〔2025〕56号" in screen
        second.keys("q")
        second.wait_exit()
        first.keys("q")
        first.wait_for("Replies")
        first.keys("q")
        first.wait_exit()
    finally:
        first.kill()
        second.kill()
    result, elapsed = cli("--db", db, "rate", rid, 2, "explained", "--reviewer", "cli")
    assert result.returncode == 0 and elapsed < LOCK_TIMEOUT, result.stderr
    with ReviewStore(db) as s:
        assert s.get_review(rid, "tui").suggestions[0].rating is Rating.ADOPTED
        assert s.get_review(rid, "cli").suggestions[1].rating is Rating.EXPLAINED
