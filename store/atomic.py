"""Atomic file replacement: a reader sees the old file or the new one, never a torn one.

The new bytes go to a temporary file in the same folder (so `os.replace` is a rename
within one file system), are flushed and fsynced, take the old file's permissions
(mkstemp creates owner-only files) and, where the writer may, its owner and group,
replace the old file, and the folder is fsynced so the rename itself survives a power
cut. Any OSError on the way (disk full, read-only
folder) removes the temporary file and raises NotSavedError; the old file is untouched.

A temporary file is named `.<name>.<pid>.<random>.tmp`: one left by a killed process is
recognised as ours and as dead (`remove_stale_temps`), and removed by the next writer of
the database, or by the next export to the same file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import NotSavedError
from .log import LOG as _LOG

LOG = _LOG.getChild("atomic")


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make a rename or a new file in `path` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        LOG.debug("cannot open %s to fsync it", path, exc_info=True)
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some file systems refuse fsync on a directory; the data itself was fsynced.
        LOG.debug("fsync of the folder %s refused", path, exc_info=True)
    finally:
        os.close(fd)


# `.<name>.<pid>.<8 random>.tmp` (this release) or `.<name>.<8 random>.tmp` (older ones);
# the random part is tempfile's alphabet.
_TEMP = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp$")


def temp_owner(filename: str, name: str | None = None) -> tuple[bool, int | None]:
    """(is one of our temporary files [for `name`], the pid that made it or None)."""
    m = _TEMP.match(filename)
    if m is None or (name is not None and m.group("name") != name):
        return False, None
    return True, int(m.group("pid")) if m.group("pid") else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, not ours to signal
    return True


def remove_stale_temps(folder: str | os.PathLike[str], *, name: str | None = None, any_pid: bool = False) -> list[str]:
    """Remove our temporary files in `folder` (for `name` only, if given) whose process is
    dead, or all of them with `any_pid` (the caller holds the lock every writer of that
    folder takes). Files of any other pattern are left alone. Returns the names removed."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for filename in names:
        if filename[:1] != ".":  # (what _TEMP matches first, without the regex: most names are shards)
            continue
        ours, pid = temp_owner(filename, name)
        if not ours or (not any_pid and (pid is None or _alive(pid))):
            continue
        try:
            os.unlink(os.path.join(folder, filename))
            removed.append(filename)
        except OSError:
            pass
    return removed


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"


def _mkstemp(folder: Path, prefix: str) -> tuple[int, str]:
    """tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder), without importing
    tempfile (6 ms of every command's start): a new file only this user can read."""
    for _ in range(100):
        name = prefix + "".join(_ALPHABET[b % len(_ALPHABET)] for b in os.urandom(8)) + ".tmp"
        path = os.path.join(folder, name)
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free name for a temporary file")


def set_mode(fd: int, path: str | os.PathLike[str], mode: int) -> None:
    """Give the file open as `fd` (at `path`) the permissions `mode`: os.fchmod, or where it does
    not exist (Windows before Python 3.13) os.chmod of its path (there: only the read-only flag)."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def read_at(fd: int, size: int, offset: int) -> bytes:
    """Up to `size` bytes of the file open as `fd` from `offset` (fewer at its end): os.pread, or
    where it does not exist (Windows) a seek and reads (the fd is this caller's alone)."""
    pread = getattr(os, "pread", None)
    if pread is not None:
        data: bytes = pread(fd, size, offset)
        return data
    os.lseek(fd, offset, os.SEEK_SET)
    chunks: list[bytes] = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def write_parts(fd: int, parts: list[bytes]) -> None:
    """Write `parts` one after the other: os.writev (a short write goes on where it stopped), or
    where it does not exist (Windows) os.write of each."""
    views = [memoryview(p) for p in parts if p]
    writev = getattr(os, "writev", None)
    while views:
        done = writev(fd, views) if writev is not None else os.write(fd, views[0])
        while views and done >= len(views[0]):
            done -= len(views[0])
            views.pop(0)
        if views and done:
            views[0] = views[0][done:]


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def keep_owner(fd: int, old: os.stat_result) -> None:
    """Give the new file (open as `fd`) the owner and group of the file it replaces, `old`,
    where the writer may: root keeps both; a user keeps the group when it is one of theirs;
    otherwise the new file stays the writer's (logged), as any file it makes. Where files have
    no owners this way (Windows: no os.fchown) nothing is done."""
    chown = getattr(os, "fchown", None)
    if chown is None:
        return
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        chown(fd, old.st_uid, old.st_gid)
    except OSError:
        try:
            chown(fd, -1, old.st_gid)
        except OSError:
            LOG.info("cannot give the new file the owner %s:%s of the file it replaces", old.st_uid, old.st_gid)


def _rename_over(tmp_name: str, path: Path) -> None:
    os.replace(tmp_name, path)


@contextmanager
def replacing(path: Path, sync_dir: bool,
              publish: Callable[[str, Path], None] = _rename_over) -> Iterator[int]:
    """The raw file descriptor of a temporary file that replaces `path` when the block
    ends without an error: the old file's owner, group (where permitted: `keep_owner`) and
    permissions (mkstemp makes files owner-only), fsync, `publish(temporary name, path)`
    (`os.replace`; an output file's is store.output_file's), fsync of the folder. Any
    exception removes the temporary file and leaves the old file as it was; an OSError
    (disk full, no permission) becomes NotSavedError."""
    folder = path.parent
    tmp_name: str | None = None
    try:
        try:
            old: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            old = None
        if old is not None:
            mode = stat.S_IMODE(old.st_mode)
        else:
            # A new file gets the permissions a plain open() would give it.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        fd, tmp_name = _mkstemp(folder, f".{path.name}.{os.getpid()}.")
        try:
            yield fd
            if old is not None:
                keep_owner(fd, old)  # (before the mode: a change of owner clears set-id bits)
            set_mode(fd, tmp_name, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        publish(tmp_name, path)
        tmp_name = None
        if sync_dir:
            fsync_dir(folder)
    except OSError as exc:
        raise NotSavedError(
            f"{path}: not saved ({_reason(exc)}); the previous version is intact - "
            "free some disk space or check the folder's permissions, then try again",
            code="not_saved_intact", path=path, reason=_reason(exc),
        ) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                LOG.warning("a temporary file is left behind: %s", tmp_name, exc_info=True)


def atomic_write(path: str | os.PathLike[str], data: bytes, *, sync_dir: bool = True) -> None:
    """Replace `path` with `data` atomically and durably.

    `sync_dir=False` lets a caller writing many files in one folder fsync the folder once
    (with `fsync_dir`) before anything refers to them.
    """
    with replacing(Path(path), sync_dir) as fd:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]


def write_new(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a file that nothing names yet (a shard under its content's name), durably:
    written in place and fsynced, no temporary file and no rename. A crash may leave it
    cut short, which is harmless (nothing names it; the next writer of that content finds
    it damaged and writes it again, the garbage collection removes it). A caller fsyncs
    the folder. An existing file is replaced atomically instead (a reader may be using it).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except FileExistsError:
        atomic_write(path, data, sync_dir=False)
        return
    except OSError as exc:
        raise NotSavedError(f"{path}: not saved ({_reason(exc)}) - free some disk space or check the folder's permissions",
                            code="not_saved", path=path, reason=_reason(exc)) from exc
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(path)
        raise NotSavedError(
            f"{path}: not saved ({_reason(exc)}) - free some disk space or check the folder's permissions, then try again",
            code="not_saved", path=path, reason=_reason(exc),
        ) from exc


def dumps(obj: Any) -> bytes:
    """The project's JSON: UTF-8 with Chinese readable, compact separators."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_json(path: str | os.PathLike[str], obj: Any, *, sync_dir: bool = True) -> None:
    atomic_write(path, dumps(obj), sync_dir=sync_dir)
