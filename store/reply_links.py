"""Which stored reply a reply without 文号 is, when its text is new.

A reply's id comes from its 文号 and unit, or, without a 文号, from its text
(docs/architecture.md): a corrected copy of a reply without 文号 would get a new id and
become a second reply, its reviews left on the first. Three of four published replies
have no 文号, so an import recognises such a reply, when no reply holds its text under
its own id (the first look, and the reply it finds wins), by

1. its source file: the reply last imported from the same file (its real path, kept in
   the index entry as `source_path`) is the same reply, whatever its text is now: a file
   corrected or replaced in place is, to its reader, the same reply;
2. its text: a reply that holds exactly this text (one whose text was re-imported keeps
   the id of its first text, so the id alone no longer finds it);
3. what its text says: a reply whose text has the same words with other whitespace and
   line breaks (`text_key`, kept in the index entry): the same letter read from its .txt
   and from its .docx or .html is one reply. A reply stored before the key was kept
   learns it the next time its file is imported unchanged; until then 1 and 2 find it.

A file moved and changed is a new reply (nothing links it to the old one); the same text
from two files is one reply, whose `source_path` stays the first file's. A reply stored
before paths were kept (no `source_path`) is found by its text, and learns its path the
next time its file is imported unchanged. Only replies without 文号 are linked: one with a
文号 is found by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class SourceLinks:
    """Paths and texts of the stored replies without 文号, read from the index at the
    first question (`entries` gives every index entry) and kept up to date by the import
    that holds it (`add`)."""

    def __init__(self, entries: Callable[[], Iterable[dict[str, Any]]]):
        self._entries = entries
        self._by_path: dict[str, str | None] | None = None  # None: two replies name that path
        self._by_text: dict[str, str] = {}
        self._by_key: dict[str, str] = {}

    def _loaded(self) -> dict[str, str | None]:
        if self._by_path is None:
            self._by_path = {}
            for entry in self._entries():
                self.add(entry)
        return self._by_path

    def add(self, entry: dict[str, Any]) -> None:
        """An index entry stored (or found) by this import."""
        if self._by_path is None or entry.get("doc_no"):
            return  # (not read yet: the index will give it)
        rid = entry.get("id")
        if not isinstance(rid, str):
            return
        path = entry.get("source_path")
        if isinstance(path, str) and path:
            known = self._by_path.get(path, rid)
            self._by_path[path] = rid if known == rid else None
        content_hash = entry.get("content_hash")
        if isinstance(content_hash, str):
            self._by_text.setdefault(content_hash, rid)
        key = entry.get("text_key")
        if isinstance(key, str):
            self._by_key.setdefault(key, rid)

    def find(self, source_path: str | None, content_hash: str, text_key: str | None = None) -> str | None:
        """The stored reply without 文号 that a new text from `source_path` is, if any."""
        by_path = self._loaded()
        if source_path:
            rid = by_path.get(source_path)
            if rid is not None:
                return rid
        rid = self._by_text.get(content_hash)
        if rid is None and text_key is not None:
            rid = self._by_key.get(text_key)
        return rid


__all__ = ["SourceLinks"]
