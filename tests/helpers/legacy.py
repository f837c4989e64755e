"""Databases as the first release (schema 1) wrote them.

`first_release_copy(dest)` copies tests/data/db_schema1/, a small database written by the
first release's own code (see its README): the real bytes an upgrade meets. `as_schema1(db)`
turns a database of this release back into that shape (no manifest, no journal first
line, no reply checksums in the index), so that a test may edit its files by hand as a
user of the first release could have; the next writer upgrades it again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "db_schema1"


def first_release_copy(dest: Path) -> Path:
    shutil.copytree(FIXTURE / "db", dest)
    return dest


def as_schema1(db: Path) -> None:
    meta = json.loads((db / "meta.json").read_text(encoding="utf-8"))
    meta["schema_version"] = 1
    (db / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (db / "manifest.json").unlink(missing_ok=True)
    journal = db / "reviews.journal"
    if journal.exists():
        lines = journal.read_bytes().splitlines(keepends=True)
        if lines and b'"journal"' in lines[0]:
            journal.write_bytes(b"".join(lines[1:]))
    index = db / "index.json"
    if index.exists():
        data = json.loads(index.read_bytes())
        for doc in data.get("replies", {}).values():
            doc.pop("sha256", None)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
