"""ReviewStore: the one API through which the CLI and the TUI reach the data.

The database is a folder (see docs/architecture.md):
  meta.json          schema version; an older one is upgraded by the first writer
                     (cppcc_review.store.migrate), a newer version is refused
  manifest.json      the shards that make up the database now, with their checksums, and
                     the journal's id (cppcc_review.store.manifest); the one point of commit (cppcc_review.store.folder)
  index/, names/,    shards by prefix of the reply id (cppcc_review.store.shards): the index entries, the
  reviews/, changes/ 文号 lookup, the review tables `r:<id>`, the change history `h:<id>`;
  summary/           every reply as one row, in the inbox's order (cppcc_review.store.summary)
  replies/           the texts, one pack per import batch, one reply a line (cppcc_review.store.reply_packs)
  reviews.journal    its id, then one fsynced line per change or transaction (cppcc_review.store.journal),
                     folded into the shards a few prefixes at a time (cppcc_review.store.fold)
  history/<id>/      earlier texts of replies re-imported by an older release
  backups/           earlier states: backups naming a manifest kept by a hard link (cppcc_review.store.backups)
  lock               the session lock and who wrote last; writers lock the folder itself,
                     one write at a time (cppcc_review.store.lock)

A command reads only what it touches: `rate` reads the manifest, the journal, one names
shard, one index entry and one review table, and appends one line; nothing it does
depends on the number of replies.

A reply's table `r:<id>` holds one document per reviewer
  {type: "review", reviewer, ratings: {<anchor>: SuggestionReview}, assessment, updated}
where the anchor is the first line (in reply.lines) of the suggestion, so a split or
merge leaves every other suggestion's rating where it was; an optional
  {type: "layout", ranges: [[start, end], ...], headings, hashes, by, time}
when a reviewer split or merged suggestions (shared by all reviewers). The audit trail
is the reply's table `h:<id>`, one document per change stored under its `seq` (unique in
the database, so appending needs no look at the table).

Writing reviews is cppcc_review.store.review_writes; importing replies, cppcc_review.store.reply_import; whole-
database scans (progress), cppcc_review.store.review_scan; check / backup / restore,
cppcc_review.store.maintenance.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from .database.index_reads import IndexReads
from .database.layout import (
    HISTORY,
    META_TABLE,
    REVIEWS,
    SCHEMA_VERSION,
    compute_reply_id,
    make_folder,
    meta_version,
    refuse_foreign,
    refuse_not_empty,
)
from .database.opening import StoreOpening
from .database.review_reads import ReviewReads
from .database.shard_cache import ShardCache
from .database.sync import StoreSync
from .database.texts import TextReads
from .draft_sessions import DraftSessions
from .errors import StoreError, detail
from .index_shards import doc_no_key
from .journal import INDEX_PART
from .layout_writes import LayoutWrites
from .lock import DatabaseLock
from .one_thread import one_thread_at_a_time
from .reply_import import ReplyImport
from .review_scan import ReviewScans


@one_thread_at_a_time  # (cppcc_review.store.one_thread: the app folds on a worker thread)
class ReviewStore(StoreOpening, StoreSync, ShardCache, IndexReads, TextReads, ReviewReads, LayoutWrites, ReplyImport):
    """See docs/architecture.md for the contract; every mutating call is durable on return.

    A façade over its parts, one job each (store/database/): opening and closing, other
    writers and compaction, the shard cache, the index and summaries, the texts, reading
    reviews; writing reviews (cppcc_review.store.review_writes) and importing (cppcc_review.store.reply_import).

    `readonly`: asked for (--readonly); `locked_out`: read-only because another program held
    the writer's lock when it was opened (the app browses it so): a write is refused saying which.

    Several stores (processes) may have one database open and write: each write takes the
    folder's write lock, first reads what the others wrote since (`refresh()`), then
    appends its line (cppcc_review.store.lock). A reader reads under the same lock, shared.
    Within a process, one thread at a time is inside the store (cppcc_review.store.one_thread).
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False, lock_timeout: float = 3.0,
                 backups: int = 5, fold_on_write: bool = True, locked_out: bool = False) -> None:
        # Each attribute's type is declared once, in StoreParts (cppcc_review.store.database.parts).
        self._in_use = threading.RLock()  # held by every public method (cppcc_review.store.one_thread)
        self.path = Path(path).expanduser()
        self.readonly = readonly or locked_out
        self.locked_out = locked_out
        self.keep_backups = backups
        self.lock_timeout = lock_timeout
        self.fold_on_write = fold_on_write  # False (the app): no fold at the open or after a write; maintain() folds
        self.last_saved = None
        self._closed = False
        self._reply_cache = OrderedDict()
        self._shard_cache = OrderedDict()
        self._shard_cache_size = 0
        self._bulk = 0  # inside bulk(): keep every shard read
        self._table_at = {}  # inside bulk(): where each table's line is in a shard read
        self._rows = None  # the summary's rows, once read whole
        self._rows_pending = {}  # index entries journal lines brought, for those rows (store.database.index_reads)
        self._head_ranges = {}  # the first rows' ranges (the inbox's first screen)
        self._scans = ReviewScans()
        self._undo = {}
        self._redo = {}
        self._patches = {}  # change seq -> patches (for undo / redo)
        self._layout_left = {}  # a merge's / split's seq -> the records it left (store/undo_guard.py)
        self._batch_done = None  # undo entries waiting for a batch's line
        self._meta_raw = None
        self._backed_up = False  # this session kept a backup before its first fold
        self._reply_temps_checked = False  # stale temporary files removed before this session's first import
        self.fold_problem = None  # why the last fold after a change failed (the change was saved)
        self.replies_changed = False  # the last refresh() saw replies added or changed (not only reviews)
        self._unreported = set()  # ids other writers changed, read since refresh() last returned them
        refuse_foreign(self.path)  # another program's folder: refused before a lock file is made in it
        if not self.readonly:
            refuse_not_empty(self.path)  # (a new database is made in a new or empty folder only)
            make_folder(self.path)
        self._lock = DatabaseLock(self.path)
        self._draft_sessions = DraftSessions(self.path)
        try:
            self._lock.open_session(lock_timeout, writer=not self.readonly)
            self._open()
        except BaseException:
            self._lock.close_session()
            raise

    # ---------------------------------------------------------------- maintenance
    # cppcc_review.store.maintenance and cppcc_review.store.restore are imported when called, not with this module:
    # they import most of the store (restore, migration, schema checks: ~30 ms) and a
    # one-reply command needs none of it. (Neither imports this module: no cycle.)
    def check(self) -> dict[str, Any]:
        """Verify the database: counts, orphan files and tables, and problems found."""
        from . import maintenance

        return maintenance.check(self)

    def backup(self) -> list[Path]:
        """Keep the state now as a backup: a manifest copy carrying the journal's unfolded lines
        (cppcc_review.store.maintenance.backup; a journal past 256 KB is folded first)."""
        from . import maintenance

        return maintenance.backup(self)

    @staticmethod
    def restore(path: str | os.PathLike[str], from_path: str | os.PathLike[str] | None = None, *, lock_timeout: float = 3.0) -> list[tuple[Path, str]]:
        """Rebuild damaged or missing files from what is good (or restore the backup
        `from_path`); returns (file, what it was rebuilt from), empty when all is well.

        Damaged files are copied into backups/ as `*.damaged-<time>` first: nothing is
        deleted. See cppcc_review.store.maintenance for what each file is rebuilt from.
        """
        from . import restore

        return restore.restore(Path(path).expanduser(), Path(from_path) if from_path else None, lock_timeout)


def check_database(path: str | os.PathLike[str]) -> dict[str, Any]:
    """`db check` without the writer lock: a report even when the database cannot be opened."""
    try:
        with ReviewStore(path, readonly=True) as store:
            return store.check()
    except StoreError as exc:
        return {"path": str(path), "problems": [detail(exc)], "ok": False}  # (its code kept: worded by the CLI)


__all__ = ["HISTORY", "INDEX_PART", "META_TABLE", "REVIEWS", "SCHEMA_VERSION", "ReviewStore", "check_database",
           "compute_reply_id", "doc_no_key", "meta_version"]
