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
  reviews.journal  a first line naming the journal (its id is in the manifest), then one
                   line per write since the snapshots:
                   `<crc32 as 8 hex digits> {"tables": {name: table or null},
                                             "append": {name: {doc_id: doc}},
                                             "index": {reply_id: index entry}}\\n`
                   ("append" / "index" only when there are some)

One line is one transaction: a rating with its note, an assessment, a re-imported reply's
moved ratings with its new index entry, or a whole ratings file (`transaction()` calls
nest: the outermost writes the line).

Reading: reviews.json is loaded and the journal replayed in order: a line's whole tables
replace (or, for null, remove) those tables, its appended documents are kept in memory as
*pending history* (added to their tables under their ids), and its index entries go to
the store's index (`on_index`). history.json is loaded lazily; pending history is merged
into it then. Adding a document under an id it already has changes nothing, so replaying
a line over snapshots that already contain it changes nothing.

Damage: an unterminated last line is an append that never finished (the process died
inside it; it was never acknowledged): it is ignored, and the next writer keeps its bytes
in `backups/reviews.journal.torn-<time>` before cutting it off. A complete line that
fails its checksum, or a last line whose only fault is its end-of-line byte, is damage
of an acknowledged change: every open refuses (CorruptError naming the line and `db
restore`), and nothing truncates it; restore keeps every line that passes its checksum.

Other processes may write between this one's writes (store.lock): `refresh()` reads the
lines they appended since (or reloads everything after a compaction replaced the files).

Which table changed: the store calls `expect_table(name)` (or wraps several writes in
`transaction(*names)`, which also rolls memory back if the append fails); without that,
the storage compares table identities, since TinyDB builds a new dict for every table
it writes. Appended documents bypass TinyDB: `append(name, doc)`, inside a transaction
or as a line of its own; read them with `history_table(name)`.
"""

from __future__ import annotations

import json
import os
import secrets
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from tinydb.storages import Storage

from store import backups, schema
from store.atomic import atomic_write, dumps, fsync_dir
from store.errors import NotSavedError, StoreError
from store.folder import DatabaseFolder
from store.lock import NOFOLLOW, refuse_symlink

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


def _line(entry: dict[str, Any]) -> bytes:
    payload = dumps(entry)
    return b"%08x " % (zlib.crc32(payload) & 0xFFFFFFFF) + payload + b"\n"


def encode_line(
    tables: dict[str, Any],
    append: dict[str, dict[str, Any]] | None = None,
    index: dict[str, dict[str, Any]] | None = None,
) -> bytes:
    entry: dict[str, Any] = {"tables": tables}
    if append:
        entry["append"] = append
    if index:
        entry["index"] = index
    return _line(entry)


def new_journal_id() -> str:
    return secrets.token_hex(8)


def encode_header(journal_id: str) -> bytes:
    """The journal's first line: its id (named by the manifest) and when it was started."""
    return _line({"journal": journal_id, "created": datetime.now().astimezone().isoformat(timespec="seconds")})


def _decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry of a journal line ({"tables", "append", "index"} or {"journal"}), or None if damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload) & 0xFFFFFFFF:
            return None
        entry = json.loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(entry, dict):
        return None
    if "journal" in entry:
        return {"journal": entry["journal"]} if isinstance(entry["journal"], str) else None
    tables = entry.get("tables")
    if not isinstance(tables, dict):
        return None
    append = entry.get("append", {})
    index = entry.get("index", {})
    try:
        backups.check_tables({k: v for k, v in tables.items() if v is not None})
        schema.check_reviews(tables)
        backups.check_appended(append)
        schema.check_history(append)
        backups.check_tables({"replies": index})
        schema.check_index({"replies": index})
        if any(doc.get("id") != rid for rid, doc in index.items()):
            return None
    except backups.Problem:
        return None
    return {"tables": tables, "append": append, "index": index}


def apply_entry(data: dict[str, Any], entry: dict[str, Any], history: dict[str, Any] | None = None) -> None:
    """Apply one decoded journal line: whole tables to `data`, then appended documents to
    `history` (to `data` when `history` is None). A header line changes nothing.

    Adding a document under the id it already has changes nothing, so a line applies
    harmlessly over snapshots that already hold it.
    """
    if "tables" not in entry:
        return
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


def read_journal_id(path: Path) -> str | None:
    """The id in the journal's first line (None: no journal, or no header line)."""
    try:
        with open(path, "rb") as f:
            first = f.readline(4096)
    except OSError:
        return None
    entry = _decode_line(first.rstrip(b"\n")) if first.endswith(b"\n") else None
    return entry.get("journal") if entry else None


@dataclass
class Lines:
    """What a journal's bytes hold: good entries and where each ends, and a torn tail."""

    journal_id: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)  # change lines, in order
    good_size: int = 0  # bytes of the whole, good lines (header included)
    torn: bytes = b""  # an unterminated last line (an append that never finished)
    damaged: list[int] = field(default_factory=list)  # line numbers (1-based) failing their checksum
    total: int = 0  # complete lines


def parse_lines(raw: bytes, *, start_line: int = 1) -> Lines:
    """Split journal bytes into entries; damaged lines are listed (not raised)."""
    out = Lines()
    parts = raw.split(b"\n")
    tail = parts.pop()  # b"" after a final newline
    out.total = len(parts)
    offset = 0
    for number, line in enumerate(parts, start=start_line):
        entry = _decode_line(line)
        if entry is None:
            out.damaged.append(number)
        elif "journal" in entry:
            if number == 1:
                out.journal_id = entry["journal"]
            else:
                out.damaged.append(number)  # a first line in the middle: not ours
        else:
            out.entries.append(entry)
        offset += len(line) + 1
        if not out.damaged:
            out.good_size = offset
    if tail:
        if _decode_line(tail[:-1]) is not None:
            out.damaged.append(start_line + len(parts))  # a whole line whose end-of-line byte was hit
        else:
            out.torn = tail
    return out


def damage_message(lines: Lines, first_line: int = 1) -> str:
    """`line 3 of 10 is damaged ...` (numbers count every line of the file, the first included)."""
    n = len(lines.damaged)
    where = ", ".join(map(str, lines.damaged[:5])) + (" ..." if n > 5 else "")
    last = first_line - 1 + lines.total + bool(lines.torn)
    return (f"line{'s' if n > 1 else ''} {where} of {last} {'are' if n > 1 else 'is'} damaged "
            "(checksum or content): a change that was saved cannot be read")


class JournalStorage(Storage):
    """Snapshot + journal storage for the reviews database (see the module docstring)."""

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        keep_backups: int = 5,
        folder: DatabaseFolder | None = None,
        on_index: Callable[[dict[str, dict[str, Any]]], None] | None = None,
    ):
        super().__init__()
        self.db_path = Path(db_path)
        self.folder = folder if folder is not None else DatabaseFolder(self.db_path)
        self.snapshot_path = self.db_path / SNAPSHOT
        self.history_path = self.db_path / HISTORY
        self.journal_path = self.db_path / JOURNAL
        self.readonly = readonly
        self.keep_backups = keep_backups
        self.on_index = on_index
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
        self._txn_depth = 0
        self._txn_written = False
        self._txn_appended: list[tuple[str, str, bool]] = []  # (table, doc id, table created)
        self._txn_index: dict[str, dict[str, Any]] = {}
        self._fd: int | None = None
        self._journal_key: tuple[int, int] | None = None  # (dev, ino) of the journal read
        self._good_size = 0  # journal bytes known to be whole lines
        self.journal_id: str | None = None
        self.journal_lines = 0
        self.index_overlay: dict[str, dict[str, Any]] = {}  # index entries of this journal's lines
        self.torn_tail = b""
        self._load()
        if not readonly and folder is None:
            self.open_for_writing()  # a storage used on its own; a store opens it under its lock

    # -- loading -----------------------------------------------------------------------
    def _load(self) -> None:
        refuse_symlink(self.journal_path)
        raw = self.folder.read(SNAPSHOT)
        if raw is None:
            data: dict[str, Any] = {}
        else:
            try:
                data = backups.parse_tables(raw)
                if self.folder.manifest is None:
                    # No checksum vouches for it (a database of an older release): check every document.
                    backups.check_kind("reviews", {k: v for k, v in data.items() if not is_history(k)})
            except backups.Problem as exc:
                raise self.folder.corrupt(SNAPSHOT, str(exc)) from None
        self._data = data
        self._pending = split_history(data)
        self._legacy_history = bool(self._pending)
        self._history = None
        self._history_dirty = False
        if self.folder.manifest is not None:
            self.folder.check_size(HISTORY)
        else:
            self._check_history_file()
        self.index_overlay = {}
        raw_journal = self._read_journal()
        lines = parse_lines(raw_journal or b"")
        if lines.damaged:
            raise self.folder.corrupt(JOURNAL, damage_message(lines))
        self.folder.check_journal_id(lines.journal_id if raw_journal is not None else None)
        self.journal_id = lines.journal_id
        for entry in lines.entries:
            self._apply(entry)
        self._good_size = lines.good_size
        self.journal_lines = len(lines.entries)
        self.torn_tail = lines.torn
        self._refs = dict(self._data)

    def _read_journal(self) -> bytes | None:
        try:
            fd = os.open(self.journal_path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            self._journal_key = None
            return None
        except OSError as exc:
            refuse_symlink(self.journal_path)
            raise StoreError(f"{self.journal_path}: cannot read ({exc.strerror}); check its permissions") from exc
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

    def _apply(self, entry: dict[str, Any]) -> None:
        apply_entry(self._data, entry, self._pending if self._history is None else self._history)
        if self._history is not None and entry["append"]:
            self._history_dirty = True
        if entry["index"]:
            self.index_overlay.update(entry["index"])
            if self.on_index is not None:
                self.on_index(entry["index"])

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
                    self.folder.commit({}, journal=(self.journal_id, header), keep_backups=self.keep_backups)
                else:
                    atomic_write(self.journal_path, header)
                self._good_size = len(header)
            fd = os.open(self.journal_path, os.O_RDWR | os.O_APPEND | NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
            st = os.fstat(fd)
            self._journal_key = (st.st_dev, st.st_ino)
            if st.st_size != self._good_size:
                if self.torn_tail and st.st_size > self._good_size:
                    where = backups.folder(self.db_path)
                    if not where.is_dir():
                        where.mkdir(exist_ok=True)
                        fsync_dir(self.db_path)
                    atomic_write(where / f"{JOURNAL}.torn-{backups.stamp()}", os.pread(fd, st.st_size, self._good_size))
                os.ftruncate(fd, self._good_size)
                os.fsync(fd)
            self.torn_tail = b""
        except OSError as exc:
            raise StoreError(
                f"{self.journal_path}: cannot open for writing ({exc.strerror}); "
                "check the folder's permissions or open with --readonly"
            ) from exc
        self._fd = fd

    # -- other processes' writes ---------------------------------------------------------
    def journal_replaced(self) -> bool:
        """Whether the journal file is another one than the one read (a compaction elsewhere)."""
        try:
            st = os.stat(self.journal_path)
        except FileNotFoundError:
            return self._journal_key is not None
        return (st.st_dev, st.st_ino) != self._journal_key

    def read_new_lines(self) -> set[str]:
        """Apply the lines other processes appended since; return the names of the tables they changed."""
        try:
            fd = os.open(self.journal_path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            raise self.folder.corrupt(JOURNAL, "missing (deleted while the database was open?)") from None
        try:
            size = os.fstat(fd).st_size
            if size < self._good_size:
                raise self.folder.corrupt(JOURNAL, "shorter than the lines already read (cut while open?)")
            raw = os.pread(fd, size - self._good_size, self._good_size) if size > self._good_size else b""
        finally:
            os.close(fd)
        if not raw:
            return set()
        first = (self.journal_id is not None) + self.journal_lines + 1
        lines = parse_lines(raw, start_line=first)
        if lines.damaged:
            raise self.folder.corrupt(JOURNAL, damage_message(lines, first))
        changed: set[str] = set()
        for entry in lines.entries:
            self._apply(entry)
            changed.update(entry["tables"])
            changed.update(entry["append"])
        self._good_size += lines.good_size
        self.journal_lines += len(lines.entries)
        for name in changed:
            self._refs[name] = self._data.get(name)
        return changed

    def reload(self) -> None:
        """Read everything again (after another process compacted or restored)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._load()
        if not self.readonly:
            self.open_for_writing()

    def load_history(self) -> dict[str, dict[str, Any]]:
        """Every history table (history.json + pending), loading history.json on first use."""
        if self._history is None:
            raw = self.folder.read(HISTORY)
            try:
                history = backups.parse_kind("history", raw) if raw is not None else {}
            except backups.Problem as exc:
                raise self.folder.corrupt(HISTORY, str(exc)) from None
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

    def set_index_entry(self, reply_id: str, entry: dict[str, Any]) -> None:
        """Carry the reply's new index entry in the transaction's line (a re-import: the
        moved ratings and the entry they belong to are one change)."""
        if self._txn is None:
            raise RuntimeError("set_index_entry() belongs inside transaction()")
        self._txn_index[reply_id] = entry

    def include(self, *names: str) -> None:
        """Add tables to the open transaction (their state now is what a failure restores)."""
        for n in names:
            if n not in self._txn:
                self._txn[n] = dumps(self._data[n]) if n in self._data else None

    @contextmanager
    def transaction(self, *names: str) -> Iterator[None]:
        """Several TinyDB writes to `names`, and any `append()`s, become one journal line, or nothing.

        A transaction inside another joins it (the outermost writes the line). If the body
        or the append fails, the tables are put back as they were (appended documents
        removed), so memory still equals the disk, and the error propagates.
        """
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        if self._txn is not None:
            self.include(*names)
            self._txn_depth += 1
            try:
                yield
            finally:
                self._txn_depth -= 1
            return
        self._txn = {}
        self.include(*names)
        before = self._txn
        self._txn_written, self._txn_appended, self._txn_index, self._txn_depth = False, [], {}, 1
        try:
            yield
            self._txn = None
            if self._txn_written or self._txn_appended or self._txn_index:
                appended: dict[str, dict[str, Any]] = {}
                for name, doc_id, _ in self._txn_appended:
                    appended.setdefault(name, {})[doc_id] = self._history_docs(name)[doc_id]
                # A declared table that neither existed nor exists now need not be in the line.
                written = {n for n in before if n in self._data or before[n] is not None} if self._txn_written else set()
                self._append(written, appended, self._txn_index)
                if self._txn_index:
                    self.index_overlay.update(self._txn_index)
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
            self._txn_appended, self._txn_index, self._txn_depth = [], {}, 0

    @property
    def in_transaction(self) -> bool:
        return self._txn is not None

    @property
    def journal_size(self) -> int:
        return self._good_size

    def needs_compaction(self, *, in_session: bool = False) -> bool:
        if in_session:
            return self._good_size > COMPACT_BYTES_IN_SESSION
        return self._good_size > COMPACT_BYTES or self.journal_lines > COMPACT_LINES or self._legacy_history

    def compact(self, *, files: dict[str, bytes] | None = None, new_backups: list[tuple[str, bytes]] | None = None) -> None:
        """Write the snapshots and start a new journal, keeping the manifest in step
        (store.folder.commit; the caller holds the write lock and has read every line).

        In order, each durable before the next:
          0. backups of the files about to be replaced;
          1. `files` given by the caller (index.json, whose entries so far were only in
             journal lines);
          2. history.json, if history was appended to (history.json + pending history;
             this loads history.json, and a damaged one stops the compaction here, before
             anything is written: the journal still holds every change);
          3. reviews.json, without history tables;
          4. a new journal, holding only its first line.
        A crash after 1, 2 or 3 leaves the old journal: replaying it puts the same documents
        under the same ids into history that history.json already holds (nothing changes)
        and each table back as its last line wrote it, which is what the new snapshot holds.
        Writing reviews.json before history.json would lose the history tables of a
        reviews.json from before history.json (they are in no journal line).
        Afterwards history is dropped from memory again (it is only needed to look at history).
        """
        if self.readonly or self._fd is None:
            return
        files = dict(files or {})
        new_backups = list(new_backups or [])
        if self._pending or self._history_dirty or self._legacy_history:
            history = self.load_history()
            old = self.folder.read(HISTORY)
            if old is not None and self.keep_backups > 0:
                new_backups.append(("history", old))
            files[HISTORY] = dumps(history)
        old = self.folder.read(SNAPSHOT)
        if old is not None and self.keep_backups > 0:
            new_backups.append(("reviews", old))
        files[SNAPSHOT] = dumps(self._data)
        journal_id = new_journal_id()
        header = encode_header(journal_id)
        if self.folder.manifest is not None:
            self.folder.commit(files, journal=(journal_id, header), new_backups=new_backups,
                               keep_backups=self.keep_backups)
        else:  # a storage used on its own (no manifest): the same order, without one
            for name, data in files.items():
                atomic_write(self.db_path / name, data)
            atomic_write(self.journal_path, header)
        self._legacy_history = False
        self._history = None  # its documents are all in history.json now
        self._history_dirty = False
        self.journal_id = journal_id
        self.journal_lines = 0
        self.index_overlay = {}
        self.torn_tail = b""
        self._good_size = len(header)
        try:
            self.open_for_writing()
        except StoreError as exc:
            raise NotSavedError(f"{exc}; nothing is lost, it will be read again on the next start") from exc

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

    def _append(self, names: set[str], appended: dict[str, dict[str, Any]] | None = None,
                index: dict[str, dict[str, Any]] | None = None) -> None:
        if self._fd is None:
            if self.readonly:
                raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
            raise StoreError(f"{self.db_path}: the database is closed; nothing was changed")
        line = encode_line({n: self._data.get(n) for n in sorted(names)}, appended, index)
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
