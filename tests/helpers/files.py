"""Fingerprints of a database folder, for tests that prove "nothing on disk changed"."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cppcc_review.store.manifest import Manifest, shard_file


def digest(folder: Path, *, with_lock: bool = False) -> dict[str, str]:
    """Every file's sha256 by its path relative to `folder`. The lock file is left out
    unless asked for: its content is only the current holder's pid, rewritten by any
    writer that opens the database."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (with_lock or p.name != "lock")
    }


def journal_changes(db: Path) -> int:
    """How many changes the database's journal holds (its first line names the journal)."""
    lines = (db / "reviews.journal").read_bytes().splitlines()
    return len(lines) - (1 if lines and b'"journal"' in lines[0] else 0)


def shard(db: Path, key: str) -> Path:
    """The file that holds shard `key` now (its name carries the generation the manifest
    records)."""
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    return db / shard_file(key, manifest.shards[key])
