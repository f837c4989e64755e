"""Storing parsed replies: a group commit per batch, all of a batch or none of it.

A mixin of ReviewStore (store/db.py). `add_replies` takes the replies COMMIT at a time:
under the write lock, it looks up each reply's index entry (new, changed text, or the
same text), writes the texts that are new or changed into one pack (cppcc_review.store.reply_packs:
one file, one fsync), and appends one journal line holding every new index entry and,
for a changed text, the reviews carried over to it (cppcc_review.store.reimport) with its history
entry. The pack is durable before the line; the line is what makes the batch count. A
crash before it leaves a pack nobody names (harmless, `db check` lists it), after it the
whole batch: never a part.

The journal then holds the batch's index entries; `flush_index()` folds them into the
index, 文号 and summary shards (cppcc_review.store.fold), which the importer does when they are a
share of the index (`index_due()`) and at its end, so an import writes O(N) bytes of
index, not O(N^2).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from . import reply_packs, reply_prepare, shards
from .database.parts import StoreParts
from .errors import StoreError
from .log import LOG as _LOG
from .manifest import sha256
from .model import Reply
from .reply_links import SourceLinks
from .reply_prepare import PreparedReply

COMMIT = 100  # replies per pack and journal line (the write lock is held for one of them)
# Fold the index when the journal's entries reach this share of it (and INDEX_FOLD_BYTES):
# each fold rewrites the index shards, so the index is written about twice in all. Each
# fold also costs every index, 文号 and summary shard (512 files fsynced): at 32 MB a
# 100,000-reply import folded three times (at 35,000, 70,000 and the end: 48 s of its
# 451 s); at 128 MB (about 140,000 replies' entries) an import of that size folds once,
# at its end. A journal that large is replayed only if the import is killed before then
# (about 1 s per 64 MB), and the next writer folds it whole.
INDEX_SHARE = 1.0
INDEX_FOLD_BYTES = 128 << 20
META_TABLE = "_meta"
# An index entry's first field in its shard line (cppcc_review.store.shard_format.find_entries
# looks for the same bytes): `"<doc id>":{"id":"<reply id>",`
_ID_IN_SHARD = re.compile(rb':\{"id":"([0-9a-f]+)"[,}]')


def _same_text(entry: dict[str, Any], item: PreparedReply) -> bool:
    """Whether the stored reply of `entry` already holds `item`'s text: the same bytes,
    or, without 文号, the same words laid out otherwise (its .txt and its .docx): the
    stored text stays, so that importing both never flips between them."""
    if entry.get("content_hash") == item.content_hash:
        return True
    key = entry.get("text_key")
    return bool(key) and not entry.get("doc_no") and key == item.entry.get("text_key")


def _held_elsewhere(entry: dict[str, Any], item: PreparedReply) -> bool:
    """Whether the reply of `entry` (the id of `item`'s text) is, since a re-import,
    another file's with another text."""
    path = entry.get("source_path")
    return bool(path and item.source_path and path != item.source_path
                and entry.get("content_hash") != item.content_hash)


class ReplyImport(StoreParts):
    # Per index shard: (its version in the manifest, the ids it holds). An import asks the
    # index about every reply it stores, and most are new: finding that an id is *not* in
    # a shard meant searching all of the shard's bytes (~270 KB at 100,000 replies), so
    # the import slowed as the index grew (19 s of a 100,000-reply import). The ids are
    # read once per shard version instead, and only a known id's entry is decoded.
    _index_ids: dict[str, tuple[Any, frozenset[str]]] | None = None

    def add_reply(self, reply: Reply) -> tuple[str, str]:
        return self.add_replies([reply])[0]

    def add_replies(
        self,
        replies: Iterable[Reply | PreparedReply],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        defer_index: bool = False,
        links: SourceLinks | None = None,
    ) -> list[tuple[str, str]]:
        """Store replies: "imported" (new id), "updated" (new text; reviews kept), "unchanged".

        Durable on return, COMMIT replies at a time (one pack, one journal line each: all
        of them or none). Without `defer_index` the index shards are brought up to date
        at the end; with it, the importer does that (`flush_index()`) when due. If a
        batch fails, it is not stored (the batches before it are) and the error propagates.
        A new text without 文号 is the reply its file or text names (`links`, one for a
        whole import: `source_links()`; cppcc_review.store.reply_links).
        """
        self._writable()
        items = list(replies)
        if not self._reply_temps_checked:
            with self._writing():
                self._remove_stale_temps(reply_folders=True)
            self._reply_temps_checked = True
        prepared = [reply_prepare.prepared(reply) for reply in items]
        links = links if links is not None else self.source_links()
        results: list[tuple[str, str]] = []
        for start in range(0, len(prepared), COMMIT):
            chunk = prepared[start : start + COMMIT]
            with self._writing():
                results.extend(self._commit_batch(chunk, links))
            if on_progress is not None:
                for done in range(start + 1, start + len(chunk) + 1):
                    on_progress(done, len(items))
        if not defer_index and self._index.overlay:
            self.flush_index()
        return results

    def source_links(self) -> SourceLinks:
        """What recognises a reply without 文号 by its file or text, for one import (the
        index is read at its first question)."""
        return SourceLinks(self._index.entries)

    def _commit_batch(self, chunk: list[PreparedReply], links: SourceLinks) -> list[tuple[str, str]]:
        pack = reply_packs.PackWriter(self.path)
        results: list[tuple[str, str]] = []
        new_entries: dict[str, dict[str, Any]] = {}
        with self._jstore.transaction(META_TABLE):
            for item in chunk:
                item, current = self._linked(item, new_entries, links)
                rid = item.reply_id
                if current is not None and rid not in new_entries and self._twin_of_stored(rid, current, item):
                    results.append((rid, "unchanged"))  # (its first file's text and path stay)
                    continue
                if current is not None and _same_text(current, item):
                    if rid in new_entries or self._reply_file_ok(rid):
                        key = item.entry.get("text_key")
                        if "hashes" not in current or "headings" not in current or (
                                item.source_path and not current.get("source_path")) or (
                                key and not current.get("text_key")):  # an older entry: fill it in
                            entry = {**current, "headings": item.entry["headings"], "hashes": item.entry["hashes"]}
                            if item.source_path and not current.get("source_path"):
                                entry["source_path"] = item.source_path
                            if key and not current.get("text_key"):
                                entry["text_key"] = key
                            new_entries[rid] = entry
                            self._jstore.set_index_entry(rid, entry)
                            links.add(entry)
                        results.append((rid, "unchanged"))
                        continue
                    # The index knows this text but it is missing or damaged (the store's
                    # errors say "import its document again"): write it again; the reviews
                    # stay as they are.
                    entry = {**item.entry, **pack.add_bytes(item.stored, item.digest)}
                    new_entries[rid] = entry
                    self._jstore.set_index_entry(rid, entry)
                    results.append((rid, "updated"))
                    continue
                entry = {**item.entry, **pack.add_bytes(item.stored, item.digest)}
                if current is not None and current.get("source_path") and not entry.get("source_path"):
                    entry["source_path"] = current["source_path"]  # (a text stored without its file's path)
                new_entries[rid] = entry
                links.add(entry)
                if current is None:
                    self._jstore.set_index_entry(rid, entry)
                    results.append((rid, "imported"))
                else:
                    self._update_reply(rid, current, item.reply, entry, pack)
                    results.append((rid, "updated"))
            pack.write()  # durable before the line that names it
        for rid, _status in results:
            self._reply_cache.pop(rid, None)
        if new_entries:
            self._rows = None
            self._saved()
        return results

    def _twin_of_stored(self, rid: str, current: dict[str, Any], item: PreparedReply) -> bool:
        """Whether `item`, a reply with 文号 from another file than the stored one, says
        what the stored text says (its .txt stored, its .html or .docx imported later): the
        same reply, unchanged, as when both were imported together, instead of "updated"
        and the stored text and file flipping with each format imported."""
        if not item.doc_no or current.get("content_hash") == item.content_hash:
            return False
        stored_path = current.get("source_path")
        if not (stored_path and item.source_path and stored_path != item.source_path):
            return False  # the same file changed: its new text is stored
        try:  # (the stored text read once, checked against its checksum and decoded; its layout is not needed)
            stored = self._reply_cache.get(rid) or self._read_reply_file(rid)
        except StoreError:
            _LOG.debug("reply file %s cannot be read", rid, exc_info=True)
            return False  # (a damaged stored text is written again)
        return stored.text_key == item.reply.text_key

    def _linked(self, item: PreparedReply, new_entries: dict[str, dict[str, Any]],
                links: SourceLinks) -> tuple[PreparedReply, dict[str, Any] | None]:
        """The reply `item` is, with its index entry (None: a new reply). An unknown id
        without 文号 may be a known reply whose file or text it is (cppcc_review.store.reply_links)."""
        rid = item.reply_id
        current = new_entries.get(rid) or self._known_entry(rid)
        if (current is not None and not _held_elsewhere(current, item)) or item.doc_no:
            return item, current  # (the 文号 asked last: an unchanged reply's entry is not made)
        linked = links.find(item.source_path, item.content_hash, item.entry.get("text_key"))
        if linked is not None and linked != rid:
            known = new_entries.get(linked) or self._known_entry(linked)
            if known is not None and not known.get("doc_no"):
                return item.as_reply(linked), known
        if current is None:
            return item, None
        # The reply of this text's id holds another file's text now (its file was
        # corrected): this file's text is a reply of its own, under an id of text and file.
        own = hashlib.sha256(f"text:{item.content_hash}|file:{item.source_path}".encode()).hexdigest()[:12]
        return item.as_reply(own), new_entries.get(own) or self._known_entry(own)

    def _known_entry(self, rid: str) -> dict[str, Any] | None:
        """`self._index.entry(rid)`: the overlay's entry, else the shard's (if it holds `rid`)."""
        entry = self._index.overlay.get(rid)
        if entry is not None:
            return entry
        manifest = self._folder.manifest
        key = shards.key("index", shards.prefix(rid)) if len(rid) >= shards.PREFIX_LEN else None
        version = manifest.shards.get(key) if manifest is not None and key is not None else None
        if key is None or version is None:
            return self._index.entry(rid)
        if self._index_ids is None:
            self._index_ids = {}
        known = self._index_ids.get(key)
        if known is None or known[0] != version:
            raw = self._shard(key)
            ids = frozenset(m.decode("ascii") for m in _ID_IN_SHARD.findall(raw)) if raw is not None else frozenset()
            known = self._index_ids[key] = (version, ids)
        return self._index.entry(rid) if rid in known[1] else None

    def index_due(self) -> bool:
        """Whether the index entries waiting in the journal should be folded into the
        index shards now: the journal is past INDEX_SHARE of the index (and INDEX_FOLD_BYTES)."""
        if not self._index.overlay:
            return False
        manifest = self._folder.manifest
        index_bytes = sum(v.size for k, v in manifest.shards.items() if k.startswith("index/")) if manifest else 0
        return self._jstore.journal_size > max(INDEX_FOLD_BYTES, INDEX_SHARE * index_bytes)

    @property
    def index_pending(self) -> int:
        """How many index entries wait in the journal for `flush_index()`."""
        return len(self._index.overlay)

    def flush_index(self) -> None:
        """Fold the journal into the shards when index entries wait there (an import's end)."""
        if self._index.overlay:
            self.fold_all()

    def _update_reply(self, rid: str, current: dict[str, Any], reply: Reply, entry: dict[str, Any],
                      pack: reply_packs.PackWriter) -> None:
        """A known reply with a new text: the reviews move over, in the batch's line.

        The earlier text stays where it is (a pack is never changed, an older release's
        reply file is never overwritten), and the change's history entry names it; until
        the line exists the index names the earlier text, so a killed re-import leaves
        the reply as it was, with its ratings where they belong."""
        from .reimport import carry_over

        try:
            old_raw = self._reply_bytes(rid)
            old = self._reply_from_bytes(rid, old_raw)
        except StoreError:
            old_raw, old = None, None
        patches = carry_over(self._layout(rid), old, reply, current.get("ranges") or [], self._review_docs(rid))
        before: dict[str, Any] = {"content_hash": old.content_hash if old else current.get("content_hash"),
                                  "file": reply_packs.where(current, rid) if old_raw is not None else None}
        if old_raw is not None:
            before["sha256"] = current.get("sha256") or sha256(old_raw)
            if current.get("pack"):
                before["at"], before["len"] = current.get("at"), current.get("len")
        self._commit(rid, "import", "reimport", None, before, {"content_hash": reply.content_hash}, patches,
                     undoable=False, index_entry=entry)


__all__ = ["COMMIT", "INDEX_SHARE", "ReplyImport", "shards"]
