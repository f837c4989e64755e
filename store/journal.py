"""JournalStorage: a TinyDB Storage whose writes are one fsynced journal line each.

TinyDB hands its storage the whole database on every write. This storage hands TinyDB a
dict of tables that loads a table from its shard the first time it is asked for
(`LazyTables`): a command that rates one reply reads one reply's table out of one shard
(store.shards), never the others. Per write it appends one line holding only the
table(s) that changed, then fsyncs: a rating costs one small append whatever the size
of the database.

A table that only grows (a reply's change history, `h:<id>`) is not written whole:
`append()` adds one document, and the line carries that document alone, so a line's size
does not grow with the history behind it.

Files (in the database folder):
  reviews/<pp>, changes/<pp>, reviews/_meta  shards (store.shards), named by the manifest
  reviews.journal  a first line naming the journal (its id is in the manifest), then one
                   line per write since the journal was started:
                   `<crc32 as 8 hex digits> {"tables": {name: table or null},
                                             "append": {name: {doc_id: doc}},
                                             "index": {reply_id: index entry}}\\n`
                   ("append" / "index" only when there are some)

One line is one transaction: a rating with its note, an assessment, a re-imported reply's
moved ratings with its new index entry, a whole ratings file, or an import batch's
index entries (`transaction()` calls nest: the outermost writes the line).

Reading: the journal is replayed in order at open: a line's whole tables replace (or,
for null, remove) those tables, its appended documents are kept as pending history
(added to their tables under their ids when history is read), and its index entries
go to the store's index (`on_index`). Tables the journal does not name are read from
their shard when first asked for. Replaying a line over shards that already hold it
changes nothing: whole tables replace, documents go in under their own ids.

The journal's changes are folded into the shards a few prefixes at a time, and the
journal is started again once every shard holds all of it (store.fold).

Damage: an unterminated last line is an append that never finished (the process died
inside it; it was never acknowledged): it is ignored, and the next writer keeps its bytes
in `backups/reviews.journal.torn-<time>` before cutting it off. A complete line that
fails its checksum, or a last line whose only fault is its end-of-line byte, is damage
of an acknowledged change: every open refuses (CorruptError naming the line and `db
restore`), and nothing truncates it; restore keeps every line that passes its checksum.

Other processes may write between this one's writes (store.lock): `read_new_lines()`
reads the lines they appended since.
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
from store.shards import META, part_of_table

JOURNAL = "reviews.journal"
HISTORY_PREFIX = "h:"  # tables named so are written by append() and live in changes/ shards
INDEX_PART = "index"  # the fold mark of the index entries (store.fold)


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
    """Apply one decoded journal line to plain dicts: whole tables to `data`, then appended
    documents to `history` (to `data` when `history` is None). A header line changes nothing."""
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
    ends: list[int] = field(default_factory=list)  # the byte each entry's line ends at
    good_size: int = 0  # bytes of the whole, good lines (header included)
    torn: bytes = b""  # an unterminated last line (an append that never finished)
    damaged: list[int] = field(default_factory=list)  # line numbers (1-based) failing their checksum
    total: int = 0  # complete lines


def parse_lines(raw: bytes, *, start_line: int = 1, offset: int = 0) -> Lines:
    """Split journal bytes into entries; damaged lines are listed (not raised)."""
    out = Lines()
    parts = raw.split(b"\n")
    tail = parts.pop()  # b"" after a final newline
    out.total = len(parts)
    at = 0
    for number, line in enumerate(parts, start=start_line):
        entry = _decode_line(line)
        at += len(line) + 1
        if entry is None:
            out.damaged.append(number)
        elif "journal" in entry:
            if number == 1:
                out.journal_id = entry["journal"]
            else:
                out.damaged.append(number)  # a first line in the middle: not ours
        else:
            out.entries.append(entry)
            out.ends.append(offset + at)
        if not out.damaged:
            out.good_size = at
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


class LazyTables(dict):
    """The tables TinyDB sees: a table is read from its shard (`loader(name)`, None when it
    does not exist) the first time it is asked for, and kept. Tables the journal removed
    are known to be absent."""

    def __init__(self, loader: Callable[[str], dict[str, Any] | None] | None = None):
        super().__init__()
        self._loader = loader
        self.absent: set[str] = set()

    def __missing__(self, name: str) -> dict[str, Any]:
        if name in self.absent or self._loader is None:
            raise KeyError(name)
        table = self._loader(name)
        if table is None:
            self.absent.add(name)
            raise KeyError(name)
        dict.__setitem__(self, name, table)
        return table

    def __setitem__(self, name: str, table: dict[str, Any]) -> None:
        self.absent.discard(name)
        dict.__setitem__(self, name, table)

    def load(self, name: str) -> dict[str, Any] | None:
        try:
            return self[name]
        except KeyError:
            return None

    def remove(self, name: str) -> None:
        """The table no longer exists (a journal line removed it)."""
        dict.pop(self, name, None)
        self.absent.add(name)

    def forget(self, name: str) -> None:
        """Read the table from its shard again when next asked for."""
        dict.pop(self, name, None)
        self.absent.discard(name)


class JournalStorage(Storage):
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
        self._data = LazyTables(self.loader)
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

    def _load(self) -> None:
        refuse_symlink(self.journal_path)
        self._reset()
        raw_journal = self._read_journal()
        lines = parse_lines(raw_journal or b"")
        if lines.damaged:
            raise self.folder.corrupt(JOURNAL, damage_message(lines))
        if self.check_id:
            self.folder.check_journal_id(lines.journal_id if raw_journal is not None else None)
        self.journal_id = lines.journal_id
        self.entries_read = lines.entries  # (kept for an upgrade, which carries them over)
        if self.base is not None:
            tables, history = self.base
            for name, table in tables.items():
                dict.__setitem__(self._data, name, table)
            for name, docs in history.items():
                self.pending.setdefault(name, {}).update(docs)
        marks = self._marks()
        for entry, end in zip(lines.entries, lines.ends):
            self._apply(entry, end, marks)
        self._good_size = lines.good_size
        self.journal_lines = len(lines.entries)
        self.torn_tail = lines.torn

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

    def _marks(self) -> dict[str, int]:
        """The manifest's fold marks for this journal: lines up to them are in the shards."""
        manifest = self.folder.manifest
        if manifest is None or self.base is not None:  # an older release's files: no shards to skip to
            return {}
        return manifest.marks_for(self.journal_id)

    def _apply(self, entry: dict[str, Any], end: int, marks: dict[str, int]) -> None:
        """Replay one line: what its shards do not hold yet (by the fold marks)."""
        data = self._data
        touched = self.touched
        for name, table in entry["tables"].items():
            part = part_of_table(name)
            if end <= marks.get(part, 0):
                continue
            if table is None:
                data.remove(name)
            else:
                data[name] = table
            self._refs[name] = table
            self.journal_tables.add(name)
            touched[part] = end
        for name, docs in entry["append"].items():
            part = part_of_table(name)
            if end <= marks.get(part, 0):
                continue
            self.pending.setdefault(name, {}).update(docs)
            touched[part] = end
        if entry["index"] and end > marks.get(INDEX_PART, 0):
            self.index_overlay.update(entry["index"])
            touched[INDEX_PART] = end
            if self.on_index is not None:
                self.on_index(entry["index"])

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

    def started_again(self, journal_id: str, header: bytes) -> None:
        """The journal was replaced by a new one holding only `header` (store.fold): every
        change so far is in the shards."""
        data = self._data
        self._reset()
        self._data = data  # the tables read so far are what the shards hold now
        self.journal_id = journal_id
        self._good_size = len(header)
        if not self.readonly:
            try:
                self.open_for_writing()
            except StoreError as exc:
                raise NotSavedError(f"{exc}; nothing is lost, it will be read again on the next start") from exc

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
        lines = parse_lines(raw, start_line=first, offset=self._good_size)
        if lines.damaged:
            raise self.folder.corrupt(JOURNAL, damage_message(lines, first))
        changed: set[str] = set()
        for entry, end in zip(lines.entries, lines.ends):
            # Every line, even one another process has folded since: a table this store
            # holds from an earlier line must take its newer value (whole tables replace).
            self._apply(entry, end, {})
            changed.update(entry["tables"])
            changed.update(entry["append"])
            changed.update("index:" + rid for rid in entry["index"])
        self._good_size += lines.good_size
        self.journal_lines += len(lines.entries)
        return changed

    def reload(self) -> None:
        """Read the journal again from its start (it was started again elsewhere)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._load()
        if not self.readonly:
            self.open_for_writing()

    def forget_tables(self, names) -> None:
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
        return max(map(int, self.pending.get(name, ())), default=0)

    def history_table(self, name: str) -> dict[str, Any]:
        """One history table: its shard's documents and the journal's (treat it as read-only)."""
        table = dict(self.history_loader(name) or {}) if self.history_loader is not None else {}
        table.update(self.pending.get(name, {}))
        return table

    # -- the Storage interface -----------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]]:
        # TinyDB replaces the changed table inside this very dict, then calls write();
        # handing out the live dict keeps a write O(size of the changed table).
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        if data is not self._data:  # drop_tables() writes a fresh dict
            fresh = LazyTables(self.loader)
            fresh.update(data)
            self._data = fresh
        if self._txn is not None:
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
        the line carries `doc` alone. Inside `transaction()` the document joins the
        transaction's line (and goes again if it fails); outside, it is a line of its own."""
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
        if not is_history(name):
            raise ValueError(f"append() is for history tables ({HISTORY_PREFIX}...), not {name!r}")
        if doc_id is None:
            doc_id = str(max(map(int, self.history_table(name)), default=0) + 1)
        table = self.pending.get(name)
        created = table is None
        if table is None:
            table = self.pending[name] = {}
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
        """Carry the reply's new index entry in the transaction's line (a re-import, an
        import batch: the entries and what goes with them are one change)."""
        if self._txn is None:
            raise RuntimeError("set_index_entry() belongs inside transaction()")
        self._txn_index[reply_id] = entry

    def include(self, *names: str) -> None:
        """Add tables to the open transaction (their state now is what a failure restores)."""
        for n in names:
            if n not in self._txn:
                table = self._data.load(n)
                self._txn[n] = dumps(table) if table is not None else None

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
                    appended.setdefault(name, {})[doc_id] = self.pending[name][doc_id]
                # A declared table that neither existed nor exists now need not be in the line.
                written = ({n for n in before if dict.__contains__(self._data, n) or before[n] is not None}
                           if self._txn_written else set())
                self._append(written, appended, self._txn_index)
        except BaseException:
            self._txn = None
            for n, raw in before.items():
                if raw is None:
                    self._data.remove(n)
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

    def dirty_parts(self, folded: dict[str, int]) -> list[str]:
        """The prefixes (and `_meta`, `index`) whose changes in the journal are not all in
        their shards yet, given the manifest's fold marks; least recently changed first."""
        out = [(end, part) for part, end in self.touched.items() if end > folded.get(part, 0)]
        return [part for _end, part in sorted(out)]

    # -- internals -----------------------------------------------------------------------
    def _changed_names(self) -> set[str]:
        data, refs = self._data, self._refs
        changed = {n for n, t in dict.items(data) if refs.get(n) is not t}
        changed.update(n for n, t in refs.items() if t is not None and not dict.__contains__(data, n))
        return changed

    def _drop_appended(self, appended: list[tuple[str, str, bool]]) -> None:
        """Take back documents added by append() whose line was not written."""
        for name, doc_id, created in reversed(appended):
            table = self.pending.get(name)
            if table is None:
                continue
            table.pop(doc_id, None)
            if created and not table:
                del self.pending[name]

    def _append(self, names: set[str], appended: dict[str, dict[str, Any]] | None = None,
                index: dict[str, dict[str, Any]] | None = None) -> None:
        if self._fd is None:
            if self.readonly:
                raise StoreError(f"{self.db_path}: opened read-only; nothing was changed")
            raise StoreError(f"{self.db_path}: the database is closed; nothing was changed")
        data = self._data
        tables = {n: (dict.get(data, n) if dict.__contains__(data, n) else None) for n in sorted(names)}
        line = encode_line(tables, appended, index)
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
        end = self._good_size
        self.journal_lines += 1
        for n in names:
            self._refs[n] = tables[n]
            self.journal_tables.add(n)
            if tables[n] is None:
                data.remove(n)
            self.touched[part_of_table(n)] = end
        for n in appended or ():
            self.touched[part_of_table(n)] = end
        if index:
            self.index_overlay.update(index)
            self.touched[INDEX_PART] = end
            if self.on_index is not None:
                self.on_index(index)
        self.last_saved = datetime.now()

    def _cut_tail(self) -> None:
        """Remove a partly written line so that later appends follow whole lines only."""
        try:
            os.ftruncate(self._fd, self._good_size)
        except OSError:
            pass  # if even this fails, the next open drops the torn last line


__all__ = ["HISTORY_PREFIX", "INDEX_PART", "JOURNAL", "META", "JournalStorage", "LazyTables", "Lines",
           "apply_entry", "damage_message", "encode_header", "encode_line", "is_history", "merge_history",
           "new_journal_id", "parse_lines", "read_journal_id", "split_history"]
