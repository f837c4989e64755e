"""Where `db backup`'s time goes: the benchmark's `backup` task (`store.backup()` after 20
random marks, `rounds` times; benchmarks.commands.task_backup) with every file-system call
of each backup timed apart: `python -m benchmarks.backup_split DB [rounds]`.

Prints the median backup (wall and CPU time), the reference's (a durable copy of the files
that changed), their ratio, then per kind of call (fsync, rename, write, stat ...) how many a
backup makes and how long they take, and the backup less its file-system calls (its Python).
The first backup (the task's starting point) is left out. The database is changed (marks,
backups): run it on a copy.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks import commands, stats

CALLS = ("fsync", "rename", "replace", "unlink", "ftruncate", "open", "write", "writev", "close", "fstat", "stat",
         "listdir", "scandir")


def main(argv: list[str]) -> int:
    from cppcc_review.store.db import ReviewStore

    calls: dict[str, list[float]] = {}
    inside = [False]

    def timed(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if not inside[0]:
                return call(*args, **kwargs)
            t = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                calls.setdefault(name, []).append(time.perf_counter() - t)
        return run

    for name in CALLS:
        setattr(os, name, timed(name, getattr(os, name)))
    backup = ReviewStore.backup
    per: list[tuple[float, float, dict[str, tuple[int, float]]]] = []

    def timed_backup(self: ReviewStore) -> Any:
        calls.clear()
        inside[0] = True
        t, c = time.perf_counter(), time.process_time()
        try:
            return backup(self)
        finally:
            inside[0] = False
            per.append((time.perf_counter() - t, time.process_time() - c,
                        {k: (len(v), sum(v)) for k, v in calls.items()}))

    ReviewStore.backup = timed_backup  # type: ignore[method-assign]
    rounds = int(argv[1]) if len(argv) > 1 else 10
    out = commands.task_backup({"db": argv[0], "rounds": rounds, "marks": 20})
    steady = per[1:]
    wall = [x[0] * 1000 for x in steady]
    ref = [x * 1000 for x in out["ref"]]
    ours, theirs = stats.summary(wall)["median"], stats.summary(ref)["median"]
    cpu = stats.summary([x[1] * 1000 for x in steady])["median"]
    print(f"backups {len(steady)}: p50 {ours:.2f} ms (CPU {cpu:.2f} ms); reference p50 {theirs:.2f} ms; "
          f"ratio {ours / theirs:.2f}x; load {os.getloadavg()[0]:.2f}")
    for name in sorted({k for x in steady for k in x[2]}):
        count = stats.summary([x[2].get(name, (0, 0.0))[0] for x in steady])["median"]
        took = stats.summary([x[2].get(name, (0, 0.0))[1] * 1000 for x in steady])["median"]
        print(f"  {name:10s} calls p50 {count:.0f}  ms p50 {took:.3f}")
    rest = [w - sum(v[1] for v in x[2].values()) * 1000 for w, x in zip(wall, steady, strict=True)]
    print(f"  without its file-system calls p50 {stats.summary(rest)['median']:.3f} ms")
    print("backup, ms   ", [round(x, 2) for x in wall])
    print("reference, ms", [round(x, 2) for x in ref])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
