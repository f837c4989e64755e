"""ReviewStore: the one API through which the CLI and the TUI reach the data.

The database is a folder (see docs/architecture.md):
  meta.json          schema version; migrated on open, a newer version is refused
  index.json         TinyDB, table `replies`: one compact summary per reply; replaced
                     atomically once per import batch
  replies/<id>.json  one parsed Reply per file, replaced atomically; written before the
                     index points at it, so a killed import leaves whole replies only
  reviews.json       TinyDB snapshot: per reviewed reply a table `r:<id>`, plus `_meta`;
                     parsed at every open
  history.json       TinyDB snapshot of the history tables `h:<id>`; read only when history
                     is asked for, or at compaction (store.journal)
  reviews.journal    one fsynced line per change (store.journal)
  history/<id>/      earlier texts of replies that were re-imported with a new text
  backups/           rotating copies (store.backups)
  lock               the single-writer lock (store.lock)

A reply's table `r:<id>` holds one document per reviewer
  {type: "review", reviewer, ratings: {<anchor>: SuggestionReview}, assessment, updated}
where the anchor is the first line (in reply.lines) of the suggestion, so a split or
merge leaves every other suggestion's rating where it was; an optional
  {type: "layout", ranges: [[start, end], ...], by, time}
when a reviewer split or merged suggestions (shared by all reviewers, so that their
ratings line up). The audit trail is the reply's table `h:<id>`, one document per change
  {type: "change", seq, ... , patches}
stored under its `seq` as document id (unique in the database, so appending needs no
look at the table), and kept apart because it only grows: a change's journal line
carries the small `r:<id>` whole but only the new change document (JournalStorage.append),
and the history tables are not in the snapshot parsed at open (history.json, loaded
lazily). A change is described by `patches` (before/after of the documents it touched);
undo / redo apply the copies kept in memory for the session, never reading the history.

Elsewhere: index.json's storage is store.index_storage, carrying reviews over to a
re-imported text is store.reimport, and check / backup / restore are store.maintenance.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tinydb import TinyDB

from store import backups
from store.anchors import anchors_of
from store.atomic import dumps, fsync_dir, write_json
from store.clock import now_iso as _now
from store.clock import tool_version as _tool_version
from store.errors import CorruptError, NotFoundError, StoreError
from store.index_storage import AtomicJSONStorage, gc_paused
from store.log import LOG as _LOG
from store.journal import HISTORY_PREFIX, JournalStorage
from store.lock import WriterLock
from store.model import (
    Assessment,
    Change,
    Progress,
    Rating,
    Reply,
    ReplySummary,
    Review,
    ReviewState,
    Suggestion,
    SuggestionReview,
)
from store.reimport import carry_over

SCHEMA_VERSION = 1
# version -> function(db_path) that upgrades a database of that version to version + 1.
# Each runs under the writer lock, before anything else is read.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}

# index.json is rewritten whole, so during an import it is rewritten when the entries
# waiting for it reach INDEX_SHARE of the index, and at least INDEX_BATCH: an import of N
# replies then writes O(N) bytes of index, not O(N^2 / INDEX_BATCH).
INDEX_BATCH = 500
INDEX_SHARE = 0.1
REPLY_CACHE = 64  # parsed replies kept in memory (the reviewer moves between a few)
META_TABLE = "_meta"
REVIEWS = "r:"  # + reply id: the reply's reviews and layout (small; journaled whole)
HISTORY = HISTORY_PREFIX  # "h:" + reply id: the reply's change documents (only grows; journaled by append)
DRAFTS = "drafts"  # key of a review doc: {anchor or "opinion": text being typed} (set_draft)
OPINION_DRAFT = "opinion"




_BRACKETS = str.maketrans({c: "〔" for c in "([【［（〔"} | {c: "〕" for c in ")]】］）〕"})


def doc_no_key(doc_no: str) -> str:
    """A 文号 as compared when resolving what a person typed: every bracket form as 〔〕,
    full-width letters and digits as ASCII (NFKC), no spaces."""
    import unicodedata

    text = unicodedata.normalize("NFKC", doc_no or "")
    return "".join(text.translate(_BRACKETS).split())


def compute_reply_id(reply: Reply) -> str:
    """The reply's id: the parser's `reply_id` (the rule in docs/architecture.md)."""
    from store.parser import reply_id

    return reply_id(reply)


def _build_suggestion(lines: list[str], start: int, end: int, index: int) -> Suggestion:
    from store.parser import build_suggestion

    return build_suggestion(lines, start, end, index)




class ReviewStore:
    """See docs/architecture.md for the contract; every mutating call is durable on return."""

    def __init__(self, path, *, readonly: bool = False, lock_timeout: float = 3.0, backups: int = 5):
        self.path = Path(path).expanduser()
        self.readonly = readonly
        self.keep_backups = backups
        self.last_saved: datetime | None = None
        self._lock: WriterLock | None = None
        self._closed = False
        self._reply_cache: OrderedDict[str, Reply] = OrderedDict()
        self._summaries: list[ReplySummary] | None = None
        self._undo: dict[str, list[Change]] = {}
        self._redo: dict[str, list[Change]] = {}
        self._patches: dict[int, list[dict]] = {}  # change seq -> patches (for undo / redo)
        self._index_backed_up = False  # one backup of index.json per session, before the first import
        self._index_pending: dict[str, dict[str, Any]] = {}  # reply id -> summary doc not yet in index.json
        self._index_pending_update = False  # one of them replaces an entry of index.json
        if not readonly:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create the database folder ({exc.strerror})") from exc
            self._lock = WriterLock(self.path)
            self._lock.acquire(lock_timeout)
        try:
            self._open()
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise

    # ---------------------------------------------------------------- opening / closing
    def _open(self) -> None:
        self._check_meta()
        if not self.readonly:
            (self.path / "replies").mkdir(exist_ok=True)
        with gc_paused():  # parsing builds millions of objects, none in a reference cycle
            self._index_storage = AtomicJSONStorage(self.path / "index.json", self.path, "index", readonly=self.readonly)
            self._index = TinyDB(storage=lambda: self._index_storage)
            self._replies = self._index.table("replies")
            self._reindex()
            # A read-only look at a folder that does not exist yet is simply empty.
            self._jstore = JournalStorage(self.path, readonly=self.readonly, keep_backups=self.keep_backups)
        self._rdb = TinyDB(storage=lambda: self._jstore)
        if not self.readonly and self._jstore.needs_compaction():
            self._jstore.compact()

    def _check_meta(self) -> None:
        meta_path = self.path / "meta.json"
        if not meta_path.exists():
            if any((self.path / name).exists() for name in ("index.json", "reviews.json", "reviews.journal")):
                raise backups.corrupt(self.path, meta_path, "missing while the database has data", "index")
            if not self.readonly:
                write_json(meta_path, self._new_meta())
            return
        try:
            meta = json.loads(meta_path.read_bytes().decode("utf-8"))
            version = meta["schema_version"]
            if not isinstance(version, int):
                raise ValueError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise CorruptError(
                f"{meta_path}: not a valid meta file (needs an integer schema_version); "
                f"run `cppcc-review db restore --db {self.path}` to rewrite it"
            ) from None
        except OSError as exc:
            raise StoreError(f"{meta_path}: cannot read ({exc.strerror}); check its permissions") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer cppcc-review (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade cppcc-review to open it"
            )
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise StoreError(
                    f"{self.path}: schema {version} needs upgrading to {SCHEMA_VERSION}; "
                    "open it once without --readonly"
                )
            while version < SCHEMA_VERSION:
                step = MIGRATIONS.get(version)
                if step is None:
                    raise StoreError(f"{self.path}: no migration from schema {version}; use the cppcc-review that wrote it")
                step(self.path)
                version += 1
                meta["schema_version"] = version
                meta["migrated"] = _now()
                write_json(meta_path, meta)

    @staticmethod
    def _new_meta() -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "created": _now(), "tool_version": _tool_version()}

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if self._index_pending:  # entries an add_replies(defer_index=True) left waiting
                self.flush_index()
            if not self.readonly and self._jstore.journal_size:
                self._take_index_backup()
                self._jstore.compact()
        finally:
            self._jstore.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only (--readonly); nothing was changed")
        if self._closed:
            raise StoreError(f"{self.path}: the database is closed; nothing was changed")

    def _saved(self) -> None:
        self.last_saved = datetime.now()

    # ---------------------------------------------------------------- the index
    def _reindex(self) -> None:
        table = self._index_storage.read().get("replies", {})
        by_id: dict[str, int] = {}
        for doc_id, doc in table.items():
            rid = doc.get("id")
            if rid.__class__ is not str and not isinstance(rid, str):
                raise backups.corrupt(self.path, self._index_storage.path, f"entry {doc_id} has no reply id", "index")
            by_id[rid] = int(doc_id)
        self._by_id = by_id
        self._by_doc_no_map: dict[str, list[str]] | None = None  # built when resolve() first needs it
        self._summaries = None

    @property
    def _by_doc_no(self) -> dict[str, list[str]]:
        if self._by_doc_no_map is None:
            by_doc_no: dict[str, list[str]] = {}
            for doc in self._index_storage.read().get("replies", {}).values():
                if doc.get("doc_no"):
                    by_doc_no.setdefault(doc["doc_no"], []).append(doc["id"])
            self._by_doc_no_map = by_doc_no
        return self._by_doc_no_map

    def _summary_doc(self, rid: str) -> dict[str, Any]:
        doc_id = self._by_id.get(rid)
        if doc_id is None:
            raise NotFoundError(f"{self.path}: no reply with id {rid}; check the id or import the document")
        return self._index_storage.read()["replies"][str(doc_id)]

    @staticmethod
    def _make_summary_doc(rid: str, reply: Reply) -> dict[str, Any]:
        return {
            "id": rid,
            "doc_no": reply.doc_no,
            "proposal_no": reply.proposal_no,
            "kind": reply.kind.value,
            "title": reply.title,
            "proposers": list(reply.proposers),
            "handler": reply.handler,
            "date": reply.date,
            "declared_result": reply.declared_result,
            "n_suggestions": len(reply.suggestions),
            "content_hash": reply.content_hash,
            "source_name": reply.source.name if reply.source else None,
            # The parsed suggestions' line ranges: progress and validation need them
            # without reading the reply file.
            "ranges": [[s.start, s.end] for s in reply.suggestions],
            # ... and their headings: exporting needs them for every reply.
            "headings": [s.heading for s in reply.suggestions],
        }

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

    def summaries(self) -> list[ReplySummary]:
        if self._summaries is None:
            table = self._index_storage.read().get("replies", {})
            self._summaries = [self._to_summary(doc) for doc in table.values()]
        return list(self._summaries)

    def summary_values(self, fields: Iterable[str]) -> list[tuple]:
        """For each reply, in `summaries()` order, the values of `fields` (names of
        ReplySummary's attributes) as `summaries()` would give them: the inbox's rows for
        100,000 replies without building a ReplySummary (and its tuples) for each."""
        get = _summary_getter(tuple(fields))  # KeyError for an unknown field
        return [get(doc) for doc in self._index_storage.read().get("replies", {}).values()]

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, rid: object) -> bool:
        return rid in self._by_id

    def resolve(self, ref: str) -> str:
        ref = (ref or "").strip()
        if ref in self._by_id:
            return ref
        ids = self._by_doc_no.get(ref, [])
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise NotFoundError(f"{ref}: {len(ids)} replies carry this 文号 ({', '.join(sorted(ids))}); use the id")
        if len(ref) >= 4:
            hits = [rid for rid in self._by_id if rid.startswith(ref)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise NotFoundError(f"{ref}: the id prefix matches {len(hits)} replies; give more characters")
        # The 文号 as people type it: (2025), [2025], 【2025】, full-width digits, spaces.
        wanted = doc_no_key(ref)
        same = sorted({rid for doc_no, rids in self._by_doc_no.items() if doc_no_key(doc_no) == wanted for rid in rids})
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            raise NotFoundError(f"{ref}: {len(same)} replies carry this 文号 ({', '.join(same)}); use the id")
        import difflib

        keys = {doc_no_key(d): d for d in self._by_doc_no if d}
        close = [keys[k] for k in difflib.get_close_matches(wanted, list(keys), n=3, cutoff=0.6)]
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise NotFoundError(f"{ref}: no reply with this id or 文号 in {self.path}{hint}")

    # ---------------------------------------------------------------- reply files
    def _reply_path(self, rid: str) -> Path:
        return self.path / "replies" / f"{rid}.json"

    def _read_reply_file(self, rid: str) -> Reply:
        path = self._reply_path(rid)
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            # JSON that parses but is not a reply (e.g. `{"text": "x"}`) would otherwise
            # show as a reply with no suggestions: refuse it like a torn file.
            if not (
                isinstance(data, dict)
                and isinstance(data.get("text"), str)
                and isinstance(data.get("lines"), list)
                and isinstance(data.get("suggestions"), list)
            ):
                raise ValueError("text, lines or suggestions missing")
            return Reply.from_dict(data)
        except FileNotFoundError:
            raise NotFoundError(f"{path}: the reply file is missing; import its document again") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise CorruptError(f"{path}: not a valid reply file ({exc}); import its document again") from None

    def _reply_file_ok(self, rid: str) -> bool:
        try:
            self._read_reply_file(rid)
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
        self._summary_doc(reply_id)  # NotFoundError for an unknown id
        reply = self._read_reply_file(reply_id)
        layout = self._layout(reply_id)
        if layout is not None:
            reply = replace(
                reply,
                suggestions=[
                    _build_suggestion(reply.lines, start, end, i)
                    for i, (start, end) in enumerate(layout, start=1)
                ],
            )
        self._reply_cache[reply_id] = reply
        if len(self._reply_cache) > REPLY_CACHE:
            self._reply_cache.popitem(last=False)
        return reply

    def suggestion_headings(self, reply_id: str) -> list[str | None]:
        """Each suggestion's heading, split / merge applied, without reading the reply file:
        from the index (or the layout after a split / merge). Falls back to the reply file
        for an index entry written before headings were kept there."""
        _, layout = self._layout_doc(reply_id)
        if layout is None:
            doc = self._summary_doc(reply_id)  # NotFoundError for an unknown id
            headings, ranges = doc.get("headings"), doc.get("ranges") or []
        else:
            headings, ranges = layout.get("headings"), layout["ranges"]
        if isinstance(headings, list) and len(headings) == len(ranges):
            return list(headings)
        return [s.heading for s in self.get_reply(reply_id).suggestions]

    def _layout_headings(self, rid: str, ranges: list[list[int]]) -> list[str | None] | None:
        """The headings of the suggestions `ranges` make of the reply's text (None if it cannot be read)."""
        cached = self._reply_cache.get(rid)  # the same lines (a layout changes suggestions only)
        try:
            lines = cached.lines if cached is not None else self._read_reply_file(rid).lines
        except StoreError:
            _LOG.warning("reply %s: no headings, its file cannot be read", rid, exc_info=True)
            return None
        return [_build_suggestion(lines, start, end, i).heading for i, (start, end) in enumerate(ranges, start=1)]

    def search_text(self, query: str) -> set[str]:
        """Ids of replies whose text contains `query` (reads every reply file: run it in a worker)."""
        if not query:
            return set()
        found = set()
        needle = query.encode("utf-8")
        for rid in list(self._by_id):
            try:
                raw = self._reply_path(rid).read_bytes()
            except OSError:
                _LOG.warning("search: reply file %s cannot be read", rid, exc_info=True)
                continue
            if needle not in raw and "\n" not in query and '"' not in query and "\\" not in query:
                continue  # quick reject on the raw JSON; escapes make it inexact otherwise
            try:
                if query in json.loads(raw.decode("utf-8")).get("text", ""):
                    found.add(rid)
            except (ValueError, UnicodeDecodeError):
                _LOG.warning("search: reply file %s is not readable JSON", rid, exc_info=True)
                continue
        return found

    # ---------------------------------------------------------------- import
    def add_reply(self, reply: Reply) -> tuple[str, str]:
        return self.add_replies([reply])[0]

    def add_replies(
        self,
        replies: Iterable[Reply],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        defer_index: bool = False,
    ) -> list[tuple[str, str]]:
        """Store replies: "imported" (new id), "updated" (new text; reviews kept), "unchanged".

        Reply files are written (atomically) before the index that points at them. The
        index is rewritten when the entries waiting for it are due (`index_due()`) and at
        the end of the call; with `defer_index` never: the entries wait in memory until
        `flush_index()` (the importer rewrites it when due, and at its end). If the call
        fails, the entries it added are dropped (their files are orphans `check` reports).
        """
        self._writable()
        items = list(replies)
        results: list[tuple[str, str]] = []
        pending = self._index_pending
        before = dict(pending)
        try:
            for done, reply in enumerate(items, start=1):
                rid, status = self._add_one(reply, pending)
                results.append((rid, status))
                if status == "updated":  # not a headings-only backfill of an unchanged text
                    self._index_pending_update = True
                if not defer_index and self.index_due():
                    self.flush_index()
                    before = {}
                if on_progress is not None:
                    on_progress(done, len(items))
        except BaseException:
            pending.clear()
            pending.update(before)
            self._index_pending_update = any(rid in self._by_id for rid in pending)
            raise
        if not defer_index:
            self.flush_index()
        return results

    def index_due(self) -> bool:
        """Whether the index entries waiting in memory should be written now: they reach
        INDEX_SHARE of the index (and INDEX_BATCH), or one of them updates a known reply
        (its reviews were already carried over to the new text: keep that window short)."""
        pending = self._index_pending
        if not pending:
            return False
        return self._index_pending_update or len(pending) >= max(INDEX_BATCH, INDEX_SHARE * len(self._by_id))

    @property
    def index_pending(self) -> int:
        """How many index entries wait in memory for `flush_index()`."""
        return len(self._index_pending)

    def flush_index(self) -> None:
        """Write the waiting index entries (one atomic rewrite of index.json).

        If that fails the entries are dropped (memory goes back to the file) and the
        error propagates: those replies are not imported.
        """
        try:
            self._flush_index(self._index_pending)
        finally:
            self._index_pending.clear()
            self._index_pending_update = False

    def _add_one(self, reply: Reply, pending: dict[str, dict[str, Any]]) -> tuple[str, str]:
        rid = compute_reply_id(reply)
        if rid in pending:
            current = pending[rid]
        elif rid in self._by_id:
            current = self._summary_doc(rid)
        else:
            current = None
        if current is not None and current.get("content_hash") == reply.content_hash:
            if rid in pending:
                return rid, "unchanged"
            if self._reply_file_ok(rid):
                if "headings" not in current:  # an entry from before headings were kept
                    pending[rid] = {**current, "headings": [s.heading for s in reply.suggestions]}
                return rid, "unchanged"
            # The index knows this text but its reply file is missing or damaged (the
            # store's errors say "import its document again"): write the file again. The
            # text is the same, so the reviews stay as they are.
            write_json(self._reply_path(rid), reply.to_dict(), sync_dir=False)
            self._reply_cache.pop(rid, None)
            pending[rid] = self._make_summary_doc(rid, reply)
            return rid, "updated"
        summary = self._make_summary_doc(rid, reply)
        if current is None:
            write_json(self._reply_path(rid), reply.to_dict(), sync_dir=False)
            pending[rid] = summary
            return rid, "imported"
        self._update_reply(rid, current, reply, summary)
        pending[rid] = summary
        return rid, "updated"

    def _flush_index(self, pending: dict[str, dict[str, Any]]) -> None:
        if not pending:
            return
        # The reply files' directory entries must be durable before the index names them.
        fsync_dir(self.path / "replies")
        if self._by_id and not self._index_backed_up:
            self._take_index_backup()
            self._index_backed_up = True
        new_docs = [doc for rid, doc in pending.items() if rid not in self._by_id]
        updates = {self._by_id[rid]: doc for rid, doc in pending.items() if rid in self._by_id}
        try:
            with self._index_storage.deferred():
                if new_docs:
                    self._replies.insert_multiple(new_docs)
                for doc_id, doc in updates.items():
                    self._replies.update(doc, doc_ids=[doc_id])
        finally:
            self._replies.clear_cache()
            self._reindex()
        for rid in pending:
            self._reply_cache.pop(rid, None)
        pending.clear()
        self._saved()

    def _take_index_backup(self) -> None:
        source = self.path / "index.json"
        if source.exists() and not backups.newest_matches(self.path, "index", source):
            backups.take(self.path, source, "index", self.keep_backups)

    def _update_reply(self, rid: str, current: dict[str, Any], reply: Reply, summary: dict[str, Any]) -> None:
        """A known reply with a new text: keep the old text, move the reviews over."""
        try:
            old = self._read_reply_file(rid)
        except StoreError:
            old = None
        history_file = None
        if old is not None and old.content_hash != reply.content_hash:
            folder = self.path / "history" / rid
            folder.mkdir(parents=True, exist_ok=True)
            history_file = folder / f"{old.content_hash}.json"
            write_json(history_file, old.to_dict())
        write_json(self._reply_path(rid), reply.to_dict())
        self._reply_cache.pop(rid, None)

        patches = carry_over(self._layout(rid), old, reply, current.get("ranges") or [], self._review_docs(rid))
        self._commit(
            rid,
            "import",
            "reimport",
            None,
            {"content_hash": old.content_hash if old else current.get("content_hash"),
             "file": str(history_file.relative_to(self.path)) if history_file else None},
            {"content_hash": reply.content_hash},
            patches,
            undoable=False,
        )

    # ---------------------------------------------------------------- review tables (raw reads)
    def _raw_table(self, rid: str) -> dict[str, dict[str, Any]]:
        return self._jstore.read().get(REVIEWS + rid, {})

    def _history_table(self, rid: str) -> dict[str, dict[str, Any]]:
        # The first call loads history.json (not read at open).
        return self._jstore.history_table(HISTORY + rid)

    def _review_docs(self, rid: str) -> list[tuple[str, dict[str, Any]]]:
        return [(k, d) for k, d in self._raw_table(rid).items() if d.get("type") == "review"]

    def _review_doc(self, rid: str, reviewer: str) -> tuple[str | None, dict[str, Any] | None]:
        for doc_id, doc in self._raw_table(rid).items():
            if doc.get("type") == "review" and doc.get("reviewer") == reviewer:
                return doc_id, doc
        return None, None

    def _layout_doc(self, rid: str) -> tuple[str | None, dict[str, Any] | None]:
        for doc_id, doc in self._raw_table(rid).items():
            if doc.get("type") == "layout":
                return doc_id, doc
        return None, None

    def _layout(self, rid: str) -> list[list[int]] | None:
        _, doc = self._layout_doc(rid)
        return [list(r) for r in doc["ranges"]] if doc else None

    def _ranges(self, rid: str) -> list[list[int]]:
        layout = self._layout(rid)
        if layout is not None:
            return layout
        return [list(r) for r in self._summary_doc(rid).get("ranges") or []]

    def _make_review(self, rid: str, reviewer: str, doc: dict[str, Any] | None, anchors: list[str]) -> Review:
        if doc is None:
            return Review(reply_id=rid, reviewer=reviewer, suggestions=[SuggestionReview() for _ in anchors])
        ratings = doc.get("ratings") or {}
        drafts = doc.get(DRAFTS) or {}
        return Review(
            reply_id=rid,
            reviewer=reviewer,
            suggestions=[SuggestionReview.from_dict(ratings[a]) if a in ratings else SuggestionReview() for a in anchors],
            assessment=Assessment.from_dict(doc.get("assessment")),
            updated=doc.get("updated"),
            note_drafts={i: drafts[a] for i, a in enumerate(anchors, 1) if a in drafts},
            opinion_draft=drafts.get(OPINION_DRAFT),
        )

    # ---------------------------------------------------------------- reading reviews
    def get_review(self, reply_id: str, reviewer: str) -> Review:
        anchors = anchors_of(self._ranges(reply_id))
        _, doc = self._review_doc(reply_id, reviewer)
        return self._make_review(reply_id, reviewer, doc, anchors)

    def reviews_of(self, reply_id: str) -> list[Review]:
        anchors = anchors_of(self._ranges(reply_id))
        docs = sorted(self._review_docs(reply_id), key=lambda item: item[1].get("reviewer", ""))
        return [self._make_review(reply_id, d["reviewer"], d, anchors) for _, d in docs]

    def reviewers(self) -> list[str]:
        names = set()
        for name, table in self._jstore.read().items():
            if name.startswith(REVIEWS):
                names.update(d["reviewer"] for d in table.values() if d.get("type") == "review")
        return sorted(names)

    def history(self, reply_id: str) -> list[Change]:
        docs = [d for d in self._history_table(reply_id).values() if d.get("type") == "change"]
        docs.sort(key=lambda d: d.get("seq", 0))
        return [_change_from_doc(d) for d in docs]

    def progress(self, reviewer: str) -> dict[str, Progress]:
        """reply id -> Progress for every reply; from memory only (no reply file is read).

        Progress is immutable, so the replies nobody reviewed share one object per count
        of suggestions: at 100,000 replies most of the work is for the reviewed ones.
        """
        data = self._jstore.read()
        docs = self._index_storage.read().get("replies", {})
        out: dict[str, Progress] = {}
        untouched: dict[int, Progress] = {}
        # Every reply first as nobody touched it (in index order) ...
        for doc in docs.values():
            ranges = doc.get("ranges")
            n = len(ranges) if ranges else 0
            plain = untouched.get(n)
            if plain is None:
                plain = untouched[n] = Progress(0, n, ReviewState.UNREVIEWED)
            out[doc["id"]] = plain
        # ... then the replies that have a review table (a layout or someone's review).
        for name, table in data.items():
            if not table or not name.startswith(REVIEWS):
                continue
            rid = name[len(REVIEWS):]
            doc_id = self._by_id.get(rid)
            if doc_id is not None:  # else an orphan table (check reports it)
                out[rid] = _progress(docs[str(doc_id)], table, reviewer, untouched)
        return out

    def reviewers_progress(self) -> dict[str, dict[str, Progress]]:
        """reply id -> {reviewer: Progress} for each reviewer who touched the reply (rated,
        noted or assessed something); from memory, and only the reviewed replies are visited."""
        out: dict[str, dict[str, Progress]] = {}
        docs = self._index_storage.read().get("replies", {})
        for name, table in self._jstore.read().items():
            if not table or not name.startswith(REVIEWS):
                continue
            rid = name[len(REVIEWS):]
            doc_id = self._by_id.get(rid)
            if doc_id is None:
                continue
            for doc in table.values():
                if doc.get("type") != "review":
                    continue
                progress = _progress(docs[str(doc_id)], table, doc.get("reviewer"), {})
                if progress.state != ReviewState.UNREVIEWED:
                    out.setdefault(rid, {})[doc["reviewer"]] = progress
        return out

    def changed_after_rating(self, reviewer: str) -> set[str]:
        """Ids of the replies where a rating of `reviewer`'s was given to a text that has
        changed since (a re-import; SuggestionReview.changed)."""
        out: set[str] = set()
        for name, table in self._jstore.read().items():
            if not table or not name.startswith(REVIEWS):
                continue
            for doc in table.values():
                if doc.get("type") == "review" and doc.get("reviewer") == reviewer:
                    if any((r or {}).get("changed") for r in (doc.get("ratings") or {}).values()):
                        out.add(name[len(REVIEWS):])
        return out

    def progress_of(self, reviewer: str, reply_id: str) -> Progress:
        """One reply's entry of `progress(reviewer)` (the inbox asks for the rows it shows first)."""
        return _progress(self._summary_doc(reply_id), self._raw_table(reply_id), reviewer, {})

    # ---------------------------------------------------------------- writing reviews
    def _suggestion(self, rid: str, index: int) -> tuple[str, Suggestion]:
        reply = self.get_reply(rid)
        n = len(reply.suggestions)
        if not isinstance(index, int) or not 1 <= index <= n:
            raise NotFoundError(f"reply {rid} has no suggestion {index} (it has {n})")
        anchors = anchors_of([[s.start, s.end] for s in reply.suggestions])
        return anchors[index - 1], reply.suggestions[index - 1]

    @staticmethod
    def _check_reviewer(reviewer: str) -> str:
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise StoreError("a reviewer name is needed: pass --reviewer NAME or set it in the config")
        return reviewer.strip()

    def set_rating(
        self,
        reply_id: str,
        reviewer: str,
        index: int,
        rating: Rating | None,
        *,
        hint_accepted: bool = False,
        note: str | None = None,
        time: str | None = None,
    ) -> Review:
        """Rate suggestion `index`; with `note`, also set its note in the same change.

        Rating and note given together are one journal line: after a crash both are
        there or neither is (`cppcc-review rate --note` relies on this). `time` is when
        the judgement was made (default: now); importing another reviewer's export passes
        the exported time so that a round trip keeps it.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        rating = Rating(rating) if rating is not None else None
        anchor, suggestion = self._suggestion(reply_id, index)
        _, doc = self._review_doc(reply_id, reviewer)
        old = ((doc or {}).get("ratings") or {}).get(anchor)
        new = dict(old) if old else SuggestionReview().to_dict()
        new.update(
            rating=rating.value if rating else None,
            time=time or _now(),
            hint_accepted=bool(hint_accepted and rating),
            text_hash=suggestion.text_hash,
            changed=False,
        )
        if note is not None:
            new["note"] = note
        if not new["rating"] and not new["note"]:
            new = None
        if _same_rating(old, new):
            return self.get_review(reply_id, reviewer)
        patch = {"k": "rating", "reviewer": reviewer, "anchor": anchor, "before": old, "after": new}
        self._commit(reply_id, reviewer, "rate", index, (old or {}).get("rating"), (new or {}).get("rating"), [patch])
        return self.get_review(reply_id, reviewer)

    def set_note(self, reply_id: str, reviewer: str, index: int, note: str, *, time: str | None = None) -> Review:
        """Set the note of suggestion `index` (one undoable change); its draft, if any, goes."""
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        note = note or ""
        anchor, suggestion = self._suggestion(reply_id, index)
        _, doc = self._review_doc(reply_id, reviewer)
        old = ((doc or {}).get("ratings") or {}).get(anchor)
        if (old or {}).get("note", "") == note:
            if anchor in ((doc or {}).get(DRAFTS) or {}):
                self.set_draft(reply_id, reviewer, index, None)
            return self.get_review(reply_id, reviewer)
        new = dict(old) if old else SuggestionReview().to_dict()
        new.update(note=note, time=time or _now())
        if not new.get("text_hash"):
            new["text_hash"] = suggestion.text_hash
        if not new["rating"] and not new["note"]:
            new = None
        patch = {"k": "rating", "reviewer": reviewer, "anchor": anchor, "before": old, "after": new, "draft": anchor}
        self._commit(reply_id, reviewer, "note", index, (old or {}).get("note", ""), note, [patch])
        return self.get_review(reply_id, reviewer)

    def set_assessment(self, reply_id: str, reviewer: str, assessment: Assessment) -> Review:
        """Set the assessment (one undoable change); the opinion's draft, if any, goes."""
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        self._summary_doc(reply_id)
        _, doc = self._review_doc(reply_id, reviewer)
        old = Assessment.from_dict((doc or {}).get("assessment")).to_dict()
        new = assessment.to_dict()
        if old == new:
            if OPINION_DRAFT in ((doc or {}).get(DRAFTS) or {}):
                self.set_draft(reply_id, reviewer, OPINION_DRAFT, None)
            return self.get_review(reply_id, reviewer)
        patch = {"k": "assessment", "reviewer": reviewer, "before": old, "after": new}
        self._commit(reply_id, reviewer, "assess", None, old, new, [patch])
        return self.get_review(reply_id, reviewer)

    def set_draft(self, reply_id: str, reviewer: str, field: int | str, text: str | None) -> Review:
        """Keep what the reviewer is typing, before it becomes a change: the note of
        suggestion `field` (an index), or the assessment's opinion (`field="opinion"`).

        Durable like any change (one fsynced journal line: the reply's review table), but
        not a change: nothing goes into the history or the undo stack, the review's state
        and `updated` stay as they were, and exports leave drafts out. `set_note` /
        `set_assessment` then record the text as one change and drop the draft. `text`
        None, or equal to the saved text, drops the draft. A closed terminal or a kill
        while typing loses at most what was typed since the last call.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        doc_id, doc = self._review_doc(reply_id, reviewer)
        if field == OPINION_DRAFT:
            self._summary_doc(reply_id)  # NotFoundError for an unknown reply
            key = OPINION_DRAFT
            saved = Assessment.from_dict((doc or {}).get("assessment")).opinion
        else:
            key, _suggestion = self._suggestion(reply_id, field)
            saved = (((doc or {}).get("ratings") or {}).get(key) or {}).get("note", "")
        drafts = dict((doc or {}).get(DRAFTS) or {})
        if text is None or text == saved:
            if key not in drafts:
                return self.get_review(reply_id, reviewer)
            del drafts[key]
        else:
            if drafts.get(key) == text:
                return self.get_review(reply_id, reviewer)
            drafts[key] = str(text)
        new = json.loads(dumps(doc)) if doc else {
            "type": "review",
            "reviewer": reviewer,
            "ratings": {},
            "assessment": Assessment().to_dict(),
            "updated": None,
        }
        if drafts:
            new[DRAFTS] = drafts
        else:
            new.pop(DRAFTS, None)
        with self._transaction(reply_id):
            table = self._rdb.table(REVIEWS + reply_id)
            if doc_id is None:
                table.insert(new)
            else:
                table.update(_replace_with(new), doc_ids=[int(doc_id)])
        return self.get_review(reply_id, reviewer)

    def split_suggestion(self, reply_id: str, reviewer: str, index: int, at_line: int) -> Reply:
        """Split suggestion `index` so that a new one starts at `at_line` (an index into reply.lines).

        The first part keeps the suggestion's ratings; the new part starts unrated.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        ranges = self._current_ranges(reply_id)
        if not isinstance(index, int) or not 1 <= index <= len(ranges):
            raise NotFoundError(f"reply {reply_id} has no suggestion {index} (it has {len(ranges)})")
        start, end = ranges[index - 1]
        if not isinstance(at_line, int) or not start < at_line < end:
            raise NotFoundError(
                f"reply {reply_id}: line {at_line} is not inside suggestion {index} (lines {start + 1}-{end - 1} "
                "can start a new suggestion)"
            )
        after = ranges[: index - 1] + [[start, at_line], [at_line, end]] + ranges[index:]
        patches = [{"k": "layout", "before": self._layout(reply_id), "after": after}]
        # A rating left at that line (from an earlier layout) must not resurface.
        for _doc_id, doc in self._review_docs(reply_id):
            stale = (doc.get("ratings") or {}).get(str(at_line))
            if stale is not None:
                patches.append({"k": "rating", "reviewer": doc["reviewer"], "anchor": str(at_line), "before": stale, "after": None})
        self._commit(reply_id, reviewer, "split", index, ranges, after, patches)
        return self.get_reply(reply_id)

    def merge_suggestion(self, reply_id: str, reviewer: str, index: int) -> Reply:
        """Merge suggestion `index` with `index + 1`; the merged one keeps `index`'s ratings.

        Ratings of `index + 1` (every reviewer's) leave the view; the change's history
        keeps them and undo brings them back.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        ranges = self._current_ranges(reply_id)
        if not isinstance(index, int) or not 1 <= index < len(ranges):
            raise NotFoundError(
                f"reply {reply_id}: suggestion {index} cannot be merged with the next one (it has {len(ranges)})"
            )
        (start, _), (next_start, next_end) = ranges[index - 1], ranges[index]
        after = ranges[: index - 1] + [[start, next_end]] + ranges[index + 1 :]
        patches: list[dict[str, Any]] = [{"k": "layout", "before": self._layout(reply_id), "after": after}]
        dropped = anchors_of(ranges)[index]
        for _doc_id, doc in self._review_docs(reply_id):
            gone = (doc.get("ratings") or {}).get(dropped)
            if gone is not None:
                patches.append({"k": "rating", "reviewer": doc["reviewer"], "anchor": dropped, "before": gone, "after": None})
        self._commit(reply_id, reviewer, "merge", index, ranges, after, patches)
        return self.get_reply(reply_id)

    def _current_ranges(self, rid: str) -> list[list[int]]:
        return [[s.start, s.end] for s in self.get_reply(rid).suggestions]

    def undo(self, reviewer: str) -> Change | None:
        """Undo `reviewer`'s newest change of this session; returns that change (or None)."""
        return self._undo_redo(reviewer, self._undo, self._redo, "before", "undo")

    def redo(self, reviewer: str) -> Change | None:
        """Redo the change `undo` took back most recently; returns that change (or None)."""
        return self._undo_redo(reviewer, self._redo, self._undo, "after", "redo")

    def _undo_redo(self, reviewer, source, target, side, action) -> Change | None:
        self._writable()
        stack = source.get(reviewer)
        if not stack:
            return None
        change = stack[-1]
        patches = self._patches[change.seq]
        if side == "before":  # apply in reverse, with before and after swapped
            applied = [{**p, "before": p["after"], "after": p["before"]} for p in reversed(patches)]
            before, after = change.after, change.before
        else:
            applied = patches
            before, after = change.before, change.after
        self._commit(change.reply_id, reviewer, action, change.index, before, after, applied, undoable=False,
                     extra={"of": change.seq})
        stack.pop()
        target.setdefault(reviewer, []).append(change)
        return change

    # ---------------------------------------------------------------- the one write path
    @contextmanager
    def _transaction(self, rid: str) -> Iterator[None]:
        name = REVIEWS + rid
        try:
            # The history table is not declared: its new document goes in by append().
            with self._jstore.transaction(name, META_TABLE):
                yield
        except BaseException:
            # Memory went back to the saved state; TinyDB's query caches must follow.
            self._rdb.table(name).clear_cache()
            self._reply_cache.pop(rid, None)
            raise
        self._saved()

    def _commit(self, rid, reviewer, action, index, before, after, patches, *, undoable=True, extra=None) -> Change:
        """Apply `patches` and record the change, as one journal line (durable on return)."""
        now = _now()
        with self._transaction(rid):
            self._apply(rid, reviewer, patches, now)
            meta = self._rdb.table(META_TABLE)
            seq = int((self._jstore.read().get(META_TABLE, {}).get("1") or {}).get("seq", 0))
            # The seq is also the id of the change's document in h:<id>: never reuse one there
            # (restore keeps the counter ahead of history.json; this covers what is in memory).
            seq = max(seq, self._jstore.last_known_id(HISTORY + rid)) + 1
            if len(meta):
                meta.update({"seq": seq}, doc_ids=[1])
            else:
                meta.insert({"seq": seq})
            change = Change(seq, now, reviewer, rid, action, index, before, after)
            doc = {"type": "change", **_change_doc(change), "patches": patches}
            if extra:
                doc.update(extra)
            # The seq is the document's id: unique, so the append need not load history.json.
            self._jstore.append(HISTORY + rid, json.loads(dumps(doc)), doc_id=str(seq))
        if any(p["k"] == "layout" for p in patches):
            self._reply_cache.pop(rid, None)
        if undoable:
            self._patches[seq] = json.loads(dumps(patches))
            self._undo.setdefault(reviewer, []).append(change)
            self._redo.pop(reviewer, None)
        if self._jstore.needs_compaction(in_session=True):
            self._jstore.compact()
        return change

    def _apply(self, rid: str, reviewer: str, patches: list[dict[str, Any]], now: str) -> None:
        table = self._rdb.table(REVIEWS + rid)
        for patch in patches:
            kind, value = patch["k"], patch["after"]
            if kind == "layout":
                doc_id, _ = self._layout_doc(rid)
                if value is None:
                    if doc_id is not None:
                        table.remove(doc_ids=[int(doc_id)])
                    continue
                doc = {"type": "layout", "ranges": [list(r) for r in value], "by": reviewer, "time": now}
                # The new suggestions' headings, so that suggestion_headings() reads no reply file.
                headings = self._layout_headings(rid, doc["ranges"])
                if headings is not None:
                    doc["headings"] = headings
            else:
                doc_id, old = self._review_doc(rid, patch["reviewer"])
                doc = json.loads(dumps(old)) if old else {
                    "type": "review",
                    "reviewer": patch["reviewer"],
                    "ratings": {},
                    "assessment": Assessment().to_dict(),
                    "updated": None,
                }
                if kind == "rating":
                    if value is None:
                        doc["ratings"].pop(patch["anchor"], None)
                    else:
                        doc["ratings"][patch["anchor"]] = dict(value)
                    if patch.get("draft"):  # a note saved: its draft is done with
                        _drop_draft(doc, patch["draft"])
                elif kind == "ratings":
                    doc["ratings"] = json.loads(dumps(value))
                elif kind == "assessment":
                    doc["assessment"] = dict(value)
                    _drop_draft(doc, OPINION_DRAFT)
                else:
                    raise ValueError(f"unknown patch kind {kind!r}")
                doc["updated"] = now
            if doc_id is None:
                table.insert(doc)
            else:
                # remove + insert-with-id replaces the whole document (update() would merge keys).
                table.update(_replace_with(doc), doc_ids=[int(doc_id)])

    # ---------------------------------------------------------------- maintenance
    # ---------------------------------------------------------------- maintenance
    # In store.maintenance, imported when called: it imports this module (ReviewStore).
    def check(self) -> dict[str, Any]:
        """Verify the database: counts, orphan files and tables, and problems found."""
        from store import maintenance

        return maintenance.check(self)

    def backup(self) -> list[Path]:
        """Write a backup of the index and of the reviews (as in memory, journal included) now."""
        from store import maintenance

        return maintenance.backup(self)

    @staticmethod
    def restore(path, from_path=None, *, lock_timeout: float = 3.0) -> list[tuple[Path, Path]]:
        """Bring back good copies of damaged files (or the backup `from_path`); returns (file, from).

        Damaged files are moved into backups/ as `*.damaged-<time>` first: nothing is deleted.
        A damaged journal keeps its good lines (folded into the snapshot); the rest is set aside.
        """
        from store import maintenance

        return maintenance.restore(Path(path).expanduser(), Path(from_path) if from_path else None, lock_timeout)


# -------------------------------------------------------------------- helpers
def _progress(doc: dict[str, Any], table: dict[str, Any] | None, reviewer: str,
              untouched: dict[int, Progress]) -> Progress:
    """A reply's Progress for `reviewer` from its index entry and its review table;
    `untouched` shares the unreviewed ones (one per count of suggestions)."""
    ranges = doc.get("ranges") or []
    review = None
    if table:
        for d in table.values():
            kind = d.get("type")
            if kind == "layout":
                ranges = d["ranges"]
            elif kind == "review" and d.get("reviewer") == reviewer:
                review = d
    if review is None:
        n = len(ranges)
        plain = untouched.get(n)
        if plain is None:
            plain = untouched[n] = Progress(0, n, ReviewState.UNREVIEWED)
        return plain
    ratings = review.get("ratings") or {}
    anchors = anchors_of(ranges)
    rated = 0
    noted = False
    for a in anchors:
        r = ratings.get(a)
        if r:
            if r.get("rating"):
                rated += 1
            if r.get("note"):
                noted = True
    assessment = review.get("assessment") or {}
    if assessment.get("completed_at"):
        state = ReviewState.DONE
    elif rated or noted or any(v for k, v in assessment.items() if k != "completed_at"):
        state = ReviewState.IN_PROGRESS
    else:
        state = ReviewState.UNREVIEWED
    return Progress(rated, len(anchors), state)


# How summary_values() reads each ReplySummary field from an index entry (as _to_summary does).
_SUMMARY_FIELDS: dict[str, str] = {
    "id": "doc['id']",
    "doc_no": "g('doc_no')",
    "proposal_no": "g('proposal_no')",
    "kind": "(g('kind') or 'reply')",
    "title": "g('title')",
    "proposers": "tuple(g('proposers') or ())",
    "handler": "g('handler')",
    "date": "g('date')",
    "declared_result": "g('declared_result')",
    "n_suggestions": "int(g('n_suggestions') or 0)",
    "content_hash": "(g('content_hash') or '')",
    "source_name": "g('source_name')",
    "headings": "tuple(g('headings') or ())",
}
_GETTERS: dict[tuple[str, ...], Callable[[dict[str, Any]], tuple]] = {}


def _summary_getter(fields: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple]:
    """One function that reads `fields` from an index entry into a tuple: a single call per
    reply instead of one per field (100,000 replies x 9 fields)."""
    getter = _GETTERS.get(fields)
    if getter is None:
        parts = "".join(_SUMMARY_FIELDS[name] + ", " for name in fields)  # only the fixed expressions above
        namespace: dict[str, Any] = {"tuple": tuple, "int": int}
        exec(f"def getter(doc):\n    g = doc.get\n    return ({parts})\n", namespace)  # noqa: S102
        getter = _GETTERS[fields] = namespace["getter"]
    return getter


def _replace_with(doc: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def transform(current: dict[str, Any]) -> None:
        current.clear()
        current.update(doc)

    return transform


def _drop_draft(doc: dict[str, Any], key: str) -> None:
    drafts = doc.get(DRAFTS)
    if drafts and key in drafts:
        drafts = {k: v for k, v in drafts.items() if k != key}
        if drafts:
            doc[DRAFTS] = drafts
        else:
            del doc[DRAFTS]


def _same_rating(old: dict | None, new: dict | None) -> bool:
    if old is None or new is None:
        return old is None and new is None
    keys = ("rating", "note", "hint_accepted", "changed", "text_hash")
    return all(old.get(k) == new.get(k) for k in keys)


def _change_doc(change: Change) -> dict[str, Any]:
    return {
        "seq": change.seq,
        "time": change.time,
        "reviewer": change.reviewer,
        "reply_id": change.reply_id,
        "action": change.action,
        "index": change.index,
        "before": change.before,
        "after": change.after,
    }


def _change_from_doc(doc: dict[str, Any]) -> Change:
    return Change(
        seq=doc.get("seq", 0),
        time=doc.get("time", ""),
        reviewer=doc.get("reviewer", ""),
        reply_id=doc.get("reply_id", ""),
        action=doc.get("action", ""),
        index=doc.get("index"),
        before=doc.get("before"),
        after=doc.get("after"),
    )



def check_database(path) -> dict[str, Any]:
    """`db check` without the writer lock: a report even when the database cannot be opened."""
    from store import maintenance

    return maintenance.check_database(path)

