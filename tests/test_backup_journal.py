"""A `db backup` that keeps the journal's unfolded lines beside the manifest copy
(cppcc_review.store.backups.encode_backup) instead of folding first (issue 16): restoring
it gives back exactly the reviewed state at that backup, whatever was folded since; the
older form (a fold, then the manifest copy) restores the same way; a damaged or cut
backup of the new form is refused with one line naming it and nothing changes; `db check`
finds the damage."""

from __future__ import annotations

import os

import pytest

import cppcc_review.store.maintenance as maintenance
from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import CorruptError
from cppcc_review.store.model import Assessment, Rating, Satisfaction
from tests.helpers.cli import run_cli
from tests.helpers.files import digest
from tests.test_tui import make_reply


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh; db, check and the store's refusals since fixl), so they run it
    in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

RATINGS = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED, None]


def _replies(n: int):
    return [make_reply(f"沪科提复〔2025〕{k}号", f"关于第{k}件事的提案", "市科委",
                       [(f"一、关于甲{k}", "我们将研究。"), (f"二、关于乙{k}", "已经采纳。"), (f"三、关于丙{k}", "正在办理。")])
            for k in range(1, n + 1)]


def _state(store: ReviewStore, ids: list[str]) -> dict:
    """Every rating, note and assessment of every reviewer, reply by reply."""
    out = {}
    for rid in ids:
        for reviewer in ("alice", "bob"):
            review = store.get_review(rid, reviewer)
            out[(rid, reviewer)] = ([(s.rating, s.note) for s in review.suggestions], review.assessment)
    return out


def _mark(store: ReviewStore, ids: list[str], round_: int) -> None:
    for k, rid in enumerate(ids):
        if (k + round_) % 3 == 0:
            continue
        reviewer = "alice" if k % 2 else "bob"
        store.set_rating(rid, reviewer, 1 + (k + round_) % 3, RATINGS[(k * 7 + round_) % 4],
                         note=f"第{round_}轮的意见{k}" if k % 4 == 0 else None)
        if k % 5 == round_ % 5:
            store.set_assessment(rid, reviewer, Assessment(result=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED][round_ % 2],
                                                           opinion=f"评价{round_}"))


def _build(db, n=24) -> tuple[ReviewStore, list[str]]:
    store = ReviewStore(db, backups=10)
    ids = [rid for rid, _ in store.add_replies(_replies(n))]
    _mark(store, ids, 0)
    return store, ids


def test_a_backup_keeps_the_unfolded_journal_and_restores_exactly(tmp_path):
    db = tmp_path / "db"
    store, ids = _build(db)
    shards_before = dict(store._folder.manifest.shards)
    [made] = store.backup()
    backup, journal = backups.load_backup(made)
    assert journal is not None and journal.count(b"\n") > 10  # the journal's lines, kept as they were
    assert backup.shards == shards_before  # no fold: the state's shards as they are
    kept = _state(store, ids)
    history = {rid: len(store.history(rid)) for rid in ids}
    for round_ in (1, 2):  # more marks; then everything folded and a new journal started
        _mark(store, ids, round_)
    store.fold_all()
    _mark(store, ids, 3)
    assert _state(store, ids) != kept
    after = {rid: len(store.history(rid)) for rid in ids}
    store.close()
    ReviewStore.restore(db, made)
    with ReviewStore(db) as again:
        assert _state(again, ids) == kept
        # the history stays as it was (every change, the ones after the backup too)
        assert {rid: len(again.history(rid)) for rid in ids} == after
        assert all(after[rid] >= history[rid] for rid in ids)
        assert again.check()["problems"] == []
        again.set_rating(ids[0], "carol", 1, Rating.ADOPTED)  # and it keeps working
    with ReviewStore(db, readonly=True) as again:
        assert again.get_review(ids[0], "carol").suggestions[0].rating is Rating.ADOPTED


def test_a_backup_taken_while_the_journal_is_partly_folded_restores_exactly(tmp_path):
    db = tmp_path / "db"
    store, ids = _build(db, n=40)
    dirty = store._jstore.dirty_parts(store._folder.manifest.folded)
    assert len(dirty) > 4
    store._fold(dirty[:3])  # some prefixes folded, the journal not started again
    marks = dict(store._folder.manifest.folded)
    assert marks and store._jstore.journal_lines
    _mark(store, ids, 1)  # lines past the marks, for folded and unfolded prefixes
    [made] = store.backup()
    backup, journal = backups.load_backup(made)
    assert journal is not None and backup.folded == marks
    kept = _state(store, ids)
    _mark(store, ids, 2)
    store.fold_all()
    _mark(store, ids, 4)
    store.close()
    ReviewStore.restore(db, made)
    with ReviewStore(db) as again:
        assert _state(again, ids) == kept
        assert again.check()["problems"] == []


def test_a_backup_of_the_older_form_restores_exactly(tmp_path, monkeypatch):
    db = tmp_path / "db"
    store, ids = _build(db)
    monkeypatch.setattr(maintenance, "BACKUP_JOURNAL_MAX", 0)  # fold first, as main did
    monkeypatch.setattr(maintenance, "BACKUP_JOURNAL_MIN", 0)
    [made] = store.backup()
    assert backups.load_backup(made)[1] is None
    assert store._jstore.journal_lines == 0
    kept = _state(store, ids)
    monkeypatch.undo()
    _mark(store, ids, 1)
    [newer] = store.backup()  # the newer form beside it
    assert backups.load_backup(newer)[1] is not None
    newer_state = _state(store, ids)
    _mark(store, ids, 2)
    store.close()
    ReviewStore.restore(db, made)
    with ReviewStore(db) as again:
        assert _state(again, ids) == kept
    ReviewStore.restore(db, newer)
    with ReviewStore(db) as again:
        assert _state(again, ids) == newer_state


def _damaged_copies(raw: bytes) -> dict[str, bytes]:
    """A backup (v3: a header line naming the state's manifest, the journal, a checksum line) damaged or cut."""
    end = raw.index(b"\n") + 1
    flipped = bytearray(raw)
    flipped[end + (len(raw) - end) // 2] ^= 0x01
    last = bytearray(raw)
    last[-3] ^= 0x01
    return {
        "empty": b"",
        "cut in its header": raw[: end // 2],
        "cut where its header ends": raw[:end],
        "a bit flipped in its checksum line": bytes(last),
        "cut in its journal": raw[: end + (len(raw) - end) // 2],
        "cut by its last byte": raw[:-1],
        "a bit flipped in its journal": bytes(flipped),
        "bytes added": raw + b"0badc0de {}\n",
    }


def test_a_damaged_backup_of_the_new_form_is_refused_and_nothing_changes(tmp_path, capsys):
    db = tmp_path / "db"
    store, ids = _build(db)
    [made] = store.backup()
    _mark(store, ids, 1)
    store.close()
    raw = made.read_bytes()
    assert backups.load_backup(made, raw)[1] is not None
    for what, bad in _damaged_copies(raw).items():
        # as a file outside the database (no listed checksum to compare with) ...
        outside = tmp_path / f"backup-{what.replace(' ', '_')}.json"
        outside.write_bytes(bad)
        before = digest(db)
        with pytest.raises(CorruptError) as caught:
            ReviewStore.restore(db, outside)
        assert str(outside) in str(caught.value) and "\n" not in str(caught.value), what
        code, out, err = run_cli(capsys, "--db", db, "db", "restore", "--from", outside)
        assert code == 1 and str(outside) in err and len(err.strip().splitlines()) == 1, (what, err)
        assert digest(db) == before, what
        # ... and in place of the database's own backup: `db check` names it
        made.write_bytes(bad)
        with ReviewStore(db, readonly=True) as r:
            report = r.check()
        # (the newest backup, named by no later one: a backup cut short by a power cut looks
        # the same - reported as not a backup, a note)
        assert any(str(made) in p for p in report["problems"] + report["notes"]), (what, report)
        assert str(made) not in report["backups"]
        made.write_bytes(raw)
    with ReviewStore(db, readonly=True) as r:
        assert r.check()["problems"] == []


def test_the_reader_says_what_is_wrong(tmp_path):
    db = tmp_path / "db"
    store, _ids = _build(db)
    [made] = store.backup()
    store.close()
    raw = made.read_bytes()
    for what, bad in _damaged_copies(raw).items():
        with pytest.raises(backups.Problem) as caught:
            backups.load_backup(made, bad)
        assert str(caught.value), what
    with pytest.raises(backups.Torn, match="cut short"):
        backups.load_backup(made, raw[: raw.index(b"\n") + 1])
    with pytest.raises(backups.Reused, match="names"):  # another backup's bytes (a file being written over)
        backups.load_backup(made.with_name("backup-20990101-000000-000000.json"), raw)
    link = made.parent / backups.link_of(raw)
    link.rename(link.with_name("aside"))
    with pytest.raises(backups.Problem, match="missing"):  # the manifest it names gone
        backups.load_backup(made, raw)


def _shard_files(db) -> set[str]:
    return {f"{kind}/{name}" for kind in ("index", "names", "reviews", "changes", "summary")
            if (db / kind).is_dir() for name in os.listdir(db / kind)}


def test_the_files_only_dropped_backups_named_go_with_them(tmp_path):
    db = tmp_path / "db"
    store, ids = _build(db)
    store.keep_backups = 2
    named_by = {}
    for round_ in range(1, 5):  # each round folds (new shard files) and keeps a backup of the state
        _mark(store, ids, round_)
        store.fold_all()
        _mark(store, ids, round_ + 10)
        [made] = store.backup()
        named_by[made.name] = set(store._folder._pinned_by(made.name))
    listed = {p.name for p in backups.list_manifests(db)}  # (the folder is the list of backups)
    assert len(listed) == 2 and listed <= set(named_by)
    live = {f for f in store._folder._names_of(store._folder.manifest.shards)}
    kept = live.union(*(named_by[name] for name in listed))
    only_dropped = set().union(*(files for name, files in named_by.items() if name not in listed)) - kept
    assert only_dropped  # (the rounds made some)
    on_disk = _shard_files(db)
    assert kept <= on_disk
    # Each round's fold removed what the backups dropped before it alone named; the last
    # backup's drop waits for the next commit (an unlink is not on the backup's way).
    links = {p.name for p in backups.list_links(db)}
    named_links = {backups.link_of(p.read_bytes()) for p in backups.list_manifests(db)}
    assert named_links <= links and len(links - named_links) == 1
    _mark(store, ids, 30)
    store.fold_all()
    on_disk = _shard_files(db)
    assert not only_dropped & on_disk  # gone, without a pass over the folders
    assert set().union(*(named_by[name] for name in listed)) <= on_disk
    assert {p.name for p in backups.list_links(db)} == named_links  # the dropped backups' manifest link gone
    assert store.check()["problems"] == []
    store.close()


def test_a_lost_or_damaged_journal_comes_back_from_the_backup_that_carries_it(tmp_path, capsys):
    """The journal's lines a backup carries are not in any shard (no fold): when the journal
    is deleted, damaged or cut, `db restore` brings them back from the backup."""
    db = tmp_path / "db"
    store, ids = _build(db)
    [made] = store.backup()
    at_backup = _state(store, ids)
    _mark(store, ids, 1)
    latest = _state(store, ids)
    store.close()
    journal = db / "reviews.journal"
    raw = journal.read_bytes()
    copied = len(backups.load_backup(made)[1])
    pristine = tmp_path / "pristine"
    import shutil

    shutil.copytree(db, pristine)

    def again(damage, words, expected):
        shutil.rmtree(db)
        shutil.copytree(pristine, db)
        damage()
        code, out, err = run_cli(capsys, "--db", db, "db", "restore")
        assert code == 0 and words in out and str(made) in out, (out, err)
        with ReviewStore(db) as s:
            assert _state(s, ids) == expected
            assert s.check()["problems"] == []

    # deleted: the changes up to the backup come back, the later ones are named as lost
    again(lambda: journal.unlink(), "the changes made after that backup are lost", at_backup)
    # one line damaged inside what the backup holds: every change comes back
    line_starts = [i + 1 for i, b in enumerate(raw[:copied - 1]) if b == 0x0A]
    middle = line_starts[len(line_starts) // 2] + 20
    flipped = bytearray(raw)
    flipped[middle] ^= 0x04
    again(lambda: journal.write_bytes(bytes(flipped)), "rebuilt from", latest)
    # cut inside what the backup holds (at a line's end: it looks whole)
    again(lambda: journal.write_bytes(raw[: line_starts[len(line_starts) // 2]]), "cut short", at_backup)


def test_a_journal_changed_on_disk_since_it_was_read_is_not_copied(tmp_path):
    """The backup carries the journal's lines the store read and wrote (each checked when
    read, fsynced when written), not the file's bytes as they are now: a journal damaged
    on disk meanwhile is not copied; the backup holds the good lines, and `db restore`
    brings them back from it."""
    db = tmp_path / "db"
    store, ids = _build(db)
    kept = _state(store, ids)
    journal = db / "reviews.journal"
    good = journal.read_bytes()
    raw = bytearray(good)
    raw[len(raw) // 2] ^= 0x01
    journal.write_bytes(bytes(raw))
    [made] = store.backup()
    assert backups.load_backup(made)[1] == good
    store.close()
    with pytest.raises(CorruptError, match="db restore"):
        ReviewStore(db)
    ReviewStore.restore(db)
    with ReviewStore(db) as again:
        assert _state(again, ids) == kept
        assert again.check()["problems"] == []
