"""A large reply's reading aids read by a child process: `python -m cppcc_review.tui.aids_child`.

Why a process: the checks and hints of a reply of megabytes take seconds of Python and of long
regular-expression scans and `str.translate`s that hold the interpreter's lock for up to half a
second each (benchmarks/large_reply.py); in a thread of the app's process they made the review
screen's keys wait up to 1.6 s. A process of its own shares no lock with the keys. It starts in
~0.15 s (the checks' and hints' imports; no Textual), is given the reply and the hints' reader
(`HintReader`: plain data, the reviewer's model as it is when the reply opens) and sends back
each piece as soon as it is read, the suggestion on screen first:

  - the hint of the suggestion shown when the reading starts (`AidsRequest.first`),
  - the reply's findings (the checks', then its parse notes: `reply_findings`),
  - the other suggestions' hints, the one nearest to the suggestion shown now first (the parent
    says which it is whenever the reviewer moves: `ChildReading.follow`).

The pieces are what the app's own thread computes for a smaller reply (the same functions, the
same order of nothing that matters: each piece reads the reply alone). A piece that fails is
logged (the child's log records are sent to the parent, which writes them to its log) and
given as none: no findings, or no hint. The parent kills the child when the reviewer leaves the
reply (`ChildReading.stop`); a child whose parent is gone stops at the end of its input.

Protocol (pickles, trusted: the parent started the child): in, an `AidsRequest`, then suggestion
indexes (the one shown); out, ("hint", index, Hint | None), ("findings", [Finding | ParseNote]),
("log", level, logger name, text), and ("done",) at the end.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any

from ..store.log import LOG
from ..store.model import Reply, Suggestion
from .gc_freeze import paused
from .parse_notes import ParseNote, parse_notes

if TYPE_CHECKING:
    from ..store.aids.checks import Finding
    from ..store.aids.hint_learner import HintReader
    from ..store.aids.hints import Hint

CHILD_MODULE = "cppcc_review.tui.aids_child"
# The child's CPU priority (added to the app's): on a busy machine the app's thread comes first.
CHILD_NICE = 5

# Phrases of a hint's evidence sent at a time (a few milliseconds of the parent's reading).
EVIDENCE_PIECE = 10_000

#: a piece of a large reply's aids, as the child sends it
Piece = tuple[Any, ...]


@dataclass(frozen=True)
class AidsRequest:
    reply: Reply
    read: HintReader | None  # None: the hints could not be read (logged), none are given
    lang: str
    scheme: str
    vague: bool
    first: int  # the suggestion shown: its hint comes first


def check_reply(reply: Reply, *, lang: str, scheme: str, vague: bool) -> list[Finding]:
    """cppcc_review.store.aids.checks.check_reply, imported when first needed."""
    from ..store.aids.checks import check_reply as check

    return check(reply, lang=lang, scheme=scheme, vague=vague)


def reply_findings(reply: Reply, *, lang: str, scheme: str, vague: bool,
                   check: Callable[..., list[Finding]] | None = None) -> Sequence[Finding | ParseNote]:
    """The checks' findings on `reply` (`check`: check_reply), then its parse warnings
    (cppcc_review.tui.parse_notes)."""
    try:
        found = (check or check_reply)(reply, lang=lang, scheme=scheme, vague=vague)
    except Exception:
        LOG.exception("check_reply failed on %s", reply.doc_no or reply.title)
        return parse_notes(reply, lang)
    return [*found, *parse_notes(reply, lang, frozenset(f.kind for f in found))]


def read_hint(read: Callable[[Reply, Suggestion], Hint | None], reply: Reply, suggestion: Suggestion) -> Hint | None:
    try:
        return read(reply, suggestion)
    except Exception:
        LOG.exception("suggest_rating failed on %s #%s", reply.doc_no or reply.title, suggestion.index)
        return None


def nearness(near: int) -> Callable[[int], tuple[int, int]]:
    """The key that orders suggestion indexes by how soon they are wanted with suggestion `near`
    shown: the nearest first, the later one of two as near (`j` is the usual key). The one rule of
    which large suggestion is read first: its hint here, its body (tui/screens/review_reading.py)."""
    return lambda index: (abs(index - near), -index)


def hint_order(indexes: Sequence[int], near: int) -> int:
    """The index of `indexes` wanted first with `near` shown (`nearness`)."""
    return min(indexes, key=nearness(near))


def read_aids(request: AidsRequest, shown: Callable[[], int]) -> Iterator[Piece]:
    """The pieces of `request`'s aids in the order they are wanted: the first suggestion's hint, the
    findings, then the hint nearest to `shown()` (the suggestion on screen now) each time."""
    reply, read = request.reply, request.read
    by_index = {s.index: s for s in reply.suggestions}
    left = list(by_index)
    if read is not None and request.first in by_index:
        left.remove(request.first)
        yield from _hint_pieces(request.first, read_hint(read, reply, by_index[request.first]))
    yield ("findings", reply_findings(reply, lang=request.lang, scheme=request.scheme, vague=request.vague))
    while left and read is not None:
        index = hint_order(left, shown())
        left.remove(index)
        yield from _hint_pieces(index, read_hint(read, reply, by_index[index]))


def _hint_pieces(index: int, hint: Hint | None) -> Iterator[Piece]:
    """("hint", index, hint); a hint of more than EVIDENCE_PIECE phrases of evidence (339,000 at
    10 MB) sends them first, EVIDENCE_PIECE at a time as plain tuples, and then itself without
    them: one pickle of them all took the parent 0.5 s to read, holding the interpreter lock."""
    if hint is None or len(hint.evidence) <= EVIDENCE_PIECE:
        yield ("hint", index, hint)
        return
    for at in range(0, len(hint.evidence), EVIDENCE_PIECE):
        yield ("evidence", index, [(e.start, e.end, e.kind, e.text) for e in hint.evidence[at:at + EVIDENCE_PIECE]])
    yield ("hint", index, replace(hint, evidence=[]))


class _Relay(logging.Handler):
    """Sends the child's log records to the parent (which writes them to its own log)."""

    def __init__(self, send: Callable[[Piece], None]) -> None:
        super().__init__()
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        with suppress(Exception):
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            self.send(("log", record.levelno, record.name, text))


def main() -> None:
    if hasattr(os, "nice"):
        with suppress(OSError):
            os.nice(CHILD_NICE)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    lock = threading.Lock()

    def send(piece: Piece) -> None:
        data = pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL)
        with lock:
            sink.write(data)
            sink.flush()

    LOG.addHandler(_Relay(send))
    LOG.propagate = False
    request: AidsRequest = pickle.load(source)
    shown = [request.first]

    def listen() -> None:
        with suppress(EOFError, OSError, pickle.UnpicklingError):
            while True:
                shown[0] = int(pickle.load(source))
        os._exit(0)  # the parent has stopped listening (or is gone): nothing more is wanted

    threading.Thread(target=listen, daemon=True, name="aids-child-listen").start()
    for piece in read_aids(request, lambda: shown[0]):
        send(piece)
    send(("done",))


class ChildFailed(RuntimeError):
    """The child ended without saying it was done (killed, or it crashed)."""


class ChildReading:
    """One reading of a large reply's aids by a child process, seen from the app: `pieces()` (on a
    worker thread) starts the child and yields each piece it sends; `follow(index)` says which
    suggestion is shown now (any thread); `stop()` kills the child (any thread)."""

    def __init__(self, request: AidsRequest) -> None:
        self._request = request
        self._shown = request.first
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._started = threading.Event()  # the request is written: indexes may follow it
        self._errors: IO[bytes] | None = None  # the child's stderr
        self._lock = threading.Lock()

    @staticmethod
    def command() -> list[str]:
        return [sys.executable, "-m", CHILD_MODULE]

    def follow(self, index: int) -> None:
        self._shown = index
        if self._started.is_set():
            self._tell(index)

    def _tell(self, index: int) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None:
            return
        with self._lock, suppress(OSError, ValueError):  # (the child has ended or been stopped)
            proc.stdin.write(pickle.dumps(index))
            proc.stdin.flush()

    def stop(self) -> None:
        self._stopped = True
        proc = self._proc
        if proc is not None and proc.poll() is None:
            with suppress(OSError):
                proc.kill()

    def _start(self, errors: IO[bytes]) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        self._proc = proc
        if self._stopped:
            proc.kill()
        assert proc.stdin is not None
        with suppress(OSError):  # (stopped meanwhile: its output ends at once)
            proc.stdin.write(pickle.dumps(replace(self._request, first=self._shown),
                                          protocol=pickle.HIGHEST_PROTOCOL))
            proc.stdin.flush()
        self._started.set()
        self._tell(self._shown)  # (moved while the request was being written)
        return proc

    def start(self) -> None:
        """Start the child and give it the request (on the worker's thread: it writes megabytes)."""
        if self._errors is None:
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115  (closed when the pieces end)
            self._start(self._errors)

    def pieces(self) -> Iterator[Piece]:
        """Each piece as the child sends it (started if `start` was not called); ChildFailed when it
        ends without being done (not when it was stopped: then the pieces just end)."""
        from ..store.aids.hint import Evidence

        self.start()
        phrases: dict[int, list[Evidence]] = {}  # a hint's evidence sent ahead of it, by suggestion
        proc, errors = self._proc, self._errors
        assert proc is not None and proc.stdout is not None and errors is not None
        try:
            while True:
                try:
                    piece = pickle.load(proc.stdout)
                except (EOFError, pickle.UnpicklingError, OSError) as exc:
                    if self._stopped:
                        return
                    proc.wait()
                    errors.seek(0)
                    said = errors.read().decode("utf-8", "replace").strip().splitlines()
                    raise ChildFailed(f"the aids' child process ended ({proc.returncode})"
                                      + (f": {said[-1]}" if said else "")) from exc
                if piece[0] == "done":
                    return
                if piece[0] == "evidence":
                    evidence = phrases.setdefault(piece[1], [])
                    with paused():  # (objects that live on: cppcc_review.tui.gc_freeze)
                        evidence.extend(Evidence(*fields) for fields in piece[2])
                    continue
                if piece[0] == "hint" and piece[1] in phrases:
                    piece = ("hint", piece[1], replace(piece[2], evidence=phrases.pop(piece[1])))
                if piece[0] == "log":
                    _level, name, text = piece[1:]
                    logging.getLogger(name).log(_level, "(aids' child process) %s", text)
                    continue
                yield piece
        finally:
            self.stop()
            with suppress(OSError):
                proc.wait()
                for pipe in (proc.stdin, proc.stdout, errors):
                    if pipe is not None:
                        pipe.close()


if __name__ == "__main__":
    main()
