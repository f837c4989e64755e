"""How a reply's change history is written in its `changes/<pp>` shard: one row a change.

A history table `h:<id>` is, to the store, TinyDB's `{doc_id: document}`: one change a
document (cppcc_review.store.review_commit), e.g.

    "754":{"time":"2026-12-01T19:57:15+08:00","reviewer":"张三","action":"rate","index":1,
           "patches":[{"k":"rating","anchor":"6","after":{"rating":"adopted","text_hash":"dece121b13e3ee22"}}]}

Written so, a change repeats its five key names, the patch's three and the rating's two,
and a full timestamp: the history was ~1.15 MB of a database holding 8 MB of text (issue
16: the database <= 1.5x its text). In a shard the table is therefore written as a JSON
*list* of rows, still plain readable JSON:

    "h:0071de24b05e":[[754,"2026-12-01T19:57:15+08:00","张三","rate",1,[["6","adopted","dece121b13e3ee22"]]],
                      [755,"19:57:21","张三","rate",2,[["12","explained","7ec0ab4b504d988a"]]]]

- a change `[id, time, reviewer, action, index, patches]` when its keys are exactly those
  five in that order (what the store writes); anything else `[id, document]` as it is;
- `id` a number when the document id is one written canonically ("754"), else the string;
- `time` "" when it is the previous row's time, "HH:MM:SS" when only the clock differs
  from it (same date, same UTC offset), else the whole string;
- a patch `[anchor, rating, text_hash]` when it is exactly a rating set
  (`{"k": "rating", "anchor", "after": {"rating", "text_hash"}}`), else the patch as it is.

Nothing is lost: `rows_to_table(table_to_rows(t)) == t`, keys in the same order (checked
by tests/test_change_rows.py, also on every history of a database written by main
034a702). A table written by an earlier release (an object) is read as it is, so
databases of that release open unchanged and shrink as their tables are written again.
The journal keeps its documents whole (cppcc_review.store.journal_write): only shards use rows.
"""

from __future__ import annotations

from typing import Any

_CHANGE_KEYS = ("time", "reviewer", "action", "index", "patches")
_RATING_PATCH_KEYS = ("k", "anchor", "after")
_RATING_KEYS = ("rating", "text_hash")


def _clock_only(cell: str) -> bool:
    """`cell` reads as the "HH:MM:SS" form (so a whole time must never look like it)."""
    return len(cell) == 8 and cell[2] == ":" and cell[5] == ":"


def _time_cell(time: str, previous: str | None) -> str | None:
    """The row's time cell, None when `time` cannot be written so without doubt."""
    if previous is not None:
        if time == previous:
            return ""
        if (len(time) == len(previous) and len(time) > 19 and time[10] == "T"
                and time[:11] == previous[:11] and time[19:] == previous[19:] and _clock_only(time[11:19])):
            return time[11:19]
    if not time or _clock_only(time):
        return None  # would read back as "same as before" / a clock
    return time


def _patch_cell(patch: Any) -> Any:
    if type(patch) is dict and tuple(patch) == _RATING_PATCH_KEYS and patch["k"] == "rating":
        anchor, after = patch["anchor"], patch["after"]
        if type(anchor) is str and type(after) is dict and tuple(after) == _RATING_KEYS:
            rating, text_hash = after["rating"], after["text_hash"]
            if type(rating) is str and type(text_hash) is str:
                return [anchor, rating, text_hash]
    return patch


def table_to_rows(table: dict[str, Any]) -> list[Any]:
    """A history table (`{doc_id: document}`) as the rows its shard line holds."""
    rows: list[Any] = []
    previous: str | None = None
    for doc_id, doc in table.items():
        ident: int | str = int(doc_id) if doc_id.isascii() and doc_id.isdigit() and str(int(doc_id)) == doc_id else doc_id
        row: list[Any] | None = None
        if type(doc) is dict and tuple(doc) == _CHANGE_KEYS and type(doc["time"]) is str and type(doc["patches"]) is list \
                and all(type(p) is dict for p in doc["patches"]):
            cell = _time_cell(doc["time"], previous)
            if cell is not None:
                row = [ident, cell, doc["reviewer"], doc["action"], doc["index"], [_patch_cell(p) for p in doc["patches"]]]
        rows.append(row if row is not None else [ident, doc])
        if type(doc) is dict and type(doc.get("time")) is str:
            previous = doc["time"]
    return rows


def rows_to_table(rows: Any) -> dict[str, Any]:
    """The history table a shard line's rows stand for; ValueError when they are not rows.
    (`db check` decodes every history of the database through here: kept to one pass with
    no call per row; what a row's values are is checked by the schema, cppcc_review.store.schema.)"""
    if type(rows) is not list:
        raise ValueError(f"a history table's rows are a list, not {type(rows).__name__}")
    table: dict[str, Any] = {}
    previous: Any = None
    for row in rows:
        if type(row) is not list:
            raise ValueError(f"a history row is a list, not {row!r:.80}")
        size = len(row)
        if size == 6:
            ident, cell, reviewer, action, index, patches = row
            if cell == "":
                if previous is None:
                    raise ValueError(f"history row {ident!r}: a time relative to no earlier row")
                time = previous
            elif type(cell) is not str:
                raise ValueError(f"history row {ident!r}: its time is not text")
            elif len(cell) == 8 and cell[2] == ":" and cell[5] == ":":
                if previous is None:
                    raise ValueError(f"history row {ident!r}: a time relative to no earlier row")
                time = previous[:11] + cell + previous[19:]
            else:
                time = cell
            if type(patches) is not list:
                raise ValueError(f"history row {ident!r}: its patches are not a list")
            out = []
            for p in patches:
                if type(p) is list:
                    if len(p) != 3:
                        raise ValueError(f"history row {ident!r}: a rating patch is [anchor, rating, text_hash]")
                    p = {"k": "rating", "anchor": p[0], "after": {"rating": p[1], "text_hash": p[2]}}
                elif type(p) is not dict:
                    raise ValueError(f"history row {ident!r}: a patch is a list or an object")
                out.append(p)
            doc: Any = {"time": time, "reviewer": reviewer, "action": action, "index": index, "patches": out}
            previous = time
        elif size == 2:
            ident, doc = row
            if type(doc) is dict:
                t = doc.get("time")
                if type(t) is str:
                    previous = t
        else:
            raise ValueError(f"a history row is [id, document] or [id, time, reviewer, action, index, patches], not {row!r:.80}")
        if type(ident) is int:
            if ident < 0:
                raise ValueError(f"history row {ident}: a negative document id")
            table[str(ident)] = doc
        elif type(ident) is str:
            table[ident] = doc
        else:
            raise ValueError(f"history row {ident!r:.40}: its id is neither a number nor text")
    return table


def is_history(name: str) -> bool:
    return name.startswith("h:")
