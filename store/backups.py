"""Backups in `<db>/backups/` and the checks that tell a good file from a bad one.

A backup is `backup-<time>.json`: the manifest of an earlier state (cppcc_review.store.manifest),
named through a hard link (format v3, below) or, in the form before it, copied. It names that state's shard files, which stay on disk as long as
a backup names them (cppcc_review.store.folder): a backup costs only the shards that changed since
it was taken. The folder is the list of backups (`list_manifests`): `db backup` writes the
backup's file (and, once per state, the manifest's link); each carries its own checksums
(the manifest's last line, its journal copy's size and sha256) and names the backups kept beside it (`beside`,
so `db check` notices one deleted). A database of the previous release lists its backups
in its manifest with their checksums: that list is checked against while it lasts.

A backup may also carry the journal's lines not yet folded into those shards
(`encode_backup`): the manifest copy's bytes, then the journal's bytes as they were, the
copy's `files` naming `reviews.journal` with their size and checksum. `db backup` then
costs the journal (the data that changed since the last fold) and one manifest copy,
instead of folding first and rewriting every shard the journal touches. The state such
a backup keeps is its shards with its journal replayed over them, as an open does
(cppcc_review.store.backup_journal). An older release reads such a file as damaged (bytes after the JSON)
and does not use it.

Since format v3 (`db backup` of the state on disk) a backup does not copy the manifest: it
names it. manifest.json is only ever replaced whole (a new file renamed over it), so a hard
link to it in backups/ (`manifest-<its checksum>.json`, made once per state, i.e. once per
fold) keeps that state's manifest as long as a backup names it. A v3 backup is one header
line (`{"backup":"cppcc-review/backup/v3","name":…,"manifest":…,"manifest_sha256":…,
"journal":{size, sha256},"beside":{…}}`), the journal's bytes, and a last line: the SHA-256
of the header line (`encode_v3`, `read_v3`). It is written under its final name (no
temporary name, no rename: one commit of the file system's journal, as for any new file
fsynced): a file cut by a power cut or a crash fails its own checks (its length, its last
line, its journal's checksum, the name in its header) and is never taken for a backup - it is
a leftover (`Torn`), reported by `db check`, set aside by `db restore`, swept by the next
backup. The files older backups are (a manifest copy, then the journal) stay readable.

`index-…`, `reviews-…`, `history-…` are the whole-file copies an older release kept; the
upgrade (cppcc_review.store.migrate) writes the last ones it finds there too, and restore can use them.

"Good" means: its checksum matches the manifest when the manifest lists it (an older
release's), its own checksums match, UTF-8, JSON,
an object of TinyDB tables (objects of objects), and every document valid for its kind
(cppcc_review.store.schema). Every CorruptError names the newest good backup and
`db restore --db <folder>`, so the message says what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from . import schema, shard_format
from .atomic import atomic_write, fsync_dir
from .backup_v3 import (
    BACKUP_V3,
    LINK_PREFIX,
    Reused,
    Torn,
    encode_v3,
    is_v3,
    link_name,
    link_of,
    linked_manifest,
    links_among,
    list_links,
    maybe_torn,
    own_problem,
    read_v3,
    write_v3,
)
from .errors import CorruptError, coded, detail, json_detail, parser_phrase
from .errors import Problem as Problem  # re-exported: parse_tables() raises it

__all__ = ["BACKUP_V3", "LINK_PREFIX", "Reused", "Torn", "encode_v3", "is_v3", "link_name", "link_of",
           "linked_manifest", "links_among", "list_links", "maybe_torn", "own_problem", "read_v3",
           "write_v3"]  # (the v3 form: backup_v3)
from .manifest import MANIFEST, Manifest, Version, shard_file, version_problem

KINDS = ("index", "reviews", "history")
MANIFEST_PREFIX = "backup-"
JOURNAL_COPY = "reviews.journal"  # (cppcc_review.store.journal_lines.JOURNAL; that module imports this one)
# Where a manifest's bytes end (its last line is its checksum: cppcc_review.store.manifest); a
# journal's lines start with 8 hex digits, so this never matches inside them.
_MANIFEST_END = re.compile(rb'\n"sha256":"[0-9a-f]{64}"\n\}\n')


def parse_tables(raw: bytes) -> dict[str, dict[str, Any]]:
    """Decode a TinyDB JSON document, or raise Problem saying what is wrong with it."""
    if not raw:
        raise Problem("the file is empty (0 bytes)", code="detail.empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(f"not valid UTF-8 at byte {exc.start}", code="detail.utf8", at=exc.start) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise Problem(f"not valid JSON at the end (truncated?): {parser_phrase(exc.msg)}", code="detail.json_end",
                          msg=exc.msg, whole=str(exc)) from None
        said = json_detail(exc)
        raise Problem(str(said), code=said.code, **said.values) from None
    except RecursionError:
        raise Problem("not valid JSON: nested too deeply", code="detail.json_deep") from None
    try:
        data = shard_format.expand(data)  # a history table written as rows (cppcc_review.store.change_rows)
    except ValueError as exc:
        raise Problem(str(exc)) from None
    check_tables(data)
    return cast("dict[str, dict[str, Any]]", data)  # what check_tables() made sure of


def check_tables(data: Any) -> None:
    if not isinstance(data, dict):
        raise Problem(f"expected an object of tables, found {type(data).__name__}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise Problem(f"table {name!r} is a {type(table).__name__}, not an object of documents")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise Problem(f"document {doc_id} of table {name!r} is a {type(doc).__name__}, not an object")


def check_appended(data: Any) -> None:
    """The `append` part of a journal line: {table: {doc_id: document}}, ids being numbers
    (replay adds each document under its id, which must be one TinyDB can read)."""
    check_tables(data)
    for name, table in data.items():
        for doc_id in table:
            if not (doc_id.isascii() and doc_id.isdigit()):
                raise Problem(f"document id {doc_id!r} appended to table {name!r} is not a number")


def check_kind(kind: str, data: dict[str, Any]) -> None:
    """Every document of a file of this kind is one the store can use (cppcc_review.store.schema)."""
    checks: dict[str, Callable[[dict[str, Any]], None]] = {
        "index": schema.check_index, "reviews": schema.check_reviews, "history": schema.check_history,
        "changes": schema.check_history, "names": schema.check_names}
    checks[kind](data)


def parse_kind(kind: str, raw: bytes) -> dict[str, dict[str, Any]]:
    data = parse_tables(raw)
    check_kind(kind, data)
    return data


def folder(db_path: Path) -> Path:
    return Path(db_path) / "backups"


def encode_backup(manifest: Manifest, journal: bytes | None, version: Version | None = None,
                  beside: dict[str, int] | None = None) -> bytes:
    """The bytes of a backup of `manifest`'s state; with `journal` (the journal's bytes, its
    first line and whole lines only; `version`: their size and sha256 if known), that
    journal carried after the manifest copy (Manifest.state_bytes: its shards first).
    `beside`: the backups kept beside this one, {name: size} (`db check` notices one gone)."""
    return b"".join(encode_backup_parts(manifest, journal, version, beside))


def encode_backup_parts(manifest: Manifest, journal: bytes | None, version: Version | None = None,
                        beside: dict[str, int] | None = None) -> list[bytes]:
    """`encode_backup`'s bytes in the parts they are made of (the manifest copy's kept
    shards part, its rest, the journal's bytes): written as they are (os.writev), the
    ~100-400 KB are not copied into one string first."""
    files = {name: versions for name, versions in manifest.files.items() if name != JOURNAL_COPY}
    if journal is not None:
        files[JOURNAL_COPY] = [version if version is not None else Version.of(journal)]
    parts = manifest.state_parts(files, beside)
    if journal:
        parts.append(journal)
    return parts


# How a backup of this release begins (Manifest.state_bytes: its shards first).
SHARDS_FIRST = b'{\n"shards":{\n'


def shards_part(raw: bytes) -> bytes | None:
    """The bytes of the shards part a backup of this release begins with (through the line
    that closes it), None for another layout. Two backups whose parts are equal name the
    same shard files. (A shard's key is JSON-escaped: no line of the part is `},`.)"""
    if not raw.startswith(SHARDS_FIRST):
        return None
    end = raw.find(b"\n},\n", len(SHARDS_FIRST) - 1)
    return raw[: end + 4] if end >= 0 else None


def read_backup(raw: bytes) -> tuple[Manifest, bytes | None]:
    """A backup's manifest copy and the journal it carries (None: none, an older backup),
    or Problem saying what is wrong: damaged, cut short, a journal copy that fails its
    checksum or is not whole."""
    found = _MANIFEST_END.search(raw)
    end = found.end() if found else len(raw)
    manifest = Manifest.from_bytes(raw[:end])
    rest = raw[end:]
    expected = manifest.files.get(JOURNAL_COPY)
    if expected is None:
        if rest:
            raise Problem(f"{len(rest)} bytes after its manifest, which names no journal copy (damaged)")
        return manifest, None
    if not rest:
        raise Problem("its copy of the journal is missing (cut short?)")
    if len(expected) != 1 or expected[0] is None or Version.of(rest) != expected[0]:
        raise Problem(f"its copy of the journal ({len(rest)} bytes) does not match its checksum (damaged or cut short)")
    if journal_id_of(rest) not in manifest.journal:
        raise Problem("its copy of the journal is not whole (a line fails its checksum, or not this state's journal)")
    return manifest, rest


def load_backup(path: Path, raw: bytes | None = None, db: Path | None = None) -> tuple[Manifest, bytes | None]:
    """The state backup `path` keeps (its manifest, with `beside`) and the journal it carries
    (None: none), either form (`raw`: its bytes, if read already); Problem (Torn: not a
    whole backup) saying why it cannot be used. A v3 backup's manifest link is looked for
    beside it, then in `db`'s backups/ (a copy kept elsewhere: `db restore --from`); the
    name in its header must be its own inside backups/ (elsewhere a copy may be renamed)."""
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise Problem(f"cannot read ({exc.strerror})") from None
    if not maybe_torn(raw):
        return read_backup(raw)
    where = Path(path).parent
    inside = db is None or where == folder(db)
    header, journal = read_v3(raw, Path(path).name if inside else None)
    if not inside and db is not None and not (where / header["manifest"]).exists():
        where = folder(db)
    manifest = linked_manifest(where, header["manifest"], header["manifest_sha256"])
    manifest.backups, manifest.beside = {}, {str(k): int(v) for k, v in header["beside"].items()}
    manifest.files.pop(JOURNAL_COPY, None)
    if journal is not None:
        manifest.files[JOURNAL_COPY] = [Version.from_json(header["journal"])]
        if journal_id_of(journal) not in manifest.journal:
            raise Problem("its copy of the journal is not whole (a line fails its checksum, or not this state's journal)")
    return manifest, journal


def journal_id_of(journal: bytes) -> str | None:
    """The id of the journal `journal` (bytes kept in a backup) when it is made of whole
    lines, each passing its checksum, the first naming it (None otherwise). No line but
    the first is decoded: the store checked each when it was written or read. (The line
    format is cppcc_review.store.journal_lines'; that module imports this one.)"""
    if not journal.endswith(b"\n"):
        return None
    lines = journal.split(b"\n")
    lines.pop()
    for line in lines:
        if len(line) < 10 or line[8:9] != b" ":
            return None
        try:
            if int(line[:8], 16) != zlib.crc32(line[9:]) & 0xFFFFFFFF:
                return None
        except ValueError:
            return None
    try:
        found = json.loads(lines[0][9:]).get("journal") if lines else None
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def list_backups(db_path: Path, kind: str) -> list[Path]:
    """Whole-file backups of one kind (an older release's), newest first."""
    where = folder(db_path)
    if not where.is_dir():
        return []
    return sorted(where.glob(f"{kind}-*.json"), reverse=True)


def list_manifests(db_path: Path) -> list[Path]:
    """This release's backups (copies of a manifest), newest first (names sort by time).
    The folder is their list: `db backup` lists them nowhere else (DatabaseFolder.add_backup)."""
    where = folder(db_path)
    try:
        names = os.listdir(where)
    except OSError:
        return []
    return manifests_among(where, names)


def manifests_among(where: Path, names: list[str]) -> list[Path]:
    """The backups among `names` (a listing of the backups folder `where`), newest first."""
    return [where / name for name in names_among(names)]


def names_among(names: list[str]) -> list[str]:
    """The names of the backups among `names` (a listing of the backups folder), newest first."""
    return sorted((name for name in names if name.startswith(MANIFEST_PREFIX) and name.endswith(".json")), reverse=True)


def _listed(db_path: Path) -> dict[str, Version]:
    """The backups the manifest lists, {name: Version} ({} without a readable manifest)."""
    try:
        return Manifest.from_bytes((Path(db_path) / MANIFEST).read_bytes()).backups
    except (OSError, Problem):
        return {}


def _read_as_listed(path: Path, listed: dict[str, Version] | None) -> tuple[bytes | None, str | None]:
    """A backup file's bytes, checked against its size and checksum where the manifest
    lists it; (None, why) when it cannot be read or does not match."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read ({exc.strerror})"
    if listed is not None:
        expected = listed.get(path.name)
        if expected is not None and (len(raw) != expected.size or hashlib.sha256(raw).hexdigest() != expected.sha256):
            return None, "its checksum does not match the manifest (damaged)"
    return raw, None


def problem_of(path: Path, kind: str, listed: dict[str, Version] | None = None) -> str | None:
    """Why the whole-file backup `path` cannot be used (None: it is good)."""
    raw, problem = _read_as_listed(path, listed)
    if raw is None:
        return problem
    try:
        parse_kind(kind, raw)
    except Problem as exc:
        return detail(exc)
    return None


def manifest_problem(db_path: Path, path: Path, listed: dict[str, Version] | None = None,
                     verified: set[str] | None = None) -> str | None:
    """Why the backup `path` (a manifest copy) cannot be used: damaged, or a shard file it
    names missing or damaged (None: it is good). `verified`: shard files already found
    good (most are shared with the live state and other backups), to skip."""
    raw, problem = _read_as_listed(path, listed)
    if raw is None:
        return problem
    try:
        backup, _journal = load_backup(path, raw, db_path)  # (its journal copy checked there: checksum, every line)
    except Problem as exc:
        return detail(exc)
    for key, version in sorted(backup.shards.items()):
        name = shard_file(key, version)
        if verified is not None and name in verified:
            continue
        file = Path(db_path) / name
        try:
            data = file.read_bytes()
        except OSError:
            data = None
        problem = version_problem([version], data)
        if problem is not None:
            return coded(f"{file}: {problem}", "detail.of_file", file=file, problem=problem)
        if verified is not None:
            verified.add(name)
    return None


def newest_good(db_path: Path, kind: str) -> Path | None:
    listed = _listed(db_path)
    if kind == "shards":
        for path in list_manifests(db_path):
            if manifest_problem(db_path, path, listed) is None:
                return path
        return None
    for path in list_backups(db_path, kind):
        if problem_of(path, kind, listed) is None:
            return path
    return None


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def write(db_path: Path, kind: str, data: bytes, when: str | None = None) -> Path:
    """Write a whole-file backup of `kind` holding `data` (atomic; the folder is fsynced by the caller)."""
    target = _ensure_folder(db_path) / f"{kind}-{when or stamp()}.json"
    atomic_write(target, data, sync_dir=False)
    return target


def write_manifest(db_path: Path, data: bytes | list[bytes]) -> Path:
    """Write a backup of the older form (a manifest copy: a commit's backup of a state that
    is not manifest.json yet) under a new name, atomically: a temporary file, fsynced,
    renamed; the caller fsyncs the folder. `data`: the bytes, or their parts (encode_backup_parts)."""
    target = _ensure_folder(db_path) / f"{MANIFEST_PREFIX}{stamp()}.json"
    parts = [data] if isinstance(data, bytes) else data
    atomic_write(target, b"".join(parts), sync_dir=False)
    return target


def new_name() -> str:
    """A new backup's name: `stamp()`'s time (local, to the microsecond), formatted without
    datetime's strftime (a few us less on `db backup`'s way)."""
    ns = time.time_ns()
    t = time.localtime(ns // 1_000_000_000)
    return (f"{MANIFEST_PREFIX}{t.tm_year:04d}{t.tm_mon:02d}{t.tm_mday:02d}-{t.tm_hour:02d}{t.tm_min:02d}"
            f"{t.tm_sec:02d}-{ns // 1000 % 1_000_000:06d}.json")


def _ensure_folder(db_path: Path) -> Path:
    where = folder(db_path)
    if not where.is_dir():
        where.mkdir(exist_ok=True)
        fsync_dir(db_path)
    return where


def beyond(db_path: Path, kind: str, keep: int, extra: int = 0) -> list[Path]:
    """The whole-file backups of `kind` past the newest `keep` (counting `extra` about to be added)."""
    return list_backups(db_path, kind)[max(keep - extra, 0):]


def remove(paths: list[Path]) -> None:
    for old in paths:
        with contextlib.suppress(OSError):  # a backup we cannot delete is only wasted space
            os.unlink(old)


def newest_good_shard(db_path: Path, key: str) -> Path | None:
    """The newest backup holding a good copy of shard `key`."""
    listed = _listed(db_path)
    for path in list_manifests(db_path):
        try:
            raw = path.read_bytes()
            expected = listed.get(path.name)
            if expected is not None and (len(raw) != expected.size or hashlib.sha256(raw).hexdigest() != expected.sha256):
                continue
            version = load_backup(path, raw, db_path)[0].shards.get(key)
        except (OSError, Problem):
            continue
        if version is None:
            continue
        try:
            data = (Path(db_path) / shard_file(key, version)).read_bytes()
        except OSError:
            continue
        if version_problem([version], data) is None:
            return path
    return None


def corrupt(db_path: Path, file: Path, problem: str, kind: str) -> CorruptError:
    """The one-line error for a damaged file: what is wrong, and `db restore --db` (which
    brings back the newest good backup and rebuilds the rest from the other files)."""
    if kind == "shards":
        rel = Path(file).relative_to(db_path) if Path(file).is_relative_to(db_path) else Path(file)
        key = f"{rel.parent.as_posix()}/{rel.name.split('.', 1)[0]}"
        derived = rel.parent.name in ("names", "summary")  # rebuilt from the index: no backup needed
        backup = None if derived else newest_good_shard(db_path, key)
        where = f"; newest good backup: {backup}" if backup else ("" if derived else "; no good backup exists")
        return CorruptError(
            f"{file}: {problem}{where}; run `cppcc-review db restore --db {db_path}` to repair it "
            "(damaged files are kept in backups/)", **_corrupt_values(db_path, file, problem, backup, derived),
        )
    backup = newest_good(db_path, "shards") if kind in KINDS else None
    if backup is None and kind in KINDS:
        backup = newest_good(db_path, kind)  # an older release's whole-file copy
    if backup is not None:
        where = f"; newest good backup: {backup}"
    else:
        where = "; no good backup exists" if kind in KINDS else ""
    return CorruptError(
        f"{file}: {problem}{where}; run `cppcc-review db restore --db {db_path}` to repair it "
        "(damaged files are kept in backups/)", **_corrupt_values(db_path, file, problem, backup, kind not in KINDS),
    )


def _corrupt_values(db_path: Path, file: Path, problem: str, backup: Path | None, derived: bool) -> dict[str, Any]:
    """corrupt()'s code and values, for the command line to word it in the interface's language
    (a damage detail keeps its own code: store.errors.coded)."""
    code = "damaged_file_backup" if backup else ("damaged_file" if derived else "damaged_file_no_backup")
    return {"code": code, "file": file, "problem": problem, "backup": backup or "", "db": db_path}
