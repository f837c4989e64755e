"""A script's loop of `rate` calls: does each call cost the same at call 1 and call 600?

    python -m benchmarks.rate_loop --db DB [--db DB ...] --python PY [--python PY ...] [--calls 600]

Each (database, build) pair gets its own copy of DB (next to it, `<DB>.loop-<k>`, removed
at the end) and `--calls` calls of `python -m cppcc_review.tui.cli --db COPY rate ID K R`,
one suggestion each, of random replies; the builds' calls are interleaved call by call
(build A's call i, build B's call i, ...) with `python -c "import tinydb, yaml"` of the
first build between them, so load moves every column alike. Prints, per pair, the median
wall time of a window of calls around calls 1, 100, 300 and 600, the journal's size
there, and the reference's median. Each process is timed with os.wait4 (wall, and user +
system CPU, which moves less with the machine's load).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import time
from pathlib import Path

WINDOW = 10  # calls on each side of the call reported


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, user + system CPU) of one process, in seconds."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read() if proc.stderr else b""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def targets(python: str, db: str, count: int, seed: int) -> list[tuple[str, int]]:
    """`count` (reply id, suggestion number) picks, as a script would have them."""
    code = ("import sys, json\nfrom cppcc_review.store.db import ReviewStore\n"
            "with ReviewStore(sys.argv[1], readonly=True) as s:\n"
            "    print(json.dumps([[r.id, r.n_suggestions] for r in s.summaries(headings=False) if r.n_suggestions]))")
    import json

    rows = json.loads(subprocess.run([python, "-c", code, db], capture_output=True, check=True, text=True).stdout)
    rng = random.Random(seed)
    return [(rid, rng.randint(1, n)) for rid, n in (rng.choice(rows) for _ in range(count))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", action="append", required=True)
    ap.add_argument("--python", action="append", required=True, help="a build's python (first: the reference's)")
    ap.add_argument("--calls", type=int, default=600)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    at = [c for c in (1, 100, 300, 600) if c <= args.calls]
    for db in args.db:
        picks = targets(args.python[0], db, args.calls, args.seed)
        copies = []
        for k, _ in enumerate(args.python):
            copy = f"{db.rstrip('/')}.loop-{k}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(db, copy)
            copies.append(copy)
        times: list[list[tuple[float, float]]] = [[] for _ in args.python]
        sizes: list[list[int]] = [[] for _ in args.python]
        ref: list[tuple[float, float]] = []
        loads = [os.getloadavg()[0]]
        try:
            for i, (rid, number) in enumerate(picks):
                for k, python in enumerate(args.python):
                    rating = ("1", "2", "3")[(i + k) % 3]
                    times[k].append(timed([python, "-m", "cppcc_review.tui.cli", "--db", copies[k], "--reviewer", "loop",
                                           "rate", rid, str(number), rating]))
                    sizes[k].append(os.path.getsize(Path(copies[k]) / "reviews.journal"))
                ref.append(timed([args.python[0], "-c", "import tinydb, yaml"]))
                if i % 100 == 0:
                    loads.append(os.getloadavg()[0])
        finally:
            for copy in copies:
                shutil.rmtree(copy, ignore_errors=True)
        loads.append(os.getloadavg()[0])
        print(f"\n{db}: {args.calls} calls, load {min(loads):.1f}-{max(loads):.1f}; "
              f"reference `import tinydb, yaml` median {statistics.median(w for w, _ in ref) * 1000:.1f} ms "
              f"(CPU {statistics.median(c for _, c in ref) * 1000:.1f} ms)")
        print("| build | " + " | ".join(f"call {c}: wall (CPU), ms (journal KB)" for c in at)
              + " | all calls: median wall (CPU) / max wall, ms |")
        print("|---|" + "---:|" * (len(at) + 1))
        for k, python in enumerate(args.python):
            cells = []
            for c in at:
                lo, hi = max(0, c - 1 - WINDOW), min(len(times[k]), c + WINDOW)
                win = times[k][lo:hi]
                cells.append(f"{statistics.median(w for w, _ in win) * 1000:.1f} ({statistics.median(c for _, c in win) * 1000:.1f})"
                             f" ({sizes[k][c - 1] / 1024:.0f})")
            walls = [w for w, _ in times[k]]
            cells.append(f"{statistics.median(walls) * 1000:.1f} ({statistics.median(c for _, c in times[k]) * 1000:.1f})"
                         f" / {max(walls) * 1000:.1f}")
            print(f"| {python} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
