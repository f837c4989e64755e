"""Reading and parsing many files on every core: helper processes for a large import.

Extracting and parsing a reply costs about a millisecond of CPU, storing it a third of
that: on one core an import is bound by the parser. For a large import (PARALLEL_MIN
files or more, more than one core) `read_all` starts helper processes running `serve()`;
each is sent file paths on its stdin and answers, in order, with one pickled result per
file on its stdout. The importer takes the results in the files' order, so an import
gives the same replies, ids, reports and database whether or not helpers ran.

A helper only reads: it writes nothing into the database. It stops at the end of its
input, so when the importer is killed, its helpers read the end of their input and
stop. A helper that cannot start or dies is replaced by reading in the importer's own
process; `CPPCC_IMPORT_WORKERS=0` turns helpers off (a number sets how many).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Generator
from pathlib import Path
from typing import IO, Literal

try:
    import fcntl
except ImportError:  # (Windows: no pipe sizes to set)
    fcntl = None  # type: ignore[assignment]

from .errors import StoreError
from .model import Reply
from .reading.refusals import Reason, Refusal
from .reply_codec import mark_parsed
from .reply_prepare import PreparedReply

PARALLEL_MIN = 64  # fewer files are read in the importer's process (a helper starts in ~0.1 s)
# Paths sent ahead to each helper, and the pipe that carries its results: while the
# importer commits a batch (a pack and a journal line fsynced, ~10-20 ms on a busy disk,
# and the index fold at the end) the helpers keep parsing into their pipes. A pipe holds
# 64 KB by default, about seven replies, after which a helper waited for the importer;
# it is enlarged to PIPE_BYTES where the system allows (Linux; else the default stays).
WINDOW = 64
PIPE_BYTES = 1 << 20
_HEADER = struct.Struct(">I")

# What reading one file gives: the reply made ready to store, or the one-line reason it
# could not be read (with the refusal's code, cppcc_review.store.reading.refusals).
ReadResult = tuple[Literal["ok"], PreparedReply] | tuple[Literal["failed"], Reason]


def one_line(exc: BaseException, path: Path | None = None) -> str:
    """The error as one line, without the file name when the message already starts with it
    (the summary puts the name in front)."""
    line = " ".join(str(exc).split()) or type(exc).__name__
    if path is not None and line.startswith(f"{path}:"):
        line = line[len(str(path)) + 1 :].strip()
    return line


def reason_of(exc: StoreError, path: Path | None = None) -> Reason:
    """Why `exc` refused a file: its one line (as one_line gives it) with its code and values."""
    return Reason(one_line(exc, path), exc.code, exc.values)


def unexpected(exc: BaseException, detail: str | None = None) -> Reason:
    """An error no reader names (a library's surprise, a helper's): "could not read: <its type>: …"."""
    detail = type(exc).__name__ if detail is None else f"{type(exc).__name__}: {detail}"
    return Reason(f"could not read: {detail}", Refusal.COULD_NOT_READ, {"detail": detail})


def read_reply(path: Path, *, allow_non_reply: bool = False) -> Reply:
    """Extract and parse one file; raises StoreError (InputError, ParseError) with the reason.
    `allow_non_reply` reads a text that is not a reply (a proposal page) anyway."""
    # Imported here, not at the top: the readers load lxml, docx and pypdf, which a helper
    # needs and a command that imports nothing should not pay for.
    from .reading.extract import extract_file
    from .reading.parser import parse_reply

    text, source = extract_file(path)
    reply = parse_reply(text, allow_non_reply=allow_non_reply)
    reply.source = source
    return mark_parsed(reply)


def read_one(path: Path, allow_non_reply: bool) -> ReadResult:
    """("ok", PreparedReply) or ("failed", one-line reason): what the importer records for
    `path`. The reply's id, stored form and index entry are computed here, on the process
    that parsed it (cppcc_review.store.reply_prepare)."""
    try:
        return "ok", PreparedReply.of(read_reply(path, allow_non_reply=allow_non_reply)).computed()
    except StoreError as exc:
        return "failed", reason_of(exc, path)
    except Exception as exc:
        # Whatever a reader or a library raises (an lxml error from a zip bomb once
        # stopped a whole folder).
        return "failed", unexpected(exc, one_line(exc)[:200])


def workers_wanted(count: int) -> int:
    setting = os.environ.get("CPPCC_IMPORT_WORKERS", "").strip()
    if setting.isdigit():
        return min(int(setting), 8) if count >= 1 else 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if count < PARALLEL_MIN or cores < 2:
        return 0
    return min(cores, 4)


class _Helper:
    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parent.parent)
        code = f"import sys; sys.path.insert(0, {root!r}); from cppcc_review.store.parse_workers import serve; serve()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None  # (both are pipes)
        self.stdin: IO[bytes] = self.proc.stdin
        self.stdout: IO[bytes] = self.proc.stdout
        set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
        if set_pipe_size is not None:
            with contextlib.suppress(OSError):  # above the system's limit for this user: the default
                fcntl.fcntl(self.stdout.fileno(), set_pipe_size, PIPE_BYTES)
        self.sent: deque[int] = deque()

    def send(self, index: int, path: Path, allow_non_reply: bool) -> None:
        line = f"{int(allow_non_reply)}\t{os.fsencode(str(path)).hex()}\n".encode("ascii")
        self.stdin.write(line)
        self.stdin.flush()
        self.sent.append(index)

    def receive(self) -> ReadResult:
        head = self.stdout.read(_HEADER.size)
        if len(head) < _HEADER.size:
            raise EOFError("helper stopped")
        size = _HEADER.unpack(head)[0]
        body = self.stdout.read(size)
        if len(body) < size:
            raise EOFError("helper stopped")
        self.sent.popleft()
        result: ReadResult = pickle.loads(body)  # what serve() sent: read_one()'s result
        return result

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.stdin.close()
        with contextlib.suppress(OSError):
            self.stdout.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def read_all(files: list[Path], allow_non_reply: bool = False) -> Generator[ReadResult, None, None]:
    """read_one of each file, in order; on helper processes when it is worth it."""
    count = workers_wanted(len(files))
    helpers: list[_Helper] = []
    try:
        for _ in range(count):
            helpers.append(_Helper())
    except OSError:
        pass
    if not helpers:
        for path in files:
            yield read_one(path, allow_non_reply)
        return
    try:
        sent = 0
        for i, path in enumerate(files):
            while sent < len(files) and sent < i + WINDOW * len(helpers):
                helper = helpers[sent % len(helpers)]
                with contextlib.suppress(OSError, ValueError):  # a helper gone: its files are read here when their turn comes
                    helper.send(sent, files[sent], allow_non_reply)
                sent += 1
            helper = helpers[i % len(helpers)]
            result: ReadResult | None = None
            if helper.sent and helper.sent[0] == i:
                try:
                    result = helper.receive()
                except (EOFError, OSError, pickle.UnpicklingError, ValueError):
                    helper.sent.clear()
                    result = None
            if result is None:
                result = read_one(path, allow_non_reply)
            yield result
    finally:
        for helper in helpers:
            helper.close()


def serve() -> None:
    """A helper's loop: a path a line in, a pickled result per path out, until end of input."""
    out = sys.stdout.buffer
    for raw in sys.stdin.buffer:
        flag, _, hexpath = raw.strip().partition(b"\t")
        path = Path(os.fsdecode(bytes.fromhex(hexpath.decode("ascii"))))
        try:
            body = pickle.dumps(read_one(path, flag == b"1"), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            body = pickle.dumps(("failed", unexpected(exc)))
        try:
            out.write(_HEADER.pack(len(body)) + body)
            out.flush()
        except (BrokenPipeError, OSError):
            return
