"""Damage that used to go unnoticed, or was repaired by throwing good data away (issue 14, 1-4).

* a bit flipped in the last journal line: a damaged complete line is reported by
  `db check` and every command, never truncated away by the next writer; `db restore`
  sets it aside (a torn, unterminated tail is still an unacknowledged append, dropped,
  but its bytes are kept under backups/ too);
* one damaged line in the middle of the journal: `db restore` keeps every line that
  passes its checksum, before and after it;
* JSON that parses but holds an impossible value ("adopped" for a rating): `db check`
  names the file, every command refuses with one line naming it and `db restore --db`,
  and `db restore` brings back a good copy;
* a deleted index, review or history shard, or journal: noticed when the database opens
  (the folder's manifest knows its files), and `db restore` rebuilds what it can:
  reviews from the newest backup plus the change history (nothing lost), the index from
  its backup plus the reply texts, history from its backup; a deleted journal's changes
  are named as lost.

The sweeps (every file bit-flipped, every file deleted) are in
tests/test_reliability_sweep.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore, check_database
from cppcc_review.store.errors import CorruptError, StoreError
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli
from tests.helpers.files import digest, shard
from tests.helpers.replies import crash, first_session, make_reply


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh; db, check and the store's refusals since fixl), so they run it
    in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def refused(capsys, db: Path, rid: str, must_name: str, *, at_open: bool = True, first_read: bool = False) -> None:
    """Every command stops with one line naming `must_name` and `db restore --db`; no byte
    changes. `at_open=False`: a shard damaged without changing its size, refused by the
    commands that read it (statistics and `db check` read every review shard).
    `first_read=True` (with at_open=False): a journal line whose content is damaged, refused
    by the commands that read a table it names (`rate` of reply `rid`, export, statistics,
    `db check`); `db backup` carries the journal's lines as they are (not tried here)."""
    before = digest(db)
    for readonly in (False, True):
        with pytest.raises(CorruptError) as info, ReviewStore(db, readonly=readonly) as s:
            assert not at_open, "opened"
            s.progress("alice")
        assert must_name in str(info.value) and "\n" not in str(info.value), info.value
    commands = [("stats", "--format", "yaml"), ("db", "check")]
    if at_open or first_read:
        commands += [("rate", rid, 1, "explained", "--reviewer", "alice"),
                     ("export", "--reviewer", "alice", "-o", db.parent / "out.yaml")]
    if at_open:
        commands += [("db", "backup")]
    for argv in commands:
        code, out, err = run_cli(capsys, "--db", db, *argv)
        lines = err.strip().splitlines()
        assert code == 1 and len(lines) == 1 and lines[0].startswith("cppcc-review: error: "), (argv, out, err)
        assert must_name in lines[0], (argv, err)
        if argv[0] != "db" or argv[1] != "check":
            assert f"db restore --db {db}" in lines[0], (argv, err)
        assert digest(db) == before, argv
    assert not (db.parent / "out.yaml").exists()


def journaled_notes(db: Path, n: int) -> list[str]:
    """`n` replies, a compacted session, then one journaled note on each reply (one line each)."""
    with ReviewStore(db) as s:
        rids = [s.add_reply(make_reply(f"沪科提复〔2025〕{60 + i}号"))[0] for i in range(n)]
        s.set_rating(rids[0], "alice", 1, Rating.ADOPTED)
        s.fold_all()
    s = ReviewStore(db)
    for i, rid in enumerate(rids):
        s.set_note(rid, "alice", 2, f"note{i:02d}")
    crash(s)
    return rids


def change_lines(journal: Path) -> list[int]:
    """Byte offsets of the journal lines that carry a note (one per change above)."""
    raw = journal.read_bytes()
    starts, offset = [], 0
    for line in raw.split(b"\n")[:-1]:
        if b"note" in line:
            starts.append(offset)
        offset += len(line) + 1
    return starts


def flip(path: Path, offset: int, bit: int = 0) -> bytes:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 1 << bit
    path.write_bytes(bytes(raw))
    return bytes(raw)


def test_a_bit_flip_in_the_last_journal_line_is_reported_not_truncated(tmp_path, capsys):
    db = tmp_path / "db"
    rids = journaled_notes(db, 3)
    journal = db / "reviews.journal"
    last = change_lines(journal)[-1]
    raw = journal.read_bytes()
    damaged = flip(journal, raw.index(b"note02", last) + 5)  # note02 -> note03: still a whole line
    refused(capsys, db, rids[0], str(journal))
    assert journal.read_bytes() == damaged  # nothing truncated it
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0, err
    assert "1 damaged line set aside" in out, out
    [aside] = (db / "backups").glob("reviews.journal.damaged-*")
    assert aside.read_bytes() == damaged
    with ReviewStore(db) as s:
        assert s.check()["ok"]
        assert s.get_review(rids[0], "alice").suggestions[1].note == "note00"
        assert s.get_review(rids[1], "alice").suggestions[1].note == "note01"
        # The damaged change is not guessed back: it is gone, and restore said so.
        assert s.get_review(rids[2], "alice").suggestions[1].note == ""


def test_a_torn_last_line_is_dropped_but_kept_aside(tmp_path):
    db = tmp_path / "db"
    rids = journaled_notes(db, 3)
    journal = db / "reviews.journal"
    raw = journal.read_bytes()
    torn = raw[:-7]  # the process died inside the last append: no end of line
    journal.write_bytes(torn)
    with ReviewStore(db, readonly=True) as r:
        assert r.get_review(rids[1], "alice").suggestions[1].note == "note01"
        assert r.get_review(rids[2], "alice").suggestions[1].note == ""
    assert check_database(db)["ok"]  # an unacknowledged append is not damage
    with ReviewStore(db) as s:
        s.set_note(rids[2], "alice", 3, "after")
    [kept] = (db / "backups").glob("reviews.journal.torn-*")
    assert torn.endswith(kept.read_bytes()) and len(kept.read_bytes()) > 10
    with ReviewStore(db, readonly=True) as r:
        assert r.get_review(rids[2], "alice").suggestions[2].note == "after"


def test_a_flipped_end_of_line_is_damage_not_a_torn_tail(tmp_path, capsys):
    """The last line's newline flipped: the line before it passes its checksum, so it was
    acknowledged; dropping it as torn would lose it silently."""
    db = tmp_path / "db"
    rids = journaled_notes(db, 2)
    journal = db / "reviews.journal"
    damaged = flip(journal, len(journal.read_bytes()) - 1, 3)
    refused(capsys, db, rids[0], str(journal))
    assert journal.read_bytes() == damaged


def test_restore_keeps_every_journal_line_that_passes_its_checksum(tmp_path, capsys):
    db = tmp_path / "db"
    rids = journaled_notes(db, 10)
    journal = db / "reviews.journal"
    third = change_lines(journal)[2]
    flip(journal, journal.read_bytes().index(b"note02", third) + 2, 1)
    refused(capsys, db, rids[0], str(journal))
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and "9 good lines kept" in out and "1 damaged line set aside" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.check()["ok"]
        notes = [s.get_review(rid, "alice").suggestions[1].note for rid in rids]
        assert s.get_review(rids[0], "alice").suggestions[0].rating is Rating.ADOPTED
    assert notes == [f"note{i:02d}" if i != 2 else "" for i in range(10)]


def rated_in_two_sessions(db: Path) -> tuple[str, str]:
    """Three sessions, each folded into the shards (each after the first keeps a backup of
    the shards before it), plus a journaled change."""
    rid = first_session(db)
    with ReviewStore(db) as s:
        rid2, _ = s.add_reply(make_reply("沪科提复〔2025〕57号", n=3))
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED, note="第二条")
        s.set_rating(rid2, "bob", 1, Rating.PARTIALLY_ADOPTED)
        s.fold_all()
    with ReviewStore(db) as s:
        s.set_rating(rid, "alice", 3, Rating.ADOPTED, note="第三条")
        s.fold_all()
    s = ReviewStore(db)
    s.set_note(rid, "alice", 4, "journaled")
    crash(s)
    return rid, rid2


def test_an_impossible_value_in_a_review_shard_is_refused_and_restored(tmp_path, capsys):
    db = tmp_path / "db"
    rid, rid2 = rated_in_two_sessions(db)
    target = shard(db, f"reviews/{rid[:2]}")
    raw = target.read_bytes()
    assert b'"adopted"' in raw
    target.write_bytes(raw.replace(b'"adopted"', b'"adopped"', 1))  # valid JSON, impossible rating, same size
    code, out, err = run_cli(capsys, "--db", db, "db", "check")
    assert code == 1 and str(target) in err, (out, err)
    refused(capsys, db, rid, str(target), at_open=False)
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and f"restored {db / 'reviews' / rid[:2]}" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.check()["ok"]
        review = s.get_review(rid, "alice")
        # Nothing lost: the backup plus the change history plus the journal.
        assert [sr.rating for sr in review.suggestions] == [Rating.ADOPTED, Rating.EXPLAINED, Rating.ADOPTED, None]
        assert review.suggestions[2].note == "第三条" and review.suggestions[3].note == "journaled"
        assert s.get_review(rid2, "bob").suggestions[0].rating is Rating.PARTIALLY_ADOPTED


def test_an_impossible_value_in_a_journal_line_with_a_good_checksum_is_refused(tmp_path, capsys):
    from cppcc_review.store.journal import encode_line

    db = tmp_path / "db"
    rid, rid2 = rated_in_two_sessions(db)
    journal = db / "reviews.journal"
    bad = {"type": "review", "reviewer": "alice", "ratings": {"3": {"rating": "adopped"}}, "assessment": {}, "updated": None}
    journal.write_bytes(journal.read_bytes() + encode_line({f"r:{rid}": {"1": bad}}))
    # The journal is read lazily: an open checks the line's CRC, its content is checked
    # when a table it names is first read (cppcc_review.store.journal_replay).
    refused(capsys, db, rid, str(journal), at_open=False, first_read=True)
    with ReviewStore(db, readonly=True) as s, pytest.raises(CorruptError, match="line 3 of 3 is damaged"):
        s.get_review(rid, "alice")
    # A reply the line does not name is rated as before, its line after the damaged one.
    code, out, err = run_cli(capsys, "--db", db, "rate", rid2, 2, "adopted", "--reviewer", "bob")
    assert code == 0, (out, err)
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and "1 damaged line set aside" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.check()["ok"]
        assert s.get_review(rid2, "bob").suggestions[1].rating is Rating.ADOPTED
        assert s.get_review(rid, "alice").suggestions[3].note == "journaled"


@pytest.mark.parametrize("name", ["index", "reviews", "changes", "reviews.journal"])
def test_a_deleted_file_is_noticed_at_open_and_restore_rebuilds_it(tmp_path, capsys, name):
    db = tmp_path / "db"
    rid, rid2 = rated_in_two_sessions(db)
    with ReviewStore(db, readonly=True) as r:
        reviews_before = {x: r.reviews_of(x) for x in (rid, rid2)}
        history_before = {x: r.history(x) for x in (rid, rid2)}
    target = db / name if "." in name else shard(db, f"{name}/{rid[:2]}")
    shown = db / name if "." in name else db / name / rid[:2]
    target.unlink()
    refused(capsys, db, rid, str(target))
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and f"restored {shown}" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.check()["ok"], s.check()["problems"]
        assert rid in s and rid2 in s
        reviews = {x: s.reviews_of(x) for x in (rid, rid2)}
        history = {x: s.history(x) for x in (rid, rid2)}
    if name == "reviews.journal":
        # Its one change since the last fold is gone; restore said so.
        assert "journaled" not in repr(reviews) and "changes since" in out, out
        assert reviews[rid2] == reviews_before[rid2]
        assert [sr.rating for sr in reviews[rid][0].suggestions] == [sr.rating for sr in reviews_before[rid][0].suggestions]
    else:
        assert reviews == reviews_before
    if name == "changes":
        # The newest backup of that history shard was taken before the third session's
        # fold: the changes folded after it keep their effect but lose their history entries.
        assert {c.seq for c in history[rid]} < {c.seq for c in history_before[rid]}
        assert "history entries" in out, out
    elif name != "reviews.journal":
        assert history == history_before


def test_a_deleted_review_shard_does_not_vanish_after_more_sessions(tmp_path, capsys):
    """Issue 14 #4: the old ratings lived only in the history, and more sessions rotated
    every backup that held them. Now the deletion stops the first session."""
    db = tmp_path / "db"
    rid, _ = rated_in_two_sessions(db)
    shard(db, f"reviews/{rid[:2]}").unlink()
    for _ in range(5):
        with pytest.raises(StoreError), ReviewStore(db) as s:
            s.set_rating(rid, "carol", 1, Rating.EXPLAINED)
    assert run_cli(capsys, "--db", db, "db", "restore")[0] == 0
    with ReviewStore(db, readonly=True) as r:
        assert r.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
