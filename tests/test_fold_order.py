"""The order of a fold (cppcc_review.store.fold, cppcc_review.store.folder.commit): everything the journal held must
be durable in the shards, and named by a durable manifest, BEFORE the journal is started
again. Swapped, a power cut right after the new (empty) journal replaced the old one
loses every change the journal held.

The test watches every durable write of one fold_all(), and at the moment the journal is
replaced takes the folder as a power cut would leave it just after that write (the new
journal in place, nothing later): that folder must open with every change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import cppcc_review.store.folder
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.manifest import Manifest, shard_file
from cppcc_review.store.model import Rating
from tests.helpers.replies import make_reply


def _reviewed(db: Path) -> tuple[list[str], dict]:
    """A database with several replies (several prefixes) and journaled ratings, notes and
    history that are not in its shards yet."""
    with ReviewStore(db) as s:
        ids = [s.add_reply(make_reply(f"沪科提复〔2025〕{n}号", variant=str(n)))[0] for n in range(1, 7)]
        s.fold_all()
    s = ReviewStore(db)
    for k, rid in enumerate(ids):
        s.set_rating(rid, "alice", 1 + k % 3, Rating.ADOPTED)
        s.set_note(rid, "bob", 1, f"note {k}")
    expected = {rid: (s.get_review(rid, "alice"), s.get_review(rid, "bob"), s.history(rid)) for rid in ids}
    s.close()  # closing leaves the journal to be folded later
    return ids, expected


def test_the_shards_and_their_manifest_are_durable_before_the_journal_starts_again(tmp_path, monkeypatch):
    db = tmp_path / "db"
    ids, expected = _reviewed(db)
    events: list[tuple[str, str]] = []
    at_cut: dict[str, Path] = {}
    real_atomic, real_new, real_dir = cppcc_review.store.folder.atomic_write, cppcc_review.store.folder.write_new, cppcc_review.store.folder.fsync_dir

    def atomic_write(path, data, *args, **kwargs):
        path = Path(path)
        if path.name == "reviews.journal" and "db" not in at_cut:
            # The power cut right after this write: the folder as it is, the new journal in place.
            cut = tmp_path / "cut"
            shutil.copytree(db, cut, ignore=shutil.ignore_patterns("lock"))
            (cut / "reviews.journal").write_bytes(data)
            at_cut["db"] = cut
        real_atomic(path, data, *args, **kwargs)
        events.append(("journal" if path.name == "reviews.journal" else path.name, str(path)))

    def write_new(path, data):
        real_new(path, data)  # written and fsynced
        events.append(("shard", str(Path(path).relative_to(db))))

    def fsync_dir(path):
        real_dir(path)
        events.append(("dir", str(path)))

    monkeypatch.setattr(cppcc_review.store.folder, "atomic_write", atomic_write)
    monkeypatch.setattr(cppcc_review.store.folder, "write_new", write_new)
    monkeypatch.setattr(cppcc_review.store.folder, "fsync_dir", fsync_dir)
    with ReviewStore(db) as s:
        assert s._jstore.journal_lines > 0
        s.fold_all()
    monkeypatch.undo()

    kinds = [kind for kind, _ in events]
    assert "journal" in kinds, "the fold did not start a new journal"
    cut_at = kinds.index("journal")
    shards_written = [i for i, kind in enumerate(kinds) if kind == "shard"]
    assert shards_written and max(shards_written) < cut_at, events
    # each new shard's folder fsynced (its name durable) before the journal is replaced
    for i in shards_written:
        folder = str(db / Path(events[i][1]).parent)
        assert any(kind == "dir" and p == folder for kind, p in events[i + 1 : cut_at]), (events[i], events)
    # a manifest naming every new shard was written before the journal
    manifests = [i for i, kind in enumerate(kinds) if kind == "manifest.json"]
    assert manifests and manifests[0] < cut_at, events

    # the power cut right after the journal was replaced: nothing is lost
    cut = at_cut["db"]
    manifest = Manifest.from_bytes((cut / "manifest.json").read_bytes())
    named = {shard_file(k, v) for k, v in manifest.shards.items()}
    assert {Path(events[i][1]).as_posix() for i in shards_written} <= named
    with ReviewStore(cut) as s:
        for rid in ids:
            assert (s.get_review(rid, "alice"), s.get_review(rid, "bob"), s.history(rid)) == expected[rid]
        assert s.check()["ok"]
