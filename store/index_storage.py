"""AtomicJSONStorage: the TinyDB storage of `index.json`, replaced whole and atomically.

The index is small (one summary per reply, no texts) and changes once per import batch,
so it is kept in memory and rewritten as a whole file, in step with the database's
manifest (cppcc_review.store.folder.commit): a reader sees the old index or the new one, and a file
the manifest does not accept is refused. Reply files are written before the index names
them (see ReviewStore.add_replies).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from cppcc_review.store import backups
from cppcc_review.store.atomic import atomic_write, dumps
from cppcc_review.store.errors import NotSavedError, StoreError
from cppcc_review.store.folder import DatabaseFolder


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that builds many objects that
    stay (parsing the index, building the inbox's rows). They hold no reference cycles, so
    there is nothing for it to find; left on, it would walk every object built so far again
    and again (at 100,000 replies, a large part of opening). Reference counting still frees
    everything as usual, and the collector's previous state comes back after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class AtomicJSONStorage(Storage):
    """A TinyDB storage held in memory and written by atomic whole-file replacement.

    Inside `deferred()` writes only mark the data dirty; the file is written once when the
    block ends (an import batch costs one rewrite of the index, not one per reply).
    """

    def __init__(self, path: Path, db_path: Path, kind: str, *, readonly: bool = False,
                 folder: DatabaseFolder | None = None, keep_backups: int = 5):
        super().__init__()
        self.path = path
        self.db_path = db_path
        self.kind = kind
        self.readonly = readonly
        self.folder = folder if folder is not None else DatabaseFolder(db_path)
        self.keep_backups = keep_backups
        self.backup_next = False  # keep a backup of the file as it is before the next flush
        self._deferred = 0
        self._dirty = False
        self._data = self._load()

    def _load(self) -> dict[str, Any]:
        raw = self.folder.read(self.path.name)
        if raw is None:
            return {}
        try:
            with gc_paused():
                data = backups.parse_tables(raw)
                if self.folder.manifest is None:  # no checksum vouches for it: check every entry
                    backups.check_kind(self.kind, data)
                return data
        except backups.Problem as exc:
            raise backups.corrupt(self.db_path, self.path, str(exc), self.kind) from None

    def reload(self) -> None:
        self._dirty = False
        self._data = self._load()

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        self._data = data
        if self._deferred:
            self._dirty = True
        else:
            self.flush(force=True)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferred += 1
        try:
            yield
        except BaseException:
            self._deferred -= 1
            if self._dirty and not self._deferred:
                self.revert()
            raise
        self._deferred -= 1
        if not self._deferred:
            self.flush()

    def flush(self, *, force: bool = False) -> None:
        if not (self._dirty or force):
            return
        try:
            data = dumps(self._data)
            if self.folder.manifest is not None:
                old = self.folder.read(self.path.name) if self.backup_next else None
                self.folder.commit({self.path.name: data}, new_backups=[(self.kind, old)] if old else [],
                                   keep_backups=self.keep_backups)
            else:
                atomic_write(self.path, data)
        except NotSavedError:
            self.revert()
            raise
        self.backup_next = False
        self._dirty = False

    def snapshot(self) -> bytes:
        """The index as in memory (to write with a compaction)."""
        self._dirty = False
        return dumps(self._data)

    def revert(self) -> None:
        """Forget unsaved changes: memory goes back to what the file holds."""
        self._dirty = False
        self._data = self._load()

