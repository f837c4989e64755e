"""Ratings export and import on real databases on disk (and the CLI in a subprocess).

Every export is validated against store/ratings/ratings.schema.json; every rejected file must
leave the database directory byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml

from cppcc_review.store.clock import now_iso
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import InputError
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
from cppcc_review.store.ratings.ratings_io import (
    SCHEMA_ID,
    dump_ratings,
    export_ratings,
    import_ratings,
    load_schema,
    plan_import,
    write_ratings,
)
from tests.helpers.replies import make_reply

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "000_c6de6327335c32eb.txt"
SEED_DOC_NO = "沪科提复〔2025〕56号"
NOW = datetime(2025, 8, 1, 9, 30, tzinfo=UTC)


# ---------------------------------------------------------------------------- helpers

@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

def cli(*args: str, home: Path, timeout: float = 60, **extra_env: str) -> subprocess.CompletedProcess:
    # (the interface language a test module asks for, $CPPCC_REVIEW_LANG, is kept: conftest clears the developer's)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPPCC_REVIEW") or k == "CPPCC_REVIEW_LANG"}
    env.update(PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "cppcc_review.tui.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def db_hashes(path: Path) -> dict[str, str]:
    """Every file under the database folder with its sha256 (folders listed too)."""
    out = {}
    for p in sorted(path.rglob("*")):
        rel = str(p.relative_to(path))
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
    return out


def validate(doc: dict) -> None:
    jsonschema.validate(doc, load_schema("ratings"))


def replies_for_tests():
    return [make_reply("沪教提复〔2025〕12号", n=4, handler="上海市教育委员会"), make_reply(None, n=2, variant="无文号")]


def fill(path: Path) -> ReviewStore:
    """A database holding the seed and two hand-built replies (open; the caller closes it)."""
    store = ReviewStore(path)
    summary = import_paths(store, [SEED])
    assert not summary.failed
    store.add_replies(replies_for_tests())
    return store


def ids(store) -> dict[str, str]:
    """doc_no (or 'none') -> reply id."""
    return {s.doc_no or "none": s.id for s in store.summaries()}


def rate_some(store) -> None:
    rid = ids(store)
    seed, edu, plain = rid[SEED_DOC_NO], rid["沪教提复〔2025〕12号"], rid["none"]
    store.set_rating(seed, "alice", 1, Rating.ADOPTED)
    store.set_rating(seed, "alice", 2, Rating.PARTIALLY_ADOPTED, hint_accepted=True)
    store.set_note(seed, "alice", 2, "说“三方面工作”,实际列了四项(一是…四是)\n第二行: [bold]不是标记[/bold]")
    store.set_rating(seed, "alice", 3, Rating.EXPLAINED)
    store.set_assessment(
        seed,
        "alice",
        Assessment(
            result=Satisfaction.BASICALLY_SATISFIED,
            attitude=Satisfaction.SATISFIED,
            communication=Communication.PHONE,
            relevance=Relevance.TARGETED,
            opinion="希望明确时间表",
            completed_at="2025-07-30T10:00:00+08:00",
        ),
    )
    store.set_rating(edu, "alice", 4, Rating.EXPLAINED)
    store.set_note(edu, "alice", 1, "只有说明,没有措施")
    store.set_note(plain, "alice", 2, "note without a rating")
    store.set_rating(seed, "bob", 1, Rating.ADOPTED)
    store.set_rating(seed, "bob", 2, Rating.EXPLAINED)


def without_times(doc: dict) -> dict:
    """The document minus what legitimately differs between two exports: the export time.
    (Per-suggestion judgement times travel with the ratings and must survive a round trip.)"""
    doc = yaml.safe_load(dump_ratings(doc))
    doc.pop("exported_at")
    return doc


@pytest.fixture
def source(tmp_path):
    """A database with alice's and bob's work; yields (store, path)."""
    store = fill(tmp_path / "a")
    rate_some(store)
    yield store
    store.close()


@pytest.fixture
def target(tmp_path):
    """A fresh database holding the same replies, no reviews."""
    store = fill(tmp_path / "b")
    yield store
    store.close()


# ---------------------------------------------------------------------------- export
def test_export_of_one_reviewer(source):
    doc = export_ratings(source, reviewer="alice", now=NOW)
    validate(doc)
    assert list(doc) == ["schema", "exported_at", "tool_version", "reviewers", "status", "count", "replies"]
    assert doc["schema"] == SCHEMA_ID and doc["exported_at"] == "2025-08-01T09:30:00+00:00"
    assert doc["count"] == 3 == len(doc["replies"])  # every reply, rated or not
    seed = next(e for e in doc["replies"] if e["doc_no"] == SEED_DOC_NO)
    assert list(seed)[:12] == [
        "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "co_handlers", "date", "declared_result",
        "content_hash", "reply_id", "suggestions",
    ]
    assert seed["kind"] == "reply" and seed["co_handlers"] == ["市教委", "市国资委", "市人才局"]
    assert [s["rating"] for s in seed["suggestions"]] == ["adopted", "partially_adopted", "explained"]
    assert [s["rating_zh"] for s in seed["suggestions"]] == ["采纳", "部分采纳", "解释说明"]
    assert seed["suggestions"][1]["hint_accepted"] is True
    assert seed["suggestions"][0]["heading"] == "关于加快人工智能赋能,建强产业高端引领主阵地"
    assert seed["assessment"]["result"] == "basically_satisfied" and seed["assessment"]["result_zh"] == "基本满意"
    assert seed["assessment"]["communication_zh"] == "电话"
    assert seed["reviewer"] == "alice" and seed["state"] == "done" and seed["state_zh"] == "已完成"
    plain = next(e for e in doc["replies"] if e["doc_no"] is None)
    assert plain["state"] == "in_progress" and plain["suggestions"][1]["rating"] is None


def test_export_all_reviewers_and_status(source):
    doc = export_ratings(source, all_reviewers=True, now=NOW)
    validate(doc)
    pairs = sorted((e["doc_no"] or "", e["reviewer"]) for e in doc["replies"])
    assert pairs == sorted([("", "alice"), (SEED_DOC_NO, "alice"), (SEED_DOC_NO, "bob"), ("沪教提复〔2025〕12号", "alice")])
    assert doc["reviewers"] == ["alice", "bob"]
    done = export_ratings(source, all_reviewers=True, status="done", now=NOW)
    validate(done)
    assert [(e["doc_no"], e["reviewer"]) for e in done["replies"]] == [(SEED_DOC_NO, "alice")]
    assert export_ratings(source, reviewer="bob", status="done")["count"] == 0
    with pytest.raises(InputError, match="several reviewers"):
        export_ratings(source)
    with pytest.raises(InputError):
        export_ratings(source, reviewer="alice", status="finished")


def test_dump_is_readable_chinese_and_loads_back(source):
    doc = export_ratings(source, all_reviewers=True, now=NOW)
    text = dump_ratings(doc)
    assert "\\u" not in text and "\\x" not in text
    assert f"doc_no: {SEED_DOC_NO}" in text and "rating_zh: 部分采纳" in text
    assert "&id" not in text and "*id" not in text  # no anchors, even for repeated values
    assert "  note: |-\n" in text  # a multi-line note as a literal block
    assert yaml.safe_load(text) == doc


def test_write_ratings_is_atomic_and_leaves_no_temp_files(tmp_path, source):
    out = tmp_path / "out" / "评审 ratings.yaml"
    out.parent.mkdir()
    out.write_text("old")
    write_ratings(export_ratings(source, reviewer="alice"), out)
    assert yaml.safe_load(out.read_text("utf-8"))["schema"] == SCHEMA_ID
    assert [p.name for p in out.parent.iterdir()] == [out.name]


# ---------------------------------------------------------------------------- round trip
def test_round_trip_is_exact(tmp_path, source, target):
    first = export_ratings(source, all_reviewers=True, now=NOW)
    path = tmp_path / "all.yaml"
    write_ratings(first, path)
    report = import_ratings(target, path)
    assert report.ok, report.errors
    assert report.applied and report.reviewers == ["alice", "bob"]
    assert report.ratings == 6 and report.notes == 3 and report.assessments == 1
    second = export_ratings(target, all_reviewers=True, now=NOW)
    validate(second)
    assert without_times(second) == without_times(first)
    # Importing the same file again changes nothing at all.
    before = db_hashes(target.path)
    again = import_ratings(target, path)
    assert again.ok and again.changes == 0
    assert db_hashes(target.path) == before


def test_round_trip_of_one_reviewer_through_a_reopened_database(tmp_path, source):
    path = tmp_path / "alice.yaml"
    write_ratings(export_ratings(source, reviewer="alice", now=NOW), path)
    with fill(tmp_path / "c") as target:
        assert import_ratings(target, path).ok
    with ReviewStore(tmp_path / "c", readonly=True) as reopened:
        again = export_ratings(reopened, reviewer="alice", now=NOW)
    assert without_times(again) == without_times(export_ratings(source, reviewer="alice", now=NOW))


def test_import_replaces_that_reviewers_values_and_leaves_others(tmp_path, source):
    path = tmp_path / "alice.yaml"
    # alice's later work, from another machine: exported after everything in this database
    later = now_iso(datetime.now(UTC) + timedelta(minutes=5))
    doc = export_ratings(source, reviewer="alice", now=datetime.fromisoformat(later))
    seed = next(e for e in doc["replies"] if e["doc_no"] == SEED_DOC_NO)
    seed["suggestions"][0].update(rating="explained", rating_zh="解释说明", note="改了", time=later)
    seed["suggestions"][2].update(rating=None, rating_zh=None)
    write_ratings(doc, path)
    report = import_ratings(source, path)
    # Suggestion 1's rating and note change in one store call; suggestion 3 is cleared.
    assert report.ok and report.changes == 2
    rid = ids(source)[SEED_DOC_NO]
    mine = source.get_review(rid, "alice")
    assert [s.rating for s in mine.suggestions] == [Rating.EXPLAINED, Rating.PARTIALLY_ADOPTED, None]
    assert mine.suggestions[0].note == "改了"
    assert source.get_review(rid, "bob").suggestions[1].rating is Rating.EXPLAINED


def test_reply_matched_by_content_hash_when_ids_differ(tmp_path, source, target):
    doc = export_ratings(source, reviewer="alice", now=NOW)
    for entry in doc["replies"]:
        entry["reply_id"] = "0" * 12  # another machine computed another id
        doc_no_reply = entry
    doc["replies"] = [doc_no_reply]
    doc["count"] = 1
    path = tmp_path / "x.yaml"
    write_ratings(doc, path)
    report = import_ratings(target, path)
    assert report.ok, report.errors
    assert report.replies == 1


def test_empty_entries_for_unknown_replies_are_skipped(tmp_path, target):
    with ReviewStore(tmp_path / "other") as other:
        other.add_replies([make_reply("沪农提复〔2025〕3号", n=2, handler="上海市农业农村委员会")])
        other.set_rating(other.summaries()[0].id, "carol", 1, Rating.ADOPTED)
        doc = export_ratings(other, reviewer="dave", now=NOW)  # dave rated nothing
    path = tmp_path / "dave.yaml"
    write_ratings(doc, path)
    report = import_ratings(target, path)
    assert report.ok and report.skipped == 1 and report.changes == 0


def test_dry_run_changes_nothing(tmp_path, source, target):
    path = tmp_path / "all.yaml"
    write_ratings(export_ratings(source, all_reviewers=True), path)
    before = db_hashes(target.path)
    report = import_ratings(target, path, dry_run=True)
    assert report.ok and report.changes > 0 and not report.applied
    assert "would import" in report.summary_line()
    assert db_hashes(target.path) == before


# ---------------------------------------------------------------------------- rejected files
def _valid_text(source) -> str:
    return dump_ratings(export_ratings(source, all_reviewers=True, now=NOW))


def _corrupt(kind: str, text: str, source) -> str | bytes:
    lines = text.splitlines(keepends=True)
    if kind == "truncated":
        return text[: len(text) * 2 // 3]
    if kind == "truncated_at_entry":
        # Cut cleanly before the last entry: valid YAML, one reply short.
        cut = text.rindex("\n- doc_no:")
        return text[: cut + 1]
    if kind == "wrong_schema":
        return text.replace("schema: cppcc-review/ratings/v1", "schema: cppcc-review/ratings/v2")
    if kind == "not_ours":
        return text.replace("schema: cppcc-review/ratings/v1", "schema: something-else")
    if kind == "merged":
        return text.replace("schema: cppcc-review/ratings/v1", "schema: cppcc-review/merged/v1")
    if kind == "maybe":
        return text.replace("rating: explained\n    rating_zh: 解释说明", "rating: maybe\n    rating_zh: null", 1)
    if kind == "python_tag":
        return text.replace("note: ''", "note: !!python/object/apply:os.system ['touch /tmp/pwned']", 1)
    if kind == "alias_bomb":
        bomb = "".join(
            f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(9)
        )
        return bomb + text
    if kind == "duplicate_key":
        i = next(n for n, line in enumerate(lines) if line.startswith("  reviewer: "))
        return "".join(lines[: i + 1] + ["  reviewer: mallory\n"] + lines[i + 1 :])
    if kind == "missing_field":
        return "".join(line for line in lines if not line.startswith("  reviewer: "))
    if kind == "unknown_field":
        return text.replace("  state: ", "  stat: x\n  state: ", 1)
    if kind == "label_mismatch":
        return text.replace("rating: adopted\n    rating_zh: 采纳", "rating: adopted\n    rating_zh: 解释说明", 1)
    if kind == "reply_not_here":
        return text  # made from the document in the test
    if kind == "index_out_of_range":
        return text.replace("- index: 3\n", "- index: 9\n", 1)
    if kind == "same_reply_twice":
        start = text.index("\n- doc_no:") + 1
        end = text.index("\n- doc_no:", start) + 1
        return (text[:end] + text[start:end] + text[end:]).replace("count: 4", "count: 5")
    if kind == "not_utf8":
        return text.encode("gbk")
    if kind == "empty":
        return ""
    if kind == "top_level_list":
        return "- 1\n- 2\n"
    raise AssertionError(kind)


BAD = {
    "truncated": "",
    "truncated_at_entry": "holds 4 replies but has 3",
    "wrong_schema": "'cppcc-review/ratings/v2' is not supported",
    "not_ours": "not a ratings export",
    "merged": "merged file",
    "maybe": "'maybe' is not allowed (expected one of: adopted, partially_adopted, explained, null)",
    "python_tag": "python/object/apply",
    "alias_bomb": "alias",
    "duplicate_key": "duplicate key 'reviewer'",
    "missing_field": "missing field 'reviewer'",
    "unknown_field": "unknown field 'stat'",
    "label_mismatch": "disagree",
    "reply_not_here": "",
    "index_out_of_range": "the file rates suggestion 9",
    "same_reply_twice": "appears twice",
    "not_utf8": "not UTF-8",
    "empty": "empty",
    "top_level_list": "not a ratings export",
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_file_is_refused_and_changes_nothing(tmp_path, source, target, kind):
    data = _corrupt(kind, _valid_text(source), source)
    if kind == "reply_not_here":
        doc = export_ratings(source, all_reviewers=True, now=NOW)
        doc["replies"][-1]["content_hash"] = "f" * 16
        doc["replies"][-1]["reply_id"] = "e" * 12
        data = dump_ratings(doc)
    path = tmp_path / f"{kind}.yaml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    before = db_hashes(target.path)
    report = import_ratings(target, path)
    assert not report.ok and not report.applied and report.changes == 0
    message = report.summary_line()
    assert "\n" not in message and message.startswith(str(path))
    assert "nothing was imported" in message
    assert BAD[kind] in message, message
    if kind not in ("empty", "not_utf8", "truncated", "top_level_list"):
        assert ": line " in message, message
    assert db_hashes(target.path) == before
    assert target.reviewers() == []


def test_a_file_not_found_in_this_database_names_the_reply(tmp_path, source):
    doc = export_ratings(source, reviewer="alice", now=NOW)
    doc["replies"][0]["content_hash"] = "f" * 16
    doc["replies"][0]["reply_id"] = "e" * 12
    path = tmp_path / "x.yaml"
    write_ratings(doc, path)
    report = import_ratings(source, path)
    assert "is not in this database; import its document first" in report.errors[0]


def test_same_id_with_another_text_is_refused(tmp_path, source):
    doc = export_ratings(source, reviewer="alice", now=NOW)
    doc["replies"][0]["content_hash"] = "f" * 16
    path = tmp_path / "x.yaml"
    write_ratings(doc, path)
    report = import_ratings(source, path)
    assert "has a different text in this database" in report.errors[0]


def test_truncation_anywhere_loses_nothing_silently(tmp_path, source, target):
    """Cut the file at every line end and at a byte inside every line: either the
    import is refused, or what it would import is exactly the whole file."""
    text = _valid_text(source).encode("utf-8")
    full = tmp_path / "full.yaml"
    full.write_bytes(text)
    _, full_ops = plan_import(target, full)
    offsets = set()
    start = 0
    for line in text.splitlines(keepends=True):
        offsets.update({start + len(line), start + max(1, len(line) // 2)})
        start += len(line)
    path = tmp_path / "cut.yaml"
    accepted = 0
    for offset in sorted(offsets):
        if offset >= len(text):
            continue
        path.write_bytes(text[:offset])
        report, ops = plan_import(target, path)
        if report.ok:
            accepted += 1
            assert [(o.reply_id, o.reviewer, o.kind, o.index, o.value) for o in ops] == [
                (o.reply_id, o.reviewer, o.kind, o.index, o.value) for o in full_ops
            ], offset
    assert accepted <= 3  # only cuts inside the very last line (state_zh) keep every value


def test_a_100_mb_file_is_refused_quickly(tmp_path, target):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:
        f.write(b"schema: cppcc-review/ratings/v1\n")
        f.truncate(100 * 1024 * 1024)
    before = db_hashes(target.path)
    report = import_ratings(target, path)
    assert not report.ok and "over the 20 MB limit" in report.errors[0]
    assert db_hashes(target.path) == before


# ---------------------------------------------------------------------------- the CLI
def test_seed_rated_with_rate_exports_valid_readable_yaml(tmp_path):
    db = tmp_path / "db"
    assert cli("import", str(SEED), "--db", str(db), home=tmp_path).returncode == 0
    for args in (["1", "采纳"], ["2", "partially_adopted", "--note", "“三方面工作”实际列了四项"], ["3", "3"]):
        result = cli("rate", SEED_DOC_NO, *args, "--db", str(db), "--reviewer", "王审阅", home=tmp_path)
        assert result.returncode == 0, result.stderr
    out = tmp_path / "王审阅.yaml"
    result = cli("export", "--db", str(db), "--reviewer", "王审阅", "-o", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "exported 1 reply (3 ratings) by 王审阅" in result.stderr
    text = out.read_text("utf-8")
    assert "\\u" not in text
    for expected in (
        f"doc_no: {SEED_DOC_NO}",
        "title: 关于以科技创新策源引领产业高端发展的提案",
        "- 九三学社界别",
        "handler: 上海市科学技术委员会",
        "heading: 关于强化企业主体地位,壮大产业创新发展主力军",
        "rating_zh: 采纳",
        "rating_zh: 部分采纳",
        "rating_zh: 解释说明",
        "note: “三方面工作”实际列了四项",
        "reviewer: 王审阅",
        "state_zh: 进行中",
    ):
        assert expected in text, expected
    doc = yaml.safe_load(text)
    validate(doc)
    # Stdout export is the same document.
    shown = cli("export", "--db", str(db), "--reviewer", "王审阅", home=tmp_path)
    assert yaml.safe_load(shown.stdout)["replies"] == doc["replies"]


def test_cli_import_ratings_reports_each_file(tmp_path, source):
    good = tmp_path / "good.yaml"
    bad = tmp_path / "bad.yaml"
    write_ratings(export_ratings(source, reviewer="alice", now=NOW), good)
    bad.write_text(_corrupt("maybe", _valid_text(source), source), "utf-8")
    source.close()
    db = tmp_path / "target"
    with fill(db):
        pass
    before = db_hashes(db)
    only_bad = cli("import-ratings", str(bad), "--db", str(db), home=tmp_path)
    assert only_bad.returncode == 1
    assert "'maybe' is not allowed" in only_bad.stderr and "nothing was imported" in only_bad.stderr
    assert len(only_bad.stderr.strip().splitlines()) == 1
    assert db_hashes(db) == before  # byte for byte, the lock file included
    both = cli("import-ratings", str(good), str(bad), "--db", str(db), home=tmp_path)
    assert both.returncode == 1
    assert "imported 4 ratings, 3 notes, 1 assessment from reviewer alice" in both.stdout
    with ReviewStore(db, readonly=True) as store:
        assert store.reviewers() == ["alice"]
    again = cli("import-ratings", str(good), "--db", str(db), home=tmp_path)
    assert again.returncode == 0 and "0 changes" in again.stdout


def test_a_write_failing_half_way_is_taken_back(tmp_path, source, target, monkeypatch):
    from cppcc_review.store.errors import NotSavedError

    path = tmp_path / "all.yaml"
    write_ratings(export_ratings(source, all_reviewers=True, now=NOW), path)
    before = {r: without_times(export_ratings(target, reviewer=r, now=NOW)) for r in ("alice", "bob")}
    real = target.set_note
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise NotSavedError(f"{target.path}/reviews.journal: not saved (No space left on device)")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, "set_note", failing)
    report = import_ratings(target, path)
    assert not report.ok and not report.applied
    assert "No space left on device" in report.errors[0] and "nothing was kept" in report.errors[0]
    # Undo leaves an empty review behind, which reads exactly like no review at all.
    assert {r: without_times(export_ratings(target, reviewer=r, now=NOW)) for r in ("alice", "bob")} == before
    monkeypatch.undo()
    assert import_ratings(target, path).ok  # once the disk is fixed, the file goes in whole
