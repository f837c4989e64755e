"""What the parts of ReviewStore share: the store's state, typed in one place, and what
each part offers the others. Every part (cppcc_review.store.database.*, review_writes,
review_commit, reply_import) derives from StoreParts, so the type checker reads
`self._jstore` or `self._writing()` in any of them as the one thing it is, and checks
that the part defining a method keeps the signature declared here.

Nothing here runs: the attributes are only annotated (ReviewStore.__init__ and
StoreOpening._load_state set them), and the methods are declared for the type checker
alone (`if TYPE_CHECKING`), so the parts' own definitions are the only ones at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import threading
    from collections import OrderedDict
    from collections.abc import Callable, Iterable
    from contextlib import AbstractContextManager
    from datetime import datetime
    from pathlib import Path

    from tinydb import TinyDB

    from ..draft_sessions import DraftSessions
    from ..folder import DatabaseFolder
    from ..index_shards import ReplyIndex
    from ..journal import JournalStorage
    from ..lock import DatabaseLock
    from ..model import Change, Reply, Review
    from ..review_scan import ReviewScans


class StoreParts:
    # ---------------------------------------------------------------- set by ReviewStore.__init__
    path: Path
    readonly: bool
    # Read-only because another program held the writer's lock when it was opened (the app
    # then browses read-only), not because read-only was asked for: a write is refused saying so.
    locked_out: bool
    keep_backups: int
    lock_timeout: float
    # Whether the open and each write fold the journal when it has grown (a few prefixes after
    # one change, all of it after a batch). The app passes False: a key never waits for a
    # fold; the app folds in a pause instead (maintain()).
    fold_on_write: bool
    last_saved: datetime | None
    fold_problem: str | None  # why the last fold after a change failed (the change was saved)
    replies_changed: bool  # the last refresh() saw replies added or changed (not only reviews)
    _unreported: set[str]  # ids other writers changed, read since refresh() last returned them
    _closed: bool
    _in_use: threading.RLock  # one thread at a time in the store (cppcc_review.store.one_thread)
    _lock: DatabaseLock
    _draft_sessions: DraftSessions  # whose drafts are being typed now
    _reply_cache: OrderedDict[str, Reply]
    _shard_cache: OrderedDict[str, bytes]
    _shard_cache_size: int
    _bulk: int  # inside bulk(): keep every shard read
    _table_at: dict[str, dict[str, tuple[int, int]]]  # inside bulk(): shard key -> where each table's line is
    _rows: list[tuple[Any, ...]] | None  # the summary's rows, once read whole (compact: cppcc_review.store.summary)
    _rows_pending: dict[str, dict[str, Any]]  # index entries for _rows, put in place when next read
    _head_ranges: dict[str, list[list[int]]]  # the first rows' ranges (the inbox's first screen)
    _scans: ReviewScans
    _undo: dict[str, list[Change]]
    _redo: dict[str, list[Change]]
    _patches: dict[int, list[dict[str, Any]]]  # change seq -> patches (for undo / redo)
    _layout_left: dict[int, dict[str, dict[str, Any]]]  # a merge's / split's seq -> the records it left
    _batch_done: list[Callable[[], None]] | None  # undo entries waiting for a batch's line
    _meta_raw: bytes | None
    _backed_up: bool
    _reply_temps_checked: bool
    # ---------------------------------------------------------------- set by StoreOpening._load_state
    _folder: DatabaseFolder
    _legacy: bool  # an older release's database, read as it is
    _index: ReplyIndex
    _jstore: JournalStorage
    _rdb: TinyDB

    if TYPE_CHECKING:
        # ------------------------------------------------------------ StoreOpening (opening.py)
        def _check_meta(self) -> int: ...
        def _load_state(self) -> None: ...
        def _remove_stale_temps(self, *, reply_folders: bool = False) -> None: ...
        def _writable(self) -> None: ...
        def _saved(self) -> None: ...

        # ------------------------------------------------------------ StoreSync (sync.py)
        def _fold_if_due(self, *, after_bulk: bool = False) -> None: ...
        def _fold_after_change(self, *, after_bulk: bool = False) -> None: ...
        def fold_all(self) -> None: ...
        def _writing(self) -> AbstractContextManager[None]: ...
        def _reading(self) -> AbstractContextManager[None]: ...
        def _refresh_locked(self) -> set[str]: ...
        def _drop_caches(self) -> None: ...

        # ------------------------------------------------------------ ShardCache (shard_cache.py)
        def _shard(self, key: str) -> bytes | None: ...
        def _cache_shard(self, key: str, data: bytes | None) -> None: ...
        def _uncache_shard(self, key: str) -> None: ...
        def bulk(self) -> AbstractContextManager[None]: ...
        def _load_table(self, name: str) -> dict[str, Any] | None: ...
        def _load_history_table(self, name: str) -> dict[str, Any] | None: ...
        def _shard_uncached(self, key: str) -> bytes | None: ...

        # ------------------------------------------------------------ IndexReads (index_reads.py)
        def _summary_doc(self, rid: str) -> dict[str, Any]: ...
        def _summary_rows(self) -> list[tuple[Any, ...]]: ...
        def _rows_later(self, entries: dict[str, dict[str, Any]]) -> None: ...

        # ------------------------------------------------------------ TextReads (texts.py)
        def _reply_bytes(self, rid: str) -> bytes: ...
        def _reply_from_bytes(self, rid: str, raw: bytes, path: Path | None = None) -> Reply: ...
        def _read_reply_file(self, rid: str) -> Reply: ...
        def _reply_file_ok(self, rid: str) -> bool: ...
        def get_reply(self, reply_id: str) -> Reply: ...

        # ------------------------------------------------------------ ReviewReads (review_reads.py)
        def _review_docs(self, rid: str) -> list[tuple[str, dict[str, Any]]]: ...
        def _review_doc(self, rid: str, reviewer: str) -> tuple[str | None, dict[str, Any] | None]: ...
        def _layout_doc(self, rid: str) -> tuple[str | None, dict[str, Any] | None]: ...
        def _layout(self, rid: str) -> list[list[int]] | None: ...
        def get_review(self, reply_id: str, reviewer: str) -> Review: ...
        def _make_review(self, rid: str, reviewer: str, doc: dict[str, Any] | None, anchors: list[str]) -> Review: ...
        def _rescan(self, ids: Iterable[str]) -> None: ...
        def _settle_scans(self) -> None: ...

        # ------------------------------------------------------------ ReviewWrites (review_writes.py)
        def _anchors_and_hash(self, rid: str, index: int | str) -> tuple[list[str], str]: ...

        # ------------------------------------------------------------ ReviewCommit (review_commit.py)
        def _commit(self, rid: str, reviewer: str, action: str, index: int | None, before: Any, after: Any,
                    patches: list[dict[str, Any]], *, undoable: bool = True, extra: dict[str, Any] | None = None,
                    index_entry: dict[str, Any] | None = None) -> Change: ...

        # ------------------------------------------------------------ ReplyImport (reply_import.py)
