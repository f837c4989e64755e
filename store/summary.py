"""The summary: every reply as one compact row, in the inbox's default order.

The inbox paints its first screen from the first rows of this listing; statistics read
it instead of the index (which also holds headings and checksums). It is written with
the index, whenever index entries are folded into their shards (cppcc_review.store.fold), in files of
CHUNK rows, `summary/0000`, `summary/0001`, ... (each listed in the manifest):

    {"fields":["id","doc_no",...],"rows":[
    ["0123456789ab","沪科提复〔2025〕56号",...],
    ["01ffee001122",...]
    ]}

One row a line, so the first rows of a chunk are read without decoding the others.
Index entries not folded yet (journal lines of an import, a re-import) are merged in
when the rows are read (`merge_rows`).

A store keeps every row in memory for the inbox (100,000 of them in an archive), in the
compact form `compact_rows` makes: a tuple (not a list grown by the JSON decoder), the
values that repeat from row to row (handler, date, kind, declared result, proposers) one
object each, and the suggestions' line ranges packed into one `bytes` (`RANGE_ITEM`
bytes a number) instead of a list of two-number lists: 0.7 KB a row instead of 1.8 KB.
`unpack_ranges` gives the ranges back as lists; `count_of` their number.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from typing import Any

from .atomic import dumps
from .order import inbox_key

FIELDS = ("id", "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "date", "declared_result",
          "content_hash", "source_name", "ranges")
CHUNK = 4096
_HEAD = b'{"fields":' + dumps(list(FIELDS)) + b',"rows":[\n'


def row_of(entry: dict[str, Any]) -> list[Any]:
    """An index entry's summary row."""
    g = entry.get
    return [entry["id"], g("doc_no"), g("proposal_no"), g("kind") or "reply", g("title"), list(g("proposers") or ()),
            g("handler"), g("date"), g("declared_result"), g("content_hash") or "", g("source_name"),
            [list(r) for r in g("ranges") or ()] if "ranges" in entry else None]


def key_of(row: list[Any]) -> str:
    """The row's place: the inbox's default order, then the reply id (so that rows with
    the same 文号 and title keep one order however they were written)."""
    rid: str = row[0]
    return inbox_key(row[1], row[2], row[4], row[10]) + "\x02" + rid


def encode_chunk(rows: list[list[Any]]) -> bytes:
    if not rows:
        return _HEAD + b"]}\n"
    return _HEAD + b",\n".join(dumps(r) for r in rows) + b"\n]}\n"


def encode(rows: list[list[Any]]) -> list[bytes]:
    """The chunks holding `rows` (already in order); at least one."""
    return [encode_chunk(rows[i : i + CHUNK]) for i in range(0, max(len(rows), 1), CHUNK)]


def decode_chunk(raw: bytes) -> list[list[Any]]:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise ValueError("not a summary")
    fields = data.get("fields")
    rows: list[list[Any]] = data["rows"]
    if fields != list(FIELDS):  # written with other fields: map them
        at = {name: i for i, name in enumerate(fields or [])}
        rows = [[row[at[f]] if f in at and at[f] < len(row) else None for f in FIELDS] for row in rows]
    return rows


def head_rows(raw: bytes, n: int) -> list[list[Any]]:
    """The first `n` rows of a chunk, decoding only their lines."""
    out: list[list[Any]] = []
    start = raw.find(b"\n") + 1
    while len(out) < n and start < len(raw):
        end = raw.find(b"\n", start)
        line = raw[start:end if end >= 0 else len(raw)]
        if line.startswith(b"]"):
            break
        if line.endswith(b","):
            line = line[:-1]
        out.append(json.loads(line.decode("utf-8")))
        start = end + 1 if end >= 0 else len(raw)
    return out


def merge_rows(rows: list[list[Any]], overlay: dict[str, dict[str, Any]], *, limit: int | None = None) -> list[list[Any]]:
    """`rows` (in order) with the rows of the index entries `overlay` (reply id -> entry)
    replacing theirs or inserted at their place. With `limit`, `rows` are the first rows
    only, and the result is cut to `limit` rows."""
    if not overlay:
        return rows if limit is None else rows[:limit]
    new = {rid: row_of(entry) for rid, entry in overlay.items()}
    kept = [r for r in rows if r[0] not in new]
    extra = sorted(new.values(), key=key_of)
    if limit is not None and len(rows) >= limit and kept:
        last = key_of(kept[-1])
        extra = [r for r in extra if key_of(r) <= last]
    merged = _merge(kept, extra)
    return merged if limit is None else merged[:limit]


def _merge(a: list[list[Any]], b: list[list[Any]]) -> list[list[Any]]:
    if not b:
        return a
    out: list[list[Any]] = []
    keys_b = [key_of(r) for r in b]
    j = 0
    for row in a:
        k = key_of(row)
        while j < len(b) and keys_b[j] < k:
            out.append(b[j])
            j += 1
        out.append(row)
    out.extend(b[j:])
    return out


def sort_rows(rows: Iterable[list[Any]]) -> list[list[Any]]:
    return sorted(rows, key=key_of)


# -- rows as a store keeps them in memory --------------------------------------------------
RANGES = FIELDS.index("ranges")
_SHARED = (FIELDS.index("proposal_no"), FIELDS.index("kind"), FIELDS.index("handler"), FIELDS.index("date"),
           FIELDS.index("declared_result"))  # values that repeat from row to row
_PROPOSERS = FIELDS.index("proposers")
RANGE_ITEM = array("I").itemsize  # bytes a line number takes in packed ranges


def pack_ranges(ranges: list[list[int]] | None) -> bytes | list[list[int]] | None:
    """Line ranges as one `bytes` (start, end, start, end ... as unsigned ints); None stays
    None, and ranges that are not pairs of such numbers stay the list they are."""
    if ranges is None:
        return None
    try:
        if all(type(r) is list and len(r) == 2 for r in ranges):
            return array("I", [n for r in ranges for n in r]).tobytes()
    except (TypeError, OverflowError):
        pass
    return ranges


def unpack_ranges(packed: bytes | list[list[int]] | None) -> list[list[int]] | None:
    """What `pack_ranges` was given: [[start, end], ...] (new lists each call), or None."""
    if packed is None:
        return None
    if not isinstance(packed, bytes):
        return [list(r) for r in packed]
    numbers = array("I")
    numbers.frombytes(packed)
    return [[numbers[i], numbers[i + 1]] for i in range(0, len(numbers), 2)]


def count_of(packed: bytes | list[list[int]] | None) -> int:
    """How many ranges `packed` holds (0 for None)."""
    if packed is None:
        return 0
    return len(packed) // (2 * RANGE_ITEM) if isinstance(packed, bytes) else len(packed)


def compact_rows(rows: Iterable[list[Any] | tuple[Any, ...]], shared: dict[Any, Any] | None = None) -> list[tuple[Any, ...]]:
    """`rows` (decoded lists) in the form a store keeps in memory (see the module
    docstring); rows already compact are kept as they are. `shared` (value -> the one
    object kept for it) may be carried over from one call to the next."""
    if shared is None:
        shared = {}
    keep = shared.setdefault
    out: list[tuple[Any, ...]] = []
    for row in rows:
        if type(row) is tuple:
            out.append(row)
            continue
        row = list(row)
        for i in _SHARED:
            value = row[i]
            if type(value) is str:
                row[i] = keep(value, value)
        names = row[_PROPOSERS]
        if type(names) is list and all(type(n) is str for n in names):
            names = tuple([keep(n, n) for n in names])
            row[_PROPOSERS] = keep(names, names)
        ranges = row[RANGES]
        row[RANGES] = pack_ranges(ranges) if type(ranges) is list else ranges
        out.append(tuple(row))
    return out
