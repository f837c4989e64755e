"""What a restore rebuilds from (a part of cppcc_review.store.restore._Restore): the good backups, the
shards on disk and which of them are damaged, the texts in the packs (an index shard is
rebuilt from them), an older release's whole files."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import backups, reply_codec, reply_packs, shards
from .database.layout import (
    compute_reply_id,
    make_summary_doc,
)
from .errors import coded
from .journal import split_history
from .manifest import Manifest, Version, sha256, shard_file, version_problem
from .migrate import LEGACY_FILES
from .schema import is_reply_id

SHARD_FILE = re.compile(r"^(?P<part>[0-9a-f]{2}|_meta|\d{4})\.(?P<sha>[0-9a-f]{16})\.json$")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None




# What a restore rebuilds: reply id -> index entry; table -> documents (the reviews and
# `_meta`); history table -> {change number: document}.
Entries = dict[str, dict[str, Any]]
Tables = dict[str, Any]
History = dict[str, Any]


def readable_backups(db: Path, manifest: Manifest | None) -> Iterator[tuple[Path, Manifest, bytes | None]]:
    """This release's backups that can be read, newest first: (the file, the state it names,
    the journal lines it carries or None). One whose bytes are not those the manifest
    lists for it, or that cannot be read, is passed over."""
    listed = manifest.backups if manifest is not None else {}
    for path in backups.list_manifests(db):
        raw = _read(path)
        expected = listed.get(path.name)
        if raw is None or (expected is not None and Version.of(raw) != expected):
            continue
        try:
            state, journal = backups.load_backup(path, raw, db)
        except backups.Problem:
            continue
        yield path, state, journal


class RestoreSources:
    # What this part uses of _Restore (set by its __init__).
    db: Path
    manifest: Manifest | None
    report: list[tuple[Path, str]]
    changed: bool
    repaired_parts: set[str]  # prefixes whose review shard was rebuilt from a backup
    pending_history: list[tuple[str, int, str, Path]]  # (prefix, backup's seq, what, file)
    index_repaired: bool
    index_parts: list[tuple[str, Entries, str, Path]]  # (prefix, the backup's entries, what, file)

    if TYPE_CHECKING:
        def set_aside(self, path: Path, label: str = "damaged") -> Path | None: ...

    def good_backups(self) -> list[tuple[Path, Manifest]]:
        """This release's backups that can be read, newest first (each shard is checked when used)."""
        # (their shards: the journal a backup carries is in the history, the live journal or
        # the shards folded since)
        return [(path, state) for path, state, _journal in readable_backups(self.db, self.manifest)]

    def backup_shard(self, key: str, kind: str) -> tuple[Path | None, dict[str, Any] | None, Manifest | None]:
        """(the backup, shard `key`'s tables in it, that backup's manifest) from the newest
        good backup whose copy of the shard is good."""
        for path, backup in self.good_backups():
            version = backup.shards.get(key)
            if version is None:
                continue
            raw = _read(self.db / shard_file(key, version))
            if raw is None or version_problem([version], raw) is not None:  # (None is a problem too)
                continue
            try:
                return path, backups.parse_kind(kind, raw), backup
            except backups.Problem:
                continue
        return None, None, None

    def gather(self, manifest_bad: bool) -> tuple[Entries, Tables, History]:
        """What the good shards hold, and the damaged ones rebuilt."""
        db = self.db
        good: dict[str, dict[str, Any]] = {}
        bad: list[str] = []
        if manifest_bad or self.manifest is None:
            good = self.shards_on_disk()
        else:
            for key, version in sorted(self.manifest.shards.items()):
                path = db / shard_file(key, version)
                raw = _read(path)
                problem = version_problem([version], raw)
                kind = shards.kind_of(key)
                data = None
                if problem is None and raw is not None and kind != "summary":  # (None is a problem)
                    try:
                        data = backups.parse_kind(kind, raw)
                    except backups.Problem:
                        problem = "damaged"
                if problem is not None:
                    self.set_aside(path)
                    bad.append(key)
                elif data is not None:
                    good[key] = data
        entries: dict[str, dict[str, Any]] = {}
        tables: dict[str, Any] = {}
        history: dict[str, Any] = {}
        for key, data in good.items():
            kind = shards.kind_of(key)
            if kind == "index":
                entries.update((d["id"], d) for d in data.get("replies", {}).values())
            elif kind == "reviews":
                tables.update(data)
            elif kind == "changes":
                history.update(data)
        for key in bad:
            kind, part = shards.kind_of(key), shards.part_of(key)
            path = db / key
            if kind in ("names", "summary"):
                self.report.append((path, coded("the index", "db.the_index")))
                self.changed = True
                continue
            source, data, backup = self.backup_shard(key, "changes" if kind == "changes" else kind)
            what = str(source) if source else coded("no backup", "db.no_backup")
            self.changed = True
            if kind == "index":
                # Settled after the journal is read (repair_index): each reply's entry
                # comes from its current text, which the history names.
                found = {d["id"]: d for d in (data or {}).get("replies", {}).values()}
                self.index_parts.append((part, found, what, path))
                self.index_repaired = True
                continue
            elif kind == "changes":
                history.update(data or {})
                self.report.append((path, coded(f"{source}; the history entries of changes folded after it are lost "
                                                "(their effect on the reviews is kept)", "db.changes_from", source=source)
                                    if source else
                                    coded("nothing (no backup): the history entries folded so far are lost (the reviews "
                                          "are kept)", "db.nothing_changes")))
                continue
            elif kind == "reviews":
                base = data or {}
                base_seq = 0
                if backup is not None:
                    meta_version = backup.shards.get(shards.META_KEY)
                    raw = _read(db / shard_file(shards.META_KEY, meta_version)) if meta_version else None
                    try:
                        base_seq = int(((json.loads(raw) if raw else {}).get("_meta") or {}).get("1", {}).get("seq", 0))
                    except (ValueError, AttributeError):
                        base_seq = 0
                if part == shards.META:
                    tables.update(base)
                else:
                    tables.update(base)
                    self.repaired_parts.add(part)
                    self.pending_history.append((part, base_seq, what, path))
                    continue
            self.report.append((path, what))
        return entries, tables, history

    def shards_on_disk(self) -> dict[str, dict[str, Any]]:
        """Without a manifest: each shard's newest file that reads as one (index and
        history shards: the union of every version found)."""
        found: dict[str, list[tuple[float, dict[str, Any]]]] = {}
        for kind in shards.KINDS:
            folder = self.db / kind
            if not folder.is_dir() or kind in ("summary", "names"):
                continue
            for name in os.listdir(folder):
                m = SHARD_FILE.match(name)
                if m is None:
                    continue
                path = folder / name
                raw = _read(path)
                if raw is None or sha256(raw)[:16] != m.group("sha"):
                    continue
                try:
                    data = backups.parse_kind(kind, raw)
                except backups.Problem:
                    continue
                found.setdefault(f"{kind}/{m.group('part')}", []).append((path.stat().st_mtime, data))
        out: dict[str, dict[str, Any]] = {}
        for key, versions in found.items():
            versions.sort(key=lambda item: item[0])
            kind = shards.kind_of(key)
            if kind == "reviews":
                out[key] = versions[-1][1]
            else:
                merged: dict[str, Any] = {}
                for _when, data in versions:
                    for table, docs in data.items():
                        if kind == "index":
                            by_id = {d["id"]: d for d in merged.get(table, {}).values()}
                            by_id.update((d["id"], d) for d in docs.values())
                            merged[table] = {str(i): d for i, d in enumerate(by_id.values(), 1)}
                        else:
                            merged.setdefault(table, {}).update(docs)
                out[key] = merged
        self.changed = True
        return out

    def texts_of(self, part: str) -> dict[str, list[dict[str, Any]]]:
        """Reply id -> an index entry for each text of prefix `part` found (in packs, or an
        older release's reply files), in the order written."""
        out: dict[str, list[dict[str, Any]]] = {}
        folder = self.db / reply_packs.FOLDER
        if not folder.is_dir():
            return out
        paths = sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name))
        for path in paths:
            raw = _read(path)
            if raw is None:
                continue
            if path.name.startswith("p-"):
                at = raw.find(b"\n") + 1
                while 0 < at < len(raw):
                    end = raw.find(b"\n", at)
                    line = raw[at:end if end >= 0 else len(raw)]
                    value = line[:-1] if line.endswith(b",") else line
                    if value.startswith(b'{"v":2,"id":"' + part.encode()):
                        entry = self._entry_of(value)
                        if entry is not None:
                            entry.update(pack=path.name, at=at, len=len(value), sha256=sha256(value))
                            out.setdefault(entry["id"], []).append(entry)
                    at = end + 1 if end >= 0 else len(raw)
            elif path.stem.startswith(part):
                entry = self._entry_of(raw, rid=path.stem)
                if entry is not None:
                    entry["sha256"] = sha256(raw)
                    out.setdefault(entry["id"], []).append(entry)
        return out

    @staticmethod
    def _entry_of(raw: bytes, rid: str | None = None) -> dict[str, Any] | None:
        try:
            data = json.loads(raw.decode("utf-8"))
            reply = reply_codec.decode(data)
            # A pack's text carries the id it is stored under: a reply without 文号 whose
            # text was re-imported keeps the id of its first text (cppcc_review.store.reply_links).
            stored = data.get("id") if rid is None else None
            found = stored if is_reply_id(stored) else compute_reply_id(reply)
        except Exception:
            return None
        if rid is not None and found != rid:
            return None
        return make_summary_doc(found, reply)

    def repair_index(self, entries: Entries, history: History) -> None:
        """Each damaged index shard: an entry for every reply of its prefix whose text is
        found, for the text it has now (the newest re-import in its history, else the
        backup's entry, else the newest text), and the backup's entry where no text is."""
        for part, found, what, path in self.index_parts:
            texts = self.texts_of(part)
            current: dict[str, str] = {}
            for name, table in history.items():
                if name[2:2 + len(part)] != part:
                    continue
                reimports = [(int(i), d) for i, d in table.items() if d.get("action") == "reimport"]
                if reimports:
                    after = max(reimports)[1].get("after") or {}
                    if after.get("content_hash"):
                        current[name[2:]] = after["content_hash"]
            rebuilt = 0
            for rid, candidates in texts.items():
                want = current.get(rid) or (found.get(rid) or {}).get("content_hash")
                chosen = next((c for c in reversed(candidates) if c.get("content_hash") == want), candidates[-1])
                if rid not in found or found[rid].get("content_hash") != chosen.get("content_hash"):
                    rebuilt += 1
                found[rid] = chosen
            for rid in [r for r in entries if r.startswith(part)]:
                entries.pop(rid)
            entries.update(found)
            if rebuilt:
                what = coded(f"{what} and {rebuilt} reply text{'s' if rebuilt > 1 else ''}", "db.and_texts", what=what,
                             n=rebuilt)
            self.report.append((path, what))

    def gather_legacy(self) -> tuple[Entries, Tables, History]:
        """An older release's whole files: each good one as it is, a damaged one from its
        newest good whole-file backup (the same rules)."""
        db = self.db
        data: dict[str, dict[str, Any]] = {}
        for name, kind in zip(LEGACY_FILES, backups.KINDS, strict=False):
            raw = _read(db / name)
            problem = None
            if self.manifest is not None and name in self.manifest.files:
                problem = self.manifest.problem(name, raw)
            parsed = None
            if raw is not None and problem is None:
                try:
                    parsed = backups.parse_tables(raw)
                    backups.check_kind(kind, {k: v for k, v in parsed.items() if not (kind == "reviews" and k.startswith("h:"))})
                except backups.Problem as exc:
                    problem = str(exc)
            if problem is None:
                data[kind] = parsed or {}
                continue
            self.set_aside(db / name)
            self.changed = True
            source = backups.newest_good(db, kind)
            data[kind] = backups.parse_tables(source.read_bytes()) if source else {}
            self.report.append((db / name, str(source) if source else coded("no backup", "db.no_backup")))
        tables = data["reviews"]
        history = data["history"]
        for name, table in split_history(tables).items():
            history.setdefault(name, {}).update(table)
        entries = {d["id"]: d for d in data["index"].get("replies", {}).values()}
        return entries, tables, history
