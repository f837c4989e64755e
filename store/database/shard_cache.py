"""Shard bytes, checked against the manifest and kept in a bounded cache (all of them
inside bulk(): a pass over the whole database). A part of ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import shard_format, shards
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

    def _cache_shard(self, key: str, data: bytes | None) -> None:
        old = self._shard_cache.pop(key, None)
        if old is not None:
            self._shard_cache_size -= len(old)
        if key.startswith("index/"):
            self._index.forget(key)
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
                self._cache_shard_trim()

    def _cache_shard_trim(self) -> None:
        while self._shard_cache_size > SHARD_CACHE_BYTES and len(self._shard_cache) > 1:
            _, old = self._shard_cache.popitem(last=False)
            self._shard_cache_size -= len(old)

    def _load_table(self, name: str) -> dict[str, Any] | None:
        raw = self._shard(shards.of_table(name))
        return shard_format.read_table(raw, name) if raw else None

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
