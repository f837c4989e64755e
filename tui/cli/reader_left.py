"""A command's output whose reader leaves early (`cppcc-review import … 2>&1 | head -1`).

When the reader of a pipe closes it, the next write raises BrokenPipeError. Raised out of the
command, it stopped the command where it stood: a merge whose report came first never wrote its
file, and a run that had failed ended with exit 0 (the handler had no status to keep but 0).
Here standard output and standard error are wrapped for the command's run: a write or a flush
that finds its reader gone points that stream at /dev/null and goes on, so the command does
all its work and returns the status it earned. A terminal is left as it is (its reader does
not leave this way, and the app needs the real streams).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO


class ReaderTolerantStream:
    """A text stream that, once its reader has left, writes to /dev/null instead of raising."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.reader_left = False

    def write(self, text: str) -> int:
        if not self.reader_left:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._leave()
        return len(text)

    def flush(self) -> None:
        if not self.reader_left:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._leave()

    def _leave(self) -> None:
        """What is still buffered, and every later write through the stream's own buffer (an
        export's YAML goes straight to stdout.buffer), ends in /dev/null: the interpreter's last
        flush at exit must not fail again (it would turn the exit status into 120)."""
        self.reader_left = True
        try:
            fd = self._stream.fileno()
        except (OSError, ValueError, io.UnsupportedOperation):  # (not a file: a test's capture)
            return
        to_devnull(fd)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, buffer, encoding...: the stream's own
        return getattr(self._stream, name)


def _tolerant(stream: TextIO | None) -> TextIO | None:
    if stream is None or isinstance(stream, ReaderTolerantStream):
        return stream
    try:
        if stream.isatty():
            return stream
    except (OSError, ValueError):
        return stream
    return ReaderTolerantStream(stream)  # type: ignore[return-value]  # (a TextIO in all a command uses)


@contextmanager
def outputs_outlive_their_reader() -> Iterator[None]:
    """Standard output and standard error, for the block, wrapped as ReaderTolerantStream
    (each unless it is a terminal); at the end what is buffered is flushed through them."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _tolerant(out), _tolerant(err)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                with suppress(OSError, ValueError):  # (a stream already closed: nothing left to say)
                    stream.flush()
        sys.stdout, sys.stderr = out, err


def to_devnull(fd: int) -> None:
    """Point file descriptor `fd` at /dev/null (the descriptor opened for it closed again)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
