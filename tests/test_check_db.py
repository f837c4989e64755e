"""`db check` reads each shard once, checks its documents all together (store/schema_bulk.py)
and keeps only what its report needs (store/check_db.py). A shard whose checksum is right
but whose content is wrong (written so by a faulty program; planted here by writing the
shard and a manifest that names it) must still be named with its problem, and so must a
summary out of step with the index; the report counts what the database holds, the
journal's changes not folded yet included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cppcc_review.store import shard_format
from cppcc_review.store.db import ReviewStore, check_database
from cppcc_review.store.manifest import Manifest, Version, shard_file
from cppcc_review.store.model import Rating
from tests.helpers.replies import crash, make_reply

REPLIES = [make_reply(n=4), make_reply("沪科提复〔2025〕57号", n=3), make_reply("沪科提复〔2025〕58号", n=2)]


def build(db: Path) -> list[str]:
    """Three replies reviewed by two reviewers, folded into the shards; then two more
    changes only in the journal (a note on a reply the shards already hold a review of,
    and a first rating of the third reply)."""
    with ReviewStore(db) as s:
        a, b, c = (rid for rid, _ in s.add_replies(REPLIES))
        s.set_rating(a, "alice", 1, Rating.ADOPTED)
        s.set_rating(b, "鲍勃", 2, Rating.EXPLAINED)
        s.fold_all()
    s = ReviewStore(db)
    s.set_note(a, "alice", 3, "未完")
    s.set_rating(c, "alice", 2, Rating.PARTIALLY_ADOPTED)
    crash(s)
    return [a, b, c]


def plant(db: Path, key: str, change) -> Path:
    """Shard `key` with `change` made to its decoded tables, written as a new version of the
    shard that the manifest names (its checksum right): only the content is wrong."""
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    data = shard_format.decode((db / shard_file(key, manifest.shards[key])).read_bytes())  # (history rows as documents)
    change(data)
    # a history shard as the store writes it (rows: cppcc_review.store.change_rows), the others as plain JSON
    raw = shard_format.encode_tables(data) if key.startswith("changes/") else json.dumps(data, ensure_ascii=False).encode("utf-8")
    version = Version.of(raw)
    (db / shard_file(key, version)).write_bytes(raw)
    manifest.shards[key] = version
    (db / "manifest.json").write_bytes(manifest.to_bytes())
    return db / shard_file(key, version)


def test_the_report_counts_what_the_shards_and_the_journal_hold(tmp_path) -> None:
    db = tmp_path / "db"
    a, b, c = build(db)
    report = check_database(db)
    assert report["ok"] and report["problems"] == [] and report["notes"] == []
    assert report["replies"] == 3 and report["reply_files"] == 3
    assert report["reviewed_replies"] == 3  # c's review is only in the journal
    assert report["reviewers"] == ["alice", "鲍勃"]
    assert report["changes"] == 4  # two folded, two in the journal
    assert report["orphans"] == [] and report["orphan_reviews"] == []


def _first_doc(data: dict, prefix: str) -> dict:
    table = next(t for name, t in data.items() if name.startswith(prefix))
    return next(iter(table.values()))


@pytest.mark.parametrize(("kind", "change", "says"), [
    ("reviews", lambda d: next(iter(_first_doc(d, "r:")["ratings"].values())).update(rating="adopped"),
     "unknown rating 'adopped'"),
    ("changes", lambda d: _first_doc(d, "h:").update(action="rat"), "unknown action 'rat'"),
    # A list where a word belongs is unhashable: it was a TypeError (a traceback) in the checks.
    ("reviews", lambda d: next(iter(_first_doc(d, "r:")["ratings"].values())).update(rating=["adopted"]),
     "unknown rating \"['adopted']\""),
    ("changes", lambda d: _first_doc(d, "h:").update(action=["rate"]), "unknown action \"['rate']\""),
    ("index", lambda d: _first_doc(d, "replies").update(title=5), "title is not text"),
    ("index", lambda d: _first_doc(d, "replies").update(ranges=[[3, 1]]), "impossible"),
])
def test_a_shard_with_a_right_checksum_and_a_wrong_document_is_named(tmp_path, kind, change, says) -> None:
    db = tmp_path / "db"
    a, b, _ = build(db)
    rid = a if kind != "changes" else b
    path = plant(db, f"{kind}/{rid[:2]}", change)
    report = check_database(db)
    assert not report["ok"]
    assert any(str(path) in p and says in p for p in report["problems"]), report["problems"]


def test_a_names_shard_with_a_wrong_document_is_named(tmp_path) -> None:
    db = tmp_path / "db"
    build(db)
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    key = next(k for k in sorted(manifest.shards) if k.startswith("names/")
               and json.loads((db / shard_file(k, manifest.shards[k])).read_bytes()).get("names"))
    path = plant(db, key, lambda d: _first_doc(d, "names").update(id="x"))
    report = check_database(db)
    assert any(str(path) in p and "not a 文号 with its reply id" in p for p in report["problems"]), report["problems"]


def test_a_summary_row_out_of_step_with_the_index_is_reported(tmp_path) -> None:
    db = tmp_path / "db"
    build(db)
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    key = manifest.summary_keys()[0]
    plant(db, key, lambda d: d["rows"][0].__setitem__(4, "关于另一件事的提案"))  # (4: the title)
    report = check_database(db)
    assert any("the summary is out of step with the index" in p for p in report["problems"]), report["problems"]


def test_a_damaged_index_shard_is_named_and_the_texts_are_not_judged_against_it(tmp_path) -> None:
    db = tmp_path / "db"
    a, _, _ = build(db)
    path = plant(db, f"index/{a[:2]}", lambda d: _first_doc(d, "replies").update(id="0123"))
    report = check_database(db)
    assert any(str(path) in p and "has no reply id" in p for p in report["problems"]), report["problems"]
    assert report["orphans"] == [] and report["orphan_reviews"] == []  # (not judged: which text is whose is unknown)
    assert not any("out of step" in p for p in report["problems"])


def test_a_summary_row_is_compared_field_by_field_as_the_summary_makes_it() -> None:
    """check_db compares a row with its entry without building the row (_row_is); it must say
    what `row == summary.row_of(entry)` says, for entries as JSON decodes them and others."""
    from cppcc_review.store import check_db, summary

    assert summary.FIELDS == check_db._ROW_FIELDS  # (else check_db falls back to row_of: still right, slower)
    entry = {"id": "0123456789ab", "doc_no": "沪科提复〔2025〕56号", "title": "关于", "proposers": ["张三"],
             "handler": "市科委", "date": "2025-05-01", "content_hash": "ab", "source_name": "a.txt",
             "ranges": [[4, 8], [8, 12]], "headings": ["一"], "n_suggestions": 2}
    variants = [entry, {**entry, "kind": "withdrawal"}, {**entry, "proposers": None},
                {k: v for k, v in entry.items() if k not in ("proposers", "ranges", "content_hash")},
                {**entry, "ranges": [(4, 8)]}, {**entry, "proposers": "张三"}, {**entry, "ranges": None}]
    for e in variants:
        row = summary.row_of(e)
        assert check_db._row_is(row, e) and check_db._row_is(json.loads(json.dumps(row)), e), e
        for at in range(len(row)):
            other = json.loads(json.dumps(row))
            other[at] = "另" if other[at] != "另" else "又"
            assert not check_db._row_is(other, e), (e, at)


def _pack_of(db: Path, rid: str) -> Path:
    with ReviewStore(db, readonly=True) as s:
        return db / "replies" / s._summary_doc(rid)["pack"]


def test_a_pack_as_it_was_written_is_judged_by_its_texts_checksums(tmp_path, monkeypatch) -> None:
    """Every text's SHA-256 as its entry records, and the bytes around them as the pack was
    written: nothing to decode (the texts are the JSON the import wrote)."""
    from cppcc_review.store import check_db

    db = tmp_path / "db"
    build(db)

    def decoded(*args):
        raise AssertionError("a pack as it was written was decoded again")

    monkeypatch.setattr(check_db, "_pack_items", decoded)
    report = check_database(db)
    assert report["ok"] and report["reply_files"] == 3


@pytest.mark.parametrize(("change", "says"), [
    (lambda raw: raw.replace(b",\n", b",\x0b", 1), "damaged"),  # between two texts: outside every checksum
    (lambda raw: raw + b"\n", "damaged"),  # a byte more after the end
    (lambda raw: raw.replace("关于".encode(), "关手".encode(), 1), "import its document again"),  # inside a text
])
def test_a_pack_changed_anywhere_is_decoded_and_named(tmp_path, change, says) -> None:
    db = tmp_path / "db"
    a, b, c = build(db)
    pack = _pack_of(db, a)
    assert _pack_of(db, b) == pack == _pack_of(db, c)  # (one import: one pack of three texts)
    pack.write_bytes(change(pack.read_bytes()))
    report = check_database(db)
    assert not report["ok"]
    assert any(str(pack) in p and says in p for p in report["problems"]), report["problems"]
