"""Opening and closing a database: meta.json's schema (an older one upgraded by the first
writer), a new database's first files, the manifest and the journal read; closing never
waits for a compaction. A part of ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from tinydb import TinyDB

from .. import backups
from ..atomic import atomic_write, dumps, remove_stale_temps
from ..clock import now_iso as _now
from ..clock import tool_version as _tool_version
from ..errors import CorruptError, StoreError, coded
from ..folder import DatabaseFolder, describe
from ..index_shards import ReplyIndex
from ..journal import JOURNAL, JournalStorage, encode_header, new_journal_id
from ..lock import refuse_symlink
from ..manifest import MANIFEST, new_database_id
from .layout import (
    SCHEMA_VERSION,
    has_data,
    meta_version,
)
from .parts import StoreParts


class StoreOpening(StoreParts):
    # ---------------------------------------------------------------- opening / closing
    def _open(self) -> None:
        guard = self._lock.read(self.lock_timeout) if self.readonly else self._lock.write(self.lock_timeout)
        with guard:
            self._load_state()

    def _load_state(self) -> None:
        """Read the manifest and the journal (the caller holds the lock); nothing else is
        read until it is asked for."""
        self._folder = DatabaseFolder(self.path)
        self._legacy = False
        version = self._check_meta()
        if version < SCHEMA_VERSION and not self.readonly:
            from .. import migrate

            migrate.to_current(self.path, self.keep_backups)
            version = self._check_meta()
        self._folder.load(required=self.path.exists() and (self.path / "meta.json").exists() and version >= 2)
        if self._folder.manifest is not None:
            problem = self._folder.manifest.problem("meta.json", self._meta_raw)
            if problem is not None:
                raise self._folder.corrupt("meta.json", problem)
            self._folder.check_shard_sizes()
        self._drop_caches()
        self._index = ReplyIndex(self._shard, lambda: self._folder.manifest.replies if self._folder.manifest else 0)
        if version < SCHEMA_VERSION:  # an older release's database, read as it is (read-only)
            from .. import migrate

            self._legacy = True
            self._jstore = migrate.open_legacy(self.path, self._folder, readonly=True, on_index=self._on_index_entries)
            self._rdb = TinyDB(storage=lambda: self._jstore)
            return
        if not self.readonly:
            self._folder.settle()
            self._folder.make_folders()
            self._remove_stale_temps()
        self._jstore = JournalStorage(self.path, readonly=self.readonly, keep_backups=self.keep_backups,
                                      folder=self._folder, on_index=self._on_index_entries,
                                      loader=self._load_table, history_loader=self._load_history_table)
        self._rdb = TinyDB(storage=lambda: self._jstore)
        if not self.readonly:
            self._jstore.open_for_writing()
            self._fold_if_due()

    def _on_index_entries(self, entries: dict[str, dict[str, Any]]) -> None:
        """Index entries a journal line carries (an import batch, a re-import)."""
        self._index.add_overlay(entries)
        self._rows_later(entries)
        for rid in entries:
            self._reply_cache.pop(rid, None)

    def _remove_stale_temps(self, *, reply_folders: bool = False) -> None:
        """Temporary files a killed writer left in the database's folders (we hold the
        write lock, so no live writer of this database is in the middle of one): at open,
        those of the manifest, meta.json, the journal and backups; those of shards when
        folding (cppcc_review.store.fold); those of replies before an import (replies/ may hold
        100,000 files)."""
        folders = [self.path, self.path / "backups"]
        if reply_folders:
            folders.append(self.path / "replies")
            history = self.path / "history"
            if history.is_dir():
                folders += [p for p in history.iterdir() if p.is_dir()]
        for folder in folders:
            remove_stale_temps(folder, any_pid=True)

    def _check_meta(self) -> int:
        """The schema version in meta.json (created for a new database by a writer)."""
        meta_path = self.path / "meta.json"
        refuse_symlink(meta_path)
        try:
            raw = meta_path.read_bytes()
        except FileNotFoundError:
            if has_data(self.path):
                raise backups.corrupt(self.path, meta_path, coded("missing while the database has data", "detail.meta_missing"),
                                      "index") from None
            if self.readonly:
                return SCHEMA_VERSION
            self._create()
            return SCHEMA_VERSION
        except OSError as exc:
            raise StoreError(f"{meta_path}: cannot read ({exc.strerror}); check its permissions", code="file_unreadable",
                             path=meta_path, reason=exc.strerror) from exc
        version = meta_version(raw)
        if version is None:
            raise CorruptError(
                f"{meta_path}: not a valid meta file (needs an integer schema_version); "
                f"run `cppcc-review db restore --db {self.path}` to rewrite it", code="meta_invalid", path=meta_path, db=self.path
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer cppcc-review (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade cppcc-review to open it", code="schema_newer", path=self.path, version=version,
                supported=SCHEMA_VERSION,
            )
        if version < 1:
            raise StoreError(f"{self.path}: no migration from schema {version}; use the cppcc-review that wrote it",
                             code="schema_unknown", path=self.path, version=version)
        self._meta_raw = raw
        if (version >= SCHEMA_VERSION and not self.readonly and not (self.path / MANIFEST).exists()
                and not has_data(self.path)):
            self._create(meta=raw)  # a creation cut short before its manifest
        return version

    def _create(self, meta: bytes | None = None) -> None:
        """A new database: meta.json, an empty journal, and the manifest naming both."""
        if meta is None:
            meta = dumps(self._new_meta())
            atomic_write(self.path / "meta.json", meta)
        self._meta_raw = meta
        journal_id = new_journal_id()
        atomic_write(self.path / JOURNAL, encode_header(journal_id))
        manifest = describe(self.path)
        manifest.journal = [journal_id]
        manifest.database = new_database_id()
        folder = DatabaseFolder(self.path)
        folder.make_folders()
        folder.write_fresh(manifest)

    @staticmethod
    def _new_meta() -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "created": _now(), "tool_version": _tool_version()}

    def close(self) -> None:
        """Close the store. A writer leaves its journal lines to be folded later (by the
        next writer past the journal's limit, or the app while idle): closing never waits
        for a compaction."""
        if self._closed:
            return
        self._closed = True
        try:
            self._draft_sessions.close()  # (after the last draft: it is a leftover from here on)
            self._jstore.close()
        finally:
            self._lock.close_session()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> None:
        if self.readonly and self.locked_out:
            raise StoreError(f"{self.path}: opened read-only, because another program was writing to it; nothing was "
                             "changed (close that program, then open the database again)", code="readonly_locked",
                             path=self.path)
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only (--readonly); nothing was changed", code="readonly_flag",
                             path=self.path)
        if self._closed:
            raise StoreError(f"{self.path}: the database is closed; nothing was changed", code="db_closed", path=self.path)

    def _saved(self) -> None:
        self.last_saved = datetime.now()
