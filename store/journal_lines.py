"""The journal's lines (cppcc_review.store.journal): encoding and decoding one line (a CRC32, then the
JSON of its tables, appended documents and index entries), a damaged or torn tail told
apart, a line applied to tables; and LazyTables, the dict that loads a table from its
shard when first asked for."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import backups, schema
from .atomic import dumps

JOURNAL = "reviews.journal"
HISTORY_PREFIX = "h:"  # tables named so are written by append() and live in changes/ shards
INDEX_PART = "index"  # the fold mark of the index entries (cppcc_review.store.fold)


def is_history(name: str) -> bool:
    return name.startswith(HISTORY_PREFIX)


def _line(entry: dict[str, Any]) -> bytes:
    payload = dumps(entry)
    return b"%08x " % (zlib.crc32(payload) & 0xFFFFFFFF) + payload + b"\n"


def encode_line(
    tables: dict[str, Any],
    append: dict[str, dict[str, Any]] | None = None,
    index: dict[str, dict[str, Any]] | None = None,
) -> bytes:
    entry: dict[str, Any] = {"tables": tables}
    if append:
        entry["append"] = append
    if index:
        entry["index"] = index
    return _line(entry)


def new_journal_id() -> str:
    # What secrets.token_hex(8) returns, without importing secrets (hmac, base64) at each start.
    return os.urandom(8).hex()


def encode_header(journal_id: str) -> bytes:
    """The journal's first line: its id (named by the manifest) and when it was started."""
    return _line({"journal": journal_id, "created": datetime.now().astimezone().isoformat(timespec="seconds")})


def _decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry of a journal line ({"tables", "append", "index"} or {"journal"}), or None if damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        # Compared as the exact bytes written: int(..., 16) would also accept " 1a2b3c4", "+1a2b3c4",
        # "1_2b3c4d" or upper case, so a flipped bit in the checksum itself could pass unnoticed.
        if line[:8] != b"%08x" % (zlib.crc32(payload) & 0xFFFFFFFF):
            return None
        entry = json.loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(entry, dict):
        return None
    if "journal" in entry:
        return {"journal": entry["journal"]} if isinstance(entry["journal"], str) else None
    tables = entry.get("tables")
    if not isinstance(tables, dict):
        return None
    append = entry.get("append", {})
    index = entry.get("index", {})
    try:
        backups.check_tables({k: v for k, v in tables.items() if v is not None})
        schema.check_reviews(tables)
        backups.check_appended(append)
        schema.check_history(append)
        backups.check_tables({"replies": index})
        schema.check_index({"replies": index})
        if any(doc.get("id") != rid for rid, doc in index.items()):
            return None
    except backups.Problem:
        return None
    return {"tables": tables, "append": append, "index": index}


def apply_entry(data: dict[str, Any], entry: dict[str, Any], history: dict[str, Any] | None = None) -> None:
    """Apply one decoded journal line to plain dicts: whole tables to `data`, then appended
    documents to `history` (to `data` when `history` is None). A header line changes nothing."""
    if "tables" not in entry:
        return
    for name, table in entry["tables"].items():
        if table is None:
            data.pop(name, None)
        else:
            data[name] = table
    target = data if history is None else history
    for name, docs in entry["append"].items():
        target.setdefault(name, {}).update(docs)


def split_history(data: dict[str, Any]) -> dict[str, Any]:
    """Take the history tables out of `data` (a snapshot from before history.json) and return them."""
    return {name: data.pop(name) for name in [n for n in data if is_history(n)]}


def merge_history(into: dict[str, Any], docs: dict[str, Any]) -> None:
    for name, table in docs.items():
        into.setdefault(name, {}).update(table)


def read_journal_id(path: Path) -> str | None:
    """The id in the journal's first line (None: no journal, or no header line)."""
    try:
        with open(path, "rb") as f:
            first = f.readline(4096)
    except OSError:
        return None
    entry = _decode_line(first.rstrip(b"\n")) if first.endswith(b"\n") else None
    return entry.get("journal") if entry else None


@dataclass
class Lines:
    """What a journal's bytes hold: good entries and where each ends, and a torn tail."""

    journal_id: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)  # change lines, in order
    ends: list[int] = field(default_factory=list)  # the byte each entry's line ends at
    good_size: int = 0  # bytes of the whole, good lines (header included)
    torn: bytes = b""  # an unterminated last line (an append that never finished)
    damaged: list[int] = field(default_factory=list)  # line numbers (1-based) failing their checksum
    total: int = 0  # complete lines


def parse_lines(raw: bytes, *, start_line: int = 1, offset: int = 0) -> Lines:
    """Split journal bytes into entries; damaged lines are listed (not raised)."""
    out = Lines()
    parts = raw.split(b"\n")
    tail = parts.pop()  # b"" after a final newline
    out.total = len(parts)
    at = 0
    for number, line in enumerate(parts, start=start_line):
        entry = _decode_line(line)
        at += len(line) + 1
        if entry is None:
            out.damaged.append(number)
        elif "journal" in entry:
            if number == 1:
                out.journal_id = entry["journal"]
            else:
                out.damaged.append(number)  # a first line in the middle: not ours
        else:
            out.entries.append(entry)
            out.ends.append(offset + at)
        if not out.damaged:
            out.good_size = at
    if tail:
        if _decode_line(tail[:-1]) is not None:
            out.damaged.append(start_line + len(parts))  # a whole line whose end-of-line byte was hit
        else:
            out.torn = tail
    return out


def damage_message(lines: Lines, first_line: int = 1) -> str:
    """`line 3 of 10 is damaged ...` (numbers count every line of the file, the first included)."""
    n = len(lines.damaged)
    where = ", ".join(map(str, lines.damaged[:5])) + (" ..." if n > 5 else "")
    last = first_line - 1 + lines.total + bool(lines.torn)
    return (f"line{'s' if n > 1 else ''} {where} of {last} {'are' if n > 1 else 'is'} damaged "
            "(checksum or content): a change that was saved cannot be read")


class LazyTables(dict[str, dict[str, Any]]):
    """The tables TinyDB sees: a table is read from its shard (`loader(name)`, None when it
    does not exist) the first time it is asked for, and kept. Tables the journal removed
    are known to be absent."""

    def __init__(self, loader: Callable[[str], dict[str, Any] | None] | None = None):
        super().__init__()
        self._loader = loader
        self.absent: set[str] = set()

    def __missing__(self, name: str) -> dict[str, Any]:
        if name in self.absent or self._loader is None:
            raise KeyError(name)
        table = self._loader(name)
        if table is None:
            self.absent.add(name)
            raise KeyError(name)
        dict.__setitem__(self, name, table)
        return table

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        self.absent.discard(name)
        dict.__setitem__(self, name, table)

    def load(self, name: str) -> dict[str, Any] | None:
        try:
            return self[name]
        except KeyError:
            return None

    def remove(self, name: str) -> None:
        """The table no longer exists (a journal line removed it)."""
        dict.pop(self, name, None)
        self.absent.add(name)

    def forget(self, name: str) -> None:
        """Read the table from its shard again when next asked for."""
        dict.pop(self, name, None)
        self.absent.discard(name)


