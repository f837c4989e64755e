"""A key pressed while the app folds the journal in a pause, build against build.

    python -m benchmarks.idle_fold [--replies 1000] [--ratings 1500] [--rounds 3] [--python PY ...]

The app folds a grown journal into the shards when the reviewer has paused (no key for 2 s:
cppcc_review.tui.store_poll), a little at each poll tick: 60-400 ms of a folder's fsyncs on a
busy disk. Until branch mendstui it folded on the app's own thread, and a key pressed then
waited for the fold; now it folds on a worker thread.

A database of `--replies` generated replies (benchmarks.generator) gets `--ratings` ratings of
random suggestions, each its own journal line, by a store that does not fold (as `rate` calls
or another window leave them). Each round copies it and opens the app headless at 120x40
(`run_test`) in a child process of each build, opens the first reply, and then, as long as the
tick folds (up to `--ticks`): the reviewer has paused, the poll's tick runs, and a `j` (or `k`)
arrives 10 ms after the tick began. Timed: the key's wait, from its arrival to the end of its
action (`action_move`: the next suggestion shown), and each fold (ReviewStore.maintain).
Prints per build the folds, the fold's median and slowest, and the key's median, p90 and slowest
wait, over every round; the reference: the same key at a tick with nothing left to fold (5 a round).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KEY_AFTER = 0.010  # seconds after the tick began that the key arrives


async def _session(db: str, ticks: int) -> dict[str, list[float]]:
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.config import Settings

    app = ReviewApp(db_path=db, reviewer="bench-idle", settings=Settings(auto_advance=False), remember_place=False)
    folds: list[float] = []
    waits: list[float] = []
    quiet: list[float] = []  # the same key at a tick with nothing to fold: the reference
    async with app.run_test(size=(120, 40)) as pilot:
        store = app.context.store
        maintain = store.maintain

        def timed_maintain(*args: Any, **kwargs: Any) -> bool:
            started = time.perf_counter()
            done = maintain(*args, **kwargs)
            if done:
                folds.append(time.perf_counter() - started)
            return done

        store.maintain = timed_maintain  # type: ignore[method-assign]
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        answered: list[float] = []
        move = screen.action_move

        def timed_move(delta: int) -> None:
            move(delta)
            answered.append(time.perf_counter())

        screen.action_move = timed_move  # type: ignore[method-assign]
        for n in range(ticks + 5):
            before = len(folds)
            app.context.status.last_key_at = time.monotonic() - 60  # the reviewer has paused
            began = time.perf_counter()
            app.notice_store_changes()  # the poll's tick (on the app's thread, as its timer runs it)
            arrives = began + KEY_AFTER
            if (left := arrives - time.perf_counter()) > 0:
                await asyncio.sleep(left)
            await pilot.press("j" if n % 2 == 0 else "k")
            await app.workers.wait_for_complete()
            await pilot.pause()
            (waits if len(folds) > before else quiet).append(answered[-1] - arrives)
            if len(quiet) >= 5:  # nothing has been due for 5 ticks: the journal is folded
                break
    return {"folds": folds, "waits": waits, "quiet": quiet}


def _make_db(db: Path, replies: int, ratings: int, tmp: Path) -> int:
    from benchmarks.generator import write_corpus
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths
    from cppcc_review.store.model import Rating

    corpus = tmp / "corpus"
    write_corpus(corpus, replies)
    with ReviewStore(db) as store:
        import_paths(store, [corpus])
    rng = random.Random(7)
    with ReviewStore(db, fold_on_write=False) as store:
        ids = [s.id for s in store.summaries()]
        for _ in range(ratings):
            rid = rng.choice(ids)
            total = len(store.suggestion_ranges(rid))
            if total:
                store.set_rating(rid, rng.choice(("alice", "bob")), rng.randint(1, total), rng.choice(list(Rating)))
    shutil.rmtree(corpus)
    return (db / "reviews.journal").stat().st_size


def _pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replies", type=int, default=1000)
    ap.add_argument("--ratings", type=int, default=1500)
    ap.add_argument("--ticks", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", action="append", default=None)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_session(args.one, args.ticks))))
        return
    pythons = args.python or [sys.executable]
    samples: dict[str, dict[str, list[float]]] = {p: {"folds": [], "waits": [], "quiet": []} for p in pythons}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        template = tmp / "template"
        journal = _make_db(template, args.replies, args.ratings, tmp)
        env = {**os.environ, "HOME": scratch}
        for round_ in range(args.rounds):
            for python in pythons if round_ % 2 == 0 else list(reversed(pythons)):
                db = tmp / f"db-{round_}-{pythons.index(python)}"
                shutil.copytree(template, db)
                done = subprocess.run([python, "-m", "benchmarks.idle_fold", "--one", str(db), "--ticks", str(args.ticks)],
                                      env=env, capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr)
                got = json.loads(done.stdout.strip().splitlines()[-1])
                for key in ("folds", "waits", "quiet"):
                    samples[python][key].extend(got[key])
                shutil.rmtree(db)
    print(f"\na key during the idle fold: {args.replies} replies, journal {journal / 1e3:.0f} KB "
          f"({args.ratings} ratings), {args.rounds} rounds; load {os.getloadavg()[0]:.2f}\n")
    print("| build | folds | fold median (ms) | slowest fold (ms) | key's wait median (ms) | p90 (ms) | slowest (ms) "
          "| nothing to fold: median (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for python, got in samples.items():
        folds, waits, quiet = got["folds"], got["waits"], got["quiet"]
        if not folds or not waits or not quiet:
            print(f"| {python} | {len(folds)} | | | | | | |")
            continue
        print(f"| {python} | {len(folds)} | {statistics.median(folds) * 1000:.0f} | {max(folds) * 1000:.0f} "
              f"| {statistics.median(waits) * 1000:.1f} | {_pct(waits, 0.9) * 1000:.1f} | {max(waits) * 1000:.0f} "
              f"| {statistics.median(quiet) * 1000:.1f} |")


if __name__ == "__main__":
    main()
