"""How a shard file is laid out: TinyDB JSON, one table (or one document) a line.

A database of 100,000 replies keeps its reviews, change history and index in shards: a
file per kind per prefix of the reply id (cppcc_review.store.shards). Each shard is an ordinary
TinyDB document (`json.loads` reads it whole), written so that one table or one entry
sits on one line:

    {
    "r:0123456789ab":{"1":{"type":"review",...}},
    "r:01ffee001122":{"1":{...},"2":{...}}
    }

and, for the index (TinyDB table `replies`) and the 文号 lookup (table `names`):

    {"replies":{
    "1":{"id":"0123456789ab","doc_no":...},
    "2":{"id":"01ffee001122",...}
    }}

JSON escapes every newline inside a string, so a line never holds part of two tables:
one table, or one index entry, can be read out of a shard's bytes by finding its line
(`read_table`, `find_entries`) without decoding the rest. That is what lets `rate`
read one reply's reviews out of a shard of 400 replies in microseconds, and lets a
compaction replace a few lines of a shard without decoding the others (`splice_tables`).
The whole shard's checksum is still verified before any line of it is used
(cppcc_review.store.folder).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .atomic import dumps
from .change_rows import is_history, rows_to_table, table_to_rows


# ---------------------------------------------------------------------- a table's value
# A history table (h:<id>) is written as rows (cppcc_review.store.change_rows: about half the
# bytes of its documents); every other table, and a history table an earlier release wrote
# (an object), is TinyDB's {doc_id: document} as it is. These four are the only places a
# table's line is turned into bytes or back.
def dump_table(name: str, table: Any) -> bytes:
    """The JSON bytes of table `name`'s line."""
    if type(table) is dict and is_history(name):
        return dumps(table_to_rows(table))
    return dumps(table)


def table_value(name: str, value: Any) -> Any:
    """Table `name` as the store uses it, from its line's decoded JSON (ValueError: rows
    that are not a history's)."""
    if type(value) is list and is_history(name):
        return rows_to_table(value)
    return value


def load_table(name: str, value: bytes) -> Any:
    """Table `name` from its line's JSON bytes."""
    return table_value(name, json.loads(value.decode("utf-8")))


def expand(data: Any) -> Any:
    """A whole decoded shard with its history tables as TinyDB documents (ValueError:
    rows that are not a history's)."""
    if type(data) is dict:
        for name, value in data.items():
            if type(value) is list and is_history(name):
                data[name] = rows_to_table(value)
    return data


# ---------------------------------------------------------------------- tables a line
def encode_tables(tables: dict[str, Any]) -> bytes:
    """`{table: {doc_id: doc}}` with one table a line, tables in name order."""
    if not tables:
        return b"{\n}\n"
    parts = [b'"' + name.encode("utf-8") + b'":' + dump_table(name, tables[name]) for name in sorted(tables)]
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


def _table_lines(raw: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, the table's JSON bytes) for each table line of an encoded shard."""
    for line in raw.split(b"\n"):
        if not line.startswith(b'"'):
            continue  # "{", "}" and the empty tail
        end = line.find(b'":', 1)
        value = line[end + 2 :]
        if value.endswith(b","):
            value = value[:-1]
        yield line[1:end].decode("utf-8"), value


def table_line_bytes(raw: bytes) -> dict[str, bytes]:
    """{table name: the table's JSON bytes}, nothing decoded."""
    return dict(_table_lines(raw))


def table_offsets(raw: bytes) -> dict[str, tuple[int, int]]:
    """{table name: (start, end) of the table's JSON in `raw`}, in one pass, nothing decoded
    (`raw[start:end]` is what `read_table` decodes for that name)."""
    out: dict[str, tuple[int, int]] = {}
    find = raw.find
    at = find(b"\n") + 1
    size = len(raw)
    while 0 < at < size:
        end = find(b"\n", at)
        if end < 0:
            end = size
        if raw[at:at + 1] == b'"':
            sep = find(b'":', at + 1, end)
            if sep >= 0:
                stop = end - 1 if raw[end - 1:end] == b"," else end
                out.setdefault(raw[at + 1:sep].decode("utf-8", "replace"), (sep + 2, stop))
        at = end + 1
    return out


def read_table(raw: bytes, name: str) -> dict[str, Any] | None:
    """Table `name` out of an encoded shard (None when the shard has no such table),
    decoding that one line only."""
    key = b'\n"' + name.encode("utf-8") + b'":'
    at = raw.find(key)
    if at < 0:
        return None
    start = at + len(key)
    end = raw.find(b"\n", start)
    value = raw[start:end if end >= 0 else len(raw)]
    if value.endswith(b","):
        value = value[:-1]
    table: dict[str, Any] | None = load_table(name, value)  # (null: a table the journal removed)
    return table


def splice_tables(raw: bytes | None, changes: dict[str, Any | None]) -> bytes:
    """The shard `raw` with the tables of `changes` replaced (None: removed); the other
    tables' lines are carried over as bytes, undecoded."""
    lines = table_line_bytes(raw) if raw else {}
    for name, table in changes.items():
        if table is None or not table:
            lines.pop(name, None)
        else:
            lines[name] = dump_table(name, table)
    if not lines:
        return b"{\n}\n"
    parts = [b'"' + name.encode("utf-8") + b'":' + lines[name] for name in sorted(lines)]
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


def merge_documents(raw: bytes | None, docs: dict[str, dict[str, Any]]) -> bytes:
    """The shard `raw` with documents added to its tables (`{table: {doc_id: doc}}`),
    under their ids; only the tables that receive documents are decoded."""
    lines = table_line_bytes(raw) if raw else {}
    for name, new in docs.items():
        if not new:
            continue
        old = lines.get(name)
        table = (load_table(name, old) or {}) if old is not None else {}
        table.update(new)
        lines[name] = dump_table(name, table)
    if not lines:
        return b"{\n}\n"
    parts = [b'"' + name.encode("utf-8") + b'":' + lines[name] for name in sorted(lines)]
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


# ---------------------------------------------------------------------- documents a line
def encode_documents(table: str, docs: Iterable[dict[str, Any]]) -> bytes:
    """One TinyDB table `table` whose documents (numbered from 1) are one a line."""
    parts = [b'"%d":' % i + dumps(doc) for i, doc in enumerate(docs, start=1)]
    if not parts:
        return b'{"' + table.encode("utf-8") + b'":{\n}}\n'
    return b'{"' + table.encode("utf-8") + b'":{\n' + b",\n".join(parts) + b"\n}}\n"


def document_lines(raw: bytes) -> Iterator[bytes]:
    """The JSON bytes of each document of a one-table shard (`encode_documents`)."""
    for line in raw.split(b"\n"):
        if not line.startswith(b'"'):
            continue
        value = line[line.find(b'":', 1) + 2 :]
        if value.endswith(b","):
            value = value[:-1]
        yield value


def find_entries(raw: bytes, field: str, value: str) -> list[dict[str, Any]]:
    """The documents of a one-table shard whose first field `field` is `value`, decoding
    only their lines (documents are written with that field first)."""
    needle = b':{"' + field.encode("utf-8") + b'":' + json.dumps(value, ensure_ascii=False).encode("utf-8")
    out = []
    at = raw.find(needle)
    while at >= 0:
        after = at + len(needle)
        if raw[after : after + 1] in (b",", b"}"):  # the whole value, not a prefix of a longer one
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            line = raw[start:end if end >= 0 else len(raw)]
            doc = line[line.find(b'":', 1) + 2 :]
            if doc.endswith(b","):
                doc = doc[:-1]
            out.append(json.loads(doc.decode("utf-8")))
        at = raw.find(needle, after)
    return out


def decode(raw: bytes) -> dict[str, Any]:
    """The whole shard, as TinyDB reads it (history tables as documents)."""
    tables: dict[str, Any] = expand(json.loads(raw.decode("utf-8")))
    return tables
