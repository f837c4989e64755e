"""The single-writer lock of a database: `<db>/lock`, held with fcntl.flock.

flock belongs to the open file, so the kernel releases it when the holding process
dies, however it dies: a lock left by a killed process is simply free again, and the
next writer takes it over (overwriting the stale pid). The file's content (pid, host,
since, program) only serves the message shown to a second writer.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from datetime import datetime
from pathlib import Path

from store.clock import now_iso
from store.errors import LockedError, StoreError
from store.log import LOG as _LOG

LOG = _LOG.getChild("lock")

POLL_SECONDS = 0.05


def _program() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if name == "__main__.py":  # `python -m tui.cli ...`: say which program it is, not "__main__.py"
        name = "cppcc-review"
    args = [a for a in sys.argv[1:2] if not a.startswith("-")]
    return " ".join([name, *args]) if name not in ("-c", "") else "python"


class WriterLock:
    """Hold `<db>/lock` exclusively. `acquire(timeout)` polls, then raises LockedError."""

    def __init__(self, db_path: str | os.PathLike[str]):
        self.db_path = Path(db_path)
        self.path = self.db_path / "lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 3.0) -> None:
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot open the lock file ({exc.strerror}); "
                "check the folder's permissions or open with --readonly"
            ) from exc
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.holder()
                    os.close(fd)
                    error = LockedError(self._message(holder))
                    error.holder = holder  # for a message in the interface's language
                    raise error from None
                time.sleep(POLL_SECONDS)
            except OSError as exc:
                os.close(fd)
                raise StoreError(
                    f"{self.path}: cannot lock the database ({exc.strerror}); open with --readonly"
                ) from exc
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": now_iso(),
            "program": _program(),
        }
        # Written in place (not replaced): the lock lives on this inode.
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def holder(self) -> dict:
        """What the lock file says about its holder ({} if unreadable or being rewritten)."""
        for _ in range(3):
            try:
                text = self.path.read_text(encoding="utf-8")
                data = json.loads(text)
                if isinstance(data, dict):
                    return data
            except (OSError, ValueError):  # being written by the holder: read again
                LOG.debug("lock file %s not readable yet", self.path, exc_info=True)
            time.sleep(0.01)
        return {}

    def _message(self, holder: dict) -> str:
        pid = holder.get("pid", "?")
        host = holder.get("host", "?")
        since = holder.get("since")
        try:
            since_text = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M") if since else "?"
        except (TypeError, ValueError):
            since_text = str(since)
        program = holder.get("program") or "cppcc-review"
        return (
            f"{self.db_path} is in use by pid {pid} on host {host} since {since_text} ({program}); "
            f"close it there, or browse it read-only: cppcc-review --readonly --db {self.db_path}"
        )
