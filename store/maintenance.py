"""Maintenance of a database folder: the `db check`, `db backup` and `db restore` commands.

`check` and `backup` work on an open ReviewStore (reached through `ReviewStore.check()`
and `ReviewStore.backup()`); `check_database` and `restore` work on a folder, because
they must also serve a database that refuses to open (`store.db.check_database`,
`ReviewStore.restore()`).

`restore` rebuilds a consistent database from whatever is good, and loses nothing that
any good file still holds:
  * index.json: its newest good backup, plus an entry for every reply file it lacks;
  * history.json: its newest good backup (changes compacted after it keep their effect
    on the reviews but lose their history entries; the message says so);
  * reviews.json: its newest good backup, plus every later change of the change history
    (history.json and the journal), applied in order: nothing is lost while the history
    is whole;
  * the journal: every line that passes its checksum is kept (damaged lines, before or
    after good ones, are set aside); a deleted journal's changes are named as lost;
  * meta.json and manifest.json: rewritten; backups that fail their checksum: set aside.
Every damaged file is first copied, durably, to `backups/<name>.damaged-<time>`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from store import backups
from store.atomic import atomic_write, dumps, fsync_dir
from store.clock import now_iso
from store.db import HISTORY, META_TABLE, REVIEWS, SCHEMA_VERSION, ReviewStore, meta_version
from store.errors import CorruptError, NotFoundError, StoreError
from store.folder import DatabaseFolder, describe
from store.journal import HISTORY as HISTORY_FILE
from store.journal import (
    JOURNAL,
    SNAPSHOT,
    apply_entry,
    encode_header,
    encode_line,
    new_journal_id,
    parse_lines,
    split_history,
)
from store.lock import NOFOLLOW, DatabaseLock
from store.log import LOG as _LOG
from store.manifest import MANIFEST, TRACKED, Manifest, Version, sha256

LOG = _LOG.getChild("maintenance")


def _advice(db: Path) -> str:
    return f"run `cppcc-review db restore --db {db}`"


def check(store: ReviewStore) -> dict[str, Any]:
    """Verify the database: every file against the manifest and the schema, every reply
    file against its index entry, every backup; counts, orphan files and tables, problems."""
    problems: list[str] = []
    notes: list[str] = []  # worth knowing, nothing to repair
    db = store.path
    folder = store._folder
    manifest = folder.manifest
    if manifest is not None:
        for name in TRACKED:
            try:
                raw = (db / name).read_bytes()
            except FileNotFoundError:
                raw = None
            except OSError as exc:
                problems.append(f"{db / name}: cannot read ({exc.strerror})")
                continue
            problem = manifest.problem(name, raw)
            if problem is not None:
                problems.append(f"{db / name}: {problem}; {_advice(db)}")
            elif raw is not None and name != "meta.json":
                try:
                    backups.parse_kind(name[:-5], raw) if name != SNAPSHOT else backups.check_kind(
                        "reviews", {k: v for k, v in backups.parse_tables(raw).items() if not k.startswith(HISTORY)})
                except backups.Problem as exc:
                    problems.append(f"{db / name}: {exc}; {_advice(db)}")
        for name, version in sorted(manifest.backups.items()):
            path = backups.folder(db) / name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                problems.append(f"{path}: a backup the manifest lists is missing; {_advice(db)} to update the list")
                continue
            if Version.of(raw) != version:
                problems.append(f"{path}: this backup is damaged (checksum); it will not be used - {_advice(db)}")
    reply_dir = db / "replies"
    files = {p.stem for p in reply_dir.glob("*.json")} if reply_dir.is_dir() else set()
    for rid in sorted(store._by_id):
        if rid not in files:
            problems.append(f"{store._reply_path(rid)}: missing; import its document again")
            continue
        try:
            reply = store._read_reply_file(rid)
        except StoreError as exc:
            problems.append(str(exc))
            continue
        if reply.content_hash != store._summary_doc(rid).get("content_hash"):
            problems.append(f"{store._reply_path(rid)}: newer than its index entry; import its document again")
    tables = store._jstore.read()
    try:
        history = store._jstore.load_history()  # history.json is read here, not at open
    except StoreError as exc:
        problems.append(str(exc))
        history = {}
    for name, table in history.items():
        for doc in table.values():
            before = doc.get("before") if doc.get("action") == "reimport" else None
            if isinstance(before, dict) and before.get("file") and before.get("sha256"):
                path = db / before["file"]
                try:
                    ok = sha256(path.read_bytes()) == before["sha256"]
                except OSError:
                    ok = False
                if not ok:
                    notes.append(f"{path}: the earlier text of reply {name[2:]} is missing or damaged "
                                 "(kept for reference only; the reply and its reviews are not affected)")
    # replies with reviews, a layout or a history (of a re-import, say)
    review_ids = {name[2:] for name in tables if name.startswith(REVIEWS)}
    review_ids |= {name[2:] for name in history if name.startswith(HISTORY)}
    # replies someone has actually reviewed (a reply may have only re-import history)
    reviewed = {n[2:] for n, t in tables.items() if n.startswith(REVIEWS) and any(d.get("type") == "review" for d in t.values())}
    n_changes = sum(1 for n, t in history.items() if n.startswith(HISTORY) for d in t.values() if d.get("type") == "change")
    for rid in sorted(review_ids & set(store._by_id)):
        layout = store._layout(rid)
        if layout is None:
            continue
        try:
            n_lines = len(store.get_reply(rid).lines)
        except StoreError:
            LOG.debug("check: reply %s cannot be read (reported as a problem elsewhere)", rid, exc_info=True)
            continue
        if any(not 0 <= s < e <= n_lines for s, e in layout):
            problems.append(f"reply {rid}: its split / merge layout does not fit the text; re-split it")
    orphans = sorted(files - set(store._by_id))
    orphan_reviews = sorted(review_ids - set(store._by_id))
    return {
        "path": str(db),
        "schema_version": SCHEMA_VERSION,
        "replies": len(store._by_id),
        "reply_files": len(files),
        "reviewed_replies": len(reviewed & set(store._by_id)),
        "reviewers": store.reviewers(),
        "changes": n_changes,
        "journal_lines": store._jstore.journal_lines,
        "backups": [str(p) for kind in backups.KINDS for p in backups.list_backups(db, kind)],
        "orphans": orphans,  # reply files no index entry points at (a killed import); harmless
        "orphan_reviews": orphan_reviews,  # reviews of replies missing from the index: re-import them
        "problems": problems,
        "notes": notes,
        "ok": not problems,
    }


def backup(store: ReviewStore) -> list[Path]:
    """Write a backup of the index, the reviews and the history (as in memory, journal included) now."""
    history = store._jstore.load_history()  # first: a damaged history.json stops the backup here
    made = []
    when = backups.stamp()
    for kind, data in (("index", store._index_storage.read()), ("reviews", store._jstore.read()), ("history", history)):
        made.append(backups.write(store.path, kind, dumps(data), when))
    fsync_dir(backups.folder(store.path))
    store._folder.add_backups(made)
    drop = [p for kind in backups.KINDS for p in backups.beyond(store.path, kind, max(store.keep_backups, 1))]
    store._folder.drop_backups(drop)
    return made


def check_database(path) -> dict[str, Any]:
    """`db check` without the writer lock: a report even when the database cannot be opened."""
    try:
        with ReviewStore(path, readonly=True) as store:
            return store.check()
    except StoreError as exc:
        return {"path": str(path), "problems": [str(exc)], "ok": False}


# ------------------------------------------------------------------------------ restore
def restore(db: Path, from_path: Path | None, lock_timeout: float) -> list[tuple[Path, str]]:
    if not db.is_dir():
        raise NotFoundError(f"{db}: no database folder here; check --db")
    lock = DatabaseLock(db)
    lock.open_session(lock_timeout, writer=True)
    try:
        with lock.write(lock_timeout):
            return _Restore(db, from_path).run()
    finally:
        lock.close_session()


class _Restore:
    def __init__(self, db: Path, from_path: Path | None):
        self.db = db
        self.from_path = from_path
        self.stamp = backups.stamp()
        self.report: list[tuple[Path, str]] = []
        self.folder = DatabaseFolder(db)
        self.manifest: Manifest | None = None

    # -- helpers -----------------------------------------------------------------------
    def set_aside(self, path: Path, label: str = "damaged") -> Path | None:
        """Copy `path` into backups/ durably (before anything replaces or cuts it)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        where = backups.folder(self.db)
        if not where.is_dir():
            where.mkdir()
            fsync_dir(self.db)
        target = where / f"{path.name}.{label}-{self.stamp}"
        atomic_write(target, raw)
        return target

    def problem(self, name: str, kind: str) -> tuple[dict | None, str | None]:
        """(the file's tables, None) when good; (None, what is wrong) when not; (None, None) when absent and fine."""
        path = self.db / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
        if self.manifest is not None:
            problem = self.manifest.problem(name, raw)
            if problem is not None:
                return None, problem
        if raw is None:
            return None, None
        try:
            data = backups.parse_tables(raw)
            backups.check_kind(kind, {k: v for k, v in data.items() if not (kind == "reviews" and k.startswith(HISTORY))})
        except backups.Problem as exc:
            return None, str(exc)
        return data, None

    def newest(self, kind: str) -> tuple[Path | None, dict]:
        listed = self.manifest.backups if self.manifest is not None else {}
        for path in backups.list_backups(self.db, kind):
            if backups.problem_of(path, kind, listed) is None:
                return path, backups.parse_tables(path.read_bytes())
        return None, {}

    # -- the work ------------------------------------------------------------------------
    def run(self) -> list[tuple[Path, str]]:
        db = self.db
        from_kind, from_data = self._explicit()
        try:
            self.manifest = self.folder.load(required=False)
            manifest_bad = None
        except CorruptError as exc:
            manifest_bad = str(exc)
        meta_raw = _read(db / "meta.json")
        version = meta_version(meta_raw) if meta_raw is not None else None
        if self.manifest is None and manifest_bad is None and version is not None and version >= 2:
            manifest_bad = "missing"
        changed = False  # anything to write beyond set-aside copies

        # index.json
        index, problem = self.problem("index.json", "index")
        if from_kind == "index":
            self.set_aside(db / "index.json") if problem else None
            index, changed = from_data, True
            self.report.append((db / "index.json", str(self.from_path)))
        elif problem is not None:
            self.set_aside(db / "index.json")
            source, index = self.newest("index")
            added = _add_reply_files(db, index)
            what = f"{source}" if source else "no backup"
            if added:
                what += f" and {added} reply file{'s' if added > 1 else ''}"
            self.report.append((db / "index.json", what))
            changed = True

        # history.json
        history, problem = self.problem(HISTORY_FILE, "history")
        history_note = None
        if from_kind == "history":
            self.set_aside(db / HISTORY_FILE) if problem else None
            history, changed = from_data, True
            self.report.append((db / HISTORY_FILE, str(self.from_path)))
        elif problem is not None:
            self.set_aside(db / HISTORY_FILE)
            source, history = self.newest("history")
            history_note = (f"{source}; the history entries of changes compacted after it are lost "
                            "(their effect on the reviews is kept)") if source else \
                "nothing (no backup): the history entries compacted so far are lost (the reviews are kept)"
            changed = True
        history = history or {}

        # the journal
        journal_path = db / JOURNAL
        raw_journal = _read(journal_path)
        lines = parse_lines(raw_journal or b"")
        entries = lines.entries
        self.journal = lines
        self.journal_good = (raw_journal is not None and not lines.damaged and lines.journal_id is not None
                             and (self.manifest is None or lines.journal_id in self.manifest.journal))
        if raw_journal is None:
            if self.manifest is not None and self.manifest.journal:
                self.report.append((journal_path, "nothing: it was missing; the changes since the last compaction are lost"))
                changed = True
        elif self.manifest is not None and lines.journal_id not in self.manifest.journal and not lines.damaged:
            aside = self.set_aside(journal_path)
            self.report.append((journal_path, f"nothing: not this database's journal (kept as {aside})"))
            entries, changed = [], True
        elif lines.damaged:
            aside = self.set_aside(journal_path)
            n = len(lines.damaged)
            self.report.append((journal_path, f"{len(entries)} good lines kept; {n} damaged line{'s' if n > 1 else ''} "
                                              f"set aside (in {aside})"))
            changed = True
        if from_kind == "reviews" and entries:
            aside = self.set_aside(journal_path, "newer")
            self.report.append((journal_path, f"nothing: its {len(entries)} newer changes were set aside in {aside}"))
            entries = []

        # reviews.json (and the history documents the journal holds)
        reviews, problem = self.problem(SNAPSHOT, "reviews")
        # The tables the database shows now (when its snapshot can be read): a restore line
        # in the journal must set each of them (store.maintenance._Restore._write).
        self.current_names = None
        if problem is None:
            self.current_names = {n for n in (reviews or {}) if not n.startswith(HISTORY)}
            for entry in lines.entries:
                self.current_names.update(entry["tables"])
        pending: dict[str, Any] = {}
        if from_kind == "reviews":
            self.set_aside(db / SNAPSHOT) if problem else None
            reviews, changed = from_data, True
            split_history(reviews)
            self.report.append((db / SNAPSHOT, str(self.from_path)))
        elif problem is not None:
            self.set_aside(db / SNAPSHOT)
            source, reviews = self.newest("reviews")
            legacy = split_history(reviews)
            whole_history = _merged(history, legacy, *(e["append"] for e in entries))
            applied = _apply_history(reviews, whole_history)
            what = str(source) if source else "no backup"
            if applied:
                what += f" and {applied} later change{'s' if applied > 1 else ''} from the change history"
            self.report.append((db / SNAPSHOT, what))
            changed = True
        else:
            pending = split_history(reviews or {})
        reviews = reviews or {}
        for entry in entries:
            apply_entry(reviews, entry, pending)
            for rid, doc in entry["index"].items():
                _set_entry(index, rid, doc)
        if history_note is not None:
            self.report.append((db / HISTORY_FILE, history_note))

        # backups that fail their checksum
        if self.manifest is not None:
            for name, version in sorted(self.manifest.backups.items()):
                path = backups.folder(db) / name
                raw = _read(path)
                if raw is not None and Version.of(raw) != version:
                    aside = self.set_aside(path)
                    backups.remove([path])
                    self.report.append((path, f"nothing: damaged, set aside as {aside}"))
                    changed = True
                elif raw is None:
                    changed = True  # listed but gone: the new manifest drops it

        meta_ok = version is not None
        if not meta_ok:
            if meta_raw is not None:
                self.set_aside(db / "meta.json")
            self.report.append((db / "meta.json", "rewritten"))
        elif self.manifest is not None and self.manifest.problem("meta.json", meta_raw) is not None:
            self.set_aside(db / "meta.json")
            self.report.append((db / "meta.json", "rewritten"))
            meta_ok = False
        if manifest_bad is not None:
            if (db / MANIFEST).exists():
                self.set_aside(db / MANIFEST)
            self.report.append((db / MANIFEST, "rebuilt from the files"))
        if not (changed or not meta_ok or manifest_bad is not None):
            return self.report  # nothing to restore (an older database's first writer upgrades it)
        self._write(index, reviews, _merged(history, pending), meta_raw if meta_ok else None)
        return self.report

    def _explicit(self) -> tuple[str | None, dict | None]:
        path = self.from_path
        if path is None:
            return None, None
        if not path.is_file():
            raise NotFoundError(f"{path}: no such backup file; list them with `cppcc-review db check`")
        kind = path.name.split("-", 1)[0]
        if kind not in backups.KINDS:
            raise StoreError(
                f"{path}: not a backup of index.json, reviews.json or history.json "
                "(name it index-…, reviews-… or history-…)"
            )
        listed = {}
        try:
            listed = Manifest.from_bytes((self.db / MANIFEST).read_bytes()).backups
        except (OSError, backups.Problem):
            pass
        if backups.problem_of(path, kind, listed if path.parent == backups.folder(self.db) else None) is not None:
            raise CorruptError(f"{path}: this backup is damaged too; pick another from {backups.folder(self.db)}")
        return kind, backups.parse_tables(path.read_bytes())

    def _write(self, index: dict | None, reviews: dict, history: dict, meta_raw: bytes | None) -> None:
        """Write the restored database, so that a crash at any moment leaves either the
        database as it was or as restored:

        1. when the journal and the snapshot are good, one journal line first sets every
           table to its restored value (fsynced: from here on, every open sees the
           restored reviews, whichever snapshot it reads);
        2. the files, with the manifest in step (store.folder.commit: the manifest accepts
           old and new versions, the files are replaced, the new journal last, then the
           manifest accepts the new ones only).
        A restore of a damaged journal cannot add to it: a crash in the middle of that one
        leaves the damage to be found again, and `db restore` runs again."""
        db = self.db
        # The change counter must stay ahead of every change number history holds.
        top = max((int(i) for t in history.values() for i in t), default=0)
        meta_doc = (reviews.get(META_TABLE) or {}).get("1") or {}
        if top > int(meta_doc.get("seq", 0)):
            reviews[META_TABLE] = {"1": {**meta_doc, "seq": top}}
        if meta_raw is None:
            meta_raw = dumps(ReviewStore._new_meta())
        elif (meta_version(meta_raw) or 0) < SCHEMA_VERSION:
            meta_raw = dumps({**json.loads(meta_raw.decode("utf-8")), "schema_version": SCHEMA_VERSION,
                              "migrated": now_iso()})
        if self.manifest is not None:
            base = self.manifest.copy()
        else:
            base = describe(db)
            base.journal = [self.journal.journal_id] if self.journal.journal_id else []
        base.backups = {}
        listed = self.manifest.backups if self.manifest is not None else {}
        for kind in backups.KINDS:
            for path in backups.list_backups(db, kind):
                if backups.problem_of(path, kind, listed) is None:
                    base.backups[path.name] = Version.of(path.read_bytes())
        self.folder.manifest = base
        if self.journal_good and self.current_names is not None:
            self._restore_line(reviews)
        files: dict[str, bytes] = {}
        if index is not None:
            files["index.json"] = dumps(index)
        files[HISTORY_FILE] = dumps(history)
        files[SNAPSHOT] = dumps(reviews)
        files["meta.json"] = meta_raw
        journal_id = new_journal_id()
        self.folder.commit(files, journal=(journal_id, encode_header(journal_id)))

    def _restore_line(self, reviews: dict) -> None:
        tables: dict[str, Any] = {n: t for n, t in reviews.items() if not n.startswith(HISTORY)}
        for name in self.current_names - set(tables):
            tables[name] = None
        line = encode_line(tables)
        fd = os.open(self.db / JOURNAL, os.O_RDWR | os.O_APPEND | NOFOLLOW)
        try:
            if os.fstat(fd).st_size != self.journal.good_size:
                if self.journal.torn:
                    self.set_aside(self.db / JOURNAL, "torn")
                os.ftruncate(fd, self.journal.good_size)
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _merged(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        for name, table in part.items():
            out.setdefault(name, {}).update(table)
    return out


def _set_entry(index: dict | None, rid: str, doc: dict[str, Any]) -> None:
    if index is None:
        return
    table = index.setdefault("replies", {})
    for doc_id, entry in table.items():
        if entry.get("id") == rid:
            table[doc_id] = doc
            return
    table[str(max(map(int, table), default=0) + 1)] = doc


def _add_reply_files(db: Path, index: dict[str, Any]) -> int:
    """Entries for the reply files the index lacks (an index restored from an older backup
    misses the replies imported since: their files are still there)."""
    from store.db import compute_reply_id
    from store.model import Reply

    table = index.setdefault("replies", {})
    known = {doc.get("id") for doc in table.values()}
    added = 0
    folder = db / "replies"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        rid = path.stem
        if rid in known:
            continue
        try:
            raw = path.read_bytes()
            reply = Reply.from_dict(json.loads(raw.decode("utf-8")))
            if compute_reply_id(reply) != rid:
                continue
        except Exception:  # noqa: BLE001 - a file that is not a reply of ours is not indexed
            continue
        doc = ReviewStore._make_summary_doc(rid, reply)
        doc["sha256"] = sha256(raw)
        table[str(max(map(int, table), default=0) + 1)] = doc
        added += 1
    return added


def _apply_history(reviews: dict[str, Any], history: dict[str, Any]) -> int:
    """Apply the changes of `history` newer than `reviews`' change counter, in order (as
    ReviewStore._apply made them); return how many."""
    meta = (reviews.get(META_TABLE) or {}).get("1") or {}
    base = int(meta.get("seq", 0))
    changes = sorted(
        (doc for name, table in history.items() if name.startswith(HISTORY) for doc in table.values()
         if doc.get("type") == "change" and int(doc.get("seq", 0)) > base),
        key=lambda d: d["seq"],
    )
    for change in changes:
        table = reviews.setdefault(REVIEWS + change["reply_id"], {})
        for patch in change.get("patches") or []:
            _apply_patch(table, patch, change)
        base = change["seq"]
    if changes:
        reviews[META_TABLE] = {"1": {**meta, "seq": base}}
    return len(changes)


def _apply_patch(table: dict[str, Any], patch: dict[str, Any], change: dict[str, Any]) -> None:
    kind, value, time = patch["k"], patch.get("after"), change.get("time")

    def find(match) -> str | None:
        return next((doc_id for doc_id, doc in table.items() if match(doc)), None)

    if kind == "layout":
        doc_id = find(lambda d: d.get("type") == "layout")
        if value is None:
            table.pop(doc_id, None) if doc_id else None
            return
        doc = {"type": "layout", "ranges": [list(r) for r in value], "by": change.get("reviewer"), "time": time}
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
