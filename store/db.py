"""ReviewStore: the one API through which the CLI and the TUI reach the data.

The database is a folder (see docs/architecture.md):
  meta.json          schema version; an older one is upgraded by the first writer
                     (store.migrate), a newer version is refused
  manifest.json      every file's size and checksum, and the journal's id (store.manifest);
                     files are replaced in step with it (store.folder)
  index.json         TinyDB, table `replies`: one compact summary per reply (with its reply
                     file's checksum); replaced atomically once per import batch
  replies/<id>.json  one parsed Reply per file, replaced atomically; written before the
                     index points at it, so a killed import leaves whole replies only
  reviews.json       TinyDB snapshot: per reviewed reply a table `r:<id>`, plus `_meta`;
                     parsed at every open
  history.json       TinyDB snapshot of the history tables `h:<id>`; read only when history
                     is asked for, or at compaction (store.journal)
  reviews.journal    its id, then one fsynced line per change or transaction (store.journal)
  history/<id>/      earlier texts of replies that were re-imported with a new text
  backups/           rotating copies (store.backups)
  lock               the session lock and who wrote last; writers lock the folder itself,
                     one write at a time (store.lock)

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
re-imported text is store.reimport, check / backup / restore are store.maintenance, and
what a stored document may hold is store.schema.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Concatenate, Iterable, Iterator, ParamSpec, TypeVar

from tinydb import TinyDB

from store import backups
from store.anchors import anchors_of
from store.atomic import atomic_write, dumps, fsync_dir, remove_stale_temps
from store.clock import now_iso as _now
from store.clock import tool_version as _tool_version
from store.errors import CorruptError, LockedError, NotFoundError, StoreError
from store.folder import DatabaseFolder, describe
from store.index_storage import AtomicJSONStorage, gc_paused
from store.journal import HISTORY_PREFIX, JOURNAL, JournalStorage, encode_header, new_journal_id
from store.lock import DatabaseLock, refuse_symlink
from store.log import LOG as _LOG
from store.manifest import MANIFEST, sha256
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

# 1: the first release. 2: manifest.json with every file's checksum, a journal that names
# itself in its first line, reply checksums in the index (store.migrate upgrades 1 to 2).
SCHEMA_VERSION = 2

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
    from store.reading.parser import reply_id

    return reply_id(reply)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _writes(method: Callable[Concatenate[ReviewStore, _P], _T]) -> Callable[Concatenate[ReviewStore, _P], _T]:
    """A store method that changes data: it runs under the write lock, after reading what
    other processes wrote since (so it changes the data as it is now). Typed, so that a
    caller still sees the method's own signature and result."""

    @functools.wraps(method)
    def wrapper(self: ReviewStore, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        with self._writing():
            return method(self, *args, **kwargs)

    return wrapper


def _build_suggestion(lines: list[str], start: int, end: int, index: int) -> Suggestion:
    from store.reading.parser import build_suggestion

    return build_suggestion(lines, start, end, index)




def meta_version(raw: bytes) -> int | None:
    """The integer schema_version of meta.json's bytes (None: not a valid meta file)."""
    try:
        version = json.loads(raw.decode("utf-8"))["schema_version"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    return version if type(version) is int else None


def _make_folder(path: Path) -> None:
    """Create the database folder (and its parents), durably: a folder is a name in its
    parent, which must be fsynced for the name to survive a power cut."""
    if path.is_dir():
        return
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        at = at.parent
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database folder ({exc.strerror})") from exc
    for made in reversed(missing):
        fsync_dir(made.parent)


def _has_data(path: Path) -> bool:
    """Whether the folder holds a database's data (not only a creation cut short)."""
    if any((path / name).exists() for name in ("index.json", "reviews.json", "history.json")):
        return True
    try:
        with open(path / JOURNAL, "rb") as f:
            f.readline()
            return bool(f.read(1))  # a line after the first
    except OSError:
        return False


class ReviewStore:
    """See docs/architecture.md for the contract; every mutating call is durable on return.

    Several stores (processes) may have one database open and write: each write takes the
    folder's write lock, first reads what the others wrote since (`refresh()`), then
    appends its line (store.lock). A reader reads under the same lock, shared.
    """

    def __init__(self, path, *, readonly: bool = False, lock_timeout: float = 3.0, backups: int = 5):
        self.path = Path(path).expanduser()
        self.readonly = readonly
        self.keep_backups = backups
        self.lock_timeout = lock_timeout
        self.last_saved: datetime | None = None
        self._closed = False
        self._reply_cache: OrderedDict[str, Reply] = OrderedDict()
        self._summaries: list[ReplySummary] | None = None
        self._undo: dict[str, list[Change]] = {}
        self._redo: dict[str, list[Change]] = {}
        self._patches: dict[int, list[dict]] = {}  # change seq -> patches (for undo / redo)
        self._batch_done: list[Callable[[], None]] | None = None  # undo entries waiting for a batch's line
        self._index_backed_up = False  # one backup of index.json per session, before the first import
        self._index_pending: dict[str, dict[str, Any]] = {}  # reply id -> summary doc not yet in index.json
        self._index_pending_update = False  # one of them replaces an entry of index.json
        self._meta_raw: bytes | None = None
        self._index_backup_due = False  # back up index.json with the next compaction (at close)
        self._reply_temps_checked = False  # stale temporary files removed before this session's first import
        if not readonly:
            _make_folder(self.path)
        self._lock = DatabaseLock(self.path)
        try:
            self._lock.open_session(lock_timeout, writer=not readonly)
            self._open()
        except BaseException:
            self._lock.close_session()
            raise

    # ---------------------------------------------------------------- opening / closing
    def _open(self) -> None:
        guard = self._lock.read(self.lock_timeout) if self.readonly else self._lock.write(self.lock_timeout)
        with guard:
            self._folder = DatabaseFolder(self.path)
            version = self._check_meta()
            if version < SCHEMA_VERSION and not self.readonly:
                from store import migrate

                migrate.to_current(self.path, self.keep_backups)
                version = self._check_meta()
            if version >= 2 or not self.readonly:
                self._folder.load(required=self.path.exists() and version >= 2)
                if self._folder.manifest is not None:
                    problem = self._folder.manifest.problem("meta.json", self._meta_raw)
                    if problem is not None:
                        raise self._folder.corrupt("meta.json", problem)
            if not self.readonly:
                self._folder.settle()
                self._remove_stale_temps()
                replies = self.path / "replies"
                if not replies.is_dir():
                    replies.mkdir(exist_ok=True)
                    fsync_dir(self.path)
            with gc_paused():  # parsing builds millions of objects, none in a reference cycle
                self._index_storage = AtomicJSONStorage(self.path / "index.json", self.path, "index",
                                                        readonly=self.readonly, folder=self._folder,
                                                        keep_backups=self.keep_backups)
                self._reset_index_tables()
                self._reindex()
                # A read-only look at a folder that does not exist yet is simply empty.
                self._jstore = JournalStorage(self.path, readonly=self.readonly, keep_backups=self.keep_backups,
                                              folder=self._folder, on_index=self._apply_index_entries)
            self._rdb = TinyDB(storage=lambda: self._jstore)
            if not self.readonly:
                self._jstore.open_for_writing()
                if self._jstore.needs_compaction():
                    self._compact()

    def _reset_index_tables(self) -> None:
        # Fresh TinyDB objects: a Table caches the next document id, which another
        # process's entries (or an index entry from a journal line) may have taken.
        self._index = TinyDB(storage=lambda: self._index_storage)
        self._replies = self._index.table("replies")

    def _remove_stale_temps(self, *, reply_folders: bool = False) -> None:
        """Temporary files a killed writer left in the database's folders (we hold the
        write lock, so no live writer of this database is in the middle of one): at open,
        those of compactions and backups; before an import, those of reply files (the
        only writer of replies/ and history/, which may hold 100,000 files)."""
        folders = [self.path, self.path / "backups"]
        if reply_folders:
            folders.append(self.path / "replies")
            history = self.path / "history"
            if history.is_dir():
                folders += [p for p in history.iterdir() if p.is_dir()]
        for folder in folders:
            remove_stale_temps(folder, any_pid=True)

    def _check_meta(self) -> int:
        """The schema version in meta.json (created for a new database by a writer)."""
        meta_path = self.path / "meta.json"
        refuse_symlink(meta_path)
        try:
            raw = meta_path.read_bytes()
        except FileNotFoundError:
            if _has_data(self.path):
                raise backups.corrupt(self.path, meta_path, "missing while the database has data", "index") from None
            if self.readonly:
                return SCHEMA_VERSION
            self._create()
            return SCHEMA_VERSION
        except OSError as exc:
            raise StoreError(f"{meta_path}: cannot read ({exc.strerror}); check its permissions") from exc
        version = meta_version(raw)
        if version is None:
            raise CorruptError(
                f"{meta_path}: not a valid meta file (needs an integer schema_version); "
                f"run `cppcc-review db restore --db {self.path}` to rewrite it"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer cppcc-review (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade cppcc-review to open it"
            )
        if version < 1:
            raise StoreError(f"{self.path}: no migration from schema {version}; use the cppcc-review that wrote it")
        self._meta_raw = raw
        if version >= 2 and not (self.path / MANIFEST).exists() and not _has_data(self.path):
            if not self.readonly:
                self._create(meta=raw)  # a creation cut short before its manifest
            return version
        return version

    def _create(self, meta: bytes | None = None) -> None:
        """A new database: meta.json, an empty journal, and the manifest naming both."""
        if meta is None:
            meta = dumps(self._new_meta())
            atomic_write(self.path / "meta.json", meta)
        self._meta_raw = meta
        journal_id = new_journal_id()
        atomic_write(self.path / JOURNAL, encode_header(journal_id))
        manifest = describe(self.path)
        manifest.journal = [journal_id]
        DatabaseFolder(self.path).write_fresh(manifest)

    @staticmethod
    def _new_meta() -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "created": _now(), "tool_version": _tool_version()}

    def close(self) -> None:
        if self._closed:
            return
        try:
            if not self.readonly:
                with self._lock.write(self.lock_timeout):
                    self._refresh_locked()
                    if self._index_pending:  # entries an add_replies(defer_index=True) left waiting
                        self._flush_index_locked()
                    # Compact only when no other store has the database open: they would
                    # have to read everything again (the journal keeps every change meanwhile).
                    if self._jstore.journal_lines and self._lock.alone():
                        self._index_backup_due = True
                        self._compact()
        finally:
            self._closed = True
            self._jstore.close()
            self._lock.close_session()

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

    # ---------------------------------------------------------------- other writers
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the write lock for the block, having first read what others wrote since."""
        self._writable()
        if self._lock.writing:
            yield
            return
        with self._lock.write(self.lock_timeout):
            self._refresh_locked()
            yield

    def refresh(self, *, wait: float | None = None) -> set[str]:
        """Read what other processes wrote since this store last looked (their journal lines,
        or everything after a compaction or restore elsewhere); return the ids of the replies
        whose reviews, layout or index entry changed (empty: nothing changed). Two stats when
        nothing did: the app calls it about once a second, with `wait=0` (a writer in the
        middle of a write: nothing now, look again later)."""
        if self._closed:
            return set()
        if self._lock.writing:
            return self._refresh_locked()
        try:
            with self._lock.read(self.lock_timeout if wait is None else wait):
                return self._refresh_locked()
        except LockedError:
            if wait is None:
                raise
            return set()

    def _refresh_locked(self) -> set[str]:
        folder = self._folder
        reload_index = reload_reviews = False
        if folder.manifest is not None and folder.changed():
            old = folder.manifest
            new = folder.load(required=True)
            if meta_version(self._meta_bytes()) != meta_version(self._meta_raw or b""):
                self._check_meta()
            reload_index = new.files.get("index.json") != old.files.get("index.json")
            reload_reviews = (new.journal != old.journal or new.files.get("reviews.json") != old.files.get("reviews.json")
                              or new.files.get("history.json") != old.files.get("history.json"))
        elif self._jstore.journal_replaced():
            reload_reviews = True
        if reload_index or reload_reviews:
            before = set(self._by_id)
            if reload_index:
                with gc_paused():
                    self._index_storage.reload()
                self._reset_index_tables()
                self._reindex()  # entries this store has not flushed yet stay waiting
            if reload_reviews:
                with gc_paused():
                    self._jstore.reload()
            elif self._jstore.index_overlay:
                self._apply_index_entries(self._jstore.index_overlay)
            self._rdb = TinyDB(storage=lambda: self._jstore)
            self._reply_cache.clear()
            self._summaries = None
            return before | set(self._by_id)
        names = self._jstore.read_new_lines()
        if not names:
            return set()
        changed = {n[2:] for n in names if n.startswith((REVIEWS, HISTORY))}
        for rid in changed:
            self._reply_cache.pop(rid, None)
        self._rdb = TinyDB(storage=lambda: self._jstore)
        return changed

    def _meta_bytes(self) -> bytes:
        try:
            return (self.path / "meta.json").read_bytes()
        except OSError:
            return b""

    def _apply_index_entries(self, entries: dict[str, dict[str, Any]]) -> None:
        """Index entries carried by journal lines (re-imported replies) over index.json."""
        table = self._index_storage.read().setdefault("replies", {})
        for rid, doc in entries.items():
            doc_id = self._by_id.get(rid)
            if doc_id is None:
                doc_id = max(map(int, table), default=0) + 1
                self._by_id[rid] = doc_id
            table[str(doc_id)] = dict(doc)
            self._reply_cache.pop(rid, None)
        self._by_doc_no_map = None
        self._summaries = None
        self._reset_index_tables()

    def _compact(self) -> None:
        """Write the snapshots (and the index, if journal lines carried entries of it) and
        start a new journal; the caller holds the write lock and has read every line."""
        files: dict[str, bytes] = {}
        new_backups: list[tuple[str, bytes]] = []
        if self._jstore.index_overlay:
            files["index.json"] = self._index_storage.snapshot()
        source = self.path / "index.json"
        if (files or self._index_backup_due) and source.exists() and not backups.newest_matches(self.path, "index", source):
            old = self._folder.read("index.json")
            if old is not None and self.keep_backups > 0:
                new_backups.append(("index", old))
        self._index_backup_due = False
        self._jstore.compact(files=files, new_backups=new_backups)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Every change made in the block is one journal line: after a crash, a full disk
        or an error inside the block, all of them are there or none (import-ratings of one
        file). Holds the write lock for the block."""
        with self._writing():
            if self._batch_done is not None:
                yield
                return
            self._batch_done = []
            try:
                with self._jstore.transaction(META_TABLE):
                    yield
            except BaseException:
                self._batch_done = None
                self._rdb = TinyDB(storage=lambda: self._jstore)
                self._reply_cache.clear()
                raise
            done, self._batch_done = self._batch_done, None
            for step in done:
                step()
            self._saved()
            if self._jstore.needs_compaction(in_session=True):
                self._compact()

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
        return self._reply_from_bytes(rid, self._reply_bytes(rid))

    def _reply_bytes(self, rid: str) -> bytes:
        """The reply file's bytes, checked against the checksum its index entry records.

        A file newer than its entry is a re-import that did not finish (killed between
        writing the new text and the journal line that makes it count): the text the
        index names was set aside under history/ first, and is used instead (a writer
        puts it back, so the next read is direct)."""
        path = self._reply_path(rid)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
        doc = self._summary_doc(rid) if rid in self._by_id else {}
        want = doc.get("sha256")
        if not want or (raw is not None and sha256(raw) == want):
            if raw is None:
                raise NotFoundError(f"{path}: the reply file is missing; import its document again")
            return raw
        earlier = self.path / "history" / rid / f"{doc.get('content_hash')}.json"
        try:
            kept = earlier.read_bytes()
        except OSError:
            kept = None
        if kept is not None and sha256(kept) == want:
            if not self.readonly and not self._closed:
                try:
                    with self._writing():
                        atomic_write(path, kept)
                except StoreError:
                    pass  # reading still works from the kept copy
            return kept
        if raw is None:
            raise NotFoundError(f"{path}: the reply file is missing; import its document again")
        self._reply_from_bytes(rid, raw)  # say what is wrong with the content, if that shows
        raise CorruptError(
            f"{path}: its checksum does not match the index (changed outside cppcc-review, or damaged); "
            "import its document again"
        )

    def _reply_from_bytes(self, rid: str, raw: bytes) -> Reply:
        path = self._reply_path(rid)
        try:
            data = json.loads(raw.decode("utf-8"))
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
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError) as exc:
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
        if not self._reply_temps_checked:
            with self._writing():
                self._remove_stale_temps(reply_folders=True)
            self._reply_temps_checked = True
        results: list[tuple[str, str]] = []
        pending = self._index_pending
        before = dict(pending)
        try:
            for done, reply in enumerate(items, start=1):
                # One reply at a time under the write lock: another writer (the app) waits
                # for one reply's files, not for the whole batch.
                with self._writing():
                    rid, status = self._add_one(reply, pending)
                    results.append((rid, status))
                    if status == "updated":  # not a headings-only backfill of an unchanged text
                        self._index_pending_update = True
                    if not defer_index and self.index_due():
                        self._flush_index_locked()
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
        INDEX_SHARE of the index (and INDEX_BATCH), or one of them updates a known reply."""
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
        if not self._index_pending:
            return
        with self._writing():
            self._flush_index_locked()

    def _flush_index_locked(self) -> None:
        try:
            self._flush_index(self._index_pending)
        finally:
            self._index_pending.clear()
            self._index_pending_update = False

    def _write_reply_file(self, rid: str, reply: Reply, *, sync_dir: bool = False) -> str:
        """Write the reply's file (atomically); return its checksum for the index entry."""
        data = dumps(reply.to_dict())
        atomic_write(self._reply_path(rid), data, sync_dir=sync_dir)
        self._reply_cache.pop(rid, None)
        return sha256(data)

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
            summary = self._make_summary_doc(rid, reply)
            summary["sha256"] = self._write_reply_file(rid, reply)
            pending[rid] = summary
            return rid, "updated"
        summary = self._make_summary_doc(rid, reply)
        if current is None:
            summary["sha256"] = self._write_reply_file(rid, reply)
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
        source = self.path / "index.json"
        if self._by_id and not self._index_backed_up:
            self._index_storage.backup_next = source.exists() and not backups.newest_matches(self.path, "index", source)
            self._index_backed_up = True
        new_docs = [doc for rid, doc in pending.items() if rid not in self._by_id]
        updates = {self._by_id[rid]: doc for rid, doc in pending.items() if rid in self._by_id}
        try:
            with self._index_storage.deferred():
                if new_docs:
                    self._replies.insert_multiple(new_docs)
                for doc_id, doc in updates.items():
                    self._replies.update(_replace_with(doc), doc_ids=[doc_id])
        finally:
            self._replies.clear_cache()
            self._reset_index_tables()
            self._reindex()
        for rid in pending:
            self._reply_cache.pop(rid, None)
        pending.clear()
        self._saved()

    def _update_reply(self, rid: str, current: dict[str, Any], reply: Reply, summary: dict[str, Any]) -> None:
        """A known reply with a new text: keep the old text, move the reviews over.

        Crash-atomic: the old text's exact bytes are set aside under history/ first, then
        the new text is written, then one journal line carries the moved ratings (and
        layout) together with the reply's new index entry. Until that line exists the
        index names the old text (by checksum), and reading the reply falls back to the
        copy under history/ (`_reply_bytes`): a killed re-import leaves the reply as it
        was, with its ratings where they belong."""
        try:
            old_raw = self._reply_bytes(rid)
            old = self._reply_from_bytes(rid, old_raw)
        except StoreError:
            old_raw, old = None, None
        history_file = None
        if old is not None and old.content_hash != reply.content_hash:
            folder = self.path / "history" / rid
            if not folder.is_dir():
                created_parent = not folder.parent.is_dir()
                folder.mkdir(parents=True, exist_ok=True)
                if created_parent:
                    fsync_dir(self.path)
                fsync_dir(folder.parent)
            history_file = folder / f"{old.content_hash}.json"
            atomic_write(history_file, old_raw)
        summary["sha256"] = self._write_reply_file(rid, reply, sync_dir=True)

        patches = carry_over(self._layout(rid), old, reply, current.get("ranges") or [], self._review_docs(rid))
        before = {"content_hash": old.content_hash if old else current.get("content_hash"),
                  "file": str(history_file.relative_to(self.path)) if history_file else None}
        if history_file is not None:
            before["sha256"] = sha256(old_raw)
        self._commit(rid, "import", "reimport", None, before, {"content_hash": reply.content_hash}, patches,
                     undoable=False, index_entry=summary)

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

    @_writes
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

    @_writes
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

    @_writes
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

    @_writes
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

    @_writes
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

    @_writes
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

    @_writes
    def undo(self, reviewer: str) -> Change | None:
        """Undo `reviewer`'s newest change of this session; returns that change (or None)."""
        return self._undo_redo(reviewer, self._undo, self._redo, "before", "undo")

    @_writes
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
            # Memory went back to the saved state; TinyDB's tables (which cache the next
            # document id) must follow.
            self._rdb = TinyDB(storage=lambda: self._jstore)
            self._reply_cache.pop(rid, None)
            raise
        self._saved()

    def _commit(self, rid, reviewer, action, index, before, after, patches, *, undoable=True, extra=None,
                index_entry=None) -> Change:
        """Apply `patches` and record the change, as one journal line (durable on return;
        inside `batch()`, part of the batch's line). `index_entry`: the reply's new index
        entry, carried by the same line (a re-import)."""
        with self._writing():  # callers hold it already (@_writes); a new caller gets it here
            return self._commit_locked(rid, reviewer, action, index, before, after, patches, undoable=undoable,
                                       extra=extra, index_entry=index_entry)

    def _commit_locked(self, rid, reviewer, action, index, before, after, patches, *, undoable, extra,
                       index_entry) -> Change:
        now = _now()
        with self._transaction(rid):
            if index_entry is not None:
                self._jstore.set_index_entry(rid, index_entry)
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
            saved_patches = json.loads(dumps(patches))

            def remember() -> None:
                self._patches[seq] = saved_patches
                self._undo.setdefault(reviewer, []).append(change)
                self._redo.pop(reviewer, None)

            if self._batch_done is not None:
                self._batch_done.append(remember)  # once the batch's line is written
            else:
                remember()
        if index_entry is not None and self._batch_done is None:
            self._apply_index_entries({rid: index_entry})
        if self._batch_done is None and self._jstore.needs_compaction(in_session=True):
            self._compact()
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
    def restore(path, from_path=None, *, lock_timeout: float = 3.0) -> list[tuple[Path, str]]:
        """Rebuild damaged or missing files from what is good (or restore the backup
        `from_path`); returns (file, what it was rebuilt from), empty when all is well.

        Damaged files are copied into backups/ as `*.damaged-<time>` first: nothing is
        deleted. See store.maintenance for what each file is rebuilt from.
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
        if current is not doc:
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

