"""Maintenance of a database folder: the `db check`, `db backup` and `db restore` commands.

`check` and `backup` work on an open ReviewStore (reached through `ReviewStore.check()`
and `ReviewStore.backup()`); `check_database` and `restore` work on a folder, because
they must also serve a database that refuses to open (`cppcc_review.store.db.check_database`,
`ReviewStore.restore()`, cppcc_review.store.restore).

`restore` rebuilds a consistent database from whatever is good, and loses nothing that
any good file still holds (cppcc_review.store.restore).
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import backups, reply_packs, shard_format, shards, summary
from .database.layout import HISTORY, REVIEWS, SCHEMA_VERSION
from .errors import StoreError
from .index_storage import gc_paused
from .lock import NOFOLLOW
from .log import LOG as _LOG
from .manifest import TRACKED, Manifest, Version, sha256, shard_file, version_problem

if TYPE_CHECKING:  # for the annotations only: cppcc_review.store.db imports this module
    from .db import ReviewStore

KIND_CHECK = {"index": "index", "reviews": "reviews", "changes": "changes", "names": "names"}

LOG = _LOG.getChild("maintenance")


def _advice(db: Path) -> str:
    return f"run `cppcc-review db restore --db {db}`"


def check(store: ReviewStore) -> dict[str, Any]:
    """Verify the database: every shard against the manifest and the schema, every reply
    text against its index entry, every backup; counts, orphan files and tables, problems."""
    with gc_paused():  # every document decoded and kept for the pass: no cycles to look for
        return _check(store)


def _check(store: ReviewStore) -> dict[str, Any]:
    return _Check(store).run()


class _Check:
    """One `db check` pass: what it found so far (problems to repair, notes worth knowing)
    and what it read (index entries, review and history tables), step by step."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store
        self.db = store.path
        self.manifest = store._folder.manifest
        self.problems: list[str] = []
        self.notes: list[str] = []  # worth knowing, nothing to repair
        self.entries: dict[str, dict[str, Any]] = {}
        self.tables: dict[str, dict[str, Any]] = {}
        self.history: dict[str, dict[str, Any]] = {}
        self.index_whole = True
        self.named: set[str] = set()  # reply files and packs something names
        self.texts = 0

    def run(self) -> dict[str, Any]:
        store, db, manifest = self.store, self.db, self.manifest
        if manifest is not None:
            self.fixed_files(manifest)
            summary_rows, verified = self.shard_files(manifest)
            self.backup_files(manifest, verified)
            self.unnamed_files(manifest)
            self.journal_part()
            self.index_whole = not any("/index/" in p for p in self.problems)
            if self.index_whole and not self.summary_in_step(summary_rows, manifest):  # (unread index: not judged)
                self.problems.append(f"{db / 'summary'}: the summary is out of step with the index; "
                                     f"{_advice(db)} to rebuild it")
        else:  # an older release's files (read as they are)
            self.entries = {e["id"]: e for e in store._index.entries()}
            self.tables = dict(dict.items(store._jstore.read()))
            self.history = store._jstore.pending
        files = self.reply_texts()
        n_changes = self.earlier_texts()
        entries = self.entries
        # One pass over every review table (100,000 of them): replies with reviews, a
        # layout or a history (of a re-import, say), who reviewed, the layouts to check.
        review_ids: set[str] = {name[2:] for name in self.history if name.startswith(HISTORY)}
        reviewed: set[str] = set()
        names: set[str] = set()
        layouts: dict[str, Any] = {}
        for name, table in self.tables.items():
            if not (table and name.startswith(REVIEWS)):
                continue
            rid = name[2:]
            review_ids.add(rid)
            for d in table.values():
                kind = d.get("type")
                if kind == "review":
                    reviewed.add(rid)
                    reviewer = d.get("reviewer")
                    if isinstance(reviewer, str):
                        names.add(reviewer)
                elif kind == "layout" and rid not in layouts:
                    layouts[rid] = d["ranges"]  # (the first layout document, as the store reads it)
        reviewers = sorted(names)
        self.layouts(layouts)
        judged = manifest is None or self.index_whole
        found_backups = [str(p) for p in backups.list_manifests(db)]
        found_backups += [str(p) for kind in backups.KINDS for p in backups.list_backups(db, kind)]
        return {
            "path": str(db),
            "schema_version": SCHEMA_VERSION,
            "replies": len(entries),
            "reply_files": self.texts,
            "reviewed_replies": len(reviewed & set(entries)),
            "reviewers": reviewers,
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
    def fixed_files(self, manifest: Manifest) -> None:
        db = self.db
        for name in TRACKED:
            try:
                raw = (db / name).read_bytes()
            except FileNotFoundError:
                raw = None
            except OSError as exc:
                self.problems.append(f"{db / name}: cannot read ({exc.strerror})")
                continue
            problem = manifest.problem(name, raw)
            if problem is not None:
                self.problems.append(f"{db / name}: {problem}; {_advice(db)}")

    def shard_files(self, manifest: Manifest) -> tuple[list[list[Any]], set[str]]:
        """Every shard against its checksum and its kind's schema; (the summary's rows,
        the shard files found whole)."""
        db = self.db
        summary_rows: list[list[Any]] = []
        verified: set[str] = set()  # shard files found whole (backups share most of them)
        for key, version in sorted(manifest.shards.items()):
            path = db / shard_file(key, version)
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raw = None
            except OSError as exc:
                self.problems.append(f"{path}: cannot read ({exc.strerror})")
                continue
            problem = version_problem([version], raw)
            if problem is not None or raw is None:
                self.problems.append(f"{path}: {problem}; {_advice(db)}")
                continue
            verified.add(shard_file(key, version))
            try:
                self.shard_content(shards.kind_of(key), raw, summary_rows)
            except (backups.Problem, ValueError) as exc:
                self.problems.append(f"{path}: {exc}; {_advice(db)}")
        return summary_rows, verified

    def shard_content(self, kind: str, raw: bytes, summary_rows: list[list[Any]]) -> None:
        if kind == "summary":
            summary_rows.extend(summary.decode_chunk(raw))
            return
        data = backups.parse_tables(raw)
        backups.check_kind(kind, data)
        if kind == "reviews":
            self.tables.update(data)
        elif kind == "changes":
            self.history.update(data)
        elif kind == "index":
            self.entries.update((doc["id"], doc) for doc in data.get("replies", {}).values())

    def backup_files(self, manifest: Manifest, verified: set[str]) -> None:
        db = self.db
        for name, version in sorted(manifest.backups.items()):
            path = backups.folder(db) / name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                self.problems.append(f"{path}: a backup the manifest lists is missing; {_advice(db)} to update the list")
                continue
            if Version.of(raw) != version:
                self.problems.append(f"{path}: this backup is damaged (checksum); it will not be used - {_advice(db)}")
            elif name.startswith(backups.MANIFEST_PREFIX):
                problem = backups.manifest_problem(db, path, verified=verified)
                if problem is not None:
                    self.problems.append(f"{path}: this backup cannot be used ({problem}) - {_advice(db)}")

    def unnamed_files(self, manifest: Manifest) -> None:
        db = self.db
        named = {shard_file(k, v) for k, v in manifest.shards.items()} | self.store._folder.pinned()
        for kind in shards.KINDS:
            for path in sorted((db / kind).glob("*.json")) if (db / kind).is_dir() else ():
                if f"{kind}/{path.name}" not in named:
                    self.notes.append(f"{path}: a file no state of the database names (left by an interrupted "
                                      "write; the next writer removes it)")

    def journal_part(self) -> None:
        """The journal's tables and index entries, over the shards'."""
        journal = self.store._jstore
        data = journal.read()
        for name in journal.journal_tables:
            if name.startswith(REVIEWS) or name == "_meta":
                if dict.__contains__(data, name):
                    self.tables[name] = dict.__getitem__(data, name)
                else:
                    self.tables.pop(name, None)
        for name, docs in journal.pending.items():
            self.history.setdefault(name, {}).update(docs)
        self.entries.update(self.store._index.overlay)

    def summary_in_step(self, summary_rows: list[list[Any]], manifest: Manifest) -> bool:
        """Every reply's row as its index entry says (their order is the inbox's: not judged here)."""
        entries, overlay = self.entries, self.store._index.overlay
        ids = {r[0] for r in summary_rows}
        return (len(summary_rows) == len(ids) == manifest.replies
                and all(row == summary.row_of(entries[row[0]])
                        for row in summary_rows if row[0] in entries and row[0] not in overlay)
                and ids | set(overlay) == set(entries))

    # -- the texts ----------------------------------------------------------------------------
    def reply_texts(self) -> set[str]:
        """Every reply's text against its index entry, each pack parsed once; the names of
        the files in replies/."""
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
        # Each text's checksum is computed on a helper thread while this one parses the
        # pack's JSON (hashlib lets go of the interpreter lock for data this size): the
        # same work, side by side on two cores, not one after the other.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="check-hash") as hasher:
            for file, items in sorted(by_pack.items()):
                path = reply_dir / file
                try:
                    raw = path.read_bytes() if file in files else None
                except OSError as exc:
                    self.problems.append(f"{path}: cannot read ({exc.strerror})")
                    continue
                hashes = hasher.submit(_text_hashes, raw, items) if raw is not None else None
                parsed_at = _pack_items(path, raw, self.problems) if raw is not None and file.startswith("p-") else {}
                digests = hashes.result() if hashes is not None else {}
                for rid, entry in items:
                    self.reply_text(path, raw, parsed_at, rid, entry, digests.get(rid))
        return files

    def reply_text(self, path: Path, raw: bytes | None, parsed_at: dict[int, Any], rid: str,
                   entry: dict[str, Any], digest: str | None = None) -> None:
        """Reply `rid`'s text against its entry; `digest`: its checksum, already computed."""
        if raw is None:
            self.problems.append(f"{path}: missing (the text of reply {rid}); import its document again")
            return
        at = entry.get("at", 0)
        data_bytes = raw[at: at + entry.get("len", 0)] if entry.get("pack") else raw
        want = entry.get("sha256")
        if want and (digest if digest is not None else sha256(data_bytes)) != want:
            try:
                self.store._reply_bytes(rid)  # an older release's re-import that did not finish
                self.texts += 1
            except StoreError as exc:
                self.problems.append(str(exc))
            return
        try:
            stored = parsed_at.get(entry.get("at", -1)) if entry.get("pack") else None
            if stored is None:
                stored = json.loads(data_bytes.decode("utf-8"))
            if not (isinstance(stored, dict) and isinstance(stored.get("text"), str)):
                raise ValueError("not a reply")
        except (ValueError, UnicodeDecodeError) as exc:
            self.problems.append(f"{path}: reply {rid}: not a valid reply ({exc}); import its document again")
            return
        if not want and stored.get("content_hash", entry.get("content_hash")) != entry.get("content_hash"):
            self.problems.append(f"{path}: newer than its index entry; import its document again")
            return
        self.texts += 1

    def earlier_texts(self) -> int:
        """The earlier texts of re-imported replies, which their history names; the number
        of changes in the history (counted in the same pass over its documents)."""
        n_changes = 0
        for name, table in self.history.items():
            history = name.startswith(HISTORY)
            for doc in table.values():
                action, kind = doc.get("action"), doc.get("type")
                if history and (kind == "change" or (kind is None and "action" in doc)):
                    n_changes += 1  # (schema.is_change, inline: half a million documents)
                if action != "reimport":
                    continue
                before = doc.get("before")
                if not (isinstance(before, dict) and before.get("file") and before.get("sha256")):
                    continue
                path = self.db / before["file"]
                try:
                    raw = path.read_bytes()
                    if "at" in before:
                        raw = raw[before["at"]: before["at"] + before["len"]]
                    ok = sha256(raw) == before["sha256"]
                except (OSError, TypeError):
                    ok = False
                if not ok:
                    self.notes.append(f"{path}: the earlier text of reply {name[2:]} is missing or damaged "
                                      "(kept for reference only; the reply and its reviews are not affected)")
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
                self.problems.append(f"reply {rid}: its split / merge layout does not fit the text; re-split it")


def _pack_items(path: Path, raw: bytes, problems: list[str]) -> dict[int, Any]:
    """A pack's texts, decoded once, by where each starts. A pack is whole when it is
    the JSON it was written as: a flipped bit between two texts (outside every text's
    checksum) shows here."""
    parsed_at: dict[int, Any] = {}
    try:
        pack = json.loads(raw.decode("utf-8"))
        if not (isinstance(pack, dict) and list(pack) == ["replies"] and isinstance(pack["replies"], list)
                and raw.startswith(reply_packs.HEAD) and raw.endswith(b"\n]}\n")):
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
        problems.append(f"{path}: damaged ({str(exc)[:80]}); import the documents of its replies again")
    return parsed_at


def _text_hashes(raw: bytes, items: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """{reply id: the SHA-256 of its text's bytes} for the entries of one file (`raw`), as
    reply_text would compute them (the slice an entry names; the whole file without a pack)."""
    view = memoryview(raw)
    out: dict[str, str] = {}
    for rid, entry in items:
        if entry.get("sha256"):
            at = entry.get("at", 0)
            data = view[at: at + entry.get("len", 0)] if entry.get("pack") else view
            out[rid] = hashlib.sha256(data).hexdigest()
    return out


# A journal up to this size is kept in the backup as it is (the app folds past it while
# the reviewer is idle: cppcc_review.store.db maintain); a longer one is folded first, so
# that the backups kept (5 by default) stay a small part of the database: the journal
# copies they carry, and the older versions of the shards a fold rewrites, which they keep
# on disk. In a small database, at most this share of its review and history shards (but
# never less than BACKUP_JOURNAL_MIN: a few days' marks).
BACKUP_JOURNAL_MAX = 256 << 10
BACKUP_JOURNAL_SHARE = 1 / 16
BACKUP_JOURNAL_MIN = 64 << 10


def backup(store: ReviewStore) -> list[Path]:
    """Keep the current state as a backup: a copy of the manifest (it costs the shards
    changed since the last backup, nothing else) carrying the journal's lines not folded
    into those shards yet (cppcc_review.store.backups.encode_backup). The journal is the
    data that changed; folding it first would rewrite every shard it touches (at 100,000
    replies, ~9 MB for 20 ratings) before the copy. A journal past BACKUP_JOURNAL_MAX, or
    one whose bytes on disk are not the lines this store read, is folded first, as before."""
    folder = store._folder
    with store._writing():
        manifest = folder.manifest
        assert manifest is not None  # (an open store of this release has one)
        journal = store._jstore
        carried = None
        size = journal.journal_size
        if journal.journal_lines and manifest.settled() and (size <= BACKUP_JOURNAL_MIN or size <= _journal_limit(manifest)):
            carried = _journal_bytes(journal.journal_path, journal.journal_size, journal.journal_id)
        if carried is not None or not journal.journal_lines:
            return [folder.add_backup(manifest, store.keep_backups, carried)]
        folder.last_backup = None
        store._fold(keep=True)  # the fold's commit keeps its new state as the backup
        made = folder.last_backup
        if made is None:  # nothing to fold: the state as it is
            assert folder.manifest is not None
            made = folder.add_backup(folder.manifest, store.keep_backups)
    return [made]


def _journal_limit(manifest: Manifest) -> int:
    """How long a journal a backup keeps as it is (see BACKUP_JOURNAL_MAX)."""
    reviews = sum(v.size for k, v in manifest.shards.items() if k.startswith(("reviews/", "changes/")))
    return max(BACKUP_JOURNAL_MIN, min(BACKUP_JOURNAL_MAX, int(reviews * BACKUP_JOURNAL_SHARE)))


def _journal_bytes(path: Path, size: int, journal_id: str | None) -> bytes | None:
    """The journal's first `size` bytes (the lines the store read, under the write lock), if
    they are whole lines of journal `journal_id`, each passing its checksum; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
        try:
            data = os.pread(fd, size, 0)
        finally:
            os.close(fd)
    except OSError:
        return None
    if len(data) != size or journal_id is None or backups.journal_id_of(data) != journal_id:
        return None
    return data


def _shard_tables(raw: bytes) -> dict[str, Any]:
    return shard_format.decode(raw)


__all__ = ["Manifest", "backup", "check"]
