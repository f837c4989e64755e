"""A script's loop of `cppcc-review rate` calls (issue 16): every call opens the database
and used to replay (decode and check) the whole unfolded journal, so the loop got slower
call by call until the journal was folded at 1 MB. The journal is now read lazily
(cppcc_review.store.journal_replay): an open checks each line's CRC and reads the names
it lists; a line is decoded when a table it names is first read. What a user would notice:
- every rating made in the loop is there after each call, and after a SIGKILL in the middle
  (with folds happening meanwhile);
- reviews and history read lazily are those the eager replay gives (the backup's replay,
  a separate code path) and those the session that wrote them holds;
- a one-reply command decodes its reply's lines, not the journal (this fails before: every
  line was decoded at open);
- a journal written by the current release (lines without names) opens and reads the same,
  alone and mixed with this release's lines.

The calls are made in this process through `cppcc_review.tui.cli.main`, as the console
script makes them."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sys
import zlib
from pathlib import Path

import pytest

import cppcc_review.store.fold
from cppcc_review.store import schema
from cppcc_review.store.backup_journal import replay
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.journal import parse_lines
from cppcc_review.store.manifest import Manifest
from cppcc_review.store.model import Rating
from cppcc_review.tui import cli
from tests.helpers import kill_child
from tests.helpers.replies import crash, make_reply

N_REPLIES = 24  # ids are random hex: 24 replies spread over ~20 prefixes
N_SUGGESTIONS = 4
CALLS = 90


def _new_db(folder: Path) -> tuple[Path, list[str]]:
    db = folder / "db"
    with ReviewStore(db) as s:
        rids = [s.add_reply(make_reply(f"沪科提复〔2025〕{100 + i}号", n=N_SUGGESTIONS, variant=str(i)))[0]
                for i in range(N_REPLIES)]
        s.fold_all()
    return db, rids


def _picks(rids: list[str], seed: int = 5, calls: int = CALLS) -> list[tuple[str, int, Rating]]:
    rng = random.Random(seed)
    ratings = list(Rating)
    return [(rng.choice(rids), rng.randint(1, N_SUGGESTIONS), ratings[k % 3]) for k in range(calls)]


@pytest.fixture
def home(tmp_path, monkeypatch):
    for name in [k for k in os.environ if k.startswith("CPPCC_REVIEW")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def _seen(path: Path, rids: list[str]) -> tuple[dict, dict]:
    """Every reply's ratings and history as a fresh (lazy) open reads them, one reply at a time."""
    with ReviewStore(path, readonly=True) as s:
        reviews = {rid: [(sr.rating, sr.note) for sr in s.get_review(rid, "loop").suggestions] for rid in rids}
        history = {rid: [(c.seq, c.reviewer, c.action, c.index, c.before, c.after) for c in s.history(rid)] for rid in rids}
    return reviews, history


def test_a_loop_of_rate_calls_keeps_every_rating(home, capsys):
    db, rids = _new_db(home)
    expected: dict[tuple[str, int], Rating] = {}
    for rid, number, rating in _picks(rids):
        assert cli.main(["--db", str(db), "--reviewer", "loop", "rate", rid, str(number), rating.value]) == 0
        capsys.readouterr()
        expected[(rid, number)] = rating
        with ReviewStore(db, readonly=True) as s:  # every rating so far, after each call
            for (r, n), want in expected.items():
                assert s.get_review(r, "loop").suggestions[n - 1].rating is want, (r, n)
    with ReviewStore(db) as s:
        assert s.check()["ok"]
        assert s._jstore.journal_lines > CALLS // 2  # the loop's lines are in the journal (nothing folded them)


def test_a_one_reply_command_decodes_its_lines_not_the_journal(home, capsys, monkeypatch):
    """Counted without timing: each line decoded has its review tables checked once
    (schema.check_reviews, called for every line an open decodes)."""
    db, rids = _new_db(home)
    picks = _picks(rids, seed=3)
    for rid, number, rating in picks:
        assert cli.main(["--db", str(db), "--reviewer", "loop", "rate", rid, str(number), rating.value]) == 0
    capsys.readouterr()
    checked: list[object] = []
    real = schema.check_reviews
    monkeypatch.setattr(schema, "check_reviews", lambda tables: (checked.append(tables), real(tables))[1])
    target = picks[-1][0]
    mine = sum(1 for rid, _n, _r in picks if rid == target)  # lines of the loop naming the target reply
    with ReviewStore(db, readonly=True) as s:
        assert s._jstore.journal_lines >= CALLS * 2 // 3
        at_open = len(checked)
        s.get_review(target, "loop")
        s.history(target)
    assert at_open == 0
    assert 1 <= len(checked) <= mine  # its newest review line, then every line of its history
    # A `rate` call itself: its reply's lines and the newest `_meta` line.
    checked.clear()
    other = next(rid for rid in rids if rid != target)
    assert cli.main(["--db", str(db), "--reviewer", "loop", "rate", other, "1", "adopted"]) == 0
    capsys.readouterr()
    assert len(checked) <= 2 + sum(1 for rid, _n, _r in picks if rid == other), len(checked)


def test_lazy_reads_equal_the_eager_replay_and_the_session_that_wrote_them(home, capsys):
    db, rids = _new_db(home)
    plain = home / "plain"
    shutil.copytree(db, plain)
    picks = _picks(rids, seed=9)
    for k, (rid, number, rating) in enumerate(picks):
        argv = ["--db", str(db), "--reviewer", "loop", "rate", rid, str(number), rating.value]
        if k % 4 == 0:
            argv += ["--note", f"n{k}"]
        assert cli.main(argv) == 0
    capsys.readouterr()
    with ReviewStore(plain) as s:  # the same changes in one session: what it holds was written, not replayed
        for k, (rid, number, rating) in enumerate(picks):
            s.set_rating(rid, "loop", number, rating, note=f"n{k}" if k % 4 == 0 else None)
        written = ({rid: [(sr.rating, sr.note) for sr in s.get_review(rid, "loop").suggestions] for rid in rids},
                   {rid: [(c.seq, c.reviewer, c.action, c.index, c.before, c.after) for c in s.history(rid)] for rid in rids})
    lazy = _seen(db, rids)
    assert lazy == _seen(plain, rids) == written
    # The eager replay (every line decoded, in order: the backup's replay) gives the same tables.
    raw = (db / "reviews.journal").read_bytes()
    lines = parse_lines(raw)
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    tables, history, _index = replay(manifest.marks_for(lines.journal_id), lines.entries, lines.ends)
    with ReviewStore(db, readonly=True) as s:
        for rid in rids:
            assert s._jstore.read().load("r:" + rid) == tables.get(rid[:2], {}).get("r:" + rid), rid
            assert s._jstore.history_table("h:" + rid) == history.get("h:" + rid, {}), rid
        assert s._jstore.read().load("_meta") == tables["_meta"]["_meta"]
        assert s.check()["ok"]


def test_a_journal_without_names_opens_and_reads_the_same(home, capsys):
    """A journal the current release wrote (its lines list no names) is decoded at open,
    as before; alone, and with this release's lines appended after it."""
    db, rids = _new_db(home)
    picks = _picks(rids, seed=4, calls=30)
    s = ReviewStore(db)
    for rid, number, rating in picks[:20]:
        s.set_rating(rid, "loop", number, rating)
    crash(s)
    journal = db / "reviews.journal"
    head, *rest = journal.read_bytes().splitlines(keepends=True)
    old = []
    for line in rest:  # each line as the current release writes it: no names, its CRC over that
        entry = json.loads(line[9:])
        assert entry.pop("names")
        payload = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        old.append(b"%08x " % (zlib.crc32(payload) & 0xFFFFFFFF) + payload + b"\n")
    journal.write_bytes(head + b"".join(old))
    expected = {}
    for rid, number, rating in picks[:20]:
        expected[(rid, number)] = rating
    with ReviewStore(db, readonly=True) as r:
        assert r._jstore.decoded_lines == 0 and r._jstore.journal_lines == len(old)
        for (rid, number), want in expected.items():
            assert r.get_review(rid, "loop").suggestions[number - 1].rating is want
    # This release's lines after them: the newest line of a table wins, whichever its form.
    for rid, number, rating in picks[20:]:
        assert cli.main(["--db", str(db), "--reviewer", "loop", "rate", rid, str(number), rating.value]) == 0
        expected[(rid, number)] = rating
    capsys.readouterr()
    assert b'{"names":' in journal.read_bytes().splitlines()[-1]
    with ReviewStore(db) as s:
        for (rid, number), want in expected.items():
            assert s.get_review(rid, "loop").suggestions[number - 1].rating is want
        seqs = [c.seq for rid in rids for c in s.history(rid)]
        assert len(seqs) == len(set(seqs)) >= len(picks) - 5  # no seq given twice (a rating given again unchanged: none)
        assert s.check()["ok"]
        s.fold_all()
    with ReviewStore(db, readonly=True) as r:
        assert r._jstore.journal_lines == 0
        for (rid, number), want in expected.items():
            assert r.get_review(rid, "loop").suggestions[number - 1].rating is want


def _one_shot_loop(db: str, picks: list[tuple[str, int, int]], fd: int) -> None:
    """The kill child: one store per change, as a loop of `rate` calls has; the journal is
    folded a few prefixes at a time past a small limit, so kills land in folds too.
    `picks`: (reply, suggestion, op number); the op decides the note and the rating."""
    cppcc_review.store.fold.FOLD_BYTES = 3 * 1024
    for rid, number, op in picks:
        with ReviewStore(db, lock_timeout=10) as s:
            kill_child._say(fd, f"try {op}")
            s.set_rating(rid, "loop", number, kill_child.RATINGS[op % 3], note=f"k{op}")
            kill_child._say(fd, f"ack {op}")
    kill_child._say(fd, "done")


def test_sigkill_in_a_loop_of_one_shot_calls_loses_no_acknowledged_rating(home):
    if sys.platform == "win32" or not hasattr(os, "fork"):
        pytest.skip("needs fork and SIGKILL")
    db, rids = _new_db(home)
    rng = random.Random(1202)
    expected: dict[tuple[str, int], int] = {}  # field -> op number of the last acknowledged change
    folds_seen = 0
    for round_no in range(20):
        picks = [(rng.choice(rids), rng.randint(1, N_SUGGESTIONS), round_no * 1000 + k) for k in range(40)]
        field = {op: (rid, n) for rid, n, op in picks}
        with ReviewStore(db, readonly=True) as s:
            folded_before = (s._folder.manifest.journal, dict(s._folder.manifest.folded))
        pid, pipe = kill_child.fork(_one_shot_loop, str(db), picks)
        want = rng.randint(0, 25)
        acked = 0
        in_flight: int | None = None

        def read(raw: bytes) -> None:
            nonlocal acked, in_flight
            word, _, rest = raw.decode().strip().partition(" ")
            assert word != "error", raw
            if word == "try":
                in_flight = int(rest)
            elif word == "ack":
                expected[field[int(rest)]] = int(rest)
                acked += 1
                in_flight = None

        while acked < want:
            raw = pipe.readline()
            if not raw:
                break
            read(raw)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        for raw in pipe.read().splitlines():
            read(raw)
        pipe.close()
        with ReviewStore(db, readonly=True) as s:
            folds_seen += (s._folder.manifest.journal, s._folder.manifest.folded) != folded_before
            if in_flight is not None:
                rid, number = field[in_flight]
                if s.get_review(rid, "loop").suggestions[number - 1].note == f"k{in_flight}":
                    expected[(rid, number)] = in_flight  # the change in flight was saved whole: it is there now
            for (rid, number), op in expected.items():
                sr = s.get_review(rid, "loop").suggestions[number - 1]
                assert (sr.note, sr.rating) == (f"k{op}", kill_child.RATINGS[op % 3]), (round_no, rid, number, op, sr)
    assert folds_seen >= 3  # kills landed in a journal being folded
    with ReviewStore(db) as s:
        assert s.check()["ok"]
