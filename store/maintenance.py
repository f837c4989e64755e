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
from .index_storage import gc_paused
from .log import LOG as _LOG
from .manifest import Manifest

if TYPE_CHECKING:  # for the annotations only: cppcc_review.store.db imports this module
    from .db import ReviewStore

KIND_CHECK = {"index": "index", "reviews": "reviews", "changes": "changes", "names": "names"}

LOG = _LOG.getChild("maintenance")


def _advice(db: Path) -> str:
    return f"run `cppcc-review db restore --db {db}`"


def check(store: ReviewStore) -> dict[str, Any]:
    """Verify the database: every shard against the manifest and the schema, every reply
    text against its index entry, every backup; counts, orphan files and tables, problems
    (cppcc_review.store.check_db)."""
    with gc_paused():  # millions of documents decoded (no cycles among them): nothing for the collector
        return _check(store)


def _check(store: ReviewStore) -> dict[str, Any]:
    return DatabaseCheck(store).run()


def backup(store: ReviewStore) -> list[Path]:
    """Fold the journal into the shards, then keep that state as a backup (a copy of the
    manifest: it costs the shards changed since the last backup, nothing else)."""
    folder = store._folder
    with store._writing():
        folder.last_backup = None
        store._fold(keep=True)  # the fold's commit keeps its new state as the backup
        made = folder.last_backup
        if made is None:  # nothing to fold: the state as it is
            assert folder.manifest is not None  # (an open store of this release has one)
            made = folder.add_backup(folder.manifest, store.keep_backups)
    return [made]


def _shard_tables(raw: bytes) -> dict[str, Any]:
    return shard_format.decode(raw)


__all__ = ["Manifest", "backup", "check"]
