"""`cppcc-review rate` while a writer has the database open (issue 11: no wait, no refusal).

    python -m benchmarks.concurrent [--replies 1000] [--runs 15] [--marks 300]

Builds a database of N generated replies (every reply rated), then measures, interleaved:

* `rate` alone: wall time of `python -m cppcc_review.tui.cli rate ...` with nothing else open;
* `rate` while open: the same while another process holds the database open as the app
  does (a writer session that calls `refresh(wait=0)` once a second);
* the open writer's `set_rating` (the app's key-to-durable path: the call returns once
  its journal line is fsynced) while nothing else writes, and while `rate` processes run
  one after another;
* the cost of what a write now does first: take the folder's write lock and look for
  other writers' lines (`refresh`), alone.

Prints medians and p95 (ms); the machine is noisy, so compare figures of one run.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.stats import percentile

ROOT = Path(__file__).resolve().parents[1]

HOLDER = """
import sys, time, random, json
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
s = ReviewStore(sys.argv[1])
ids = [x.id for x in s.summaries()]
rng = random.Random(1)
print("ready", flush=True)
marks = []
next_poll = time.monotonic() + 1.0
for line in sys.stdin:
    word = line.strip()
    if word == "mark":
        rid = rng.choice(ids)
        t = time.perf_counter()
        s.set_rating(rid, "holder", 1, [Rating.ADOPTED, Rating.EXPLAINED][len(marks) % 2])
        marks.append((time.perf_counter() - t) * 1000)
        if time.monotonic() > next_poll:
            s.refresh(wait=0)
            next_poll = time.monotonic() + 1.0
        print("ok", flush=True)
    elif word == "report":
        print(json.dumps(marks), flush=True)
        marks = []
    else:
        break
s.close()
"""


def build(db: Path, n: int) -> list[str]:
    from benchmarks.generator import write_corpus
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths
    from cppcc_review.store.model import Rating

    corpus = db.parent / "corpus"
    write_corpus(corpus, n, seed=7)
    with ReviewStore(db) as s:
        import_paths(s, [corpus])
        ids = [x.id for x in s.summaries()]
        for rid in ids:
            s.set_rating(rid, "seed", 1, Rating.ADOPTED)
    return ids


def rate(db: Path, rid: str, k: int) -> float:
    t = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "cppcc_review.tui.cli", "--db", str(db), "rate", rid, "1", ["adopted", "explained"][k % 2],
         "--reviewer", "cli"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    elapsed = (time.perf_counter() - t) * 1000
    if result.returncode != 0:
        raise SystemExit(f"rate failed: {result.stderr.strip()}")
    return elapsed


def lock_and_refresh(db: Path, samples: int) -> list[float]:
    from cppcc_review.store.db import ReviewStore

    out = []
    with ReviewStore(db) as s:
        for _ in range(samples):
            t = time.perf_counter()
            with s._writing():
                pass
            out.append((time.perf_counter() - t) * 1000)
    return out


def summary(name: str, values: list[float]) -> str:
    return f"{name:<46} {percentile(values, 50):8.2f} {percentile(values, 95):8.2f} {len(values):6d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15, help="rate processes per condition")
    parser.add_argument("--marks", type=int, default=300, help="set_rating calls per condition")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cppcc-concurrent-") as tmp:
        db = Path(tmp) / "db"
        ids = build(db, args.replies)
        rng = random.Random(3)
        alone, while_open = [], []
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "ready"

        def ask(word: str) -> str:
            holder.stdin.write(word + "\n")
            holder.stdin.flush()
            return holder.stdout.readline().strip()

        quiet_marks: list[float] = []
        busy_marks: list[float] = []
        try:
            for k in range(args.runs):
                while_open.append(rate(db, rng.choice(ids), k))
            for _ in range(args.marks):
                ask("mark")
            quiet_marks = json.loads(ask("report"))
            stop = threading.Event()
            rates: list[float] = []

            def rate_loop() -> None:
                k = 0
                while not stop.is_set():
                    rates.append(rate(db, rng.choice(ids), k))
                    k += 1

            worker = threading.Thread(target=rate_loop)
            worker.start()
            for _ in range(args.marks):
                ask("mark")
                time.sleep(0.005)
            stop.set()
            worker.join()
            busy_marks = json.loads(ask("report"))
            while_open += rates
        finally:
            holder.stdin.write("close\n")
            holder.stdin.flush()
            holder.wait(timeout=60)
        for k in range(args.runs):
            alone.append(rate(db, rng.choice(ids), k))
        locking = lock_and_refresh(db, args.marks)
    print(f"cppcc-review rate with a writer open, {args.replies:,} replies (ms)")
    print(f"{'':<46} {'median':>8} {'p95':>8} {'n':>6}")
    print(summary("rate, nothing else open (process wall time)", alone))
    print(summary("rate, while a writer has it open", while_open))
    print(summary("open writer's set_rating, nobody else writing", quiet_marks))
    print(summary("open writer's set_rating, rate running meanwhile", busy_marks))
    print(summary("write lock + refresh alone (nothing new)", locking))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
