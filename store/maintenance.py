"""Maintenance of a database folder: the `db check`, `db backup` and `db restore` commands.

`check` and `backup` work on an open ReviewStore (reached through `ReviewStore.check()`
and `ReviewStore.backup()`); `check_database` and `restore` work on a folder, because
they must also serve a database that refuses to open (`store.db.check_database`,
`ReviewStore.restore()`).

`restore` rebuilds a consistent database from whatever is good, and loses nothing that
any good file still holds (store.restore).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store import backups, reply_packs, shard_format, shards, summary
from store.db import HISTORY, REVIEWS, SCHEMA_VERSION, ReviewStore
from store.errors import StoreError
from store.manifest import TRACKED, Manifest, Version, sha256, shard_file, version_problem

KIND_CHECK = {"index": "index", "reviews": "reviews", "changes": "changes", "names": "names"}


def _advice(db: Path) -> str:
    return f"run `cppcc-review db restore --db {db}`"


def check(store: ReviewStore) -> dict[str, Any]:
    """Verify the database: every shard against the manifest and the schema, every reply
    text against its index entry, every backup; counts, orphan files and tables, problems."""
    from store.index_storage import gc_paused

    with gc_paused():  # every document decoded and kept for the pass: no cycles to look for
        return _check(store)


def _check(store: ReviewStore) -> dict[str, Any]:
    problems: list[str] = []
    notes: list[str] = []  # worth knowing, nothing to repair
    db = store.path
    folder = store._folder
    manifest = folder.manifest
    entries: dict[str, dict[str, Any]] = {}
    tables: dict[str, dict[str, Any]] = {}
    history: dict[str, dict[str, Any]] = {}
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
        summary_rows: list[list[Any]] = []
        verified: set[str] = set()  # shard files found whole (backups share most of them)
        for key, version in sorted(manifest.shards.items()):
            path = db / shard_file(key, version)
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raw = None
            except OSError as exc:
                problems.append(f"{path}: cannot read ({exc.strerror})")
                continue
            problem = version_problem([version], raw)
            if problem is not None:
                problems.append(f"{path}: {problem}; {_advice(db)}")
                continue
            verified.add(shard_file(key, version))
            kind = shards.kind_of(key)
            try:
                if kind == "summary":
                    summary_rows.extend(summary.decode_chunk(raw))
                    continue
                data = backups.parse_tables(raw)
                if kind == "reviews":
                    backups.check_kind("reviews", data)
                    tables.update(data)
                elif kind == "changes":
                    backups.check_kind("changes", data)
                    history.update(data)
                else:
                    backups.check_kind(kind, data)
                    if kind == "index":
                        entries.update((doc["id"], doc) for doc in data.get("replies", {}).values())
            except (backups.Problem, ValueError) as exc:
                problems.append(f"{path}: {exc}; {_advice(db)}")
        for name, version in sorted(manifest.backups.items()):
            path = backups.folder(db) / name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                problems.append(f"{path}: a backup the manifest lists is missing; {_advice(db)} to update the list")
                continue
            if Version.of(raw) != version:
                problems.append(f"{path}: this backup is damaged (checksum); it will not be used - {_advice(db)}")
            elif name.startswith(backups.MANIFEST_PREFIX):
                problem = backups.manifest_problem(db, path, verified=verified)
                if problem is not None:
                    problems.append(f"{path}: this backup cannot be used ({problem}) - {_advice(db)}")
        named = {shard_file(k, v) for k, v in manifest.shards.items()} | folder.pinned()
        for kind in shards.KINDS:
            for path in sorted((db / kind).glob("*.json")) if (db / kind).is_dir() else ():
                if f"{kind}/{path.name}" not in named:
                    notes.append(f"{path}: a file no state of the database names (left by an interrupted "
                                 "write; the next writer removes it)")
        # the journal's part, over the shards'
        journal = store._jstore
        data = journal.read()
        for name in journal.journal_tables:
            if name.startswith(REVIEWS) or name == "_meta":
                if dict.__contains__(data, name):
                    tables[name] = dict.get(data, name)
                else:
                    tables.pop(name, None)
        for name, docs in journal.pending.items():
            history.setdefault(name, {}).update(docs)
        entries.update(store._index.overlay)
        index_whole = not any("/index/" in p for p in problems)
        # Every reply's row, as its index entry says (their order is the inbox's: not judged here).
        overlay = store._index.overlay
        in_step = len(summary_rows) == len({r[0] for r in summary_rows}) == manifest.replies and all(
            row == summary.row_of(entries[row[0]]) for row in summary_rows if row[0] in entries and row[0] not in overlay
        ) and {r[0] for r in summary_rows} | set(overlay) == set(entries)
        if index_whole and not in_step:  # (with an index shard unread, not judged)
            problems.append(f"{db / 'summary'}: the summary is out of step with the index; {_advice(db)} to rebuild it")
    else:  # an older release's files (read as they are)
        index_whole = True
        entries = {e["id"]: e for e in store._index.entries()}
        data = store._jstore.read()
        tables = {n: t for n, t in dict.items(data)}
        history = store._jstore.pending

    # reply texts
    reply_dir = db / "replies"
    files = {p.name for p in reply_dir.glob("*.json")} if reply_dir.is_dir() else set()
    named: set[str] = set()
    by_pack: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    texts = 0
    for rid in sorted(entries):
        entry = entries[rid]
        file = reply_packs.where(entry, rid).split("/", 1)[1]
        named.add(file)
        by_pack.setdefault(file, []).append((rid, entry))
    if manifest is not None and not index_whole:
        by_pack = {}  # which texts belong to which reply is not known while an index shard is damaged
    for file, items in sorted(by_pack.items()):
        path = reply_dir / file
        try:
            raw = path.read_bytes() if file in files else None
        except OSError as exc:
            problems.append(f"{path}: cannot read ({exc.strerror})")
            continue
        parsed_at: dict[int, Any] = {}  # a pack's texts, decoded once, by where each starts
        if raw is not None and file.startswith("p-"):
            # A pack is whole when it is the JSON it was written as: a flipped bit between
            # two texts (outside every text's checksum) shows here.
            try:
                pack = json.loads(raw.decode("utf-8"))
                if not (isinstance(pack, dict) and list(pack) == ["replies"] and isinstance(pack["replies"], list)
                        and raw.startswith(reply_packs.HEAD) and raw.endswith(b"\n]}\n")):
                    raise ValueError("not a pack of replies")
                at = len(reply_packs.HEAD)
                for item, line in zip(pack["replies"], raw[at:].split(b"\n")):
                    parsed_at[at] = item
                    at += len(line) + 1
            except (ValueError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: damaged ({str(exc)[:80]}); import the documents of its replies again")
        for rid, entry in items:
            if raw is None:
                problems.append(f"{path}: missing (the text of reply {rid}); import its document again")
                continue
            if entry.get("pack"):
                data_bytes = raw[entry.get("at", 0): entry.get("at", 0) + entry.get("len", 0)]
            else:
                data_bytes = raw
            want = entry.get("sha256")
            if want and sha256(data_bytes) != want:
                try:
                    store._reply_bytes(rid)  # an older release's re-import that did not finish
                    texts += 1
                except StoreError as exc:
                    problems.append(str(exc))
                continue
            try:
                stored = parsed_at.get(entry.get("at")) if entry.get("pack") else None
                if stored is None:
                    stored = json.loads(data_bytes.decode("utf-8"))
                if not (isinstance(stored, dict) and isinstance(stored.get("text"), str)):
                    raise ValueError("not a reply")
            except (ValueError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: reply {rid}: not a valid reply ({exc}); import its document again")
                continue
            if not want and stored.get("content_hash", entry.get("content_hash")) != entry.get("content_hash"):
                problems.append(f"{path}: newer than its index entry; import its document again")
                continue
            texts += 1
    for name, table in history.items():
        for doc in table.values():
            before = doc.get("before") if doc.get("action") == "reimport" else None
            if isinstance(before, dict) and before.get("file") and before.get("sha256"):
                path = db / before["file"]
                try:
                    raw = path.read_bytes()
                    if "at" in before:
                        raw = raw[before["at"]: before["at"] + before["len"]]
                    ok = sha256(raw) == before["sha256"]
                except (OSError, TypeError):
                    ok = False
                if not ok:
                    notes.append(f"{path}: the earlier text of reply {name[2:]} is missing or damaged "
                                 "(kept for reference only; the reply and its reviews are not affected)")
                else:
                    named.add(Path(before["file"]).name)
    # replies with reviews, a layout or a history (of a re-import, say)
    review_ids = {name[2:] for name, t in tables.items() if name.startswith(REVIEWS) and t}
    review_ids |= {name[2:] for name in history if name.startswith(HISTORY)}
    reviewed = {n[2:] for n, t in tables.items() if n.startswith(REVIEWS) and t and any(d.get("type") == "review" for d in t.values())}
    reviewers = sorted({d["reviewer"] for n, t in tables.items() if n.startswith(REVIEWS) and t
                        for d in t.values() if d.get("type") == "review" and isinstance(d.get("reviewer"), str)})
    from store.schema import is_change

    n_changes = sum(1 for n, t in history.items() if n.startswith(HISTORY) for d in t.values() if is_change(d))
    for rid in sorted(review_ids & set(entries)):
        table = tables.get(REVIEWS + rid) or {}
        layout = next((d["ranges"] for d in table.values() if d.get("type") == "layout"), None)
        if layout is None:
            continue
        try:
            n_lines = len(store.get_reply(rid).lines)
        except StoreError:
            continue
        if any(not 0 <= s < e <= n_lines for s, e in layout):
            problems.append(f"reply {rid}: its split / merge layout does not fit the text; re-split it")
    orphans = sorted(Path(f).stem for f in files - named) if manifest is None or index_whole else []
    orphan_reviews = sorted(review_ids - set(entries)) if manifest is None or index_whole else []
    found_backups = [str(p) for p in backups.list_manifests(db)]
    found_backups += [str(p) for kind in backups.KINDS for p in backups.list_backups(db, kind)]
    return {
        "path": str(db),
        "schema_version": SCHEMA_VERSION,
        "replies": len(entries),
        "reply_files": texts,
        "reviewed_replies": len(reviewed & set(entries)),
        "reviewers": reviewers,
        "changes": n_changes,
        "journal_lines": store._jstore.journal_lines,
        "backups": found_backups,
        "orphans": orphans,  # reply files or packs no index entry names (a killed import); harmless
        "orphan_reviews": orphan_reviews,  # reviews of replies missing from the index: re-import them
        "problems": problems,
        "notes": notes,
        "ok": not problems,
    }


def backup(store: ReviewStore) -> list[Path]:
    """Fold the journal into the shards, then keep that state as a backup (a copy of the
    manifest: it costs the shards changed since the last backup, nothing else)."""
    folder = store._folder
    with store._writing():
        folder.last_backup = None
        store._fold(keep=True)  # the fold's commit keeps its new state as the backup
        made = folder.last_backup
        if made is None:  # nothing to fold: the state as it is
            made = folder.add_backup(folder.manifest, store.keep_backups)
    return [made]


def check_database(path) -> dict[str, Any]:
    """`db check` without the writer lock: a report even when the database cannot be opened."""
    try:
        with ReviewStore(path, readonly=True) as store:
            return store.check()
    except StoreError as exc:
        return {"path": str(path), "problems": [str(exc)], "ok": False}


def restore(db: Path, from_path: Path | None, lock_timeout: float) -> list[tuple[Path, str]]:
    from store.restore import restore as run

    return run(db, from_path, lock_timeout)


def _shard_tables(raw: bytes) -> dict[str, Any]:
    return shard_format.decode(raw)


__all__ = ["backup", "check", "check_database", "restore", "Manifest"]
