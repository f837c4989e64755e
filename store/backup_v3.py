"""Backups of format v3 (cppcc_review.store.backups): a few lines naming the state's manifest
through a hard link in backups/, and the journal's bytes, written under the backup's final
name. The bytes (`encode_v3`), their checks (`read_v3`: what a cut or a file being written
over leaves fails them - `Torn`, `Reused`), the manifest a link keeps (`linked_manifest`),
and the writing (`write_v3`: always a new file; a file a release before ms14 wrote over the oldest backup's is `Reused`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from json.encoder import encode_basestring_ascii as _json_text  # (json.dumps's own, ensure_ascii)
from pathlib import Path
from typing import Any

from .atomic import write_parts
from .errors import NotSavedError, Problem
from .lock import NOFOLLOW
from .manifest import Manifest, Version

BACKUP_V3 = "cppcc-review/backup/v3"
_V3_START = b'{"backup":"cppcc-review/backup/v3"'
LINK_PREFIX = "manifest-"  # backups/manifest-<sha256 of the manifest>.json: a hard link to a manifest.json
_TRAILER = 65  # a v3 backup's last line: 64 hex digits and a newline


class Torn(Problem):
    """A file in backups/ that is not a whole backup: cut short by a power cut or a crash
    while it was written, or being written over for a new backup (the name in its header
    is another's). Never used as a backup; the next backup removes it."""


class Reused(Torn):
    """A v3 backup's bytes under another backup's name: a dropped backup's file taken for a
    new backup (renamed, written over) when a cut came, or the new bytes in the old file
    whose rename did not reach the disk. Never a backup that was whole under this name."""


def link_name(manifest_sha256: str) -> str:
    """The name in backups/ of the hard link keeping the manifest whose checksum line says `manifest_sha256`."""
    return f"{LINK_PREFIX}{manifest_sha256[:32]}.json"


def encode_v3(name: str, link: str, manifest_sha256: str, journal: bytes | list[bytes] | None,
              version: Version | None, beside: dict[str, int]) -> list[bytes]:
    """A v3 backup's bytes, in parts (header line, the journal's bytes - in the pieces given,
    written as they are - and the last line): backup `name` of the state the manifest `link`
    keeps (`manifest_sha256`: its checksum line), with `journal` (its size and sha256:
    `version`) carried as it is. The header is the compact JSON of
    {"backup", "name", "manifest", "manifest_sha256", "journal": {size, sha256} or null,
    "beside": {name: size} in name order}, as json.dumps writes it, put together here (a
    dozen us less than json.dumps of the dict on `db backup`'s way)."""
    chunks = [journal] if isinstance(journal, bytes) else journal
    if chunks is not None and version is None:
        version = Version.of(b"".join(chunks))
    text = _json_text
    carried = (f'{{"size":{int(version.size)},"sha256":{text(version.sha256)}}}'
               if chunks is not None and version is not None else "null")
    kept = ",".join(f"{text(k)}:{int(v)}" for k, v in sorted(beside.items()))
    header = (f'{{"backup":"{BACKUP_V3}","name":{text(name)},"manifest":{text(link)},'
              f'"manifest_sha256":{text(manifest_sha256)},"journal":{carried},"beside":{{{kept}}}}}\n').encode("ascii")
    return [header, *(c for c in chunks or () if c), hashlib.sha256(header).hexdigest().encode("ascii") + b"\n"]


def is_v3(raw: bytes) -> bool:
    return raw.startswith(_V3_START)


def maybe_torn(raw: bytes) -> bool:
    """Could these bytes be a backup of this release cut short or half written over (not
    an older form, which was always written under a temporary name first)?"""
    return not raw.startswith(b"{\n")


def read_v3(raw: bytes, name: str | None) -> tuple[dict[str, Any], bytes | None]:
    """A v3 backup's header and the journal it carries (None: none), or Torn saying why the
    bytes are not a whole backup named `name` (None: any name - a copy elsewhere)."""
    if not raw:
        raise Torn("empty (a backup cut short)")
    end = raw.find(b"\n")
    if not is_v3(raw) or end < 0:
        raise Torn("not a whole backup (cut short, or damaged)")
    line = raw[: end + 1]
    try:
        header = json.loads(line)
        version = None if header["journal"] is None else Version.from_json(header["journal"])
        ok = (isinstance(header["name"], str) and isinstance(header["manifest"], str)
              and header["manifest"].startswith(LINK_PREFIX) and "/" not in header["manifest"]
              and isinstance(header["manifest_sha256"], str) and isinstance(header["beside"], dict)
              and all(isinstance(v, int) for v in header["beside"].values()))
    except (ValueError, KeyError, TypeError, Problem):
        ok = False
    if not ok:
        raise Torn("its header is not whole (cut short, or damaged)")
    if name is not None and header["name"] != name:
        raise Reused(f"its header names {header['name'][:60]!r}: a file being written over for another backup")
    size = 0 if version is None else version.size
    if len(raw) != len(line) + size + _TRAILER:
        raise Torn(f"{len(raw)} bytes where its header says {len(line) + size + _TRAILER} (cut short, or not written whole)")
    if raw[-_TRAILER:] != hashlib.sha256(line).hexdigest().encode("ascii") + b"\n":
        raise Torn("its last line is not its header's checksum (not written whole, or damaged)")
    journal = None if version is None else raw[len(line): len(line) + size]
    if journal is not None and Version.of(journal) != version:
        raise Torn("its copy of the journal does not match its checksum (not written whole, or damaged)")
    return header, journal



def own_problem(raw: bytes, name: str) -> Problem | None:
    """Do the bytes of the backup file `name` fail their own checks (cut short, or written over:
    `Torn`, `Reused`)? What `read_v3` says of them, or None: whole, or not this release's form
    (`maybe_torn`), which fails nothing of its own - a file it names is what is damaged."""
    if not maybe_torn(raw):
        return None
    try:
        read_v3(raw, name)
    except Problem as exc:
        return exc
    return None

# The manifests kept by links, read: (path, sha256, size, mtime_ns) -> Manifest (a db check or a
# restore reads several backups naming the same one; ~1-3 ms a decoding at 100,000 replies).
_linked: dict[tuple[str, str, int, int], Manifest] = {}


def linked_manifest(where: Path, link: str, manifest_sha256: str) -> Manifest:
    """The manifest the link `link` in `where` keeps, checked (its own checksum, which must be
    `manifest_sha256`), or Problem."""
    path = Path(where) / link
    try:
        st = os.stat(path)
        key = (str(path), manifest_sha256, st.st_size, st.st_mtime_ns)
        found = _linked.get(key)
        if found is not None:
            return found.copy()
        raw = path.read_bytes()
    except OSError:
        raise Problem(f"the manifest it names ({link}) is missing") from None
    try:
        manifest = Manifest.from_bytes(raw)
    except Problem as exc:
        raise Problem(f"the manifest it names ({link}): {exc}") from None
    if not raw.endswith(b'"sha256":"' + manifest_sha256.encode("ascii", "replace") + b'"\n}\n'):
        raise Problem(f"the manifest it names ({link}) is not the one it was written with (damaged)")
    if len(_linked) > 16:
        _linked.clear()
    _linked[key] = manifest
    return manifest.copy()


def link_of(raw: bytes) -> str | None:
    """The manifest link a v3 backup's bytes name (None: an older form, or not readable)."""
    if not is_v3(raw):
        return None
    end = raw.find(b"\n")
    try:
        link = json.loads(raw[:end])["manifest"]
    except (ValueError, KeyError, TypeError):
        return None
    return link if isinstance(link, str) else None


def list_links(db_path: Path) -> list[Path]:
    """The manifest links in `db_path`'s backups/."""
    where = Path(db_path) / "backups"
    try:
        names = os.listdir(where)
    except OSError:
        return []
    return [where / n for n in links_among(names)]


def links_among(names: list[str]) -> list[str]:
    """The names of the manifest links among `names` (a listing of the backups folder), sorted."""
    return [n for n in sorted(names) if n.startswith(LINK_PREFIX) and n.endswith(".json")]


def write_v3(db_path: Path, target: Path, parts: list[bytes]) -> Path:
    """Write a v3 backup (its parts: encode_v3) as a new file under its final name `target`,
    fsynced; the caller fsyncs the folder before reporting it made. No temporary name: a cut
    leaves a file that fails its own checks (read_v3), never one taken for a backup. Never
    over another backup's file: a backup that fails (a full disk) must leave the others whole."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            write_parts(fd, parts)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise NotSavedError(f"{target}: not saved ({exc.strerror or exc}) - free some disk space or check "
                            "the folder's permissions, then try again", code="not_saved", path=target,
                            reason=exc.strerror or exc) from exc
    return target


