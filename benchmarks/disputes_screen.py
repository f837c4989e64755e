"""The disputes screen at scale (QA round 15, item 6), build against build.

    python -m benchmarks.disputes_screen --db DB [--rounds 3] [--build NAME=PYTHONPATH ...]

DB: a database whose reviewers disagree often (QA round 15: 2,839 replies, two reviewers who rated
every suggestion, 3,117 disputes); `--make DB` builds one from the fixtures and
benchmarks.generator's letters (`--replies N`, default 2,400) with two reviewers' random ratings,
every third one differing. A build is NAME=PYTHONPATH (a folder holding a `cppcc_review` package,
e.g. `git archive main` unpacked with store/, tui/ and fixtures/ linked as cppcc_review/store, tui
and samples) or NAME= for this checkout. Each run copies DB, opens the app headless at 120x40
(`run_test`) and times, wall, from the key to the screen being idle again (`pilot.pause()` after
the key, and for `D` until the list is shown): `D` (the list shown), 5 x `j` and `k` (each; the
median), `3` (settle, then next), `0` (clear), `G` (last), `PageUp`. A key the build does not bind
costs its dispatch only (marked "(no such key)").
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

KEYS = ("D", "j", "k", "3", "0", "G", "pageup")


async def _session(db: str) -> dict[str, float]:
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.disputes import DisputesScreen

    app = ReviewApp(db_path=db, reviewer="裁定人", offer_demo=False)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        t0 = time.perf_counter()
        await pilot.press("D")
        await pilot.pause()
        while not (isinstance(app.screen, DisputesScreen) and getattr(app.screen, "loaded", True) and app.screen.items):
            await pilot.pause(0.005)
        out["D (list shown)"] = time.perf_counter() - t0
        out["disputes"] = len(app.screen.items)
        for key in ("j", "k"):
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.perf_counter() - t0)
            out[f"{key} (median of 5)"] = statistics.median(times)
        for key, label in (("3", "3 (settle)"), ("0", "0 (clear)"), ("G", "G (last)"), ("pageup", "PageUp")):
            before = app.screen.cursor
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            out[label] = time.perf_counter() - t0
            if key in ("G", "pageup") and app.screen.cursor == before:
                out[label + " (no such key)"] = 1.0
    return out


def make(db: str, replies: int) -> None:
    """A database of the fixtures and `replies` generated letters, two reviewers rating every suggestion
    at random, the second changing every third rating of the first."""
    from benchmarks.generator import write_corpus
    from cppcc_review.samples import FIXTURES_DIR
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths
    from cppcc_review.store.model import Rating

    rng = random.Random(15)
    ratings = list(Rating)
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(tmp, replies)
        with ReviewStore(db) as store:
            import_paths(store, [tmp, FIXTURES_DIR])
            with store.batch():
                for n, summary in enumerate(store.summaries()):
                    for index in range(1, summary.n_suggestions + 1):
                        first = rng.choice(ratings)
                        second = rng.choice([r for r in ratings if r != first]) if (n + index) % 3 == 0 else first
                        store.set_rating(summary.id, "李审阅", index, first)
                        store.set_rating(summary.id, "王审阅", index, second)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db")
    ap.add_argument("--make", metavar="DB")
    ap.add_argument("--replies", type=int, default=2400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--build", action="append", default=[], help="NAME=PYTHONPATH (empty: this checkout)")
    ap.add_argument("--one", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_session(args.one))))
        return
    if args.make:
        make(args.make, args.replies)
        print(f"made {args.make}")
        return
    builds = [b.split("=", 1) for b in args.build] or [["this", ""]]
    samples: dict[str, list[dict[str, float]]] = {name: [] for name, _ in builds}
    for round_ in range(args.rounds):
        for name, path in builds if round_ % 2 == 0 else list(reversed(builds)):
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copytree(args.db, f"{tmp}/db")
                env = {**os.environ, "HOME": tmp, "XDG_STATE_HOME": f"{tmp}/state", "CPPCC_REVIEW_CONFIG": f"{tmp}/c.toml"}
                if path:
                    env["PYTHONPATH"] = path
                done = subprocess.run([sys.executable, "-m", "benchmarks.disputes_screen", "--one", f"{tmp}/db"],
                                      env=env, capture_output=True, text=True, check=True)
                samples[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    labels = [k for k in samples[builds[0][0]][0] if k != "disputes"]
    print(f"disputes: {samples[builds[0][0]][0]['disputes']:.0f}; seconds, median of {args.rounds} rounds")
    print("| key | " + " | ".join(name for name, _ in builds) + " |")
    print("|---|" + "---|" * len(builds))
    for label in labels:
        if label.endswith("(no such key)"):
            continue
        cells = []
        for name, _ in builds:
            values = [s[label] for s in samples[name] if label in s]
            unbound = any(label + " (no such key)" in s for s in samples[name])
            cells.append(f"{statistics.median(values):.3f}" + (" (no such key)" if unbound else ""))
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
