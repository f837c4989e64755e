"""The replies' texts: read from their packs, checked against the index's checksum,
decoded, split / merge applied, cached; a search through every text. A part of
ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..errors import CorruptError, NotAReply, NotFoundError, StoreError, reply_problem
from ..log import LOG as _LOG
from ..manifest import sha256
from ..model import Reply
from .layout import REPLY_CACHE, layout_suggestions
from .parts import StoreParts


class TextReads(StoreParts):
    # ---------------------------------------------------------------- reply texts
    def _reply_bytes(self, rid: str) -> bytes:
        """The reply's stored bytes, checked against the checksum its index entry records.

        An older release's reply file newer than its entry is a re-import that did not
        finish: the text the index names was set aside under history/ first, and is used
        instead."""
        from .. import reply_packs

        entry = self._summary_doc(rid)
        try:
            path, raw = reply_packs.read(self.path, entry, rid)
        except OSError as exc:
            where = self.path / reply_packs.where(entry, rid)
            raise StoreError(f"{where}: cannot read ({exc.strerror}); check its permissions", code="file_unreadable",
                             path=where, reason=exc.strerror) from exc
        want = entry.get("sha256")
        if not want or (raw is not None and sha256(raw) == want):
            if raw is None or (entry.get("pack") and len(raw) != entry.get("len")):
                raise NotFoundError(f"{path}: the reply's text is missing; import its document again", code="text_gone", path=path)
            return raw
        if not entry.get("pack"):
            earlier = self.path / "history" / rid / f"{entry.get('content_hash')}.json"
            try:
                kept = earlier.read_bytes()
            except OSError:
                kept = None
            if kept is not None and sha256(kept) == want:
                return kept
        if raw is None or not raw:
            raise NotFoundError(f"{path}: the reply's text is missing; import its document again", code="text_gone", path=path)
        self._reply_from_bytes(rid, raw, path)  # say what is wrong with the content, if that shows
        raise CorruptError(
            f"{path}: reply {rid}: its checksum does not match the index (changed outside cppcc-review, "
            "or damaged); import its document again", code="text_checksum", path=path, rid=rid,
        )

    def _reply_from_bytes(self, rid: str, raw: bytes, path: Path | None = None) -> Reply:
        from .. import reply_codec

        try:
            data = json.loads(raw.decode("utf-8"))
            # JSON that parses but is not a reply (e.g. `{"text": "x"}`) would otherwise
            # show as a reply with no suggestions: refuse it like a torn file.
            if not (
                isinstance(data, dict)
                and isinstance(data.get("text"), str)
                and (data.get("v") == reply_codec.VERSION
                     or (isinstance(data.get("lines"), list) and isinstance(data.get("suggestions"), list)))
            ):
                raise NotAReply("text, lines or suggestions missing")
            return reply_codec.decode(data)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError) as exc:
            where = path or (self.path / "replies")
            raise CorruptError(f"{where}: reply {rid}: not a valid reply ({exc}); import its document again",
                               code="text_not_reply", path=where, rid=rid, detail=reply_problem(exc)) from None

    def _read_reply_file(self, rid: str) -> Reply:
        return self._reply_from_bytes(rid, self._reply_bytes(rid))

    def _reply_file_ok(self, rid: str) -> bool:
        try:
            self._reply_bytes(rid)
        except StoreError:
            _LOG.debug("reply file %s cannot be read", rid, exc_info=True)
            return False
        return True

    def get_reply(self, reply_id: str) -> Reply:
        """The reply with the reviewers' split / merge applied (cached; treat it as read-only)."""
        cached = self._reply_cache.get(reply_id)
        if cached is not None:
            self._reply_cache.move_to_end(reply_id)
            return cached
        reply = self._read_reply_file(reply_id)
        layout = self._layout(reply_id)
        if layout is not None:
            reply = replace(reply, suggestions=layout_suggestions(reply.lines, layout, reply.suggestions))
        self._reply_cache[reply_id] = reply
        if len(self._reply_cache) > REPLY_CACHE:
            self._reply_cache.popitem(last=False)
        return reply

    def missing_packs(self) -> list[str]:
        """A line for each reply pack the index names that is gone (`replies/p-….json`: how many
        replies' texts it held, and the `db restore` that rebuilds it), as `db check` says it;
        for `list` and `export`, which read no text and said nothing while `rate` and the app
        refused those replies. One listing of replies/ and the index entries (read whole)."""
        import os

        from .. import reply_packs
        from ..check_lines import pack_missing

        folder = self.path / reply_packs.FOLDER
        try:
            present = set(os.listdir(folder))
        except OSError:
            present = set()
        counts: dict[str, int] = {}
        with self._reading():
            for entry in self._index.entries():
                pack = entry.get("pack")
                if isinstance(pack, str) and pack not in present:
                    counts[pack] = counts.get(pack, 0) + 1
        return [pack_missing(folder / name, n, self.path) for name, n in sorted(counts.items())]

    def suggestion_headings(self, reply_id: str) -> list[str | None]:
        """Each suggestion's heading, split / merge applied, without reading the text:
        from the index (or the layout after a split / merge). Falls back to the text for
        an index entry written before headings were kept there."""
        _, layout = self._layout_doc(reply_id)
        if layout is None:
            doc = self._summary_doc(reply_id)  # NotFoundError for an unknown id
            headings, ranges = doc.get("headings"), doc.get("ranges") or []
        else:
            headings, ranges = layout.get("headings"), layout["ranges"]
        if isinstance(headings, list) and len(headings) == len(ranges):
            return list(headings)
        return [s.heading for s in self.get_reply(reply_id).suggestions]

    def co_handlers(self, reply_id: str) -> list[str]:
        """The co-handling units (会办 / 协办单位) the reply names, without reading the text: from
        its index entry, else (an entry stored before they were kept there) from its text."""
        units = self._summary_doc(reply_id).get("co_handlers")  # NotFoundError for an unknown id
        return list(units) if isinstance(units, list) else list(self.get_reply(reply_id).co_handlers)

    def text_key(self, reply_id: str) -> str | None:
        """What a reply without 文号 is recognised by (cppcc_review.store.model.text_key):
        from its index entry, else (an entry stored before the key was kept) from its text;
        None for a reply with a 文号."""
        doc = self._summary_doc(reply_id)  # NotFoundError for an unknown id
        if doc.get("doc_no"):
            return None
        key = doc.get("text_key")
        return key if isinstance(key, str) else self.get_reply(reply_id).text_key

    def search_text(self, query: str) -> set[str]:
        """Ids of replies whose text contains `query` (reads every text: run it in a worker)."""
        from .. import reply_packs

        if not query:
            return set()
        found = set()
        needle = query.encode("utf-8")
        quick = "\n" not in query and '"' not in query and "\\" not in query
        with self.bulk():
            for entry in list(self._index.entries()):
                rid = entry["id"]
                try:
                    _path, raw = reply_packs.read(self.path, entry, rid)
                except OSError:
                    _LOG.warning("search: the text of reply %s cannot be read", rid, exc_info=True)
                    continue
                if raw is None or (quick and needle not in raw):
                    continue  # quick reject on the raw JSON; escapes make it inexact otherwise
                try:
                    if query in json.loads(raw.decode("utf-8")).get("text", ""):
                        found.add(rid)
                except (ValueError, UnicodeDecodeError, AttributeError):
                    _LOG.warning("search: the text of reply %s is not readable JSON", rid, exc_info=True)
                    continue
        return found

