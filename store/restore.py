"""`db restore`: a consistent database rebuilt from whatever is good, losing nothing a good
file still holds. It works on a folder (the database may refuse to open).

What each part is rebuilt from, when damaged or missing:
  * an index shard: its version in the newest good backup, plus an entry for every reply
    text (in a pack or an older release's file) of that prefix it lacks;
  * a review shard: its version in the newest good backup, plus every later change of
    the change history (the history shards and the journal), applied in order: nothing
    is lost while the history is whole;
  * a history shard: its version in the newest good backup; the history entries of
    changes folded after it are lost (their effect on the reviews is kept), and restore
    says so;
  * the 文号 and summary shards: from the index;
  * the journal: every line that passes its checksum is kept (damaged lines, before or
    after good ones, are set aside); a deleted journal's changes are named as lost;
  * a damaged reply pack: a new pack of the texts its entries name (cppcc_review.store.restore_packs);
  * meta.json and manifest.json: rewritten (the manifest from the shard files found, with
    the database's identity its backups name); backups that fail their checksum: set aside.
Every damaged file is first copied, durably, to `backups/<name>.damaged-<time>`.

`--from backups/backup-<time>.json` (refused when it is another database's) brings back
that backup's reviews, the state it replaces kept as a backup first (the replies and
the change history stay as they are; the change counter stays ahead of every change
number the history holds): the journal's newer lines are set aside
(`backups/reviews.journal.newer-<time>`), and one commit of the manifest names the
backup's review shards and a new journal, the old journal marked as folded meanwhile,
so a crash leaves the database either as it was or as restored. An older release's whole-file backup (`reviews-…`, `index-…`, `history-…`)
restores that part.

The rebuilt database is written like any other state (cppcc_review.store.folder.commit): shards whose
content did not change keep their files.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import backups, shard_format, shards, summary
from .atomic import atomic_write, dumps, fsync_dir
from .clock import now_iso
from .database.layout import (
    HISTORY,
    REVIEWS,
    SCHEMA_VERSION,
    meta_version,
    new_meta,
    refuse_foreign,
)
from .errors import CorruptError, NotFoundError, StoreError, coded
from .folder import DatabaseFolder, describe
from .journal import INDEX_PART, JOURNAL, encode_header, new_journal_id, parse_lines, split_history
from .lock import DatabaseLock
from .manifest import FORMAT, MANIFEST, Manifest, Version
from .migrate import LEGACY_FILES, build_shards
from .restore_backup import BackupRestore
from .restore_packs import PackRepair
from .restore_sources import Entries, History, RestoreSources, Tables, _read, readable_backups
from .review_writes import full_patches
from .schema import is_change


def restore(db: Path, from_path: Path | None, lock_timeout: float) -> list[tuple[Path, str]]:
    if not db.is_dir():
        raise NotFoundError(f"{db}: no database folder here; check --db", code="no_database_folder", path=db)
    refuse_foreign(db)
    lock = DatabaseLock(db)
    lock.open_session(lock_timeout, writer=True)
    try:
        with lock.write(lock_timeout):
            return _Restore(db, from_path).run()
    finally:
        lock.close_session()


def _meta_version(raw: bytes | None) -> int | None:
    return meta_version(raw) if raw is not None else None


class _Restore(RestoreSources, BackupRestore, PackRepair):
    def __init__(self, db: Path, from_path: Path | None):
        self.db = db
        self.from_path = from_path
        self.stamp = backups.stamp()
        self.report: list[tuple[Path, str]] = []
        self.folder = DatabaseFolder(db)
        self.manifest: Manifest | None = None
        self.changed = False
        self.repaired_parts: set[str] = set()  # prefixes whose review shard was rebuilt from a backup
        self.pending_history: list[tuple[str, int, str, Path]] = []  # (prefix, backup's seq, what, file)
        self.index_repaired = False
        self.index_parts: list[tuple[str, Entries, str, Path]] = []  # (prefix, the backup's entries, what, file)

    # -- helpers -----------------------------------------------------------------------
    def set_aside(self, path: Path, label: str = "damaged") -> Path | None:
        """Copy `path` into backups/ durably (before anything replaces or cuts it)."""
        raw = _read(path)
        if raw is None:
            return None
        where = backups.folder(self.db)
        if not where.is_dir():
            where.mkdir()
            fsync_dir(self.db)
        name = path.name if path.parent in (self.db, where) else f"{path.parent.name}-{path.name}"
        target = where / f"{name}.{label}-{self.stamp}"
        atomic_write(target, raw)
        return target

    # -- the work ------------------------------------------------------------------------
    def run(self) -> list[tuple[Path, str]]:
        db = self.db
        self.meta_raw = _read(db / "meta.json")
        version = _meta_version(self.meta_raw)
        try:
            self.manifest = self.folder.load(required=False)
            manifest_bad = None
        except CorruptError as exc:
            manifest_bad = str(exc)
        legacy = version in (1, 2) or (self.manifest is not None and self.manifest.format != FORMAT)
        if self.manifest is None and manifest_bad is None and (version or 0) >= 2:
            manifest_bad = "missing"
        if self.from_path is not None:
            return self.from_backup(self.from_path, legacy)
        if legacy:
            entries, tables, history = self.gather_legacy()
        else:
            entries, tables, history = self.gather(manifest_bad is not None)
        self.apply_journal(entries, tables, history, legacy)
        if not legacy:
            self.repair_packs(entries)
        failing = self.check_backups()
        meta_ok = version is not None
        if not meta_ok:
            if self.meta_raw is not None:
                self.set_aside(db / "meta.json")
            self.report.append((db / "meta.json", coded("rewritten", "db.rewritten")))
        elif self.manifest is not None and self.manifest.problem("meta.json", self.meta_raw) is not None:
            self.set_aside(db / "meta.json")
            self.report.append((db / "meta.json", coded("rewritten", "db.rewritten")))
            meta_ok = False
        if manifest_bad is not None:
            if (db / MANIFEST).exists():
                self.set_aside(db / MANIFEST)
            self.report.append((db / MANIFEST, coded("rebuilt from the files", "db.rebuilt")))
        if not (self.changed or not meta_ok or manifest_bad is not None or legacy):
            return self.report  # nothing to restore
        if legacy and not (self.changed or not meta_ok or manifest_bad is not None):
            return self.report  # an older database with nothing wrong: the next writer upgrades it
        self.write(entries, tables, history, self.meta_raw if meta_ok else None, legacy)
        self.set_aside_backups(failing)
        return self.report

    def apply_journal(self, entries: Entries, tables: Tables, history: History, legacy: bool) -> None:
        """Keep every good line of the journal: its changes go into the rebuilt shards."""
        db = self.db
        journal_path = db / JOURNAL
        raw = _read(journal_path)
        lines = parse_lines(raw or b"")
        manifest = self.manifest
        raw, lines, copied = self.mended_journal(raw, lines, legacy)
        self.journal = lines
        self.journal_raw = raw
        entries_ = lines.entries
        if copied:
            pass  # (reported above)
        elif raw is None:
            if manifest is not None and manifest.journal:
                self.report.append((journal_path, coded("nothing: it was missing; the changes since the last compaction "
                                                        "are lost", "db.nothing_journal_missing")))
                self.changed = True
        elif manifest is not None and lines.journal_id not in manifest.journal and not lines.damaged:
            aside = self.set_aside(journal_path)
            self.report.append((journal_path, coded(f"nothing: not this database's journal (kept as {aside})",
                                                    "db.nothing_foreign_journal", aside=aside)))
            entries_, self.changed = [], True
        elif lines.damaged:
            aside = self.set_aside(journal_path)
            n = len(lines.damaged)
            self.report.append((journal_path, coded(f"{len(entries_)} good lines kept; {n} damaged "
                                                    f"line{'s' if n > 1 else ''} set aside (in {aside})",
                                                    "db.journal_lines_kept", good=len(entries_), n=n, aside=aside)))
            self.changed = True
        marks = manifest.marks_for(lines.journal_id) if manifest is not None and not legacy else {}
        reach = max(marks.values(), default=0)
        if raw is not None and reach > lines.good_size and not lines.damaged:
            # (cut below what the shards hold: those changes are there; a new journal starts)
            self.report.append((journal_path, coded(f"nothing: cut short below what the shards hold (byte {reach}, it "
                                                    f"had {lines.good_size}); a new journal started, the folded changes "
                                                    "kept", "db.nothing_journal_below", reach=reach,
                                                    size=lines.good_size)))
            self.changed = True
        repaired = self.repaired_parts
        index_marks = {} if self.index_repaired else marks
        appended: dict[str, Any] = {}
        for entry, end in zip(entries_, lines.ends, strict=False):
            for name, table in entry["tables"].items():
                part = shards.part_of_table(name)
                if end <= marks.get(part, 0) and part not in repaired:
                    continue
                if table is None:
                    tables.pop(name, None)
                else:
                    tables[name] = table
            for name, docs in entry["append"].items():
                appended.setdefault(name, {}).update(docs)
            if end > index_marks.get(INDEX_PART, 0):
                entries.update(entry["index"])
        # review shards rebuilt from a backup: every later change of the history, in order
        for part, base_seq, what, path in self.pending_history:
            merged: dict[str, Any] = {}
            for name, docs in list(history.items()) + list(appended.items()):
                if shards.part_of_table(name) == part:
                    merged.setdefault(name, {}).update(docs)
            applied = _apply_history(tables, merged, base_seq)
            # the journal's whole tables are newer than any change before them
            for entry in entries_:
                for name, table in entry["tables"].items():
                    if shards.part_of_table(name) == part and name.startswith(REVIEWS):
                        if table is None:
                            tables.pop(name, None)
                        else:
                            tables[name] = table
            if applied:
                what = coded(f"{what} and {applied} later change{'s' if applied > 1 else ''} from the change history",
                             "db.and_changes", what=what, n=applied)
            self.report.append((path, what))
        for name, docs in appended.items():
            history.setdefault(name, {}).update(docs)
        self.repair_index(entries, history)

    def check_backups(self) -> list[tuple[Path, Version | None]]:
        """The backups that fail their checksum, or name a shard file that is gone or damaged
        ((path, the version the manifest lists, if it does)): set aside by `set_aside_backups`
        once the rebuilt files are written, if they still fail then."""
        listed = self.manifest.backups if self.manifest is not None else {}
        found = {path.name: None for path in backups.list_manifests(self.db) if path.name not in listed}
        failing: list[tuple[Path, Version | None]] = []
        verified: set[str] = set()  # (shard files found good: most are shared by every backup and the state)
        for name, version in sorted({**listed, **found}.items()):  # (this release's are not listed: found)
            path = backups.folder(self.db) / name
            raw = _read(path)
            if raw is None:
                self.changed = self.changed or version is not None  # listed but gone: the new manifest drops it
                continue
            if self.backup_problem(path, raw, version, verified) is not None:
                failing.append((path, version))
                self.changed = True
        return failing

    def backup_problem(self, path: Path, raw: bytes, version: Version | None, verified: set[str]) -> str | None:
        """Why the backup `path` (its bytes `raw`, the version the manifest lists) cannot be used
        (None: it can). `verified`: the shard files found good in this pass, not read again."""
        if version is not None and Version.of(raw) != version:
            return "damaged"
        if path.name.startswith(backups.MANIFEST_PREFIX):
            return backups.manifest_problem(self.db, path, verified=verified)
        return None

    def set_aside_backups(self, failing: list[tuple[Path, Version | None]]) -> None:
        """Set aside (no longer used) the backups of `check_backups` that still fail. Backups
        share the state's unchanged shard files: one damaged there made them fail, and
        rebuilt (the same content, so the same file) it makes them whole again; they are kept
        (QA15 bug 4: a complete backup was set aside as one that "did not finish"). A backup
        whose own file is whole is never called unfinished: a file it names is gone or damaged."""
        verified: set[str] = set()  # (a new pass: the shard files were written again since check_backups)
        for path, version in failing:
            raw = _read(path)
            problem = None if raw is None else self.backup_problem(path, raw, version, verified)
            if raw is None or problem is None:
                continue
            torn = version is None and backups.own_problem(raw, path.name) is not None
            aside = self.set_aside(path, "unusable" if problem != "damaged" else "damaged")
            backups.remove([path])
            why = (coded("damaged", "db.why_damaged") if problem == "damaged" else
                   coded(f"a backup that did not finish ({problem})", "db.why_unfinished", problem=problem) if torn
                   else coded(f"a file it names is gone or damaged ({problem})", "db.why_file_gone", problem=problem))
            self.report.append((path, coded(f"not usable: {why}; set aside as {aside}", "db.backup_set_aside", why=why,
                                            aside=aside)))

    def write(self, entries: Entries, tables: Tables, history: History, meta_raw: bytes | None, legacy: bool) -> None:
        """Write the rebuilt database: one commit of the manifest names every shard and a
        new journal; the old journal, if a crash leaves it, counts as folded."""
        db = self.db
        meta = dict((tables.get("_meta") or {}).get("1") or {})
        top = max((int(i) for t in history.values() for i in t), default=0)
        if top > int(meta.get("seq", 0)):
            meta["seq"] = top
        tables["_meta"] = {"1": meta}
        if meta_raw is None:
            meta_raw = dumps(new_meta())
        elif (_meta_version(meta_raw) or 0) < SCHEMA_VERSION:
            meta_raw = dumps({**json.loads(meta_raw.decode("utf-8")), "schema_version": SCHEMA_VERSION,
                              "migrated": now_iso()})
        if legacy:
            when = self.stamp
            for name, kind in zip(LEGACY_FILES, backups.KINDS, strict=False):
                raw = _read(db / name)
                if raw is not None:
                    backups.write(db, kind, raw, when)
        out = build_shards(entries, tables, history)
        base = self.manifest.copy() if self.manifest is not None and self.manifest.format == FORMAT else describe(db)
        if not base.database:  # (a manifest rebuilt: the identity its backups name stays the database's)
            base.database = next((state.database for _p, state, _j in readable_backups(db, None) if state.database), "")
        journal_ok = (self.journal_raw is not None and not self.journal.damaged and self.journal.journal_id is not None
                      and (self.manifest is None or self.journal.journal_id in self.manifest.journal))
        base.journal = [self.journal.journal_id] if journal_ok and self.journal.journal_id is not None else []
        base.files = {"meta.json": [Version.of((db / "meta.json").read_bytes())] if (db / "meta.json").exists() else [None]}
        listed = self.manifest.backups if self.manifest is not None else {}
        base.backups = {}  # (this release's backups are found in their folder, not listed: DatabaseFolder.add_backup)
        for kind in backups.KINDS:
            for path in backups.list_backups(db, kind):
                if backups.problem_of(path, kind, listed) is None:
                    base.backups[path.name] = Version.of(path.read_bytes())
        self.folder.make_folders()
        self.folder.write_fresh(base)
        shards_out: dict[str, bytes | None] = {k: None for k in base.shards}
        shards_out.update(out)
        journal_id = new_journal_id()
        self.folder.commit(shards_out, files={"meta.json": meta_raw}, journal=(journal_id, encode_header(journal_id)),
                           replies=len(entries), all_folded=self.journal.good_size if journal_ok else None)
        if legacy:
            for name in LEGACY_FILES:
                with contextlib.suppress(FileNotFoundError):
                    (db / name).unlink()
        self.folder.collect_garbage()

    # -- --from ------------------------------------------------------------------------------
    def from_backup(self, path: Path, legacy: bool) -> list[tuple[Path, str]]:
        db = self.db
        if not path.is_file():
            raise NotFoundError(f"{path}: no such backup file; list them with `cppcc-review db check`",
                                code="no_backup_file", path=path)
        listed = self.manifest.backups if self.manifest is not None else {}
        if path.name.startswith(backups.MANIFEST_PREFIX):
            if self.manifest is not None:  # (another database's backup: said so, before what it names is looked for)
                with contextlib.suppress(backups.Problem):
                    self.refuse_foreign(path, backups.load_backup(path, db=db)[0])
            problem = backups.manifest_problem(db, path, listed if path.parent == backups.folder(db) else None)
            if problem is not None:
                raise CorruptError(f"{path}: this backup is damaged too ({problem}); pick another from {backups.folder(db)}",
                                   code="backup_damaged_too", path=path, problem=problem, folder=backups.folder(db))
            return self.from_manifest_backup(path, legacy)
        kind = path.name.split("-", 1)[0]
        if kind not in backups.KINDS:
            raise StoreError(
                f"{path}: not a backup of this database (name it backup-…, or an older release's index-…, "
                "reviews-… or history-…)", code="not_a_backup", path=path,
            )
        if backups.problem_of(path, kind, listed if path.parent == backups.folder(db) else None) is not None:
            raise CorruptError(f"{path}: this backup is damaged too; pick another from {backups.folder(db)}",
                               code="backup_damaged_also", path=path, folder=backups.folder(db))
        data = backups.parse_tables(path.read_bytes())
        if legacy:
            entries, tables, history = self.gather_legacy()
        else:
            entries, tables, history = self.gather(False)
        if kind == "reviews":
            raw = _read(db / JOURNAL)
            lines = parse_lines(raw or b"")
            if lines.entries:
                aside = self.set_aside(db / JOURNAL, "newer")
                self.report.append((db / JOURNAL, coded(f"nothing: its {len(lines.entries)} newer changes were set aside "
                                                        f"in {aside}", "db.nothing_newer_aside", n=len(lines.entries),
                                                        aside=aside)))
            tables = {k: v for k, v in data.items() if not k.startswith("h:")}
            history.update({k: v for k, v in split_history(dict(data)).items()})
            self.journal, self.journal_raw = lines, raw
        else:
            self.apply_journal(entries, tables, history, legacy)
            if kind == "index":
                entries = {d["id"]: d for d in data.get("replies", {}).values()}
            else:
                history = data
        self.report.append((db / {"index": "index", "reviews": "reviews", "history": "changes"}[kind], str(path)))
        self.write(entries, tables, history, self.meta_raw, legacy)
        return self.report


def _apply_history(tables: dict[str, Any], history: dict[str, Any], base: int) -> int:
    """Apply the changes of `history` newer than `base`, in order (as
    ReviewStore._apply made them); return how many."""


    changes = sorted(
        (int(doc_id), name[len(HISTORY):], doc) for name, table in history.items() if name.startswith(HISTORY)
        for doc_id, doc in table.items() if is_change(doc) and int(doc_id) > base
    )
    for _seq, rid, change in changes:
        table = tables.setdefault(REVIEWS + change.get("reply_id", rid), {})
        for patch in full_patches(change):
            _apply_patch(table, patch, change)
    return len(changes)


def _apply_patch(table: dict[str, Any], patch: dict[str, Any], change: dict[str, Any]) -> None:
    kind, time = patch["k"], change.get("time")
    value: Any = patch.get("after")  # JSON: a rating, the layout's ranges, the ratings, an assessment; None

    def find(match: Callable[[dict[str, Any]], bool]) -> str | None:
        return next((doc_id for doc_id, doc in table.items() if match(doc)), None)

    if kind == "layout":
        doc_id = find(lambda d: d.get("type") == "layout")
        if value is None:
            table.pop(doc_id, None) if doc_id else None
            return
        doc: dict[str, Any] = {"type": "layout", "ranges": [list(r) for r in value], "by": change.get("reviewer"),
                               "time": time}
    else:
        reviewer = patch.get("reviewer")
        doc_id = find(lambda d: d.get("type") == "review" and d.get("reviewer") == reviewer)
        doc = json.loads(json.dumps(table[doc_id])) if doc_id else {
            "type": "review", "reviewer": reviewer, "ratings": {},
            "assessment": {"result": None, "attitude": None, "communication": None, "relevance": None,
                           "opinion": "", "completed_at": None},
            "updated": None,
        }
        if kind == "rating":
            if value is None:
                doc["ratings"].pop(patch["anchor"], None)
            else:
                doc["ratings"][patch["anchor"]] = dict(value)
        elif kind == "ratings":
            doc["ratings"] = json.loads(json.dumps(value))
        elif kind == "assessment":
            doc["assessment"] = dict(value)
        doc["updated"] = time
    if doc_id is None:
        doc_id = str(max(map(int, table), default=0) + 1)
    table[doc_id] = doc


__all__ = ["restore", "shard_format", "summary"]

