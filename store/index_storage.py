"""AtomicJSONStorage: the TinyDB storage of `index.json`, replaced whole and atomically.

The index is small (one summary per reply, no texts) and changes once per import batch,
so it is kept in memory and rewritten as a whole file (store.atomic): a reader sees the
old index or the new one. Reply files are written before the index names them (see
ReviewStore.add_replies).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from store import backups
from store.atomic import atomic_write, dumps
from store.errors import NotSavedError, StoreError


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

    def __init__(self, path: Path, db_path: Path, kind: str, *, readonly: bool = False):
        super().__init__()
        self.path = path
        self.db_path = db_path
        self.kind = kind
        self.readonly = readonly
        self._deferred = 0
        self._dirty = False
        self._data = self._load()

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({exc.strerror}); check its permissions") from exc
        try:
            with gc_paused():
                return backups.parse_tables(raw)
        except backups.Problem as exc:
            raise backups.corrupt(self.db_path, self.path, str(exc), self.kind) from None

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
            atomic_write(self.path, dumps(self._data))
        except NotSavedError:
            self.revert()
            raise
        self._dirty = False

    def revert(self) -> None:
        """Forget unsaved changes: memory goes back to what the file holds."""
        self._dirty = False
        self._data = self._load()

