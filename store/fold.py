"""Folding the journal into the shards, a few prefixes at a time (the compaction).

Every change is first a journal line (cppcc_review.store.journal). Replaying the journal at each open
stays cheap only while it is short, so its changes are moved into the shards: a *fold*
of prefix <pp> writes new `reviews/<pp>` and `changes/<pp>` shards holding the journal's
tables and history documents of the replies whose id starts with <pp> (splicing their
lines into the old shard's bytes: the other replies' lines are copied, not decoded), and
a fold of the index writes every index, 文号 and summary shard the journal's index
entries touch. One commit of the manifest (cppcc_review.store.folder) makes a fold count, and records
up to which byte of the journal each folded prefix is in its shards (`folded`).

When every prefix is folded, the same commit starts a new journal. Until then the old
lines stay in the journal and replay harmlessly over the shards (whole tables replace,
history documents go in under their own ids).

A fold costs one prefix's shards (about 400 replies' reviews and history at 100,000
replies), not the database: writers fold a few prefixes when the journal has grown past
FOLD_BYTES, and the app folds while the reviewer is idle (ReviewStore.maintain), so no
key waits for a compaction of everything. An import, which writes index entries for
many replies, folds everything at its end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from . import shard_format, shards, summary
from .atomic import remove_stale_temps
from .folder import DatabaseFolder
from .index_shards import ReplyIndex, name_row
from .journal import INDEX_PART, JOURNAL, JournalStorage, encode_header, new_journal_id
from .manifest import Version
from .shards import META

# Writers fold once the journal is past this many bytes. An open checks each line's CRC and
# reads its names (~8 ms a MB: cppcc_review.store.journal_replay) and decodes only the lines of
# the tables it reads; what reads every table (the app's progress, a fold of everything)
# decodes each table's newest line, ~45-60 ms a MB when every line names another table.
FOLD_BYTES = 1 << 20
# ... or sooner on a small database, whose size the journal would otherwise swell by up to
# FOLD_BYTES (12% of the 8 MB of text of 1,000 replies: issue 16 wants the database <= 1.5x
# its text): past FOLD_BYTES_PER_REPLY a reply (~2.5% of a reply's text of ~8 KB), at least
# FOLD_MIN_BYTES. At 5,000 replies and more it is FOLD_BYTES.
FOLD_BYTES_PER_REPLY = 200
FOLD_MIN_BYTES = 128 << 10
# Beyond this the journal is folded whole at once (a large import-ratings line, say).
FOLD_ALL_BYTES = 16 << 20

def fold_bytes(replies: int) -> int:
    """The journal's size past which writers fold, for a database of `replies` replies."""
    return min(FOLD_BYTES, max(FOLD_MIN_BYTES, replies * FOLD_BYTES_PER_REPLY))


ReadShard = Callable[[str], bytes | None]  # shard key -> its bytes (None: no such shard)


class FoldingStore(Protocol):
    """What fold() uses of the ReviewStore (cppcc_review.store.db), described here rather
    than imported: the store's parts import this module."""

    @property
    def _folder(self) -> DatabaseFolder: ...
    @property
    def _jstore(self) -> JournalStorage: ...
    @property
    def _index(self) -> ReplyIndex: ...
    @property
    def keep_backups(self) -> int: ...
    def _shard(self, key: str) -> bytes | None: ...
    def _cache_shard(self, key: str, data: bytes | None) -> None: ...


def review_changes(journal: JournalStorage, part: str) -> dict[str, Any]:
    """{table: value or None} of the journal's tables of prefix `part`."""
    data = journal.read()
    out: dict[str, Any] = {}
    for name in journal.journal_tables:
        if shards.part_of_table(name) != part or name.startswith("h:"):
            continue
        out[name] = dict.get(data, name) if dict.__contains__(data, name) else None
    return out


def history_docs(journal: JournalStorage, part: str) -> dict[str, dict[str, Any]]:
    return {name: docs for name, docs in journal.pending.items() if shards.part_of_table(name) == part and docs}


def fold_part(read: ReadShard, journal: JournalStorage, part: str) -> dict[str, bytes | None]:
    """The new shards of one prefix (or `_meta`): key -> bytes (None: the shard goes)."""
    journal.force_part(part)  # its lines decoded (the journal is read lazily: cppcc_review.store.journal_replay)
    out: dict[str, bytes | None] = {}
    tables = review_changes(journal, part)
    if tables:
        key = shards.META_KEY if part == META else shards.key("reviews", part)
        data = shard_format.splice_tables(read(key), tables)
        out[key] = None if data == b"{\n}\n" else data
    docs = history_docs(journal, part)
    if docs:
        key = shards.key("changes", part)
        out[key] = shard_format.merge_documents(read(key), docs)
    return out


def fold_index(read: ReadShard, overlay: dict[str, dict[str, Any]], summary_keys: list[str]) -> tuple[dict[str, bytes | None], int]:
    """The new index, 文号 and summary shards for the index entries `overlay`, and the
    number of replies."""
    out: dict[str, bytes | None] = {}
    by_part: dict[str, dict[str, dict[str, Any]]] = {}
    for rid, entry in overlay.items():
        by_part.setdefault(shards.prefix(rid), {})[rid] = entry
    old_names: dict[str, dict[str, Any]] = {}
    for part, entries in by_part.items():
        key = shards.key("index", part)
        raw = read(key)
        current = {e["id"]: e for e in shard_format.decode(raw).get("replies", {}).values()} if raw else {}
        for rid in entries:
            if rid in current:
                old_names[rid] = current[rid]
        current.update(entries)
        out[key] = shard_format.encode_documents("replies", (current[rid] for rid in sorted(current)))
    # 文号 -> id
    names_changes: dict[str, tuple[set[str], list[dict[str, Any]]]] = {}
    for rid, entry in overlay.items():
        old = old_names.get(rid)
        old_row = name_row(old) if old else None
        new_row = name_row(entry)
        if old_row == new_row:
            continue
        if old_row is not None:
            names_changes.setdefault(shards.names_part(old_row["key"]), (set(), []))[0].add(rid)
        if new_row is not None:
            drop, add = names_changes.setdefault(shards.names_part(new_row["key"]), (set(), []))
            drop.add(rid)
            add.append(new_row)
    for part, (drop, add) in names_changes.items():
        key = shards.key("names", part)
        raw = read(key)
        name_rows = [r for r in (shard_format.decode(raw).get("names", {}).values() if raw else ()) if r["id"] not in drop]
        name_rows.extend(add)
        name_rows.sort(key=lambda r: (r["key"], r["id"]))
        out[key] = shard_format.encode_documents("names", name_rows) if name_rows else None
    # the inbox's rows, in order
    rows: list[list[Any]] = []
    for key in summary_keys:
        raw = read(key)
        if raw:
            rows.extend(summary.decode_chunk(raw))
    rows = summary.merge_rows(rows, overlay)
    chunks = summary.encode(rows)
    keep: set[str] = set()
    for i, data in enumerate(chunks):
        key = f"summary/{i:04d}"
        keep.add(key)
        out[key] = data
    for key in summary_keys:
        if key not in keep:
            out[key] = None
    return out, len(rows)


def state_journal(journal: JournalStorage, path: Path | None = None) -> tuple[list[bytes], Version] | None:
    """The journal's lines as the state on disk holds them (each whole, read or written by this
    store), for a backup of that state to carry with its manifest, and their size and checksum:
    the bytes the store holds, or with `path` read from the journal's file (its first
    `journal_size` bytes: the writer holds the lock, nobody appends meanwhile). None: no lines
    (the shards hold everything), or (without `path`) the store does not hold them whole."""
    if not journal.journal_lines or journal.journal_id is None:
        return None
    if path is None:
        chunks = journal.journal_chunks()
        return None if chunks is None else (chunks, journal.journal_version(chunks))
    with open(path, "rb") as f:
        raw = f.read(journal.journal_size)
    return [raw], Version.of(raw)


def fold(
    store: FoldingStore, parts: list[str] | None = None, *, budget: float | None = None, backup: bool = False, keep: bool = False
) -> bool:
    """Fold the journal's changes of `parts` (None: every dirty part) into the shards, in
    one commit; with `budget` (seconds), stop adding parts once it is spent. Starts a new
    journal when nothing is left to fold. Returns whether anything was written. With
    `keep`, the same commit keeps the new state as a backup (`db backup`; its file in
    `store._folder.last_backup`).

    `store` is the ReviewStore (holding the write lock, every line read): its `_folder`,
    `_jstore`, `_index` and `_shard` / `_cache_shard`."""
    folder, journal = store._folder, store._jstore
    manifest = folder.manifest
    assert manifest is not None, "fold() is for a database of shards (it has a manifest)"
    dirty = journal.dirty_parts(manifest.folded)
    if not dirty and not journal.journal_lines:
        return False  # a journal holding only its first line: nothing to fold
    if parts is None:
        parts = dirty
    parts = [p for p in parts if p in dirty]
    started = time.perf_counter()
    out: dict[str, bytes | None] = {}
    marks: dict[str, int] = {}
    end = journal.journal_size
    replies = None
    for part in parts:
        if budget is not None and out and time.perf_counter() - started > budget:
            break
        if part == INDEX_PART:
            built, replies = fold_index(store._shard, store._index.overlay, manifest.summary_keys())
        else:
            built = fold_part(store._shard, journal, part)
        out.update(built)
        marks[part] = end
    if not marks and dirty:
        return False
    folded = {**manifest.folded, **marks}
    rotate = not journal.dirty_parts(folded)
    journal_header = None
    if rotate:
        journal_id = new_journal_id()
        journal_header = (journal_id, encode_header(journal_id))
    if not out and not rotate:
        return False
    # The backup of the state before the fold holds its journal too (the lines the shards
    # do not hold yet: ratings made since the last fold, an import's entries); a journal
    # too long to carry is folded whole here, so the state after it (the same reviews and
    # replies, a new journal) is kept instead, as `db backup` keeps a long journal's.
    carried = None
    if backup and not keep and journal.journal_lines:
        carried = state_journal(journal)
        if carried is None and rotate:
            keep = True
        elif carried is None:
            carried = state_journal(journal, folder.path / JOURNAL)
    # With a new journal, what a killed writer may have left among the shards goes too:
    # shard files written before it could name them (collected by the commit, in the
    # same pass as the files of a backup it drops), and temporary files.
    folder.last_backup = folder.commit(out, journal=journal_header, folded={} if rotate else marks, replies=replies,
                                       backup=backup and not keep, keep_backups=store.keep_backups, backup_after=keep,
                                       collect=rotate, backup_journal=carried)
    if rotate:
        for kind in shards.KINDS:
            remove_stale_temps(folder.path / kind, any_pid=True)
    for key, data in out.items():
        store._cache_shard(key, data)
    if journal_header is not None:  # (rotate)
        journal.started_again(*journal_header)
        store._index.set_overlay({})
    return True
