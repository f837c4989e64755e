"""What ran between a rating key and its durable line, mark by mark, in the benchmark's app
session: `python -m benchmarks.mark_timeline DB [marks] [--all]`.

Runs `benchmarks.tasks.task_app` (the same session as the benchmark's mark figure) with
clocks on: each rating key sent (`Pilot.press`), `ReviewStore.set_rating` entered and
returned, its `os.fsync`s; every event-loop callback (`asyncio.Handle._run`: start, end and
what it was); the garbage collector's passes (`gc.callbacks`); and, from the kernel
(`/proc/self/task/*/schedstat`, nanoseconds), how long each thread of the process ran and how
long the main thread waited for a CPU while runnable, read when the key is sent and when
`set_rating` returns. For each mark above the p90 of key -> returned (or every mark with
`--all`) it prints that mark's timeline: the callbacks that overlapped it (with their
durations), collections, other threads' CPU, the main thread's wait for a CPU, the fsync.
Then a summary: over all marks, how much of key -> returned each cause explains.
The clocks cost a little on every callback (~1-2 us): compare builds with mark_split, not this.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import threading
import time
from collections import Counter, defaultdict

from benchmarks import stats, tasks


def _schedstat() -> dict[int, tuple[int, int]]:
    """{thread id: (ns on a CPU, ns runnable and waiting)} of every thread of this process."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/schedstat") as f:
                run, wait, _ = f.read().split()
            out[int(tid)] = (int(run), int(wait))
        except (OSError, ValueError):
            pass
    return out


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's children still running."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/children") as f:
                pids = f.read().split()
        except OSError:
            continue
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
    return total


def _name(callback: object) -> str:
    inner = getattr(callback, "__self__", None)
    if inner is not None and type(inner).__name__ in ("Task", "_asyncio.Task"):
        coro = inner.get_coro()  # type: ignore[attr-defined]
        code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
        return f"task {getattr(code, 'co_qualname', coro)}"
    func = getattr(callback, "func", None)  # functools.partial
    if func is not None:
        return f"partial {getattr(func, '__qualname__', func)}"
    return getattr(callback, "__qualname__", None) or repr(callback)[:60]


def main(argv: list[str]) -> int:
    from textual.pilot import Pilot

    from cppcc_review.store.db import ReviewStore

    every = "--all" in argv
    argv = [a for a in argv if a != "--all"]
    main_tid = threading.get_native_id()
    names: dict[int, str] = {}
    sent: list[float] = []
    sched_sent: list[dict[int, tuple[int, int]]] = []
    child_sent: list[float] = []
    entered: list[float] = []
    left: list[float] = []
    sched_left: list[dict[int, tuple[int, int]]] = []
    child_left: list[float] = []
    fsyncs: list[tuple[float, float]] = []
    callbacks: list[tuple[float, float, object]] = []
    collections: list[tuple[float, float, int, int]] = []
    gc_start = [0.0]
    press, set_rating, fsync, run = Pilot.press, ReviewStore.set_rating, os.fsync, asyncio.Handle._run

    def timed_run(self):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return run(self)
        finally:
            callbacks.append((t, time.perf_counter(), self._callback))

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            collections.append((gc_start[0], time.perf_counter(), info["generation"], info.get("collected", 0)))

    async def timed_press(self, *keys):  # type: ignore[no-untyped-def]
        if keys and keys[0] in ("1", "2", "3"):
            for thread in threading.enumerate():
                if thread.native_id is not None:
                    names[thread.native_id] = thread.name
            sched_sent.append(_schedstat())
            child_sent.append(_children_cpu())
            sent.append(time.perf_counter())
        return await press(self, *keys)

    def timed_set_rating(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        entered.append(time.perf_counter())
        try:
            return set_rating(self, *args, **kwargs)
        finally:
            left.append(time.perf_counter())
            sched_left.append(_schedstat())
            child_left.append(_children_cpu())

    def timed_fsync(fd: int) -> None:
        t = time.perf_counter()
        fsync(fd)
        fsyncs.append((t, time.perf_counter()))

    Pilot.press = timed_press  # type: ignore[method-assign]
    ReviewStore.set_rating = timed_set_rating  # type: ignore[method-assign]
    os.fsync = timed_fsync
    asyncio.Handle._run = timed_run  # type: ignore[method-assign]
    gc.callbacks.append(on_gc)
    from cppcc_review.store.aids import hint_learner

    fits: list[tuple[float, float]] = []
    fit_in_child = hint_learner.fit_in_child

    def timed_fit(rows):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return fit_in_child(rows)
        finally:
            fits.append((t, time.perf_counter()))

    hint_learner.fit_in_child = timed_fit  # type: ignore[assignment]
    marks = int(argv[1]) if len(argv) > 1 else 200
    tasks.task_app({"db": argv[0], "reviewer": "bench", "next_samples": 60, "mark_samples": marks})
    gc.callbacks.remove(on_gc)

    rows = []
    for k, t in enumerate(sent):
        i = next((j for j, x in enumerate(entered) if x >= t), None)
        if i is None:
            continue
        end = left[i]
        total = (end - t) * 1000
        over = [(max(a, t), min(b, end), cb) for a, b, cb in callbacks if b > t and a < end]
        gcs = [(a, b, g, n) for a, b, g, n in collections if b > t and a < end]
        sync = sum(min(b, end) - max(a, t) for a, b in fsyncs if b > t and a < end) * 1000
        s0, s1 = sched_sent[k], sched_left[i]
        wait = (s1.get(main_tid, (0, 0))[1] - s0.get(main_tid, (0, 0))[1]) / 1e6
        ran = (s1.get(main_tid, (0, 0))[0] - s0.get(main_tid, (0, 0))[0]) / 1e6
        others = {tid: (s1[tid][0] - s0.get(tid, (0, 0))[0]) / 1e6 for tid in s1 if tid != main_tid}
        others = {tid: ms for tid, ms in others.items() if ms > 0.01}
        # the callback running when the key was sent (its remainder delays the key)
        busy_at_key = [(b - t) * 1000 for a, b, cb in callbacks if a <= t < b]
        rows.append({"k": k, "total": total, "dispatch": (entered[i] - t) * 1000, "fsync": sync, "wait": wait,
                     "ran": ran, "others": others, "children": (child_left[i] - child_sent[k]) * 1000,
                     "gc": [((b - a) * 1000, g, n) for a, b, g, n in gcs],
                     "over": over, "t": t, "busy_at_key": busy_at_key,
                     "fit": any(b > t and a < end for a, b in fits)})
    totals = [r["total"] for r in rows]
    p90 = stats.percentile(totals, 90) if hasattr(stats, "percentile") else sorted(totals)[int(0.9 * len(totals))]
    s = stats.summary(totals)
    print(f"{len(rows)} marks; key -> set_rating returned p50 {s['median']:.3f} ms, p95 {s['p95']:.3f} ms; p90 {p90:.3f}")
    for r in rows:
        if not every and r["total"] < p90:
            continue
        t = r["t"]
        print(f"\nmark {r['k']}: {r['total']:.2f} ms (dispatch {r['dispatch']:.2f}, fsync {r['fsync']:.2f}, "
              f"main thread ran {r['ran']:.2f}, waited for a CPU {r['wait']:.2f}; children CPU {r['children']:.1f}"
              f"{'; during the learner fit' if r['fit'] else ''})")
        if r["busy_at_key"]:
            print(f"   a callback was running at the key, for {r['busy_at_key'][0]:.2f} ms more")
        for tid, ms in r["others"].items():
            print(f"   thread {names.get(tid, tid)} ran {ms:.2f} ms")
        for ms, g, n in r["gc"]:
            print(f"   gc gen {g}: {ms:.2f} ms ({n} collected)")
        for a, b, cb in r["over"]:
            ms = (b - a) * 1000
            if ms >= 0.15:
                print(f"   +{(a - t) * 1000:6.2f} {ms:6.2f} ms  {_name(cb)}")
    # summary: over all marks and over the slow ones
    slow = [r for r in rows if r["total"] >= p90]
    for label, group in (("all", rows), ("slow (>= p90)", slow)):
        if not group:
            continue
        print(f"\n{label}: {len(group)} marks")
        for key in ("total", "dispatch", "fsync", "ran", "wait", "children"):
            v = stats.summary([r[key] for r in group])
            print(f"   {key:10s} p50 {v['median']:7.3f}  p95 {v['p95']:7.3f}  mean {sum(r[key] for r in group) / len(group):7.3f}")
        other = [sum(r["others"].values()) for r in group]
        v = stats.summary(other)
        print(f"   other threads' CPU in the window: p50 {v['median']:.3f} p95 {v['p95']:.3f} ms;"
              f" marks with any > 0.1 ms: {sum(1 for x in other if x > 0.1)}")
        print(f"   marks with a collection: {sum(1 for r in group if r['gc'])}; with a callback running at the key: "
              f"{sum(1 for r in group if r['busy_at_key'])}")
        names_ms: Counter[str] = Counter()
        counts: dict[str, int] = defaultdict(int)
        for r in group:
            for a, b, cb in r["over"]:
                name = _name(cb)
                names_ms[name] += (b - a) * 1000
                counts[name] += 1
        print("   callbacks in the windows (ms in all, count):")
        for name, ms in names_ms.most_common(12):
            print(f"      {ms:8.2f} {counts[name]:5d}  {name}")
    if sent:
        for a, b in fits:
            inside = [r["k"] for r in rows if r["fit"]]
            print(f"learner fit (child process): {b - a:.2f} s, from {a - sent[0]:+.2f} s after the first mark's key;"
                  f" marks during it: {inside[:3]}..{inside[-3:]} ({len(inside)})")
    print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
