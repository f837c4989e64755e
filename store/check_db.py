"""`db check`: one read of every file of a database folder (cppcc_review.store.maintenance.check).

What it verifies: the files the manifest names (meta, every shard) against their checksums;
every shard's documents against its kind's schema (cppcc_review.store.schema, through the
whole-shard fast paths of cppcc_review.store.schema_bulk); the summary against the index;
every backup; every reply's text against its index entry's checksum, each pack of texts
whole JSON; the earlier texts of re-imported replies; split / merge layouts against their
texts. It reports counts, orphans, problems (to repair) and notes (worth knowing).

It streams: a shard is read, checked, and reduced to the little the report needs (where
each text is, which replies have reviews and by whom, how many changes) before the next
one is read, so the whole database is never in memory at once (at 100,000 replies the
decoded shards were 1.5 GB). The journal's tables, changes and index entries (already in
memory: the store read them at open) win over the shards', as when the store reads them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
from collections.abc import Iterator
from itertools import chain, compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import backups, reply_packs, schema_bulk, shard_format, shards, summary
from . import check_lines as lines
from .check_lines import backups_gone, unnamed_file_notes
from .database.layout import HISTORY, REVIEWS, SCHEMA_VERSION
from .errors import NotAReply, Problem, StoreError, coded, detail, json_detail
from .log import LOG as _LOG
from .manifest import TRACKED, Manifest, Version, sha256, shard_file, version_problem

if TYPE_CHECKING:  # for the annotations only: cppcc_review.store.db imports this module's user
    from .db import ReviewStore

LOG = _LOG.getChild("check")

# What the texts' check needs of an index entry (the rest is dropped once its shard is checked).
_WHERE = ("pack", "at", "len", "sha256", "content_hash")


class DatabaseCheck:
    """One `db check` pass: what it found so far (problems to repair, notes worth knowing)
    and what it kept of what it read (where each text is, review and history facts)."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store
        self.db = store.path
        self.manifest = store._folder.manifest
        self.problems: list[str] = []
        self.notes: list[str] = []  # worth knowing, nothing to repair
        self.leftovers: set[str] = set()  # files in backups/ cut short: not backups (backup_files)
        self.entries: dict[str, dict[str, Any]] = {}  # reply id -> where its text is (_WHERE)
        self.tables: dict[str, tuple[bool, list[str], list[Any] | None] | None] = {}  # review table -> _review_facts
        self.history: dict[str, tuple[int, list[dict[str, Any]]]] = {}  # history table -> _history_facts
        self.overlay: dict[str, dict[str, Any]] = store._index.overlay  # the journal's index entries
        # Every line of the journal past the fold marks decoded and checked (an open checks
        # their CRC only: cppcc_review.store.journal_replay); a damaged one is refused as an open would.
        store._jstore.force_all(every_line=True)
        self.pending: dict[str, dict[str, Any]] = store._jstore.pending  # the journal's history documents
        self.rows: dict[str, list[Any]] = {}  # the summary's rows by reply id
        self.n_rows = 0
        self.unlike: set[str] = set()  # replies whose summary row is not what their index entry says
        self.index_whole = True
        self.named: set[str] = set()  # reply files and packs something names
        self.texts = 0

    def run(self) -> dict[str, Any]:
        store, db, manifest = self.store, self.db, self.manifest
        if manifest is not None:
            self.problems += _fixed_file_problems(db, manifest)
            verified = self.shard_files(manifest)
            self.backup_files(manifest, verified)
            self.notes += unnamed_file_notes(db, manifest, store._folder.pinned())
            self.journal_part()
            if self.index_whole and not self.summary_in_step(manifest):  # (unread index: not judged)
                self.problems.append(lines.summary_out_of_step(db))
        else:  # an older release's files (read as they are)
            self.entries = {e["id"]: _where(e) for e in store._index.entries()}
            self.tables = {name: _review_facts(name, t) for name, t in dict.items(store._jstore.read())}
            self.history = {name: _history_facts(name, t, ()) for name, t in self.pending.items()}
        files = self.reply_texts()
        n_changes = self.earlier_texts()
        entries = self.entries
        # Replies with reviews, a layout or a history (of a re-import, say), who reviewed.
        review_ids: set[str] = {name[2:] for name in self.history if name.startswith(HISTORY)}
        reviewed: set[str] = set()
        names: set[str] = set()
        layouts: dict[str, Any] = {}
        for name, facts in self.tables.items():
            if facts is None:
                continue
            rid = name[2:]
            review_ids.add(rid)
            has_review, reviewers, layout = facts
            if has_review:
                reviewed.add(rid)
            names.update(reviewers)
            if layout is not None:
                layouts[rid] = layout
        self.layouts(layouts)
        judged = manifest is None or self.index_whole
        found_backups = [str(p) for p in backups.list_manifests(db) if str(p) not in self.leftovers]
        found_backups += [str(p) for kind in backups.KINDS for p in backups.list_backups(db, kind)]
        return {
            "path": str(db),
            "schema_version": SCHEMA_VERSION,
            "replies": len(entries),
            "reply_files": self.texts,
            "reviewed_replies": len(reviewed & set(entries)),
            "reviewers": sorted(names),
            "changes": n_changes,
            "journal_lines": store._jstore.journal_lines,
            "backups": found_backups,
            # reply files or packs no index entry names (a killed import); harmless
            "orphans": sorted(Path(f).stem for f in files - self.named) if judged else [],
            # reviews of replies missing from the index: re-import them
            "orphan_reviews": sorted(review_ids - set(entries)) if judged else [],
            "problems": self.problems,
            "notes": self.notes,
            "ok": not self.problems,
        }

    # -- the files the manifest names ------------------------------------------------------
    def shard_files(self, manifest: Manifest) -> set[str]:
        """Every shard against its checksum and its kind's schema, one at a time; the shard
        files found whole. The summary's rows are read first (the index's entries are
        compared with them as each index shard is read); problems are listed in the order
        of the shards' names."""
        db = self.db
        verified: set[str] = set()  # shard files found whole (backups share most of them)
        found: dict[str, str] = {}
        order = sorted(manifest.shards.items(), key=lambda item: (shards.kind_of(item[0]) != "summary", item[0]))
        for key, version in order:
            path = db / shard_file(key, version)
            kind = shards.kind_of(key)
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raw = None
            except OSError as exc:
                found[key] = lines.cannot_read(path, exc)
                continue
            problem = version_problem([version], raw)
            if problem is not None or raw is None:
                found[key] = lines.damaged(path, problem, db)
                continue
            verified.add(shard_file(key, version))
            try:
                self.shard_keep(kind, self.shard_read(kind, raw))
            except (Problem, ValueError) as exc:
                found[key] = lines.damaged(path, detail(exc), db)
        self.index_whole = not any(shards.kind_of(key) == "index" for key in found)
        self.problems += [found[key] for key in sorted(found)]
        return verified

    @staticmethod
    def shard_read(kind: str, raw: bytes) -> Any:
        """One shard's documents, decoded and checked (Problem / ValueError: what is wrong)."""
        if kind == "summary":
            return summary.decode_chunk(raw)
        return _checked_tables(kind, raw)

    def shard_keep(self, kind: str, content: Any) -> None:
        """What the report needs of one shard's documents (shard_read's)."""
        if kind == "summary":
            self.n_rows += len(content)
            self.rows.update((row[0], row) for row in content)
            return
        data, usual = content
        if kind == "index":
            self.index_entries(data.get("replies", {}))
        elif kind == "reviews":
            facts = _usual_review_facts(data) if usual else None
            self.tables.update(facts or ((name, _review_facts(name, table)) for name, table in data.items()))
        elif kind == "changes":
            pending = self.pending
            facts = _usual_history_facts(data) if usual and pending.keys().isdisjoint(data) else None
            self.history.update(facts or ((name, _history_facts(name, table, pending.get(name, ())))
                                          for name, table in data.items()))

    def index_entries(self, table: dict[str, Any]) -> None:
        """An index shard's entries: where each text is, and each against its summary row
        (an entry the journal replaces is not compared: the journal's is the reply's)."""
        entries, overlay, rows, unlike = self.entries, self.overlay, self.rows, self.unlike
        row_is = _row_is if summary.FIELDS == _ROW_FIELDS else lambda row, doc: row == summary.row_of(doc)
        for doc in table.values():
            rid = doc["id"]
            entries[rid] = _where(doc)
            if rid in rows and rid not in overlay:
                if row_is(rows[rid], doc):
                    unlike.discard(rid)
                else:
                    unlike.add(rid)

    def backup_files(self, manifest: Manifest, verified: set[str]) -> None:
        """Every backup: those the manifest lists (an older release listed each) against their
        checksum there, and every one in backups/ by its own checksums and the shards it names."""
        db = self.db
        found = backups.list_manifests(db)
        failed = {path: problem for path in found if path.name not in manifest.backups
                  and (problem := backups.manifest_problem(db, path, verified=verified)) is not None}
        beside = _named_beside([p for p in found if p not in failed and p.name not in manifest.backups])
        for path, problem in failed.items():
            if _left_over(path, beside):
                self.leftovers.add(str(path))
                self.notes.append(lines.leftover(path, problem))
            else:
                self.problems.append(lines.unusable(path, problem, db))
        self.notes += backups_gone([p for p in found if p not in failed])
        for name, version in sorted(manifest.backups.items()):
            path = backups.folder(db) / name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                self.problems.append(lines.backup_missing(path, db))
                continue
            if Version.of(raw) != version:
                self.problems.append(lines.backup_checksum(path, db))
            elif name.startswith(backups.MANIFEST_PREFIX):
                problem = backups.manifest_problem(db, path, verified=verified)
                if problem is not None:
                    self.problems.append(lines.unusable(path, problem, db))

    def journal_part(self) -> None:
        """The journal's tables, changes and index entries, over the shards'."""
        journal = self.store._jstore
        data = journal.read()
        for name in journal.journal_tables:
            if name.startswith(REVIEWS) or name == "_meta":
                if dict.__contains__(data, name):
                    self.tables[name] = _review_facts(name, dict.__getitem__(data, name))
                else:
                    self.tables.pop(name, None)
        for name, docs in self.pending.items():
            n_shard, reimports_shard = self.history.get(name, (0, []))
            n, reimports = _history_facts(name, docs, ())
            self.history[name] = (n_shard + n, [*reimports_shard, *reimports])
        self.entries.update((rid, _where(entry)) for rid, entry in self.overlay.items())

    def summary_in_step(self, manifest: Manifest) -> bool:
        """Every reply's row as its index entry says (their order is the inbox's: not judged here)."""
        return (self.n_rows == len(self.rows) == manifest.replies and not self.unlike
                and self.rows.keys() | self.overlay.keys() == self.entries.keys())

    # -- the texts ----------------------------------------------------------------------------
    def reply_texts(self) -> set[str]:
        """Every reply's text against its index entry, each pack parsed once (a pack gone: one line); the files in replies/."""
        reply_dir = self.db / "replies"
        files = {p.name for p in reply_dir.glob("*.json")} if reply_dir.is_dir() else set()
        by_pack: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for rid in sorted(self.entries):
            entry = self.entries[rid]
            file = reply_packs.where(entry, rid).split("/", 1)[1]
            self.named.add(file)
            by_pack.setdefault(file, []).append((rid, entry))
        if self.manifest is not None and not self.index_whole:
            by_pack = {}  # which texts belong to which reply is not known while an index shard is damaged
        # (One thread: the JSON decoder holds the interpreter lock for a whole pack, so a
        # helper thread hashing the texts meanwhile waited for it, then ran after it.)
        for file, items in sorted(by_pack.items()):
            path = reply_dir / file
            try:
                raw = path.read_bytes() if file in files else None
            except OSError as exc:
                self.problems.append(lines.cannot_read(path, exc))
                continue
            if raw is None and file.startswith("p-"):
                self.problems.append(lines.pack_missing(path, len(items), self.db))
                continue
            if raw is not None and file.startswith("p-") and _pack_is_as_written(raw, items):
                self.texts += len(items)
                continue
            parsed_at = _pack_items(path, raw, self.problems) if raw is not None and file.startswith("p-") else {}
            for rid, entry in items:
                self.reply_text(path, raw, parsed_at, rid, entry)
        return files

    def reply_text(self, path: Path, raw: bytes | None, parsed_at: dict[int, Any], rid: str,
                   entry: dict[str, Any]) -> None:
        """Reply `rid`'s text against its entry."""
        if raw is None:
            self.problems.append(lines.text_missing(path, rid))
            return
        packed = entry.get("pack")
        at = entry.get("at", 0)

        def data_bytes() -> bytes:  # its bytes, cut out of the pack only when needed (8 KB a reply)
            return raw[at: at + entry.get("len", 0)] if packed else raw

        want = entry.get("sha256")
        if want and hashlib.sha256(memoryview(raw)[at: at + entry.get("len", 0)] if packed else raw).hexdigest() != want:
            try:
                self.store._reply_bytes(rid)  # an older release's re-import that did not finish
                self.texts += 1
            except StoreError as exc:
                self.problems.append(detail(exc))  # (with its code: worded in the interface's language)
            return
        try:
            stored = parsed_at.get(entry.get("at", -1)) if packed else None
            if stored is None:
                stored = json.loads(data_bytes().decode("utf-8"))
            if not (isinstance(stored, dict) and isinstance(stored.get("text"), str)):
                raise NotAReply("not a reply")
        except (ValueError, UnicodeDecodeError) as exc:
            self.problems.append(lines.text_invalid(path, rid, exc))
            return
        if not want and stored.get("content_hash", entry.get("content_hash")) != entry.get("content_hash"):
            self.problems.append(lines.text_newer(path))
            return
        self.texts += 1

    def earlier_texts(self) -> int:
        """The earlier texts of re-imported replies, which their history names; the number
        of changes in the history."""
        n_changes = 0
        for name, (n, reimports) in self.history.items():
            n_changes += n
            for doc in reimports:
                before = doc.get("before")
                if not (isinstance(before, dict) and before.get("file") and before.get("sha256")):
                    continue
                path = self.db / before["file"]
                if not _earlier_text_whole(path, before):
                    self.notes.append(lines.earlier_text(path, name[2:]))
                else:
                    self.named.add(Path(before["file"]).name)
        return n_changes

    def layouts(self, layouts: dict[str, Any]) -> None:
        """Each split / merge layout (reply id -> its ranges) against its reply's text."""
        entries = self.entries
        for rid in sorted(rid for rid in layouts if rid in entries):
            layout = layouts[rid]
            try:
                n_lines = len(self.store.get_reply(rid).lines)
            except StoreError:
                LOG.debug("check: reply %s cannot be read (reported as a problem elsewhere)", rid, exc_info=True)
                continue
            if any(not 0 <= s < e <= n_lines for s, e in layout):
                self.problems.append(lines.layout_misfit(rid))


def _fixed_file_problems(db: Path, manifest: Manifest) -> list[str]:
    """meta.json and the other files the manifest names by their own names."""
    problems: list[str] = []
    for name in TRACKED:
        try:
            raw = (db / name).read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            problems.append(lines.cannot_read(db / name, exc))
            continue
        problem = manifest.problem(name, raw)
        if problem is not None:
            problems.append(lines.damaged(db / name, problem, db))
    return problems


def _named_beside(good: list[Path]) -> set[str]:
    """The backups the good backups `good` were written beside (each was whole then)."""
    beside: set[str] = set()
    for path in good:
        with contextlib.suppress(Problem):
            beside.update(backups.load_backup(path)[0].beside)
    return beside


def _left_over(path: Path, beside: set[str]) -> bool:
    """Is `path` (failing its checks) what a cut backup leaves, not a damaged backup? A file
    this release writes under its final name (v3) holding another backup's bytes (a reused
    file being written over), or one that fails its own checks and no later backup names
    (each backup names those kept beside it: one named was whole once, damaged since). A
    file passing its own checks was finished: what fails is a file it names (a shard it
    shares with the state, damaged since), a problem."""
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    problem = backups.own_problem(raw, path.name)
    if problem is None:
        return False  # (whole: it was finished; a file it names is damaged since, a problem)
    return isinstance(problem, backups.Reused) or path.name not in beside


def _checked_tables(kind: str, raw: bytes) -> tuple[dict[str, Any], bool]:
    """A shard's tables, decoded and checked against its kind's schema, and whether they are
    all usual documents: the whole-shard fast path first; anything it does not vouch for
    goes through the full checks, which raise Problem naming what is wrong (or find nothing
    wrong)."""
    data: dict[str, Any] | None
    try:
        data = shard_format.decode(raw)  # (a history table's rows as its documents)
    except (ValueError, RecursionError):  # (UnicodeDecodeError is a ValueError)
        data = None
    if data is not None and schema_bulk.usual(kind, data):
        return data, True
    return backups.parse_kind(kind, raw), False


def _usual_review_facts(data: dict[str, Any]) -> Iterator[tuple[str, Any]] | None:
    """_review_facts of every table of a reviews shard of usual documents (schema_bulk:
    reviews only), without a Python loop per table when they all have one reviewer's name
    (None otherwise: table by table)."""
    tables = list(data.values())
    reviewers = set(schema_bulk.got(list(chain.from_iterable(map(dict.values, tables))), "reviewer"))
    if len(reviewers) != 1:
        return None
    facts = (True, tuple(reviewers), None)  # a table of reviews by that reviewer
    return zip(data, [facts if table else None for table in tables], strict=True)


def _usual_history_facts(data: dict[str, Any]) -> Iterator[tuple[str, Any]] | None:
    """_history_facts of every table of a changes shard of usual documents (schema_bulk:
    each is a change), without a Python loop per table when none is a re-import (None
    otherwise: table by table)."""
    if "reimport" in set(schema_bulk.got(list(chain.from_iterable(map(dict.values, data.values()))), "action")):
        return None
    return zip(data, zip(map(len, data.values()), repeat(()), strict=False), strict=True)


def _earlier_text_whole(path: Path, before: dict[str, Any]) -> bool:
    """The earlier text a re-import's history document names (`before`) is in `path`, whole."""
    try:
        raw = path.read_bytes()
        if "at" in before:
            raw = raw[before["at"]: before["at"] + before["len"]]
        return bool(sha256(raw) == before["sha256"])
    except (OSError, TypeError):
        return False


_ROW_FIELDS = ("id", "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "date", "declared_result",
               "content_hash", "source_name", "ranges")  # what _row_is knows summary.row_of to make


def _row_is(row: Any, entry: dict[str, Any]) -> bool:
    """row == summary.row_of(entry), without copying the entry's lists when they are lists
    (as JSON decodes them): the same comparison, 100,000 times at 100,000 replies."""
    g = entry.get
    proposers, ranges = g("proposers"), g("ranges")
    if not ((proposers is None or type(proposers) is list) and (type(ranges) is list or "ranges" not in entry)
            and all(type(r) is list for r in ranges or ())):
        return bool(row == summary.row_of(entry))
    return bool(row == [entry["id"], g("doc_no"), g("proposal_no"), g("kind") or "reply", g("title"), proposers or [],
                        g("handler"), g("date"), g("declared_result"), g("content_hash") or "", g("source_name"), ranges])


def _where(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry[key] for key in _WHERE if key in entry}


def _review_facts(name: str, table: Any) -> tuple[bool, list[str], list[Any] | None] | None:
    """What the report needs of a review table: (does it hold a review, the reviewers' names,
    the ranges of its first layout); None for an empty table or one that is not a reply's."""
    if not (table and name.startswith(REVIEWS)):
        return None
    has_review, reviewers, layout = False, [], None
    for d in table.values():
        kind = d.get("type")
        if kind == "review":
            has_review = True
            reviewer = d.get("reviewer")
            if isinstance(reviewer, str):
                reviewers.append(reviewer)
        elif kind == "layout" and layout is None:
            layout = d["ranges"]  # (the first layout document, as the store reads it)
    return has_review, reviewers, layout


def _history_facts(name: str, table: dict[str, Any], skip: Any) -> tuple[int, list[dict[str, Any]]]:
    """What the report needs of a history table: (its number of changes, its re-import
    documents); documents whose id is in `skip` (the journal has newer ones) left out."""
    docs = list(table.values()) if not skip else [doc for doc_id, doc in table.items() if doc_id not in skip]
    n_changes = 0
    if name.startswith(HISTORY):  # schema.is_change, over the whole table at once (half a million documents)
        kinds = list(schema_bulk.got(docs, "type"))
        untyped = compress(docs, map(operator.is_, kinds, repeat(None)))
        n_changes = kinds.count("change") + sum(map(dict.__contains__, untyped, repeat("action")))
    reimports = list(compress(docs, map(operator.eq, schema_bulk.got(docs, "action"), repeat("reimport"))))
    return n_changes, reimports


def _pack_is_as_written(raw: bytes, items: list[tuple[str, dict[str, Any]]]) -> bool:
    """True when the pack `raw` is exactly what reply_packs.PackWriter wrote for these
    entries: its head, then the entries' texts one after the other (each where its entry
    says, each of the SHA-256 its entry records, ",\n" between two), then its tail, and
    not one byte more. Each text is then the JSON `dumps` made of a reply when it was
    imported (its checksum says so), so the pack is that JSON and each text that reply:
    decoding it again would find nothing new. False (a byte between two texts changed, a
    text no entry names, such as an earlier text kept for a re-imported reply's history,
    a checksum that differs): the pack is decoded and each text judged on its own
    (_pack_items, DatabaseCheck.reply_text), which names what is wrong."""
    try:
        spans = sorted((entry["at"], entry["len"], entry["sha256"]) for _, entry in items)
    except (KeyError, TypeError):
        return False
    head, tail = reply_packs.HEAD, reply_packs.TAIL
    at = len(head)
    if not raw.startswith(head):
        return False
    for k, (start, size, _) in enumerate(spans):
        if start != at or type(size) is not int or size <= 0:
            return False
        at = start + size
        end = tail if k == len(spans) - 1 else reply_packs.SEP
        if not raw.startswith(end, at):
            return False
        at += len(end)
    if at != len(raw):
        return False
    view = memoryview(raw)
    return all(hashlib.sha256(view[start: start + size]).hexdigest() == want for start, size, want in spans)


def _pack_items(path: Path, raw: bytes, problems: list[str]) -> dict[int, Any]:
    """A pack's texts, decoded once, by where each starts. A pack is whole when it is
    the JSON it was written as: a flipped bit between two texts (outside every text's
    checksum) shows here."""
    parsed_at: dict[int, Any] = {}
    try:
        pack = json.loads(raw.decode("utf-8"))
        if not (isinstance(pack, dict) and list(pack) == ["replies"] and isinstance(pack["replies"], list)
                and raw.startswith(reply_packs.HEAD) and raw.endswith(reply_packs.TAIL)):
            raise ValueError("not a pack of replies")
        at = len(reply_packs.HEAD)
        find = raw.find
        for item in pack["replies"]:  # where each line starts (found, not cut out: no copies)
            parsed_at[at] = item
            end = find(b"\n", at)
            if end < 0:
                break
            at = end + 1
    except (ValueError, UnicodeDecodeError) as exc:
        problems.append(coded(f"{path}: damaged ({str(exc)[:80]}); run `cppcc-review db restore --db {path.parent.parent}` "
                              "(it moves the pack's good texts to a new one; a reply whose own text is damaged is "
                              "named: import its document again)", "db.pack_damaged", path=path,
                              detail=json_detail(exc), db=path.parent.parent))
    return parsed_at


__all__ = ["DatabaseCheck"]
