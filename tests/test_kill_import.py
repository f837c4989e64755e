"""An import killed with SIGKILL at random moments leaves a database of whole replies."""

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from tests.helpers.texts import reply_text, write_replies

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 10

CHILD = """
import sys
import cppcc_review.store.importer, cppcc_review.store.reply_import
# Small batches and index folds, so that kills also land in folds of the index.
cppcc_review.store.reply_import.INDEX_FOLD_BYTES = 8 * 1024
cppcc_review.store.reply_import.INDEX_SHARE = 0.5
cppcc_review.store.importer.BATCH = 10
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
s = ReviewStore(sys.argv[1], lock_timeout=10)
print("go", flush=True)
summary = import_paths(s, [sys.argv[2]], on_progress=lambda done, total: print(done, flush=True))
s.close()
print("done", summary.imported, summary.updated, summary.unchanged, len(summary.failed), flush=True)
"""


def verify(db: Path) -> int:
    with ReviewStore(db, lock_timeout=5) as s:
        for summary in s.summaries():
            reply = s.get_reply(summary.id)
            assert reply.text.endswith("2025年7月10日\n") or reply.text.endswith("2025年7月10日")
            assert len(reply.suggestions) >= 3
        report = s.check()
        # A kill between a batch's texts and its journal line leaves a pack nobody names
        # (an orphan: harmless); nothing else.
        assert report["problems"] == [], report["problems"]
        return len(s)


@pytest.mark.slow
def test_killed_import_leaves_whole_replies(tmp_path):
    rng = random.Random(20251128)
    src = tmp_path / "src"
    paths = write_replies(src, 60)
    db = tmp_path / "db"
    kills = 0
    for round_no in range(ROUNDS):
        for path in rng.sample(paths, 8):  # some replies change text between rounds
            n = int(path.stem.split("_")[1])
            path.write_text(reply_text(n, suggestions=3 + n % 4, extra=f"(第{round_no}轮修订)"), encoding="utf-8")
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(src)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        try:
            assert child.stdout.readline().strip() == "go"
            # Let a random number of files through, then kill at once.
            for _ in range(rng.randint(0, 59)):
                if not child.stdout.readline():
                    break
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                kills += 1
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        verify(db)
    assert kills >= ROUNDS - 1
    # A final import without a kill completes the database.
    result = subprocess.run([sys.executable, "-c", CHILD, str(db), str(src)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert verify(db) == 60
    with ReviewStore(db) as s:
        assert s.check()["ok"]
