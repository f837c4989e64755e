"""Reply texts in packs: the replies of one import batch in one file, one reply a line.

An import writes each batch of replies (up to 500) into one file, `replies/p-<id>.json`:

    {"replies":[
    {"v":2,"id":"0123456789ab",...},
    {"v":2,"id":"01ffee001122",...}
    ]}

written atomically and fsynced once for the whole batch (the group commit), before the
one journal line that makes the batch count. Each reply's index entry says where its
bytes are (`pack`, `at`, `len`) and their checksum (`sha256`), so reading a reply reads
its own line only and checks it. Packs are never changed: a reply imported again with a
new text goes into a new pack, and its earlier text stays where it was (its history
entry names it). A pack that no index entry names (an import killed before its journal
line) is harmless; `db check` lists it.

An older release kept one file a reply, `replies/<id>.json`; an index entry without
`pack` names that file (read whole).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .atomic import atomic_write, dumps, fsync_dir, read_at
from .manifest import sha256

FOLDER = "replies"
HEAD = b'{"replies":[\n'
SEP = b",\n"  # between two replies' texts
TAIL = b"\n]}\n"


def new_pack_name() -> str:
    return f"p-{os.urandom(6).hex()}.json"  # secrets.token_hex(6), without importing secrets at each start


class PackWriter:
    """Collects replies for one pack; `write()` puts them on disk in one durable write."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.name = new_pack_name()
        self._parts: list[bytes] = []
        self._size = len(HEAD)

    def __len__(self) -> int:
        return len(self._parts)

    def add(self, stored: dict[str, Any]) -> dict[str, Any]:
        """Add a reply's stored form; returns the index entry's fields that locate it."""
        data = dumps(stored)
        return self.add_bytes(data, sha256(data))

    def add_bytes(self, data: bytes, digest: str) -> dict[str, Any]:
        """Add a reply's stored form as bytes (`dumps` of it) with their SHA-256."""
        at = self._size + (2 if self._parts else 0)  # after ",\n"
        self._parts.append(data)
        self._size = at + len(data)
        return {"pack": self.name, "at": at, "len": len(data), "sha256": digest}

    def write(self) -> Path | None:
        """The pack file, written atomically and fsynced with its folder (None: empty)."""
        if not self._parts:
            return None
        path = self.db_path / FOLDER / self.name
        folder = path.parent
        if not folder.is_dir():
            folder.mkdir(exist_ok=True)
            fsync_dir(self.db_path)
        atomic_write(path, HEAD + SEP.join(self._parts) + TAIL)
        return path


def read(db_path: Path, entry: dict[str, Any], reply_id: str) -> tuple[Path, bytes | None]:
    """(the file, the reply's stored bytes) that `entry` names (None: the file is missing);
    OSError for other failures to read."""
    pack = entry.get("pack")
    if isinstance(pack, str):
        path = Path(db_path) / FOLDER / pack
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return path, None
        try:
            data = read_at(fd, int(entry.get("len", 0)), int(entry.get("at", 0)))
        finally:
            os.close(fd)
        return path, data
    path = Path(db_path) / FOLDER / f"{reply_id}.json"
    try:
        return path, path.read_bytes()
    except FileNotFoundError:
        return path, None


def where(entry: dict[str, Any], reply_id: str) -> str:
    """The reply's file, relative to the database folder (for messages and history)."""
    pack = entry.get("pack")
    return f"{FOLDER}/{pack}" if isinstance(pack, str) else f"{FOLDER}/{reply_id}.json"
