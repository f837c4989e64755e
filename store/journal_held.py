"""The journal's bytes a store holds (a part of cppcc_review.store.journal.JournalStorage): the
lines it read and appended, whole and checked, for `db backup` to carry as they are
(cppcc_review.store.maintenance.backup) without reading the file again or checking each
line; and their sha256, kept between backups (the journal only grows until it is started
again: each backup hashes the lines added since the last)."""

from __future__ import annotations

import hashlib
from typing import Any

from .manifest import Version

# The longest journal whose bytes a store holds (for `db backup`, which carries no longer
# one: cppcc_review.store.maintenance.BACKUP_JOURNAL_MAX is this). An import's journal
# (up to 128 MB) is not held.
HOLD_MAX = 256 << 10
# The most pieces journal_chunks() keeps apart (os.writev takes up to IOV_MAX, 1024 on Linux).
_MAX_CHUNKS = 64


class JournalHeld:
    # What this part uses of JournalStorage (set by its _reset()).
    _good_size: int

    def _hold(self, data: bytes) -> None:
        """Hold `data` as the journal's bytes read so far (see journal_bytes)."""
        # The journal's bytes this store read and wrote (its first `_good_size` bytes, whole
        # lines each fsynced), in pieces, while they are no more than HOLD_MAX: `db backup`
        # carries them without reading the file again or checking every line
        # (cppcc_review.store.maintenance.backup).
        self._journal_held = len(data) <= HOLD_MAX
        self._journal_parts: list[bytes] = [data] if data and self._journal_held else []
        self._journal_sha: tuple[int, Any] | None = None  # (bytes hashed, their sha256 so far)
        self._journal_chunked = 0  # (the first parts journal_chunks() joined already)

    def _hold_more(self, data: bytes) -> None:
        """`data` appended to the journal (read or written): held too, up to HOLD_MAX."""
        if self._journal_held:
            if self._good_size <= HOLD_MAX:
                self._journal_parts.append(data)
            else:  # (an import's journal, say: no backup carries it as it is, nothing held)
                self._journal_held, self._journal_parts = False, []

    def journal_bytes(self) -> bytes | None:
        """The journal as this store holds it: its first `journal_size` bytes, the lines it
        read and appended (each whole, checked when read, fsynced when written); None if
        what is held does not add up to that, or the journal is longer than HOLD_MAX (then a
        backup folds instead)."""
        chunks = self.journal_chunks()
        return None if chunks is None else b"".join(chunks)

    def journal_chunks(self) -> list[bytes] | None:
        """journal_bytes() in pieces, for a backup to write as they are (os.writev): the lines
        appended since the last call joined into one piece (a few KB), the older pieces as
        they were - not the whole journal copied again at every backup (~0.2 MB at 100,000
        replies). At most _MAX_CHUNKS pieces (then joined into one)."""
        if not self._journal_held:
            return None
        parts = self._journal_parts
        done = min(self._journal_chunked, len(parts))  # (set with the parts by _hold)
        if len(parts) - done > 1:
            parts[done:] = [b"".join(parts[done:])]
        if len(parts) > _MAX_CHUNKS:
            parts[:] = [b"".join(parts)]
        self._journal_chunked = len(parts)
        return list(parts) if sum(map(len, parts)) == self._good_size else None

    def journal_version(self, data: bytes | list[bytes]) -> Version:
        """The size and sha256 of `data` (what journal_bytes() or journal_chunks() returned): the
        journal only grows until it is started again, so only the bytes added since the last
        call are hashed."""
        chunks = [data] if isinstance(data, bytes) else data
        size = sum(map(len, chunks))
        last = self._journal_sha
        if last is not None and last[0] <= size:
            state, skip = last[1], last[0]
        else:
            state, skip = hashlib.sha256(), 0
        for chunk in chunks:  # (the bytes past the first `skip`)
            if skip >= len(chunk):
                skip -= len(chunk)
                continue
            state.update(memoryview(chunk)[skip:] if skip else chunk)
            skip = 0
        self._journal_sha = (size, state)
        return Version(size, state.hexdigest())
