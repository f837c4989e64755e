"""The files of a database folder, kept in step with its manifest (cppcc_review.store.manifest).

`DatabaseFolder.read(name)` returns a fixed-name file's bytes (meta.json) and
`read_shard(key)` a shard's bytes, each only if the manifest accepts them: a deleted,
cut, swapped or bit-flipped file is a CorruptError naming it and `db restore --db`.

`commit()` makes a new state of the database, in this order, each step durable before
the next:

  1. the new shard files, each under a name of its own (its content's checksum): no
     file anyone can read changes, and a crash leaves only files nobody names;
  2. when a fixed-name file (meta.json) or the journal is replaced as well: the manifest
     accepting the old and the new version of each, then those files replaced;
  3. the manifest naming the new shards (and only the new versions): this rename is the
     moment the new state becomes the state;
  4. the files no manifest names any more (the old versions, unless a backup names
     them) are deleted.

A crash anywhere leaves a manifest that accepts what is on disk; the next writer settles
it (`settle()`) and removes files nobody names (`collect_garbage()`). Each step is
durable before the next starts, so a power cut obeys the same rule
(tests/test_reliability_powercut.py).

Backups (`backups/backup-<time>.json`) name an earlier manifest (kept by a hard link in
backups/, or copied: cppcc_review.store.backups): they name the shard files of that state,
which are kept as long as a backup in backups/ names them (`pinned()` lists the folder: the
manifest does not list them). A backup therefore costs the shards that changed since, not
a copy of everything, and its own file: `add_backup`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from .atomic import atomic_write, fsync_dir, write_new
from .errors import StoreError
from .folder_backups import FolderBackups
from .folder_read import FolderReading, Signature
from .journal_lines import INDEX_PART, JOURNAL, read_journal_id
from .manifest import FORMAT, MANIFEST, Manifest, Version, new_database_id, shard_file
from .shards import KINDS, META, PREFIXES


class DatabaseFolder(FolderReading, FolderBackups):
    def __init__(self, path: Path):
        self.path = Path(path)
        self.manifest: Manifest | None = None
        self._signature: Signature | None = None
        self._pinned: dict[str, frozenset[str]] = {}  # backup name -> shard files it names
        self._backups_state()
        self.last_backup: Path | None = None  # the backup the last commit wrote
        self._names: tuple[dict[str, Version], frozenset[str]] | None = None  # (shards, their files), the last asked

    # ------------------------------------------------------------------ writing
    def _write_manifest(self, manifest: Manifest) -> None:
        manifest.generation += 1
        atomic_write(self.path / MANIFEST, manifest.to_bytes())
        self.manifest = manifest
        self._signature = self._stat_signature()

    def make_folders(self) -> None:
        """The shard folders, durably (a folder is a name in its parent)."""
        made = False
        for kind in KINDS:
            folder = self.path / kind
            if not folder.is_dir():
                folder.mkdir(exist_ok=True)
                made = True
        if made:
            fsync_dir(self.path)

    def write_shards(self, shards: Mapping[str, bytes | None]) -> dict[str, Version | None]:
        """Write the shard files of `shards` (key -> bytes, None: the shard goes) under
        their own names, durably; returns each key's new version. Nothing names them yet."""
        versions: dict[str, Version | None] = {}
        folders: set[Path] = set()
        for key, data in shards.items():
            if data is None:
                versions[key] = None
                continue
            version = Version.of(data)
            versions[key] = version
            path = self.path / shard_file(key, version)
            try:
                # The same content may be there under its name already (a fold that changed
                # nothing in it): kept if it is whole, written again if damaged.
                same = os.stat(path).st_size == version.size and Version.of(path.read_bytes()) == version
            except OSError:
                same = False
            if not same:
                if not path.parent.is_dir():
                    self.make_folders()
                write_new(path, data)
                folders.add(path.parent)
        for folder in folders:
            fsync_dir(folder)
        return versions

    def commit(
        self,
        shards: dict[str, bytes | None] | None = None,
        *,
        files: dict[str, bytes] | None = None,
        journal: tuple[str, bytes] | None = None,
        folded: dict[str, int] | None = None,
        replies: int | None = None,
        backup: bool = False,
        keep_backups: int = 5,
        all_folded: int | None = None,
        backup_after: bool = False,
        collect: bool = False,
        backup_journal: tuple[list[bytes], Version] | None = None,
    ) -> Path | None:
        """Make a new state (see the module docstring): `shards` (key -> bytes or None),
        fixed-name `files`, a new `journal` (id, bytes), the `folded` marks of the current
        journal (merged in; with a new journal there are none), the count of `replies`.
        With `backup`, the state before this one is kept as a backup first (returned);
        with `backup_after`, the new state is (`db backup`: one commit for both).
        `all_folded` (a byte count of the current journal): while the journal is being
        replaced, mark every prefix folded up to there, so that the old journal, if a crash
        leaves it, is not replayed over the new shards (a restore of a backup). With
        `collect`, the files nobody names are removed afterwards (`collect_garbage`: also
        done whenever a backup is dropped; one pass over the folders serves both).
        `backup_journal`: the journal's lines the state before holds beyond its shards (and
        their size and checksum), carried by its backup: without them a backup of a state
        with ratings not folded yet would bring back its shards without those ratings."""
        if self.manifest is None:
            raise StoreError(f"{self.path}: no manifest to keep in step; nothing was changed")
        shards = shards or {}
        files = files or {}
        versions = self.write_shards(shards)
        written = None
        if backup and keep_backups > 0:  # (the state on disk: a backup naming manifest.json, as `db backup`'s)
            carried, version = backup_journal or (None, None)
            written = self.add_backup(self.manifest, keep_backups, carried, version)
        before = self.manifest.copy()
        new = before.copy()
        if not new.database and new.format == FORMAT:  # (a database of an older release: its identity now)
            new.database = new_database_id()
        for key, version in versions.items():
            if version is None:
                new.shards.pop(key, None)
            else:
                new.shards[key] = version
        if journal is not None:
            new.folded, new.folded_for = {}, journal[0]
        elif folded:
            current = before.journal[-1] if before.journal else ""
            if new.folded_for != current:  # marks of an earlier journal count nothing here
                new.folded = {}
            new.folded_for = current
            new.folded.update(folded)
        if replies is not None:
            new.replies = replies
        if files or journal is not None:
            self._replace_fixed_files(before, new, files, journal, all_folded)
        self._write_manifest(new)
        if backup_after and written is None:  # (the new state, on disk now: named as `db backup` names it)
            written = self.add_backup(self.manifest, keep_backups)
        self._remove_unnamed(before, new)
        self._sweep_freed()  # (what backups dropped by `db backup` alone kept)
        if collect:
            self.collect_garbage()
        return written

    def _replace_fixed_files(self, before: Manifest, new: Manifest, files: dict[str, bytes],
                             journal: tuple[str, bytes] | None, all_folded: int | None) -> None:
        """Replace the fixed-name files and the journal in place, the manifest accepting both
        versions meanwhile (a step between `before` and `new`); `new` then names the new
        versions alone."""
        step = new.copy()
        for name, data in files.items():
            version = Version.of(data)
            accepted = before.accepted(name)
            step.files[name] = [*accepted, version] if version not in accepted else accepted
        if journal is not None:
            step.journal = [j for j in before.journal if j != journal[0]] + [journal[0]]
            if all_folded is not None and before.journal:
                step.folded = {p: all_folded for p in (*PREFIXES, META, INDEX_PART)}
                step.folded_for = before.journal[-1]
            else:
                step.folded, step.folded_for = {}, ""
        self._write_manifest(step)
        # A failure here leaves `step` in place, which accepts whatever is on disk;
        # the next writer settles it.
        for name, data in files.items():
            atomic_write(self.path / name, data)
        if journal is not None:
            atomic_write(self.path / JOURNAL, journal[1])
        for name, data in files.items():
            new.files[name] = [Version.of(data)]
        if journal is not None:
            new.journal = [journal[0]]

    def _names_of(self, shards: dict[str, Version]) -> frozenset[str]:
        """The files naming `shards` (key -> version); the last set again when the shards are
        the same (a comparison in C: copies of a manifest share their Version objects)."""
        last = self._names
        if last is not None and last[0] == shards:
            return last[1]
        names = frozenset(shard_file(k, v) for k, v in shards.items())
        self._names = (dict(shards), names)
        return names

    def _remove_unnamed(self, before: Manifest, after: Manifest) -> None:
        """Delete the shard files `before` named and `after` does not, unless a backup names them."""
        # Only the shards whose version changed (`after` is a copy of `before` with some
        # versions replaced: the same Version object means the same file).
        changed = [k for k, v in before.shards.items() if after.shards.get(k) is not v]
        gone = ({shard_file(k, before.shards[k]) for k in changed}
                - {shard_file(k, after.shards[k]) for k in changed if k in after.shards})
        if not gone:
            return
        keep = self.pinned()
        for name in gone - keep:
            with contextlib.suppress(OSError):  # a file we cannot delete is only wasted space
                os.unlink(self.path / name)

    def collect_garbage(self) -> list[str]:
        """Remove shard files neither the manifest nor a backup names (a crash between
        writing them and the manifest, or before the old ones were deleted). The caller
        holds the write lock."""
        if self.manifest is None or self.manifest.format != "cppcc-review/manifest/v2":
            return []
        self._sweep_due = True  # (with the manifest links no backup names: a killed backup's)
        self._sweep_freed()
        named = {shard_file(k, v) for k, v in self.manifest.shards.items()} | self.pinned()
        removed = []
        for kind in KINDS:
            folder = self.path / kind
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for filename in names:
                rel = f"{kind}/{filename}"
                if filename.endswith(".json") and not filename.startswith(".") and rel not in named:
                    try:
                        os.unlink(folder / filename)
                        removed.append(rel)
                    except OSError:
                        pass
        return removed

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
            found = read_journal_id(self.path / JOURNAL)
            if found in manifest.journal:
                fixed.journal = [found]
                if fixed.folded_for != found:
                    fixed.folded, fixed.folded_for = {}, found
        self._write_manifest(fixed)

    def write_fresh(self, manifest: Manifest) -> None:
        """Write `manifest` as it is (a migration or a restore built it from the files)."""
        manifest.generation = max(manifest.generation, (self.manifest.generation if self.manifest else 0))
        self._write_manifest(manifest)
        self._pinned = {}


def describe(db_path: Path) -> Manifest:
    """A manifest of the fixed-name files as they are on disk now (migration and restore)."""
    manifest = Manifest()
    try:
        manifest.files["meta.json"] = [Version.of((db_path / "meta.json").read_bytes())]
    except FileNotFoundError:
        manifest.files["meta.json"] = [None]
    return manifest
