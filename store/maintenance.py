"""Maintenance of a database folder: the `db check`, `db backup` and `db restore` commands.

`check` and `backup` work on an open ReviewStore (reached through `ReviewStore.check()`
and `ReviewStore.backup()`); `check_database` and `restore` work on a folder, because
they must also serve a database that refuses to open (`store.db.check_database`,
`ReviewStore.restore()`).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from store import backups
from store.atomic import atomic_write, dumps, fsync_dir, write_json
from store.db import HISTORY, META_TABLE, REVIEWS, SCHEMA_VERSION, ReviewStore
from store.errors import CorruptError, NotFoundError, StoreError
from store.journal import HISTORY as HISTORY_FILE
from store.journal import JOURNAL, SNAPSHOT, apply_entry, encode_line, merge_history, read_tables, replay, split_history
from store.lock import WriterLock
from store.log import LOG as _LOG

LOG = _LOG.getChild("maintenance")


def check(store: ReviewStore) -> dict[str, Any]:
    """Verify the database: counts, orphan files and tables, and problems found."""
    problems: list[str] = []
    reply_dir = store.path / "replies"
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
        "path": str(store.path),
        "schema_version": SCHEMA_VERSION,
        "replies": len(store._by_id),
        "reply_files": len(files),
        "reviewed_replies": len(reviewed & set(store._by_id)),
        "reviewers": store.reviewers(),
        "changes": n_changes,
        "journal_lines": store._jstore.journal_lines,
        "backups": [str(p) for kind in backups.KINDS for p in backups.list_backups(store.path, kind)],
        "orphans": orphans,  # reply files no index entry points at (a killed import); harmless
        "orphan_reviews": orphan_reviews,  # reviews of replies missing from the index: re-import them
        "problems": problems,
        "ok": not problems,
    }

def backup(store: ReviewStore) -> list[Path]:
    """Write a backup of the index, the reviews and the history (as in memory, journal included) now."""
    history = store._jstore.load_history()  # first: a damaged history.json stops the backup here
    made = []
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = backups.folder(store.path)
    folder.mkdir(exist_ok=True)
    for kind, data in (("index", store._index_storage.read()), ("reviews", store._jstore.read()), ("history", history)):
        target = folder / f"{kind}-{stamp}.json"
        atomic_write(target, dumps(data))
        made.append(target)
        for old in backups.list_backups(store.path, kind)[max(store.keep_backups, 1):]:
            try:
                old.unlink()
            except OSError:
                LOG.warning("an old backup could not be removed: %s", old, exc_info=True)
    return made


def check_database(path) -> dict[str, Any]:
    """`db check` without the writer lock: a report even when the database cannot be opened."""
    try:
        with ReviewStore(path, readonly=True) as store:
            return store.check()
    except StoreError as exc:
        return {"path": str(path), "problems": [str(exc)], "ok": False}


def restore(db: Path, from_path: Path | None, lock_timeout: float) -> list[tuple[Path, Path]]:
    if not db.is_dir():
        raise NotFoundError(f"{db}: no database folder here; check --db")
    lock = WriterLock(db)
    lock.acquire(lock_timeout)
    restored: list[tuple[Path, Path]] = []
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = backups.folder(db)
    folder.mkdir(exist_ok=True)

    def set_aside(path: Path) -> None:
        if path.exists():
            target = folder / f"{path.name}.damaged-{stamp}"
            shutil.copyfile(path, target)
            fsync_dir(folder)

    def bad(path: Path) -> bool:
        return path.exists() and not backups.is_good(path)

    try:
        wanted: dict[str, Path] = {}
        if from_path is not None:
            if not from_path.is_file():
                raise NotFoundError(f"{from_path}: no such backup file; list them with `cppcc-review db check`")
            kind = from_path.name.split("-", 1)[0]
            if kind not in backups.KINDS:
                raise StoreError(
                    f"{from_path}: not a backup of index.json, reviews.json or history.json "
                    "(name it index-…, reviews-… or history-…)"
                )
            if not backups.is_good(from_path):
                raise CorruptError(f"{from_path}: this backup is damaged too; pick another from {folder}")
            wanted[kind] = from_path
        for kind in backups.KINDS:
            if kind not in wanted and bad(db / f"{kind}.json"):
                good = backups.newest_good(db, kind)
                if good is None:
                    raise CorruptError(f"{db / (kind + '.json')}: damaged and no good backup exists; restore the folder from your own copy")
                wanted[kind] = good
        for kind, source in wanted.items():
            target = db / f"{kind}.json"
            set_aside(target)
            atomic_write(target, source.read_bytes())
            restored.append((target, source))
        journal = db / JOURNAL
        if "reviews" in wanted and from_path is not None and journal.exists() and journal.stat().st_size:
            # An explicit restore asks for exactly that copy: newer journal lines go aside.
            set_aside(journal)
            os.truncate(journal, 0)
            restored.append((journal, folder / f"{journal.name}.damaged-{stamp}"))
        elif journal.exists():
            data = read_tables(db / SNAPSHOT, db, "reviews")
            pending = split_history(data)
            try:
                replay(journal, data, db, pending)
            except CorruptError:
                kept = _salvage_journal(journal, data, pending)
                set_aside(journal)
                _write_snapshots(db, data, pending)
                os.truncate(journal, 0)
                restored.append((journal, Path(f"{kept} good lines kept")))
        if "reviews" in wanted:
            _keep_seq_ahead_of_history(db)
        meta = db / "meta.json"
        try:
            # The same test as _check_meta: a meta file the store refuses must not pass here,
            # or `restore` would say "nothing to restore" about a database that cannot open.
            if not isinstance(json.loads(meta.read_bytes().decode("utf-8"))["schema_version"], int):
                raise TypeError("schema_version is not an integer")
        except FileNotFoundError:
            write_json(meta, ReviewStore._new_meta())
            restored.append((meta, Path("rewritten")))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            set_aside(meta)
            write_json(meta, ReviewStore._new_meta())
            restored.append((meta, Path("rewritten")))
    finally:
        lock.release()
    return restored


def _salvage_journal(journal: Path, data: dict[str, Any], history: dict[str, Any]) -> int:
    """Apply the journal's lines up to the first damaged one; return how many were kept."""
    from store.journal import _decode_line

    kept = 0
    for line in journal.read_bytes().split(b"\n"):
        entry = _decode_line(line)
        if entry is None:
            break
        apply_entry(data, entry, history)
        kept += 1
    return kept


def _write_snapshots(db: Path, data: dict[str, Any], pending: dict[str, Any]) -> None:
    """Fold `pending` history into history.json, then write `data` as reviews.json (the
    order of JournalStorage.compact; the caller empties the journal last)."""
    if pending:
        history = read_tables(db / HISTORY_FILE, db, "history")
        merge_history(history, pending)
        atomic_write(db / HISTORY_FILE, dumps(history))
    atomic_write(db / SNAPSHOT, dumps(data))


def _keep_seq_ahead_of_history(db: Path) -> None:
    """After reviews.json came back from a backup: a change's seq is its document id in
    h:<id>, so the change counter must not fall behind the ids history.json already holds
    (history.json is not restored with reviews.json: it keeps changes made after the
    backup). If it did, one journal line moves the counter ahead (fsynced; replayed last)."""
    journal = db / JOURNAL
    data = read_tables(db / SNAPSHOT, db, "reviews")
    pending = split_history(data)
    good_size, _, _ = replay(journal, data, db, pending)
    history = read_tables(db / HISTORY_FILE, db, "history")
    top = max((int(i) for tables in (history, pending) for t in tables.values() for i in t), default=0)
    meta = data.get(META_TABLE, {}).get("1") or {}
    if top <= int(meta.get("seq", 0)):
        return
    fd = os.open(journal, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.ftruncate(fd, good_size)  # an unacknowledged torn tail must not end up mid-journal
        os.lseek(fd, 0, os.SEEK_END)
        os.write(fd, encode_line({META_TABLE: {"1": {**meta, "seq": top}}}))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(db)
