"""Maintenance of a database folder: the `db check`, `db backup` and `db restore` commands.

`check` and `backup` work on an open ReviewStore (reached through `ReviewStore.check()`
and `ReviewStore.backup()`); `check_database` and `restore` work on a folder, because
they must also serve a database that refuses to open (`cppcc_review.store.db.check_database`,
`ReviewStore.restore()`, cppcc_review.store.restore).

`restore` rebuilds a consistent database from whatever is good, and loses nothing that
any good file still holds (cppcc_review.store.restore).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import shard_format
from .check_db import DatabaseCheck
from .check_journal import journal_reach, torn_note
from .fold import state_journal
from .index_storage import gc_paused
from .journal_held import HOLD_MAX
from .log import LOG as _LOG
from .manifest import Manifest

if TYPE_CHECKING:  # for the annotations only: cppcc_review.store.db imports this module
    from .db import ReviewStore

KIND_CHECK = {"index": "index", "reviews": "reviews", "changes": "changes", "names": "names"}

LOG = _LOG.getChild("maintenance")


def check(store: ReviewStore) -> dict[str, Any]:
    """Verify the database: every shard against the manifest and the schema, every reply
    text against its index entry, every backup; counts, orphan files and tables, problems
    (cppcc_review.store.check_db)."""
    with gc_paused():  # millions of documents decoded (no cycles among them): nothing for the collector
        return _check(store)


def _check(store: ReviewStore) -> dict[str, Any]:
    report = DatabaseCheck(store).run()
    manifest, journal = store._folder.manifest, store._jstore
    if manifest is not None:  # (how far the journal reached: cppcc_review.store.check_journal)
        report["problems"] += journal_reach(store.path, manifest, journal.journal_id, journal._good_size)
        report["notes"] += torn_note(store.path, journal.torn_tail)
        report["ok"] = not report["problems"]
    return report


# A journal up to this size is kept in the backup as it is (the app folds past it while
# the reviewer is idle: cppcc_review.store.db maintain); a longer one is folded first, so
# that the backups kept (5 by default) stay a small part of the database: the journal
# copies they carry, and the older versions of the shards a fold rewrites, which they keep
# on disk. In a small database, at most this share of its review and history shards (but
# never less than BACKUP_JOURNAL_MIN: a few days' marks).
BACKUP_JOURNAL_MAX = HOLD_MAX  # (the journal's bytes a store holds: JournalStorage.journal_bytes)
BACKUP_JOURNAL_SHARE = 1 / 16
BACKUP_JOURNAL_MIN = 64 << 10


def backup(store: ReviewStore) -> list[Path]:
    """Keep the current state as a backup: its manifest, named through a hard link (it
    costs the shards changed since the last backup, nothing else), and the journal's lines
    not folded into those shards yet (cppcc_review.store.backup_v3.encode_v3). The journal is the
    data that changed; folding it first would rewrite every shard it touches (at 100,000
    replies, ~9 MB for 20 ratings) before the copy. The journal's bytes are those the store
    read and appended (JournalStorage.journal_bytes: no second read, no line checked again),
    and the backup is its one file, under its final name (DatabaseFolder.add_backup: two
    fsyncs, one commit of the file system's journal, no rename, no manifest step). A
    journal past BACKUP_JOURNAL_MAX, or one whose bytes the store does not hold
    whole, is folded first, as before."""
    folder = store._folder
    with gc_paused(), store._writing():  # (a collection of the store's millions of objects: ms, and nothing to find)
        # A backup names the state's shard files: one damaged now would be damaged in it too
        # (db check would call it unusable), so a damaged database is refused with the line
        # every reading command gives, nothing written (QA15 bug 3: it said "wrote", exit 0).
        store.verify_shards()
        manifest = folder.manifest
        assert manifest is not None  # (an open store of this release has one)
        journal = store._jstore
        size = journal.journal_size
        carried = None
        if manifest.settled() and (size <= BACKUP_JOURNAL_MIN or size <= _journal_limit(manifest)):
            carried = state_journal(journal)  # (in pieces: written as they are, not joined)
        if carried is not None:
            return [folder.add_backup(manifest, store.keep_backups, *carried)]
        if not journal.journal_lines:
            return [folder.add_backup(manifest, store.keep_backups)]
        folder.last_backup = None
        store._fold(keep=True)  # the fold's commit keeps its new state as the backup
        made = folder.last_backup
        if made is None:  # nothing to fold: the state as it is
            assert folder.manifest is not None
            made = folder.add_backup(folder.manifest, store.keep_backups)
    return [made]


# The last manifest whose journal limit was counted, and the limit (a sum over every
# review and history shard: ~1,000 at any size, counted again only when the state changes).
_limit_of: tuple[Manifest, int] | None = None


def _journal_limit(manifest: Manifest) -> int:
    """How long a journal a backup keeps as it is (see BACKUP_JOURNAL_MAX)."""
    global _limit_of
    last = _limit_of
    if last is not None and last[0] is manifest:
        return last[1]
    reviews = sum(v.size for k, v in manifest.shards.items() if k.startswith(("reviews/", "changes/")))
    limit = max(BACKUP_JOURNAL_MIN, min(BACKUP_JOURNAL_MAX, int(reviews * BACKUP_JOURNAL_SHARE)))
    _limit_of = (manifest, limit)
    return limit


def _shard_tables(raw: bytes) -> dict[str, Any]:
    return shard_format.decode(raw)


__all__ = ["Manifest", "backup", "check"]
