"""`db backup` made cheaper (issue 16) keeps what it promised: every backup listed names
shard files that are there, files nobody names (a killed writer's) are still removed by
a fold that starts a new journal, `db check` accepts the result, a backup restores, and
the manifest encoded from its cache is the manifest's own state."""

from __future__ import annotations

import os

from cppcc_review.store.backups import list_manifests, load_backup
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.manifest import MANIFEST, Manifest, Version, shard_file
from cppcc_review.store.model import Rating
from tests.test_tui import make_reply


def _replies(n: int):
    return [make_reply(f"沪科提复〔2025〕{k}号", f"关于第{k}件事的提案", "市科委",
                       [(f"一、关于甲{k}", "我们将研究。"), (f"二、关于乙{k}", "已经采纳。")]) for k in range(1, n + 1)]


def _on_disk(db) -> set[str]:
    return {f"{kind}/{name}" for kind in ("index", "names", "reviews", "changes", "summary")
            if (db / kind).is_dir() for name in os.listdir(db / kind)}


def _named(db) -> set[str]:
    manifest = Manifest.from_bytes((db / MANIFEST).read_bytes())
    named = {shard_file(k, v) for k, v in manifest.shards.items()}
    for path in list_manifests(db):  # (the folder is the list of backups)
        backup, _journal = load_backup(path)  # (a backup may carry the journal)
        named |= {shard_file(k, v) for k, v in backup.shards.items()}
    return named


def test_backups_name_files_that_are_there_and_leftovers_go(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db, backups=10) as store:
        ids = [store.add_reply(r)[0] for r in _replies(6)]
        store.backup()
        kept = {}
        for round_ in range(4):
            store.set_rating(ids[round_], "a", 1, Rating.EXPLAINED)
            store.set_rating(ids[-1], "a", 2, [Rating.ADOPTED, Rating.EXPLAINED][round_ % 2])
            if round_ == 1:
                # What a writer killed mid-commit leaves: a shard file nobody names, and a
                # temporary file of a dead process.
                (db / "reviews" / "zz.0123456789abcdef.json").write_bytes(b"{\n}\n")
                (db / "reviews" / ".ab.json.999999.abcdefgh.tmp").write_bytes(b"half")
                # A backup keeps the journal as it is (no fold, no new journal since issue
                # 16's backup change): a fold of everything starts a new journal here.
                store.fold_all()
            [made] = store.backup()
            if round_ == 1:  # no backup dropped yet: the new journal's pass over the folders removed them
                assert not {"reviews/zz.0123456789abcdef.json", "reviews/.ab.json.999999.abcdefgh.tmp"} & _on_disk(db)
            kept[made.name] = {rid: [s.rating for s in store.get_review(rid, "a").suggestions] for rid in ids}
        assert store.check()["problems"] == []
    assert _on_disk(db) == _named(db)  # every file named by the state or a backup, and nothing else
    with ReviewStore(db, backups=2) as store:
        store.set_rating(ids[0], "a", 2, Rating.ADOPTED)
        store.backup()
    assert len(list_manifests(db)) == 2  # the older ones dropped, with the files only they named
    assert _on_disk(db) == _named(db)

    oldest = min(p.name for p in list_manifests(db))
    ReviewStore.restore(db, db / "backups" / oldest)
    with ReviewStore(db, readonly=True) as store:
        assert {rid: [s.rating for s in store.get_review(rid, "a").suggestions] for rid in ids} == kept[oldest]
        assert store.check()["problems"] == []


def test_a_manifest_encodes_its_own_shards_whatever_was_encoded_before(tmp_path):
    """The encoded shard lines are reused between manifests: a copy with one shard
    changed, one with a shard added under a name JSON must escape, and the original again
    each read back as themselves."""
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        for reply in _replies(3):
            store.add_reply(reply)
    first = Manifest.from_bytes((db / MANIFEST).read_bytes())
    key = sorted(first.shards)[0]
    changed = first.copy()
    changed.shards[key] = Version.of(b"other content")
    odd = first.copy()
    odd.shards['reviews/"引号"'] = Version.of(b"x")
    for manifest in (first, changed, odd, first, changed):
        assert Manifest.from_bytes(manifest.to_bytes()).shards == manifest.shards
    assert Manifest.from_bytes(first.to_bytes()).shards[key] != changed.shards[key]
