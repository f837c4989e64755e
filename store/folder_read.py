"""Reading a database folder's state (a part of cppcc_review.store.folder.DatabaseFolder): the manifest,
whether another process changed it, a fixed-name file or a shard checked against it,
every shard's size at open."""

from __future__ import annotations

import os
from pathlib import Path

from . import backups, summary
from .errors import CorruptError, StoreError, coded, detail, json_detail
from .journal_lines import JOURNAL
from .manifest import MANIFEST, Manifest, Version, shard_file

KIND_OF = {"index.json": "index", "reviews.json": "reviews", "history.json": "history", JOURNAL: "reviews",
           "meta.json": "meta", MANIFEST: "manifest"}


Signature = tuple[int, int, int]  # the manifest file's (inode, size, mtime in ns)


class FolderReading:
    # What this part uses of DatabaseFolder (set by its __init__).
    path: Path
    manifest: Manifest | None
    _signature: Signature | None

    # ------------------------------------------------------------------ reading
    def corrupt(self, name: str, problem: str) -> CorruptError:
        return backups.corrupt(self.path, self.path / name, problem, KIND_OF.get(name, name))

    def _stat_signature(self) -> Signature | None:
        try:
            st = os.stat(self.path / MANIFEST)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.path / MANIFEST}: cannot read ({exc.strerror}); check its permissions",
                             code="file_unreadable", path=self.path / MANIFEST, reason=exc.strerror) from exc
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def load(self, *, required: bool) -> Manifest | None:
        """Read (and check) the manifest; None when there is none and none is required."""
        signature = self._stat_signature()
        if signature is None:
            if required:
                raise self.corrupt(MANIFEST, coded("missing (a database of this version always has one)",
                                                    "detail.manifest_missing"))
            self.manifest, self._signature = None, None
            return None
        try:
            raw = (self.path / MANIFEST).read_bytes()
        except OSError as exc:
            raise StoreError(f"{self.path / MANIFEST}: cannot read ({exc.strerror}); check its permissions",
                             code="file_unreadable", path=self.path / MANIFEST, reason=exc.strerror) from exc
        try:
            manifest = Manifest.from_bytes(raw)
        except backups.Problem as exc:  # (with its code: worded in the interface's language)
            raise self.corrupt(MANIFEST, detail(exc)) from None
        self.manifest, self._signature = manifest, signature
        return manifest

    def changed(self) -> bool:
        """Whether manifest.json was rewritten since it was read (one stat)."""
        return self._stat_signature() != self._signature

    def read(self, name: str) -> bytes | None:
        """The bytes of fixed-name file `name` (None: absent), checked against the manifest."""
        path = self.path / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        except IsADirectoryError:
            raise self.corrupt(name, coded("is a folder, not a file", "detail.folder")) from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions",
                             code="file_unreadable", path=path, reason=exc.strerror) from exc
        if self.manifest is not None:
            problem = self.manifest.problem(name, data)
            if problem is not None:
                kind = KIND_OF.get(name)
                if data is not None and kind in backups.KINDS and name != JOURNAL:
                    try:  # an older release's whole file: say what is wrong with its content, if that shows
                        tables = backups.parse_tables(data)
                        backups.check_kind(kind, {k: v for k, v in tables.items() if not k.startswith("h:")}
                                           if kind == "reviews" else tables)
                    except backups.Problem as exc:
                        problem = detail(exc)
                raise self.corrupt(name, problem)
        return data

    def shard_path(self, key: str, version: Version | None = None) -> Path:
        version = version or (self.manifest.shards.get(key) if self.manifest else None)
        if version is None:
            raise KeyError(key)
        return self.path / shard_file(key, version)

    def read_shard(self, key: str) -> bytes | None:
        """The bytes of shard `key` (None: the database has no such shard), checked against
        the manifest: CorruptError naming the file when they are not what it names."""
        manifest = self.manifest
        if manifest is None:
            return None
        version = manifest.shards.get(key)
        if version is None:
            return None
        path = self.path / shard_file(key, version)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions",
                             code="file_unreadable", path=path, reason=exc.strerror) from exc
        problem = manifest.shard_problem(key, data)
        if problem is not None:
            if data is not None:
                try:  # say what is wrong with the content, if that shows
                    kind = key.split("/", 1)[0]
                    if kind == "summary":
                        summary.decode_chunk(data)
                    else:
                        backups.parse_kind(kind, data)
                except backups.Problem as exc:
                    problem = detail(exc)
                except ValueError as exc:
                    said = json_detail(exc)
                    problem = coded(f"not a valid summary ({said})", "detail.summary_invalid", detail=said)
            raise backups.corrupt(self.path, path, problem, "shards")
        return data

    def check_shard_sizes(self) -> None:
        """The cheap look at every shard at open (one stat each: about 2 ms for the 1,000
        shards of 100,000 replies): a shard deleted, cut short or grown is refused at once,
        by every command; other damage is found when the shard is read (its checksum), and
        by `db check`."""
        manifest = self.manifest
        if manifest is None:
            return
        root = str(self.path) + os.sep
        stat = os.stat
        for key, version in manifest.shards.items():
            name = root + key + "." + version.sha256[:16] + ".json"  # shard_file(), without Path objects
            try:
                size: int | None = stat(name).st_size
            except FileNotFoundError:
                size = None
            except OSError as exc:
                raise StoreError(f"{name}: cannot read ({exc.strerror}); check its permissions",
                             code="file_unreadable", path=name, reason=exc.strerror) from exc
            if size != version.size:
                path = self.path / shard_file(key, version)
                data = None
                if size is not None:
                    try:
                        data = path.read_bytes()
                    except OSError:
                        data = None
                self.read_shard(key) if data is not None else None  # says what is wrong with the content
                problem = manifest.shard_problem(key, data)
                raise backups.corrupt(self.path, path, problem or "damaged", "shards")

    def check_size(self, name: str) -> None:
        """The cheap look at a file not read now: present, right size."""
        if self.manifest is None:
            return
        try:
            size: int | None = os.stat(self.path / name).st_size
        except FileNotFoundError:
            size = None
        problem = self.manifest.size_problem(name, size)
        if problem is not None:
            raise self.corrupt(name, problem)

    def check_journal_id(self, journal_id: str | None) -> None:
        if self.manifest is None:
            return
        if journal_id is None:
            if self.manifest.journal:
                raise self.corrupt(JOURNAL, coded("missing or without its first line (the database's manifest names it)",
                                                   "detail.journal_no_header"))
        elif journal_id not in self.manifest.journal:
            raise self.corrupt(JOURNAL, coded("not this database's journal (its id is not the one the manifest names)",
                                               "detail.journal_foreign"))
