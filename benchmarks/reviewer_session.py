"""What a reviewer does most, on a large database, timed phase by phase (and profiled).

    python -m benchmarks.reviewer_session --db DB [--rounds 3] [--python PY ...] [--profile OUT]

Each round copies DB (e.g. an import of every real reply at hand, some rated by other
reviewers) and runs, headless at 120x40 (`run_test`, every key awaited to its frame), as
a new reviewer: the app to its inbox; the inbox paged (PgDn x10, PgUp x5); a search
(`/`, a word typed key by key, ↓, enter, enter opens the reply); 50 suggestions rated with
1 / 2 / 3 and enter (the suggested rating), `N` to the next reply that needs work when
one is all rated (the first time: back to the inbox, esc to clear the search, then `N`); a note written and saved (`n`, 6 characters, esc); undo (`u`); back to
the inbox (`q`) and the statistics screen (`t`, then `q`). Prints wall and CPU time per
phase (the median round) and per key. `--profile OUT` runs one round under pyinstrument
(it must be installed in that python) and writes its text report to OUT.
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

SEARCH = "养老"
NOTE = "需要再核实"


class _Phases:
    def __init__(self) -> None:
        self.out: dict[str, list[float]] = {}
        self._at = (time.perf_counter(), time.process_time())

    def mark(self, name: str, keys: int) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.out[name] = [wall - self._at[0], cpu - self._at[1], keys]
        self._at = (wall, cpu)


async def session(db: str) -> dict[str, list[float]]:
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.review_model import first_unrated
    from cppcc_review.tui.screens.review import ReviewScreen

    phases = _Phases()
    app = ReviewApp(db_path=db, reviewer="bench-session")
    async with app.run_test(size=(120, 40)) as pilot:

        async def press(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()

        await pilot.pause()
        phases.mark("start to inbox", 0)
        await press(*["pagedown"] * 10, *["pageup"] * 5)
        phases.mark("page the inbox", 15)
        await press("slash", *SEARCH)
        await pilot.pause(0.2)  # the full-text hits come from a worker thread
        await press("down", "enter", "enter")  # the first enter leaves the box for the list
        await pilot.pause(0.05)
        assert isinstance(app.screen, ReviewScreen), app.screen
        phases.mark("search, open a reply", len(SEARCH) + 4)
        rated = keys = 0
        searching = True
        while rated < 50:
            screen = app.screen
            view = screen.view
            if keys > 400:
                raise SystemExit(f"50 ratings not reached in 400 keys (at {rated}): {screen} {view and view.reply_id}")
            if view is None or view.total == 0 or first_unrated(view.review, view.total) is None:
                if searching:  # N goes round the search's hits: back, clear the search, N from the inbox
                    await press("q", "escape")
                    keys, searching = keys + 2, False
                await press("N")
                keys += 1
                continue
            await press(("1", "2", "3", "enter")[rated % 4])
            rated += 1
            keys += 1
        phases.mark("rate 50 suggestions", keys)
        await press("n", *NOTE, "escape")
        phases.mark("write a note", len(NOTE) + 2)
        await press("u")
        phases.mark("undo", 1)
        await press("q", "t")
        await pilot.pause(0.05)
        phases.mark("inbox, statistics", 2)
        await press("q")
        phases.mark("back", 1)
    return phases.out


def run_one(db: str, profile: str | None) -> None:
    from cppcc_review.store.db import ReviewStore

    with ReviewStore(db) as store:  # the journal folded, as an app left idle leaves it (not timed)
        store.fold_all()
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        out = asyncio.run(session(db))
        profiler.stop()
        with open(profile, "w", encoding="utf-8") as f:
            f.write(profiler.output_text(unicode=True, color=False, show_all=False))
    else:
        out = asyncio.run(session(db))
    print(json.dumps(out, ensure_ascii=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", action="append", default=None)
    ap.add_argument("--profile", default=None)
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.db, args.profile)
        return
    pythons = args.python or [sys.executable]
    samples: dict[str, list[dict[str, list[float]]]] = {p: [] for p in pythons}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp}
        for round_ in range(1 if args.profile else args.rounds):
            for python in pythons if round_ % 2 == 0 else list(reversed(pythons)):
                db = f"{tmp}/db-{round_}-{pythons.index(python)}"
                shutil.copytree(args.db, db)
                cmd = [python, "-m", "benchmarks.reviewer_session", "--one", "--db", db]
                if args.profile:
                    cmd += ["--profile", f"{args.profile}.{pythons.index(python)}.txt"]
                done = subprocess.run(cmd, env=env, capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr)
                samples[python].append(json.loads(done.stdout.strip().splitlines()[-1]))
                shutil.rmtree(db)
    print(f"\na reviewer's session on {args.db}, median of {len(next(iter(samples.values())))} rounds; "
          f"load {os.getloadavg()[0]:.2f}\n")
    print("| phase | keys | " + " | ".join(f"{p}: wall s / CPU s / CPU ms a key" for p in pythons) + " |")
    print("|---|---:|" + "---:|" * len(pythons))
    for phase in samples[pythons[0]][0]:
        cells = []
        for python in pythons:
            runs = [r[phase] for r in samples[python]]
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            keys = runs[0][2]
            cells.append(f"{wall:.2f} / {cpu:.2f} / {cpu / keys * 1000:.0f}" if keys else f"{wall:.2f} / {cpu:.2f} / -")
        print(f"| {phase} | {samples[pythons[0]][0][phase][2]:.0f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
