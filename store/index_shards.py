"""The index of every reply, in shards: one entry per reply, found by id or by 文号.

An index entry is what the store knows of a reply without reading its text: the fields
the inbox, statistics and exports show, its suggestions' line ranges, headings and text
hashes (so progress, exports and `rate` never read the text), and where its text is and
its checksum (cppcc_review.store.reply_packs):

    {"id": "0123456789ab", "doc_no": ..., "proposal_no": ..., "kind": "reply", "title": ...,
     "proposers": [...], "handler": ..., "co_handlers": [...], "date": ..., "declared_result": ...,
     "n_suggestions": 7, "content_hash": ..., "source_name": ..., "ranges": [[5, 9], ...],
     "headings": [...], "hashes": [...], "pack": "p-....json", "at": 123, "len": 8000,
     "sha256": ...}

Entries live in `index/<pp>` (by the id's first two hex digits), 文号 -> id in
`names/<pp>` (by a hash of the normalised 文号), one entry a line (cppcc_review.store.shard_format):
finding one reply reads one shard's bytes and decodes one line. Entries that journal
lines carry (an import batch, a re-import) and that are not folded into the shards yet
are in `overlay` and win over the shards'.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from . import shard_format, shards

_BRACKETS = str.maketrans({c: "〔" for c in "([【［（〔"} | {c: "〕" for c in ")]】］）〕"})


def doc_no_key(doc_no: str) -> str:
    """A 文号 as compared when resolving what a person typed: every bracket form as 〔〕,
    full-width letters and digits as ASCII (NFKC), no spaces."""
    text = unicodedata.normalize("NFKC", doc_no or "")
    return "".join(text.translate(_BRACKETS).split())


def name_row(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The `names` document of an index entry (None: the reply has no 文号)."""
    doc_no = entry.get("doc_no")
    if not doc_no:
        return None
    key = doc_no_key(doc_no)
    return {"key": key, "id": entry["id"]} if key == doc_no else {"key": key, "doc_no": doc_no, "id": entry["id"]}


#: index entries kept found (ReplyIndex._found): a reply's marks and its neighbours'
FOUND_KEPT = 32


class ReplyIndex:
    """Index entries: shards (through `read(key)`, which returns a shard's checked bytes or
    None) under the journal's `overlay`."""

    def __init__(self, read: Callable[[str], bytes | None], shard_count: Callable[[], int]):
        self._read = read
        self._shard_count = shard_count
        self.overlay: dict[str, dict[str, Any]] = {}
        self._new_in_overlay: int | None = None
        self.bulk = False  # inside ReviewStore.bulk(): decode whole shards, keep them for the pass
        self._decoded: dict[str, dict[str, dict[str, Any]]] = {}
        # The entries found lately, each with the shard bytes it was found in: a mark looks
        # its reply up two or three times (the anchor, the scans, the review it returns) and
        # the reviewer rates several suggestions of one reply, so the search of a ~300 KB
        # shard (0.15-0.7 ms at 100,000 replies) is done once. A changed shard is a new bytes
        # object (cppcc_review.store.database.shard_cache), so an entry of an old one is never
        # returned. Bounded: each kept entry keeps its shard's bytes alive.
        self._found: OrderedDict[str, tuple[bytes, dict[str, Any] | None]] = OrderedDict()

    def set_overlay(self, entries: dict[str, dict[str, Any]]) -> None:
        self.overlay = dict(entries)
        self._new_in_overlay = None

    def add_overlay(self, entries: dict[str, dict[str, Any]]) -> None:
        self.overlay.update(entries)
        self._new_in_overlay = None

    # -- one reply -------------------------------------------------------------------------
    def shard_entry(self, rid: str) -> dict[str, Any] | None:
        key = shards.key("index", shards.prefix(rid))
        decoded = self._decoded.get(key)
        if decoded is not None:
            return decoded.get(rid)
        raw = self._read(key)
        if raw is None:
            return None
        if self.bulk:  # a pass over every reply: decode each shard once
            decoded = self._decoded[key] = {e["id"]: e for e in shard_format.decode(raw).get("replies", {}).values()}
            return decoded.get(rid)
        hit = self._found.get(rid)
        if hit is not None and hit[0] is raw:
            self._found.move_to_end(rid)
            return hit[1]
        found = shard_format.find_entries(raw, "id", rid)
        entry = found[0] if found else None
        self._found[rid] = (raw, entry)
        if len(self._found) > FOUND_KEPT:
            self._found.popitem(last=False)
        return entry

    def forget(self, key: str | None = None) -> None:
        """Drop the shards decoded for a pass (bulk reading ended), or shard `key` (it changed)."""
        if key is None:
            self._decoded = {}
        else:
            self._decoded.pop(key, None)

    def entry(self, rid: str) -> dict[str, Any] | None:
        entry = self.overlay.get(rid)
        if entry is not None:
            return entry
        if not isinstance(rid, str) or len(rid) < shards.PREFIX_LEN:
            return None
        return self.shard_entry(rid)

    def __contains__(self, rid: object) -> bool:
        return isinstance(rid, str) and self.entry(rid) is not None

    def ids_starting(self, start: str) -> list[str]:
        """Ids beginning with `start` (two characters or more)."""
        if len(start) < shards.PREFIX_LEN or not re.fullmatch(r"[0-9a-f]+", start):
            return []
        found: set[str] = set()
        raw = self._read(shards.key("index", start[: shards.PREFIX_LEN]))
        if raw is not None:
            pattern = re.compile(rb'"id":"(' + start.encode("ascii") + rb'[0-9a-f]*)"')
            found.update(m.group(1).decode("ascii") for m in pattern.finditer(raw))
        found.update(rid for rid in self.overlay if rid.startswith(start))
        return sorted(found)

    def by_name(self, key: str) -> list[tuple[str, str]]:
        """(文号, reply id) of every reply whose normalised 文号 is `key`."""
        out: dict[str, str] = {}
        raw = self._read(shards.key("names", shards.names_part(key)))
        if raw is not None:
            for row in shard_format.find_entries(raw, "key", key):
                out[row["id"]] = row.get("doc_no", row["key"])
        for rid, entry in self.overlay.items():
            named = name_row(entry)
            if named is not None and named["key"] == key:
                out[rid] = named.get("doc_no", named["key"])
        return [(doc_no, rid) for rid, doc_no in out.items()]

    def all_names(self) -> list[tuple[str, str]]:
        """(文号, reply id) of every reply that has one (reads every names shard)."""
        out: dict[str, str] = {}
        for part in shards.PREFIXES:
            raw = self._read(shards.key("names", part))
            if raw is None:
                continue
            for doc in shard_format.decode(raw).get("names", {}).values():
                out[doc["id"]] = doc.get("doc_no", doc["key"])
        for rid, entry in self.overlay.items():
            if entry.get("doc_no"):
                out[rid] = entry["doc_no"]
        return [(doc_no, rid) for rid, doc_no in out.items()]

    # -- every reply -------------------------------------------------------------------------
    def shard_entries(self, part: str) -> list[dict[str, Any]]:
        raw = self._read(shards.key("index", part))
        if raw is None:
            return []
        return list(shard_format.decode(raw).get("replies", {}).values())

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry (overlay winning), shard by shard."""
        overlay = self.overlay
        seen: set[str | None] = set()
        for part in shards.PREFIXES:
            for entry in self.shard_entries(part):
                rid = entry.get("id")
                seen.add(rid)
                yield overlay.get(rid, entry) if rid is not None else entry  # (the overlay's keys are ids)
        for rid, entry in overlay.items():
            if rid not in seen:
                yield entry

    def count(self) -> int:
        """How many replies: those in the shards, and those only the overlay has."""
        if self._new_in_overlay is None:
            self._new_in_overlay = sum(1 for rid in self.overlay if self.shard_entry(rid) is None)
        return self._shard_count() + self._new_in_overlay
