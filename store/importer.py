"""Files and folders -> ReviewStore, with a summary of what happened to each file.

Each file is read by `cppcc_review.store.reading.extract.extract_file` (format and encoding), parsed by
`cppcc_review.store.reading.parser.parse_reply`, and stored through `ReviewStore.add_replies` in batches: one
pack file and one journal line per batch (a group commit: a batch is stored whole or not
at all; cppcc_review.store.reply_import). A file that cannot be read or parsed is listed with a
one-line reason; the others are imported. A file counts as imported once its batch's
line is written. A large import reads and parses on every core (cppcc_review.store.parse_workers).

The index shards are brought up to date from the journal when the entries waiting there
are a share of the index (`ReviewStore.index_due()`), and at the end, so an import
writes O(N) bytes of index. If that last step fails (a full disk) nothing is lost: the
journal holds every entry, and the next writer folds it.

Ctrl-C stops an import with `ImportInterrupted`, which carries the summary of what was
stored before it: a batch being stored when it came is finished first, so the summary
counts exactly the replies the database holds (interrupted in the last step, all of them).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import NotSavedError, StoreError
from .model import Reply
from .parse_workers import one_line as _one_line
from .parse_workers import read_all
from .reading.refusals import Reason, Refusal
from .reply_links import SourceLinks
from .reply_prepare import PreparedReply

BATCH = 100  # replies handed to the store at once: one pack and one journal line


class ImportingStore(Protocol):
    """What an import uses of the store (cppcc_review.store.db.ReviewStore; its import
    part is cppcc_review.store.reply_import)."""

    def add_replies(self, replies: Iterable[Reply | PreparedReply], *, defer_index: bool = False,
                    links: SourceLinks | None = None) -> list[tuple[str, str]]: ...
    def source_links(self) -> SourceLinks: ...
    def index_due(self) -> bool: ...
    def flush_index(self) -> None: ...


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, Reason]] = field(default_factory=list)  # (path, one-line reason with its code)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path skipped, path kept): one reply, two files
    same_text: set[str] = field(default_factory=set)  # the skipped paths whose twin has no 文号 (one by its text)
    ids: list[str] = field(default_factory=list)  # reply ids of the files read, in order

    @property
    def total(self) -> int:
        return self.imported + self.updated + self.unchanged + len(self.failed) + len(self.duplicates)


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl-C during `import_paths`: `summary` counts what was stored before it (each batch whole
    or not at all), of the `files` named; a file not in it was not imported."""

    def __init__(self, summary: ImportSummary, files: int) -> None:
        super().__init__()
        self.summary = summary
        self.files = files


@contextlib.contextmanager
def _batch_not_interrupted() -> Iterator[None]:
    """Ctrl-C while a batch is stored raised once it is stored (a few tens of milliseconds).
    The batch is stored whole or not at all either way, but interrupted inside the call it might
    be stored without being counted; so the summary of an interrupted import holds exactly what
    the database holds. Only where Ctrl-C means KeyboardInterrupt: the main thread, with Python's
    own handler (the app imports on a worker thread)."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if caught:
        raise KeyboardInterrupt


def supported_suffixes() -> tuple[str, ...]:
    from .reading.extract import SUPPORTED_SUFFIXES

    return tuple(s.lower() for s in SUPPORTED_SUFFIXES)


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly, plus the supported files inside folders (recursively, sorted).

    A path that does not exist is kept, so that the import reports it as failed.
    Hidden files and folders inside a folder (.git, editor backups) are skipped, and so
    are README / CHANGELOG files: a folder of replies often carries one, and it is not a
    reply (name it directly to import it anyway).
    """
    return [file for file, _real in _collect(paths)]


def _collect(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """collect_files, each file with its real path (what a reply without 文号 is found by
    when its file changes: cppcc_review.store.reply_links)."""
    suffixes = supported_suffixes()
    files: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            candidates = _files_in(path, suffixes)
        else:
            candidates = [(str(path), str(path.resolve()) if path.exists() else str(path))]
        for file, key in candidates:
            if key not in seen:
                seen.add(key)
                files.append((Path(file), key))
    return files


def _files_in(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(path, real path) of the candidate files under `folder`, sorted as paths sort.

    What os.walk + Path.resolve() per file gave, in one scandir pass: at 100,000 files
    resolving each (an lstat per path component) and sorting Path objects took ~10 s
    before the first file was read. A folder reached without a symbolic link is where
    its real path says, so a file's real path is its folder's plus its name; a file
    that is a symbolic link is resolved as before. Folders that are symbolic links are
    not entered (as os.walk does not), nor hidden ones."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    stack: list[tuple[tuple[str, ...], str, str]] = [((), str(folder), os.path.realpath(folder))]
    while stack:
        rel, here, real_here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is left out
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith(".") and not entry.is_symlink():
                    stack.append(((*rel, name), entry.path, os.path.join(real_here, name)))
            elif _is_candidate(name, suffixes):
                if entry.is_symlink():
                    key = os.path.realpath(entry.path) if os.path.exists(entry.path) else entry.path
                else:
                    key = os.path.join(real_here, name)
                found.append(((*rel, name), entry.path, key))
    found.sort()
    return [(file, key) for _, file, key in found]


_NOT_REPLIES = ("readme", "changelog", "license")


def _is_candidate(name: str, suffixes: tuple[str, ...]) -> bool:
    stem, suffix = os.path.splitext(name)
    return not name.startswith(".") and suffix.lower() in suffixes and stem.lower() not in _NOT_REPLIES


def import_paths(
    store: ImportingStore,
    paths: Iterable[str | os.PathLike[str]],
    on_progress: Callable[[int, int], None] | None = None,
    *,
    allow_non_reply: bool = False,
    on_stored: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import files and folders into `store`; `on_progress(done, total)` after each file read,
    `on_stored(n)` after each batch stored, with the replies stored so far (a count a reviewer can
    be shown: the files read run up to a batch ahead of what is on disk).
    `allow_non_reply` imports texts that do not read as replies too (marked "not_a_reply").
    Ctrl-C raises ImportInterrupted, with the summary of what was stored before it."""
    found = _collect(paths)
    summary = ImportSummary()
    try:
        _import(store, found, summary, on_progress, allow_non_reply, on_stored)
    except KeyboardInterrupt as exc:
        raise ImportInterrupted(summary, len(found)) from exc
    return summary


def _import(store: ImportingStore, found: list[tuple[Path, str]], summary: ImportSummary,
            on_progress: Callable[[int, int], None] | None, allow_non_reply: bool,
            on_stored: Callable[[int], None] | None = None) -> None:
    """import_paths' work: the files read (on helpers when many), stored a batch at a time, and
    counted in `summary` as each batch is stored."""
    files = [file for file, _real in found]
    links = store.source_links()
    total = len(files)
    batch: list[PreparedReply] = []
    batch_paths: list[Path] = []

    def flush(final: bool = False) -> None:
        if batch:
            with _batch_not_interrupted():  # (until it is counted)
                try:
                    results = store.add_replies(batch, defer_index=True, links=links)
                except StoreError as exc:
                    # This batch was not stored (its pack, if written, is an orphan `check`
                    # reports); say so for every file of it. Earlier batches are stored.
                    detail = _one_line(exc)
                    reason = Reason(f"not saved: {detail}", Refusal.NOT_SAVED, {"detail": detail})
                    summary.failed.extend((str(p), reason) for p in batch_paths)
                else:
                    for (rid, status) in results:
                        summary.ids.append(rid)
                        setattr(summary, status, getattr(summary, status) + 1)
                    if on_stored is not None:
                        on_stored(summary.imported + summary.updated + summary.unchanged)
            batch.clear()
            batch_paths.clear()
        if final or store.index_due():
            with contextlib.suppress(NotSavedError):  # a full disk: every entry is in the journal; the next writer folds it
                store.flush_index()

    # Two files of one reply (a .txt and its .pdf twin: the same id, from 文号 and unit; or,
    # without 文号, the same words however laid out) would both be stored, the later one
    # winning and every re-import reporting "updated": the first file (in the sorted order)
    # is kept, the twin reported.
    first_file: dict[str, Path] = {}
    results = read_all(files, allow_non_reply)
    try:
        for done, ((path, real), result) in enumerate(zip(found, results, strict=False), start=1):
            if result[0] == "ok":
                reply = result[1]
                reply.source_path = real
                key = reply.entry.get("text_key")
                rid = f"text:{key}" if key and not reply.doc_no else reply.reply_id
                if rid in first_file:
                    summary.duplicates.append((str(path), str(first_file[rid])))
                    if key and not reply.doc_no:
                        summary.same_text.add(str(path))
                else:
                    first_file[rid] = path
                    batch.append(reply)
                    batch_paths.append(path)
                    if len(batch) >= BATCH:
                        flush()
            else:
                summary.failed.append((str(path), result[1]))
            if on_progress is not None:
                on_progress(done, total)
    finally:
        results.close()  # helper processes, if any, stop
    flush(final=True)
