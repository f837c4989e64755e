"""Reading a database of an earlier release, and upgrading it to this one (schema 3).

Schema 1 (the first release) and schema 2 kept everything in whole files: index.json
(every reply's index entry), reviews.json (every review table), history.json (every
change), a journal of the changes since, one file per reply text; schema 2 added
manifest.json with their checksums. Schema 3 keeps the same documents in shards
(cppcc_review.store.shards) and the texts of new imports in packs.

`read_legacy` reads such a database as it is, checked (against its manifest in schema 2;
every document against cppcc_review.store.schema in schema 1): a read-only open uses it directly, so
an older database can be browsed without being changed.

`to_current` upgrades it, at the first open by a writer, under the write lock:

  1. every document is read and checked first (a damaged one stops the upgrade with the
     usual CorruptError, before anything is written); the journal's changes are folded in;
  2. index.json, reviews.json and history.json are kept in backups/ as they were;
  3. the shards are written (under names nobody reads yet);
  4. manifest.json names the shards, accepting meta.json as it is and as it will be, and
     the old whole files as they are (a crash here leaves a database of the old schema
     whose upgrade runs again, the same way);
  5. a new journal, with the old one's lines under its first line (marked as folded:
     the shards hold them), so that an upgrade run again reads the same changes;
  6. meta.json at schema 3: from here on the database is of this release;
  7. the manifest settled; the old whole files removed (kept in backups/).

Reply texts stay in their files (`replies/<id>.json`, named by their index entries);
re-importing a document puts its text in a pack. The earlier release refuses a database
of this schema ("written by a newer cppcc-review").
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import backups, shard_format, shards, summary
from .atomic import atomic_write, dumps, fsync_dir
from .clock import now_iso
from .folder import DatabaseFolder, describe
from .index_shards import name_row
from .journal import (
    INDEX_PART,
    JOURNAL,
    JournalStorage,
    encode_header,
    encode_line,
    new_journal_id,
    split_history,
)
from .manifest import FORMAT, Version, sha256

LEGACY_FILES = ("index.json", "reviews.json", "history.json")


def _read_file(db: Path, folder: DatabaseFolder, name: str) -> bytes | None:
    """An older release's whole file, checked against the manifest when there is one."""
    if folder.manifest is not None:
        if folder.manifest.format == FORMAT and name not in folder.manifest.files:
            return None  # an upgrade that got as far as the new manifest lists what it read
        return folder.read(name)
    try:
        return (db / name).read_bytes()
    except FileNotFoundError:
        return None


def read_legacy(db: Path, folder: DatabaseFolder) -> tuple[dict[str, dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """(reply id -> index entry, review tables, history tables) of an older release's
    whole files, as they are (the journal's lines not applied), every document checked."""
    data: dict[str, Any] = {}
    for name, kind in zip(LEGACY_FILES, ("index", "reviews", "history"), strict=False):
        raw = _read_file(db, folder, name)
        if raw is None:
            data[kind] = {}
            continue
        try:
            tables = backups.parse_tables(raw)
            if kind == "reviews":
                history = split_history(tables)
                backups.check_kind("reviews", tables)
                backups.check_kind("history", history)
                data["legacy_history"] = history
            else:
                backups.check_kind(kind, tables)
        except backups.Problem as exc:
            raise folder.corrupt(name, str(exc)) from None
        data[kind] = tables
    entries = {doc["id"]: doc for doc in data["index"].get("replies", {}).values()}
    history = data["history"]
    for name, table in data.get("legacy_history", {}).items():
        history.setdefault(name, {}).update(table)
    return entries, data["reviews"], history


def open_legacy(db: Path, folder: DatabaseFolder, *, readonly: bool,
                on_index: Callable[[dict[str, dict[str, Any]]], None]) -> JournalStorage:
    """A JournalStorage over an older release's files and journal (no shards). After an
    upgrade that stopped half way, the journal is the old one or the new one holding the
    same lines (see to_current): either is read."""
    entries, tables, history = read_legacy(db, folder)
    on_index(entries)
    upgrading = folder.manifest is not None and folder.manifest.format == FORMAT
    return JournalStorage(db, readonly=readonly, folder=folder, on_index=on_index, base=(tables, history),
                          check_id=not upgrading)


def to_current(db: Path, keep_backups: int) -> None:
    folder = DatabaseFolder(db)
    folder.load(required=False)
    meta_raw = (db / "meta.json").read_bytes()
    meta = json.loads(meta_raw.decode("utf-8"))
    if meta.get("schema_version") not in (1, 2):
        return
    entries: dict[str, dict[str, Any]] = {}
    journal = open_legacy(db, folder, readonly=True, on_index=entries.update)
    tables = {name: table for name, table in dict.items(journal.read()) if table}
    history = journal.pending
    for doc in entries.values():
        if "sha256" not in doc:  # schema 1: the reply files' checksums
            try:
                raw = (db / "replies" / f"{doc['id']}.json").read_bytes()
                json.loads(raw.decode("utf-8"))
            except (OSError, ValueError, UnicodeDecodeError):
                continue  # missing or damaged: `db check` names it, re-importing repairs it
            doc["sha256"] = sha256(raw)

    # 2. the old whole files, as they were
    when = backups.stamp()
    for name, kind in zip(LEGACY_FILES, backups.KINDS, strict=False):
        path = db / name
        if path.exists() and keep_backups > 0:
            backups.write(db, kind, path.read_bytes(), when)
    if journal.torn_tail:  # an append the earlier release never finished: kept, not replayed
        where = backups.folder(db)
        if not where.is_dir():
            where.mkdir()
            fsync_dir(db)
        atomic_write(where / f"{JOURNAL}.torn-{when}", journal.torn_tail, sync_dir=False)
    if backups.folder(db).is_dir():
        for kind in backups.KINDS:
            backups.remove(backups.beyond(db, kind, max(keep_backups, 1)))
        fsync_dir(backups.folder(db))

    # 3. the shards
    out = build_shards(entries, tables, history)
    folder.make_folders()
    versions = folder.write_shards(out)

    # 4. the manifest naming them, accepting both states meanwhile; the new journal holds
    # the old one's lines (all of them in the shards already: marked folded)
    lines = [encode_line(e["tables"], e["append"], e["index"]) for e in journal.entries_read]
    new_meta = dumps({**meta, "schema_version": 3, "migrated": now_iso()})
    journal_id = new_journal_id()
    new_journal = encode_header(journal_id) + b"".join(lines)
    manifest = describe(db)
    manifest.files["meta.json"] = [Version.of(meta_raw), Version.of(new_meta)]
    for name in LEGACY_FILES:
        if (db / name).exists():
            manifest.files[name] = [Version.of((db / name).read_bytes())]
    manifest.journal = [journal_id]
    manifest.shards = {k: v for k, v in versions.items() if v is not None}
    manifest.replies = len(entries)
    manifest.folded = {p: len(new_journal) for p in (*shards.PREFIXES, shards.META, INDEX_PART)}
    manifest.folded_for = journal_id
    for kind in backups.KINDS:
        for path in backups.list_backups(db, kind):
            manifest.backups[path.name] = Version.of(path.read_bytes())
    if folder.manifest is not None:
        manifest.generation = folder.manifest.generation
    folder.write_fresh(manifest)
    # 5. the new journal, 6. the commit point, 7. settled, the old files gone
    atomic_write(db / JOURNAL, new_journal)
    atomic_write(db / "meta.json", new_meta)
    assert folder.manifest is not None  # (write_fresh() wrote it)
    settled = folder.manifest.copy()
    settled.files = {"meta.json": [Version.of(new_meta)]}
    folder.write_fresh(settled)
    for name in LEGACY_FILES:
        with contextlib.suppress(FileNotFoundError):
            (db / name).unlink()
    fsync_dir(db)


def build_shards(entries: dict[str, dict[str, Any]], tables: dict[str, Any], history: dict[str, Any]) -> dict[str, bytes]:
    """Every shard of a database holding these index entries, review tables (and `_meta`)
    and history tables."""
    out: dict[str, bytes] = {}
    by_part: dict[str, list[dict[str, Any]]] = {}
    for rid in sorted(entries):
        by_part.setdefault(shards.prefix(rid), []).append(entries[rid])
    for part, docs in by_part.items():
        out[shards.key("index", part)] = shard_format.encode_documents("replies", docs)
    names: dict[str, list[dict[str, Any]]] = {}
    for entry in entries.values():
        row = name_row(entry)
        if row is not None:
            names.setdefault(shards.names_part(row["key"]), []).append(row)
    for part, name_rows in names.items():
        name_rows.sort(key=lambda r: (r["key"], r["id"]))
        out[shards.key("names", part)] = shard_format.encode_documents("names", name_rows)
    rows = summary.sort_rows(summary.row_of(e) for e in entries.values())
    for i, data in enumerate(summary.encode(rows)):
        out[f"summary/{i:04d}"] = data
    grouped: dict[str, dict[str, Any]] = {}
    reviewers: set[str] = set()
    meta = dict((tables.get("_meta") or {}).get("1") or {})
    for name, table in tables.items():
        if name == "_meta" or not table:
            continue
        grouped.setdefault(shards.of_table(name), {})[name] = table
        reviewers.update(d["reviewer"] for d in table.values() if d.get("type") == "review" and isinstance(d.get("reviewer"), str))
    meta["seq"] = max(int(meta.get("seq", 0)), max((int(i) for t in history.values() for i in t), default=0))
    meta["reviewers"] = sorted(reviewers)
    grouped[shards.META_KEY] = {"_meta": {"1": meta}}
    for name, table in history.items():
        if table:
            grouped.setdefault(shards.of_table(name), {})[name] = table
    for key, group in grouped.items():
        out[key] = shard_format.encode_tables(group)
    return out


__all__ = ["build_shards", "open_legacy", "read_legacy", "to_current"]
