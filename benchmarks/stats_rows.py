"""Opening the statistics screen with many rows (100, 1,000, 5,000 groups), build against build.

    python -m benchmarks.stats_rows [--rows 100,1000,5000] [--rounds 3] [--python PY ...]

Each run opens the app headless at 120x40 (`run_test`) on a scratch database of one reply,
with the statistics' figures (`stats_report`) replaced by N synthetic groups (proposers'
names of 3-12 characters, random counts, so the figures cost nothing and only the table is
measured), and times, wall and CPU: `t` (the statistics, to its frame), `G` (to the last
row, the total), 10 x PgUp. Prints the median round per build and size.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

NAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"


async def _session(db: str, rows: int) -> dict[str, float]:
    from cppcc_review.store.stats import GroupStats
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens import stats as stats_screen

    rng = random.Random(rows)
    groups = []
    for i in range(rows):
        name = "".join(rng.choice(NAMES) for _ in range(rng.randint(2, 4))) + f"委员{i}" + "（民建）" * (i % 2)
        n = rng.randint(1, 40)
        a, p = rng.randint(0, n), rng.randint(0, n)
        groups.append(GroupStats(name, replies=rng.randint(1, 9), suggestions=n, adopted=min(a, n),
                                 partially_adopted=min(p, n - min(a, n)), to_review=rng.randint(0, n)))
    overall = GroupStats("合计", replies=sum(g.replies for g in groups), suggestions=sum(g.suggestions for g in groups))
    stats_screen.stats_report = lambda store, by: (groups, overall)  # type: ignore[assignment]
    app = ReviewApp(db_path=db, reviewer="bench", offer_demo=False)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        for label, keys in (("open (t)", ["t"]), ("last row (G)", ["G"]), ("10 x PgUp", ["pageup"] * 10)):
            wall, cpu = time.perf_counter(), time.process_time()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            out[label] = time.perf_counter() - wall
            out[label + " cpu"] = time.process_time() - cpu
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="100,1000,5000")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", action="append", default=None)
    ap.add_argument("--one", nargs=2, metavar=("DB", "ROWS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_session(args.one[0], int(args.one[1])))))
        return
    pythons = args.python or [sys.executable]
    sizes = [int(n) for n in args.rows.split(",")]
    samples: dict[tuple[str, int], list[dict[str, float]]] = {(p, n): [] for p in pythons for n in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp}
        letter = f"{tmp}/one.txt"
        with open(letter, "w", encoding="utf-8") as f:
            f.write("沪测提复〔2025〕1号\n某委员:\n你提出的“关于一件事的提案”收悉。现答复如下:\n一、关于第一点\n已经办理。\n"
                    "上海市某局\n2025年7月10日\n")
        subprocess.run([pythons[0], "-m", "cppcc_review.tui.cli", "--db", f"{tmp}/db", "import", letter],
                       check=True, env=env, capture_output=True)
        for round_ in range(args.rounds):
            for n in sizes:
                for python in pythons if round_ % 2 == 0 else list(reversed(pythons)):
                    done = subprocess.run([python, "-m", "benchmarks.stats_rows", "--one", f"{tmp}/db", str(n)],
                                          env=env, capture_output=True, text=True)
                    if done.returncode:
                        raise SystemExit(done.stderr)
                    samples[(python, n)].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\nthe statistics screen at 120x40, median of {args.rounds} rounds, wall s (CPU s); "
          f"load {os.getloadavg()[0]:.2f}\n")
    labels = [k for k in next(iter(samples.values()))[0] if not k.endswith(" cpu")]
    print("| build | rows | " + " | ".join(labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for (python, n), runs in samples.items():
        cells = [f"{statistics.median(r[k] for r in runs):.2f} ({statistics.median(r[k + ' cpu'] for r in runs):.2f})"
                 for k in labels]
        print(f"| {python} | {n:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
