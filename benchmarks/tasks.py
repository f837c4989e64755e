"""Benchmark tasks, each run in its own process by benchmarks.run.

    python -m benchmarks.tasks TASK '{"json": "params"}'

Each task prints one line `@@RESULT {json}` on stdout. A fresh process per task keeps
one measurement's memory, caches and garbage out of the next, and gives each its own
peak RSS (`ru_maxrss`).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULT = "@@RESULT "


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _files(corpus: str, limit: int | None = None) -> list[Path]:
    files = sorted(Path(corpus).glob("*.txt"))
    return files[:limit] if limit else files


# -- 1. parse alone and import --------------------------------------------------------


def task_parse(p: dict) -> dict:
    """Parse texts already in memory (decoded), `repeat` passes over `limit` files."""
    from cppcc_review.store.reading.parser import parse_reply

    texts = [f.read_bytes().decode("utf-8") for f in _files(p["corpus"], p.get("limit"))]
    rates, per_reply = [], []
    for _ in range(p.get("repeat", 3)):
        gc.collect()
        start = time.perf_counter()
        for text in texts:
            t = time.perf_counter()
            parse_reply(text)
            per_reply.append(time.perf_counter() - t)
        rates.append(len(texts) / (time.perf_counter() - start))
    return {"n": len(texts), "rates": rates, "per_reply_ms": [x * 1000 for x in per_reply], "maxrss_mb": maxrss_mb()}


def task_extract(p: dict) -> dict:
    """extract_file alone (read + decode + clean) over the same files: the other part of import."""
    from cppcc_review.store.reading.extract import extract_file

    files = _files(p["corpus"], p.get("limit"))
    rates = []
    for _ in range(p.get("repeat", 3)):
        start = time.perf_counter()
        for f in files:
            extract_file(f)
        rates.append(len(files) / (time.perf_counter() - start))
    return {"n": len(files), "rates": rates}


def task_import(p: dict) -> dict:
    """import_paths from a folder of .txt files into a new database: parse + store, durable."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths

    start = time.perf_counter()
    with ReviewStore(p["db"]) as store:
        opened = time.perf_counter()
        summary = import_paths(store, [p["corpus"]])
        imported = time.perf_counter()
    closed = time.perf_counter()
    n = summary.total
    return {
        "n": n,
        "imported": summary.imported,
        "failed": len(summary.failed),
        "failed_sample": summary.failed[:3],
        "seconds": closed - start,
        "rate": n / (closed - start),
        "import_seconds": imported - opened,
        "close_seconds": closed - imported,
        "maxrss_mb": maxrss_mb(),
    }


# -- random reviews -------------------------------------------------------------------


def task_reviews(p: dict) -> dict:
    """Review every reply (or a share) at random through ReviewStore's public API, 200
    replies per `batch()` (one journal line and one fsync each, as import-ratings writes a
    file); then fold the journal into the shards, as the app does while the reviewer is
    idle, so that the database is in the state a week of use leaves it in."""
    from benchmarks.generator import add_random_reviews
    from cppcc_review.store.db import ReviewStore

    start = time.perf_counter()
    with ReviewStore(p["db"]) as store:
        opened = time.perf_counter()
        n_replies = len(store)
        share = p["share"]
        if p.get("max_reviewed") and n_replies * share > p["max_reviewed"]:
            share = p["max_reviewed"] / n_replies
        marks = add_random_reviews(store, share, p.get("seed", 7), p.get("reviewer", "bench"))
        rated = time.perf_counter()
        fold_all = getattr(store, "fold_all", None)
        if fold_all is not None:
            fold_all()
    closed = time.perf_counter()
    return {
        "marks": marks,
        "share": share,
        "open_seconds": opened - start,
        "seconds": rated - opened,
        "close_seconds": closed - rated,
        "marks_per_s": marks / max(rated - opened, 1e-9),
        "maxrss_mb": maxrss_mb(),
    }


# -- 4. mark-to-durable: the store call and the references ----------------------------


def _fsync_reference(folder: Path) -> Callable[[], float]:
    path = folder / "bench-fsync-ref.log"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    line = (json.dumps({"reply": "0123456789ab", "index": 3, "rating": "adopted", "time": "x" * 80}) + "\n").encode()
    line = line[:199] + b"\n" if len(line) >= 200 else line + b" " * (199 - len(line)) + b"\n"

    def once() -> float:
        t = time.perf_counter()
        os.write(fd, line)
        os.fsync(fd)
        return time.perf_counter() - t

    return once


def _sqlite_reference(folder: Path, rows: int) -> Callable[[], float]:
    path = folder / "bench-sqlite-ref.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE ratings (id INTEGER PRIMARY KEY, reply TEXT, idx INTEGER, rating TEXT, time TEXT)")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO ratings (id, reply, idx, rating, time) VALUES (?, ?, ?, ?, ?)",
        ((i, f"{i:012x}", 1 + i % 6, "adopted", "2025-01-01T00:00:00") for i in range(rows)),
    )
    con.execute("COMMIT")
    rng = random.Random(5)
    values = ["adopted", "partially_adopted", "explained"]

    def once() -> float:
        row = rng.randrange(rows)
        t = time.perf_counter()
        con.execute("BEGIN")
        con.execute(
            "UPDATE ratings SET rating = ?, time = ? WHERE id = ?", (rng.choice(values), time.strftime("%H:%M:%S"), row)
        )
        con.execute("COMMIT")
        return time.perf_counter() - t

    return once


def task_mark(p: dict) -> dict:
    """store.set_rating timed alone, interleaved with the two references in the same folder."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.model import Rating

    db = Path(p["db"])
    samples = p.get("samples", 300)
    t0 = time.perf_counter()
    store = ReviewStore(db)
    open_seconds = time.perf_counter() - t0
    try:
        summaries = store.summaries()
        rng = random.Random(p.get("seed", 11))
        reviewer = p.get("reviewer", "bench")
        fsync_ref = _fsync_reference(db)
        sqlite_ref = _sqlite_reference(db, max(1000, len(summaries)))
        ratings = list(Rating)
        store_ms, fsync_ms, sqlite_ms = [], [], []
        for _ in range(samples):
            s = rng.choice(summaries)
            index = rng.randint(1, s.n_suggestions)
            current = None
            review = store.get_review(s.id, reviewer)
            if index <= len(review.suggestions):
                current = review.suggestions[index - 1].rating
            rating = rng.choice([r for r in ratings if r != current])
            t = time.perf_counter()
            store.set_rating(s.id, reviewer, index, rating)
            store_ms.append((time.perf_counter() - t) * 1000)
            fsync_ms.append(fsync_ref() * 1000)
            sqlite_ms.append(sqlite_ref() * 1000)
        # the same suggestion of one reply rated again and again: does a mark's cost grow
        # with the reply's own history?
        hot_ms = []
        s = summaries[len(summaries) // 2]
        for k in range(p.get("hot_samples", 200)):
            t = time.perf_counter()
            store.set_rating(s.id, reviewer, 1, ratings[k % 3])
            hot_ms.append((time.perf_counter() - t) * 1000)
    finally:
        t = time.perf_counter()
        store.close()
        close_seconds = time.perf_counter() - t
    for name in ("bench-fsync-ref.log", "bench-sqlite-ref.db", "bench-sqlite-ref.db-wal", "bench-sqlite-ref.db-shm"):
        (db / name).unlink(missing_ok=True)
    return {
        "store_ms": store_ms,
        "hot_ms": hot_ms,
        "fsync_ms": fsync_ms,
        "sqlite_ms": sqlite_ms,
        "open_seconds": open_seconds,
        "close_seconds": close_seconds,
        "maxrss_mb": maxrss_mb(),
    }


# -- 5. export and stats --------------------------------------------------------------


def task_export(p: dict) -> dict:
    """Open the store, export every review to YAML (export + dump), and compute stats."""

    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.ratings.ratings_io import dump_ratings, export_ratings, export_to_file
    from cppcc_review.store.stats import compute_stats

    out: dict[str, Any] = {}
    t = time.perf_counter()
    store = ReviewStore(p["db"], readonly=True)
    out["open_seconds"] = time.perf_counter() - t
    try:
        kwargs = {"reviewer": p.get("reviewer", "bench")}
        t = time.perf_counter()
        doc = export_ratings(store, **kwargs)
        out["export_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        text = dump_ratings(doc)
        out["dump_seconds"] = time.perf_counter() - t
        out["yaml_bytes"] = len(text.encode("utf-8"))
        del doc, text
        # the CLI's path: streamed entry by entry into a file, atomically
        target = Path(p["db"]).parent / "bench-export.yaml"
        t = time.perf_counter()
        export_to_file(store, target, **kwargs)
        out["export_file_seconds"] = time.perf_counter() - t
        target.unlink(missing_ok=True)
        out["stats_seconds"] = {}
        for key in p.get("by", ["handler", "proposer", "year"]):
            t = time.perf_counter()
            compute_stats(store, by=key)
            out["stats_seconds"][key] = time.perf_counter() - t
    finally:
        store.close()
    out["maxrss_mb"] = maxrss_mb()
    return out


# -- 3 and 4 in the app: next suggestion, and a rating key to durable -----------------


async def _app_session(p: dict) -> dict:
    from benchmarks.frames import FrameRecorder
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.app import ReviewApp

    durable: list[float] = []
    original = ReviewStore.set_rating

    def timed_set_rating(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        durable.append(time.perf_counter())
        return result

    ReviewStore.set_rating = timed_set_rating  # type: ignore[method-assign]
    app = ReviewApp(db_path=p["db"], reviewer=p.get("reviewer", "bench"))
    frames = FrameRecorder(app)
    out: dict[str, Any] = {}
    async with app.run_test(size=tuple(p.get("size", (120, 40)))) as pilot:
        await frames.wait_for(lambda text: frames.looks_like_inbox(text), timeout=60)
        out["inbox_rss_mb"] = maxrss_mb()
        # open a reply (the highlighted one) with the inbox's open key
        rng = random.Random(p.get("seed", 3))
        for _ in range(rng.randint(0, 20)):
            await pilot.press("j")
        await pilot.press("enter")
        await frames.settle()
        out["screen"] = type(app.screen).__name__
        await pilot.pause(0.2)
        # next-suggestion: j j k k ... (stays inside a reply of >= 3 suggestions)
        pattern = ["j", "j", "k", "k"]
        first, settled = [], []
        for k in range(p.get("next_samples", 60)):
            key = pattern[k % 4]
            n_before = frames.count
            t = time.perf_counter()
            await pilot.press(key)
            f, s = await frames.after(t, n_before)
            if f is not None:
                first.append((f - t) * 1000)
                settled.append((s - t) * 1000)
            await asyncio.sleep(p.get("gap", 0.05))
        out["next_first_ms"] = first
        out["next_settled_ms"] = settled
        # mark-to-durable from the key: a key whose rating differs from the current one (so
        # that it is a change), three marks a reply, then `]` to the next reply, as in a session
        mark, mark_frame = [], []
        key_of = {"adopted": "1", "partially_adopted": "2", "explained": "3"}
        for k in range(p.get("mark_samples", 60)):
            screen = app.screen
            view = getattr(screen, "view", None)  # the review screen's ReplyView (cppcc_review.tui.review_model)
            current = view.current() if view is not None else None
            now = getattr(getattr(current, "rating", None), "value", None)
            choices = [key for value, key in key_of.items() if value != now]
            n_done = len(durable)
            n_before = frames.count
            t = time.perf_counter()
            await pilot.press(rng.choice(choices))
            deadline = time.perf_counter() + 5
            while len(durable) == n_done and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if len(durable) > n_done:
                mark.append((durable[n_done] - t) * 1000)
            f, s = await frames.after(t, n_before)
            if s is not None:
                mark_frame.append((s - t) * 1000)
            await asyncio.sleep(p.get("gap", 0.05))
            if k % 3 == 2:
                await pilot.press("right_square_bracket")
                await frames.settle()
        out["mark_key_ms"] = mark
        out["mark_frame_ms"] = mark_frame
        out["maxrss_mb"] = maxrss_mb()
    ReviewStore.set_rating = original  # type: ignore[method-assign]
    return out


def task_app(p: dict) -> dict:
    return asyncio.run(_app_session(p))


TASKS = {
    "parse": task_parse,
    "extract": task_extract,
    "import": task_import,
    "reviews": task_reviews,
    "mark": task_mark,
    "export": task_export,
    "app": task_app,
}


def main(argv: list[str]) -> int:
    from benchmarks.commands import TASKS as COMMAND_TASKS

    TASKS.update(COMMAND_TASKS)
    name, params = argv[0], json.loads(argv[1] if len(argv) > 1 else "{}")
    result = TASKS[name](params)
    sys.stdout.write(RESULT + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
