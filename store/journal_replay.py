"""The journal replayed lazily (a part of cppcc_review.store.journal.JournalStorage).

An open checks every line's CRC and reads the names each line lists (what it changes:
cppcc_review.store.journal_lines), without decoding the lines' JSON. It keeps, per table, the
lines that still matter past the manifest's fold marks:
- a whole table (a review table `r:<id>`, `_meta`): only its newest line — whole tables
  replace, so the value of the journal's end is that line's;
- a history table `h:<id>`: every line appending to it, in order;
- index entries (`#`): decoded at open, in order (they feed the store's index; only
  imports and re-imports write them, and an import folds them at its end).
A line is decoded, its content checked (cppcc_review.store.journal_lines.decode_payload), when
a table it names is first read: a one-reply `rate` decodes the newest `_meta` line, its
reply's newest review line and the lines of its reply's history, not the journal.

A line whose content is damaged (its CRC good) is refused when it is first decoded, with
the one-line error naming the journal and the line (as an open refused it before); what
needs every table forces the lines it reads: a fold the lines of the prefixes it folds,
the app's progress scan every table's newest line, `db check` every line past the marks.
A line that later lines replaced in every table it names, and whose prefix is never
folded before the journal is started again, is only checked by `db check` (and its CRC at
every open).

A line without names (an earlier release's) is decoded at open, as before, and takes part
in the same bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .journal_lines import (
    APPEND_MARK,
    INDEX_PART,
    JOURNAL,
    NOT_IN_JOURNAL,
    LazyTables,
    Lines,
    decode_payload,
)
from .shards import part_of_table

if TYPE_CHECKING:
    from .folder import DatabaseFolder


class JournalReplay:
    # What this part uses of JournalStorage (set by its __init__ and _reset()).
    folder: DatabaseFolder
    on_index: Callable[[dict[str, dict[str, Any]]], None] | None
    _data: LazyTables
    _refs: dict[str, Any]
    pending: dict[str, dict[str, Any]]
    index_overlay: dict[str, dict[str, Any]]
    touched: dict[str, int]
    journal_tables: set[str]
    journal_id: str | None
    journal_lines: int

    def _reset_replay(self) -> None:
        self._line_entries: list[dict[str, Any] | None] = []  # each change line's entry once decoded
        self._line_payloads: list[bytes | None] = []  # each change line's payload until decoded (None: not needed)
        self._line_numbers: list[int] = []  # each change line's number in the file
        self._newest: dict[str, int] = {}  # whole table not read yet -> its newest line
        self._appends: dict[str, list[int]] = {}  # history table -> its lines not merged into `pending` yet
        self.decoded_lines = 0  # lines decoded since the open (each at most once)

    # -- registering lines -------------------------------------------------------------
    def _register(self, lines: Lines, marks: dict[str, int]) -> set[str]:
        """Take in the change lines of `lines` past the fold `marks`, decoding only those
        with index entries or without names; return the names of what they change
        (tables, history tables, `index:<id>`)."""
        changed: set[str] = set()
        data, touched, newest, appends, named = self._data, self.touched, self._newest, self._appends, self.journal_tables
        entries, payloads, numbers = self._line_entries, self._line_payloads, self._line_numbers
        for entry, end, names, payload, number in zip(lines.entries, lines.ends, lines.names, lines.payloads,
                                                      lines.numbers, strict=True):
            at = len(entries)
            index: dict[str, Any] = {}
            if payload is None:  # decoded at open: its names are what it holds
                index = entry["index"]
                items = [(n, False) for n in entry["tables"]] + [(n, True) for n in entry["append"]]
            else:  # (a listed name cannot start with the marks: cppcc_review.store.journal_lines.line_names)
                assert names is not None
                items = [(n[1:], True) if n[0] == APPEND_MARK else (n, False) for n in names]
            live = False
            for name, appended in items:
                part = part_of_table(name)
                if end <= marks.get(part, 0):
                    continue
                live = True
                touched[part] = end
                changed.add(name)
                if appended:
                    appends.setdefault(name, []).append(at)
                    continue
                newest[name] = at
                named.add(name)
                if dict.__contains__(data, name) or name in data.absent:
                    # read already (from its shard or an earlier line): this line's value when next read
                    dict.pop(data, name, None)
                    data.absent.discard(name)
                    self._refs.pop(name, None)
            if index and end > marks.get(INDEX_PART, 0):
                self.index_overlay.update(index)
                touched[INDEX_PART] = end
                changed.update("index:" + rid for rid in index)
                if self.on_index is not None:
                    self.on_index(index)
            entries.append((entry if payload is None else None) if live else None)
            payloads.append(payload if live else None)
            numbers.append(number)
        return changed

    # -- decoding when first read --------------------------------------------------------
    def _entry(self, at: int) -> dict[str, Any]:
        """Change line `at`'s entry, decoded and checked the first time it is asked for."""
        entry = self._line_entries[at]
        if entry is not None:
            return entry
        payload = self._line_payloads[at]
        decoded = decode_payload(payload) if payload is not None else None
        if decoded is None or "tables" not in decoded:
            raise self.folder.corrupt(
                JOURNAL, f"line {self._line_numbers[at]} of {(self.journal_id is not None) + self.journal_lines} is damaged (content, found when "
                         "first read): a change that was saved cannot be read")
        self.decoded_lines += 1
        self._line_entries[at] = decoded
        self._line_payloads[at] = None
        return decoded

    def _table_from_journal(self, name: str) -> Any:
        """Whole table `name` as the journal's newest line naming it holds it (None: that
        line removed it), or NOT_IN_JOURNAL; LazyTables asks this before the shard."""
        at = self._newest.get(name)
        if at is None:
            return NOT_IN_JOURNAL
        table = self._entry(at)["tables"][name]
        del self._newest[name]
        self._refs[name] = table
        return table

    def _history_from_journal(self, name: str) -> None:
        """Merge the journal's documents of history table `name` into `pending`, in order."""
        lines = self._appends.get(name)
        if not lines:
            return
        docs = self.pending.setdefault(name, {})
        for at in lines:
            docs.update(self._entry(at)["append"][name])
        del self._appends[name]

    # -- what needs more than one table ------------------------------------------------
    def force_part(self, part: str) -> None:
        """Decode every line that matters to prefix `part` (or `_meta`): its tables and
        history as the journal's end has them (a fold of that prefix reads them)."""
        for name in [n for n in self._newest if part_of_table(n) == part]:
            self._data.load(name)
        for name in [n for n in self._appends if part_of_table(n) == part]:
            self._history_from_journal(name)

    def force_tables(self) -> None:
        """Every whole table the journal changes, read (a pass over every review table)."""
        for name in list(self._newest):
            self._data.load(name)

    def force_all(self, *, every_line: bool = False) -> None:
        """Every table and history document the journal holds, read; with `every_line`,
        also every line past the fold marks that later lines replaced (`db check`)."""
        self.force_tables()
        for name in list(self._appends):
            self._history_from_journal(name)
        if every_line:
            for at, payload in enumerate(self._line_payloads):
                if payload is not None:
                    self._entry(at)

    def journal_names(self) -> set[str]:
        """The tables and history tables the journal changes (read or not)."""
        return self.journal_tables | self.pending.keys() | self._appends.keys()
