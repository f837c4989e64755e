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

import store.journal as journal_mod
from store.db import ReviewStore
from store.errors import CorruptError, NotSavedError
from store.journal import JournalStorage, encode_line
from store.model import Rating
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


def test_history_is_the_same_after_a_crash_a_close_and_a_replay_over_the_snapshot(tmp_path):
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
    with ReviewStore(db) as s:  # replayed from the journal; closing compacts
        assert s.history(rid) == history
        s.set_rating(rid, "bob", 2, Rating.EXPLAINED)
        journal = (db / "reviews.journal").read_bytes()
        assert journal
        history = s.history(rid)
        review = s.get_review(rid, "bob")
    assert (db / "reviews.journal").read_bytes() == b""
    # A crash between writing the snapshot and emptying the journal: the same lines
    # replay over a snapshot that already holds them.
    (db / "reviews.journal").write_bytes(journal)
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


def test_append_outside_a_transaction_is_a_line_of_its_own(tmp_path):
    storage = JournalStorage(tmp_path)
    assert storage.append("h:a", {"n": 1}) == "1"
    assert storage.append("h:a", {"n": 2}) == "2"
    storage.close()
    lines = (tmp_path / "reviews.journal").read_bytes().splitlines()
    assert [json.loads(line[9:]) for line in lines] == [
        {"tables": {}, "append": {"h:a": {"1": {"n": 1}}}},
        {"tables": {}, "append": {"h:a": {"2": {"n": 2}}}},
    ]
    again = JournalStorage(tmp_path, readonly=True)
    assert again.read() == {"h:a": {"1": {"n": 1}, "2": {"n": 2}}}


def test_appends_join_the_transaction_line(tmp_path):
    storage = JournalStorage(tmp_path)
    db = TinyDB(storage=lambda: storage)
    with storage.transaction("r:a"):
        db.table("r:a").insert({"x": 1})
        storage.append("h:a", {"n": 1})
    with storage.transaction("r:b"):  # appends only: no table is written
        storage.append("h:b", {"n": 1})
    storage.close()
    lines = (tmp_path / "reviews.journal").read_bytes().splitlines()
    assert [json.loads(line[9:]) for line in lines] == [
        {"tables": {"r:a": {"1": {"x": 1}}}, "append": {"h:a": {"1": {"n": 1}}}},
        {"tables": {}, "append": {"h:b": {"1": {"n": 1}}}},
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
    journal.write_bytes(good + bad)  # the last line: never acknowledged, dropped
    with ReviewStore(db, readonly=True) as r:
        assert r.get_review(rid, "alice").rated == 1
    journal.write_bytes(good + bad + good)  # in the middle: damage, refused
    with pytest.raises(CorruptError, match="line 2 of 3 is damaged"):
        ReviewStore(db, readonly=True)


def test_encode_line_without_appends_keeps_the_old_shape():
    line = encode_line({"r:a": {"1": {"x": 1}}})
    assert json.loads(line[9:]) == {"tables": {"r:a": {"1": {"x": 1}}}}
