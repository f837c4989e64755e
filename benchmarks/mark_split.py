"""Where a mark's key-to-durable time goes, in the benchmark's own app session:
`python -m benchmarks.mark_split DB [marks]`.

Runs `benchmarks.tasks.task_app` (the same session: open a reply, keys, rating keys,
`]`) with three clocks added: when the rating key is sent, when `ReviewStore.set_rating`
is entered, and how long its `os.fsync` calls took. Prints, per mark, median and p95 of:
key -> durable (the benchmark's figure), dispatch (key sent -> set_rating called: Textual
and the app), set_rating without its fsync (CPU), the fsync, and key -> durable without
the fsync (what the code decides; the disk's latency is the machine's), and the thread's
CPU time from the key to durable without the fsync's (the least moved by other processes);
the key to the return of the mark's own fsync (its journal line is on disk: what follows in
`set_rating` - the undo entry, progress, the review it returns - comes after durable), less the fsync.
On a machine whose disk is shared the fsync moves from 0.07 to 10 ms between minutes:
compare the last lines, interleaved with the reference build. The last two: how long the main
thread was runnable but waiting for a CPU between the key and durable (other processes, or
the process's own children, on the CPUs), and how much CPU the process's other threads
(a worker: the hint learner's) used meanwhile (each from the kernel's schedstat, Linux only).
"""

from __future__ import annotations

import os
import sys
import threading
import time

from benchmarks import stats, tasks


def _sched() -> tuple[int, int, int]:
    """(ns the main thread waited for a CPU while runnable, ns it ran, ns the process's other
    threads ran), from the kernel's /proc/self/task/*/schedstat; (-1, -1, -1) where there is none."""
    me = threading.get_native_id()
    wait = ran = others = 0
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/schedstat") as f:
                run_ns, wait_ns, _ = f.read().split()
            if int(tid) == me:
                wait, ran = int(wait_ns), int(run_ns)
            else:
                others += int(run_ns)
    except (OSError, ValueError):
        return -1, -1, -1
    return wait, ran, others


def main(argv: list[str]) -> int:
    from textual.pilot import Pilot

    from cppcc_review.store.db import ReviewStore

    sent: list[float] = []
    entered: list[float] = []
    left: list[float] = []
    synced: list[float] = []
    in_call = [0.0]
    cpu_sent: list[float] = []
    cpu_left: list[float] = []
    cpu_synced: list[float] = []
    in_call_cpu = [0.0]
    sched_sent: list[tuple[int, int, int]] = []
    sched_left: list[tuple[int, int, int]] = []
    press, set_rating, fsync = Pilot.press, ReviewStore.set_rating, os.fsync

    async def timed_press(self, *keys):  # type: ignore[no-untyped-def]
        if keys and keys[0] in ("1", "2", "3"):
            sched_sent.append(_sched())
            sent.append(time.perf_counter())
            cpu_sent.append(time.thread_time())
        return await press(self, *keys)

    def timed_set_rating(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        entered.append(time.perf_counter())
        in_call[0] = in_call_cpu[0] = 0.0
        try:
            return set_rating(self, *args, **kwargs)
        finally:
            left.append(time.perf_counter())
            cpu_left.append(time.thread_time())
            sched_left.append(_sched())
            synced.append(in_call[0])
            cpu_synced.append(in_call_cpu[0])

    first_synced: list[tuple[float, float]] = []  # the mark's first fsync (its journal line's): when it returned, how long

    def timed_fsync(fd: int) -> None:
        t, c = time.perf_counter(), time.thread_time()
        fsync(fd)
        done = time.perf_counter()
        if len(first_synced) < len(entered) and len(left) < len(entered):  # (inside set_rating, its first)
            first_synced.append((done, done - t))
        in_call[0] += done - t
        in_call_cpu[0] += time.thread_time() - c

    Pilot.press = timed_press  # type: ignore[method-assign]
    ReviewStore.set_rating = timed_set_rating  # type: ignore[method-assign]
    os.fsync = timed_fsync
    marks = int(argv[1]) if len(argv) > 1 else 60
    out = tasks.task_app({"db": argv[0], "reviewer": "bench", "next_samples": 60, "mark_samples": marks})
    dispatch, cpu, disk, thread_cpu, to_sync, waited, others = [], [], [], [], [], [], []
    for k, t in enumerate(sent):
        i = next(j for j, x in enumerate(entered) if x >= t)
        dispatch.append((entered[i] - t) * 1000)
        if i < len(first_synced):
            done, took = first_synced[i]
            to_sync.append((done - t - took) * 1000)
        disk.append(synced[i] * 1000)
        cpu.append((left[i] - entered[i] - synced[i]) * 1000)
        thread_cpu.append((cpu_left[i] - cpu_sent[k] - cpu_synced[i]) * 1000)
        if i < len(sched_left) and k < len(sched_sent) and sched_sent[k][0] >= 0:
            waited.append((sched_left[i][0] - sched_sent[k][0]) / 1e6)
            others.append((sched_left[i][2] - sched_sent[k][2]) / 1e6)
    key = out["mark_key_ms"]
    rows = [("key -> durable", key), ("dispatch (key -> set_rating)", dispatch), ("set_rating without fsync", cpu),
            ("fsync", disk), ("key -> durable without fsync", [a - b for a, b in zip(key, disk, strict=False)]),
            ("key -> its fsync done, without", to_sync),
            ("the same, thread CPU time", thread_cpu),
            ("main thread runnable, no CPU", waited), ("other threads' CPU meanwhile", others)]
    for name, values in rows:
        s = stats.summary(values)
        print(f"{name:30s} p50 {s['median']:7.3f} ms  p95 {s['p95']:7.3f} ms")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
