"""Writing the journal (a part of cppcc_review.store.journal.JournalStorage): one fsynced line per write
or transaction, holding only the tables that changed and the documents appended; a torn
tail kept in backups/ and cut off before the next line."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import dumps
from .errors import NotSavedError, StoreError
from .journal_lines import (
    HISTORY_PREFIX,
    INDEX_PART,
    LazyTables,
    encode_line,
    is_history,
)
from .shards import part_of_table


class JournalWriting:
    # What this part uses of JournalStorage (set by its __init__ and _reset()).
    readonly: bool
    db_path: Path
    journal_path: Path
    loader: Callable[[str], dict[str, Any] | None] | None
    on_index: Callable[[dict[str, dict[str, Any]]], None] | None
    last_saved: datetime | None
    _data: LazyTables
    _fd: int | None
    _refs: dict[str, Any]
    _expected: set[str]
    _txn: dict[str, bytes | None] | None  # table -> JSON before the transaction
    _txn_depth: int
    _txn_written: bool
    _txn_appended: list[tuple[str, str, bool]]  # (table, doc id, table created)
    _txn_index: dict[str, dict[str, Any]]
    _good_size: int
    pending: dict[str, dict[str, Any]]
    index_overlay: dict[str, dict[str, Any]]
    touched: dict[str, int]
    journal_tables: set[str]
    journal_lines: int

    _newest: dict[str, int]

    if TYPE_CHECKING:
        def history_table(self, name: str) -> dict[str, Any]: ...
        def _hold_more(self, data: bytes) -> None: ...
        def _history_from_journal(self, name: str) -> None: ...
        def _table_from_journal(self, name: str) -> Any: ...

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed", code="readonly", path=self.db_path)
        if data is not self._data:  # drop_tables() writes a fresh dict
            fresh = LazyTables(self.loader, self._table_from_journal)
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
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed", code="readonly", path=self.db_path)
        if not is_history(name):
            raise ValueError(f"append() is for history tables ({HISTORY_PREFIX}...), not {name!r}")
        self._history_from_journal(name)  # the journal's documents first, in their order
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
        txn = self._txn
        assert txn is not None, "include() belongs inside transaction()"
        for n in names:
            if n not in txn:
                table = self._data.load(n)
                txn[n] = dumps(table) if table is not None else None

    @contextmanager
    def transaction(self, *names: str) -> Iterator[None]:
        """Several TinyDB writes to `names`, and any `append()`s, become one journal line, or nothing.

        A transaction inside another joins it (the outermost writes the line). If the body
        or the append fails, the tables are put back as they were (appended documents
        removed), so memory still equals the disk, and the error propagates.
        """
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed", code="readonly", path=self.db_path)
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

    def commit_tables(self, tables: dict[str, dict[str, Any]], appended: dict[str, dict[str, Any]]) -> None:
        """One line holding `tables` (whole tables, new objects that are not in memory yet)
        and the history documents `appended` ({table: {doc id: doc}}), fsynced; only then do
        the tables become the ones in memory. Memory is not touched before the line is on
        disk, so nothing is put back when it fails and no snapshot is taken first (what
        `transaction()` pays for a change made in place). A mark's write (cppcc_review.store.review_commit).
        Outside a transaction only."""
        if self.readonly:
            raise StoreError(f"{self.db_path}: opened read-only; nothing was changed", code="readonly", path=self.db_path)
        if self._txn is not None:
            raise RuntimeError("commit_tables() is not for inside transaction()")
        added: list[tuple[str, str, bool]] = []
        for name, docs in appended.items():
            if not is_history(name):
                raise ValueError(f"appended documents are for history tables ({HISTORY_PREFIX}...), not {name!r}")
            self._history_from_journal(name)  # the journal's documents first, in their order (as append())
            table = self.pending.get(name)
            if table is None:
                table = self.pending[name] = {}
            for doc_id, doc in docs.items():
                added.append((name, doc_id, not table))
                table[doc_id] = doc
        try:
            self._append(set(tables), appended, new_tables=tables)
        except BaseException:
            self._drop_appended(added)
            raise

    def _append(self, names: set[str], appended: dict[str, dict[str, Any]] | None = None,
                index: dict[str, dict[str, Any]] | None = None, *,
                new_tables: dict[str, dict[str, Any]] | None = None) -> None:
        """`new_tables` (commit_tables): the tables' new values, put in memory once the line is written."""
        if self._fd is None:
            if self.readonly:
                raise StoreError(f"{self.db_path}: opened read-only; nothing was changed", code="readonly", path=self.db_path)
            raise StoreError(f"{self.db_path}: the database is closed; nothing was changed", code="db_closed",
                             path=self.db_path)
        data = self._data
        if new_tables is None:
            tables = {n: (dict.get(data, n) if dict.__contains__(data, n) else None) for n in sorted(names)}
        else:
            tables = {n: new_tables[n] for n in sorted(names)}
        line = encode_line(tables, appended, index)
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            # Memory is put back by the caller's transaction(); a bare write() cannot be
            # undone here because TinyDB updates documents in place.
            self._cut_tail(self._fd)
            raise NotSavedError(
                f"{self.journal_path}: change not saved ({exc.strerror or exc}); the saved data is intact - "
                "free some disk space or check the folder's permissions, then try again",
                code="change_not_saved", path=self.journal_path, reason=exc.strerror or exc,
            ) from exc
        self._good_size += len(line)
        self._hold_more(line)  # (cppcc_review.store.journal.JournalStorage.journal_bytes)
        end = self._good_size
        self.journal_lines += 1
        for n in names:
            self._refs[n] = tables[n]
            self._newest.pop(n, None)  # (read before it was written: not left to read again)
            self.journal_tables.add(n)
            table = tables[n]
            if table is None:
                data.remove(n)
            elif new_tables is not None:
                data[n] = table
            self.touched[part_of_table(n)] = end
        for n in appended or ():
            self.touched[part_of_table(n)] = end
        if index:
            self.index_overlay.update(index)
            self.touched[INDEX_PART] = end
            if self.on_index is not None:
                self.on_index(index)
        self.last_saved = datetime.now()

    def _cut_tail(self, fd: int) -> None:
        """Remove a partly written line so that later appends follow whole lines only."""
        with contextlib.suppress(OSError):  # if even this fails, the next open drops the torn last line
            os.ftruncate(fd, self._good_size)
