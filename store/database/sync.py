"""Other writers and compaction: every write holds the folder's write lock after reading
what other processes wrote since (refresh); the journal is folded into the shards a few
prefixes at a time when it has grown (cppcc_review.store.fold), never on the way out of a command.
A part of ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tinydb import TinyDB

from .. import fold, shard_format, shards
from ..errors import LockedError, StoreError
from .layout import (
    META_TABLE,
    REVIEWS,
    meta_version,
)
from .parts import StoreParts


class StoreSync(StoreParts):
    # ---------------------------------------------------------------- compaction
    def _fold_if_due(self, *, after_bulk: bool = False) -> None:
        """Fold some of the journal into the shards when it has grown past its limit
        (cppcc_review.store.fold): a few prefixes' worth, or all of it past FOLD_ALL_BYTES
        or after a bulk write (the writer that made it long folds it, not the next key in
        an app). The caller holds the write lock and has read every line."""
        if not self.fold_on_write:
            return
        size = self._jstore.journal_size
        if size > fold.FOLD_ALL_BYTES or (after_bulk and size > self._fold_bytes()):
            self.fold_all()
        elif size > self._fold_bytes():
            self._fold(budget=0.02)

    def _fold_bytes(self) -> int:
        """The journal's size past which a writer folds (smaller on a small database)."""
        manifest = self._folder.manifest
        return fold.fold_bytes(manifest.replies if manifest is not None else 0)

    def _fold_after_change(self, *, after_bulk: bool = False) -> None:
        """Fold a little after a change (when due; all of it after a batch): the change is
        saved whatever happens here, so a failure (a full disk, a damaged shard) does not
        make it look unsaved; it is kept in `fold_problem` and met again by the next fold,
        `db check` or read."""
        try:
            self._fold_if_due(after_bulk=after_bulk)
            self.fold_problem = None
        except StoreError as exc:
            self.fold_problem = str(exc)

    def _fold(self, parts: list[str] | None = None, *, budget: float | None = None, keep: bool = False) -> bool:
        backup = not self._backed_up and self.keep_backups > 0
        done = fold.fold(self, parts, budget=budget, backup=backup, keep=keep)
        if done and backup:
            self._backed_up = True
        return done

    def fold_all(self) -> None:
        """Fold the whole journal into the shards and start it again (an import's end,
        `db backup`, a journal past FOLD_ALL_BYTES)."""
        with self._writing():
            self._fold()

    def fold_due(self) -> bool:
        """Whether `maintain` would fold now: the journal has grown (well before a writer would
        fold it: a mark in the app never folds on its way). Cheap: the app asks at every tick."""
        return (not self.readonly and not self._closed
                and self._jstore.journal_size > min(fold.FOLD_BYTES // 4, self._fold_bytes() // 2))

    def maintain(self, budget: float = 0.02) -> bool:
        """Fold a little of the journal into the shards if it is due (the app calls this on a
        worker thread while the reviewer is idle); True when something was folded. Never waits:
        another thread inside the store or another writer at work means later."""
        if not self._in_use.acquire(blocking=False):  # (cppcc_review.store.one_thread)
            return False
        try:
            if not self.fold_due():
                return False
            with self._lock.write(0):
                self._refresh_locked()
                return self._fold(budget=budget)
        except LockedError:
            return False
        finally:
            self._in_use.release()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Every change made in the block is one journal line: after a crash, a full disk
        or an error inside the block, all of them are there or none (import-ratings of one
        file). Holds the write lock for the block."""
        with self._writing():
            if self._batch_done is not None:
                yield
                return
            self._batch_done = []
            try:
                with self._jstore.transaction(META_TABLE):
                    yield
            except BaseException:
                self._batch_done = None
                self._rdb = TinyDB(storage=lambda: self._jstore)
                self._reply_cache.clear()
                self._scans.clear()
                raise
            done, self._batch_done = self._batch_done, None
            for step in done:
                step()
            self._saved()  # the batch's line is durable: a failed fold below loses none of it
            self._fold_after_change(after_bulk=True)

    # ---------------------------------------------------------------- other writers
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the write lock for the block, having first read what others wrote since."""
        self._writable()
        if self._lock.writing:
            yield
            return
        with self._lock.write(self.lock_timeout):
            self._refresh_locked()
            yield

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Hold the lock (shared) for the block, having first read what others wrote since:
        files read in the block belong with the manifest and journal read."""
        if self._lock.writing:
            yield
            return
        with self._lock.read(self.lock_timeout):
            if not self._closed and self._folder.changed():
                self._refresh_locked()
            yield

    def refresh(self, *, wait: float | None = None) -> set[str]:
        """Read what other processes wrote since this store last looked (their journal lines,
        the shards they folded, a journal they started again); return the ids of the
        replies whose reviews, layout or index entry changed (empty: nothing changed).
        Two stats when nothing did: the app calls it about once a second, with `wait=0`
        (a writer in the middle of a write: nothing now, look again later)."""
        if self._closed:
            return set()
        # Another thread inside the store (the app's idle fold): within `wait`, as for the write lock.
        if not self._in_use.acquire(timeout=-1 if wait is None else max(wait, 0.0)):
            return set()
        try:
            return self._refresh(wait)
        finally:
            self._in_use.release()

    def _refresh(self, wait: float | None) -> set[str]:
        try:
            if self._lock.writing:
                self._refresh_locked()
            else:
                with self._lock.read(self.lock_timeout if wait is None else wait):
                    # (a folder moved or deleted under the open store is said as that, not as its files missing)
                    self._lock.same_folder()
                    self._refresh_locked()
        except LockedError:
            if wait is None:
                raise
        # What every look since the last call found: a write, or a read of a shard the
        # manifest had moved, reads other writers' changes on its way (before the poll's tick).
        changed, self._unreported = self._unreported, set()
        return changed

    def _refresh_locked(self) -> set[str]:
        """Read what other processes wrote since (the lock held); the ids whose data may
        differ now, kept for refresh() to report as well. A reply new or changed in the
        summary the app lists is among them, also when it came in a folded shard and no
        journal line named it."""
        rows_before = self._rows
        changed = self._read_changes()
        if self.replies_changed:
            self._head_ranges = {}  # the first screen's ranges, read before: the index's now
        if rows_before is not None and self._rows is None:
            rows = self._rows_changed(rows_before) - changed
            for rid in rows:
                self._reply_cache.pop(rid, None)
            self._rescan(rows)
            changed |= rows
        self._unreported |= changed
        return changed

    def _rows_changed(self, before: list[tuple[Any, ...]]) -> set[str]:
        """The ids whose summary row is new, changed or gone since `before` (the rows read
        again now: the inbox that kept them reads them next anyway)."""
        old = {row[0]: row for row in before}
        ids = {row[0] for row in self._summary_rows() if old.pop(row[0], None) != row}
        return ids | set(old)

    def _read_changes(self) -> set[str]:
        self.replies_changed = False
        folder = self._folder
        if self._legacy:  # an older release's files: anything new means read them all again
            if folder.changed() or self._jstore.journal_replaced() or self._jstore.read_new_lines():
                before = {row[0] for row in self._summary_rows()}
                self._jstore.close()
                self._load_state()
                return before | {row[0] for row in self._summary_rows()}
            return set()
        changed: set[str] = set()
        names: set[str] = set()
        if folder.manifest is not None and folder.changed():
            old = folder.manifest
            new = folder.load(required=True)
            assert new is not None  # (required: a missing manifest raises)
            if meta_version(self._meta_bytes()) != meta_version(self._meta_raw or b""):
                self._check_meta()
            keys = {k for k in old.shards.keys() | new.shards.keys() if old.shards.get(k) != new.shards.get(k)}
            if new.journal != old.journal or self._jstore.journal_replaced():
                # Started again elsewhere: everything the old journal said is in the shards.
                names |= self._jstore.journal_names()
                changed |= set(self._index.overlay)
                self.replies_changed = self.replies_changed or bool(self._index.overlay)
                self._index.set_overlay({})
                self._jstore.reload()
                names |= self._jstore.journal_names()
                changed |= set(self._index.overlay)
            else:
                names |= self._jstore.read_new_lines()
            changed |= self._shards_changed(keys)
        elif self._jstore.journal_replaced():
            self._index.set_overlay({})
            self._jstore.reload()
            self._drop_caches()
            return set(self._jstore.journal_tables)
        else:
            names = self._jstore.read_new_lines()
            if not names:
                return set()
        entries: set[str] = set()  # the index entries journal lines named
        for name in names:
            if name.startswith(("r:", "h:")):
                changed.add(name[2:])
            elif name.startswith("index:"):
                changed.add(name[6:])
                entries.add(name[6:])
                self.replies_changed = True
        if not entries <= self._index.overlay.keys():  # (their rows were put in place as their lines were read)
            self._rows = None
        for rid in changed:
            self._reply_cache.pop(rid, None)
        self._rescan(changed)
        self._rdb = TinyDB(storage=lambda: self._jstore)
        return changed

    def _shards_changed(self, keys: set[str]) -> set[str]:
        """Another process wrote these shards: forget what was read of them; the ids of
        the replies whose data may differ now."""
        changed: set[str] = set()
        if not keys:
            return changed
        loaded = self._jstore.loaded_tables()
        for key in keys:
            self._uncache_shard(key)
            kind, part = shards.kind_of(key), shards.part_of(key)
            if kind in ("reviews", "changes"):
                gone = [n for n in loaded if shards.part_of_table(n) == part]
                self._jstore.forget_tables(gone)
                changed.update(n[2:] for n in gone if n != META_TABLE)
                if kind == "reviews" and not self._scans.empty:
                    changed.update(self._ids_in_scans(part))
            elif kind in ("index", "summary", "names"):
                self._rows = None
                self._reply_cache.clear()
                self.replies_changed = True
        return changed

    def _ids_in_scans(self, part: str) -> set[str]:
        self._settle_scans()
        ids: set[str] = set()
        for progress in self._scans.progress.values():
            ids.update(rid for rid in progress if rid.startswith(part))
        raw = self._shard(shards.key("reviews", part))
        if raw:
            ids.update(name[2:] for name in shard_format.table_line_bytes(raw) if name.startswith(REVIEWS))
        return ids

    def _drop_caches(self) -> None:
        self._shard_cache.clear()
        self._shard_cache_size = 0
        self._reply_cache.clear()
        self._rows = None
        self._scans.clear()

    def _meta_bytes(self) -> bytes:
        try:
            return (self.path / "meta.json").read_bytes()
        except OSError:
            return b""
