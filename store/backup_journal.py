"""What the journal a backup carries adds to the backup's shards (cppcc_review.store.backups:
a backup may keep the journal's lines not folded yet beside its manifest copy).

Replayed as an open replays the journal (cppcc_review.store.journal): the fold marks of the
backup's manifest skip what its shards hold already; later lines win. Kept apart from
backups.py because it reads the journal's line format, whose module imports backups.py."""

from __future__ import annotations

from typing import Any

from .journal_lines import HISTORY_PREFIX, INDEX_PART, parse_lines
from .manifest import Manifest
from .shards import part_of_table

# ({prefix or _meta: {review table: table or None}}, {history table: {doc id: doc}},
# {reply id: index entry})
Replayed = tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]


def backup_state(manifest: Manifest, journal: bytes | None) -> Replayed:
    """What a backup's journal (None: it carries none) adds to its shards: see `replay`."""
    if journal is None:
        return {}, {}, {}
    lines = parse_lines(journal)
    return replay(manifest.marks_for(lines.journal_id), lines.entries, lines.ends)


def replay(marks: dict[str, int], entries: list[dict[str, Any]], ends: list[int]) -> Replayed:
    """Journal lines (`entries`, each ending at byte `ends`) past the fold `marks`: the
    review tables by prefix, the history documents, the index entries."""
    tables: dict[str, dict[str, Any]] = {}
    history: dict[str, dict[str, Any]] = {}
    index: dict[str, dict[str, Any]] = {}
    for entry, end in zip(entries, ends, strict=False):
        for name, table in entry["tables"].items():
            part = part_of_table(name)
            if end > marks.get(part, 0) and not name.startswith(HISTORY_PREFIX):
                tables.setdefault(part, {})[name] = table
        for name, docs in entry["append"].items():
            if end > marks.get(part_of_table(name), 0):
                history.setdefault(name, {}).update(docs)
        if entry["index"] and end > marks.get(INDEX_PART, 0):
            index.update(entry["index"])
    return tables, history, index
