"""ReviewStore on a real database folder: durability, undo / redo, layout, import identity."""

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cppcc_review.store.db as dbmod
import cppcc_review.store.journal as journal_mod
from cppcc_review.store.backup_journal import backup_state
from cppcc_review.store.backups import load_backup
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotFoundError, NotSavedError, StoreError
from cppcc_review.store.model import Assessment, Rating, Relevance, ReviewState, Satisfaction
from tests.helpers.files import journal_changes
from tests.helpers.legacy import as_schema1
from tests.helpers.replies import crash, make_reply

ROOT = Path(__file__).resolve().parents[1]




@pytest.fixture
def store(tmp_path):
    s = ReviewStore(tmp_path / "db")
    yield s
    s.close()


@pytest.fixture
def rid(store):
    return store.add_reply(make_reply(n=4))[0]


def ratings(review):
    return [s.rating.value if s.rating else None for s in review.suggestions]


def tables(path):
    with ReviewStore(path, readonly=True) as s:
        return s.summaries(), {k: v for k, v in s._jstore.read().items()}


# ---------------------------------------------------------------- durability
def test_reopen_after_close_and_after_a_crash(tmp_path):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid = s.add_reply(make_reply(n=4))[0]
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    s.set_rating(rid, "alice", 2, Rating.PARTIALLY_ADOPTED, hint_accepted=True)
    s.set_note(rid, "alice", 2, "见第二段")
    s.set_assessment(rid, "alice", Assessment(result=Satisfaction.SATISFIED))
    expected = s.get_review(rid, "alice")
    assert s.last_saved is not None
    crash(s)  # no close: only the journal has the changes
    assert (db / "reviews.journal").stat().st_size > 0
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice") == expected
        s.fold_all()
    assert journal_changes(db) == 0  # every change folded into the shards
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice") == expected
        assert s.get_review(rid, "alice").suggestions[1].hint_accepted


def test_killed_process_keeps_every_acknowledged_mark(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=4))[0]
    code = (
        "import os, sys\nfrom cppcc_review.store.db import ReviewStore\nfrom cppcc_review.store.model import Rating\n"
        "s = ReviewStore(sys.argv[1])\n"
        "for i in range(1, 5): s.set_rating(sys.argv[2], 'bob', i, Rating.EXPLAINED)\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), rid], cwd=ROOT, check=True, timeout=30)
    with ReviewStore(db) as s:
        assert ratings(s.get_review(rid, "bob")) == ["explained"] * 4


def test_full_disk_on_a_mark_changes_nothing(store, rid, monkeypatch):
    store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    before = store.get_review(rid, "alice")
    history = store.history(rid)
    size = (store.path / "reviews.journal").stat().st_size

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_mod.os, "fsync", full)
    with pytest.raises(NotSavedError) as info:
        store.set_rating(rid, "alice", 1, Rating.EXPLAINED)
    assert "reviews.journal" in str(info.value) and "No space left" in str(info.value)
    assert store.get_review(rid, "alice") == before  # memory equals the disk
    assert store.history(rid) == history
    assert (store.path / "reviews.journal").stat().st_size == size  # no half line left
    monkeypatch.undo()
    # The store keeps working after the disk is freed.
    store.set_rating(rid, "alice", 3, Rating.ADOPTED)
    assert ratings(store.get_review(rid, "alice"))[2] == "adopted"


def test_failed_mark_is_not_on_the_undo_stack(store, rid, monkeypatch):
    store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    monkeypatch.setattr(journal_mod.os, "write", lambda fd, data: (_ for _ in ()).throw(OSError(errno.EACCES, "Permission denied")))
    with pytest.raises(NotSavedError):
        store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    monkeypatch.undo()
    undone = store.undo("alice")
    assert undone.index == 1 and undone.action == "rate"
    assert ratings(store.get_review(rid, "alice")) == [None] * 4


def test_readonly_store_refuses_writes(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply())[0]
    with ReviewStore(db, readonly=True) as s:
        assert len(s) == 1
        with pytest.raises(StoreError, match="read-only"):
            s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        with pytest.raises(StoreError, match="read-only"):
            s.add_reply(make_reply("X"))
    assert not (db / "reviews.json").exists()


def test_readonly_open_of_a_missing_database_is_empty(tmp_path):
    with ReviewStore(tmp_path / "nothing", readonly=True) as s:
        assert len(s) == 0 and s.summaries() == []
    assert not (tmp_path / "nothing").exists()


# ---------------------------------------------------------------- inputs
def test_out_of_range_and_unknown(store, rid):
    for index in (0, 5, -1):
        with pytest.raises(NotFoundError):
            store.set_rating(rid, "alice", index, Rating.ADOPTED)
    with pytest.raises(NotFoundError):
        store.get_review("nope", "alice")
    with pytest.raises(NotFoundError):
        store.get_reply("nope")
    with pytest.raises(NotFoundError):
        store.merge_suggestion(rid, "alice", 4)
    with pytest.raises(NotFoundError):
        store.split_suggestion(rid, "alice", 1, 3)  # the heading line cannot start a new one
    with pytest.raises(StoreError):
        store.set_rating(rid, "  ", 1, Rating.ADOPTED)


def test_resolve_and_search(store):
    a = store.add_reply(make_reply("沪科提复〔2025〕56号"))[0]
    b = store.add_reply(make_reply(None, variant="独有的词"))[0]
    assert store.resolve("沪科提复〔2025〕56号") == a
    assert store.resolve(b) == b and store.resolve(b[:6]) == b
    with pytest.raises(NotFoundError):
        store.resolve("沪科提复〔1999〕1号")
    assert store.search_text("独有的词") == {b}
    assert store.search_text("科技创新") == {a, b}
    assert store.search_text("没有") == set()


# ---------------------------------------------------------------- reviews
def test_progress_states_and_reviewers(store, rid):
    other = store.add_reply(make_reply("X2", n=2))[0]
    assert store.progress("alice")[rid].state is ReviewState.UNREVIEWED
    store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    store.set_note(other, "bob", 1, "only a note")
    p = store.progress("alice")
    assert p[rid].rated == 1 and p[rid].total == 4 and p[rid].state is ReviewState.IN_PROGRESS
    assert p[other].state is ReviewState.UNREVIEWED
    assert store.progress("bob")[other].state is ReviewState.IN_PROGRESS
    store.set_assessment(rid, "alice", Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, relevance=Relevance.TARGETED, completed_at="2026-01-01T10:00"))
    assert store.progress("alice")[rid].state is ReviewState.DONE
    assert store.get_review(rid, "alice").state is ReviewState.DONE
    assert store.reviewers() == ["alice", "bob"]
    assert [r.reviewer for r in store.reviews_of(rid)] == ["alice"]
    # progress agrees with get_review for every reply
    for reply_id, prog in store.progress("alice").items():
        review = store.get_review(reply_id, "alice")
        assert (prog.rated, prog.total, prog.state) == (review.rated, len(review.suggestions), review.state)


def test_every_read_of_progress_sees_the_mark_just_made(store, rid):
    """A mark leaves its reply's progress to be brought up to date by the next read of it
    (not on the mark's way to the disk): each way the app reads progress sees the mark
    made right before, undo included."""
    other = store.add_reply(make_reply("X2", n=2))[0]
    store.progress("alice")
    store.others_progress("bob")  # every result the scans keep is made
    store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    assert store.progress_of("alice", rid).rated == 1
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    assert store.others_progress("bob")[rid]["alice"].rated == 2
    store.set_rating(other, "alice", 1, Rating.EXPLAINED)
    assert store.reviewers_progress()[other]["alice"].rated == 1
    assert store.progress("alice")[other].state is ReviewState.IN_PROGRESS
    store.undo("alice")
    assert store.progress_of("alice", other).state is ReviewState.UNREVIEWED
    assert other not in store.others_progress("bob")
    store.set_rating(other, "alice", 1, Rating.EXPLAINED)
    store.set_rating(other, "alice", 2, Rating.EXPLAINED)
    assert store.progress("alice")[other].state is ReviewState.IN_PROGRESS  # rated, not assessed
    assert store.progress("alice")[other].rated == 2


def test_colleagues_progress_and_compact_rows(tmp_path):
    """The inbox's 同事 column reads others_progress(me): only replies someone else touched,
    without me; the rows kept for 100,000 replies are compact (ranges packed) and still
    give every summary field and the same progress after a reopen."""
    from cppcc_review.store import summary

    with ReviewStore(tmp_path / "db") as store:
        a = store.add_reply(make_reply("沪科提复〔2025〕1号", n=4))[0]
        b = store.add_reply(make_reply("沪科提复〔2025〕2号", n=2))[0]
        c = store.add_reply(make_reply("沪科提复〔2025〕3号", n=3))[0]
        store.set_rating(a, "alice", 1, Rating.ADOPTED)
        store.set_rating(a, "bob", 2, Rating.EXPLAINED)
        store.set_rating(b, "alice", 1, Rating.ADOPTED)
        store.set_note(c, "bob", 1, "only a note")
        assert set(store.others_progress("alice")) == {a, c}
        assert set(store.others_progress("alice")[a]) == {"bob"}
        assert store.others_progress("bob")[a]["alice"].rated == 1 and b in store.others_progress("bob")
        assert store.reviewers_progress()[a].keys() == {"alice", "bob"}
        store.set_rating(c, "bob", 1, None)  # still noted: touched
        store.set_note(c, "bob", 1, "")
        assert set(store.others_progress("alice")) == {a}
    with ReviewStore(tmp_path / "db", readonly=True) as store:
        rows = store._summary_rows()
        assert all(type(row) is tuple for row in rows)
        assert sorted(summary.count_of(row[summary.RANGES]) for row in rows) == [2, 3, 4]
        by_id = {s.id: s for s in store.summaries(headings=False)}
        assert by_id[a].n_suggestions == 4 and by_id[a].proposers == ("九三学社界别",)
        ranges = dict(zip([v[0] for v in store.summary_values(("id",))], [v[0] for v in store.summary_values(("ranges",))], strict=True))
        assert ranges[a] == store.suggestion_ranges(a) and all(type(r) is list for r in ranges[a])
        assert store.progress("alice")[a].rated == 1 and store.progress("bob")[a].rated == 1
        assert store.progress("alice")[c].state is ReviewState.UNREVIEWED


def test_db_check_counts_reviews_reviewers_changes_and_layouts(tmp_path):
    """What `db check` reports (counted in one pass over the review tables and one over
    the history): reviewed replies, reviewers, changes; a split's layout checked, clean."""
    with ReviewStore(tmp_path / "db") as store:
        a = store.add_reply(make_reply("沪科提复〔2025〕1号", n=4))[0]
        b = store.add_reply(make_reply("沪科提复〔2025〕2号", n=2))[0]
        store.add_reply(make_reply("沪科提复〔2025〕3号", n=3))
        store.set_rating(a, "alice", 1, Rating.ADOPTED)
        store.set_rating(a, "bob", 2, Rating.EXPLAINED)
        store.set_note(b, "bob", 1, "only a note")
        reply = store.get_reply(b)
        first = reply.suggestions[0]
        store.split_suggestion(b, "bob", 1, first.start + 1)
        report = store.check()
    assert report["ok"], report["problems"]
    assert report["replies"] == 3 and report["reviewed_replies"] == 2
    assert report["reviewers"] == ["alice", "bob"]
    assert report["changes"] == 4  # two ratings, a note, a split
    assert report["orphan_reviews"] == []


def test_rating_unset_and_same_value(store, rid):
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    n = len(store.history(rid))
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)  # no change, no history entry
    assert len(store.history(rid)) == n
    store.set_rating(rid, "alice", 2, None)
    assert ratings(store.get_review(rid, "alice")) == [None] * 4
    assert [c.action for c in store.history(rid)] == ["rate", "rate"]
    assert store.history(rid)[-1].before == "adopted" and store.history(rid)[-1].after is None


def test_undo_redo(tmp_path):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid = s.add_reply(make_reply(n=4))[0]
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    s.set_rating(rid, "alice", 1, Rating.EXPLAINED)
    s.set_note(rid, "alice", 2, "n")
    s.set_rating(rid, "bob", 3, Rating.ADOPTED)
    assert s.undo("alice").action == "note"
    assert s.get_review(rid, "alice").suggestions[1].note == ""
    undone = s.undo("alice")
    assert (undone.action, undone.before, undone.after) == ("rate", "adopted", "explained")
    assert ratings(s.get_review(rid, "alice"))[0] == "adopted"
    assert ratings(s.get_review(rid, "bob"))[2] == "adopted"  # bob's work untouched
    assert s.redo("alice").after == "explained"
    assert ratings(s.get_review(rid, "alice"))[0] == "explained"
    crash(s)  # undo and redo are durable too
    s = ReviewStore(db)
    assert ratings(s.get_review(rid, "alice"))[0] == "explained"
    assert s.get_review(rid, "alice").suggestions[1].note == ""
    assert [c.action for c in s.history(rid)][-3:] == ["undo", "undo", "redo"]
    assert s.undo("alice") is None  # stacks are per session
    s.close()


def test_new_change_clears_redo(store, rid):
    store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    store.undo("alice")
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    assert store.redo("alice") is None
    assert ratings(store.get_review(rid, "alice")) == [None, "adopted", None, None]


def test_merge_combines_every_reviewers_ratings_and_undo_brings_both_back(store, rid):
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    store.set_rating(rid, "alice", 3, Rating.EXPLAINED)
    store.set_rating(rid, "bob", 3, Rating.ADOPTED)
    store.set_rating(rid, "alice", 4, Rating.PARTIALLY_ADOPTED)
    reply = store.merge_suggestion(rid, "alice", 2)
    assert len(reply.suggestions) == 3
    assert reply.suggestions[1].start == 6 and reply.suggestions[1].end == 12
    # alice rated the two differently: no rating, both in the note; bob's rating of the second stays
    assert ratings(store.get_review(rid, "alice")) == [None, None, "partially_adopted"]
    assert "采纳" in store.get_review(rid, "alice").suggestions[1].note
    assert ratings(store.get_review(rid, "bob")) == [None, "adopted", None]
    assert store.progress("alice")[rid].total == 3
    merge = store.history(rid)[-1]
    assert merge.action == "merge" and merge.index == 2
    store.undo("alice")
    assert len(store.get_reply(rid).suggestions) == 4
    assert ratings(store.get_review(rid, "alice")) == [None, "adopted", "explained", "partially_adopted"]
    assert ratings(store.get_review(rid, "bob"))[2] == "adopted"


def test_split_keeps_the_first_part_rated(store, rid):
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    store.set_rating(rid, "alice", 3, Rating.EXPLAINED)
    reply = store.split_suggestion(rid, "alice", 2, 8)
    assert [(s.start, s.end) for s in reply.suggestions][1:3] == [(6, 8), (8, 9)]
    assert ratings(store.get_review(rid, "alice")) == [None, "adopted", None, "explained", None]
    store.set_rating(rid, "alice", 3, Rating.PARTIALLY_ADOPTED)
    store.merge_suggestion(rid, "alice", 2)  # merging back: the two ratings differ, the note keeps them
    assert ratings(store.get_review(rid, "alice")) == [None, None, "explained", None]
    store.set_rating(rid, "alice", 2, Rating.ADOPTED)
    store.split_suggestion(rid, "alice", 2, 8)  # the new part's former rating does not resurface
    assert ratings(store.get_review(rid, "alice"))[2] is None


def test_layout_survives_reopen(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=4))[0]
        s.merge_suggestion(rid, "alice", 1)
    with ReviewStore(db) as s:
        assert len(s.get_reply(rid).suggestions) == 3
        assert s.progress("x")[rid].total == 3


# ---------------------------------------------------------------- import identity
def test_same_reply_twice_is_unchanged(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        first = s.add_replies([make_reply(), make_reply("B"), make_reply()])
        assert [st for _, st in first] == ["imported", "imported", "unchanged"]
    state = tables(db)
    with ReviewStore(db) as s:
        assert [st for _, st in s.add_replies([make_reply(), make_reply("B")])] == ["unchanged"] * 2
    assert tables(db) == state


def test_changed_text_keeps_reviews_and_marks_changed(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        s.set_rating(rid, "alice", 3, Rating.EXPLAINED)
        s.set_note(rid, "alice", 3, "keep me")
        s.set_assessment(rid, "alice", Assessment(result=Satisfaction.SATISFIED))
        old_hash = s.summaries()[0].content_hash
    changed = make_reply(n=3)
    changed.lines[10] += "(修订)"  # suggestion 3's body
    changed.text = "\n".join(changed.lines)
    changed.suggestions[2].text = "\n".join(changed.lines[10:12])
    with ReviewStore(db) as s:
        assert s.add_reply(changed) == (rid, "updated")
        review = s.get_review(rid, "alice")
        assert ratings(review) == ["adopted", None, "explained"]
        assert [x.changed for x in review.suggestions] == [False, False, True]
        assert review.suggestions[2].note == "keep me"
        assert review.assessment.result is Satisfaction.SATISFIED
        change = s.history(rid)[-1]
        assert change.action == "reimport" and change.before["content_hash"] == old_hash
        raw = (db / change.before["file"]).read_bytes()  # the earlier text stays where it was
        if "at" in change.before:
            raw = raw[change.before["at"]: change.before["at"] + change.before["len"]]
        kept = json.loads(raw)
        assert "(修订)" not in kept["text"]
        s.set_rating(rid, "alice", 3, Rating.ADOPTED)  # rating again clears the flag
        assert not s.get_review(rid, "alice").suggestions[2].changed


def test_fewer_suggestions_after_update_lose_nothing(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
        s.set_rating(rid, "alice", 3, Rating.EXPLAINED)
        assert s.add_reply(make_reply(n=2)) == (rid, "updated")
        assert ratings(s.get_review(rid, "alice")) == [None, None]
        patches = [d for d in s._history_table(rid).values() if d.get("action") == "reimport"][0]["patches"]
        assert any(p.get("before", {}).get("9", {}).get("rating") == "explained" for p in patches if p["k"] == "ratings")


def test_layout_kept_when_its_lines_remain(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
        s.split_suggestion(rid, "alice", 1, 5)
        s.set_rating(rid, "alice", 2, Rating.ADOPTED)
        s.add_reply(make_reply(n=3, variant="补充"))
        reply = s.get_reply(rid)
        assert [(x.start, x.end) for x in reply.suggestions] == [(3, 5), (5, 6), (6, 9), (9, 12)]
        assert ratings(s.get_review(rid, "alice")) == [None, "adopted", None, None]


def test_a_failed_write_of_the_texts_leaves_the_index_as_it_was(store, monkeypatch):
    import cppcc_review.store.atomic as atomic_mod

    store.add_reply(make_reply("A"))
    real = atomic_mod.os.replace

    def full(a, b):
        if "replies" in str(b):
            raise OSError(28, "No space left on device")
        return real(a, b)

    monkeypatch.setattr(atomic_mod.os, "replace", full)  # the batch's pack of texts
    with pytest.raises(NotSavedError):
        store.add_reply(make_reply("B"))
    monkeypatch.undo()
    assert len(store) == 1 and [x.doc_no for x in store.summaries()] == ["A"]


def test_check_reports_orphans_and_missing_files(store, rid):
    (store.path / "replies" / "deadbeef0000.json").write_text("{}", encoding="utf-8")
    report = store.check()
    assert report["ok"] and report["orphans"] == ["deadbeef0000"] and report["replies"] == 1
    (store.path / "replies" / store._summary_doc(rid)["pack"]).unlink()
    report = store.check()
    assert not report["ok"] and "missing" in report["problems"][0]
    assert dbmod.check_database(store.path)["replies"] == 1


def test_backup_rotates(tmp_path):
    with ReviewStore(tmp_path / "db", backups=2) as s:
        rid = s.add_reply(make_reply())[0]
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        for _ in range(3):
            made = s.backup()
        assert len(list((s.path / "backups").glob("backup-*.json"))) == 2
        # A manifest copy (the state's shards) carrying the journal's lines not folded yet
        # (cppcc_review.store.backups.encode_backup): the journal's change is in the backup.
        backup, journal = load_backup(made[0])
        assert backup.shards and journal is not None
        table = backup_state(backup, journal)[0][rid[:2]][f"r:{rid}"]
        [ratings] = [d["ratings"] for d in table.values() if d.get("reviewer") == "alice"]
        assert [r["rating"] for r in ratings.values()] == ["adopted"]


# ---------------------------------------------------------------- schema
def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "db"
    ReviewStore(db).close()
    meta = json.loads((db / "meta.json").read_text())
    meta["schema_version"] = 99
    (db / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(StoreError, match="newer cppcc-review"):
        ReviewStore(db)


def test_an_older_schema_is_read_as_it_is_and_upgraded_by_the_first_writer(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply())[0]
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    as_schema1(db)
    with ReviewStore(db, readonly=True) as r:  # read as it is: nothing written
        assert r.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
    assert not (db / "manifest.json").exists()
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
        assert s.check()["ok"]
    assert json.loads((db / "meta.json").read_text())["schema_version"] == dbmod.SCHEMA_VERSION
    assert (db / "manifest.json").exists()


def test_progress_and_summaries_read_no_reply_file(store, rid):
    store.set_rating(rid, "alice", 1, Rating.ADOPTED)
    store.merge_suggestion(rid, "alice", 1)
    store._reply_cache.clear()
    for f in (store.path / "replies").iterdir():
        f.rename(f.with_suffix(".moved"))
    assert store.progress("alice")[rid] == store.progress("alice")[rid]
    assert store.progress("alice")[rid].total == 3 and store.progress("alice")[rid].rated == 1
    assert store.get_review(rid, "alice").rated == 1
    assert store.summaries()[0].id == rid


def test_a_mark_appends_one_line_with_only_its_reply(store):
    ids = [store.add_reply(make_reply(f"D{i}"))[0] for i in range(5)]
    for i in ids:
        store.set_rating(i, "alice", 1, Rating.ADOPTED)
    journal = store.path / "reviews.journal"
    before = journal.read_bytes()
    store.set_rating(ids[2], "alice", 2, Rating.EXPLAINED)
    [line] = journal.read_bytes()[len(before):].splitlines()
    assert sorted(json.loads(line[9:])["tables"]) == ["_meta", f"r:{ids[2]}"]


# ---------------------------------------------------------------- headings in the index
def _headings_from_text(s, rid):
    s._reply_cache.pop(rid, None)
    return [x.heading for x in s.get_reply(rid).suggestions]


def _headings_without_files(s, rid):
    """suggestion_headings() with every reply file out of reach."""
    s._reply_cache.clear()
    moved = [f.rename(f.with_suffix(".moved")) for f in (s.path / "replies").glob("*.json")]
    try:
        return s.suggestion_headings(rid)
    finally:
        for f in moved:
            f.rename(f.with_suffix(".json"))


def test_suggestion_headings_come_from_the_index_and_follow_every_layout_change(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
        expected = [x.heading for x in make_reply(n=3).suggestions]
        assert s.summaries()[0].headings == tuple(expected)
        assert _headings_without_files(s, rid) == expected
        steps = [
            lambda: s.split_suggestion(rid, "alice", 1, 5),
            lambda: s.merge_suggestion(rid, "alice", 2),
            lambda: s.merge_suggestion(rid, "alice", 1),
            lambda: s.undo("alice"),
            lambda: s.redo("alice"),
            lambda: s.add_reply(make_reply(n=3, variant="补充")),  # re-import: the layout is kept
            lambda: s.add_reply(make_reply(n=4)),  # re-import: a longer text
            lambda: s.add_reply(make_reply(n=2)),  # re-import: the layout no longer fits
        ]
        for step in steps:
            step()
            assert _headings_without_files(s, rid) == _headings_from_text(s, rid)
        assert s._layout(rid) is None and len(s.suggestion_headings(rid)) == 2
    with ReviewStore(db, readonly=True) as s:
        assert _headings_without_files(s, rid) == _headings_from_text(s, rid)
        with pytest.raises(NotFoundError):
            s.suggestion_headings("000000000000")


def test_an_index_entry_without_headings_falls_back_and_is_filled_by_a_re_import(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
        expected = s.suggestion_headings(rid)
    as_schema1(db)  # an older release's database, whose files a user could edit
    index = json.loads((db / "index.json").read_bytes())
    for doc in index["replies"].values():
        del doc["headings"]  # as written before headings were kept
    (db / "index.json").write_text(json.dumps(index), encoding="utf-8")
    with ReviewStore(db) as s:
        assert s.summaries()[0].headings == ()
        assert s.suggestion_headings(rid) == expected  # read from the reply file
        assert s.add_reply(make_reply(n=3)) == (rid, "unchanged")
        assert s.summaries()[0].headings == tuple(expected)
        assert _headings_without_files(s, rid) == expected


def test_a_reply_imported_again_is_rated_by_its_new_suggestions_after_a_fold(tmp_path):
    """The index entries found lately are kept (a mark looks its reply up several times);
    one whose shard was rewritten since (a re-import folded in) is not used again."""
    with ReviewStore(tmp_path / "db") as store:
        rid = store.add_reply(make_reply(n=3))[0]
        store.fold_all()  # the entry now lives in its index shard, not in the journal
        store.set_rating(rid, "tester", 1, Rating.ADOPTED)  # (finds the entry and keeps it)
        assert store.add_reply(make_reply(n=5))[0] == rid  # the unit sent a longer reply
        store.fold_all()
        review = store.set_rating(rid, "tester", 5, Rating.EXPLAINED)
        assert len(review.suggestions) == 5 and review.suggestions[4].rating == Rating.EXPLAINED


def test_a_settled_dispute_is_not_a_colleague(tmp_path):
    """QA 2026-12-04: the inbox's 同事 column counted the reserved reviewer `consensus` (a settled
    dispute's record) as a colleague (…2 where only 李 had rated), and a reply where the dispute was
    settled by me showed a colleague though nobody else had rated it."""
    from cppcc_review.store.ratings.merge import resolve_dispute

    with ReviewStore(tmp_path / "db") as store:
        a = store.add_reply(make_reply("沪科提复〔2025〕1号", n=2))[0]
        store.set_rating(a, "root", 1, Rating.ADOPTED)
        store.set_rating(a, "李", 1, Rating.EXPLAINED)
        resolve_dispute(store, a, 1, Rating.PARTIALLY_ADOPTED, "root")
        assert store.others_progress("root")[a].keys() == {"李"}
        store.set_rating(a, "李", 1, None)  # 李 takes the rating back: only the decision is left
        assert a not in store.others_progress("root")
