"""Shard bytes, checked against the manifest and kept in a bounded cache (all of them
inside bulk(): a pass over the whole database). A part of ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import shard_format, shards
from ..manifest import shard_file
from .layout import (
    SHARD_CACHE_BYTES,
)
from .parts import StoreParts


class ShardCache(StoreParts):
    # ---------------------------------------------------------------- shards
    def _shard(self, key: str) -> bytes | None:
        """Shard `key`'s bytes, checked against the manifest (cached)."""
        data = self._shard_cache.get(key)
        if data is not None:
            self._shard_cache.move_to_end(key)
            return data
        with self._reading():
            data = self._folder.read_shard(key)
        if data is not None:
            self._cache_shard(key, data)
        return data

    def verify_shards(self, kinds: tuple[str, ...] | None = None) -> None:
        """Check every shard file of the state (of `kinds`, e.g. ("summary",); None: all) against
        the manifest, as a read checks it: CorruptError naming the first damaged file, the line
        every reading command gives. For a command that would not read them otherwise and must
        not go ahead on a damaged database (`db backup`: a backup naming a damaged file is no
        backup; `rate`: the inbox's rows, which `list`, `stats` and the app read). One read and
        hash each (~1 ms a MB: 44 ms for the 17 MB of shards of 2,839 replies), once a session
        for each file (named by its content: a later backup of the session pays for the files
        new since); nothing cached."""
        verified: set[str] = self.__dict__.setdefault("_verified_files", set())
        with self._reading():
            manifest = self._folder.manifest
            if manifest is None:
                return
            for key, version in manifest.shards.items():
                if kinds is not None and key.split("/", 1)[0] not in kinds:
                    continue
                name = shard_file(key, version)
                if name not in verified and key not in self._shard_cache:
                    self._folder.read_shard(key)
                verified.add(name)

    def _cache_shard(self, key: str, data: bytes | None) -> None:
        self._uncache_shard(key)
        if data is None:
            return
        self._shard_cache[key] = data
        self._shard_cache_size += len(data)
        while self._shard_cache_size > SHARD_CACHE_BYTES and len(self._shard_cache) > 1 and not self._bulk:
            _, old = self._shard_cache.popitem(last=False)
            self._shard_cache_size -= len(old)

    def _uncache_shard(self, key: str) -> None:
        old = self._shard_cache.pop(key, None)
        if old is not None:
            self._shard_cache_size -= len(old)
        if key.startswith("index/"):
            self._index.forget(key)
        self._table_at.pop(key, None)

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Keep every shard read inside the block (a pass over the whole database:
        export, statistics) instead of reading some of them twice."""
        self._bulk += 1
        self._index.bulk = True
        try:
            yield
        finally:
            self._bulk -= 1
            if not self._bulk:
                self._index.bulk = False
                self._index.forget()
                self._table_at = {}
                self._cache_shard_trim()

    def _cache_shard_trim(self) -> None:
        while self._shard_cache_size > SHARD_CACHE_BYTES and len(self._shard_cache) > 1:
            _, old = self._shard_cache.popitem(last=False)
            self._shard_cache_size -= len(old)

    def _load_table(self, name: str) -> dict[str, Any] | None:
        key = shards.of_table(name)
        raw = self._shard(key)
        if not raw:
            return None
        if self._bulk:  # a pass over every reply: find each table's line once per shard
            return self._bulk_table(key, raw, name)
        return shard_format.read_table(raw, name)

    def _bulk_table(self, key: str, raw: bytes, name: str) -> dict[str, Any] | None:
        """Table `name` of shard `key` inside bulk(): where each table's line is, found in
        one pass over the shard, then that line decoded (a fresh object, as read_table
        gives). Looking for each table's line from the start of its shard made a pass
        over 100,000 replies quadratic: 400 tables a shard, each found by a scan of it."""
        at = self._table_at.get(key)
        if at is None:
            at = self._table_at[key] = shard_format.table_offsets(raw)
        where = at.get(name)
        if where is None:
            return None
        table: dict[str, Any] | None = shard_format.load_table(name, raw[where[0]:where[1]])
        return table

    def _load_history_table(self, name: str) -> dict[str, Any] | None:
        raw = self._shard(shards.of_table(name))
        return shard_format.read_table(raw, name) if raw else None

    def _shard_uncached(self, key: str) -> bytes | None:
        """A shard's bytes for a pass over all of them: not kept (outside bulk())."""
        data = self._shard_cache.get(key)
        if data is not None:
            return data
        with self._reading():
            data = self._folder.read_shard(key)
        if data is not None and self._bulk:
            self._cache_shard(key, data)
        return data
