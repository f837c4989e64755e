"""JournalStorage: a TinyDB Storage whose writes are one fsynced journal line each.

TinyDB hands its storage the whole database on every write. Rewriting a file of 10,000
reply tables per rating costs seconds, so this storage keeps the data in memory and, per
write, appends one line holding only the table(s) that changed, then fsyncs. A rating
therefore costs one small append whatever the size of the database.

A table that only grows (a reply's change history, `h:<id>`) is not written whole:
`append()` adds one document, and the line carries that document alone, so a line's size
does not grow with the history behind it. History tables are also kept out of the
snapshot that every open parses: they live in a file of their own, read only when
someone asks for history (`history_table()`) or at the first compaction.

Files (in the database folder):
  reviews.json     the snapshot of every other table: a TinyDB document {table: {doc_id: doc}},
                   replaced atomically
  history.json     the snapshot of the history tables (same shape), replaced atomically at
                   compaction; not read at open
  reviews.journal  one line per write since the snapshots:
                   `<crc32 as 8 hex digits> {"tables": {name: table or null},
                                             "append": {name: {doc_id: doc}}}\\n`
                   ("append" only when documents were appended)

Reading: reviews.json is loaded and the journal replayed in order: a line's whole tables
replace (or, for null, remove) those tables, and its appended documents are kept in
memory as *pending history* (added to their tables under their ids). history.json is
loaded lazily; pending history is merged into it then (and written with it at the next
compaction). Adding a document under an id it already has changes nothing, so replaying a
line over snapshots that already contain it changes nothing (a crash between writing the
new snapshots and emptying the journal is harmless). A last line that is unterminated or
fails its checksum was never acknowledged (the process died inside the append) and is
dropped; a bad line followed by good ones is damage, and the storage refuses to open
rather than guess.

A reviews.json written before history.json existed holds the history tables itself: they
are taken out at load as pending history, and the next compaction (done at open by a
writer: `needs_compaction()`) moves them to history.json.

Which table changed: the store calls `expect_table(name)` (or wraps several writes in
`transaction(*names)`, which also rolls memory back if the append fails); without that,
the storage compares table identities, since TinyDB builds a new dict for every table
it writes. Appended documents bypass TinyDB: `append(name, doc)`, inside a transaction
or as a line of its own; read them with `history_table(name)`.
"""

from __future__ import annotations

import json
import os
import zlib
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from store import backups
from store.atomic import atomic_write, dumps
from store.errors import NotSavedError, StoreError

SNAPSHOT = "reviews.json"
HISTORY = "history.json"
JOURNAL = "reviews.journal"
HISTORY_PREFIX = "h:"  # tables named so live in history.json and are written by append()

# Compact on open beyond these; replaying 20,000 lines takes ~0.1 s.
COMPACT_BYTES = 4 * 1024 * 1024
COMPACT_LINES = 20_000
# Compact during a session beyond this, so a very long session does not grow the
# journal (and the next start-up) without bound.
COMPACT_BYTES_IN_SESSION = 32 * 1024 * 1024


def is_history(name: str) -> bool:
    return name.startswith(HISTORY_PREFIX)


def encode_line(tables: dict[str, Any], append: dict[str, dict[str, Any]] | None = None) -> bytes:
    entry: dict[str, Any] = {"tables": tables}
    if append:
        entry["append"] = append
    payload = dumps(entry)
    return b"%08x " % (zlib.crc32(payload) & 0xFFFFFFFF) + payload + b"\n"


def _decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry of a journal line, {"tables": ..., "append": ...}, or None if the line is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload) & 0xFFFFFFFF:
            return None
        entry = json.loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    tables = entry.get("tables") if isinstance(entry, dict) else None
    if not isinstance(tables, dict):
        return None
    append = entry.get("append", {})
    try:
        backups.check_tables({k: v for k, v in tables.items() if v is not None})
        backups.check_appended(append)
    except backups.Problem:
        return None
    return {"tables": tables, "append": append}


def apply_entry(data: dict[str, Any], entry: dict[str, Any], history: dict[str, Any] | None = None) -> None:
    """Apply one decoded journal line: whole tables to `data`, then appended documents to
    `history` (to `data` when `history` is None).

    Adding a document under the id it already has changes nothing, so a line applies
    harmlessly over snapshots that already hold it.
    """
    for name, table in entry["tables"].items():
        if table is None:
            data.pop(name, None)
        else:
            data[name] = table
    target = data if history is None else history
    for name, docs in entry["append"].items():
        target.setdefault(name, {}).update(docs)


def split_history(data: dict[str, Any]) -> dict[str, Any]:
    """Take the history tables out of `data` (a snapshot from before history.json) and return them."""
    return {name: data.pop(name) for name in [n for n in data if is_history(n)]}


def merge_history(into: dict[str, Any], docs: dict[str, Any]) -> None:
    for name, table in docs.items():
        into.setdefault(name, {}).update(table)


def read_tables(path: Path, db_path: Path, kind: str) -> dict[str, Any]:
    """A TinyDB JSON file's tables ({} when it does not exist); CorruptError names it and its newest good backup."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
    try:
        return backups.parse_tables(raw)
    except backups.Problem as exc:
        raise backups.corrupt(db_path, path, str(exc), kind) from None


class JournalStorage(Storage):
    """Snapshot + journal storage for the reviews database (see the module docstring)."""

    def __init__(self, db_path: str | os.PathLike[str], *, readonly: bool = False, keep_backups: int = 5):
        super().__init__()
        self.db_path = Path(db_path)
        self.snapshot_path = self.db_path / SNAPSHOT
        self.history_path = self.db_path / HISTORY
        self.journal_path = self.db_path / JOURNAL
        self.readonly = readonly
        self.keep_backups = keep_backups
        self.last_saved: datetime | None = None
        self._data: dict[str, dict[str, Any]] = {}
        # History tables: `_history` is history.json (plus everything since) once loaded;
        # until then new and replayed documents wait in `_pending`.
        self._history: dict[str, dict[str, Any]] | None = None
        self._pending: dict[str, dict[str, Any]] = {}
        self._history_dirty = False  # `_history` holds documents history.json lacks
        self._legacy_history = False  # reviews.json held history tables (to move out)
        self._refs: dict[str, Any] = {}  # table objects as last journaled (identity diff)
        self._expected: set[str] = set()
        self._txn: dict[str, bytes | None] | None = None  # table -> JSON before the transaction
        self._txn_written = False
        self._txn_appended: list[tuple[str, str, bool]] = []  # (table, doc id, table created)
        self._fd: int | None = None
        self._good_size = 0  # journal bytes known to be whole lines
        self.journal_lines = 0
        self.dropped_tail = False
        self._load()
        if not readonly:
            self._open_journal()

    # -- loading -----------------------------------------------------------------------
    def _load(self) -> None:
        self._data = read_tables(self.snapshot_path, self.db_path, "reviews")
        self._pending = split_history(self._data)
        self._legacy_history = bool(self._pending)
        self._check_history_file()
        self._good_size, self.journal_lines, self.dropped_tail = replay(
            self.journal_path, self._data, self.db_path, self._pending
        )
        self._refs = dict(self._data)

    def _check_history_file(self) -> None:
        """A quick look at history.json (not parsed at open): refuse one that is empty or cut
        short, as a damaged reviews.json is refused. Damage inside it shows when it is read."""
        try:
            with open(self.history_path, "rb") as f:
                head = f.read(1)
                size = f.seek(0, os.SEEK_END)
                f.seek(max(0, size - 64))
                tail = f.read().rstrip()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"{self.history_path}: cannot read ({exc.strerror}); check its permissions") from exc
        if not size:
            problem = "the file is empty (0 bytes)"
        elif head != b"{" or not tail.endswith(b"}"):
            problem = "not valid JSON at the end (truncated?)" if head == b"{" else "not valid JSON at line 1 column 1"
        else:
            return
        raise backups.corrupt(self.db_path, self.history_path, problem, "history")

    def _open_journal(self) -> None:
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if os.fstat(fd).st_size != self._good_size:
                # Cut the unacknowledged tail now: a line appended after it would turn the
                # torn tail into damage in the middle of the journal.
                os.ftruncate(fd, self._good_size)
                os.fsync(fd)
        except OSError as exc:
            raise StoreError(
                f"{self.journal_path}: cannot open for writing ({exc.strerror}); "
                "check the folder's permissions or open with --readonly"
            ) from exc
        self._fd = fd

    def load_history(self) -> dict[str, dict[str, Any]]:
        """Every history table (history.json + pending), loading history.json on first use."""
        if self._history is None:
            history = read_tables(self.history_path, self.db_path, "history")
            self._history_dirty = bool(self._pending)
            merge_history(history, self._pending)
            self._history, self._pending = history, {}
        return self._history

    @property
    def history_loaded(self) -> bool:
        return self._history is not None

    def last_known_id(self, name: str) -> int:
        """The largest document id of history table `name` in memory (pending or loaded), 0 if none;
        does not load history.json."""
        tables = self._pending if self._history is None else self._history
        return max(map(int, tables.get(name, ())), default=0)

    def history_table(self, name: str) -> dict[str, Any]:
        """One history table (loads history.json on first use; treat it as read-only)."""
        return self.load_history().get(name, {})

    # -- the Storage interface -----------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]]:
        # TinyDB replaces the changed table inside this very dict, then calls write();
        # handing out the live dict keeps a write O(size of the changed table).
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        if data is not self._data:  # drop_tables() writes a fresh dict
            self._data = data
        if self._txn is not None:
            # The transaction declared its tables; comparing all of them here would make
            # every write O(number of tables).
            self._txn_written = True
            return
        names = self._expected or self._changed_names()
        self._expected = set()
        if names:
            self._append(names)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    # -- what the store uses -------------------------------------------------------------
    def expect_table(self, name: str) -> None:
        """The next write() changes table `name` (saves comparing every table)."""
        self._expected.add(name)

    def append(self, name: str, doc: dict[str, Any], doc_id: str | None = None) -> str:
        """Add `doc` to history table `name` under `doc_id` (default: a new id), returned;
        the line carries `doc` alone.

        For tables that only grow (a reply's change history): the cost of the line does
        not depend on what the table already holds. Give `doc_id` (digits, new to the
        table) to spare loading history.json for the next free id. Inside `transaction()`
        the document joins the transaction's line (and goes again if it fails); outside,
        it is a line of its own.
        """
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        if not is_history(name):
            raise ValueError(f"append() is for history tables ({HISTORY_PREFIX}...), not {name!r}")
        if doc_id is None:
            doc_id = str(max(map(int, self.history_table(name)), default=0) + 1)
        tables = self._pending if self._history is None else self._history
        table = tables.get(name)
        created = table is None
        if table is None:
            table = tables[name] = {}
        table[doc_id] = doc
        if self._txn is not None:
            self._txn_appended.append((name, doc_id, created))
            return doc_id
        try:
            self._append(set(), {name: {doc_id: doc}})
        except BaseException:
            self._drop_appended([(name, doc_id, created)])
            raise
        return doc_id

    @contextmanager
    def transaction(self, *names: str) -> Iterator[None]:
        """Several TinyDB writes to `names`, and any `append()`s, become one journal line, or nothing.

        If the body or the append fails, the tables are put back as they were (appended
        documents removed), so memory still equals the disk, and the error propagates.
        """
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        if self._txn is not None:
            raise RuntimeError("transactions do not nest")
        before = {n: (dumps(self._data[n]) if n in self._data else None) for n in names}
        self._txn, self._txn_written, self._txn_appended = before, False, []
        try:
            yield
            self._txn = None
            if self._txn_written or self._txn_appended:
                appended: dict[str, dict[str, Any]] = {}
                for name, doc_id, _ in self._txn_appended:
                    appended.setdefault(name, {})[doc_id] = self._history_docs(name)[doc_id]
                # A declared table that neither existed nor exists now need not be in the line.
                written = {n for n in names if n in self._data or before[n] is not None} if self._txn_written else set()
                self._append(written, appended)
        except BaseException:
            self._txn = None
            for n, raw in before.items():
                if raw is None:
                    self._data.pop(n, None)
                else:
                    self._data[n] = json.loads(raw)
                self._refs[n] = self._data.get(n)
            self._drop_appended(self._txn_appended)
            raise
        finally:
            self._txn_appended = []

    @property
    def journal_size(self) -> int:
        return self._good_size

    def needs_compaction(self, *, in_session: bool = False) -> bool:
        if in_session:
            return self._good_size > COMPACT_BYTES_IN_SESSION
        return self._good_size > COMPACT_BYTES or self.journal_lines > COMPACT_LINES or self._legacy_history

    def compact(self) -> None:
        """Write the snapshots atomically (after backing up the old ones), then empty the journal.

        The order keeps every crash harmless:
          1. history.json, if history was appended to (history.json + pending history; this
             loads history.json, and a damaged one stops the compaction here, before
             anything is written: the journal still holds every change);
          2. reviews.json, without history tables;
          3. the journal is emptied.
        A crash after 1 leaves the old reviews.json and the whole journal: replaying it puts
        the same documents under the same ids into history that history.json already holds
        (nothing changes) and the tables back where they were. A crash after 2 replays the
        journal over the new reviews.json: each table ends as its last line wrote it, which
        is what the snapshot holds. Writing reviews.json first would lose the history
        tables of a reviews.json from before history.json (they are in no journal line).
        Afterwards history is dropped from memory again (it is only needed to look at history).
        """
        if self.readonly or self._fd is None:
            return
        if self._pending or self._history_dirty or self._legacy_history:
            history = self.load_history()
            if self.history_path.exists():
                backups.take(self.db_path, self.history_path, "history", self.keep_backups)
            atomic_write(self.history_path, dumps(history))
            self._history_dirty = False
        if self.snapshot_path.exists():
            backups.take(self.db_path, self.snapshot_path, "reviews", self.keep_backups)
        atomic_write(self.snapshot_path, dumps(self._data))
        self._legacy_history = False
        self._history = None  # its documents are all in history.json now
        try:
            os.ftruncate(self._fd, 0)
            os.fsync(self._fd)
        except OSError as exc:
            # The snapshots already hold everything; a journal left behind replays harmlessly.
            raise NotSavedError(
                f"{self.journal_path}: could not be emptied after compaction ({exc.strerror}); "
                "nothing is lost, it will be replayed on the next start"
            ) from exc
        self._good_size = 0
        self.journal_lines = 0

    # -- internals -----------------------------------------------------------------------
    def _history_docs(self, name: str) -> dict[str, Any]:
        tables = self._pending if self._history is None else self._history
        return tables[name]

    def _changed_names(self) -> set[str]:
        data, refs = self._data, self._refs
        changed = {n for n, t in data.items() if refs.get(n) is not t}
        changed.update(n for n in refs if n not in data)
        return changed

    def _drop_appended(self, appended: list[tuple[str, str, bool]]) -> None:
        """Take back documents added by append() whose line was not written."""
        tables = self._pending if self._history is None else self._history
        for name, doc_id, created in reversed(appended):
            table = tables.get(name)
            if table is None:
                continue
            table.pop(doc_id, None)
            if created and not table:
                del tables[name]

    def _append(self, names: set[str], appended: dict[str, dict[str, Any]] | None = None) -> None:
        if self._fd is None:
            raise StoreError(f"{self.db_path}: the database is closed; nothing was changed")
        line = encode_line({n: self._data.get(n) for n in sorted(names)}, appended)
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            # Memory is put back by the caller's transaction(); a bare write() cannot be
            # undone here because TinyDB updates documents in place.
            self._cut_tail()
            raise NotSavedError(
                f"{self.journal_path}: change not saved ({exc.strerror or exc}); the saved data is intact - "
                "free some disk space or check the folder's permissions, then try again"
            ) from exc
        self._good_size += len(line)
        self.journal_lines += 1
        if appended and self._history is not None:
            self._history_dirty = True
        for n in names:
            self._refs[n] = self._data.get(n)
        self.last_saved = datetime.now()

    def _cut_tail(self) -> None:
        """Remove a partly written line so that later appends follow whole lines only."""
        try:
            os.ftruncate(self._fd, self._good_size)
        except OSError:
            pass  # if even this fails, the next open drops the torn last line


def replay(
    journal_path: Path, data: dict[str, Any], db_path: Path, history: dict[str, Any] | None = None
) -> tuple[int, int, bool]:
    """Apply the journal to `data` (appended documents to `history`, or to `data` without it);
    return (bytes of whole lines, lines, torn tail dropped)."""
    try:
        raw = journal_path.read_bytes()
    except FileNotFoundError:
        return 0, 0, False
    except OSError as exc:
        raise StoreError(f"{journal_path}: cannot read ({exc.strerror}); check its permissions") from exc
    lines = raw.split(b"\n")
    # split() leaves b"" after a final newline; anything else there is an unterminated line.
    tail = lines.pop()
    good_size = 0
    count = 0
    for number, line in enumerate(lines, start=1):
        entry = _decode_line(line)
        if entry is None:
            if number == len(lines) and not tail:
                # The last line, complete but failing its checksum: an append that was
                # never acknowledged.
                return good_size, count, True
            raise backups.corrupt(
                db_path,
                journal_path,
                f"line {number} of {len(lines)} is damaged (checksum or JSON)",
                "reviews",
            )
        apply_entry(data, entry, history)
        good_size += len(line) + 1
        count += 1
    return good_size, count, bool(tail)
