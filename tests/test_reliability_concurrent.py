"""Readers and writers at the same time (issue 14 #8, #9; issue 11: the command line
writes while the app is open).

* a reader that opens while a writer compacts sees every change acknowledged before it
  opened (it used to read the old reviews.json and then the emptied journal);
* two writers on one database (the app and `cppcc-review rate`): each change goes
  through at once, each sees the other's, and neither's close wipes the other's change,
  even with the lock file deleted under them;
* symlinked lock and journal files are refused (a link could point two databases at one
  journal, or a lock anywhere).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import StoreError
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli
from tests.helpers.files import digest
from tests.helpers.replies import make_reply

ROOT = Path(__file__).resolve().parents[1]




def new_db(tmp_path: Path, n: int = 4) -> tuple[Path, str]:
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=n))
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    return db, rid


def test_a_reader_opening_during_compaction_sees_every_acknowledged_change(tmp_path):
    """The reader has read the manifest and the journal when a writer folds every change
    into the shards and starts the journal again; what it then reads must still give the
    changes (it notices the new manifest and reads the new shards and journal)."""
    db, rid = new_db(tmp_path)
    writer = ReviewStore(db)
    for i in range(2, 5):
        writer.set_rating(rid, "alice", i, Rating.EXPLAINED, note=f"第{i}条")  # acknowledged
    expected = writer.get_review(rid, "alice")
    with ReviewStore(db, readonly=True) as reader:
        read = reader._jstore.journal_lines
        assert read >= 3  # the changes are in the journal it read, not in the shards yet
        writer.fold_all()  # every change into the shards; a new, empty journal
        writer.close()
        assert reader._jstore.journal_lines == read
        seen = reader.get_review(rid, "alice")
        assert reader._jstore.journal_lines == 0  # it read the new journal
    assert seen == expected


HOLDER = """
import sys
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
s = ReviewStore(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    words = line.split()
    if words[0] == "rate":
        s.set_rating(sys.argv[2], "holder", int(words[1]), Rating.EXPLAINED)
        print("ok", flush=True)
    elif words[0] == "look":
        getattr(s, "refresh", lambda: None)()
        r = s.get_review(sys.argv[2], words[1])
        print(",".join(sr.rating.value if sr.rating else "-" for sr in r.suggestions), flush=True)
    else:
        break
s.close()
print("closed", flush=True)
"""


def cli(*argv) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", *map(str, argv)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    return result, time.monotonic() - start


def ask(holder, line: str) -> str:
    holder.stdin.write(line + "\n")
    holder.stdin.flush()
    return holder.stdout.readline().strip()


@pytest.mark.parametrize("lock_deleted", [False, True], ids=["lock-kept", "lock-deleted"])
def test_two_writers_each_go_through_and_keep_each_others_changes(tmp_path, lock_deleted):
    db, rid = new_db(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), rid], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert ask(holder, "rate 2") == "ok"
        if lock_deleted:
            (db / "lock").unlink()
        result, _ = cli("--db", db, "rate", rid, 3, "adopted", "--note", "from the cli", "--reviewer", "cli")
        # exit 0: no wait for the other writer (one that waited for a holder that never lets go
        # would have been refused after the lock's 3 s; no wall-clock bound, which a cold start
        # under load can pass)
        assert result.returncode == 0, result.stderr
        # The open writer sees the command line's change, and its own next change keeps it.
        assert ask(holder, "look cli") == "-,-,adopted,-"
        assert ask(holder, "rate 4") == "ok"
        assert ask(holder, "close") == "closed"  # compacts: must not wipe the cli's change
        holder.wait(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    with ReviewStore(db, readonly=True) as r:
        assert [sr.rating for sr in r.get_review(rid, "holder").suggestions] == [None, Rating.EXPLAINED, None, Rating.EXPLAINED]
        cli_review = r.get_review(rid, "cli")
        assert cli_review.suggestions[2].rating is Rating.ADOPTED and cli_review.suggestions[2].note == "from the cli"
        assert r.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
        assert r.check()["ok"]


@pytest.mark.parametrize("name", ["lock", "reviews.journal", "meta.json"])
def test_a_symlinked_lock_or_journal_is_refused(tmp_path, capsys, name):
    db, rid = new_db(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    target = db / name
    if target.exists():
        os.replace(target, elsewhere)
    else:
        elsewhere.write_bytes(b"")
    os.symlink(elsewhere, target)
    before = digest(db)
    outside = elsewhere.read_bytes()
    with pytest.raises(StoreError) as info:
        ReviewStore(db).close()
    assert str(target) in str(info.value) and "symbolic link" in str(info.value), info.value
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 2, "adopted", "--reviewer", "alice", "--lang", "en")
    assert code == 1 and "symbolic link" in err and len(err.strip().splitlines()) == 1, err
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 2, "adopted", "--reviewer", "alice")  # (Chinese: clizh)
    assert code == 1 and f"{target}：这是一个符号链接；" in err and len(err.strip().splitlines()) == 1, err
    assert digest(db) == before and elsewhere.read_bytes() == outside
