"""The file-system cost of a durable backup on this disk, five ways interleaved:
`python -m benchmarks.backup_fsops DIR [rounds]` (DIR on the disk to measure; made, and its
contents replaced).

A   reuse: the oldest backup's file renamed to a temporary name, written over, cut when the
    new one is shorter, fsynced, renamed to the new name, the folder fsynced (what
    `db backup` does: cppcc_review.store.backups.write_manifest)
V3  reuse under the final name: the oldest backup's file opened, renamed to the new name,
    written over, cut when shorter, fsynced, the folder fsynced (`db backup` from branch
    bk11 to ms14; no second rename; a full disk lost the oldest backup)
N3  a new file under the final name, fsynced, the oldest renamed to a dot name (deleted
    later, off the timing: by the next fold), the folder fsynced (`db backup` since ms14,
    which fsyncs the folder before that rename: the same calls)
B   a new file: a temporary one written and fsynced, renamed, the oldest unlinked, the
    folder fsynced
B2  the same, the oldest unlinked after the folder's fsync
REF the benchmark's reference: a new file in a scratch folder, written, fsynced, that
    folder fsynced

Each round writes the same bytes each way (110 KB, growing by 15 KB a round as a journal
does, shorter again every 8th round as after a fold), five files kept per way; between two
ways, 20 appends of 200 bytes to a journal file, each fsynced, 2 ms apart (the marks between
two backups). Prints the medians and quartiles, and the truncate and unlink alone.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable

KEEP = 5


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main(argv: list[str]) -> int:
    base = argv[0]
    rounds = int(argv[1]) if len(argv) > 1 else 40
    os.makedirs(base, exist_ok=True)
    took: dict[str, list[float]] = {k: [] for k in ("A", "V3", "N3", "B", "B2", "REF", "truncate", "unlink")}
    folders = {}
    for way in ("A", "V3", "N3", "B", "B2"):
        folder = os.path.join(base, way)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        folders[way] = folder
        for i in range(KEEP):
            with open(os.path.join(folder, f"b{i:05d}.json"), "wb") as f:
                f.write(os.urandom(110_000 + 15_000 * i))
    scratch = os.path.join(base, "ref")
    journal = os.open(os.path.join(base, "journal"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    serial = [KEEP]

    def names(way: str) -> tuple[str, str, str]:
        folder = folders[way]
        serial[0] += 1
        return (os.path.join(folder, sorted(n for n in os.listdir(folder) if not n.startswith('.'))[0]), os.path.join(folder, f"b{serial[0]:05d}.json"),
                os.path.join(folder, ".tmp"))

    def reuse(data: bytes) -> None:
        oldest, target, temp = names("A")
        t = time.perf_counter()
        os.rename(oldest, temp)
        fd = os.open(temp, os.O_WRONLY)
        size = os.fstat(fd).st_size
        os.write(fd, data)
        cut = 0.0
        if size > len(data):
            c = time.perf_counter()
            os.ftruncate(fd, len(data))
            cut = time.perf_counter() - c
        os.fsync(fd)
        os.close(fd)
        os.replace(temp, target)
        _fsync_dir(folders["A"])
        took["A"].append(time.perf_counter() - t)
        took["truncate"].append(cut)

    def reuse_final(data: bytes) -> None:
        oldest, target, _temp = names("V3")
        t = time.perf_counter()
        fd = os.open(oldest, os.O_WRONLY)
        size = os.fstat(fd).st_size
        os.rename(oldest, target)
        os.write(fd, data)
        if size > len(data):
            os.ftruncate(fd, len(data))
        os.fsync(fd)
        os.close(fd)
        _fsync_dir(folders["V3"])
        took["V3"].append(time.perf_counter() - t)

    def new_final(data: bytes) -> None:
        oldest, target, _temp = names("N3")
        t = time.perf_counter()
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.fsync(fd)
        os.close(fd)
        aside = os.path.join(folders["N3"], "." + os.path.basename(oldest))
        os.rename(oldest, aside)
        _fsync_dir(folders["N3"])
        took["N3"].append(time.perf_counter() - t)
        os.unlink(aside)  # (off the timing)

    def new(data: bytes, way: str) -> None:
        oldest, target, temp = names(way)
        t = time.perf_counter()
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.fsync(fd)
        os.close(fd)
        os.replace(temp, target)
        if way == "B":
            u = time.perf_counter()
            os.unlink(oldest)
            took["unlink"].append(time.perf_counter() - u)
            _fsync_dir(folders[way])
        else:
            _fsync_dir(folders[way])
            os.unlink(oldest)
        took[way].append(time.perf_counter() - t)

    def reference(data: bytes) -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        t = time.perf_counter()
        fd = os.open(os.path.join(scratch, "copy"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.fsync(fd)
        os.close(fd)
        _fsync_dir(scratch)
        took["REF"].append(time.perf_counter() - t)

    ways: list[Callable[[bytes], None]] = [reuse, reuse_final, new_final, lambda d: new(d, "B"), lambda d: new(d, "B2"),
                                          reference]
    size = 110_000
    for r in range(rounds):
        size = 110_000 if r % 8 == 7 else size + 15_000
        data = os.urandom(size)
        for way in ways[r % len(ways):] + ways[:r % len(ways)]:
            for _ in range(20):
                os.write(journal, b"x" * 200)
                os.fsync(journal)
                time.sleep(0.002)
            way(data)
    os.close(journal)
    print(f"load {os.getloadavg()[0]:.2f}, {rounds} rounds")
    for name, values in took.items():
        ms = sorted(x * 1000 for x in values)
        if ms:
            print(f"{name:8s} p50 {statistics.median(ms):7.3f} ms  p25 {ms[len(ms) // 4]:7.3f}  "
                  f"p75 {ms[3 * len(ms) // 4]:7.3f}  max {ms[-1]:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
