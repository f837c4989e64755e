"""Holding a database the way other processes do, for tests of who waits for whom."""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


@contextmanager
def older_release_holder(db: Path, pid: int | None = None) -> Iterator[int]:
    """Hold `<db>/lock` as the first release's writer did for its whole session: an
    exclusive flock, with its pid, host and time in the file. A store of this release
    neither writes nor opens as a writer meanwhile (it waits, then names the holder)."""
    fd = os.open(db / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        info = {"pid": pid or os.getpid(), "host": socket.gethostname(),
                "since": datetime.now().astimezone().isoformat(timespec="seconds"), "program": "cppcc-review review"}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        yield info["pid"]
    finally:
        os.close(fd)


@contextmanager
def writing(store) -> Iterator[None]:
    """Hold `store`'s write lock (as a long import batch or a compaction does)."""
    with store._lock.write(store.lock_timeout):
        yield
