"""Two processes on one database: writers take turns per write, readers any time, no
update lost.

tests/test_lock.py proves the locks themselves (a writer that keeps writing is named
after a bounded wait; a killed holder's locks are free at once; a moved folder is not
written), tests/test_reliability_concurrent.py two writers and a reader in compaction.
Here the real command line and the real app:
* `cppcc-review rate` against a writer of an older release (which held the database for
  its whole session) waits a bounded time, then exits 1 with one line naming pid, host
  and since; not a byte of the database changes; `stats` (read-only) works meanwhile;
* readers opening again and again while a writer rates in a loop never see a torn or
  half-present change;
* a writer SIGKILLed in the middle of its work leaves nothing to wait for: the next
  `cppcc-review rate` goes through at once, with every acknowledged change kept;
* the real TUI in tmux and `cppcc-review rate` write the same database at once: `rate`
  goes through without waiting, the app shows its change within a few seconds, a
  second TUI opens as a writer too, and everything is there after both quit.
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

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers import kill_child
from tests.helpers.files import digest
from tests.helpers.replies import make_reply


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh; db, check and the store's refusals since fixl), so they run it
    in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

ROOT = Path(__file__).resolve().parents[1]
LOCK_TIMEOUT = 3.0  # what the command line waits (cppcc_review.tui.cli.common.open_store)


def cli(*argv, timeout=60) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "cppcc_review.tui.cli", *map(str, argv)], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    return result, time.monotonic() - start


def new_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "评审 db"  # a space and CJK in the path, on purpose
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    return db, rid


def test_rate_waits_for_an_older_releases_writer_then_names_it_and_changes_nothing(tmp_path):
    from tests.helpers.holders import older_release_holder

    db, rid = new_db(tmp_path)
    with ReviewStore(db) as s:
        s.set_rating(rid, "holder", 1, Rating.ADOPTED, note="held")
    with older_release_holder(db, pid=4242):
        before = digest(db, with_lock=True)
        result, elapsed = cli("--db", db, "rate", rid, 2, "adopted", "--note", "second", "--reviewer", "cli")
        assert result.returncode == 1 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        line = lines[0]
        assert "pid 4242" in line and "since 20" in line and "on host" in line, line
        assert str(db) in line and "--readonly" in line
        assert LOCK_TIMEOUT - 0.2 <= elapsed < LOCK_TIMEOUT + 5, elapsed  # waited, but bounded
        assert digest(db, with_lock=True) == before
        # Reading works meanwhile.
        result, _ = cli("--db", db, "stats", "--format", "yaml")
        assert result.returncode == 0, result.stderr
        assert "adopted: 1" in result.stdout
    result, elapsed = cli("--db", db, "rate", rid, 2, "adopted", "--note", "second", "--reviewer", "cli")
    assert result.returncode == 0 and elapsed < LOCK_TIMEOUT, (result.stderr, elapsed)
    with ReviewStore(db) as s:
        assert s.get_review(rid, "holder").suggestions[0].note == "held"
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
def test_the_real_app_and_the_command_line_write_at_once(tmp_path):
    from tests.helpers.tmux import Tmux, app_env

    db, rid = new_db(tmp_path)
    env = app_env()

    def command(reviewer: str) -> str:
        return (
            f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m cppcc_review.tui.cli "
            f"--db {shlex.quote(str(db))} --reviewer {reviewer} --lang en review"
        )

    first = Tmux(f"cppcc-two-a-{os.getpid()}")
    second = Tmux(f"cppcc-two-b-{os.getpid()}")
    try:
        first.start(command("tui"), env)
        first.wait_for("沪科提复〔2025〕56号")
        first.keys("Enter")
        first.wait_for("1/4")
        first.keys("1")  # saved by the app; it moves on to suggestion 2
        first.wait_for("2/4")
        # The command line writes while the app is open: at once, no refusal.
        result, elapsed = cli("--db", db, "rate", rid, 2, "explained", "--reviewer", "tui")
        assert result.returncode == 0, result.stderr
        assert elapsed < LOCK_TIMEOUT, elapsed
        # The app notices the new journal line and shows the rating on the suggestion on screen.
        first.wait_for("Rating: explained", timeout=10)
        result, _ = cli("--db", db, "stats", "--format", "yaml")
        assert result.returncode == 0 and "adopted: 1" in result.stdout and "explained: 1" in result.stdout
        # A second app opens as a writer too (nothing holds the database between writes).
        second.start(command("other"), env)
        screen = second.wait_for("沪科提复〔2025〕56号", timeout=20)
        assert "read-only" not in screen
        second.keys("q")
        second.wait_exit()
        first.keys("3")  # the app's own next change keeps the command line's
        first.keys("q")
        first.wait_for("Replies")
        first.keys("q")
        first.wait_exit()
    finally:
        first.kill()
        second.kill()
    with ReviewStore(db) as s:
        ratings = [sr.rating for sr in s.get_review(rid, "tui").suggestions]
        assert ratings[0] is Rating.ADOPTED and ratings[1] is Rating.EXPLAINED, ratings
        assert s.check()["ok"]
