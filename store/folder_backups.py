"""The backups of a database folder (a part of cppcc_review.store.folder.DatabaseFolder): writing one
(`add_backup`, and a commit's backup of the state before or after it), dropping those past
the number kept with the shard files only they named, and which shard files the backups
name (`pinned()`, which a fold's garbage collection keeps). The folder backups/ is the list
of backups (cppcc_review.store.backups)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import backups
from .atomic import fsync_dir, remove_stale_temps
from .manifest import Manifest, Version, shard_file


class FolderBackups:
    # What this part uses of DatabaseFolder (set by its __init__).
    path: Path
    manifest: Manifest | None
    _pinned: dict[str, frozenset[str]]

    if TYPE_CHECKING:
        def _names_of(self, shards: dict[str, Version]) -> frozenset[str]: ...
        def _write_manifest(self, manifest: Manifest) -> None: ...

    def _backup_manifest(self, manifest: Manifest, keep_backups: int, journal: bytes | None = None,
                         version: Version | None = None) -> tuple[Path, list[Path]]:
        """Write `manifest` (a state's shards) into backups/, durably (the file fsynced, then
        renamed, then the folder fsynced: on disk when this returns); with `journal`, the
        journal's lines not folded into those shards, carried in the same file
        (cppcc_review.store.backups.encode_backup; `version`: their size and checksum).
        Returns the backup and the older ones past `keep_backups` (for the caller to drop);
        the new one names the others, kept beside it."""
        parts, drop = self._encode(manifest, keep_backups, journal, version)
        path = backups.write_manifest(self.path, parts)
        self._written(path, manifest)
        return path, drop

    def _encode(self, manifest: Manifest, keep_backups: int, journal: bytes | None,
                version: Version | None) -> tuple[list[bytes], list[Path]]:
        """A backup's bytes in parts (naming the backups kept beside it:
        backups.encode_backup_parts), and the backups past `keep_backups` once it is
        written, oldest last."""
        where = backups.folder(self.path)
        try:
            listed = os.listdir(where)  # (one listing: the backups, and any temporary file)
        except OSError:
            listed = []
        if any(name[:1] == "." for name in listed):
            remove_stale_temps(where)  # (a killed backup's temporary file)
        present = backups.manifests_among(where, listed)
        keep = max(keep_backups, 1)
        beside: dict[str, int] = {}
        for old in present[: keep - 1]:
            with contextlib.suppress(OSError):  # (gone meanwhile: not beside it)
                beside[old.name] = os.stat(old).st_size
        return backups.encode_backup_parts(manifest, journal, version, beside), present[keep - 1:]

    def _written(self, path: Path, manifest: Manifest, names: frozenset[str] | None = None) -> None:
        """`path` (a backup of `manifest`) is written: its folder fsynced, what it names
        known (`names`, if the caller has them)."""
        fsync_dir(path.parent)
        self._pinned[path.name] = self._names_of(manifest.shards) if names is None else names

    def pinned(self) -> set[str]:
        """The shard files the backups in backups/ name (each read once per session). The
        folder is the list of backups: `db backup` writes its file and nothing else (the
        manifest lists none; an older release's list is only checked against)."""
        out: set[str] = set()
        for path in backups.list_manifests(self.path):
            out |= self._pinned_by(path.name)
        return out

    def _pinned_by(self, name: str, same_as: tuple[bytes | None, frozenset[str]] | None = None) -> frozenset[str]:
        """The shard files backup `name` names (read once per session). `same_as`: the
        shards part of a backup's bytes and the files it names; a backup beginning with
        the same part names the same files (no decoding: a backup dropped while no fold
        has changed the shards since, the usual case)."""
        files = self._pinned.get(name)
        if files is None:
            try:
                raw = (backups.folder(self.path) / name).read_bytes()
                if same_as is not None and same_as[0] is not None and backups.shards_part(raw) == same_as[0]:
                    files = same_as[1]
                else:
                    backup = backups.read_backup(raw)[0]
                    files = frozenset(shard_file(k, v) for k, v in backup.shards.items())
            except (OSError, backups.Problem, KeyError):
                files = frozenset()  # a damaged backup pins nothing (db check reports it)
            self._pinned[name] = files
        return files

    def add_backup(self, manifest: Manifest, keep_backups: int, journal: bytes | None = None,
                   version: Version | None = None) -> Path:
        """Keep the state `manifest` names as a backup now (`db backup`); with `journal`,
        that state's journal lines not folded yet, in the backup's file (`version`: their
        size and checksum, if known).

        The backup is its one file, durable when this returns (two fsyncs: the file, the
        folder). The manifest does not list it: the backups are the files in backups/, each
        checked by its own checksums (cppcc_review.store.backups.read_backup), found by
        listing the folder wherever they are needed (restore, `db check`, the garbage
        collection of a fold: `pinned()`). Only a dropped backup an older release listed
        makes a manifest step (the list loses it before the file goes).

        The oldest backup dropped lends its file to the new one (backups.write_manifest
        `reuse`): on this machine's file system (ext4 with online discard) deleting a file
        of a few hundred KB and allocating another cost more than the copy's own fsyncs."""
        assert self.manifest is not None, "add_backup() is for a database of shards (it has a manifest)"
        parts, drop = self._encode(manifest, keep_backups, journal, version)
        names = self._names_of(manifest.shards)
        # (the new backup's shards part: to compare a dropped backup not read yet with it)
        head = backups.shards_part(parts[0]) if any(old.name not in self._pinned for old in drop) else None
        listed = [old for old in drop if old.name in self.manifest.backups]
        if listed:
            step = self.manifest.copy()
            for old in listed:
                step.backups.pop(old.name, None)
            self._write_manifest(step)
        # The shard files only the dropped backups name go with them: those named, less
        # what the state and the backups kept name (no pass over the folders; what a killed
        # writer left is removed by the next fold that starts a new journal, as before).
        # Read before the oldest's file takes the new bytes.
        named = [self._pinned_by(old.name, same_as=(head, names)) for old in drop]
        written = backups.write_manifest(self.path, parts, reuse=drop[-1] if drop else None)
        self._written(written, manifest, names)
        for old in drop:
            self._pinned.pop(old.name, None)
        backups.remove(drop[:-1])
        # (usually nothing: no fold since, and the dropped backups name the files the new one
        # names - the same set - so no set is built)
        live = names if manifest is self.manifest else self._names_of(self.manifest.shards)
        gone = set().union(*(files for files in named if files is not live)) - live
        if gone:
            if drop[:-1]:  # their deletion durable before the files they named go (a power cut
                fsync_dir(backups.folder(self.path))  # must not bring back a backup naming them)
            for name in gone - self.pinned():  # (pinned() reads the backups kept, once a session)
                with contextlib.suppress(OSError):  # a file we cannot delete is only wasted space
                    os.unlink(self.path / name)
        return written
