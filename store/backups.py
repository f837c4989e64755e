"""Rotating backups in `<db>/backups/` and the checks that tell a good copy from a bad one.

A backup is a byte copy of `index.json`, `reviews.json` or `history.json` named
`<kind>-<timestamp>.json`,
written atomically. "Good" means: UTF-8, JSON, an object of TinyDB tables (objects of
objects). Every CorruptError names the newest good backup so the message says what to do.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from store.atomic import atomic_write, fsync_dir
from store.errors import CorruptError

KINDS = ("index", "reviews", "history")


class Problem(Exception):
    """What is wrong with a file's content (a phrase, no file name)."""


def parse_tables(raw: bytes) -> dict[str, dict[str, Any]]:
    """Decode a TinyDB JSON document, or raise Problem saying what is wrong with it."""
    if not raw:
        raise Problem("the file is empty (0 bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(f"not valid UTF-8 at byte {exc.start}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = "at the end (truncated?)" if exc.pos >= len(text.rstrip()) else f"at line {exc.lineno} column {exc.colno}"
        raise Problem(f"not valid JSON {where}: {exc.msg}") from None
    check_tables(data)
    return data


def check_tables(data: Any) -> None:
    if not isinstance(data, dict):
        raise Problem(f"expected an object of tables, found {type(data).__name__}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise Problem(f"table {name!r} is a {type(table).__name__}, not an object of documents")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise Problem(f"document {doc_id} of table {name!r} is a {type(doc).__name__}, not an object")


def check_appended(data: Any) -> None:
    """The `append` part of a journal line: {table: {doc_id: document}}, ids being numbers
    (replay adds each document under its id, which must be one TinyDB can read)."""
    check_tables(data)
    for name, table in data.items():
        for doc_id in table:
            if not (doc_id.isascii() and doc_id.isdigit()):
                raise Problem(f"document id {doc_id!r} appended to table {name!r} is not a number")


def folder(db_path: Path) -> Path:
    return Path(db_path) / "backups"


def list_backups(db_path: Path, kind: str) -> list[Path]:
    """Backups of one kind, newest first (names sort by time)."""
    where = folder(db_path)
    if not where.is_dir():
        return []
    return sorted(where.glob(f"{kind}-*.json"), reverse=True)


def is_good(path: Path) -> bool:
    try:
        parse_tables(path.read_bytes())
    except (OSError, Problem):
        return False
    return True


def newest_good(db_path: Path, kind: str) -> Path | None:
    for path in list_backups(db_path, kind):
        if is_good(path):
            return path
    return None


def take(db_path: Path, source: Path, kind: str, keep: int) -> Path | None:
    """Copy `source` into backups/ (atomically) and keep the newest `keep` copies of its kind."""
    if keep <= 0 or not source.exists():
        return None
    where = folder(db_path)
    where.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = where / f"{kind}-{stamp}.json"
    atomic_write(target, source.read_bytes())
    for old in list_backups(db_path, kind)[keep:]:
        try:
            old.unlink()
        except OSError:
            pass  # a backup we cannot delete is only wasted space
    fsync_dir(where)
    return target


def newest_matches(db_path: Path, kind: str, source: Path) -> bool:
    """True when the newest backup of `kind` already holds exactly `source`'s bytes."""
    backups = list_backups(db_path, kind)
    if not backups or not source.exists():
        return False
    try:
        if os.path.getsize(backups[0]) != os.path.getsize(source):
            return False
        return backups[0].read_bytes() == source.read_bytes()
    except OSError:
        return False


def corrupt(db_path: Path, file: Path, problem: str, kind: str) -> CorruptError:
    """The one-line error for a damaged file, naming the newest good backup."""
    backup = newest_good(db_path, kind)
    if backup is not None:
        advice = f"newest good backup: {backup}; run `cppcc-review db restore --db {db_path}` to bring it back"
    else:
        advice = "no good backup exists; restore the folder from your own copy"
    return CorruptError(f"{file}: {problem}; {advice}")
