"""manifest.json: the database's own list of its files, with their sizes and checksums.

Format v2 (schema 3):

    {"format": "cppcc-review/manifest/v2", "generation": 7,
     "files": {"meta.json": [{"size": 97, "sha256": "..."}]},
     "shards": {"index/3f": {"size": ..., "sha256": ...}, "reviews/3f": {...},
                "changes/3f": {...}, "names/a0": {...}, "summary/0000": {...}, ...},
     "journal": ["3f9a0c..."],
     "folded": {"3f": 18211, "index": 78}, "folded_for": "3f9a0c...",
     "replies": 100000,
     "backups": {"reviews-20250710-101500-123456.json": {"size": ..., "sha256": ...}, ...},
     "database": "9f3c0a7e5b1d2c48",
     "sha256": "<checksum of every byte above this line>"}

`files` are files with a fixed name (meta.json), replaced in place: each lists the
versions it may have (normally one; `null` means "absent"). While one is replaced the
manifest first accepts the old and the new version, then the file is replaced, then the
manifest accepts the new one only (cppcc_review.store.folder), so a crash at any moment leaves a
manifest that accepts what is on disk.

`backups` lists an older release's backups with their checksums (whole-file copies; the
`backup-…` files the previous release listed, until they rotate out). This release's
backups are not listed: the folder is their list (cppcc_review.store.backups).

`shards` name the content-addressed shard files (cppcc_review.store.shards): shard `reviews/3f` with
checksum `abcd...` is the file `reviews/3f.abcd0123456789ab.json`, never changed once
written. A compaction writes new shard files, then the manifest that names them: the
manifest is the one point where a new state becomes the state, in one atomic rename.
Files the manifest does not name are old versions (kept while a backup names them) or
left by a crash, and are removed by the next writer.

`database` is the database's identity (random, made once; absent in an older release's
manifest until this release's first commit): a backup's copy of the manifest names the
database it was taken of. `journal` names the journal's id (its first line). `folded` says, per prefix of reply
ids (and for the index), up to which byte of the journal `folded_for` its shards hold
every change (cppcc_review.store.fold): replaying the journal skips what they hold. `replies` counts
the replies in the shards.

Any change to a file (one flipped bit, a copy restored by a sync tool, a deletion) is
detected: a shard's bytes must match its checksum before any line of it is used.
Reply texts carry their checksum in their index entry; earlier texts, in the change that
set them aside. The manifest carries its own checksum (v2: of the bytes before it). Format v1 (schema 2: whole
index.json / reviews.json / history.json under `files`) is read for the upgrade.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, coded

MANIFEST = "manifest.json"
FORMAT = "cppcc-review/manifest/v2"
FORMAT_V1 = "cppcc-review/manifest/v1"
TRACKED = ("meta.json",)
TRACKED_V1 = ("meta.json", "index.json", "reviews.json", "history.json")


@dataclass(frozen=True)
class Version:
    """One version of a file: its size and the SHA-256 of its bytes (hex)."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> Version:
        return cls(len(data), hashlib.sha256(data).hexdigest())

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "sha256": self.sha256}

    @classmethod
    def from_json(cls, value: Any) -> Version:
        if not (isinstance(value, dict) and isinstance(value.get("size"), int) and isinstance(value.get("sha256"), str)
                and len(value["sha256"]) == 64):
            raise _entry_problem(value)
        return cls(value["size"], value["sha256"])


def new_database_id() -> str:
    """A database's identity (Manifest.database): 16 random hex digits."""
    return os.urandom(8).hex()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shard_file(key: str, version: Version) -> str:
    """The file (relative to the database) holding shard `key` in `version`."""
    return f"{key}.{version.sha256[:16]}.json"


@dataclass
class Manifest:
    """manifest.json read: the files of the current state and how far the journal is folded."""

    generation: int = 0
    files: dict[str, list[Version | None]] = field(default_factory=dict)
    journal: list[str] = field(default_factory=list)
    backups: dict[str, Version] = field(default_factory=dict)
    shards: dict[str, Version] = field(default_factory=dict)
    folded: dict[str, int] = field(default_factory=dict)
    replies: int = 0
    format: str = FORMAT
    folded_for: str = ""  # the journal whose bytes `folded` counts
    # In a backup's copy only: the backups kept beside it when it was written, {name: size}
    # (the folder is the list of backups; this lets `db check` notice one deleted).
    beside: dict[str, int] = field(default_factory=dict)
    # The database's identity (random, made once: cppcc_review.store.folder gives a manifest
    # without one its own at its next commit): a backup's copy names the database it was
    # taken of, so `db restore --from` can refuse another database's backup. "" in a
    # manifest of an older release.
    database: str = ""

    # -- questions ----------------------------------------------------------------------
    def accepted(self, name: str) -> list[Version | None]:
        return self.files.get(name, [None])

    def problem(self, name: str, data: bytes | None) -> str | None:
        """Why `data` (None: the file is absent) is not a version of `name` this manifest
        accepts; None when it is."""
        return version_problem(self.accepted(name), data)

    def shard_problem(self, key: str, data: bytes | None) -> str | None:
        version = self.shards.get(key)
        if version is None:
            return None if data is None else "not listed in the database's manifest (a stray copy?)"
        return version_problem([version], data)

    def size_problem(self, name: str, size: int | None) -> str | None:
        """A cheap look (no read): is a file of this size (None: absent) possibly a version it accepts?"""
        accepted = self.accepted(name)
        if size is None:
            return None if None in accepted else "missing (the database's manifest lists it)"
        sizes = {v.size for v in accepted if v is not None}
        if not sizes:
            return "not listed in the database's manifest (a stray copy?)"
        if size not in sizes:
            return (f"its size ({size} bytes) is not the size the manifest records "
                    f"({', '.join(map(str, sorted(sizes)))}): changed or cut short outside cppcc-review")
        return None

    def settled(self) -> bool:
        return len(self.journal) <= 1 and all(len(v) == 1 for v in self.files.values())

    def summary_keys(self) -> list[str]:
        return sorted(k for k in self.shards if k.startswith("summary/"))

    def copy(self) -> Manifest:
        return Manifest(self.generation, {k: list(v) for k, v in self.files.items()}, list(self.journal),
                        dict(self.backups), dict(self.shards), dict(self.folded), self.replies, self.format,
                        self.folded_for, dict(self.beside), self.database)

    def marks_for(self, journal_id: str | None) -> dict[str, int]:
        """The fold marks, when they count bytes of journal `journal_id` ({} otherwise)."""
        return self.folded if journal_id and self.folded_for == journal_id else {}

    # -- bytes ---------------------------------------------------------------------------
    def _body(self, shards: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {
            "format": self.format,
            "generation": self.generation,
            "files": {name: [v.to_json() if v else None for v in versions] for name, versions in sorted(self.files.items())},
            "journal": list(self.journal),
            "backups": {name: v.to_json() for name, v in sorted(self.backups.items())},
        }
        if self.format == FORMAT:
            body["shards"] = {key: v.to_json() for key, v in sorted(self.shards.items())} if shards else self.shards
            body["folded"] = dict(sorted(self.folded.items()))
            body["folded_for"] = self.folded_for
            body["replies"] = self.replies
            if self.database:
                body["database"] = self.database
        return body

    def to_bytes(self) -> bytes:
        body = self._body(shards=self.format != FORMAT)
        if self.format != FORMAT:  # v1: the checksum of the canonical form
            body["sha256"] = sha256(_canonical(body))
            return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        # One shard a line (readable, and far smaller than indented JSON); the last line is
        # the checksum of every byte before it, so checking it needs no second encoding.
        parts = []
        for key, value in body.items():
            if key == "shards" and value:
                inner = _shards_block(self.shards)
                parts.append('"shards":{\n' + inner + "\n}")
            else:
                parts.append(_part(key, value))
        head = ("{\n" + ",\n".join(parts) + ",\n").encode("utf-8")
        return head + b'"sha256":"' + sha256(head).encode("ascii") + b'"\n}\n'

    def state_bytes(self, files: dict[str, list[Version | None]], beside: dict[str, int] | None = None) -> bytes:
        """`state_parts` in one piece."""
        return b"".join(self.state_parts(files, beside))

    def state_parts(self, files: dict[str, list[Version | None]], beside: dict[str, int] | None = None) -> list[bytes]:
        """This state as a backup keeps it (cppcc_review.store.backups.encode_backup): the
        manifest's JSON with `files` for its files, no backups listed, `beside` (the backups
        kept beside it: {name: size}), its shards first. A
        manifest reader takes it as any manifest (the key order is JSON's business; the
        checksum line is the same). Shards first, because they are nearly all the bytes: the
        checksum of that part (with the rest of the state: fold marks, journal id, ...) is
        taken once for a run of backups of the same state (the journal grows between them,
        the shards only change at a fold), and each backup then costs the checksum of its
        last lines (its files: the journal copy's size and sha256; the backups beside it).
        In parts (the kept shards part, then the rest): a backup writes them as they are,
        not copied into one string first."""
        if self.format != FORMAT:
            copy = self.copy()
            copy.files, copy.backups = files, {}
            return [copy.to_bytes()]  # (v1: no room for `beside`)
        global _state_head
        body = self._body(shards=False)
        del body["shards"], body["files"]
        body["backups"] = {}
        last = _state_head  # (one read: another thread may encode meanwhile)
        if last is not None and last[0] == self.shards and last[1] == body:
            prefix, digest = last[2], last[3].copy()
        else:
            block = _shards_block(self.shards)
            parts = "".join(_part(key, value) + ",\n" for key, value in body.items())
            prefix = ('{\n"shards":{\n' + block + "\n},\n" + parts).encode("utf-8")
            state = hashlib.sha256(prefix)
            _state_head = (dict(self.shards), body, prefix, state)
            digest = state.copy()
        files_json = {name: [v.to_json() if v else None for v in versions] for name, versions in sorted(files.items())}
        rest = (_part("files", files_json) + ",\n" + _part("beside", dict(sorted((beside or {}).items()))) + ",\n").encode("utf-8")
        digest.update(rest)
        return [prefix, b"".join((rest, b'"sha256":"', digest.hexdigest().encode("ascii"), b'"\n}\n'))]

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise Problem("not valid JSON (damaged)", code="detail.manifest_json") from None
        if not isinstance(data, dict) or data.get("format") not in (FORMAT, FORMAT_V1):
            said = repr(str(data.get("format") if isinstance(data, dict) else data)[:40])
            raise Problem(f"not a manifest of this kind (format {said})", code="detail.manifest_kind", format=said)
        claimed = data.pop("sha256", None)
        if data["format"] == FORMAT:
            at = raw.rfind(b'"sha256":"')
            ok = at > 0 and claimed == sha256(raw[:at]) and raw[at:] == b'"sha256":"' + str(claimed).encode() + b'"\n}\n'
        else:
            ok = claimed == sha256(_canonical(data))
        if not ok:
            raise Problem("its own checksum does not match (damaged)", code="detail.manifest_checksum")
        try:
            files = {
                str(name): [None if v is None else Version.from_json(v) for v in versions]
                for name, versions in data["files"].items()
            }
            if any(not versions for versions in files.values()):
                raise Problem("a file with no version", code="detail.manifest_no_version")
            journal = [str(x) for x in data["journal"]]
            backups = {str(name): Version.from_json(v) for name, v in data["backups"].items()}
            generation = int(data["generation"])
            shards = {str(k): _version(v) for k, v in data.get("shards", {}).items()}
            folded = {str(k): int(v) for k, v in data.get("folded", {}).items()}
            replies = int(data.get("replies", 0))
            folded_for = str(data.get("folded_for", ""))
            beside = {str(k): int(v) for k, v in data.get("beside", {}).items()}
            database = str(data.get("database", ""))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise Problem(f"missing or malformed part ({exc})", code="detail.manifest_part", part=exc) from None
        return cls(generation, files, journal, backups, shards, folded, replies, data["format"], folded_for, beside,
                   database)


def _version(value: Any) -> Version:
    """Version.from_json for the manifest's many shard entries, with the same checks, faster."""
    try:
        size, digest = value["size"], value["sha256"]
    except (TypeError, KeyError):
        raise _entry_problem(value) from None
    if type(size) is not int or type(digest) is not str or len(digest) != 64:
        raise _entry_problem(value)
    return Version(size, digest)


def _entry_problem(value: Any) -> Problem:
    """A manifest's file entry (`value`, as found) that is not {size, sha256}."""
    return Problem(f"a file entry is not {{size, sha256}}: {str(value)[:60]}", code="detail.manifest_entry",
                   entry=str(value)[:60])


def version_problem(accepted: list[Version | None], data: bytes | None) -> str | None:
    """Why `data` is not a version `accepted` names (a line with its code: the command line
    words it in the interface's language), None when it is."""
    if data is None:
        return None if None in accepted else coded("missing (the database's manifest lists it)", "detail.missing")
    if not any(v is not None for v in accepted):
        return coded("not listed in the database's manifest (a stray copy?)", "detail.not_listed")
    version = Version.of(data)
    if version in accepted:
        return None
    sizes = {v.size for v in accepted if v is not None}
    if version.size not in sizes:
        recorded = ", ".join(map(str, sorted(sizes)))
        return coded(f"its size ({version.size} bytes) is not the size the manifest records "
                     f"({recorded}): changed or cut short outside cppcc-review", "detail.size", size=version.size,
                     recorded=recorded)
    return coded("its checksum does not match the manifest: changed outside cppcc-review, or damaged on disk",
                 "detail.checksum")


_PLAIN = re.compile(r"[A-Za-z0-9_/.-]+")
_HEX = re.compile(r"[0-9a-f]{64}")


# Each shard's line, once made: a manifest names about a thousand shards, a commit writes
# it two or three times (the backup of a state, the step that accepts the old and the new
# journal, the new state) and a session's commits differ in a few shards.
_LINES: dict[tuple[str, int, str], str] = {}
_LINES_MAX = 200_000


_block: tuple[dict[str, Version], str] | None = None  # the last shards encoded, and their lines


def _shards_block(shards: dict[str, Version]) -> str:
    """The manifest's shard lines, joined; the last block again when the shards are the
    same (a comparison in C: the copies of a manifest share their Version objects)."""
    global _block
    last = _block  # (one read: another thread may encode a manifest meanwhile)
    if last is not None and last[0] == shards:
        return last[1]
    inner = ",\n".join(_shard_line(k, v) for k, v in sorted(shards.items()))
    _block = (dict(shards), inner)
    return inner


def _shard_line(key: str, version: Version) -> str:
    """`"key":{"size":N,"sha256":"..."}`, as json.dumps writes it, without its cost (a
    manifest names a thousand shards and is written at every commit)."""
    cached = (key, version.size, version.sha256)
    line = _LINES.get(cached)
    if line is None:
        if _PLAIN.fullmatch(key) and _HEX.fullmatch(version.sha256) and type(version.size) is int:
            line = f'"{key}":{{"size":{version.size},"sha256":"{version.sha256}"}}'
        else:
            line = json.dumps(key, ensure_ascii=False) + ":" + _compact(version.to_json())
        if len(_LINES) >= _LINES_MAX:
            _LINES.clear()
        _LINES[cached] = line
    return line


def _part(key: str, value: Any) -> str:
    """One top-level member of a v2 manifest: `files` and `backups` one entry a line."""
    if isinstance(value, dict) and value and key in ("backups", "files", "beside"):
        inner = ",\n".join(json.dumps(k, ensure_ascii=False) + ":" + _compact(v) for k, v in value.items())
        return json.dumps(key) + ":{\n" + inner + "\n}"
    return json.dumps(key) + ":" + _compact(value)


# The last state encoded for a backup: (its shards, the rest of its body but its files,
# the bytes of those parts, their sha256 so far): Manifest.state_bytes.
_state_head: tuple[dict[str, Version], dict[str, Any], bytes, Any] | None = None


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
