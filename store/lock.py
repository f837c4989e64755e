"""The locks of a database folder: writers take turns per write, not per session.

Two flocks, both released by the kernel when their holder dies however it dies:

* the **write lock**: an exclusive flock on the database folder itself, held only while
  one change (or one import batch, one compaction) is written. A folder cannot be
  deleted or replaced while it holds files, so this lock cannot be silently swapped
  for another (a lock *file* can be deleted, and a second writer would then lock a new
  file); every acquisition also checks that the path still names the folder that was
  opened. Readers take it shared while they read a consistent set of files, so a reader
  never sees a snapshot from before a compaction and a journal from after it.
* the **session lock**: a shared flock on `<db>/lock`, held by every open store for its
  lifetime. It says "someone has this database open": a writer compacts on close only
  when it is alone (else the others would have to reload them). A writer of the first
  release held `lock` exclusively for its whole session: while one is open, a writer of
  this release waits, then stops naming it (so an upgrade never runs under its feet),
  and readers read.

`<db>/lock` also holds, for messages, who took the write lock last (pid, host, since,
program), padded to a fixed size and written in one pwrite. A symbolic link in place of
`lock` is refused (it could point anywhere, or two databases at one file).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from .clock import now_iso
from .errors import LockedError, StoreError
from .log import LOG as _LOG

LOG = _LOG.getChild("lock")

LOCK_FILE = "lock"
INFO_SIZE = 512  # the holder's description, padded with spaces: one pwrite, never torn
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _program() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if name == "__main__.py":  # `python -m cppcc_review.tui.cli ...`: say which program it is, not "__main__.py"
        name = "cppcc-review"
    args = [a for a in sys.argv[1:2] if not a.startswith("-")]
    return " ".join([name, *args]) if name not in ("-c", "") else "python"


def refuse_symlink(path: Path) -> None:
    """StoreError if `path` is a symbolic link (the database's own files are never links)."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise StoreError(
                f"{path}: is a symbolic link; a database's own files must be real files "
                "(replace the link by the file it points to, or remove it)", code="symlink", path=path,
            )
    except FileNotFoundError:
        pass


def _poll(try_lock: Callable[[], bool], timeout: float) -> bool:
    """Call `try_lock()` (True when taken) until it succeeds or `timeout` passes."""
    if try_lock():
        return True
    deadline = time.monotonic() + max(0.0, timeout)
    pause = 0.0005
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 1.5, 0.005)
        if try_lock():
            return True
    return False


class _TimedOut(Exception):
    pass


def _flock(fd: int, mode: int, timeout: float) -> bool:
    """flock `fd` (LOCK_SH / LOCK_EX) within `timeout`: True when taken.

    A process that writes in a loop (an import) frees the lock for microseconds between
    its writes; a waiter that only tries now and then would rarely see it free. So in the
    main thread the wait is a blocking flock (the kernel hands the lock over when it is
    released), cut off by a timer signal; elsewhere, frequent tries."""
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    if timeout <= 0:
        return False
    import signal  # only to wait for a lock another process holds (not on every command's start)

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return _poll(lambda: _try(fd, mode), timeout)

    def expired(signum: int, frame: FrameType | None) -> NoReturn:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expired)
    started = time.monotonic()
    other, _ = signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        try:
            fcntl.flock(fd, mode)
            return True
        except _TimedOut:
            return False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
        if other:  # someone else's alarm was running (a test timeout, say): it goes on
            signal.setitimer(signal.ITIMER_REAL, max(other - (time.monotonic() - started), 0.001))


def _try(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


class DatabaseLock:
    """The write lock (per write) and the session lock (per open store) of one folder."""

    def __init__(self, db_path: str | os.PathLike[str]):
        self.db_path = Path(db_path)
        self.path = self.db_path / LOCK_FILE
        self._session_fd: int | None = None
        self._dir_fd: int | None = None
        self._dir_id: tuple[int, int] | None = None
        self._depth = 0  # nested write() blocks
        self._shared_depth = 0
        # flock belongs to the open file, which this process's threads share: the same
        # lock for them (an import in a worker thread, the app's poll in the main one).
        self._threads = threading.RLock()
        self._info: bytes | None = None  # this session's description, written at each write

    # ------------------------------------------------------------------ session
    @property
    def held(self) -> bool:
        return self._session_fd is not None

    def open_session(self, timeout: float, *, writer: bool) -> None:
        """Join the database's open sessions (a shared flock on `lock`).

        A writer creates `lock` if needed and is refused (LockedError naming the holder)
        when an exclusive holder keeps it past `timeout`; a reader joins if it can and
        otherwise simply reads (it changes nothing)."""
        self._open_dir()
        refuse_symlink(self.path)
        try:
            flags = (os.O_RDWR | os.O_CREAT) if writer else os.O_RDONLY
            fd = os.open(self.path, flags | NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
        except FileNotFoundError:
            return  # a reader of a folder no writer ever opened
        except OSError as exc:
            if not writer:
                return
            if exc.errno == errno.ELOOP:
                refuse_symlink(self.path)
            raise StoreError(
                f"{self.path}: cannot open the lock file ({exc.strerror}); "
                f"check the folder's permissions, or browse it read-only: cppcc-review --readonly --db {self.db_path}",
                code="lock_file", path=self.path, reason=exc.strerror, db=self.db_path,
            ) from exc
        try:
            taken = _flock(fd, fcntl.LOCK_SH, timeout)
        except OSError as exc:
            os.close(fd)
            if not writer:
                return
            raise StoreError(
                f"{self.path}: cannot lock the database ({exc.strerror}); "
                f"browse it read-only: cppcc-review --readonly --db {self.db_path}",
                code="lock_failed", path=self.path, reason=exc.strerror, db=self.db_path,
            ) from exc
        if not taken:
            os.close(fd)
            if not writer:
                return
            raise self._locked_error()
        self._session_fd = fd

    def alone(self) -> bool:
        """True when no other store has this database open (tries to make the session
        lock exclusive; call only when closing: a failed try may drop the shared lock)."""
        if self._session_fd is None:
            return False
        try:
            fcntl.flock(self._session_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def close_session(self) -> None:
        fd, self._session_fd = self._session_fd, None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        if self._dir_fd is not None and not self._depth and not self._shared_depth:
            os.close(self._dir_fd)
            self._dir_fd = None

    # ------------------------------------------------------------------ write lock
    def _open_dir(self) -> None:
        if self._dir_fd is not None:
            return
        try:
            fd = os.open(self.db_path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"{self.db_path}: cannot open the database folder ({exc.strerror})", code="folder_unopenable",
                             path=self.db_path, reason=exc.strerror) from exc
        st = os.fstat(fd)
        self._dir_fd, self._dir_id = fd, (st.st_dev, st.st_ino)

    def same_folder(self) -> None:
        """StoreError (folder_moved) when the folder at the database's path is not the one opened
        (moved, deleted or replaced since); nothing when the folder was never opened here."""
        if self._dir_id is not None:
            self._same_folder()

    def _same_folder(self) -> None:
        try:
            st = os.stat(self.db_path)
        except OSError:
            st = None
        if st is None or (st.st_dev, st.st_ino) != self._dir_id:
            raise StoreError(
                f"{self.db_path}: the database folder was moved, deleted or replaced while open; "
                "nothing was changed - open it again", code="folder_moved", path=self.db_path,
            )

    @contextmanager
    def _this_thread(self, timeout: float) -> Iterator[None]:
        if not self._threads.acquire(timeout=max(timeout, 0.0)):
            raise self._locked_error()
        try:
            yield
        finally:
            self._threads.release()

    @contextmanager
    def write(self, timeout: float) -> Iterator[None]:
        """Hold the write lock for the block (nested blocks share the outermost's)."""
        with self._this_thread(timeout), self._write(timeout):
            yield

    @contextmanager
    def _write(self, timeout: float) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._open_dir()
        if self._dir_fd is None:
            raise StoreError(f"{self.db_path}: the database folder does not exist; nothing was changed",
                             code="folder_missing", path=self.db_path)
        self._take(self._dir_fd, fcntl.LOCK_EX, timeout)
        self._depth = 1
        try:
            self._same_folder()
            self._write_info()
            yield
        finally:
            self._depth = 0
            fcntl.flock(self._dir_fd, fcntl.LOCK_UN)

    @contextmanager
    def read(self, timeout: float) -> Iterator[None]:
        """Hold the write lock shared (no writer in the middle of a write) for the block.
        Where the folder cannot be locked (no folder yet, a file system without flock),
        the block runs unlocked."""
        with self._this_thread(timeout), self._read(timeout):
            yield

    @contextmanager
    def _read(self, timeout: float) -> Iterator[None]:
        if self._depth or self._shared_depth:
            self._shared_depth += 1
            try:
                yield
            finally:
                self._shared_depth -= 1
            return
        self._open_dir()
        fd = self._dir_fd  # stays open while the block runs (close_session() leaves it then)
        locked = False
        if fd is not None:
            try:
                self._take(fd, fcntl.LOCK_SH, timeout)
                locked = True
            except LockedError:
                raise
            except OSError:
                locked = False
        self._shared_depth = 1
        try:
            yield
        finally:
            self._shared_depth = 0
            if locked and fd is not None:  # (locked only with a folder)
                fcntl.flock(fd, fcntl.LOCK_UN)

    @property
    def writing(self) -> bool:
        """Whether this thread is inside write() (another thread's write does not count)."""
        if not self._threads.acquire(blocking=False):
            return False
        try:
            return self._depth > 0
        finally:
            self._threads.release()

    def _take(self, fd: int, mode: int, timeout: float) -> None:
        if not _flock(fd, mode, timeout):
            raise self._locked_error()

    def _write_info(self) -> None:
        """Say who writes now, in `lock` (for the message another writer would show): pid,
        host, since when this session is open, program. Made once: one pwrite a write."""
        fd = self._session_fd
        if fd is None:
            return
        if self._info is None:
            info = {
                "pid": os.getpid(),
                "host": os.uname().nodename,  # the host name, without importing socket (5 ms)
                "since": now_iso(),
                "program": _program(),
            }
            raw = json.dumps(info, ensure_ascii=False).encode("utf-8")[: INFO_SIZE - 1]
            self._info = raw.ljust(INFO_SIZE - 1) + b"\n"
        with contextlib.suppress(OSError):  # only a message depends on it
            os.pwrite(fd, self._info, 0)

    def _locked_error(self) -> LockedError:
        """The error for a database another writer holds; `.holder` (pid, host, since,
        program) lets the app say it in the interface's language."""
        holder = self.holder()
        error = LockedError(self._message(holder), code="locked", **self._holder_values(holder))
        error.holder = holder
        return error

    def holder(self) -> dict[str, Any]:
        """What the lock file says about its holder ({} if unreadable or being rewritten)."""
        for _ in range(3):
            try:
                with open(self.path, "rb") as f:
                    data = json.loads(f.read(INFO_SIZE * 4).decode("utf-8"))
                if isinstance(data, dict):
                    return data
            except (OSError, ValueError):  # being written by the holder: read again
                LOG.debug("lock file %s not readable yet", self.path, exc_info=True)
            time.sleep(0.01)
        return {}

    def _holder_values(self, holder: dict[str, Any]) -> dict[str, Any]:
        """What the refusal says of the holder (its words: _message here, `error.locked` in the CLI's catalogue)."""
        since = holder.get("since")
        try:
            since_text = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M") if since else "?"
        except (TypeError, ValueError):
            since_text = str(since)
        return {"path": self.db_path, "pid": holder.get("pid", "?"), "host": holder.get("host", "?"),
                "since": since_text, "program": holder.get("program") or "cppcc-review"}

    def _message(self, holder: dict[str, Any]) -> str:
        v = self._holder_values(holder)
        return (
            f"{v['path']} is in use by pid {v['pid']} on host {v['host']} since {v['since']} ({v['program']}); "
            f"close it there, or browse it read-only: cppcc-review --readonly --db {v['path']}"
        )

