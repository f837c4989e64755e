"""Keys per second on the review screen of a reply of many suggestions, narrow and wide.

    python -m benchmarks.narrow_keys [--suggestions 40] [--keys 300] [--rounds 3] [--python PY ...]

Writes a reply of `--suggestions` numbered suggestions (synthetic text), imports it into a
scratch database, opens it headless (`run_test`) at 80x24 and at 140x42 and, per round,
sends `--keys` keys of `j` down the suggestions and back with `k` (each a new suggestion
shown), then the same number of rating keys `1` / `2` / `3` with auto-advance off (each a
durable change: 1, 0 (clear), 2, 0, 3, 0 ...), each as a burst: every key queued at once, as from a key held down, and
timed until the screen's action for the last one has returned (Textual paints frames
between keys when it has time; `pilot.press` would add its own waits of ~90 ms a key).
Prints keys per second (the median round), the process's CPU time per key (steadier
than the wall clock on a busy machine) and how many times the rating bar was built
per key (`review_texts.rating_bar_text` counted). With several `--python` the builds run
one after the other per round, alternating who goes first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "") if n >= 10 else _DIGITS[n]


def reply_text(n: int) -> str:
    sections = []
    for i in range(1, n + 1):
        sections.append(f"{_cn(i)}、关于完善第{i}项社区服务的建议\n"
                        f"我局已于2024年在{i * 3}个街道开展试点，累计投入资金{i * 12}万元。下一步，"
                        f"一是在2026年底前将试点扩大到{i * 5}个街道；二是每季度通报进展；三是建立群众评价机制。")
    return (f"关于对市政协十四届二次会议第0{n:03d}号提案的答复\n办理结果:解决采纳\n沪民提复〔2025〕{900 + n}号\n某某委员:\n"
            "你提出的“关于完善社区服务的提案”收悉，现答复如下:\n"
            + "\n".join(sections) + "\n感谢你对本市民政工作的关心和支持。\n上海市民政局\n2025-06-30\n")


def _after(moves: list[str], total: int) -> int:
    index = 1
    for key in moves:
        index = min(total, index + 1) if key == "j" else max(1, index - 1)
    return index


async def _session(db: str, size: tuple[int, int], keys: int) -> dict[str, float]:
    from textual import events

    from cppcc_review.tui import review_texts
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.config import Settings

    builds = [0]
    real = review_texts.rating_bar_text

    def counted(*args, **kwargs):
        builds[0] += 1
        return real(*args, **kwargs)

    review_texts.rating_bar_text = counted
    app = ReviewApp(db_path=db, reviewer="bench", settings=Settings(auto_advance=False))
    out: dict[str, float] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.3)
        screen = app.screen
        total = len(screen.reply.suggestions)
        handled, last = [0], [0.0, 0.0]
        for action in ("action_move", "action_rate"):
            original = getattr(screen, action)

            def timed(*args, _original=original):
                _original(*args)
                handled[0] += 1
                last[:] = [time.perf_counter(), time.process_time()]

            setattr(screen, action, timed)
        moves = [("j" if (i // (total - 1)) % 2 == 0 else "k") for i in range(keys)]
        for label, sequence in (("move", moves), ("rate", [("1", "0", "2", "0", "3", "0")[i % 6] for i in range(keys)])):
            await pilot.pause(0.2)
            builds[0] = 0
            started, cpu = time.perf_counter(), time.process_time()
            for key in sequence:  # a burst, as from a key held down: each queued at once
                event = events.Key(key, key)
                event.set_sender(app)
                app._driver.send_message(event)
            while handled[0] < keys:  # until the last key's action has returned
                await asyncio.sleep(0.0005)
            out[label] = keys / (last[0] - started)
            out[label + "_cpu"] = (last[1] - cpu) / keys * 1000
            handled[0] = 0
            out[label + "_builds"] = builds[0] / keys
            # every key was handled: j/k end where they should, the last rating is on disk
            assert label != "move" or screen.index == _after(moves, total), (screen.index, _after(moves, total))
    review_texts.rating_bar_text = real
    return out


def run_one(db: str, keys: int) -> None:
    result = {}
    for size in ((80, 24), (140, 42)):
        result[f"{size[0]}x{size[1]}"] = asyncio.run(_session(db, size, keys))
    print(json.dumps(result))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suggestions", type=int, default=40)
    ap.add_argument("--keys", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", action="append", default=None)
    ap.add_argument("--one", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.keys)
        return
    pythons = args.python or [sys.executable]
    with tempfile.TemporaryDirectory() as tmp:
        letter = Path(tmp) / "many.txt"
        letter.write_text(reply_text(args.suggestions), encoding="utf-8")
        env = {**os.environ, "HOME": tmp}
        subprocess.run([pythons[0], "-m", "cppcc_review.tui.cli", "import", str(letter), "--db", f"{tmp}/db"],
                       check=True, env=env, capture_output=True)
        samples: dict[str, list[dict[str, dict[str, float]]]] = {p: [] for p in pythons}
        for round_ in range(args.rounds):
            for python in pythons if round_ % 2 == 0 else list(reversed(pythons)):
                db = f"{tmp}/db-{round_}-{pythons.index(python)}"
                subprocess.run(["cp", "-r", f"{tmp}/db", db], check=True)
                done = subprocess.run([python, "-m", "benchmarks.narrow_keys", "--one", db, "--keys", str(args.keys)],
                                      check=True, env=env, capture_output=True, text=True)
                samples[python].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\nreview screen, a reply of {args.suggestions} suggestions, {args.keys} keys per figure, "
          f"median of {args.rounds} rounds; load {os.getloadavg()[0]:.2f}\n")
    print("| build | size | j/k keys/s | CPU ms per j/k | bar builds per j/k | rating keys/s | CPU ms per rating "
          "| bar builds per rating |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for python, runs in samples.items():
        for size in runs[0]:
            def med(key: str, size: str = size, runs: list = runs) -> float:
                return statistics.median(r[size][key] for r in runs)
            print(f"| {python} | {size} | {med('move'):.0f} | {med('move_cpu'):.1f} | {med('move_builds'):.2f} "
                  f"| {med('rate'):.0f} | {med('rate_cpu'):.1f} | {med('rate_builds'):.2f} |")


if __name__ == "__main__":
    main()
