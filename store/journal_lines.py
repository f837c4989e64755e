"""The journal's lines (cppcc_review.store.journal): encoding and decoding one line (a CRC32, then the
JSON of its tables, appended documents and index entries, which opens with the names of
what the line changes), a damaged or torn tail told apart, a line applied to tables; and
LazyTables, the dict that takes a table from the journal or loads it from its shard when
first asked for.

A line's names (`{"names":["_meta","r:<id>","+h:<id>","#"],"tables":...}`: whole tables
as they are, `+` before a history table the line appends to, `#` when it carries index
entries) are the first key of its JSON, so an open finds them with a byte search after
the CRC check, without decoding the rest: the line is decoded, its content checked, when
a table it names is first read (cppcc_review.store.journal_replay). They are inside the
JSON and covered by the CRC, so a release that does not know them reads the line as
before (it ignores the key). A line without names (written by an earlier release, or
one naming a table whose name could not be listed so) is decoded at open, as before."""

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
from .errors import coded

JOURNAL = "reviews.journal"
HISTORY_PREFIX = "h:"  # tables named so are written by append() and live in changes/ shards
INDEX_PART = "index"  # the fold mark of the index entries (cppcc_review.store.fold)


def is_history(name: str) -> bool:
    return name.startswith(HISTORY_PREFIX)


def _line(entry: dict[str, Any], names: list[str] | None = None) -> bytes:
    payload = dumps(entry)
    if names:  # the first key, ahead of what it names: `{"names":[...],"tables":...}`
        payload = b'{"names":' + dumps(names) + b"," + payload[1:]
    return b"%08x " % (zlib.crc32(payload) & 0xFFFFFFFF) + payload + b"\n"


NAMES_START = b'{"names":["'
INDEX_NAME = "#"  # a line's names: it carries index entries
APPEND_MARK = "+"  # a line's names: documents appended to this history table


def _listable(name: str) -> bool:
    """Whether a table name can go in a line's names as it is: found there by a byte search
    (no quote, no backslash: JSON writes it unescaped), and not read as a mark."""
    return (bool(name) and name.isascii() and name.isprintable() and '"' not in name and "\\" not in name
            and name[0] not in "+#")


def line_names(tables: dict[str, Any], append: dict[str, Any], index: dict[str, Any]) -> list[str] | None:
    """The names a line carries (whole tables, `+` history tables, `#`), in a fixed order;
    None when there are none, or one cannot be listed (the line is then decoded at open)."""
    if not all(map(_listable, tables)) or not all(map(_listable, append)):
        return None
    names = sorted(tables) + [APPEND_MARK + n for n in sorted(append)] + ([INDEX_NAME] if index else [])
    return names or None


def names_of(payload: bytes) -> list[str] | None:
    """The names a line's payload (its JSON, CRC checked) opens with, found without
    decoding it; None when it carries none. A malformed list raises ValueError."""
    if not payload.startswith(NAMES_START):
        return None
    end = payload.find(b'"],', len(NAMES_START))
    if end < 0:
        raise ValueError("names not closed")
    names = payload[len(NAMES_START):end].decode("ascii").split('","')
    if "" in names or APPEND_MARK in names:
        raise ValueError("an empty name")
    return names


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
    return _line(entry, line_names(tables, append or {}, index or {}))


def new_journal_id() -> str:
    # What secrets.token_hex(8) returns, without importing secrets (hmac, base64) at each start.
    return os.urandom(8).hex()


def encode_header(journal_id: str) -> bytes:
    """The journal's first line: its id (named by the manifest) and when it was started."""
    return _line({"journal": journal_id, "created": datetime.now().astimezone().isoformat(timespec="seconds")})


def checked_payload(line: bytes) -> bytes | None:
    """A line's payload (what follows its CRC) if the CRC matches, else None."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    # Compared as the exact bytes written: int(..., 16) would also accept " 1a2b3c4", "+1a2b3c4",
    # "1_2b3c4d" or upper case, so a flipped bit in the checksum itself could pass unnoticed.
    if line[:8] != b"%08x" % (zlib.crc32(payload) & 0xFFFFFFFF):
        return None
    return payload


def decode_payload(payload: bytes) -> dict[str, Any] | None:
    """The entry of a line's payload, CRC checked ({"tables", "append", "index"} or
    {"journal"}), or None if its content is damaged (its names included: they must be
    what the line changes, in their order)."""
    try:
        entry = json.loads(payload.decode("utf-8"))
        found = names_of(payload)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(entry, dict):
        return None
    if "journal" in entry:
        return {"journal": entry["journal"]} if isinstance(entry["journal"], str) and found is None else None
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
    if "names" in entry or found is not None:
        if found is None or entry.get("names") != found or found != line_names(tables, append, index):
            return None
    return {"tables": tables, "append": append, "index": index}


def _decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry of a journal line ({"tables", "append", "index"} or {"journal"}), or None if damaged."""
    payload = checked_payload(line)
    return None if payload is None else decode_payload(payload)


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


NOT_DECODED: dict[str, Any] = {}  # a lazily read line's entry until it is decoded (Lines.payloads holds it)


@dataclass
class Lines:
    """What a journal's bytes hold: good entries and where each ends, and a torn tail.

    Read `lazy` (an open), a line that lists its names is not decoded: its entry is
    NOT_DECODED (an empty dict), its payload is kept for cppcc_review.store.journal_replay to decode when a table it
    names is first read. Read eagerly (restore, a backup's journal), every entry is there."""

    journal_id: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)  # change lines, in order (NOT_DECODED: not yet)
    ends: list[int] = field(default_factory=list)  # the byte each entry's line ends at
    names: list[list[str] | None] = field(default_factory=list)  # each change line's names (None: it lists none)
    payloads: list[bytes | None] = field(default_factory=list)  # a line not decoded yet: its payload
    numbers: list[int] = field(default_factory=list)  # each change line's number in the file (1-based)
    good_size: int = 0  # bytes of the whole, good lines (header included)
    torn: bytes = b""  # an unterminated last line (an append that never finished)
    damaged: list[int] = field(default_factory=list)  # line numbers (1-based) failing their checksum
    total: int = 0  # complete lines


def parse_lines(raw: bytes, *, start_line: int = 1, offset: int = 0, lazy: bool = False) -> Lines:
    """Split journal bytes into entries; damaged lines are listed (not raised). Every line's
    CRC is checked; with `lazy`, a line listing its names (and no index entries) is only
    checked so, its JSON left for later (see Lines)."""
    out = Lines()
    parts = raw.split(b"\n")
    tail = parts.pop()  # b"" after a final newline
    out.total = len(parts)
    entries, ends, line_names_, payloads, numbers, damaged = (out.entries, out.ends, out.names, out.payloads,
                                                              out.numbers, out.damaged)
    crc32, start, skip = zlib.crc32, len(NAMES_START), b'"],'
    at = 0
    # (This loop is what an open costs per line: a few microseconds, kept free of calls it can do without.)
    for number, line in enumerate(parts, start=start_line):
        at += len(line) + 1
        payload = line[9:]
        if line[8:9] != b" " or not payload or line[:8] != b"%08x" % (crc32(payload) & 0xFFFFFFFF):
            damaged.append(number)
            continue
        names: list[str] | None = None
        entry: dict[str, Any] | None = None
        if payload.startswith(NAMES_START):
            end = payload.find(skip, start)
            try:
                names = payload[start:end].decode("ascii").split('","') if end > 0 else None
            except UnicodeDecodeError:
                names = None
            if names is None or "" in names or APPEND_MARK in names:
                damaged.append(number)
                continue
            if lazy and INDEX_NAME not in names:
                entry = NOT_DECODED
        if entry is None:
            entry = decode_payload(payload)
        if entry is None:
            damaged.append(number)
        elif "journal" in entry:
            if number == 1:
                out.journal_id = entry["journal"]
            else:
                damaged.append(number)  # a first line in the middle: not ours
        else:
            entries.append(entry)
            ends.append(offset + at)
            line_names_.append(names)
            payloads.append(payload if entry is NOT_DECODED else None)
            numbers.append(number)
        if not damaged:
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
    return coded(f"line{'s' if n > 1 else ''} {where} of {last} {'are' if n > 1 else 'is'} damaged "
                 "(checksum or content): a change that was saved cannot be read", "detail.journal_lines",
                 where=where, last=last)


NOT_IN_JOURNAL: Any = object()  # what a journal resolver returns for a table no line it holds names


class LazyTables(dict[str, dict[str, Any]]):
    """The tables TinyDB sees: the first time a table is asked for, it is taken from the
    journal's newest line naming it (`journal(name)`: the table, None when that line removed
    it, NOT_IN_JOURNAL when no unread line names it), else read from its shard (`loader(name)`,
    None when it does not exist), and kept. Tables the journal removed are known to be absent."""

    def __init__(self, loader: Callable[[str], dict[str, Any] | None] | None = None,
                 journal: Callable[[str], Any] | None = None):
        super().__init__()
        self._loader = loader
        self._journal = journal
        self.absent: set[str] = set()

    def __missing__(self, name: str) -> dict[str, Any]:
        if name in self.absent:
            raise KeyError(name)
        if self._journal is not None:
            found = self._journal(name)
            if found is not NOT_IN_JOURNAL:
                if found is None:
                    self.absent.add(name)
                    raise KeyError(name)
                journaled: dict[str, Any] = found
                dict.__setitem__(self, name, journaled)
                return journaled
        if self._loader is None:
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


