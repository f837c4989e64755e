"""A reply with one huge suggestion: what its reading aids cost, and whether keys wait for them.

    python -m benchmarks.large_reply [--sizes 0.01,1,5] [--python PY ...]

For each size (MB of UTF-8 text), writes a reply of three suggestions whose last one carries
that much text on one line (the reader accepts a one-line letter of any length), imports it
into a scratch database (`cppcc-review import`) and, in fresh processes (one for each of the
two parts) per size and build:

  - through the app's path (`ReviewStore.get_reply`, `tui.aids.ReadingAids` with the default
    settings): the time of `findings(reply)` and of `hint(reply, s)` for the largest
    suggestion after it (they share the reading of its text: store.aids.signals), each the
    first call of the process (the first reply's includes ~0.2 s of imports);
  - in the app (`run_test`, 120x40): `enter` on the inbox row, then `j` `k` sent at once as
    soon as the review screen is pushed, as typed ahead; from `enter`: the reply's screen
    shown (`load_reply` returned) and the findings and hints shown (at once with the screen
    before branch fixk; after it, when the reading aids' worker has delivered them); from the
    moment `j` `k` were sent: `j` answered and `k` answered (their actions returned);
  - then, on the same screen, `j` `j` typed at once onto the large suggestion (before its aids
    are in, for the 1 and 5 MB replies): the time the second `j`'s action took, until the
    body's first line is painted, and until a `k` sent right after it is answered; then,
    still on the large suggestion, the time the app's thread spends drawing the aids when
    they arrive (`AidsReader.arrived`, the text shown again with its highlights; nan when they
    were in before the keys reached it);
  - meanwhile, until all the aids are in, `k` and `j` typed in turn 50 ms apart: how many, and
    the slowest one's wait from being sent to its action's return; and from `enter`, when the
    first of the aids was shown (all of them before branch aidsgil; since, the shown suggestion's
    hint, read first by the aids' child process).

`--paragraphs`: the large suggestion as paragraphs of one sentence each (~77,000 at 10 MB), not
one line.

With several `--python` the builds run one after the other per size. Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.narrow_keys import reply_text

FILLER = "我局认真研究了你提出的建议，已会同有关部门在2025年开展专项行动，投入资金300万元。"
MARK = "三是建立群众评价机制。"


#: paragraphs of the large suggestion at most (`--paragraphs`): the reader takes 20,000 lines a reply
PARAGRAPHS = 19_000


def letter(megabytes: float, paragraphs: bool = False) -> str:
    """A reply of three suggestions, the last one about `megabytes` MB long: one line, or with
    `paragraphs` as many short paragraphs as the reader takes (a sentence each up to PARAGRAPHS
    sentences, then a few: 7,700 paragraphs at 1 MB, 15,400 at 10 MB)."""
    text = reply_text(3)
    repeat = max(0, int(megabytes * 1e6 / len(FILLER.encode())) - 1)
    at = text.rindex(MARK) + len(MARK)
    if not paragraphs:
        return text[:at] + FILLER * repeat + text[at:]
    per = max(1, -(-repeat // PARAGRAPHS))  # sentences a paragraph
    return text[:at] + "".join("\n" + FILLER * per for _ in range(repeat // per)) + text[at:]


def _aids(db: str) -> dict[str, float]:
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.aids import ReadingAids
    from cppcc_review.tui.config import Settings

    out: dict[str, float] = {}
    with ReviewStore(db, readonly=True) as store:
        reply = store.get_reply(store.summaries()[0].id)
        aids = ReadingAids("zh", Settings(), store, "bench")
        largest = max(reply.suggestions, key=lambda s: len(s.text))
        started = time.perf_counter()
        aids.findings(reply)
        out["findings"] = time.perf_counter() - started
        started = time.perf_counter()
        aids.hint(reply, largest)
        out["hint"] = time.perf_counter() - started
        out["chars"] = len(reply.text)
    return out


async def _app(db: str) -> dict[str, float]:
    from textual import events

    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.review import ReviewScreen
    from cppcc_review.tui.screens.review_reading import AidsReader
    from cppcc_review.tui.widgets.suggestion_body import SuggestionBody

    marks: dict[str, float] = {}
    moves: list[tuple[float, float, int]] = []  # (started, returned, index after) of each move
    loaded, moved = ReviewScreen.load_reply, ReviewScreen.action_move
    arrived, painted = AidsReader.arrived, SuggestionBody.render_line

    def load_reply(self, *args, **kwargs):
        loaded(self, *args, **kwargs)
        marks.setdefault("shown", time.perf_counter())

    def action_move(self, delta):
        begun = time.perf_counter()
        moved(self, delta)
        moves.append((begun, time.perf_counter(), self.index))
        marks.setdefault("j" if delta > 0 else "k", time.perf_counter())

    def on_arrival(self, *args, **kwargs):
        begun = time.perf_counter()
        marks.setdefault("first_aids", begun)
        arrived(self, *args, **kwargs)
        if self.screen.index == 3:  # drawn on the large suggestion (not before the keys got there): the slowest piece
            marks["arrived_cost"] = max(marks.get("arrived_cost", 0.0), time.perf_counter() - begun)

    def render_line(self, y):
        strip = painted(self, y)
        if "onto" in marks and getattr(self.screen, "index", 0) == 3:  # a line of the large suggestion
            marks.setdefault("painted", time.perf_counter())
        return strip

    ReviewScreen.load_reply, ReviewScreen.action_move = load_reply, action_move  # type: ignore[method-assign]
    AidsReader.arrived, SuggestionBody.render_line = on_arrival, render_line  # type: ignore[method-assign]
    try:
        app = ReviewApp(db_path=db, reviewer="bench")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            def send(key: str) -> None:
                event = events.Key(key, "\r" if key == "enter" else key)
                event.set_sender(app)
                app._driver.send_message(event)

            started = time.perf_counter()
            send("enter")
            while not isinstance(app.screen, ReviewScreen):  # pushed; its reply is read when it mounts
                await asyncio.sleep(0.001)
            sent = time.perf_counter()
            send("j")  # typed ahead, as soon as the screen is there
            send("k")
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            while "k" not in marks:
                await asyncio.sleep(0.002)
            assert screen.index == 1, screen.index
            await pilot.pause()
            marks["onto"] = time.perf_counter()
            send("j")  # onto the large suggestion (3 of 3), typed at once
            send("j")
            while len(moves) < 4 or "painted" not in marks:
                await asyncio.sleep(0.002)
            marks["onto_k"] = time.perf_counter()
            send("k")  # the next key, and back onto it
            send("j")
            while len(moves) < 6:
                await asyncio.sleep(0.002)
            waits = []  # k / j typed while the aids are read: how long each waits for its answer
            while getattr(screen.view, "checking", False):
                count = len(moves)
                typed = time.perf_counter()
                send("k" if len(waits) % 2 == 0 else "j")
                while len(moves) == count:
                    await asyncio.sleep(0.001)
                waits.append(moves[count][1] - typed)
                await asyncio.sleep(0.05)
            if len(waits) % 2:  # back onto the large suggestion
                send("j")
                while len(moves) < 7 + len(waits):
                    await asyncio.sleep(0.002)
            marks["aids"] = time.perf_counter()
            assert screen.index == 3, screen.index
    finally:
        ReviewScreen.load_reply, ReviewScreen.action_move = loaded, moved  # type: ignore[method-assign]
        AidsReader.arrived, SuggestionBody.render_line = arrived, painted  # type: ignore[method-assign]
    keys = {key: marks[key] - started for key in ("shown", "aids")}
    keys.update(j_after=marks["j"] - sent, k_after=marks["k"] - sent)
    onto = moves[3]  # the second j: onto the large suggestion
    keys.update(onto_j=onto[1] - onto[0], onto_painted=marks["painted"] - marks["onto"],
                next_k=moves[4][1] - marks["onto_k"], arrived=marks.get("arrived_cost", float("nan")),
                first_aids=marks.get("first_aids", marks["aids"]) - started,
                keys_while=len(waits), slowest_while=max(waits, default=float("nan")))
    return keys


def run_one(db: str, part: str) -> None:
    print(json.dumps(_aids(db) if part == "aids" else asyncio.run(asyncio.wait_for(_app(db), 600))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="0.01,1,5", help="MB of text of the large suggestion, comma-separated")
    ap.add_argument("--python", action="append", default=None)
    ap.add_argument("--paragraphs", action="store_true",
                    help="the large suggestion as paragraphs of one sentence (~130 bytes) each, not one line")
    ap.add_argument("--one", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--part", default="aids", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.part)
        return
    pythons = args.python or [sys.executable]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp}
        for size in (float(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"reply-{size}.txt"
            path.write_text(letter(size, args.paragraphs), encoding="utf-8")
            db = f"{tmp}/db-{size}"
            subprocess.run([pythons[0], "-m", "cppcc_review.tui.cli", "import", str(path), "--db", db],
                           check=True, env=env, capture_output=True)
            for python in pythons:
                result = {}
                for part in ("aids", "app"):
                    done = subprocess.run([python, "-m", "benchmarks.large_reply", "--one", db, "--part", part],
                                          check=True, env=env, capture_output=True, text=True)
                    result.update(json.loads(done.stdout.strip().splitlines()[-1]))
                rows.append((python, size, path.stat().st_size, result))
    print(f"\na reply of 3 suggestions, the last one large; seconds; load {os.getloadavg()[0]:.2f}\n")
    print("| build | reply | findings | hint (largest) | enter: screen shown | j answered | k answered "
          "| enter: first aids shown | enter: aids shown | j onto it | its first line painted | next k answered "
          "| aids drawn on it | k/j while read | slowest of them |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for python, _size, nbytes, r in rows:
        print(f"| {python} | {nbytes / 1e6:.2f} MB | {r['findings']:.3f} | {r['hint']:.3f} | {r['shown']:.3f} "
              f"| {r['j_after']:.3f} | {r['k_after']:.3f} | {r['first_aids']:.3f} | {r['aids']:.3f} | {r['onto_j']:.3f} "
              f"| {r['onto_painted']:.3f} | {r['next_k']:.3f} | {r['arrived']:.3f} | {r['keys_while']} "
              f"| {r['slowest_while']:.3f} |")


if __name__ == "__main__":
    main()
