"""The child program of the kill test (tests/test_reliability_kill.py).

`rate_loop` opens a ReviewStore and changes it in a loop, forever, until it is killed.
Every change is announced on a pipe before the call (`try K KIND REPLY REVIEWER INDEX`) and
acknowledged after the call returned (`ack K`): an acknowledged change is one the store
reported saved, so it must survive the SIGKILL that will come at any moment.

Each change is written so that a half-present change can be recognised afterwards: the
op number K is in the note (`k17`) and decides the rating (RATINGS[K % 3]), both written
in one `set_rating(..., note=...)` call; an assessment carries K in its opinion and in
its result (SATISFACTIONS[K % 3]) and in its relevance. `decode_*` read that back.

Run by `os.fork()` from the test (fast: no interpreter start-up per kill) or as a program:
    python -m tests.helpers.kill_child DB SEED REPLY_ID...
which writes the same lines on stdout.
"""

from __future__ import annotations

import os
import random
import sys

from cppcc_review.store.model import Assessment, Rating, Relevance, Satisfaction

RATINGS = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
SATISFACTIONS = [Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED]
RELEVANCES = list(Relevance)
REVIEWERS = ["alice", "鲍勃 bob"]


def assessment_of(k: int) -> Assessment:
    return Assessment(
        result=SATISFACTIONS[k % 3],
        attitude=SATISFACTIONS[(k + 1) % 3],
        relevance=RELEVANCES[k % len(RELEVANCES)],
        opinion=f"k{k}",
    )


def decode_suggestion(sr) -> int | None:
    """The op number that wrote this SuggestionReview (None: nothing there); asserts it is whole."""
    if sr.rating is None and not sr.note:
        return None
    assert sr.note.startswith("k"), f"note without its rating's op: {sr!r}"
    k = int(sr.note[1:])
    assert sr.rating is RATINGS[k % 3], f"half-present change: note of op {k} with rating {sr.rating}"
    return k


def decode_assessment(a: Assessment) -> int | None:
    if a == Assessment():
        return None
    k = int(a.opinion[1:])
    assert a == assessment_of(k), f"half-present assessment of op {k}: {a!r}"
    return k


def _say(fd: int, line: str) -> None:
    data = (line + "\n").encode("utf-8")
    while data:
        data = data[os.write(fd, data):]


def rate_loop(db: str, rids: list[str], n_suggestions: int, seed: int, fd: int, *, first_op: int) -> None:
    """Change the store until killed. Op numbers start at `first_op` (unique across children)."""
    from cppcc_review.store.db import ReviewStore

    rng = random.Random(seed)
    store = ReviewStore(db, lock_timeout=10)
    _say(fd, "open")
    k = first_op
    while True:
        k += 1
        reviewer = rng.choice(REVIEWERS)
        rid = rng.choice(rids)
        roll = rng.random()
        if roll < 0.06:
            # A clean close (compaction: backup + new snapshot + empty journal) and reopen:
            # kills land inside those too.
            _say(fd, "reopen")
            store.close()
            store = ReviewStore(db, lock_timeout=10)
            _say(fd, "open")
            continue
        if roll < 0.22:
            _say(fd, f"try {k} as {rid} {reviewer} 0")
            store.set_assessment(rid, reviewer, assessment_of(k))
        elif roll < 0.32:
            index = rng.randint(1, n_suggestions)
            _say(fd, f"try {k} clear {rid} {reviewer} {index}")
            store.set_rating(rid, reviewer, index, None, note="")
        else:
            index = rng.randint(1, n_suggestions)
            _say(fd, f"try {k} rn {rid} {reviewer} {index}")
            store.set_rating(rid, reviewer, index, RATINGS[k % 3], note=f"k{k}")
        _say(fd, f"ack {k}")


def main(argv: list[str]) -> None:
    db, seed, rids = argv[0], int(argv[1]), argv[2:]
    from cppcc_review.store.db import ReviewStore

    with ReviewStore(db, readonly=True) as s:
        n = min(len(s.get_review(rid, REVIEWERS[0]).suggestions) for rid in rids)
    rate_loop(db, rids, n, seed, sys.stdout.fileno(), first_op=seed * 1_000_000)


if __name__ == "__main__":
    main(sys.argv[1:])


# -- import-ratings (issue 14 #6) and re-import (issue 14 #7) -----------------------------
def _try_and_ack_forever(db: str, fd: int, step) -> None:
    """Open the store, then call `step(store, n)` for n = 1, 2, ... until killed, saying
    `try N` before each call and `ack N` once it returned."""
    from cppcc_review.store.db import ReviewStore

    store = ReviewStore(db, lock_timeout=10)
    _say(fd, "open")
    n = 0
    while True:
        n += 1
        _say(fd, f"try {n}")
        step(store, n)
        _say(fd, f"ack {n}")


def import_ratings_loop(db: str, files: list[str], fd: int) -> None:
    """Import the ratings files in turn, forever (each import changes every value the
    previous one set): `try N` before an import, `ack N` once it returned applied."""
    from cppcc_review.store.ratings.ratings_io import import_ratings

    def one_import(store, n: int) -> None:
        report = import_ratings(store, files[n % len(files)])
        if not report.applied:
            raise RuntimeError(f"import {n} not applied: {report.errors}")

    _try_and_ack_forever(db, fd, one_import)


def reimport_loop(db: str, versions: list[list], fd: int) -> None:
    """Re-import the replies in one version of their texts, then the other, forever:
    `try N` before `add_replies`, `ack N` once it returned (after a kill in the middle
    of a batch some replies are already in the version asked for: "unchanged")."""
    _try_and_ack_forever(db, fd, lambda store, n: store.add_replies(versions[n % len(versions)]))


# -- the parent's side ----------------------------------------------------------------------
def without_fsync(monkeypatch) -> None:
    """Make `os.fsync` return at once, in the test and in the children it forks.

    A SIGKILL leaves the operating system's page cache intact: what a killed process wrote
    is in the files whether or not it was fsynced, so fsync changes nothing a kill test can
    see (power cuts, where it does, are tests/test_reliability_powercut.py). Under load it
    was about half of a kill test's time (a kill round waits for its acknowledged changes,
    each fsynced), and the random kill moments fell mostly inside fsync, where no file
    changes; without it they fall on the writes, renames and truncations themselves."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def fork(target, *args) -> tuple[int, object]:
    """Fork a child that runs `target(*args, write_fd)` and never returns into pytest; the
    parent gets the child's pid and the read end of its pipe. Any exception in the child
    is written to the pipe as one `error ...` line and the child exits 1."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_fd)
            target(*args, write_fd)
        except BaseException as exc:  # report anything to the parent
            try:
                os.write(write_fd, f"error {type(exc).__name__}: {exc}\n".encode())
            finally:
                status = 1
        os._exit(status)
    os.close(write_fd)
    return pid, os.fdopen(read_fd, "rb")
