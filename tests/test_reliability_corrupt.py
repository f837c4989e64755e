"""Torn and corrupt files: refused with a message that names the file, the problem and the
newest good backup; `cppcc-review db restore` brings the good copy back; nothing is
written while the database is damaged.

tests/test_journal.py already proves, at the store level: a torn / bad-checksum last
journal line is dropped, a damaged middle line is refused and restored keeping the good
lines, six kinds of review-shard damage are refused and restored, a truncated index shard
is restored, `restore(from)` is exact. This file adds: the same damage through the
command line (one-line error, exit 1, every file's hash unchanged after each refused
command), an index and a review shard / meta.json / a pack of reply texts / the journal
at every class of truncation, schema-breaking JSON, a journal cut at many byte offsets
(each cut opens to exactly the changes of its whole lines), a damaged shard with no
backup, and `db restore --from`.

A shard whose size changed (deleted, cut, grown) is refused at open by every command;
one damaged without changing size is refused by every command that reads it (its
checksum), and reported by `db check`.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
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


def build(db: Path) -> tuple[str, str]:
    """Two replies (two sessions, each folded: the second one backs up the first one's
    shards), then journaled changes not folded yet."""
    rid = first_session(db)
    with ReviewStore(db) as s:
        rid2, _ = s.add_reply(make_reply("沪科提复〔2025〕57号", n=3))
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED, note="第二条")
        s.fold_all()
    s = ReviewStore(db)
    s.set_rating(rid2, "bob", 1, Rating.PARTIALLY_ADOPTED)
    s.set_note(rid, "alice", 3, "未完")
    crash(s)
    return rid, rid2


def refused_everywhere(capsys, db: Path, rid: str, must_name: str, problem: str, *, backup: bool = True,
                       at_open: bool = True) -> str:
    """Every way in is refused with one line naming the file; nothing on disk changes.
    `at_open=False`: damage that keeps a shard's size, refused by what reads it."""
    before = digest(db)
    for readonly in (False, True):
        with pytest.raises(CorruptError) as info, ReviewStore(db, readonly=readonly) as s:
            assert not at_open, "opened"
            s.suggestion_headings(rid)  # reads the reply's index shard
            s.progress("alice")  # reads every review shard
        message = str(info.value)
        assert must_name in message and problem in message and "\n" not in message, message
        assert "db restore" in message, message
        if backup:
            assert "newest good backup: " in message, message
    commands = [("--db", db, "db", "check")]
    if at_open or "/index/" in must_name:  # (a review shard whose tables the journal gives is not read)
        commands.append(("--db", db, "rate", rid, 1, "explained", "--reviewer", "alice"))
        commands.append(("--db", db, "export", "--reviewer", "alice", "-o", db.parent / "out.yaml"))
    if at_open or "/reviews/" in must_name:
        commands.append(("--db", db, "stats", "--format", "yaml"))
    if at_open:
        commands.append(("--db", db, "db", "backup"))
    for argv in commands:
        try:
            code, out, err = run_cli(capsys, *argv)
        except SystemExit as exc:  # a command whose options changed: not this test's business
            pytest.fail(f"{argv}: usage error {exc}")
        assert code == 1, (argv, out, err)
        lines = err.strip().splitlines()
        assert all(line.startswith("cppcc-review: error: ") for line in lines), (argv, err)
        # One line; `db check` lists every problem (a backup that shares the damaged shard, too).
        assert len(lines) == 1 or argv[3:5] == ("check",) or argv[2:4] == ("db", "check"), (argv, err)
        assert must_name in lines[0], (argv, err)
        assert digest(db) == before, argv
    assert not (db.parent / "out.yaml").exists()
    return message


# Damage of a TinyDB JSON file, by class of byte offset.
DAMAGE = {
    "empty": (lambda raw: b"", "empty"),
    "one-byte": (lambda raw: raw[:1], "not valid JSON"),
    "mid-json": (lambda raw: raw[: len(raw) // 2], "not valid"),  # JSON, or UTF-8 cut inside a character
    "last-bytes-missing": (lambda raw: raw[:-3], "not valid JSON"),
    "trailing-garbage": (lambda raw: raw + b"\x00\x00garbage", "not valid JSON"),
    "invalid-utf8": (lambda raw: raw[:5] + b"\xc3\x28" + raw[5:], "not valid UTF-8"),
    "zeros": (lambda raw: b"\x00" * len(raw), "not valid JSON"),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
@pytest.mark.parametrize("kind", ["index", "reviews"])
def test_damaged_shard_is_refused_by_every_command_and_restored(tmp_path, capsys, kind, damage):
    db = tmp_path / "db"
    rid, rid2 = build(db)
    with ReviewStore(db, readonly=True) as s:
        good_review = s.get_review(rid, "alice")
    target = shard(db, f"{kind}/{rid[:2]}")
    cut, problem = DAMAGE[damage]
    target.write_bytes(cut(target.read_bytes()))
    # A shard that did not change since the last backup is that backup's copy too (shared,
    # not copied): the message then says no good backup holds it.
    refused_everywhere(capsys, db, rid, str(target), problem, at_open=damage != "zeros", backup=kind == "reviews")

    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0, err
    source = f"{db / 'backups'}/backup-" if kind == "reviews" else "no backup and 1 reply text"
    assert f"restored {db / kind / rid[:2]} from {source}" in out, out
    assert list((db / "backups").glob(f"{kind}-{target.name}.damaged-*")), "the damaged copy is kept"
    with ReviewStore(db) as s:
        assert s.check()["ok"]
        review = s.get_review(rid, "alice")
        assert rid in s and rid2 in s and review == good_review
        # The backup holds the first session's shard; the history and the journal's whole
        # tables bring back the changes since.
        assert review.suggestions[0].rating is Rating.ADOPTED and review.suggestions[1].note == "第二条"
        assert review.suggestions[2].note == "未完"


SCHEMA_BREAKS = {
    "index": [
        (b"[]", "expected an object of tables"),
        (b'{"replies": []}', "not an object of documents"),
        (b'{"replies": {"1": "x"}}', "not an object"),
        (b'{"replies": {"1": {"title": "no id"}}}', "has no reply id"),
    ],
    "reviews": [
        (b'"text"', "expected an object of tables"),
        (b'{"r:abc": {"1": [1, 2]}}', "not an object"),
        (b"null", "expected an object of tables"),
    ],
}


@pytest.mark.parametrize(
    "kind, content, problem",
    [(n, c, p) for n, cases in SCHEMA_BREAKS.items() for c, p in cases],
)
def test_json_that_parses_but_breaks_the_schema_is_refused(tmp_path, capsys, kind, content, problem):
    db = tmp_path / "db"
    rid, _ = build(db)
    target = shard(db, f"{kind}/{rid[:2]}")
    target.write_bytes(content)
    refused_everywhere(capsys, db, rid, str(target), problem, backup=kind == "reviews")
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0, err
    with ReviewStore(db) as s:
        assert rid in s and s.check()["ok"]


@pytest.mark.parametrize(
    "content, problem",
    [(b"", "not a valid meta file"), (b'{"schema_version": "1"}', "not a valid meta file"),
     (b"\xff\xfe{}", "not a valid meta file"), (b'{"schema_version": 1', "not a valid meta file")],
    ids=["empty", "string-version", "utf16-bytes", "truncated"],
)
def test_damaged_meta_is_refused_and_rewritten_by_restore(tmp_path, capsys, content, problem):
    db = tmp_path / "db"
    rid, _ = build(db)
    (db / "meta.json").write_bytes(content)
    refused_everywhere(capsys, db, rid, str(db / "meta.json"), problem, backup=False)
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and f"restored {db / 'meta.json'}" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[2].note == "未完"


def test_missing_meta_beside_data_is_refused(tmp_path, capsys):
    db = tmp_path / "db"
    rid, _ = build(db)
    (db / "meta.json").unlink()
    refused_everywhere(capsys, db, rid, str(db / "meta.json"), "missing while the database has data")
    assert run_cli(capsys, "--db", db, "db", "restore")[0] == 0
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED


def test_damaged_shard_without_any_backup_says_so(tmp_path, capsys):
    db = tmp_path / "db"
    with ReviewStore(db) as s:  # one session: its shards, no backup of them yet
        rid, _ = s.add_reply(make_reply())
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        s.fold_all()
    target = shard(db, f"reviews/{rid[:2]}")
    target.write_bytes(b'{"r:')
    message = refused_everywhere(capsys, db, rid, str(target), "not valid JSON", backup=False)
    assert "no good backup exists" in message
    # The change history holds the rating: restore rebuilds the shard from it.
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and "1 later change from the change history" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
        assert s.check()["ok"]


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"text": ', b'{"text": "x"}', b"\xff\xfe\x00"],
    ids=["empty", "truncated", "wrong-schema", "invalid-utf8"],
)
def test_damaged_pack_of_texts_is_named_and_nothing_else_is_touched(tmp_path, capsys, damage):
    """Reply texts are not backed up (re-importing their documents rebuilds them): the
    database opens, `db check` names the file, reading that reply is refused, other
    replies work; a rating reads no text (the index says what it needs)."""
    db = tmp_path / "db"
    rid, rid2 = build(db)
    with ReviewStore(db, readonly=True) as s:
        pack = db / "replies" / s._summary_doc(rid)["pack"]
    pack.write_bytes(damage)
    before = digest(db)
    code, out, err = run_cli(capsys, "--db", db, "db", "check")
    assert code == 1 and str(pack) in err and "import its document again" in err
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 1, "explained", "--reviewer", "alice")
    assert code == 0, err
    with ReviewStore(db) as s:
        with pytest.raises(StoreError, match="import its document again"):
            s.get_reply(rid)
        assert s.get_review(rid2, "bob").suggestions[0].rating is Rating.PARTIALLY_ADOPTED
    assert {k: v for k, v in digest(db).items() if k.startswith(("replies", "index", "meta"))} == {
        k: v for k, v in before.items() if k.startswith(("replies", "index", "meta"))
    }
    code, out, err = run_cli(capsys, "--db", db, "rate", rid2, 2, "adopted", "--reviewer", "bob")
    assert code == 0, err
    # Re-importing the document repairs it (same id: the reviews are still attached).
    with ReviewStore(db) as s:
        assert s.add_reply(make_reply(n=4)) == (rid, "updated")
        assert s.check()["ok"]
        assert s.get_review(rid, "alice").suggestions[2].note == "未完"


def test_journal_cut_at_any_byte_opens_to_exactly_its_whole_lines(tmp_path):
    """Truncating the journal anywhere (a crash inside an append, a copy cut short) opens
    to the state after the last whole line: each line's changes are all there or none."""
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    s = ReviewStore(db)
    states = [s.get_review(rid, "alice")]
    for i in range(1, 5):
        s.set_rating(rid, "alice", i, Rating.ADOPTED, note=f"第{i}条")
        states.append(s.get_review(rid, "alice"))
    crash(s)
    journal = db / "reviews.journal"
    raw = journal.read_bytes()
    ends = [i + 1 for i, b in enumerate(raw) if b == ord("\n")]
    assert len(ends) == 5  # the line naming the journal, then one line per change
    header, ends = ends[0], ends[1:]
    rng = random.Random(5)
    offsets = {0, len(raw)} | {e + d for e in [header, *ends] for d in (-2, -1, 0, 1, 9, 10) if 0 <= e + d <= len(raw)}
    offsets |= {rng.randrange(len(raw)) for _ in range(40)}
    for offset in sorted(offsets):
        journal.write_bytes(raw[:offset])
        if offset < header:
            # The first line is written whole when the journal is made (atomically):
            # without it, this is not the database's journal - damage, not a torn append.
            with pytest.raises(CorruptError, match="reviews.journal"):
                ReviewStore(db, readonly=True)
            continue
        whole = sum(1 for e in ends if e <= offset)
        with ReviewStore(db, readonly=True) as r:
            assert r.get_review(rid, "alice") == states[whole], offset
    # A writer opening a cut journal keeps the torn tail aside and cuts it before its first append.
    journal.write_bytes(raw[: ends[1] + 7])
    with ReviewStore(db) as w:
        assert journal.stat().st_size == ends[1]
        [kept] = (db / "backups").glob("reviews.journal.torn-*")
        assert kept.read_bytes() == raw[ends[1] : ends[1] + 7]
        w.set_note(rid, "alice", 4, "after")
    with ReviewStore(db, readonly=True) as r:
        review = r.get_review(rid, "alice")
        assert review.suggestions[1].note == "第2条" and review.suggestions[2].rating is None
        assert review.suggestions[3].note == "after"


def test_journal_garbage_lines(tmp_path, capsys):
    """Garbage after the good lines: an unterminated last line is an unacknowledged append
    (dropped); a whole line that fails its checksum, last or followed by more lines, is
    damage (refused, then restored keeping every good line, before it and after it)."""
    db = tmp_path / "db"
    rid, _ = build(db)
    journal = db / "reviews.journal"
    raw = journal.read_bytes()
    for tail in (b"garbage", b"\x00" * 100):
        journal.write_bytes(raw + tail)
        with ReviewStore(db, readonly=True) as r:
            assert r.get_review(rid, "alice").suggestions[2].note == "未完"
    for tail in (b"garbage\n", b"\xff\xfe\n", b"garbage\n" + raw.splitlines(keepends=True)[-1]):
        journal.write_bytes(raw + tail)
        refused_everywhere(capsys, db, rid, str(journal), "is damaged")
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and "good lines kept" in out, (out, err)
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[2].note == "未完"


def test_restore_from_a_named_backup_through_the_cli(tmp_path, capsys):
    db = tmp_path / "db"
    rid, _ = build(db)
    backups = sorted((db / "backups").glob("backup-*.json"))
    assert backups
    code, out, err = run_cli(capsys, "--db", db, "db", "restore", "--from", backups[-1])
    assert code == 0, err
    assert f"restored {db / 'reviews'} from {backups[-1]}" in out
    with ReviewStore(db) as s:
        review = s.get_review(rid, "alice")
        assert review.suggestions[0].rating is Rating.ADOPTED and review.suggestions[1].rating is None
    # A damaged or foreign file is refused with one line, and nothing changes.
    bad = db / "backups" / "backup-bad.json"
    bad.write_bytes(b"{")
    before = digest(db)
    for source, words in ((bad, "damaged too"), (db / "meta.json", "not a backup"), (db / "nope.json", "no such backup")):
        code, out, err = run_cli(capsys, "--db", db, "db", "restore", "--from", source)
        assert code == 1 and words in err and len(err.strip().splitlines()) == 1, err
        assert digest(db) == before


def test_restore_of_a_good_database_changes_nothing(tmp_path, capsys):
    db = tmp_path / "db"
    build(db)
    before = digest(db)
    code, out, err = run_cli(capsys, "--db", db, "db", "restore")
    assert code == 0 and "nothing to restore" in out
    assert digest(db) == before


def test_cli_keeps_the_configured_number_of_backups(tmp_path, capsys, isolated_config):
    """A backup is a copy of a state's manifest (it keeps that state's shards); the command
    line keeps as many as the config's `backups` (as the app does)."""
    isolated_config.write_text("backups = 2\n", encoding="utf-8")
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
    for i, word in enumerate(["adopted", "explained", "partial", "clear", "adopted"]):
        code, out, err = run_cli(capsys, "--db", db, "rate", rid, i % 4 + 1, word, "--reviewer", "alice")
        assert code == 0, err
        code, out, err = run_cli(capsys, "--db", db, "db", "backup")
        assert code == 0 and out.count("wrote ") == 1
    assert len(list((db / "backups").glob("backup-*.json"))) == 2
    code, out, err = run_cli(capsys, "--db", db, "db", "check")
    assert code == 0 and "backups    2" in out, out
