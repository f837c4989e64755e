"""Files and folders -> ReviewStore, with a summary of what happened to each file.

Each file is read by `store.reading.extract.extract_file` (format and encoding), parsed by
`store.reading.parser.parse_reply`, and stored through `ReviewStore.add_replies` in batches.
A file that cannot be read or parsed is listed with a one-line reason; the others are
imported. The store writes every reply file before the index that points at it, so an
import killed at any moment leaves whole replies only.

index.json is rewritten whole, so it is not rewritten after every batch: the batches'
entries wait until they are a share of the index (`ReviewStore.index_due()`), and the
index is written at the end. A file counts as imported once the index naming it is
written; if that write fails, every file waiting for it is reported as not saved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from store.errors import StoreError

BATCH = 500  # replies handed to the store at once


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path skipped, path kept): one reply, two files
    ids: list[str] = field(default_factory=list)  # reply ids of the files read, in order

    @property
    def total(self) -> int:
        return self.imported + self.updated + self.unchanged + len(self.failed) + len(self.duplicates)


def supported_suffixes() -> tuple[str, ...]:
    from store.reading.extract import SUPPORTED_SUFFIXES

    return tuple(s.lower() for s in SUPPORTED_SUFFIXES)


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly, plus the supported files inside folders (recursively, sorted).

    A path that does not exist is kept, so that the import reports it as failed.
    Hidden files and folders inside a folder (.git, editor backups) are skipped, and so
    are README / CHANGELOG files: a folder of replies often carries one, and it is not a
    reply (name it directly to import it anyway).
    """
    suffixes = supported_suffixes()
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if _is_candidate(name, suffixes):
                        found.append(Path(folder) / name)
            candidates = sorted(found)
        else:
            candidates = [path]
        for file in candidates:
            key = file.resolve() if file.exists() else file
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


_NOT_REPLIES = ("readme", "changelog", "license")


def _is_candidate(name: str, suffixes: tuple[str, ...]) -> bool:
    stem, suffix = os.path.splitext(name)
    return not name.startswith(".") and suffix.lower() in suffixes and stem.lower() not in _NOT_REPLIES


def _one_line(exc: BaseException, path: Path | None = None) -> str:
    """The error as one line, without the file name when the message already starts with it
    (the summary puts the name in front)."""
    line = " ".join(str(exc).split()) or type(exc).__name__
    if path is not None and line.startswith(f"{path}:"):
        line = line[len(str(path)) + 1 :].strip()
    return line


def read_reply(path: Path, *, allow_non_reply: bool = False):
    """Extract and parse one file; raises StoreError (InputError, ParseError) with the reason.
    `allow_non_reply` reads a text that is not a reply (a proposal page) anyway."""
    from store.reading.extract import extract_file
    from store.reading.parser import parse_reply

    if not path.exists():
        raise StoreError("no such file or folder")
    text, source = extract_file(path)
    reply = parse_reply(text, allow_non_reply=allow_non_reply)
    reply.source = source
    return reply


def _reply_id(reply) -> str:
    from store.reading.parser import reply_id

    return reply_id(reply)


def import_paths(
    store,
    paths: Iterable[str | os.PathLike[str]],
    on_progress: Callable[[int, int], None] | None = None,
    *,
    allow_non_reply: bool = False,
) -> ImportSummary:
    """Import files and folders into `store`; `on_progress(done, total)` after each file.
    `allow_non_reply` imports texts that do not read as replies too (marked "not_a_reply")."""
    files = collect_files(paths)
    summary = ImportSummary()
    total = len(files)
    batch: list = []
    batch_paths: list[Path] = []
    waiting: list[tuple[Path, str, str]] = []  # (path, reply id, status) handed to the store

    def write_index() -> None:
        try:
            store.flush_index()
        except StoreError as exc:
            # Disk full or similar: these entries are not in the index (their files are
            # orphans that `check` reports); say so for every file waiting for it.
            reason = f"not saved: {_one_line(exc)}"
            for path, rid, status in waiting:
                if status == "unchanged":  # already in the index as it is
                    summary.ids.append(rid)
                    summary.unchanged += 1
                else:
                    summary.failed.append((str(path), reason))
        else:
            for _, rid, status in waiting:
                summary.ids.append(rid)
                setattr(summary, status, getattr(summary, status) + 1)
        waiting.clear()

    def flush(final: bool = False) -> None:
        if batch:
            try:
                results = store.add_replies(batch, defer_index=True)
            except StoreError as exc:
                # This batch's entries were dropped (its files are orphans); say so for
                # every file of it. Earlier batches still wait for the index.
                reason = f"not saved: {_one_line(exc)}"
                summary.failed.extend((str(p), reason) for p in batch_paths)
            else:
                waiting.extend((p, rid, status) for p, (rid, status) in zip(batch_paths, results))
            batch.clear()
            batch_paths.clear()
        if waiting and (final or store.index_due()):
            write_index()

    # Two files of one reply (a .txt and its .pdf twin: the same id, from 文号 and unit) would
    # both be stored, the later one winning and every re-import reporting "updated": the
    # first file (in the sorted order) is kept, the twin reported.
    first_file: dict[str, Path] = {}
    for done, path in enumerate(files, start=1):
        try:
            reply = read_reply(path, allow_non_reply=allow_non_reply)
            rid = _reply_id(reply)
            if rid in first_file:
                summary.duplicates.append((str(path), str(first_file[rid])))
                reply = None
            else:
                first_file[rid] = path
        except StoreError as exc:
            summary.failed.append((str(path), _one_line(exc, path)))
        except Exception as exc:
            # Whatever a reader or a library raises (an lxml error from a zip bomb once
            # stopped a whole folder): this file fails with one line, the others go on.
            summary.failed.append((str(path), f"could not read: {type(exc).__name__}: {_one_line(exc)[:200]}"))
        else:
            if reply is not None:
                batch.append(reply)
                batch_paths.append(path)
                if len(batch) >= BATCH:
                    flush()
        if on_progress is not None:
            on_progress(done, total)
    flush(final=True)
    return summary
