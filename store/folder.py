"""The files of a database folder, kept in step with its manifest (store.manifest).

`DatabaseFolder.read(name)` returns a tracked file's bytes only if the manifest accepts
them (a deleted, cut, swapped or bit-flipped file is a CorruptError naming it and
`db restore --db`). `commit()` replaces several files together:

  1. the new backups are written (and their folder fsynced);
  2. the manifest is rewritten to accept, for each file, its old and its new version
     (and the old and new journal), listing the new backups;
  3. each file is replaced atomically, in the order given (store.atomic: temp file,
     fsync, rename, fsync of the folder); the journal, when it is replaced, last;
  4. the manifest is rewritten to accept the new versions only, without the backups
     that rotate out, which are then deleted.

A crash anywhere leaves a manifest that accepts what is on disk; the next writer settles
it (`settle()`). Each step is durable before the next starts, so a power cut obeys the
same rule (tests/test_reliability_powercut.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from store import backups
from store.atomic import atomic_write, fsync_dir
from store.errors import CorruptError, StoreError
from store.manifest import MANIFEST, TRACKED, Manifest, Version

JOURNAL = "reviews.journal"
KIND_OF = {"index.json": "index", "reviews.json": "reviews", "history.json": "history", JOURNAL: "reviews",
           "meta.json": "meta", MANIFEST: "manifest"}


class DatabaseFolder:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.manifest: Manifest | None = None
        self._signature: tuple | None = None

    # ------------------------------------------------------------------ reading
    def corrupt(self, name: str, problem: str) -> CorruptError:
        return backups.corrupt(self.path, self.path / name, problem, KIND_OF.get(name, name))

    def _stat_signature(self) -> tuple | None:
        try:
            st = os.stat(self.path / MANIFEST)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.path / MANIFEST}: cannot read ({exc.strerror}); check its permissions") from exc
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def load(self, *, required: bool) -> Manifest | None:
        """Read (and check) the manifest; None when there is none and none is required."""
        signature = self._stat_signature()
        if signature is None:
            if required:
                raise self.corrupt(MANIFEST, "missing (a database of this version always has one)")
            self.manifest, self._signature = None, None
            return None
        try:
            raw = (self.path / MANIFEST).read_bytes()
        except OSError as exc:
            raise StoreError(f"{self.path / MANIFEST}: cannot read ({exc.strerror}); check its permissions") from exc
        try:
            manifest = Manifest.from_bytes(raw)
        except backups.Problem as exc:
            raise self.corrupt(MANIFEST, str(exc)) from None
        self.manifest, self._signature = manifest, signature
        return manifest

    def changed(self) -> bool:
        """Whether manifest.json was rewritten since it was read (one stat)."""
        return self._stat_signature() != self._signature

    def read(self, name: str) -> bytes | None:
        """The bytes of tracked file `name` (None: absent), checked against the manifest."""
        path = self.path / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        except IsADirectoryError:
            raise self.corrupt(name, "is a folder, not a file") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
        if self.manifest is not None:
            problem = self.manifest.problem(name, data)
            if problem is not None:
                kind = KIND_OF.get(name)
                if data is not None and kind in backups.KINDS:
                    try:  # say what is wrong with the content, if that shows
                        tables = backups.parse_tables(data)
                        backups.check_kind(kind, {k: v for k, v in tables.items() if not k.startswith("h:")}
                                           if kind == "reviews" else tables)
                    except backups.Problem as exc:
                        problem = str(exc)
                raise self.corrupt(name, problem)
        return data

    def check_size(self, name: str) -> None:
        """The cheap look at a file not read now (history.json at open): present, right size."""
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
                raise self.corrupt(JOURNAL, "missing or without its first line (the database's manifest names it)")
        elif journal_id not in self.manifest.journal:
            raise self.corrupt(JOURNAL, "not this database's journal (its id is not the one the manifest names)")

    # ------------------------------------------------------------------ writing
    def _write_manifest(self, manifest: Manifest) -> None:
        manifest.generation += 1
        atomic_write(self.path / MANIFEST, manifest.to_bytes())
        self.manifest = manifest
        self._signature = self._stat_signature()

    def commit(
        self,
        files: dict[str, bytes],
        *,
        journal: tuple[str, bytes] | None = None,
        new_backups: list[tuple[str, bytes]] = (),
        keep_backups: int = 5,
    ) -> list[Path]:
        """Replace `files` (name -> bytes, in this order) and, with `journal` (id, bytes), the
        journal, keeping the manifest in step; write `new_backups` ((kind, bytes)) and rotate
        each kind to `keep_backups`. Returns the backups written."""
        if self.manifest is None:
            raise StoreError(f"{self.path}: no manifest to keep in step; nothing was changed")
        written: list[Path] = []
        when = backups.stamp()
        for kind, data in new_backups:
            written.append(backups.write(self.path, kind, data, when))
        if written:
            fsync_dir(backups.folder(self.path))
        drop: list[Path] = []
        for kind in {kind for kind, _ in new_backups}:
            drop += backups.beyond(self.path, kind, max(keep_backups, 1))
        dropped = {p.name for p in drop}
        versions = {name: Version.of(data) for name, data in files.items()}
        before = self.manifest.copy()
        step = before.copy()
        for name, version in versions.items():
            accepted = step.accepted(name)
            step.files[name] = accepted + [version] if version not in accepted else accepted
        if journal is not None:
            step.journal = [j for j in step.journal if j != journal[0]] + [journal[0]]
        for path, (_, data) in zip(written, new_backups):
            step.backups[path.name] = Version.of(data)
        self._write_manifest(step)
        replaced: list[str] = []
        try:
            for name, data in files.items():
                atomic_write(self.path / name, data)
                replaced.append(name)
            if journal is not None:
                atomic_write(self.path / JOURNAL, journal[1])
        except BaseException:
            # Put the manifest back to what is on disk: the files replaced so far in their
            # new version, the others in their old one (a failure here leaves the manifest
            # accepting both, which the next writer settles).
            undo = before.copy()
            for name in replaced:
                undo.files[name] = [versions[name]]
            for path, (_, data) in zip(written, new_backups):
                undo.backups[path.name] = Version.of(data)
            try:
                self._write_manifest(undo)
            except StoreError:
                pass
            raise
        done = step.copy()
        for name, version in versions.items():
            done.files[name] = [version]
        if journal is not None:
            done.journal = [journal[0]]
        for name in dropped:
            done.backups.pop(name, None)
        self._write_manifest(done)
        backups.remove(drop)
        return written

    def settle(self) -> None:
        """After a crash inside `commit()`: make the manifest accept only what is on disk."""
        manifest = self.manifest
        if manifest is None or manifest.settled():
            return
        fixed = manifest.copy()
        for name, accepted in manifest.files.items():
            if len(accepted) > 1:
                try:
                    data = (self.path / name).read_bytes()
                except FileNotFoundError:
                    data = None
                version = None if data is None else Version.of(data)
                if version in accepted:
                    fixed.files[name] = [version]
        if len(manifest.journal) > 1:
            from store.journal import read_journal_id

            found = read_journal_id(self.path / JOURNAL)
            if found in manifest.journal:
                fixed.journal = [found]
        self._write_manifest(fixed)

    def add_backups(self, written: list[Path]) -> None:
        """List backups written outside `commit()` (`db backup`) in the manifest."""
        if self.manifest is None:
            return
        step = self.manifest.copy()
        for path in written:
            step.backups[path.name] = Version.of(path.read_bytes())
        self._write_manifest(step)

    def drop_backups(self, paths: list[Path]) -> None:
        if self.manifest is None or not paths:
            backups.remove(paths)
            return
        step = self.manifest.copy()
        for path in paths:
            step.backups.pop(path.name, None)
        self._write_manifest(step)
        backups.remove(paths)

    def write_fresh(self, manifest: Manifest) -> None:
        """Write `manifest` as it is (a migration or a restore built it from the files)."""
        manifest.generation = max(manifest.generation, (self.manifest.generation if self.manifest else 0))
        self._write_manifest(manifest)


def refuse_output_inside(db_path: Path, output: str | os.PathLike[str]) -> None:
    """InputError when `output` would be written inside the database folder (an export
    named `<db>/reviews.json` would overwrite the database's own file)."""
    from store.errors import InputError

    target = Path(os.path.realpath(Path(output).expanduser()))
    folder = Path(os.path.realpath(db_path))
    if target == folder or folder in target.parents:
        raise InputError(
            f"{output}: inside the database folder {db_path}; the database's files are its own - "
            "write the export somewhere else"
        )


def describe(db_path: Path) -> Manifest:
    """A manifest of the tracked files as they are on disk now (for migration and restore;
    the caller checked them first)."""
    manifest = Manifest()
    for name in TRACKED:
        try:
            manifest.files[name] = [Version.of((db_path / name).read_bytes())]
        except FileNotFoundError:
            manifest.files[name] = [None]
    return manifest
