"""Whether an undo (or redo) would write over work done since the change it takes back.

An undo writes a change's `before` values back, a redo its `after` values: whole records (a
suggestion's rating with its note, an assessment, the layout). When another writer (another
window, the command line's `rate`, another reviewer) changed one of them since, that write would
throw their later work away, with no trace but the history. So an undo goes through only while
everything it writes is still what the change (or its last undo / redo) left (`in_the_way`), checked
under the write lock against the disk; otherwise it is refused (UndoOvertakenError), nothing changed.

A merge or a split changes more than its patches say: every reviewer's records of the suggestions it
made count (a rating given to the merged suggestion since would, after the undo, quietly become a
rating of the first half only; one given to a split's second part would be hidden under a line that
starts no suggestion). `left_at` keeps what they were right after the change, for the check.
Carrying such work onto the restored suggestions was weighed and left: which of the two it belongs
to is the reviewer's judgement, not the store's (docs/data-safety.md, "Undo never overwrites").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import StoreError
from .schema import is_change

Records = dict[str, dict[str, Any]]
"""reviewer -> {anchor: record}: what the reviewers hold of some suggestions."""


class UndoOvertakenError(StoreError):
    """An undo or redo refused because what it would write was changed since (see the module).
    Codes: `undo_overtaken` (values `action`, `index`, `who`: the reviewers whose later work is in
    the way), `undo_overtaken_own` (the reviewer's own records, changed from another window or the
    command line) and `undo_relaid` (the reply's suggestions were merged or split again since, `who`
    did it)."""


def touched_anchors(before: Sequence[Sequence[int]], after: Sequence[Sequence[int]]) -> set[str]:
    """The anchors (first lines) of the suggestions a layout change made or unmade: those whose
    line range is in one layout and not the other (a merge: the two and the merged one)."""
    old = {tuple(r) for r in before}
    new = {tuple(r) for r in after}
    return {str(r[0]) for r in old ^ new}


def records_at(review_docs: list[tuple[str, dict[str, Any]]], anchors: set[str]) -> Records:
    """Every reviewer's records at `anchors` (reviewers with none there left out)."""
    out: Records = {}
    for _doc_id, doc in review_docs:
        ratings = doc.get("ratings") or {}
        held = {a: ratings[a] for a in anchors if ratings.get(a) is not None}
        if held:
            out[str(doc.get("reviewer"))] = held
    return out


def changed_since(left: Records, now: Records) -> set[str]:
    """The reviewers whose records differ between `left` (after the change) and `now`."""
    def of(records: Records, name: str) -> dict[str, Any]:
        return {anchor: content(record) for anchor, record in records.get(name, {}).items()}

    return {name for name in left.keys() | now.keys() if of(left, name) != of(now, name)}


_RECORD_DEFAULTS = {"note": "", "hint_accepted": False, "changed": False}


def content(value: Any) -> Any:
    """A stored record as a judgement: its values, without when it was written (`time`), the defaults
    a compact record leaves out filled in. The same rating and note given again later is no work that an
    undo would lose."""
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in {**_RECORD_DEFAULTS, **value}.items() if k != "time"}


def patch_value_now(patch: dict[str, Any], doc: dict[str, Any] | None) -> Any:
    """What the store holds now where `patch` writes: the reviewer's record at its anchor, their
    assessment or their ratings (`doc`: that reviewer's review document). (A layout patch is
    checked by its caller against the suggestions stored now.)"""
    kind = patch["k"]
    doc = doc or {}
    if kind == "rating":
        return (doc.get("ratings") or {}).get(patch["anchor"])
    if kind == "assessment":
        return {k: v for k, v in (doc.get("assessment") or {}).items() if v is not None and v != ""}
    if kind == "ratings":
        return doc.get("ratings") or {}
    return None


def last_relayout(history: dict[str, Any], after: int = 0) -> dict[str, Any] | None:
    """The newest change in a reply's history (after change `after`) that merged or split its
    suggestions - a layout patch: a merge, a split, or the undo or redo of one -; None when none
    did. (ReviewStore.last_layout_change and relaid_since read the history this one way.)"""
    found = [(int(key), doc) for key, doc in history.items()
             if str(key).isdigit() and int(key) > after and isinstance(doc, dict) and is_change(doc)
             and any(isinstance(p, dict) and p.get("k") == "layout" for p in doc.get("patches") or [])]
    return max(found, key=lambda seq_doc: seq_doc[0])[1] if found else None


def relaid_since(history: dict[str, Any], seq: int) -> str | None:
    """Who last merged or split the reply's suggestions (or undid or redid that) after change `seq`, as
    the reply's history says; None when nobody did. (A rating undone after a merge elsewhere moved it
    is refused as `undo_relaid`, naming the merger, not as a change made from another window.)"""
    last = last_relayout(history, seq)
    return str(last.get("reviewer") or "?") if last is not None else None


def same(a: Any, b: Any) -> bool:
    """Two stored values alike (a layout's ranges as lists or tuples; no record and {} alike)."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return [list(x) if isinstance(x, (list, tuple)) else x for x in a] == \
            [list(x) if isinstance(x, (list, tuple)) else x for x in b]
    return bool(content(a or None) == content(b or None))
