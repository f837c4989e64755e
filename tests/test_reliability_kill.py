"""Kill test: SIGKILL at random moments never loses an acknowledged change.

Two rounds:
* store API: a long-lived child (tests/helpers/kill_child.py, started by fork so a kill
  costs no interpreter start-up) rates, notes, clears, assesses and closes / reopens the
  store in a loop, announcing each change (`try`) and acknowledging it once the call
  returned (`ack`); the parent kills it after a random number of acks plus a random
  delay, then checks, more than 200 times:
    - the database opens (read-only, as a reviewer's second window would, and every
      tenth round as a writer that compacts on close);
    - every acknowledged change is there;
    - the one change in flight is there completely or not at all (rating + note of one
      call, every field of an assessment), and nothing else changed.
* CLI: `cppcc-review rate ... --note ...` subprocesses killed at random moments; each
  printed success line is an acknowledged change.

Run with `-s` to see the summary lines (`kill test: N kills, ... 0 lost`).
"""

from __future__ import annotations

import functools
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from tests.helpers import kill_child
from tests.helpers.replies import make_reply


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

ROOT = Path(__file__).resolve().parents[1]
STORE_KILLS = 220
# A journal line carries the reply's small review table and only the new change document
# (the history lives in h:<id> tables, compacted into history.json), so lines stay short
# however long a database lives. One database serves 110 kills: its history grows to
# about a thousand changes, so kills also land in compactions that rewrite a history
# of some size; the second database starts the history from nothing again.
ROUNDS_PER_DB = 110
N_REPLIES = 3
CLI_RUNS = 32
N_SUGGESTIONS = 4


def _new_db(folder: Path, n_replies: int = 1) -> tuple[Path, list[str]]:
    db = folder / "db"
    with ReviewStore(db) as s:
        rids = [s.add_reply(make_reply(f"沪科提复〔2025〕{60 + i}号", n=N_SUGGESTIONS))[0] for i in range(n_replies)]
    return db, rids


def _observe(db: Path, rids: list[str], *, writer: bool) -> dict[tuple[str, str, int], int | None]:
    """The op number behind every field (index 0 = the assessment); asserts none is half-present."""
    with ReviewStore(db, readonly=not writer, lock_timeout=5) as s:
        seen: dict[tuple[str, str, int], int | None] = {}
        for rid in rids:
            for reviewer in kill_child.REVIEWERS:
                review = s.get_review(rid, reviewer)
                assert len(review.suggestions) == N_SUGGESTIONS
                for i, sr in enumerate(review.suggestions, start=1):
                    seen[(rid, reviewer, i)] = kill_child.decode_suggestion(sr)
                seen[(rid, reviewer, 0)] = kill_child.decode_assessment(review.assessment)
        if writer:
            assert s.check()["ok"]
    return seen


def _effect(kind: str, k: int) -> int | None:
    return None if kind == "clear" else k


def _compare(expected, seen, pending) -> int:
    """How many acknowledged values are missing from `seen` (the pending change may be either way)."""
    lost = 0
    for key, value in expected.items():
        if pending is not None and key == pending[0]:
            if seen[key] not in (value, pending[1]):
                lost += 1
        elif seen[key] != value:
            lost += 1
    return lost


def _fork_child(db: Path, rids: list[str], seed: int, first_op: int) -> tuple[int, object]:
    return kill_child.fork(functools.partial(kill_child.rate_loop, first_op=first_op), str(db), rids, N_SUGGESTIONS, seed)


def test_sigkill_of_a_rating_process_loses_no_acknowledged_change(tmp_path, monkeypatch, record_property):
    if sys.platform == "win32" or not hasattr(os, "fork"):
        pytest.skip("needs fork and SIGKILL")
    import cppcc_review.store.fold

    # Fold the journal into the shards every few changes (in the session and at each
    # reopen), so kills land in folds and in starting the journal again as well as in appends.
    monkeypatch.setattr(cppcc_review.store.fold, "FOLD_BYTES", 4 * 1024)
    kill_child.without_fsync(monkeypatch)
    rng = random.Random(20261128)
    kills = acked_total = in_flight_kept = in_flight_dropped = lost_total = 0
    started = time.monotonic()
    for round_no in range(STORE_KILLS):
        if round_no % ROUNDS_PER_DB == 0:
            folder = tmp_path / f"run{round_no // ROUNDS_PER_DB}"
            folder.mkdir()
            db, rids = _new_db(folder, N_REPLIES)
            expected = {(rid, r, i): None for rid in rids for r in kill_child.REVIEWERS for i in range(N_SUGGESTIONS + 1)}
        pid, pipe = _fork_child(db, rids, rng.randrange(1 << 30), first_op=(round_no + 1) * 1_000_000)
        wanted_acks = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 21, 34])
        acks = 0
        pending = None
        lines: list[str] = []
        # A child that hangs (it never should) is killed by this watchdog and fails the test,
        # rather than blocking the parent's readline forever.
        stuck: list[bool] = []
        watchdog = threading.Timer(30, lambda: (stuck.append(True), os.kill(pid, signal.SIGKILL)))
        watchdog.start()
        try:
            while acks < wanted_acks:
                raw = pipe.readline()
                if not raw:
                    break
                line = raw.decode().strip()
                lines.append(line)
                if line.startswith("ack"):
                    acks += 1
            time.sleep(rng.choice([0, 0, 0.0002, 0.001, 0.003, 0.01]))
            os.kill(pid, signal.SIGKILL)
        finally:
            _, status = os.waitpid(pid, 0)
            watchdog.cancel()
        assert not stuck, f"round {round_no}: the child hung; its last lines: {lines[-5:]}"
        rest = pipe.read().decode()
        pipe.close()
        lines += rest.splitlines()
        assert not any(line.startswith("error") for line in lines), lines
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, lines
        kills += 1
        for line in lines:  # every ack written before the kill counts
            parts = line.split()
            if parts[0] == "try":
                k, kind, rid, index = int(parts[1]), parts[2], parts[3], int(parts[-1])
                reviewer = " ".join(parts[4:-1])
                pending = ((rid, reviewer, index), _effect(kind, k), k)
            elif parts[0] == "ack":
                assert pending is not None and pending[2] == int(parts[1])
                expected[pending[0]] = pending[1]
                acked_total += 1
                pending = None
        seen = _observe(db, rids, writer=round_no % 10 == 9)
        lost = _compare(expected, seen, pending)
        lost_total += lost
        assert lost == 0, (round_no, lines[-5:], expected, seen, pending)
        if pending is not None:
            if seen[pending[0]] == pending[1] and expected[pending[0]] != pending[1]:
                in_flight_kept += 1
            elif expected[pending[0]] != pending[1]:
                in_flight_dropped += 1
        expected = seen  # a change saved but not yet acknowledged is now the truth
    elapsed = time.monotonic() - started
    summary = (
        f"kill test (store): {kills} SIGKILLs, {acked_total} acknowledged changes, {lost_total} lost, "
        f"in-flight change present {in_flight_kept} / absent {in_flight_dropped} times, {elapsed:.1f} s"
    )
    print("\n" + summary)
    record_property("kills", kills)
    record_property("acknowledged", acked_total)
    record_property("lost", lost_total)
    assert kills >= 200 and lost_total == 0
    assert acked_total > 1000  # the kills did interrupt real work
    with ReviewStore(db) as s:  # and the database is fine for a writer afterwards
        assert s.check()["ok"]


CLI_RATINGS = {0: "adopted", 1: "partially_adopted", 2: "explained"}


@pytest.mark.slow
def test_sigkill_of_cppcc_review_rate_loses_no_acknowledged_change(tmp_path, record_property):
    db, [rid] = _new_db(tmp_path)
    rng = random.Random(7)
    reviewer = kill_child.REVIEWERS[0]
    expected = {(rid, r, i): None for r in kill_child.REVIEWERS for i in range(N_SUGGESTIONS + 1)}
    kills = acked = lost_total = 0
    started = time.monotonic()
    # How long one unkilled `rate` takes here: kills are spread over its second half
    # (start-up is the first half; the store is opened and written at the very end).
    t = time.monotonic()
    subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", "--db", str(db), "rate", rid, "1", "clear", "--reviewer", reviewer],
                   cwd=ROOT, check=True, capture_output=True, timeout=60)
    duration = time.monotonic() - t
    for run in range(CLI_RUNS):
        k = 1000 + run
        index = rng.randint(1, N_SUGGESTIONS)
        command = [
            sys.executable, "-m", "cppcc_review.tui.cli", "--db", str(db), "rate", rid, str(index),
            CLI_RATINGS[k % 3], "--note", f"k{k}", "--reviewer", reviewer,
        ]
        t = time.monotonic()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Most runs are killed somewhere between start-up and exit; a few finish. Every
        # fourth run is let finish: the one timed run above may have been quicker than the
        # rest (a loaded machine), and then nearly every run was killed before its
        # acknowledgement (23 of 24 seen in a full suite), leaving nothing acknowledged to lose.
        wait = rng.uniform(0.4, 1.4) * duration
        if run % 4 != 3:
            time.sleep(wait)
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        if child.returncode == -signal.SIGKILL:
            kills += 1
        else:
            assert child.returncode == 0, err
            # A run that finished tells how long one takes now: the timed run above may have met a load spike
            # (a CI run beside other work saw 3 kills in 24 tries, every run finishing before its kill), so the
            # kills follow the quickest run seen.
            duration = min(duration, time.monotonic() - t)
        if f"suggestion {index}/{N_SUGGESTIONS} by {reviewer}" in out:
            acked += 1
            expected[(rid, reviewer, index)] = k
            pending = None
        else:
            pending = ((rid, reviewer, index), k)
        seen = _observe(db, [rid], writer=False)  # asserts rating and note came together
        lost = _compare(expected, seen, pending)
        lost_total += lost
        assert lost == 0, (run, out, err, expected, seen)
        expected = seen
    summary = (
        f"kill test (cppcc-review rate): {CLI_RUNS} runs, {kills} SIGKILLs, {acked} acknowledged, "
        f"{lost_total} lost, {time.monotonic() - started:.1f} s"
    )
    print("\n" + summary)
    record_property("cli_kills", kills)
    record_property("cli_lost", lost_total)
    assert kills >= CLI_RUNS // 4 and acked >= 2 and lost_total == 0
