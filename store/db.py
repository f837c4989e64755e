"""ReviewStore: the one API through which the CLI and the TUI reach the data.

The database is a folder (see docs/architecture.md):
  meta.json          schema version; an older one is upgraded by the first writer
                     (store.migrate), a newer version is refused
  manifest.json      the shards that make up the database now, with their checksums, and
                     the journal's id (store.manifest); the one point of commit (store.folder)
  index/, names/,    shards by prefix of the reply id (store.shards): the index entries, the
  reviews/, changes/ 文号 lookup, the review tables `r:<id>`, the change history `h:<id>`;
  summary/           every reply as one row, in the inbox's order (store.summary)
  replies/           the texts, one pack per import batch, one reply a line (store.reply_packs)
  reviews.journal    its id, then one fsynced line per change or transaction (store.journal),
                     folded into the shards a few prefixes at a time (store.fold)
  history/<id>/      earlier texts of replies re-imported by an older release
  backups/           copies of earlier manifests (store.backups)
  lock               the session lock and who wrote last; writers lock the folder itself,
                     one write at a time (store.lock)

A command reads only what it touches: `rate` reads the manifest, the journal, one names
shard, one index entry and one review table, and appends one line; nothing it does
depends on the number of replies.

A reply's table `r:<id>` holds one document per reviewer
  {type: "review", reviewer, ratings: {<anchor>: SuggestionReview}, assessment, updated}
where the anchor is the first line (in reply.lines) of the suggestion, so a split or
merge leaves every other suggestion's rating where it was; an optional
  {type: "layout", ranges: [[start, end], ...], headings, hashes, by, time}
when a reviewer split or merged suggestions (shared by all reviewers). The audit trail
is the reply's table `h:<id>`, one document per change stored under its `seq` (unique in
the database, so appending needs no look at the table).

Writing reviews is store.review_writes; importing replies, store.reply_import; whole-
database scans (progress), store.review_scan; check / backup / restore,
store.maintenance.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tinydb import TinyDB

from store import backups, fold, shard_format, shards, summary
from store.atomic import atomic_write, dumps, fsync_dir, remove_stale_temps
from store.errors import CorruptError, LockedError, NotFoundError, StoreError
from store.folder import DatabaseFolder, describe
from store.index_shards import ReplyIndex, doc_no_key
from store.journal import HISTORY_PREFIX, INDEX_PART, JOURNAL, JournalStorage, encode_header, new_journal_id
from store.lock import DatabaseLock, refuse_symlink
from store.manifest import MANIFEST, sha256
from store.model import Assessment, Change, Progress, Reply, ReplySummary, Review, ReviewState, SuggestionReview
from store.reply_import import ReplyImport
from store.review_scan import ReviewScans, progress_of, review_tables, scan
from store.review_writes import ReviewWrites

# 1: the first release. 2: manifest.json with every file's checksum, a journal that names
# itself in its first line, reply checksums in the index. 3: shards, reply packs, the
# summary (store.migrate upgrades 1 and 2 to 3).
SCHEMA_VERSION = 3

REPLY_CACHE = 64  # parsed replies kept in memory (the reviewer moves between a few)
SHARD_CACHE_BYTES = 96 << 20  # checked shard bytes kept in memory
META_TABLE = "_meta"
REVIEWS = "r:"  # + reply id: the reply's reviews and layout (small; journaled whole)
HISTORY = HISTORY_PREFIX  # "h:" + reply id: the reply's change documents (only grow; journaled by append)
DRAFTS = "drafts"  # key of a review doc: {anchor or "opinion": text being typed} (set_draft)
OPINION_DRAFT = "opinion"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _tool_version() -> str:
    try:
        from importlib.metadata import version

        return version("cppcc-review")
    except Exception:  # not installed (running from a checkout)
        return "0"


def compute_reply_id(reply: Reply) -> str:
    """The reply's id: the parser's `reply_id` (the rule in docs/architecture.md)."""
    from store.parser import reply_id

    return reply_id(reply)


def _writes(method):
    """A store method that changes data: it runs under the write lock, after reading what
    other processes wrote since (so it changes the data as it is now)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._writing():
            return method(self, *args, **kwargs)

    return wrapper


def _build_suggestion(lines: list[str], start: int, end: int, index: int):
    from store.parse_sections import build_suggestion

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
    if any((path / name).exists() for name in ("index.json", "reviews.json", "history.json", MANIFEST)):
        try:
            if (path / MANIFEST).exists() and not any((path / n).exists() for n in ("index.json", "reviews.json")):
                from store.manifest import Manifest

                return bool(Manifest.from_bytes((path / MANIFEST).read_bytes()).shards)
        except (OSError, backups.Problem):
            return True
        return True
    try:
        with open(path / JOURNAL, "rb") as f:
            f.readline()
            return bool(f.read(1))  # a line after the first
    except OSError:
        return False


class ReviewStore(ReviewWrites, ReplyImport):
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
        self._shard_cache: OrderedDict[str, bytes] = OrderedDict()
        self._shard_cache_size = 0
        self._bulk = 0  # inside bulk(): keep every shard read
        self._rows: list[list[Any]] | None = None  # the summary's rows, once read whole
        self._head_ranges: dict[str, list] = {}  # the first rows' ranges (the inbox's first screen)
        self._scans = ReviewScans()
        self._undo: dict[str, list[Change]] = {}
        self._redo: dict[str, list[Change]] = {}
        self._patches: dict[int, list[dict]] = {}  # change seq -> patches (for undo / redo)
        self._batch_done: list[Callable[[], None]] | None = None  # undo entries waiting for a batch's line
        self._meta_raw: bytes | None = None
        self._backed_up = False  # this session kept a backup before its first fold
        self._reply_temps_checked = False  # stale temporary files removed before this session's first import
        self._import_pack = None  # the pack an import batch is filling (store.reply_import)
        self.fold_problem: str | None = None  # why the last fold after a change failed (the change was saved)
        self.replies_changed = False  # the last refresh() saw replies added or changed (not only reviews)
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
            self._load_state()

    def _load_state(self) -> None:
        """Read the manifest and the journal (the caller holds the lock); nothing else is
        read until it is asked for."""
        self._folder = DatabaseFolder(self.path)
        self._legacy = False
        version = self._check_meta()
        if version < SCHEMA_VERSION and not self.readonly:
            from store import migrate

            migrate.to_current(self.path, self.keep_backups)
            version = self._check_meta()
        self._folder.load(required=self.path.exists() and (self.path / "meta.json").exists() and version >= 2)
        if self._folder.manifest is not None:
            problem = self._folder.manifest.problem("meta.json", self._meta_raw)
            if problem is not None:
                raise self._folder.corrupt("meta.json", problem)
            self._folder.check_shard_sizes()
        self._drop_caches()
        self._index = ReplyIndex(self._shard, lambda: self._folder.manifest.replies if self._folder.manifest else 0)
        if version < SCHEMA_VERSION:  # an older release's database, read as it is (read-only)
            from store import migrate

            self._legacy = True
            self._jstore = migrate.open_legacy(self.path, self._folder, readonly=True, on_index=self._on_index_entries)
            self._rdb = TinyDB(storage=lambda: self._jstore)
            return
        if not self.readonly:
            self._folder.settle()
            self._folder.make_folders()
            self._remove_stale_temps()
        self._jstore = JournalStorage(self.path, readonly=self.readonly, keep_backups=self.keep_backups,
                                      folder=self._folder, on_index=self._on_index_entries,
                                      loader=self._load_table, history_loader=self._load_history_table)
        self._rdb = TinyDB(storage=lambda: self._jstore)
        if not self.readonly:
            self._jstore.open_for_writing()
            self._fold_if_due()

    def _on_index_entries(self, entries: dict[str, dict[str, Any]]) -> None:
        """Index entries a journal line carries (an import batch, a re-import)."""
        self._index.add_overlay(entries)
        self._rows = None
        for rid in entries:
            self._reply_cache.pop(rid, None)

    def _remove_stale_temps(self, *, reply_folders: bool = False) -> None:
        """Temporary files a killed writer left in the database's folders (we hold the
        write lock, so no live writer of this database is in the middle of one): at open,
        those of the manifest, meta.json, the journal and backups; those of shards when
        folding (store.fold); those of replies before an import (replies/ may hold
        100,000 files)."""
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
        if version >= SCHEMA_VERSION and not (self.path / MANIFEST).exists() and not _has_data(self.path):
            if not self.readonly:
                self._create(meta=raw)  # a creation cut short before its manifest
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
        folder = DatabaseFolder(self.path)
        folder.make_folders()
        folder.write_fresh(manifest)

    @staticmethod
    def _new_meta() -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "created": _now(), "tool_version": _tool_version()}

    def close(self) -> None:
        """Close the store. A writer leaves its journal lines to be folded later (by the
        next writer past the journal's limit, or the app while idle): closing never waits
        for a compaction."""
        if self._closed:
            return
        try:
            if not self.readonly and self._import_pack is not None:
                with self._lock.write(self.lock_timeout):
                    self._refresh_locked()
                    self.finish_import()
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

    # ---------------------------------------------------------------- compaction
    def _fold_if_due(self, *, after_bulk: bool = False) -> None:
        """Fold some of the journal into the shards when it has grown past its limit
        (store.fold): a few prefixes' worth, or all of it past FOLD_ALL_BYTES. The caller
        holds the write lock and has read every line."""
        size = self._jstore.journal_size
        if size > fold.FOLD_ALL_BYTES:
            self.fold_all()
        elif size > fold.FOLD_BYTES and not after_bulk:
            self._fold(budget=0.02)

    def _fold_after_change(self) -> None:
        """Fold a little after a change (when due): the change is saved whatever happens
        here, so a failure (a full disk, a damaged shard) does not make it look unsaved;
        it is kept in `fold_problem` and met again by the next fold, `db check` or read."""
        try:
            self._fold_if_due()
            self.fold_problem = None
        except StoreError as exc:
            self.fold_problem = str(exc)

    def _fold(self, parts: list[str] | None = None, *, budget: float | None = None, keep: bool = False) -> bool:
        backup = not self._backed_up and self.keep_backups > 0
        done = fold.fold(self, parts, budget=budget, backup=backup, keep=keep)
        if done and backup:
            self._backed_up = True
        return done

    def fold_all(self) -> None:
        """Fold the whole journal into the shards and start it again (an import's end,
        `db backup`, a journal past FOLD_ALL_BYTES)."""
        with self._writing():
            self._fold()

    def maintain(self, budget: float = 0.02) -> bool:
        """Fold a little of the journal into the shards if it is due (the app calls this
        while the reviewer is idle); True when something was folded. Never waits for the
        lock: another writer at work means later."""
        if self.readonly or self._closed or self._jstore.journal_size <= fold.FOLD_BYTES // 4:
            return False
        try:
            with self._lock.write(0):
                self._refresh_locked()
                return self._fold(budget=budget)
        except LockedError:
            return False

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
                self._scans.clear()
                raise
            done, self._batch_done = self._batch_done, None
            for step in done:
                step()
            self._saved()
            self._fold_if_due(after_bulk=True)

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

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Hold the lock (shared) for the block, having first read what others wrote since:
        files read in the block belong with the manifest and journal read."""
        if self._lock.writing:
            yield
            return
        with self._lock.read(self.lock_timeout):
            if not self._closed and self._folder.changed():
                self._refresh_locked()
            yield

    def refresh(self, *, wait: float | None = None) -> set[str]:
        """Read what other processes wrote since this store last looked (their journal lines,
        the shards they folded, a journal they started again); return the ids of the
        replies whose reviews, layout or index entry changed (empty: nothing changed).
        Two stats when nothing did: the app calls it about once a second, with `wait=0`
        (a writer in the middle of a write: nothing now, look again later)."""
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
        self.replies_changed = False
        folder = self._folder
        if self._legacy:  # an older release's files: anything new means read them all again
            if folder.changed() or self._jstore.journal_replaced() or self._jstore.read_new_lines():
                before = {row[0] for row in self._summary_rows()}
                self._jstore.close()
                self._load_state()
                return before | {row[0] for row in self._summary_rows()}
            return set()
        changed: set[str] = set()
        names: set[str] = set()
        if folder.manifest is not None and folder.changed():
            old = folder.manifest
            new = folder.load(required=True)
            if meta_version(self._meta_bytes()) != meta_version(self._meta_raw or b""):
                self._check_meta()
            keys = {k for k in old.shards.keys() | new.shards.keys() if old.shards.get(k) != new.shards.get(k)}
            if new.journal != old.journal or self._jstore.journal_replaced():
                # Started again elsewhere: everything the old journal said is in the shards.
                names |= set(self._jstore.journal_tables) | set(self._jstore.pending)
                changed |= set(self._index.overlay)
                self.replies_changed = self.replies_changed or bool(self._index.overlay)
                self._index.set_overlay({})
                self._jstore.reload()
                names |= set(self._jstore.journal_tables) | set(self._jstore.pending)
                changed |= set(self._index.overlay)
            else:
                names |= self._jstore.read_new_lines()
            changed |= self._shards_changed(keys)
        elif self._jstore.journal_replaced():
            self._index.set_overlay({})
            self._jstore.reload()
            self._drop_caches()
            return set(self._jstore.journal_tables)
        else:
            names = self._jstore.read_new_lines()
            if not names:
                return set()
        for name in names:
            if name.startswith(("r:", "h:")):
                changed.add(name[2:])
            elif name.startswith("index:"):
                changed.add(name[6:])
                self._rows = None
                self.replies_changed = True
        for rid in changed:
            self._reply_cache.pop(rid, None)
        self._rescan(changed)
        self._rdb = TinyDB(storage=lambda: self._jstore)
        return changed

    def _shards_changed(self, keys: set[str]) -> set[str]:
        """Another process wrote these shards: forget what was read of them; the ids of
        the replies whose data may differ now."""
        changed: set[str] = set()
        if not keys:
            return changed
        loaded = self._jstore.loaded_tables()
        for key in keys:
            self._uncache_shard(key)
            kind, part = shards.kind_of(key), shards.part_of(key)
            if kind in ("reviews", "changes"):
                gone = [n for n in loaded if shards.part_of_table(n) == part]
                self._jstore.forget_tables(gone)
                changed.update(n[2:] for n in gone if n != META_TABLE)
                if kind == "reviews" and not self._scans.empty:
                    changed.update(self._ids_in_scans(part))
            elif kind in ("index", "summary", "names"):
                self._rows = None
                self._reply_cache.clear()
                self.replies_changed = True
        if any(shards.kind_of(k) == "summary" for k in keys):
            changed.add("")  # the list of replies changed (an import elsewhere): "" says so
        changed.discard("")
        return changed

    def _ids_in_scans(self, part: str) -> set[str]:
        ids: set[str] = set()
        for progress in self._scans.progress.values():
            ids.update(rid for rid in progress if rid.startswith(part))
        raw = self._shard(shards.key("reviews", part))
        if raw:
            ids.update(name[2:] for name in shard_format.table_line_bytes(raw) if name.startswith(REVIEWS))
        return ids

    def _drop_caches(self) -> None:
        self._shard_cache.clear()
        self._shard_cache_size = 0
        self._reply_cache.clear()
        self._rows = None
        self._scans.clear()

    def _meta_bytes(self) -> bytes:
        try:
            return (self.path / "meta.json").read_bytes()
        except OSError:
            return b""

    # ---------------------------------------------------------------- shards
    def _shard(self, key: str) -> bytes | None:
        """Shard `key`'s bytes, checked against the manifest (cached)."""
        data = self._shard_cache.get(key)
        if data is not None:
            self._shard_cache.move_to_end(key)
            return data
        with self._reading():
            data = self._folder.read_shard(key)
        if data is not None:
            self._cache_shard(key, data)
        return data

    def _cache_shard(self, key: str, data: bytes | None) -> None:
        old = self._shard_cache.pop(key, None)
        if old is not None:
            self._shard_cache_size -= len(old)
        if key.startswith("index/"):
            self._index.forget(key)
        if data is None:
            return
        self._shard_cache[key] = data
        self._shard_cache_size += len(data)
        while self._shard_cache_size > SHARD_CACHE_BYTES and len(self._shard_cache) > 1 and not self._bulk:
            _, old = self._shard_cache.popitem(last=False)
            self._shard_cache_size -= len(old)

    def _uncache_shard(self, key: str) -> None:
        old = self._shard_cache.pop(key, None)
        if old is not None:
            self._shard_cache_size -= len(old)
        if key.startswith("index/"):
            self._index.forget(key)

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Keep every shard read inside the block (a pass over the whole database:
        export, statistics) instead of reading some of them twice."""
        self._bulk += 1
        self._index.bulk = True
        try:
            yield
        finally:
            self._bulk -= 1
            if not self._bulk:
                self._index.bulk = False
                self._index.forget()
                self._cache_shard_trim()

    def _cache_shard_trim(self) -> None:
        while self._shard_cache_size > SHARD_CACHE_BYTES and len(self._shard_cache) > 1:
            _, old = self._shard_cache.popitem(last=False)
            self._shard_cache_size -= len(old)

    def _load_table(self, name: str) -> dict[str, Any] | None:
        raw = self._shard(shards.of_table(name))
        return shard_format.read_table(raw, name) if raw else None

    def _load_history_table(self, name: str) -> dict[str, Any] | None:
        raw = self._shard(shards.of_table(name))
        return shard_format.read_table(raw, name) if raw else None

    # ---------------------------------------------------------------- the index
    def _summary_doc(self, rid: str) -> dict[str, Any]:
        entry = self._index.entry(rid) if isinstance(rid, str) else None
        if entry is None:
            raise NotFoundError(f"{self.path}: no reply with id {rid}; check the id or import the document")
        return entry

    def _summary_rows(self) -> list[list[Any]]:
        """Every reply's summary row, in the inbox's default order (read once)."""
        if self._rows is None:
            rows: list[list[Any]] = []
            manifest = self._folder.manifest
            for key in manifest.summary_keys() if manifest else ():
                raw = self._shard(key)
                if raw:
                    rows.extend(summary.decode_chunk(raw))
                self._uncache_shard(key)  # the decoded rows are kept instead
            self._rows = summary.merge_rows(rows, self._index.overlay)
        return self._rows

    @staticmethod
    def _make_summary_doc(rid: str, reply: Reply, content_hash: str | None = None) -> dict[str, Any]:
        entry = {
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
            "content_hash": content_hash or reply.content_hash,
            "source_name": reply.source.name if reply.source else None,
            # The parsed suggestions' line ranges, headings and text hashes: progress,
            # exports and `rate` need them without reading the text.
            "ranges": [[s.start, s.end] for s in reply.suggestions],
            "headings": [s.heading for s in reply.suggestions],
            "hashes": [s.text_hash for s in reply.suggestions],
        }
        # What is not there reads as None (and the kind as "reply"): left out.
        return {k: v for k, v in entry.items() if v is not None and not (k == "kind" and v == "reply")}

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
            get = _summary_getter(tuple(_ROW_FIELDS))
            return [ReplySummary(*get(row)) for row in rows]
        with self.bulk():
            out = []
            for row in rows:
                entry = self._index.entry(row[0])
                out.append(self._to_summary(entry) if entry is not None else ReplySummary(*_summary_getter(tuple(_ROW_FIELDS))(row)))
        return out

    def summary(self, reply_id: str) -> ReplySummary:
        """One reply's summary (NotFoundError for an unknown id)."""
        return self._to_summary(self._summary_doc(reply_id))

    def summary_values(self, fields: Iterable[str]) -> list[tuple]:
        """For each reply, in `summaries()` order, the values of `fields` (names of
        ReplySummary's attributes): the inbox's rows for 100,000 replies without building a
        ReplySummary for each (`headings` read from the index, the rest from the summary)."""
        fields = tuple(fields)
        if "headings" in fields:  # from the index, not the summary: every index shard is read
            at = fields.index("headings")
            get = _summary_getter(fields[:at] + fields[at + 1:])
            with self.bulk():
                out = []
                for row in self._summary_rows():
                    values = get(row)
                    headings = tuple((self._index.entry(row[0]) or {}).get("headings") or ())
                    out.append(values[:at] + (headings,) + values[at:])
            return out
        get = _summary_getter(fields)  # KeyError for an unknown field
        return [get(row) for row in self._summary_rows()]

    def first_summary_values(self, fields: Iterable[str], n: int) -> tuple[list[tuple], int]:
        """(the first `n` replies' `summary_values(fields)`, how many replies there are):
        what the inbox's first screen shows, read without decoding the other rows."""
        get = _summary_getter(tuple(fields))
        if self._rows is not None:
            return [get(row) for row in self._rows[:n]], len(self._rows)
        manifest = self._folder.manifest
        keys = manifest.summary_keys() if manifest else []
        raw = self._shard(keys[0]) if keys else None
        rows = summary.head_rows(raw, n) if raw else []
        if keys and len(keys) > 1 and len(rows) < n:
            return [get(row) for row in self._summary_rows()[:n]], len(self._rows)
        rows = summary.merge_rows(rows, self._index.overlay, limit=n)
        # Their progress is asked for next (the rows painted first): from these ranges, not the index.
        self._head_ranges = {row[0]: row[11] for row in rows if row[11] is not None}
        return [get(row) for row in rows], len(self)

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
            raise NotFoundError(f"{ref}: {len(exact)} replies carry this 文号 ({', '.join(exact)}); use the id")
        if len(ref) >= 4:
            hits = self._index.ids_starting(ref)
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise NotFoundError(f"{ref}: the id prefix matches {len(hits)} replies; give more characters")
        # The 文号 as people type it: (2025), [2025], 【2025】, full-width digits, spaces.
        same = sorted(rid for _doc_no, rid in named)
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            raise NotFoundError(f"{ref}: {len(same)} replies carry this 文号 ({', '.join(same)}); use the id")
        import difflib

        keys = {doc_no_key(d): d for d, _rid in self._index.all_names() if d}
        close = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)]
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise NotFoundError(f"{ref}: no reply with this id or 文号 in {self.path}{hint}")

    # ---------------------------------------------------------------- reply texts
    def _reply_bytes(self, rid: str) -> bytes:
        """The reply's stored bytes, checked against the checksum its index entry records.

        An older release's reply file newer than its entry is a re-import that did not
        finish: the text the index names was set aside under history/ first, and is used
        instead."""
        from store import reply_packs

        entry = self._summary_doc(rid)
        try:
            path, raw = reply_packs.read(self.path, entry, rid)
        except OSError as exc:
            raise StoreError(f"{self.path / reply_packs.where(entry, rid)}: cannot read ({exc.strerror}); "
                             "check its permissions") from exc
        want = entry.get("sha256")
        if not want or (raw is not None and sha256(raw) == want):
            if raw is None or (entry.get("pack") and len(raw) != entry.get("len")):
                raise NotFoundError(f"{path}: the reply's text is missing; import its document again")
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
            raise NotFoundError(f"{path}: the reply's text is missing; import its document again")
        self._reply_from_bytes(rid, raw, path)  # say what is wrong with the content, if that shows
        raise CorruptError(
            f"{path}: reply {rid}: its checksum does not match the index (changed outside cppcc-review, "
            "or damaged); import its document again"
        )

    def _reply_from_bytes(self, rid: str, raw: bytes, path: Path | None = None) -> Reply:
        from store import reply_codec

        try:
            data = json.loads(raw.decode("utf-8"))
            # JSON that parses but is not a reply (e.g. `{"text": "x"}`) would otherwise
            # show as a reply with no suggestions: refuse it like a torn file.
            if not (
                isinstance(data, dict)
                and isinstance(data.get("text"), str)
                and (data.get("v") == reply_codec.VERSION
                     or isinstance(data.get("lines"), list) and isinstance(data.get("suggestions"), list))
            ):
                raise ValueError("text, lines or suggestions missing")
            return reply_codec.decode(data)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError) as exc:
            where = path or (self.path / "replies")
            raise CorruptError(f"{where}: reply {rid}: not a valid reply ({exc}); import its document again") from None

    def _read_reply_file(self, rid: str) -> Reply:
        return self._reply_from_bytes(rid, self._reply_bytes(rid))

    def _reply_file_ok(self, rid: str) -> bool:
        try:
            self._reply_bytes(rid)
        except StoreError:
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

    def search_text(self, query: str) -> set[str]:
        """Ids of replies whose text contains `query` (reads every text: run it in a worker)."""
        from store import reply_packs

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
                    continue
                if raw is None or (quick and needle not in raw):
                    continue  # quick reject on the raw JSON; escapes make it inexact otherwise
                try:
                    if query in json.loads(raw.decode("utf-8")).get("text", ""):
                        found.add(rid)
                except (ValueError, UnicodeDecodeError, AttributeError):
                    continue
        return found

    # ---------------------------------------------------------------- review tables (raw reads)
    def _raw_table(self, rid: str) -> dict[str, dict[str, Any]]:
        return self._jstore.read().load(REVIEWS + rid) or {}

    def _history_table(self, rid: str) -> dict[str, dict[str, Any]]:
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

    def suggestion_ranges(self, reply_id: str) -> list[list[int]]:
        """The suggestions' [start, end) line ranges, split / merge applied."""
        return self._ranges(reply_id)

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
        anchors = _anchors(self._ranges(reply_id))
        _, doc = self._review_doc(reply_id, reviewer)
        return self._make_review(reply_id, reviewer, doc, anchors)

    def reviews_of(self, reply_id: str) -> list[Review]:
        anchors = _anchors(self._ranges(reply_id))
        docs = sorted(self._review_docs(reply_id), key=lambda item: item[1].get("reviewer", ""))
        return [self._make_review(reply_id, d["reviewer"], d, anchors) for _, d in docs]

    def review_tables(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(reply id, review table) of every reply that has one (a pass over every shard)."""
        return review_tables(self._shard_uncached, self._jstore)

    def _shard_uncached(self, key: str) -> bytes | None:
        """A shard's bytes for a pass over all of them: not kept (outside bulk())."""
        data = self._shard_cache.get(key)
        if data is not None:
            return data
        with self._reading():
            data = self._folder.read_shard(key)
        if data is not None and self._bulk:
            self._cache_shard(key, data)
        return data

    def reviewers(self) -> list[str]:
        meta = self._jstore.read().load(META_TABLE) or {}
        names = (meta.get("1") or {}).get("reviewers")
        if isinstance(names, list):
            return sorted(set(names))
        self._ensure_scan()
        return sorted(self._scans.reviewers or ())

    def history(self, reply_id: str) -> list[Change]:
        from store.schema import is_change

        docs = sorted((int(k), d) for k, d in self._history_table(reply_id).items() if is_change(d))
        return [_change_from_doc(d, reply_id, seq) for seq, d in docs]

    def _ranges_of_row(self) -> Callable[[str], list | None]:
        rows = self._summary_rows()
        by_id = {row[0]: row[11] for row in rows}

        def ranges_of(rid: str) -> list | None:
            if rid not in by_id:
                return None
            ranges = by_id[rid]
            if ranges is None:  # an index entry written before ranges were kept
                return list(self._summary_doc(rid).get("ranges") or [])
            return ranges

        return ranges_of

    def _ensure_scan(self, reviewer: str | None = None) -> None:
        scans = self._scans
        need = (scans.others is None or scans.reviewers is None
                or (reviewer is not None and reviewer not in scans.progress))
        if not need:
            return
        wanted = sorted(set(scans.progress) | ({reviewer} if reviewer else set()))
        progress, others, changed, names = scan(self.review_tables(), self._ranges_of_row(), wanted)
        scans.progress, scans.others, scans.reviewers = progress, others, names
        scans.changed = {r: changed.get(r, set()) for r in set(changed) | set(wanted)}

    def _rescan(self, ids: Iterable[str]) -> None:
        """Replies whose review table changed: bring the scans' results up to date."""
        if self._scans.empty:
            return
        for rid in ids:
            try:
                ranges = self._summary_doc(rid).get("ranges")
            except NotFoundError:
                continue
            table = self._jstore.read().load(REVIEWS + rid)
            self._scans.update(rid, ranges, table)

    def progress(self, reviewer: str) -> dict[str, Progress]:
        """reply id -> Progress for every reply (no text is read; the review tables are
        scanned once, then kept up to date reply by reply).

        Progress is immutable, so the replies nobody reviewed share one object per count
        of suggestions."""
        self._ensure_scan(reviewer)
        mine = self._scans.progress.get(reviewer, {})
        out: dict[str, Progress] = {}
        untouched: dict[int, Progress] = {}
        for row in self._summary_rows():
            rid = row[0]
            p = mine.get(rid)
            if p is None:
                n = len(row[11]) if row[11] is not None else int(self._summary_doc(rid).get("n_suggestions") or 0)
                p = untouched.get(n)
                if p is None:
                    p = untouched[n] = Progress(0, n, ReviewState.UNREVIEWED)
            out[rid] = p
        return out

    def reviewers_progress(self) -> dict[str, dict[str, Progress]]:
        """reply id -> {reviewer: Progress} for each reviewer who touched the reply (rated,
        noted or assessed something)."""
        self._ensure_scan()
        return {rid: dict(p) for rid, p in (self._scans.others or {}).items()}

    def changed_after_rating(self, reviewer: str) -> set[str]:
        """Ids of the replies where a rating of `reviewer`'s was given to a text that has
        changed since (a re-import; SuggestionReview.changed)."""
        self._ensure_scan(reviewer)
        return set(self._scans.changed.get(reviewer, set()))

    def progress_of(self, reviewer: str, reply_id: str) -> Progress:
        """One reply's entry of `progress(reviewer)` (the inbox asks for the rows it shows first)."""
        mine = self._scans.progress.get(reviewer)
        if mine is not None:
            p = mine.get(reply_id)
            if p is not None:
                return p
        ranges = self._head_ranges.get(reply_id)
        if ranges is None:
            ranges = self._summary_doc(reply_id).get("ranges")
        table = self._raw_table(reply_id)
        layout = any(d.get("type") == "layout" for d in table.values())
        if layout or reply_id not in self._head_ranges:
            ranges = self._ranges(reply_id)
        return progress_of(ranges, table, reviewer, {})

    # ---------------------------------------------------------------- maintenance
    # In store.maintenance, imported when called: it imports this module (ReviewStore).
    def check(self) -> dict[str, Any]:
        """Verify the database: counts, orphan files and tables, and problems found."""
        from store import maintenance

        return maintenance.check(self)

    def backup(self) -> list[Path]:
        """Fold the journal into the shards and keep that state as a backup now."""
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
def _anchors(ranges: list[list[int]]) -> list[str]:
    from store.anchors import anchors_of

    return anchors_of(ranges)


# How summary_values() reads each ReplySummary field from a summary row (store.summary.FIELDS).
_AT = {name: i for i, name in enumerate(summary.FIELDS)}
_SUMMARY_FIELDS: dict[str, str] = {
    "id": f"row[{_AT['id']}]",
    "doc_no": f"row[{_AT['doc_no']}]",
    "proposal_no": f"row[{_AT['proposal_no']}]",
    "kind": f"(row[{_AT['kind']}] or 'reply')",
    "title": f"row[{_AT['title']}]",
    "proposers": f"tuple(row[{_AT['proposers']}] or ())",
    "handler": f"row[{_AT['handler']}]",
    "date": f"row[{_AT['date']}]",
    "declared_result": f"row[{_AT['declared_result']}]",
    "n_suggestions": f"(len(row[{_AT['ranges']}]) if row[{_AT['ranges']}] is not None else 0)",
    "content_hash": f"(row[{_AT['content_hash']}] or '')",
    "source_name": f"row[{_AT['source_name']}]",
    "ranges": f"row[{_AT['ranges']}]",  # the parsed suggestions' line ranges (None: not kept)
}
_ROW_FIELDS = ("id", "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "date", "declared_result",
               "n_suggestions", "content_hash", "source_name")
_GETTERS: dict[tuple[str, ...], Callable[[list], tuple]] = {}


def _summary_getter(fields: tuple[str, ...]) -> Callable[[list], tuple]:
    """One function that reads `fields` from a summary row into a tuple: a single call per
    reply instead of one per field (100,000 replies x 9 fields)."""
    getter = _GETTERS.get(fields)
    if getter is None:
        parts = "".join(_SUMMARY_FIELDS[name] + ", " for name in fields)  # only the fixed expressions above
        namespace: dict[str, Any] = {"tuple": tuple, "len": len}
        exec(f"def getter(row):\n    return ({parts})\n", namespace)  # noqa: S102
        getter = _GETTERS[fields] = namespace["getter"]
    return getter


def _change_from_doc(doc: dict[str, Any], reply_id: str = "", seq: int = 0) -> Change:
    from store.review_writes import change_values

    before, after = change_values(doc)
    return Change(
        seq=doc.get("seq", seq),
        time=doc.get("time", ""),
        reviewer=doc.get("reviewer", ""),
        reply_id=doc.get("reply_id", reply_id),
        action=doc.get("action", ""),
        index=doc.get("index"),
        before=before,
        after=after,
    )


def check_database(path) -> dict[str, Any]:
    """`db check` without the writer lock: a report even when the database cannot be opened."""
    from store import maintenance

    return maintenance.check_database(path)


__all__ = ["INDEX_PART", "META_TABLE", "REVIEWS", "HISTORY", "SCHEMA_VERSION", "ReviewStore", "check_database",
           "compute_reply_id", "doc_no_key", "meta_version"]
