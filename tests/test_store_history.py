"""A reply's change history lives in its own table `h:<id>`, journaled by append.

A mark's journal line carries the reply's small review table whole, `_meta`, and only
the new change document, so it does not grow with the reply's history; replaying an
appended document over a snapshot that already holds it changes nothing; an append
whose line was not written is taken back; a malformed `append` is damage.
"""

import errno
import json
import zlib

import pytest
from tinydb import TinyDB

import cppcc_review.store.journal as journal_mod
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import CorruptError, NotSavedError
from cppcc_review.store.journal import JournalStorage, encode_line
from cppcc_review.store.model import Rating
from tests.helpers.files import journal_changes
from tests.helpers.legacy import as_schema1
from tests.helpers.replies import crash, make_reply


def journal_lines(db):
    path = db / "reviews.journal"
    return path.read_bytes().splitlines() if path.exists() else []


def next_mark_line(s, rid) -> bytes:
    before = len(journal_lines(s.path))
    s.set_rating(rid, "bob", 2, Rating.EXPLAINED)
    [line] = journal_lines(s.path)[before:]
    return line


def toggle(s, rid, n):
    for i in range(n):
        s.set_rating(rid, "alice", 1, Rating.ADOPTED if i % 2 else Rating.EXPLAINED)


def test_a_mark_after_500_changes_appends_a_line_as_short_as_after_one(tmp_path):
    sizes = {}
    for n in (1, 500):
        with ReviewStore(tmp_path / f"db{n}") as s:
            rid = s.add_reply(make_reply(n=3))[0]
            toggle(s, rid, n)
            line = next_mark_line(s, rid)
            entry = json.loads(line[9:])
            assert sorted(entry["tables"]) == ["_meta", f"r:{rid}"]
            [(name, docs)] = entry["append"].items()
            assert name == f"h:{rid}" and len(docs) == 1  # only the new change document
            assert len(s.history(rid)) == n + 1
            sizes[n] = len(line)
    # The only growth: digits of the change's seq and document id.
    assert sizes[500] <= sizes[1] + 16, sizes


def test_history_is_the_same_after_a_crash_a_fold_and_a_replay_over_the_shards(tmp_path):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid = s.add_reply(make_reply(n=3))[0]
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    s.set_note(rid, "alice", 1, "第一条")
    s.merge_suggestion(rid, "alice", 1)
    s.undo("alice")
    history = s.history(rid)
    assert [c.action for c in history] == ["rate", "note", "merge", "undo"]
    crash(s)
    import cppcc_review.store.folder as folder_mod

    real = folder_mod.atomic_write

    def killed_before_the_new_journal(path, data, **kw):
        if path.name == "reviews.journal":
            raise KeyboardInterrupt("killed")
        return real(path, data, **kw)

    s = ReviewStore(db)  # replayed from the journal
    assert s.history(rid) == history
    s.set_rating(rid, "bob", 2, Rating.EXPLAINED)
    history = s.history(rid)
    review = s.get_review(rid, "bob")
    # A crash between writing the shards (and the manifest naming them) and starting the
    # new journal: the same lines replay over shards that already hold them.
    folder_mod.atomic_write = killed_before_the_new_journal
    try:
        with pytest.raises(KeyboardInterrupt):
            s.fold_all()
    finally:
        folder_mod.atomic_write = real
    crash(s)
    assert journal_changes(db) == 5  # every line is still there
    with ReviewStore(db) as s:
        assert s.history(rid) == history
        assert s.get_review(rid, "bob") == review
        assert s.check()["changes"] == len(history) == 5


def test_a_change_that_is_not_saved_leaves_no_history_behind(tmp_path, monkeypatch):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid = s.add_reply(make_reply(n=3))[0]
    other = s.add_reply(make_reply("沪科提复〔2025〕99号", n=3))[0]
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)

    def enospc(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_mod.os, "fsync", enospc)
    with pytest.raises(NotSavedError):
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED)  # a history table that exists
    with pytest.raises(NotSavedError):
        s.set_rating(other, "alice", 1, Rating.EXPLAINED)  # the first change of a reply
    monkeypatch.undo()
    assert [c.action for c in s.history(rid)] == ["rate"]
    assert s.history(other) == []
    assert f"h:{other}" not in s._jstore.read()
    s.set_rating(rid, "alice", 3, Rating.ADOPTED)
    history = s.history(rid)
    assert [c.index for c in history] == [1, 3]
    crash(s)
    with ReviewStore(db, readonly=True) as again:
        assert again.history(rid) == history
        assert again.history(other) == []


HA, HB, RA, RB = "h:" + "a" * 12, "h:" + "b" * 12, "r:" + "a" * 12, "r:" + "b" * 12  # named as the store names them
LAYOUT = {"type": "layout", "ranges": [[0, 1]]}  # a document of the shape the store writes


def test_append_outside_a_transaction_is_a_line_of_its_own(tmp_path):
    storage = JournalStorage(tmp_path)
    assert storage.append(HA, {"n": 1}) == "1"
    assert storage.append(HA, {"n": 2}) == "2"
    storage.close()
    lines = (tmp_path / "reviews.journal").read_bytes().splitlines()[1:]  # after the journal's first line
    assert [json.loads(line[9:]) for line in lines] == [
        {"names": ["+" + HA], "tables": {}, "append": {HA: {"1": {"n": 1}}}},
        {"names": ["+" + HA], "tables": {}, "append": {HA: {"2": {"n": 2}}}},
    ]
    again = JournalStorage(tmp_path, readonly=True)
    assert again.read() == {}  # history tables are not among the tables TinyDB sees
    assert again.history_table(HA) == {"1": {"n": 1}, "2": {"n": 2}}


def test_appends_join_the_transaction_line(tmp_path):
    storage = JournalStorage(tmp_path)
    db = TinyDB(storage=lambda: storage)
    with storage.transaction(RA):
        db.table(RA).insert(LAYOUT)
        storage.append(HA, {"n": 1})
    with storage.transaction(RB):  # appends only: no table is written
        storage.append(HB, {"n": 1})
    storage.close()
    lines = (tmp_path / "reviews.journal").read_bytes().splitlines()[1:]  # after the journal's first line
    assert [json.loads(line[9:]) for line in lines] == [
        {"names": [RA, "+" + HA], "tables": {RA: {"1": LAYOUT}}, "append": {HA: {"1": {"n": 1}}}},
        {"names": ["+" + HB], "tables": {}, "append": {HB: {"1": {"n": 1}}}},
    ]


@pytest.mark.parametrize(
    "append",
    [
        [1, 2],
        {"h:a": [1]},
        {"h:a": {"1": "not a document"}},
        {"h:a": {"one": {"n": 1}}},
        {"h:a": {"-1": {"n": 1}}},
        None,
    ],
)
def test_a_malformed_append_is_damage(tmp_path, append):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
    s = ReviewStore(db)
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    crash(s)
    journal = db / "reviews.journal"
    good = journal.read_bytes()
    payload = json.dumps({"tables": {}, "append": append}).encode()
    bad = b"%08x " % (zlib.crc32(payload) & 0xFFFFFFFF) + payload + b"\n"
    # A whole line that passes its checksum but not its shape is damage, last or not
    # (issue 14 #1: only an unterminated line is an append that never finished).
    journal.write_bytes(good + bad)
    with pytest.raises(CorruptError, match="line 3 of 3 is damaged"):
        ReviewStore(db, readonly=True)
    journal.write_bytes(good + bad + good.splitlines(keepends=True)[-1])
    with pytest.raises(CorruptError, match="line 3 of 4 is damaged"):
        ReviewStore(db, readonly=True)


def test_encode_line_without_appends_keeps_the_old_shape():
    line = encode_line({"r:a": {"1": {"x": 1}}})
    # (the names it changes first: read at open without decoding the rest; an earlier release ignores them)
    assert json.loads(line[9:]) == {"names": ["r:a"], "tables": {"r:a": {"1": {"x": 1}}}}
    assert line[9:].startswith(b'{"names":["r:a"],"tables":')


# ---------------------------------------------------------------- history shards, out of the start-up path
def _history_db(db, n=3):
    """A database whose history is in its shards (a first session, folded) and in the
    journal (a crash)."""
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply(n=3))[0]
        toggle(s, rid, n)
        s.fold_all()
    s = ReviewStore(db)
    s.set_note(rid, "alice", 2, "待核实")
    crash(s)
    return rid


def _shard(db, key):
    from cppcc_review.store.manifest import Manifest, shard_file

    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    return db / shard_file(key, manifest.shards[key])


def test_history_is_kept_out_of_the_review_shards_and_read_only_when_asked_for(tmp_path):
    db = tmp_path / "db"
    rid = _history_db(db)
    reviews = json.loads(_shard(db, f"reviews/{rid[:2]}").read_bytes())
    assert not [name for name in reviews if name.startswith("h:")]
    assert list(json.loads(_shard(db, f"changes/{rid[:2]}").read_bytes())) == [f"h:{rid}"]
    with ReviewStore(db) as s:
        s.set_rating(rid, "alice", 3, Rating.ADOPTED)
        s.undo("alice")
        s.redo("alice")  # undo / redo apply the patches kept in memory, not the history
        assert not [k for k in s._shard_cache if k.startswith("changes/")]
        assert s.get_review(rid, "alice").suggestions[2].rating is Rating.ADOPTED
        history = s.history(rid)  # reads the history shard and merges the journal's documents
        assert [k for k in s._shard_cache if k.startswith("changes/")]
        assert [c.action for c in history] == ["rate"] * 3 + ["note", "rate", "undo", "redo"]
        assert [c.seq for c in history] == list(range(1, 8))
    with ReviewStore(db, readonly=True) as s:
        assert s.history(rid) == history
        assert s.check()["changes"] == 7


def test_each_change_is_in_history_once_whatever_the_fold_dies_at(tmp_path, monkeypatch):
    import cppcc_review.store.folder

    real = cppcc_review.store.folder.atomic_write
    real_new = cppcc_review.store.folder.write_new  # shard files are new files, written in place
    for dies_at in ("changes", "reviews", "manifest.json", "reviews.journal"):
        db = tmp_path / dies_at
        rid = _history_db(db)
        with ReviewStore(db, readonly=True) as s:
            expected_history, expected_review = s.history(rid), s.get_review(rid, "alice")

        def dying(real_write):
            def dying_write(path, data, *args, **kwargs):
                if path.name == dies_at or path.parent.name == dies_at:
                    raise KeyboardInterrupt("killed")
                real_write(path, data, *args, **kwargs)

            return dying_write

        monkeypatch.setattr(cppcc_review.store.folder, "atomic_write", dying(real))
        monkeypatch.setattr(cppcc_review.store.folder, "write_new", dying(real_new))
        s = ReviewStore(db)
        with pytest.raises(KeyboardInterrupt):
            s.fold_all()
        crash(s)
        monkeypatch.setattr(cppcc_review.store.folder, "atomic_write", real)
        monkeypatch.setattr(cppcc_review.store.folder, "write_new", real_new)
        assert journal_changes(db)  # the journal was not emptied
        for _ in range(2):  # replayed over the shards, then over the folded ones
            with ReviewStore(db) as s:
                assert s.history(rid) == expected_history, dies_at
                assert s.get_review(rid, "alice") == expected_review
                assert s.check()["ok"]
                s.fold_all()


def test_a_reviews_json_that_still_holds_history_is_moved_to_history_shards(tmp_path):
    db = tmp_path / "db"
    rid = _history_db(db)
    with ReviewStore(db) as s:
        history = s.history(rid)
    # The layout before history.json (an older release): the history tables inside reviews.json.
    as_schema1(db)
    snapshot = json.loads((db / "reviews.json").read_bytes())
    snapshot.update(json.loads((db / "history.json").read_bytes()))
    (db / "reviews.json").write_text(json.dumps(snapshot), encoding="utf-8")
    (db / "history.json").unlink()
    with ReviewStore(db, readonly=True) as s:
        assert s.history(rid) == history
    with ReviewStore(db) as s:  # a writer upgrades it: history in its shards
        assert not (db / "reviews.json").exists()
        assert not [n for n in json.loads(_shard(db, f"reviews/{rid[:2]}").read_bytes()) if n.startswith("h:")]
        assert s.history(rid) == history
        s.set_rating(rid, "bob", 1, Rating.EXPLAINED)
    with ReviewStore(db) as s:
        assert s.history(rid)[:-1] == history and s.history(rid)[-1].seq == history[-1].seq + 1


def test_a_damaged_history_shard_is_refused_or_reported_and_restored(tmp_path):
    db = tmp_path / "db"
    rid = _history_db(db)
    with ReviewStore(db) as s:  # one more fold: its backup names the history shard as it was
        s.set_rating(rid, "bob", 1, Rating.EXPLAINED)
        s.fold_all()
        history = s.history(rid)
    path = _shard(db, f"changes/{rid[:2]}")
    good = path.read_bytes()
    for damage in (b"", good[: len(good) // 2]):  # cut short or empty: seen at open (its size)
        path.write_bytes(damage)
        for readonly in (False, True):
            with pytest.raises(CorruptError, match=f"{path.name}.*newest good backup: .*backup-"):
                ReviewStore(db, readonly=readonly)
    path.write_bytes(good.replace(b'"bob"', b'"b\xffb"', 1))  # inside (same size): seen when read
    with ReviewStore(db, readonly=True) as s:
        assert s.get_review(rid, "bob").rated == 1
        with pytest.raises(CorruptError, match=f"{path.name}: not valid UTF-8.*newest good backup: .*backup-"):
            s.history(rid)
        report = s.check()
        assert not report["ok"] and path.name in report["problems"][0]
    s = ReviewStore(db)
    s.set_rating(rid, "bob", 2, Rating.ADOPTED)  # appended: the damaged shard is not read
    with pytest.raises(CorruptError):  # folding stops before writing anything
        s.fold_all()
    crash(s)
    assert journal_changes(db) == 1
    [(target, source)] = ReviewStore.restore(db)
    assert target == db / f"changes/{rid[:2]}" and f"{db}/backups/backup-" in source
    with ReviewStore(db) as s:  # the backup's history (before the last fold), plus the journal's change
        assert [c.seq for c in s.history(rid)] == [1, 2, 3, 6]  # 4 and 5 were folded after it: lost
        assert s.history(rid)[:3] == history[:3]
        assert s.get_review(rid, "bob").rated == 2
        assert s.check()["ok"]


def test_restoring_an_older_backup_keeps_change_numbers_unique(tmp_path):
    db = tmp_path / "db"
    rid = _history_db(db)
    with ReviewStore(db) as s:
        s.set_rating(rid, "bob", 1, Rating.EXPLAINED)
        s.fold_all()
    with ReviewStore(db) as s:
        s.set_rating(rid, "bob", 2, Rating.EXPLAINED)
        s.fold_all()
        history = s.history(rid)
    oldest = sorted((db / "backups").glob("backup-*.json"))[0]
    ReviewStore.restore(db, oldest)
    with ReviewStore(db) as s:
        s.set_rating(rid, "carol", 1, Rating.ADOPTED)
        after = s.history(rid)
    # The history keeps every change made after that backup; the new one comes on top.
    assert after[:-1] == history and after[-1].seq > history[-1].seq
    assert len({c.seq for c in after}) == len(after)
