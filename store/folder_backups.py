"""The backups of a database folder (a part of cppcc_review.store.folder.DatabaseFolder): writing one
(`add_backup`, and a commit's backup of the state before or after it), dropping those past
the number kept, and which shard files the backups name (`pinned()`, which a fold's
garbage collection keeps). The folder backups/ is the list of backups (cppcc_review.store.backups).

`db backup` writes a v3 backup (cppcc_review.store.backups.encode_v3): a few lines naming
the state's manifest through a hard link in backups/ (made once per state), and the
journal's bytes, under the backup's final name. The files a dropped backup alone kept (the
shard versions and the manifest link of an older state) are not deleted on the backup's
way: the next commit (a fold) or garbage collection removes them (`_sweep_freed`), once the
drop is durable. The dropped backup's own file, renamed aside, is removed at the end of the
backup that set it aside, once the new one is durable (`_drop_aside`)."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import backups
from .atomic import fsync_dir, remove_stale_temps, write_new
from .manifest import MANIFEST, Manifest, Version, shard_file

# The end of a manifest (v2): its checksum line (cppcc_review.store.manifest.Manifest.to_bytes).
_CHECKSUM_LINE = re.compile(rb'"sha256":"([0-9a-f]{64})"\n\}\n\Z')
_OLD, _V3, _TORN = "old", "v3", "torn"
# A dropped backup's file set aside by add_backup (backups/.aside-<its name>): not a backup's
# name, never read; removed at the end of that backup (_drop_aside), or by the next sweep
# (_sweep_freed) when that backup did not get so far.
ASIDE_PREFIX = ".aside-"
# os.link of the file, not of where a symlink points (not offered on Windows: NotImplementedError).
_NOFOLLOW_LINK = {"follow_symlinks": False} if os.link in os.supports_follow_symlinks else {}


class FolderBackups:
    # What this part uses of DatabaseFolder (set by its __init__).
    path: Path
    manifest: Manifest | None
    _pinned: dict[str, frozenset[str]]

    if TYPE_CHECKING:
        def _names_of(self, shards: dict[str, Version]) -> frozenset[str]: ...
        def _write_manifest(self, manifest: Manifest) -> None: ...

    def _backups_state(self) -> None:
        """This part's session state (made on first use: DatabaseFolder's __init__ sets `_pinned`)."""
        if not hasattr(self, "_kinds"):
            self._kinds: dict[str, str] = {}  # backup name -> _OLD / _V3 / _TORN (read once a session)
            self._sizes_of: dict[str, int] = {}  # backup name -> its size (its bytes, read or written, with _kinds)
            self._links: dict[str, str] = {}  # v3 backup name -> the manifest link it names
            self._link_shas: dict[str, str] = {}  # v3 backup name -> that manifest's checksum (read with _kinds)
            self._link_files: dict[str, frozenset[str]] = {}  # manifest link -> the shard files it names
            self._link: tuple[Manifest, int, str, str] | None = None  # (state, generation, its link, its sha256)
            self._freed: set[str] = set()  # files a dropped backup named: removed at the next commit if unnamed
            self._freed_copies: list[bytes] = []  # dropped older-form backups' bytes, decoded at that sweep
            self._sweep_due = False

    def _backup_manifest(self, manifest: Manifest, keep_backups: int, journal: bytes | None = None,
                         version: Version | None = None) -> tuple[Path, list[Path]]:
        """Write `manifest` (a state that is not manifest.json: add_backup of another state) into
        backups/ as a copy (the older form: a temporary file, fsynced, renamed, the folder
        fsynced: on disk when this returns); with `journal`, the journal's lines not folded
        into those shards, carried in the same file (cppcc_review.store.backups.encode_backup;
        `version`: their size and checksum). Returns the backup and the older ones past
        `keep_backups` (for the caller to drop); the new one names the others, kept beside it."""
        where, kept, drop, _asides = self._rotation(keep_backups)  # (set-aside files: left to the next sweep)
        beside = _sizes_beside(self._sizes_of, where, kept)
        parts = backups.encode_backup_parts(manifest, journal, version, beside)
        path = backups.write_manifest(self.path, parts)
        fsync_dir(path.parent)
        self._pinned[path.name] = self._names_of(manifest.shards)
        self._kinds[path.name], self._sizes_of[path.name] = _OLD, sum(map(len, parts))
        return path, drop

    def _rotation(self, keep_backups: int) -> tuple[Path, list[str], list[Path], list[str]]:
        """(backups/, the names of the backups kept beside a new one, those to drop: past the
        number kept, and leftovers - files cut short - whichever their age, the set-aside files
        it found: a backup cut before its end left them). One listing, the
        folder's own (another process may have added or removed backups since); a file not
        seen yet this session is read once to tell a backup from a leftover (and its size
        and the manifest link it names kept: not read or stat'ed again this session)."""
        self._backups_state()
        where = backups.folder(self.path)
        listed = _listing(where)
        dotted = [name for name in listed if name[:1] == "."]
        asides = [name for name in dotted if name.startswith(ASIDE_PREFIX)]
        if dotted:
            if asides:
                self._sweep_due = True  # (files set aside, by another session too: the next sweep's)
            if any(not name.startswith(ASIDE_PREFIX) for name in dotted):
                remove_stale_temps(where)  # (a killed backup's temporary file, older form)
        present = backups.names_among(listed)
        kinds = self._kinds
        for name in present:
            if name not in kinds:
                kinds[name] = self._kind_of(where / name)
        good = [name for name in present if kinds[name] != _TORN]
        keep = max(keep_backups, 1)
        return where, good[: keep - 1], [where / n for n in good[keep - 1:]] + [
            where / n for n in present if kinds[n] == _TORN], asides

    def _kind_of(self, path: Path) -> str:
        """A backup of the older form (a manifest copy: written under a temporary name, so never
        cut short; checked where used), a whole v3 backup, or a leftover (Torn)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return _TORN
        self._sizes_of[path.name] = len(raw)
        if not backups.maybe_torn(raw):
            return _OLD
        try:
            header, _journal = backups.read_v3(raw, path.name)
        except backups.Problem:
            return _TORN
        self._links[path.name] = header["manifest"]
        self._link_shas[path.name] = header["manifest_sha256"]
        return _V3

    def pinned(self, listed: list[str] | None = None) -> set[str]:
        """The shard files the backups in backups/ name (each read once per session; `listed`: a
        listing of it just made). The folder is the list of backups: `db backup` writes its file
        and nothing else (the manifest lists none; an older release's list is only checked
        against). A caller may delete what is not named: the drops set aside are made durable
        first, once each."""
        where = backups.folder(self.path)
        listed = _listing(where) if listed is None else listed
        asides = frozenset(name for name in listed if name.startswith(ASIDE_PREFIX))
        if asides - getattr(self, "_asides_durable", frozenset()):  # (once per set-aside file a session)
            fsync_dir(where)  # (`db backup`'s drops, any session's: durable before what only they named goes)
            self._asides_durable = asides
        out: set[str] = set()
        for name in backups.names_among(listed):
            out |= self._pinned_by(name)
        return out

    def _pinned_by(self, name: str) -> frozenset[str]:
        """The shard files backup `name` names (read once per session; a v3 backup's through
        the manifest link it names, read once per link)."""
        self._backups_state()
        files = self._pinned.get(name)
        if files is None:
            path = backups.folder(self.path) / name
            try:
                link, sha = self._links.get(name), self._link_shas.get(name)
                if link is not None and sha is not None and self._kinds.get(name) == _V3:
                    # (read whole and checked by _rotation this session: its link, not its bytes again)
                    files = self._files_of_link(link, sha)
                    self._pinned[name] = files
                    return files
                raw = path.read_bytes()
                link = backups.link_of(raw)
                if link is None:
                    backup = backups.read_backup(raw)[0]
                    files = frozenset(shard_file(k, v) for k, v in backup.shards.items())
                else:
                    header, _journal = backups.read_v3(raw, name)
                    self._links[name] = link
                    files = self._files_of_link(link, header["manifest_sha256"])
            except (OSError, backups.Problem, KeyError):
                files = frozenset()  # a damaged backup pins nothing (db check reports it)
            self._pinned[name] = files
        return files

    def _files_of_link(self, link: str, sha: str | None) -> frozenset[str]:
        files = self._link_files.get(link)
        if files is None:
            where = backups.folder(self.path)
            if sha is None:
                manifest = Manifest.from_bytes((where / link).read_bytes())
            else:
                manifest = backups.linked_manifest(where, link, sha)
            files = frozenset(shard_file(k, v) for k, v in manifest.shards.items())
            self._link_files[link] = files
        return files

    def _manifest_link(self, manifest: Manifest, where: Path) -> tuple[str, str, bool]:
        """(the name in backups/ of a hard link to manifest.json, which holds `manifest`; its
        checksum line; whether this call made it): made once per state. manifest.json is only
        ever replaced whole (a new file renamed over it), so the link keeps this state's bytes
        after the next commit."""
        last = self._link
        if last is not None and last[0] is manifest and last[1] == manifest.generation:
            return last[2], last[3], False
        link, sha, made = _link_manifest(self.path, where, manifest)
        self._link = (manifest, manifest.generation, link, sha)
        self._link_files[link] = self._names_of(manifest.shards)
        return link, sha, made

    def add_backup(self, manifest: Manifest, keep_backups: int, journal: bytes | list[bytes] | None = None,
                   version: Version | None = None) -> Path:
        """Keep the state `manifest` names as a backup now (`db backup`); with `journal`,
        that state's journal lines not folded yet, in the backup's file (`version`: their
        size and checksum, if known; the bytes may come in pieces: JournalHeld.journal_chunks).

        The backup is its one file (cppcc_review.store.backups.encode_v3): a header naming the
        state's manifest through a hard link in backups/ (made once per state), the journal's
        bytes, its checksum. Written under its final name, fsynced, then the folder fsynced:
        durable when this returns, one commit of the file system's journal (a rename would
        make the folder's fsync a second one). A cut on the way leaves a file that fails its
        own checks: a leftover, not a backup (backups.Torn). The manifest does not list it:
        the backups are the files in backups/, found by listing the folder wherever they are
        needed (restore, `db check`, the garbage collection of a fold: `pinned()`). Only a
        dropped backup an older release listed makes a manifest step (the list loses it
        before the file goes).

        No backup is touched before the new one is durable (a full disk leaves them all whole):
        only then the oldest past the number kept (and any leftover) is renamed aside, and what
        is aside removed, the folder fsynced (`_drop_aside`). A backup cut before that leaves
        its drops aside: `pinned()` makes them durable before any file only they named goes."""
        assert self.manifest is not None, "add_backup() is for a database of shards (it has a manifest)"
        if manifest is not self.manifest:  # (a state that is not manifest.json: a copy of it)
            whole = b"".join(journal) if isinstance(journal, list) else journal
            path, drop = self._backup_manifest(manifest, keep_backups, whole, version)
            self._drop(drop, manifest)
            return path
        where, kept, drop, asides = self._rotation(keep_backups)
        if not kept and not drop and not where.is_dir():  # (listed, it is there: no stat)
            where.mkdir(exist_ok=True)
            fsync_dir(self.path)
        listed = [old for old in drop if old.name in self.manifest.backups]
        if listed:
            step = self.manifest.copy()
            for old in listed:
                step.backups.pop(old.name, None)
            self._write_manifest(step)
            manifest = self.manifest
        link, sha, made = self._manifest_link(manifest, where)
        try:
            written, size = self._write_backup(where, kept, drop, asides, link, sha, journal, version)
        except BaseException:
            if made:  # (no backup names it: a failed `db backup` leaves nothing of itself behind)
                self._link = None
                self._link_files.pop(link, None)
                _unlink_durably(where / link)
            raise
        self._kinds[written.name], self._sizes_of[written.name] = _V3, size
        self._links[written.name], self._link_shas[written.name] = link, sha
        self._pinned[written.name] = self._link_files[link]
        return written

    def _write_backup(self, where: Path, kept: list[str], drop: list[Path], asides: list[str], link: str, sha: str,
                      journal: bytes | list[bytes] | None, version: Version | None) -> tuple[Path, int]:
        """add_backup's file, and its size: the backup naming `link`, written as a new file and
        durable; only then `drop` set aside and the set-aside files `asides` removed (a failed
        backup leaves every backup whole)."""
        target = where / backups.new_name()
        parts = backups.encode_v3(target.name, link, sha, journal, version, _sizes_beside(self._sizes_of, where, kept))
        written = backups.write_v3(self.path, target, parts)
        # Two fsyncs, as a durable copy makes: the file's (write_v3), and the folder's for its name.
        fsync_dir(where)
        self._forget(drop)
        _drop_aside(where, drop, asides)
        self._sweep_due = self._sweep_due or bool(drop)
        return written, sum(map(len, parts))

    def _forget(self, drop: list[Path]) -> None:
        """The backups in `drop` are going: what they alone named is for the next sweep."""
        for old in drop:
            if self._kinds.get(old.name) == _OLD:
                files = self._pinned.get(old.name)
                if files is not None:
                    self._freed |= files
                else:  # (read now, decoded at the sweep: ~5-20 ms a manifest copy, not on the backup's way)
                    with contextlib.suppress(OSError):
                        self._freed_copies.append(old.read_bytes())
            self._pinned.pop(old.name, None)
            self._kinds.pop(old.name, None)
            self._sizes_of.pop(old.name, None)
            self._link_shas.pop(old.name, None)
            if self._links.pop(old.name, None) is not None:
                self._sweep_due = True

    def _drop(self, drop: list[Path], manifest: Manifest) -> None:
        """Drop the older-form backups past the number kept (a copy's path): durably, before
        anything they alone named may go."""
        if not drop:
            return
        self._forget(drop)
        backups.remove(drop)
        fsync_dir(backups.folder(self.path))

    def _link_named_by(self, name: str) -> str | None:
        """The manifest link backup `name` names (None: an older form, or not readable)."""
        link = self._links.get(name)
        if link is None and self._kinds.get(name) != _OLD:
            with contextlib.suppress(OSError):
                link = backups.link_of((backups.folder(self.path) / name).read_bytes())
            if link is not None:
                self._links[name] = link
        return link

    def _sweep_freed(self) -> None:
        """Remove what dropped backups alone kept - shard files, manifest links no backup
        names, and the shard files only those manifests named - unless the state or a
        backup names them. The drops are durable already (add_backup fsynced the folder)."""
        self._backups_state()
        if not self._freed and not self._sweep_due and not self._freed_copies:
            return
        assert self.manifest is not None
        where = backups.folder(self.path)
        listed = _listing(where)  # (once: the backups, the set-aside files and the manifest links)
        keep = self.pinned(listed) | self._names_of(self.manifest.shards)
        gone = set(self._freed)
        for raw in self._freed_copies:
            with contextlib.suppress(backups.Problem):
                gone |= {shard_file(k, v) for k, v in backups.read_backup(raw)[0].shards.items()}
        named = {self._link_named_by(name) for name in backups.names_among(listed)}
        for name in listed:
            if name.startswith(ASIDE_PREFIX):  # (dropped backups set aside by a backup cut before its end)
                with contextlib.suppress(OSError):
                    os.unlink(where / name)
        for path in (where / name for name in backups.links_among(listed)):
            if path.name in named:
                continue
            with contextlib.suppress(OSError, backups.Problem):
                gone |= self._files_of_link(path.name, None)
            self._link_files.pop(path.name, None)
            if self._link is not None and self._link[2] == path.name:
                self._link = None  # (made again by the next backup of that state)
            with contextlib.suppress(OSError):
                os.unlink(path)
        for name in gone - keep:
            with contextlib.suppress(OSError):  # a file we cannot delete is only wasted space
                os.unlink(self.path / name)
        self._freed.clear()
        self._freed_copies.clear()
        self._sweep_due = False


def _link_manifest(db_path: Path, where: Path, manifest: Manifest) -> tuple[str, str, bool]:
    """(the name of a hard link in `where` to `db_path`'s manifest.json, which holds `manifest`;
    its checksum line; whether this call made it). A copy where hard links cannot be made."""
    source = db_path / MANIFEST
    raw = source.read_bytes()
    found = _CHECKSUM_LINE.search(raw[-80:])
    if found is None or f'"generation":{manifest.generation},'.encode() not in raw[:400]:
        raise backups.Problem(f"{source}: not the state this session holds (changed by hand?)")
    sha = found.group(1).decode("ascii")
    link = backups.link_name(sha)
    try:
        if os.stat(where / link).st_size != len(raw):  # (not this manifest's bytes: damaged)
            os.unlink(where / link)
    except FileNotFoundError:
        pass
    made = True
    try:
        os.link(source, where / link, **_NOFOLLOW_LINK)
    except FileExistsError:
        made = False
    except OSError:  # a file system without hard links (FAT, some network shares): a copy
        write_new(where / link, raw)  # (its folder fsynced with the backup's; checked by its checksum)
    return link, sha, made


def _listing(where: Path) -> list[str]:
    """The names in backups/ (`where`); none when it cannot be listed (not made yet)."""
    try:
        return os.listdir(where)
    except OSError:
        return []


def _drop_aside(where: Path, drop: list[Path], found: list[str]) -> None:
    """Once a new backup is durable: the backups in `drop` renamed aside (a kill before the end
    leaves them there, a trace `pinned()` sees), then they and the set-aside files `found` earlier (a backup cut before its end
    left them) removed, and backups/ (`where`) fsynced. The set-aside files waited for the next
    fold before (mn15), which `db backup` alone seldom makes: one more a backup past the number
    kept. The fsync makes the drops durable (neither rename nor unlink was fsynced), as `pinned()`
    would before a fold deletes a file only they named, which it can no longer tell by a listing."""
    if not drop and not found:
        return
    aside = list(found)
    for old in drop:
        if _set_aside(old):
            aside.append(f"{ASIDE_PREFIX}{old.name}")
        else:
            backups.remove([old])
    for name in aside:
        with contextlib.suppress(OSError):  # (gone meanwhile: another session's sweep)
            os.unlink(where / name)
    fsync_dir(where)


def _unlink_durably(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
    fsync_dir(path.parent)


def _sizes_beside(known: dict[str, int], where: Path, kept: list[str]) -> dict[str, int]:
    """{name: size} of the backups `kept` (beside a new one): the sizes this session read or
    wrote them with (`known`; a backup's file is never written again), a stat for any other."""
    beside: dict[str, int] = {}
    for name in kept:
        size = known.get(name)
        if size is None:
            with contextlib.suppress(OSError):  # (gone meanwhile: not beside it)
                size = known[name] = os.stat(where / name).st_size
        if size is not None:
            beside[name] = size
    return beside


def _set_aside(dropped: Path) -> bool:
    """Rename a dropped backup's file aside (backups/.aside-<name>), once the new backup is
    durable: a rename, where deleting it would free its blocks on the backup's way (a discard
    on a file system mounted with `discard`, ext4 here). Not a backup's name, never read; the
    next commit's sweep removes it. False: not renamed (then deleted)."""
    try:
        os.rename(dropped, dropped.with_name(f"{ASIDE_PREFIX}{dropped.name}"))
    except OSError:
        return False
    return True
