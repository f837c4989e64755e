"""The reviews journal: torn tails are dropped, damage is refused with a way out."""

import json

import pytest
from tinydb import TinyDB

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import CorruptError
from cppcc_review.store.journal import JournalStorage, encode_line
from cppcc_review.store.model import Rating
from tests.helpers.files import digest, journal_changes
from tests.helpers.replies import crash, make_reply


def rated_db(path, marks=3):
    """A database whose shards hold two sessions' changes, a backup of the first one's,
    and `marks` journaled ratings."""
    with ReviewStore(path) as s:
        rid, _ = s.add_reply(make_reply())
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        s.fold_all()
    with ReviewStore(path) as s:  # the second session's fold backs up the state before it:
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED)  # the first one's shards, this rating in its journal
        s.fold_all()
    s = ReviewStore(path)
    for i in range(marks):
        s.set_note(rid, "alice", 3, f"note {i}")
    crash(s)
    return rid


def test_torn_last_line_is_dropped_and_cut(tmp_path):
    db = tmp_path / "db"
    rid = rated_db(db)
    journal = db / "reviews.journal"
    good = journal.read_bytes()
    journal.write_bytes(good + b'1234abcd {"tables": {"r:x')  # died inside an append
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[2].note == "note 2"
        assert journal.read_bytes() == good  # the tail is gone before anything is appended
        s.set_note(rid, "alice", 3, "after the crash")
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[2].note == "after the crash"


def test_a_whole_last_line_failing_its_checksum_is_damage_not_dropped(tmp_path):
    """Issue 14 #1: an append that never finished has no end of line; a whole line that
    fails its checksum is a saved change, damaged: refused, and left as it is."""
    db = tmp_path / "db"
    rated_db(db)
    journal = db / "reviews.journal"
    lines = journal.read_bytes().split(b"\n")[:-1]
    lines[-1] = lines[-1].replace(b"note 2", b"note X")
    journal.write_bytes(b"\n".join(lines) + b"\n")
    before = digest(db)
    for readonly in (True, False):
        with pytest.raises(CorruptError, match="line 4 of 4 is damaged"):
            ReviewStore(db, readonly=readonly)
    assert digest(db) == before


def test_a_checksum_that_only_reads_as_the_same_number_is_damage(tmp_path):
    """A flipped bit can turn a checksum's hex digits into text that int(x, 16) still reads as the
    same number (upper case, a leading 0 turned into a space or '+'): the bytes differ from what
    was written, so the line is damaged, never silently accepted (the bit-flip sweep found a
    leading 0 flipped into a space passing)."""
    db = tmp_path / "db"
    rated_db(db)
    journal = db / "reviews.journal"
    lines = journal.read_bytes().split(b"\n")[:-1]
    # a change line whose checksum has a letter (the chance that none of 3 has one is ~1e-5)
    n = next(i for i in range(1, len(lines)) if any(c in b"abcdef" for c in lines[i][:8]))
    lines[n] = lines[n][:8].upper() + lines[n][8:]
    journal.write_bytes(b"\n".join(lines) + b"\n")
    before = digest(db)
    with pytest.raises(CorruptError, match=f"line {n + 1} of {len(lines)} is damaged"):
        ReviewStore(db, readonly=True)
    assert digest(db) == before


def test_damaged_middle_line_is_refused_naming_file_and_backup(tmp_path):
    db = tmp_path / "db"
    rid = rated_db(db)
    journal = db / "reviews.journal"
    lines = journal.read_bytes().split(b"\n")[:-1]
    lines[1] = lines[1].replace(b"note 0", b"note Z")  # the first change (line 1 names the journal)
    journal.write_bytes(b"\n".join(lines) + b"\n")
    before = digest(db)
    with pytest.raises(CorruptError) as info:
        ReviewStore(db)
    message = str(info.value)
    assert "reviews.journal" in message and "line 2 of 4" in message
    assert "backups/backup-" in message and "db restore" in message
    assert digest(db) == before  # nothing overwritten while damaged
    restored = ReviewStore.restore(db)
    assert restored
    with ReviewStore(db) as s:  # good lines before the damage are kept (none here)
        review = s.get_review(rid, "alice")
        assert review.suggestions[0].rating is Rating.ADOPTED
        assert review.suggestions[1].rating is Rating.EXPLAINED
    assert list((db / "backups").glob("reviews.journal.damaged-*"))


def _shard(db, key):
    from cppcc_review.store.manifest import Manifest, shard_file

    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    return db / shard_file(key, manifest.shards[key])


@pytest.mark.parametrize(
    "damage, problem",
    [
        (lambda raw: raw[: len(raw) // 2], "not valid JSON"),
        (lambda raw: b"", "empty"),
        (lambda raw: raw[:10] + b"\xff\xfe" + raw[10:], "not valid UTF-8"),
        (lambda raw: b"[1, 2, 3]", "expected an object of tables"),
        (lambda raw: b'{"r:abc": [1]}', "not an object of documents"),
        (lambda raw: raw + b"}}garbage", "not valid JSON"),
    ],
    ids=["truncated", "empty", "bad-utf8", "array", "bad-table", "trailing-garbage"],
)
def test_damaged_review_shard_is_refused_and_restored(tmp_path, damage, problem):
    db = tmp_path / "db"
    rid = rated_db(db, marks=0)
    shard = _shard(db, f"reviews/{rid[:2]}")
    shard.write_bytes(damage(shard.read_bytes()))
    before = digest(db)
    for readonly in (False, True):
        # its size is checked at open, its checksum when it is read
        with pytest.raises(CorruptError) as info, ReviewStore(db, readonly=readonly) as s:
            s.get_review(rid, "alice")
        message = str(info.value)
        assert str(shard) in message and problem in message
        assert "newest good backup" in message and "\n" not in message
    assert digest(db) == before
    [(target, source)] = ReviewStore.restore(db)
    assert target == db / f"reviews/{rid[:2]}" and f"{db}/backups/backup-" in source
    with ReviewStore(db) as s:  # the backup (the first session's) and the later change from the history
        review = s.get_review(rid, "alice")
        assert review.suggestions[0].rating is Rating.ADOPTED
        assert review.suggestions[1].rating is Rating.EXPLAINED
        assert s.check()["ok"]
    assert list((db / "backups").glob(f"reviews-{shard.name}.damaged-*"))


def test_damaged_index_shard_is_refused_and_restored(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply())
    with ReviewStore(db) as s:  # a second session: its fold backs up the first one's shards
        other, _ = s.add_reply(make_reply("沪科提复〔2025〕57号"))
    shard = _shard(db, f"index/{rid[:2]}")
    shard.write_bytes(b'{"replies": {"1": ')
    with pytest.raises(CorruptError) as info, ReviewStore(db) as s:
        s.get_reply(rid)
    # Unchanged since the backup, the shard is the backup's copy too (shared, not copied).
    assert shard.name in str(info.value) and "db restore" in str(info.value)
    ReviewStore.restore(db)
    with ReviewStore(db) as s:
        assert rid in s and other in s and len(s) == 2  # the backup, and any later reply from its text
        report = s.check()
    assert report["ok"] and report["orphans"] == []


def test_explicit_restore_from_a_backup(tmp_path):
    db = tmp_path / "db"
    rid = rated_db(db, marks=2)
    backup = sorted((db / "backups").glob("backup-*.json"))[-1]  # the state before the second fold
    ReviewStore.restore(db, backup)
    with ReviewStore(db) as s:
        review = s.get_review(rid, "alice")
        assert review.suggestions[0].rating is Rating.ADOPTED
        # exactly the backup: the rating its journal held (QA15 bug 1: the backup named the
        # shards alone, and this rating was lost), the later lines set aside
        assert review.suggestions[1].rating is Rating.EXPLAINED
        assert review.suggestions[2].note == ""


def test_replaying_over_a_newer_snapshot_is_harmless(tmp_path, monkeypatch):
    import cppcc_review.store.folder

    db = tmp_path / "db"
    rid = rated_db(db, marks=3)
    real = cppcc_review.store.folder.atomic_write

    def killed_before_the_new_journal(path, data, **kw):
        if path.name == "reviews.journal":
            raise KeyboardInterrupt("killed")
        return real(path, data, **kw)

    s = ReviewStore(db)
    expected = s.get_review(rid, "alice")
    # A crash after the new shards (and the manifest naming them) were written but before
    # the new journal replaced the old:
    monkeypatch.setattr(cppcc_review.store.folder, "atomic_write", killed_before_the_new_journal)
    with pytest.raises(KeyboardInterrupt):
        s.fold_all()
    monkeypatch.undo()
    crash(s)
    assert journal_changes(db) == 3
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice") == expected
        assert s.check()["ok"]


RA, RB = "r:" + "a" * 12, "r:" + "b" * 12  # tables as the store names them


def layout(n: int) -> dict:
    return {"type": "layout", "ranges": [[0, n]]}  # a document of the shape the store writes


def test_one_line_per_write_holds_only_the_changed_table(tmp_path):
    storage = JournalStorage(tmp_path)
    db = TinyDB(storage=lambda: storage)
    db.table(RA).insert(layout(1))
    db.table(RB).insert(layout(2))
    db.table(RA).update(layout(3))  # no expect_table(): found by identity
    storage.expect_table(RB)
    db.table(RB).insert(layout(4))
    lines = (tmp_path / "reviews.journal").read_bytes().splitlines()[1:]  # after the journal's first line
    assert [list(json.loads(line[9:])["tables"]) for line in lines] == [[RA], [RB], [RA], [RB]]
    storage.close()
    again = JournalStorage(tmp_path, readonly=True)
    assert again.read() == {}  # nothing decoded at open: each table when first read
    assert again.read()[RA] == {"1": layout(3)} and again.read()[RB] == {"1": layout(2), "2": layout(4)}
    assert again.decoded_lines == 2  # each table's newest line only


def test_line_format_has_a_checksum():
    line = encode_line({"r:a": {"1": {"note": "中文"}}})
    assert line.endswith(b"\n") and line[8:9] == b" "
    assert "中文".encode() in line
