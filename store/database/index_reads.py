"""The replies' index and summary: one entry by id, every reply's summary row in the
inbox's order, the first screen's rows alone, a 文号 or id prefix resolved. A part of
ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .. import summary
from ..errors import NotFoundError
from ..index_shards import doc_no_key
from ..model import ReplySummary
from .layout import (
    ROW_FIELDS,
    summary_getter,
)
from .parts import StoreParts


class IndexReads(StoreParts):
    # ---------------------------------------------------------------- the index
    def _summary_doc(self, rid: str) -> dict[str, Any]:
        entry = self._index.entry(rid) if isinstance(rid, str) else None
        if entry is None:
            raise NotFoundError(f"{self.path}: no reply with id {rid}; check the id or import the document",
                                code="no_reply_id", path=self.path, rid=rid)
        return entry

    def _summary_rows(self) -> list[tuple[Any, ...]]:
        """Every reply's summary row, in the inbox's default order (read once), in the
        compact form of cppcc_review.store.summary.compact_rows (ranges packed: read them
        with summary.unpack_ranges)."""
        if self._rows is None:
            rows: list[Any] = []
            shared: dict[Any, Any] = {}  # the values rows share, one object each
            for chunk in self._summary_chunks():  # compacted chunk by chunk: 100,000 decoded lists never exist at once
                rows.extend(summary.compact_rows(chunk, shared))
            self._rows = summary.compact_rows(summary.merge_rows(rows, self._index.overlay), shared)
            self._rows_pending = {}  # (the overlay holds them)
        elif self._rows_pending:  # the entries journal lines brought since: put in place once, when asked
            self._rows = summary.compact_rows(summary.merge_rows(self._rows, self._rows_pending))  # type: ignore[arg-type]
            self._rows_pending = {}
        return self._rows

    def _rows_later(self, entries: dict[str, dict[str, Any]]) -> None:
        """The rows of index `entries` (a journal line's: an import batch, a re-import, here or in
        another process) to put in the kept summary rows when they are next read: only what changed
        is read, not every summary file again, and a 100-reply batch does not re-sort 100,000 rows."""
        if self._rows is not None:
            self._rows_pending.update(entries)

    @staticmethod
    def _to_summary(doc: dict[str, Any]) -> ReplySummary:
        return ReplySummary(
            id=doc["id"],
            doc_no=doc.get("doc_no"),
            proposal_no=doc.get("proposal_no"),
            kind=doc.get("kind") or "reply",
            title=doc.get("title"),
            proposers=tuple(doc.get("proposers") or ()),
            handler=doc.get("handler"),
            date=doc.get("date"),
            declared_result=doc.get("declared_result"),
            n_suggestions=int(doc.get("n_suggestions") or 0),
            content_hash=doc.get("content_hash") or "",
            source_name=doc.get("source_name"),
            headings=tuple(doc.get("headings") or ()),
        )

    def summaries(self, *, headings: bool = True) -> list[ReplySummary]:
        """Every reply's summary, in the inbox's default order. `headings=False` leaves
        the suggestions' headings out (empty), reading only the compact summary."""
        rows = self._summary_rows()
        if not headings:
            get = summary_getter(tuple(ROW_FIELDS))
            return [ReplySummary(*get(row)) for row in rows]
        with self.bulk():
            out = []
            for row in rows:
                entry = self._index.entry(row[0])
                out.append(self._to_summary(entry) if entry is not None else ReplySummary(*summary_getter(tuple(ROW_FIELDS))(row)))
        return out

    def summary(self, reply_id: str) -> ReplySummary:
        """One reply's summary (NotFoundError for an unknown id)."""
        return self._to_summary(self._summary_doc(reply_id))

    def summary_values(self, fields: Iterable[str]) -> list[tuple[Any, ...]]:
        """For each reply, in `summaries()` order, the values of `fields` (names of
        ReplySummary's attributes): the inbox's rows for 100,000 replies without building a
        ReplySummary for each (`headings` read from the index, the rest from the summary)."""
        fields = tuple(fields)
        if "headings" in fields:  # from the index, not the summary: every index shard is read
            at = fields.index("headings")
            get = summary_getter(fields[:at] + fields[at + 1:])
            with self.bulk():
                out = []
                for row in self._summary_rows():
                    values = get(row)
                    headings = tuple((self._index.entry(row[0]) or {}).get("headings") or ())
                    out.append((*values[:at], headings, *values[at:]))
            return out
        get = summary_getter(fields)  # KeyError for an unknown field
        return [get(row) for row in self._rows_for_one_pass()]

    def _rows_for_one_pass(self) -> list[Any]:
        """The summary rows for a caller that reads them once (`stats`): the rows kept in
        memory when they already are (the app), else the decoded rows as they are, neither
        made compact nor kept — compacting 100,000 rows that are read once cost `stats` ~1.5 s
        of its ~3.5 s (issue 16); summary_getter reads both forms alike."""
        if self._rows is not None:
            return self._rows
        rows: list[Any] = []
        for chunk in self._summary_chunks():
            rows.extend(chunk)
        return summary.merge_rows(rows, self._index.overlay)

    def _summary_chunks(self) -> Iterator[list[list[Any]]]:
        """The summary files' rows as decoded, one file at a time; each file's bytes leave
        the shard cache once read (the rows are kept instead)."""
        manifest = self._folder.manifest
        for key in manifest.summary_keys() if manifest else ():
            raw = self._shard(key)
            if raw:
                yield summary.decode_chunk(raw)
            self._uncache_shard(key)

    def iter_summary_values(self, fields: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """`summary_values(fields)` one reply at a time (the summary's fields only, no
        headings): the inbox builds its 100,000 rows from it without a list of 100,000
        tuples beside them (freed memory the process keeps)."""
        get = summary_getter(tuple(fields))  # KeyError for an unknown field
        for row in self._summary_rows():
            yield get(row)

    def first_summary_values(self, fields: Iterable[str], n: int) -> tuple[list[tuple[Any, ...]], int]:
        """(the first `n` replies' `summary_values(fields)`, how many replies there are):
        what the inbox's first screen shows, read without decoding the other rows."""
        get = summary_getter(tuple(fields))
        if self._rows is not None:
            return [get(row) for row in self._rows[:n]], len(self._rows)
        manifest = self._folder.manifest
        keys = manifest.summary_keys() if manifest else []
        raw = self._shard(keys[0]) if keys else None
        rows = summary.head_rows(raw, n) if raw else []
        if keys and len(keys) > 1 and len(rows) < n:
            every = self._summary_rows()
            return [get(row) for row in every[:n]], len(every)
        head = summary.compact_rows(summary.merge_rows(rows, self._index.overlay, limit=n))
        # Their progress is asked for next (the rows painted first): from these ranges, not the index.
        ranges = summary.RANGES
        self._head_ranges = {row[0]: summary.unpack_ranges(row[ranges]) or [] for row in head if row[ranges] is not None}
        return [get(row) for row in head], len(self)

    def __len__(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        return self._index.count()

    def __contains__(self, rid: object) -> bool:
        return rid in self._index

    def resolve(self, ref: str) -> str:
        ref = (ref or "").strip()
        if len(ref) == 12 and ref in self._index:
            return ref
        key = doc_no_key(ref)
        named = self._index.by_name(key) if key else []
        exact = sorted(rid for doc_no, rid in named if doc_no == ref)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise NotFoundError(f"{ref}: {len(exact)} replies carry this 文号 ({', '.join(exact)}); use the id",
                                code="doc_no_shared", ref=ref, n=len(exact), ids=", ".join(exact))
        if len(ref) >= 4:
            hits = self._index.ids_starting(ref)
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise NotFoundError(f"{ref}: the id prefix matches {len(hits)} replies; give more characters",
                                    code="id_prefix_shared", ref=ref, n=len(hits))
        # The 文号 as people type it: (2025), [2025], 【2025】, full-width digits, spaces.
        same = sorted(rid for _doc_no, rid in named)
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            raise NotFoundError(f"{ref}: {len(same)} replies carry this 文号 ({', '.join(same)}); use the id",
                                code="doc_no_shared", ref=ref, n=len(same), ids=", ".join(same))
        import difflib

        keys = {doc_no_key(d): d for d, _rid in self._index.all_names() if d}
        close = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)]
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise NotFoundError(f"{ref}: no reply with this id or 文号 in {self.path}{hint}",
                            code="no_reply" if close else "no_reply_plain", ref=ref, path=self.path,
                            close="、".join(close))
