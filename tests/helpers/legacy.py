"""Databases as the first release (schema 1) wrote them.

`first_release_copy(dest)` copies tests/data/db_schema1/, a small database written by the
first release's own code (see its README): the real bytes an upgrade meets (with
`fixture=FIXTURE2`, tests/data/db_schema2/, the same written by the release before shards). `as_schema1(db)`
turns a database of this release back into that shape (whole index.json, reviews.json
and history.json, one file per reply text, no manifest, no journal first line, no reply
checksums in the index), so that a test may edit its files by hand as a user of the first
release could have; the next writer upgrades it again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "db_schema1"
FIXTURE2 = Path(__file__).resolve().parents[1] / "data" / "db_schema2"
FIXTURE3 = Path(__file__).resolve().parents[1] / "data" / "db_schema3"  # main 034a702: history as documents


def first_release_copy(dest: Path, fixture: Path = FIXTURE) -> Path:
    shutil.copytree(fixture / "db", dest)
    return dest


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def as_schema1(db: Path) -> None:
    from cppcc_review.store import reply_codec, reply_packs, shard_format, shards
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.manifest import Manifest, shard_file

    with ReviewStore(db) as s:
        s.fold_all()  # every change in the shards, the journal empty
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    index: dict = {}
    reviews: dict = {}
    history: dict = {}
    for key, version in manifest.shards.items():
        data = shard_format.decode((db / shard_file(key, version)).read_bytes())  # (history rows as documents)
        kind = shards.kind_of(key)
        if kind == "index":
            for entry in data.get("replies", {}).values():
                index[entry["id"]] = entry
        elif kind == "reviews":
            reviews.update(data)
        elif kind == "changes":
            history.update(data)
    replies = {}
    for rid, entry in sorted(index.items()):
        _path, raw = reply_packs.read(db, entry, rid)
        replies[rid] = reply_codec.decode(json.loads(raw)).to_dict()
        for key in ("pack", "at", "len", "sha256", "hashes"):
            entry.pop(key, None)
    for kind in shards.KINDS:
        shutil.rmtree(db / kind, ignore_errors=True)
    shutil.rmtree(db / "replies", ignore_errors=True)
    (db / "replies").mkdir()
    for rid, data in replies.items():
        (db / "replies" / f"{rid}.json").write_text(_dump(data), encoding="utf-8")
    (db / "index.json").write_text(_dump({"replies": {str(i): e for i, e in enumerate(index.values(), 1)}}),
                                   encoding="utf-8")
    (db / "reviews.json").write_text(_dump(reviews), encoding="utf-8")
    if history:
        (db / "history.json").write_text(_dump(history), encoding="utf-8")
    meta = json.loads((db / "meta.json").read_text(encoding="utf-8"))
    meta["schema_version"] = 1
    (db / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (db / "manifest.json").unlink(missing_ok=True)
    (db / "reviews.journal").write_bytes(b"")  # the first release's journal had no first line
    shutil.rmtree(db / "backups", ignore_errors=True)
