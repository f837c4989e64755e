"""Open a file that a user named, for reading, without ever blocking on it.

`open()` of a FIFO (named pipe) waits for a writer, forever; a read from a character
device (/dev/zero, a terminal) never ends or waits for input. A FIFO named `a.txt` in
an import folder once hung `import` while it held the writer lock. So a file is
stat()ed first and only a regular file is opened, with O_NONBLOCK (harmless for a
regular file; an open of a FIFO swapped in after the stat() returns at once), and is
checked again on the open descriptor.
"""

from __future__ import annotations

import errno
import math
import os
import stat
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "fifo", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "char_device", "a character device"),
    (stat.S_ISBLK, "block_device", "a block device"),
    (stat.S_ISSOCK, "socket", "a socket"),
)


def size_in_mb(size: int) -> str:
    """A file's size in MB (2**20 bytes) to a tenth, rounded up, as every refusal of a file too
    large says it: a file just over a 20 MB limit is "20.1 MB", never "20.0 MB, over the 20 MB
    limit"; a whole number without its tenth ("20")."""
    return f"{math.ceil(size * 10 / 2**20) / 10:g}"


class NotRegularFile(OSError):
    """The path names a FIFO, a device or a socket; `str()` says which, `kind` names it (fifo,
    char_device, block_device, socket or special: the interface's words for it, file_kind.<kind>)."""

    kind = "special"


def kind_of(mode: int) -> tuple[str, str]:
    """(its key, its English words) of a file that is not a regular one."""
    for test, key, name in _KINDS:
        if test(mode):
            return key, name
    return "special", "a special file"


def _check(mode: int, path: str) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    if not stat.S_ISREG(mode):
        key, words = kind_of(mode)
        refused = NotRegularFile(f"is {words}, not a regular file; only regular files are read")
        refused.kind = key
        raise refused


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """The regular file `path` opened for binary reading (symbolic links followed).

    Raises FileNotFoundError, IsADirectoryError, PermissionError and other OSErrors as
    open() does, and NotRegularFile for a FIFO, a device or a socket.
    """
    name = os.fspath(path)
    _check(os.stat(name).st_mode, str(name))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(name, flags)
    try:
        _check(os.fstat(fd).st_mode, str(name))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
