"""Every file of a small database, damaged: one bit flipped, or deleted (issue 14 #4, #5).

The database (build()) has every kind of file a real one has: meta.json, manifest.json,
index, 文号, summary, review and history shards, a journal with changes not folded yet,
packs of reply texts (one holding an earlier text of a re-imported reply), and backups.

Bit flips: in every file, a deterministic sample of bits (the first and last bytes and
FLIPS_PER_FILE more; CPPCC_SWEEP_ALL_BYTES=1 flips one bit of every byte instead). For
each flip, what a user would see is compared with the original (a read-only open: every
reply, review and history entry), and `db check` runs. A flip must be refused at open or
reported by `db check`; a changed view that nobody reports is a *silent change*, and any
exception other than the store's one-line errors is a *traceback*: both must be 0.
Then a writer opens the damaged copy and closes it (the next session): it must refuse, or
leave the view as it was.

Deletions: each file deleted in turn; the deletion must be refused at open or reported by
`db check`, then `db restore` must bring back a database that opens, checks clean, and
holds every review (the documented exceptions: a deleted journal's changes, history
entries folded after the newest backup of their shard; a pack of texts comes back by
importing its documents again).

Run with `-s` to see the counts.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore, check_database
from cppcc_review.store.errors import StoreError
from cppcc_review.store.model import Assessment, Rating, Satisfaction
from tests.helpers.replies import crash, make_reply


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh; db, check and the store's refusals since fixl), so they run it
    in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

FLIPS_PER_FILE = 14




REPLIES = [make_reply(n=4), make_reply("沪科提复〔2025〕57号", n=3), make_reply("沪科提复〔2025〕58号", n=2)]


def build(db: Path) -> None:
    with ReviewStore(db) as s:
        a, b, c = (rid for rid, _ in s.add_replies(REPLIES))
        s.set_rating(a, "alice", 1, Rating.ADOPTED, note="第一条")
        s.set_rating(b, "鲍勃", 2, Rating.EXPLAINED)
        s.fold_all()
    with ReviewStore(db) as s:
        s.set_assessment(a, "alice", Assessment(result=Satisfaction.SATISFIED, opinion="好"))
        s.merge_suggestion(b, "鲍勃", 1)
        s.add_reply(make_reply("沪科提复〔2025〕58号", n=2, variant="修订"))  # its earlier text stays in the first pack
        s.fold_all()
    with ReviewStore(db) as s:
        s.set_rating(c, "alice", 2, Rating.PARTIALLY_ADOPTED)
        s.backup()
    s = ReviewStore(db)
    s.set_note(a, "alice", 3, "未完")
    s.set_rating(b, "alice", 1, Rating.ADOPTED)
    crash(s)  # these two changes are only in the journal


def view(db: Path) -> dict:
    """What a user can see of the database (read-only)."""
    with ReviewStore(db, readonly=True) as r:
        out = {}
        for summary in sorted(r.summaries(), key=lambda x: x.id):
            rid = summary.id
            out[rid] = {
                "summary": summary,
                "reply": r.get_reply(rid).to_dict(),
                "reviews": r.reviews_of(rid),
                "history": r.history(rid),
            }
        return out


def files_of(db: Path) -> list[str]:
    return sorted(str(p.relative_to(db)) for p in db.rglob("*") if p.is_file() and p.name != "lock")


def positions(name: str, size: int) -> list[tuple[int, int]]:
    """(byte, bit) pairs to flip in a file of `size` bytes."""
    rng = random.Random(name)
    if os.environ.get("CPPCC_SWEEP_ALL_BYTES"):
        return [(i, rng.randrange(8)) for i in range(size)]
    picks = {0, 1, size - 2, size - 1} | {rng.randrange(size) for _ in range(FLIPS_PER_FILE)}
    return sorted((i, rng.randrange(8)) for i in picks if 0 <= i < size)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("sweep") / "db"
    build(db)
    return db, view(db)


@pytest.mark.slow
def test_a_bit_flipped_anywhere_is_refused_or_reported_never_silent(pristine, tmp_path):
    db0, original = pristine
    counts = {"flips": 0, "refused": 0, "reported": 0, "unchanged": 0, "silent": 0, "tracebacks": 0,
              "next session refused": 0, "next session kept": 0}
    silent: list[str] = []
    work = tmp_path / "db"
    shutil.copytree(db0, work)
    for rel in files_of(db0):
        path = work / rel
        raw = path.read_bytes()
        for byte, bit in positions(rel, len(raw)):
            damaged = bytearray(raw)
            damaged[byte] ^= 1 << bit
            path.write_bytes(bytes(damaged))
            counts["flips"] += 1
            where = f"{rel} byte {byte} bit {bit}"
            try:
                try:
                    seen = view(work)
                except StoreError as exc:
                    assert "\n" not in str(exc), where
                    counts["refused"] += 1
                else:
                    report = check_database(work)
                    if not report["ok"] or report.get("notes"):
                        counts["reported"] += 1
                    elif seen != original:
                        counts["silent"] += 1
                        silent.append(where)
                    else:
                        counts["unchanged"] += 1
                        silent.append(where + " (unchanged, unreported)")
                # The next session on the damaged copy: refused, or the view is as it was.
                session = tmp_path / "session"
                shutil.copytree(work, session)
                try:
                    ReviewStore(session).close()
                except StoreError:
                    counts["next session refused"] += 1
                else:
                    try:
                        after = view(session)
                    except StoreError:
                        after = None
                    if after is not None and after != original and check_database(session)["ok"]:
                        counts["silent"] += 1
                        silent.append(where + " (after the next session)")
                    else:
                        counts["next session kept"] += 1
                shutil.rmtree(session)
            except Exception as exc:  # a traceback is a finding, counted and shown
                counts["tracebacks"] += 1
                silent.append(f"{where}: {type(exc).__name__}: {exc}")
            path.write_bytes(raw)
        if os.environ.get("CPPCC_SWEEP_ALL_BYTES"):  # a long run: say how far it got
            print(f"\n{rel}: {counts}", flush=True)
    print(f"\nbit-flip sweep: {counts}")
    assert counts["silent"] == 0 and counts["tracebacks"] == 0, silent[:10]
    assert counts["unchanged"] == 0, ("every file carries a checksum that `db check` verifies", silent[:10])
    assert counts["flips"] >= 200


@pytest.mark.slow
def test_a_deleted_file_is_refused_or_reported_and_restore_brings_the_reviews_back(pristine, tmp_path, capsys):
    from tests.helpers.cli import run_cli

    db0, original = pristine
    counts = {"files": 0, "refused": 0, "reported": 0, "restored whole": 0, "restored, loss named": 0,
              "re-imported": 0}  # any exception fails the test
    # The folder is the list of backups (each names the ones kept beside it): the newest
    # backup deleted leaves no trace, and loses nothing of the database.
    newest = backups.list_manifests(db0)[0].relative_to(db0).as_posix()
    for rel in files_of(db0):
        work = tmp_path / rel.replace("/", "_")
        shutil.copytree(db0, work)
        (work / rel).unlink()
        counts["files"] += 1
        try:
            view(work)
        except StoreError:
            counts["refused"] += 1
        else:
            report = check_database(work)
            assert not report["ok"] or report.get("notes") or rel == newest, f"deleting {rel} went unnoticed"
            counts["reported"] += 1
        code, out, err = run_cli(capsys, "--db", work, "db", "restore")
        assert code == 0, (rel, err)
        affected = set()
        if rel.startswith("replies/"):
            with ReviewStore(work) as s:  # the fix the message names: import the documents again
                todo = [r for r in REPLIES if s._summary_doc(s.resolve(r.doc_no)).get("pack") == rel[8:]]
                affected = {s.resolve(r.doc_no) for r in todo}
                s.add_replies(todo)
            counts["re-imported"] += 1
        report = check_database(work)
        assert report["ok"], (rel, report["problems"])
        seen = view(work)
        assert set(seen) == set(original), rel
        if rel == "reviews.journal":
            # the loss is named: since the last compaction, or (when a backup carries the
            # journal's lines, brought back from there) since that backup
            assert ("changes since the last compaction are lost" in out
                    or "the changes made after that backup are lost" in out), out
            counts["restored, loss named"] += 1
        elif rel.startswith("changes/"):
            lost = False
            for rid in original:
                assert seen[rid]["reviews"] == original[rid]["reviews"], rel
                kept = {c.seq for c in seen[rid]["history"]}
                assert kept <= {c.seq for c in original[rid]["history"]}, rel
                lost = lost or kept != {c.seq for c in original[rid]["history"]}
            if lost:  # the live history shard: entries folded after its newest backup are lost
                assert "history entries" in out, out
                counts["restored, loss named"] += 1
            else:  # a copy only a backup kept: that backup is set aside
                counts["restored whole"] += 1
        else:
            for rid in original:
                if rid in affected:
                    continue  # re-imported: the text of its document as it is now
                assert seen[rid] == original[rid], (rel, rid)
            counts["restored whole"] += 1
        shutil.rmtree(work)
    print(f"\ndelete sweep: {counts}")
    assert counts["files"] >= 15
