"""Upgrading a database written by an earlier release (schema 1) to this one (schema 2).

Schema 2 adds what lets the database know its own files: `manifest.json` (every file's
size and checksum), a journal whose first line names it, and each reply file's checksum
in its index entry. Nothing else changes shape, so the upgrade reads everything as the
first release wrote it, checks every document (a damaged file stops the upgrade with the
usual CorruptError, before anything is written), and writes it again:

  1. backups of index.json, reviews.json and history.json as they were;
  2. index.json with the reply checksums, history.json, reviews.json with the journal's
     changes folded in (a crash here leaves a schema 1 database that replays its old
     journal over the new snapshots harmlessly, and the upgrade runs again);
  3. a new journal (its first line only);
  4. the manifest (accepting meta.json as it is and as it will be), then meta.json at
     schema 2, then the manifest settled.

It runs at the first open by a writer, under the write lock, with every old-release
process shut out (they held the session lock exclusively).
"""

from __future__ import annotations

import json
from pathlib import Path

from store import backups
from store.atomic import atomic_write, dumps, fsync_dir
from store.clock import now_iso
from store.folder import DatabaseFolder, describe
from store.index_storage import AtomicJSONStorage
from store.journal import HISTORY, JOURNAL, SNAPSHOT, JournalStorage, encode_header, new_journal_id
from store.manifest import Version, sha256


def to_current(db: Path, keep_backups: int) -> None:
    folder = DatabaseFolder(db)  # no manifest: every document is checked as it is read
    meta_raw = (db / "meta.json").read_bytes()
    meta = json.loads(meta_raw.decode("utf-8"))
    if meta.get("schema_version") != 1:
        return
    index = AtomicJSONStorage(db / "index.json", db, "index", readonly=True, folder=folder).read()
    journal = JournalStorage(db, readonly=True, folder=folder)
    history = journal.load_history()
    reviews = journal.read()
    for doc in index.get("replies", {}).values():
        try:
            raw = (db / "replies" / f"{doc['id']}.json").read_bytes()
            json.loads(raw.decode("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            continue  # missing or damaged: `db check` names it, re-importing repairs it
        doc["sha256"] = sha256(raw)

    when = backups.stamp()
    old = {kind: (db / f"{kind}.json") for kind in backups.KINDS}
    for kind, path in old.items():
        if path.exists() and keep_backups > 0:
            backups.write(db, kind, path.read_bytes(), when)
    if journal.torn_tail:  # an append the first release never finished: kept, not replayed
        if not backups.folder(db).is_dir():
            backups.folder(db).mkdir()
            fsync_dir(db)
        atomic_write(backups.folder(db) / f"{JOURNAL}.torn-{when}", journal.torn_tail, sync_dir=False)
    if backups.folder(db).is_dir():
        for kind in backups.KINDS:
            backups.remove(backups.beyond(db, kind, max(keep_backups, 1)))
        fsync_dir(backups.folder(db))

    atomic_write(db / "index.json", dumps(index))
    if history or (db / HISTORY).exists():
        atomic_write(db / HISTORY, dumps(history))
    atomic_write(db / SNAPSHOT, dumps(reviews))
    journal_id = new_journal_id()
    atomic_write(db / JOURNAL, encode_header(journal_id))

    new_meta = dumps({**meta, "schema_version": 2, "migrated": now_iso()})
    manifest = describe(db)
    manifest.files["meta.json"] = [Version.of(meta_raw), Version.of(new_meta)]
    manifest.journal = [journal_id]
    for kind in backups.KINDS:
        for path in backups.list_backups(db, kind):
            manifest.backups[path.name] = Version.of(path.read_bytes())
    folder.write_fresh(manifest)
    atomic_write(db / "meta.json", new_meta)
    folder.settle()
