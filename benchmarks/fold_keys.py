"""How long a rating key takes in the app when the reviews journal is long (after a bulk
write: an import of ratings, a merge's import, many `rate` calls), build against build.

    python -m benchmarks.fold_keys --db DB [--keys 30] [--rounds 3] [--python PY ...]

DB is a database whose journal is long (e.g. an import of real replies, then
`cppcc-review import-ratings` of three reviewers' exports by a build that does not fold at
the batch's end: ~3.4 MB on 931 replies). Each round copies it and opens the app headless
at 120x40 (`run_test`) as a new reviewer, opens the first reply and presses `--keys`
rating keys (1 / 2 / 3 / 0, auto-advance off) one at a time, each awaited to its frame,
with the app's once-a-second poll running as usual. It times every key's action (the
rating's handler: the write, and a fold if the build folds there) and every poll tick
(`notice_store_changes`: a fold the poll makes runs on the same thread, so it freezes
the screen as well), and counts the manifest's commits (folds) during the keys. Prints,
per build, the median round's first key, median key, slowest key, slowest poll tick
and folds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


async def _session(db: str, keys: int) -> dict[str, float]:
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.config import Settings

    manifest = Path(db) / "manifest.json"
    app = ReviewApp(db_path=db, reviewer="bench-fold", settings=Settings(auto_advance=False))
    ticks: list[float] = []
    real_tick = app.notice_store_changes

    def timed_tick() -> None:
        started = time.perf_counter()
        real_tick()
        ticks.append(time.perf_counter() - started)

    app.notice_store_changes = timed_tick  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        durations: list[float] = []
        original = screen.action_rate

        def timed(*args, _original=original):
            started = time.perf_counter()
            _original(*args)
            durations.append(time.perf_counter() - started)

        screen.action_rate = timed
        ticks.clear()
        before = manifest.stat().st_mtime_ns, manifest.read_bytes()
        folds = 0
        for i in range(keys):
            await pilot.press(("1", "2", "3", "0")[i % 4])
            await pilot.pause()
            now = manifest.stat().st_mtime_ns, manifest.read_bytes()
            folds += now != before
            before = now
    return {"first": durations[0], "median": statistics.median(durations), "max": max(durations),
            "tick_max": max(ticks, default=0.0), "folds": folds, "keys": len(durations)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--keys", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", action="append", default=None)
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_session(args.db, args.keys))))
        return
    pythons = args.python or [sys.executable]
    samples: dict[str, list[dict[str, float]]] = {p: [] for p in pythons}
    journal = (Path(args.db) / "reviews.journal").stat().st_size
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp}
        for round_ in range(args.rounds):
            for python in pythons if round_ % 2 == 0 else list(reversed(pythons)):
                db = f"{tmp}/db-{round_}-{pythons.index(python)}"
                shutil.copytree(args.db, db)
                done = subprocess.run([python, "-m", "benchmarks.fold_keys", "--one", "--db", db, "--keys", str(args.keys)],
                                      env=env, capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr)
                samples[python].append(json.loads(done.stdout.strip().splitlines()[-1]))
                shutil.rmtree(db)
    print(f"\nrating keys on {args.db} (journal {journal / 1e6:.1f} MB), {args.keys} keys a round, "
          f"median of {args.rounds} rounds; load {os.getloadavg()[0]:.2f}\n")
    print("| build | first key (ms) | median key (ms) | slowest key (ms) | slowest poll tick (ms) | folds during the keys |")
    print("|---|---:|---:|---:|---:|---:|")
    for python, runs in samples.items():
        def med(key: str, runs: list = runs) -> float:
            return statistics.median(r[key] for r in runs)
        print(f"| {python} | {med('first') * 1000:.0f} | {med('median') * 1000:.1f} | {med('max') * 1000:.0f} "
              f"| {med('tick_max') * 1000:.0f} | {med('folds'):.0f} |")


if __name__ == "__main__":
    main()
