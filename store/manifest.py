"""manifest.json: the database's own list of its files, with their sizes and checksums.

    {"format": "cppcc-review/manifest/v1", "generation": 7,
     "files": {"meta.json": [{"size": 97, "sha256": "..."}], "index.json": [...],
               "reviews.json": [...], "history.json": [null]},
     "journal": ["3f9a0c..."],
     "backups": {"reviews-20250710-101500-123456.json": {"size": ..., "sha256": ...}, ...},
     "sha256": "<checksum of everything above>"}

Each tracked file lists the versions it may have: normally one; `null` means "absent".
While a file is being replaced the manifest first accepts the old and the new version,
then the file is replaced, then the manifest accepts the new one only (store.folder):
so a crash at any moment leaves a manifest that accepts what is on disk, and any other
change to a file (one flipped bit, a copy restored by a sync tool, a deletion) is
detected. `journal` names the journal file's id (its first line), so a deleted or
swapped journal is noticed too. Reply files carry their checksum in their index entry;
the files of earlier texts, in the change that set them aside.

The manifest carries its own checksum. It is readable JSON, rewritten atomically.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from store.backups import Problem

MANIFEST = "manifest.json"
FORMAT = "cppcc-review/manifest/v1"
TRACKED = ("meta.json", "index.json", "reviews.json", "history.json")


@dataclass(frozen=True)
class Version:
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
            raise Problem(f"a file entry is not {{size, sha256}}: {str(value)[:60]}")
        return cls(value["size"], value["sha256"])


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    generation: int = 0
    files: dict[str, list[Version | None]] = field(default_factory=dict)
    journal: list[str] = field(default_factory=list)
    backups: dict[str, Version] = field(default_factory=dict)

    # -- questions ----------------------------------------------------------------------
    def accepted(self, name: str) -> list[Version | None]:
        return self.files.get(name, [None])

    def problem(self, name: str, data: bytes | None) -> str | None:
        """Why `data` (None: the file is absent) is not a version of `name` this manifest
        accepts; None when it is."""
        accepted = self.accepted(name)
        if data is None:
            return None if None in accepted else "missing (the database's manifest lists it)"
        if not any(v is not None for v in accepted):
            return "not listed in the database's manifest (a stray copy?)"
        version = Version.of(data)
        if version in accepted:
            return None
        sizes = {v.size for v in accepted if v is not None}
        if version.size not in sizes:
            return (f"its size ({version.size} bytes) is not the size the manifest records "
                    f"({', '.join(map(str, sorted(sizes)))}): changed or cut short outside cppcc-review")
        return "its checksum does not match the manifest: changed outside cppcc-review, or damaged on disk"

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

    def copy(self) -> Manifest:
        return Manifest(self.generation, {k: list(v) for k, v in self.files.items()}, list(self.journal), dict(self.backups))

    # -- bytes ---------------------------------------------------------------------------
    def _body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generation": self.generation,
            "files": {name: [v.to_json() if v else None for v in versions] for name, versions in sorted(self.files.items())},
            "journal": list(self.journal),
            "backups": {name: v.to_json() for name, v in sorted(self.backups.items())},
        }

    def to_bytes(self) -> bytes:
        body = self._body()
        body["sha256"] = sha256(_canonical(body))
        return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"

    @classmethod
    def from_bytes(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Problem("not valid JSON (damaged)") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise Problem(f"not a manifest of this kind (format {str(data.get('format') if isinstance(data, dict) else data)[:40]!r})")
        claimed = data.pop("sha256", None)
        if claimed != sha256(_canonical(data)):
            raise Problem("its own checksum does not match (damaged)")
        try:
            files = {
                str(name): [None if v is None else Version.from_json(v) for v in versions]
                for name, versions in data["files"].items()
            }
            if any(not versions for versions in files.values()):
                raise Problem("a file with no version")
            journal = [str(x) for x in data["journal"]]
            backups = {str(name): Version.from_json(v) for name, v in data["backups"].items()}
            generation = int(data["generation"])
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise Problem(f"missing or malformed part ({exc})") from None
        return cls(generation, files, journal, backups)


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
