"""A database of an earlier release (schema 1 or 2) is upgraded on open, losing nothing; one
of main 034a702 (schema 3, its history written as documents, not rows) is read as it is.

tests/data/db_schema1/db was written by the first release's own code, and
tests/data/db_schema2/db by the release before shards, from the same calls (their READMEs
say how); EXPECTED.json beside each was written by hand from those calls. Here, for each:
* a read-only open reads it as it is (nothing written), and shows what EXPECTED says;
* the first writer upgrades it (shards named by a manifest, a journal with its first
  line, reply checksums, meta at schema 3): every reply, review, note, assessment,
  split / merge and history entry is still there, the old files are kept in backups/,
  and `db check` is clean;
* an upgrade killed at any of its file writes leaves a database that the next open
  upgrades again, with the same result;
* a damaged schema 1 file stops the upgrade with one line and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cppcc_review.store.db import SCHEMA_VERSION, ReviewStore
from cppcc_review.store.errors import CorruptError
from tests.helpers.files import digest
from tests.helpers.legacy import FIXTURE, FIXTURE2, FIXTURE3, first_release_copy

EXPECTED = json.loads((FIXTURE / "EXPECTED.json").read_text(encoding="utf-8"))


def observed(db: Path, *, readonly: bool) -> dict:
    with ReviewStore(db, readonly=readonly) as s:
        by_doc_no = {x.doc_no: x.id for x in s.summaries()}
        out = {"replies": {}, "reviews": {}, "history": {}}
        for doc_no, rid in by_doc_no.items():
            reply = s.get_reply(rid)
            out["replies"][doc_no] = {"suggestions": len(reply.suggestions), "text": reply.text}
            for review in s.reviews_of(rid):
                out["reviews"][f"{doc_no}/{review.reviewer}"] = {
                    "ratings": [sr.rating.value if sr.rating else None for sr in review.suggestions],
                    "notes": [sr.note for sr in review.suggestions],
                    "changed": [sr.changed for sr in review.suggestions],
                    "assessment": review.assessment.to_dict(),
                }
            out["history"][doc_no] = [c.action for c in s.history(rid)]
        out["changes"] = s.check()["changes"]
        out["problems"] = s.check()["problems"]
    return out


def assert_as_expected(seen: dict) -> None:
    for doc_no, want in EXPECTED["replies"].items():
        got = seen["replies"][doc_no]
        assert got["suggestions"] == want["suggestions"] and want["text_contains"] in got["text"], doc_no
    assert seen["reviews"] == EXPECTED["reviews"]
    assert seen["history"] == EXPECTED["history"]
    assert seen["changes"] == EXPECTED["changes"]
    assert seen["problems"] == []


@pytest.mark.parametrize("fixture", [FIXTURE, FIXTURE2], ids=["schema1", "schema2"])
def test_an_older_database_is_read_as_it_is_and_upgraded_by_the_first_writer(tmp_path, fixture):
    db = first_release_copy(tmp_path / "db", fixture)
    before = digest(db)
    assert_as_expected(observed(db, readonly=True))
    assert digest(db) == before  # a reader writes nothing
    assert_as_expected(observed(db, readonly=False))
    assert json.loads((db / "meta.json").read_text())["schema_version"] == SCHEMA_VERSION == 3
    manifest = json.loads((db / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"meta.json"}
    kinds = {key.split("/")[0] for key in manifest["shards"]}
    assert kinds == {"index", "names", "summary", "reviews", "changes"}
    assert not [name for name in ("index.json", "reviews.json", "history.json") if (db / name).exists()]
    index_files = [p for p in (db / "index").iterdir()]
    assert all('"sha256"' in line for p in index_files for line in p.read_text(encoding="utf-8").splitlines()[1:-1])
    assert b'"journal"' in (db / "reviews.journal").read_bytes().splitlines()[0]
    # The files as the older release left them are kept.
    for name in ("index", "reviews", "history"):
        kept = sorted((db / "backups").glob(f"{name}-*.json"))[-1].read_bytes()
        assert kept == (fixture / "db" / f"{name}.json").read_bytes()
    assert_as_expected(observed(db, readonly=True))  # and again, as schema 3


@pytest.mark.parametrize("dies_at", ["backups", "index", "reviews", "changes", "summary", "manifest.json",
                                     "reviews.journal", "meta.json"])
@pytest.mark.parametrize("fixture", [FIXTURE, FIXTURE2], ids=["schema1", "schema2"])
def test_an_upgrade_killed_at_any_write_is_finished_by_the_next_open(tmp_path, monkeypatch, dies_at, fixture):
    import cppcc_review.store.atomic
    import cppcc_review.store.backups
    import cppcc_review.store.folder
    import cppcc_review.store.migrate

    db = first_release_copy(tmp_path / "db", fixture)
    def dying_in(real):
        def dying(path, data, *args, **kwargs):
            if Path(path).name == dies_at or Path(path).parent.name == dies_at:
                raise KeyboardInterrupt("killed")
            return real(path, data, *args, **kwargs)

        return dying

    monkeypatch.setattr(cppcc_review.store.migrate, "atomic_write", dying_in(cppcc_review.store.atomic.atomic_write))
    monkeypatch.setattr(cppcc_review.store.folder, "atomic_write", dying_in(cppcc_review.store.atomic.atomic_write))
    monkeypatch.setattr(cppcc_review.store.backups, "atomic_write", dying_in(cppcc_review.store.atomic.atomic_write))
    # shard files are new files, written in place (cppcc_review.store.atomic.write_new)
    monkeypatch.setattr(cppcc_review.store.folder, "write_new", dying_in(cppcc_review.store.atomic.write_new))
    with pytest.raises(KeyboardInterrupt):
        ReviewStore(db)
    monkeypatch.undo()
    assert_as_expected(observed(db, readonly=False))


@pytest.mark.parametrize("fixture", [FIXTURE, FIXTURE2], ids=["schema1", "schema2"])
def test_a_damaged_older_file_stops_the_upgrade_and_changes_nothing(tmp_path, fixture):
    db = first_release_copy(tmp_path / "db", fixture)
    snapshot = db / "reviews.json"
    snapshot.write_bytes(snapshot.read_bytes().replace(b'"adopted"', b'"adopped"', 1))
    before = digest(db)
    with pytest.raises(CorruptError) as info:
        ReviewStore(db)
    assert str(snapshot) in str(info.value) and "adopped" in str(info.value) and "\n" not in str(info.value)
    assert digest(db) == before


def _histories(db: Path) -> dict:
    with ReviewStore(db, readonly=True) as s:
        return {x.doc_no: s.history(x.id) for x in s.summaries()}


def test_a_database_of_main_034a702_is_read_as_it_is_and_its_history_kept_whole(tmp_path):
    """tests/data/db_schema3: the history in its changes shards as one object per change.
    It opens as it is (a reader writes nothing); a writer's fold writes the tables it
    touches as rows, next to the other tables' documents; every change is still there, the
    same, and `db check` is clean."""
    from cppcc_review.store.manifest import Manifest, shard_file

    db = first_release_copy(tmp_path / "db", FIXTURE3)
    before = digest(db)
    assert_as_expected(observed(db, readonly=True))
    assert digest(db) == before  # read as it is
    histories = _histories(db)
    assert sum(map(len, histories.values())) == EXPECTED["changes"]
    with ReviewStore(db) as s:
        s.fold_all()  # the journal's changes into the shards: their tables as rows
        s.backup()
    assert _histories(db) == histories  # every change, field for field
    assert_as_expected(observed(db, readonly=False))
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    forms = {type(table) for key, version in manifest.shards.items() if key.startswith("changes/")
             for table in json.loads((db / shard_file(key, version)).read_bytes()).values()}
    assert list in forms  # rows now
    with ReviewStore(db, readonly=True) as s:
        assert s.check()["ok"]


def test_a_damaged_history_shard_in_rows_is_restored_from_a_backup_of_main_034a702(tmp_path):
    """Restore meets both forms: the changes shard a fold wrote as rows is damaged; the
    newest good copy is the one main 034a702's backup names (documents). The history comes
    back as that backup held it, each change as it was."""
    from cppcc_review.store.manifest import Manifest, shard_file

    db = first_release_copy(tmp_path / "db", FIXTURE3)
    backed_up = json.loads((db / "changes" / "5d.4f265fe0633ab728.json").read_bytes())  # (named by the backup)
    histories = _histories(db)
    with ReviewStore(db) as s:
        s.fold_all()
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    path = db / shard_file("changes/5d", manifest.shards["changes/5d"])
    assert type(next(iter(json.loads(path.read_bytes()).values()))) is list
    path.write_bytes(path.read_bytes().replace(b'"alice"', b'"al\xffce"', 1))
    [(target, source)] = ReviewStore.restore(db)
    assert target == db / "changes/5d" and "backups/backup-" in source
    doc_no = "沪科提复〔2025〕56号"
    kept = backed_up["h:5d22c37ca292"]
    restored = _histories(db)[doc_no]
    assert all(c in histories[doc_no] for c in restored)  # each change as it was, field for field
    assert {str(c.seq) for c in restored} >= set(kept) and len(kept) >= 4  # and every one the backup held
    with ReviewStore(db, readonly=True) as s:
        assert s.check()["ok"]
