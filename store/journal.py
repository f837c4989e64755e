"""JournalStorage: a TinyDB Storage whose writes are one fsynced journal line each.

TinyDB hands its storage the whole database on every write. This storage hands TinyDB a
dict of tables that loads a table from its shard the first time it is asked for
(`LazyTables`): a command that rates one reply reads one reply's table out of one shard
(cppcc_review.store.shards), never the others. Per write it appends one line holding only the
table(s) that changed, then fsyncs: a rating costs one small append whatever the size
of the database.

A table that only grows (a reply's change history, `h:<id>`) is not written whole:
`append()` adds one document, and the line carries that document alone, so a line's size
does not grow with the history behind it.

Files (in the database folder):
  reviews/<pp>, changes/<pp>, reviews/_meta  shards (cppcc_review.store.shards), named by the manifest
  reviews.journal  a first line naming the journal (its id is in the manifest), then one
                   line per write since the journal was started:
                   `<crc32 as 8 hex digits> {"tables": {name: table or null},
                                             "append": {name: {doc_id: doc}},
                                             "index": {reply_id: index entry}}\\n`
                   ("append" / "index" only when there are some)

One line is one transaction: a rating with its note, an assessment, a re-imported reply's
moved ratings with its new index entry, a whole ratings file, or an import batch's
index entries (`transaction()` calls nest: the outermost writes the line).

Reading: the journal is replayed lazily (cppcc_review.store.journal_replay): the open checks
every line's CRC and reads the names each line lists, and a line is decoded when a table
it names is first read: a table's value is its newest line's (whole tables replace, or,
for null, remove), a history table's documents are every line's (added to their tables
under their ids when history is read), index entries go to the store's index at open
(`on_index`). Tables the journal does not name are read from their shard when first
asked for. Replaying a line over shards that already hold it changes nothing: whole
tables replace, documents go in under their own ids.

The journal's changes are folded into the shards a few prefixes at a time, and the
journal is started again once every shard holds all of it (cppcc_review.store.fold).

Damage: an unterminated last line is an append that never finished (the process died
inside it; it was never acknowledged): it is ignored, and the next writer keeps its bytes
in `backups/reviews.journal.torn-<time>` before cutting it off. A complete line that
fails its checksum, or a last line whose only fault is its end-of-line byte, is damage
of an acknowledged change: every open refuses (CorruptError naming the line and `db
restore`), and nothing truncates it; a line whose checksum is good but whose content is
not is refused so when it is first decoded (at open for a line without names); restore
keeps every line that passes its checksum.

Other processes may write between this one's writes (cppcc_review.store.lock): `read_new_lines()`
reads the lines they appended since.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from . import backups
from .atomic import atomic_write, fsync_dir, read_at
from .errors import NotSavedError, StoreError, coded, detail
from .folder import DatabaseFolder
from .journal_held import JournalHeld
from .journal_lines import (  # the line format; importable from here as before
    HISTORY_PREFIX,
    INDEX_PART,
    JOURNAL,
    LazyTables,
    Lines,
    apply_entry,
    damage_message,
    encode_header,
    encode_line,
    is_history,
    merge_history,
    new_journal_id,
    parse_lines,
    read_journal_id,
    split_history,
)
from .journal_replay import JournalReplay
from .journal_write import JournalWriting
from .lock import NOFOLLOW, refuse_symlink
from .shards import META


class JournalStorage(JournalWriting, JournalReplay, JournalHeld, Storage):
    """Shards + journal storage for the reviews database (see the module docstring)."""

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        keep_backups: int = 5,
        folder: DatabaseFolder | None = None,
        on_index: Callable[[dict[str, dict[str, Any]]], None] | None = None,
        loader: Callable[[str], dict[str, Any] | None] | None = None,
        history_loader: Callable[[str], dict[str, Any] | None] | None = None,
        base: tuple[dict[str, Any], dict[str, Any]] | None = None,
        check_id: bool = True,
    ):
        super().__init__()
        self.db_path = Path(db_path)
        self.folder = folder if folder is not None else DatabaseFolder(self.db_path)
        self.journal_path = self.db_path / JOURNAL
        self.readonly = readonly
        self.keep_backups = keep_backups
        self.on_index = on_index
        self.loader = loader
        self.history_loader = history_loader
        self.base = base  # (tables, history) an older release's snapshots hold, under the journal
        self.check_id = check_id  # the journal must be the one the manifest names
        self.last_saved: datetime | None = None
        self._fd: int | None = None
        self._journal_key: tuple[int, int] | None = None  # (dev, ino) of the journal read
        self._load()
        if not readonly and folder is None:
            self.open_for_writing()  # a storage used on its own; a store opens it under its lock

    # -- loading -----------------------------------------------------------------------
    def _reset(self) -> None:
        self._data = LazyTables(self.loader, self._table_from_journal)
        self._reset_replay()
        self.journal_tables: set[str] = set()  # tables whose value comes from the journal
        self.pending: dict[str, dict[str, Any]] = {}  # history documents of the journal's lines
        self.index_overlay: dict[str, dict[str, Any]] = {}  # index entries of the journal's lines
        self.touched: dict[str, int] = {}  # prefix (or _meta, index) -> end of the last line touching it
        self._refs: dict[str, Any] = {}
        self._expected: set[str] = set()
        self._txn: dict[str, bytes | None] | None = None  # table -> JSON before the transaction
        self._txn_depth = 0
        self._txn_written = False
        self._txn_appended: list[tuple[str, str, bool]] = []  # (table, doc id, table created)
        self._txn_index: dict[str, dict[str, Any]] = {}
        self._good_size = 0
        self.journal_id: str | None = None
        self.journal_lines = 0
        self.torn_tail = b""
        self._hold(b"")

    def _load(self) -> None:
        refuse_symlink(self.journal_path)
        self._reset()
        raw_journal = self._read_journal()
        # An older release's files under the journal (`base`): every line decoded, as they are read whole.
        lines = parse_lines(raw_journal or b"", lazy=self.base is None)
        if lines.damaged:
            raise self.folder.corrupt(JOURNAL, damage_message(lines))
        if self.check_id:
            self.folder.check_journal_id(lines.journal_id if raw_journal is not None else None)
        self.journal_id = lines.journal_id
        self.entries_read = lines.entries if self.base is not None else []  # (for an upgrade, which carries them over)
        if self.base is not None:
            tables, history = self.base
            for name, table in tables.items():
                dict.__setitem__(self._data, name, table)
            for name, docs in history.items():
                self.pending.setdefault(name, {}).update(docs)
        self._good_size = lines.good_size
        self.journal_lines = len(lines.entries)
        self._register(lines, self._marks())
        if self.base is not None:
            self.force_all()  # read as a whole (cppcc_review.store.migrate)
        self.torn_tail = lines.torn
        if raw_journal:
            self._hold(raw_journal if len(raw_journal) == lines.good_size else raw_journal[: lines.good_size])

    def _read_journal(self) -> bytes | None:
        try:
            fd = os.open(self.journal_path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            self._journal_key = None
            return None
        except OSError as exc:
            refuse_symlink(self.journal_path)
            raise StoreError(f"{self.journal_path}: cannot read ({exc.strerror}); check its permissions",
                             code="file_unreadable", path=self.journal_path, reason=exc.strerror) from exc
        try:
            st = os.fstat(fd)
            self._journal_key = (st.st_dev, st.st_ino)
            chunks = []
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def _marks(self) -> dict[str, int]:
        """The manifest's fold marks for this journal: lines up to them are in the shards."""
        manifest = self.folder.manifest
        if manifest is None or self.base is not None:  # an older release's files: no shards to skip to
            return {}
        return manifest.marks_for(self.journal_id)

    def open_for_writing(self) -> None:
        """Open the journal for appending (the caller holds the write lock): keep a torn tail's
        bytes aside and cut it, so that a line appended later follows whole lines only."""
        if self.readonly:
            return
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        try:
            if self.journal_id is None and not self.journal_lines and not self.torn_tail:
                # A journal of its own from the first write on (named by the manifest, if any).
                self.journal_id = new_journal_id()
                header = encode_header(self.journal_id)
                if self.folder.manifest is not None:
                    self.folder.commit(journal=(self.journal_id, header), keep_backups=self.keep_backups)
                else:
                    atomic_write(self.journal_path, header)
                self._good_size = len(header)
                self._hold(header)
            fd = os.open(self.journal_path, os.O_RDWR | os.O_APPEND | NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
            st = os.fstat(fd)
            self._journal_key = (st.st_dev, st.st_ino)
            if st.st_size != self._good_size:
                if self.torn_tail and st.st_size > self._good_size:
                    where = backups.folder(self.db_path)
                    if not where.is_dir():
                        where.mkdir(exist_ok=True)
                        fsync_dir(self.db_path)
                    atomic_write(where / f"{JOURNAL}.torn-{backups.stamp()}", read_at(fd, st.st_size, self._good_size))
                os.ftruncate(fd, self._good_size)
                os.fsync(fd)
            self.torn_tail = b""
        except OSError as exc:
            raise StoreError(
                f"{self.journal_path}: cannot open for writing ({exc.strerror}); "
                "check the folder's permissions or open with --readonly",
                code="journal_unwritable", path=self.journal_path, reason=exc.strerror, db=self.db_path,
            ) from exc
        self._fd = fd

    def started_again(self, journal_id: str, header: bytes) -> None:
        """The journal was replaced by a new one holding only `header` (cppcc_review.store.fold): every
        change so far is in the shards."""
        data = self._data
        self._reset()
        self._data = data  # the tables read so far are what the shards hold now
        self.journal_id = journal_id
        self._good_size = len(header)
        self._hold(header)
        if not self.readonly:
            try:
                self.open_for_writing()
            except StoreError as exc:
                raise NotSavedError(f"{exc}; nothing is lost, it will be read again on the next start",
                                    code="not_saved_reopen", error=detail(exc)) from exc

    # -- other processes' writes ---------------------------------------------------------
    def journal_replaced(self) -> bool:
        """Whether the journal file is another one than the one read (started again elsewhere)."""
        try:
            st = os.stat(self.journal_path)
        except FileNotFoundError:
            return self._journal_key is not None
        return (st.st_dev, st.st_ino) != self._journal_key

    def read_new_lines(self) -> set[str]:
        """Apply the lines other processes appended since; return the names of the tables
        they changed (and `index:<id>` for each index entry)."""
        try:
            fd = os.open(self.journal_path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            raise self.folder.corrupt(JOURNAL, coded("missing (deleted while the database was open?)", "detail.journal_gone")) from None
        try:
            size = os.fstat(fd).st_size
            if size < self._good_size:
                raise self.folder.corrupt(JOURNAL, coded("shorter than the lines already read (cut while open?)",
                                                         "detail.journal_shorter"))
            raw = read_at(fd, size - self._good_size, self._good_size) if size > self._good_size else b""
        finally:
            os.close(fd)
        if not raw:
            return set()
        first = (self.journal_id is not None) + self.journal_lines + 1
        lines = parse_lines(raw, start_line=first, offset=self._good_size, lazy=True)
        if lines.damaged:
            raise self.folder.corrupt(JOURNAL, damage_message(lines, first))
        # Every line, even one another process has folded since (no marks): a table this
        # store holds from an earlier line must take its newer value (whole tables replace).
        changed = self._register(lines, {})
        self._good_size += lines.good_size
        self.journal_lines += len(lines.entries)
        self._hold_more(raw if len(raw) == lines.good_size else raw[: lines.good_size])
        return changed

    def reload(self) -> None:
        """Read the journal again from its start (it was started again elsewhere)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._load()
        if not self.readonly:
            self.open_for_writing()

    def forget_tables(self, names: Iterable[str]) -> None:
        """Read these tables from their shards again when next asked for (their shard
        changed), unless the journal gives their value."""
        for name in names:
            if name not in self.journal_tables:
                self._data.forget(name)

    def loaded_tables(self) -> list[str]:
        return list(dict.keys(self._data))

    # -- history -------------------------------------------------------------------------
    def last_known_id(self, name: str) -> int:
        """The largest document id of history table `name` among the journal's documents, 0 if none."""
        self._history_from_journal(name)
        return max(map(int, self.pending.get(name, ())), default=0)

    def history_table(self, name: str) -> dict[str, Any]:
        """One history table: its shard's documents and the journal's (treat it as read-only)."""
        self._history_from_journal(name)
        table = dict(self.history_loader(name) or {}) if self.history_loader is not None else {}
        table.update(self.pending.get(name, {}))
        return table

    # -- the Storage interface -----------------------------------------------------------
    def read(self) -> LazyTables:
        # TinyDB replaces the changed table inside this very dict, then calls write();
        # handing out the live dict keeps a write O(size of the changed table).
        return self._data


__all__ = ["HISTORY_PREFIX", "INDEX_PART", "JOURNAL", "META", "JournalStorage", "LazyTables", "Lines",
           "apply_entry", "damage_message", "encode_header", "encode_line", "is_history", "merge_history",
           "new_journal_id", "parse_lines", "read_journal_id", "split_history"]
