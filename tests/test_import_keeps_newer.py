"""`import-ratings` never replaces or deletes work newer than what the file holds (QA 113,
problem 2): importing one's own older export had deleted a rating and note made after it
("(1 changes)", and --dry-run warned of nothing); a reviewer who imported the lead's
earlier --all-reviewers export lost a newer rating, note and completed assessment. What is
kept is said in one line, by --dry-run too; a newer file still applies, in whatever order
the files come. Real databases on disk, the command line as a user types it. Each test
failed before the fix."""

from __future__ import annotations

import shutil
import time

import pytest
import yaml

from cppcc_review.store.clock import now_iso
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


DOC = "沪科提复〔2025〕56号"


def _review(db, reviewer):
    with ReviewStore(db, readonly=True) as store:
        return store.get_review(store.summaries()[0].id, reviewer)


def _assess(db, reviewer, opinion):
    with ReviewStore(db) as store:
        rid = store.summaries()[0].id
        store.set_assessment(rid, reviewer, Assessment(
            result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, communication=Communication.PHONE,
            relevance=Relevance.TARGETED, opinion=opinion, completed_at=now_iso(),
        ))


def _rate(capsys, db, reviewer, index, rating, *note):
    code, _out, err = run_cli(capsys, "rate", DOC, str(index), rating, *note, "--reviewer", reviewer, "--db", db)
    assert code == 0, err


def test_importing_ones_own_older_export_keeps_what_was_done_since(seed_db, tmp_path, capsys):
    _rate(capsys, seed_db, "王", 1, "adopted")
    old = tmp_path / "old.yaml"
    assert run_cli(capsys, "export", "--reviewer", "王", "--db", seed_db, "-o", old)[0] == 0
    _rate(capsys, seed_db, "王", 2, "explained", "--note", "later work")
    _rate(capsys, seed_db, "王", 1, "partially_adopted")  # a rating the file holds, changed since
    before = (seed_db / "reviews.journal").read_bytes()

    code, out, _err = run_cli(capsys, "import-ratings", old, "--dry-run", "--db", seed_db)
    assert code == 0
    assert f"{old}: would keep 2 newer ratings and 1 newer note of 王 that the file predates" in out
    assert (seed_db / "reviews.journal").read_bytes() == before

    code, out, _err = run_cli(capsys, "import-ratings", old, "--db", seed_db)
    assert code == 0 and "0 changes" in out
    assert f"{old}: kept 2 newer ratings and 1 newer note of 王 that the file predates" in out
    review = _review(seed_db, "王")
    assert review.suggestions[0].rating == Rating.PARTIALLY_ADOPTED
    assert (review.suggestions[1].rating, review.suggestions[1].note) == (Rating.EXPLAINED, "later work")


def test_a_leads_earlier_export_does_not_undo_a_reviewers_later_work(seed_db, tmp_path, capsys):
    mine, lead = seed_db, tmp_path / "lead-db"
    shutil.copytree(seed_db, lead)
    _rate(capsys, mine, "甲", 1, "adopted")
    jia = tmp_path / "甲.yaml"
    assert run_cli(capsys, "export", "--reviewer", "甲", "--db", mine, "-o", jia)[0] == 0
    assert run_cli(capsys, "import-ratings", jia, "--db", lead)[0] == 0
    _rate(capsys, lead, "乙", 1, "explained", "--note", "乙's view")
    everyone = tmp_path / "all.yaml"
    assert run_cli(capsys, "export", "--all-reviewers", "--db", lead, "-o", everyone)[0] == 0
    # 甲 works on after the lead's export: a new rating with a note, the assessment completed.
    _rate(capsys, mine, "甲", 2, "partially_adopted", "--note", "列了四项")
    _assess(mine, "甲", "希望明确时间表")

    code, out, _err = run_cli(capsys, "import-ratings", everyone, "--db", mine)
    assert code == 0
    assert out.count("kept") == 1
    assert "kept 1 newer rating, 1 newer note and 1 newer assessment of 甲 that the file predates" in out
    review = _review(mine, "甲")
    assert (review.suggestions[1].rating, review.suggestions[1].note) == (Rating.PARTIALLY_ADOPTED, "列了四项")
    assert review.assessment.complete and review.assessment.opinion == "希望明确时间表"
    assert _review(mine, "乙").suggestions[0].note == "乙's view"  # the file's other reviewer came in


def test_files_imported_out_of_order_leave_the_newer_work(seed_db, tmp_path, capsys):
    mine, lead = seed_db, tmp_path / "lead-db"
    shutil.copytree(seed_db, lead)
    _rate(capsys, mine, "甲", 1, "adopted")
    _assess(mine, "甲", "第一稿")
    first = tmp_path / "甲-1.yaml"
    assert run_cli(capsys, "export", "--reviewer", "甲", "--db", mine, "-o", first)[0] == 0
    time.sleep(1.1)  # (times are kept to the second)
    _rate(capsys, mine, "甲", 1, "explained")
    _assess(mine, "甲", "第二稿")
    second = tmp_path / "甲-2.yaml"
    assert run_cli(capsys, "export", "--reviewer", "甲", "--db", mine, "-o", second)[0] == 0
    time.sleep(1.1)
    # The lead imports the first file only after the second was written, then the second:
    # the second is newer, though its export is older than the first import.
    assert run_cli(capsys, "import-ratings", first, "--db", lead)[0] == 0
    code, out, _err = run_cli(capsys, "import-ratings", second, "--db", lead)
    assert code == 0 and "kept" not in out and "2 changes" in out
    review = _review(lead, "甲")
    assert review.suggestions[0].rating == Rating.EXPLAINED and review.assessment.opinion == "第二稿"
    # ... and the first file, given again, now changes nothing and says what it keeps.
    code, out, _err = run_cli(capsys, "import-ratings", first, "--db", lead)
    assert code == 0 and "0 changes" in out
    assert "kept 1 newer rating and 1 newer assessment of 甲 that the file predates" in out
    review = _review(lead, "甲")
    assert review.suggestions[0].rating == Rating.EXPLAINED and review.assessment.opinion == "第二稿"
    exported = yaml.safe_load(second.read_text(encoding="utf-8"))["replies"][0]
    assert review.suggestions[0].time == exported["suggestions"][0]["time"]  # the file's time, kept


def test_a_rating_and_a_note_cleared_since_the_export_stay_cleared(seed_db, tmp_path, capsys):
    """A cleared rating leaves no record to carry a time: importing one's older export put the
    cleared rating back, silently (the history says when it was cleared)."""
    _rate(capsys, seed_db, "王", 1, "adopted")
    _rate(capsys, seed_db, "王", 2, "explained", "--note", "先写的备注")
    _rate(capsys, seed_db, "王", 3, "adopted")
    old = tmp_path / "old.yaml"
    assert run_cli(capsys, "export", "--reviewer", "王", "--db", seed_db, "-o", old)[0] == 0
    time.sleep(1.1)  # the export's second is over: what follows is after it whichever way it is read
    _rate(capsys, seed_db, "王", 1, "clear")
    _rate(capsys, seed_db, "王", 2, "clear", "--note", "")

    code, out, _err = run_cli(capsys, "import-ratings", old, "--db", seed_db)
    assert code == 0
    assert f"{old}: kept 2 newer ratings and 1 newer note of 王 that the file predates" in out
    review = _review(seed_db, "王")
    assert [(s.rating, s.note) for s in review.suggestions[:3]] == [
        (None, ""), (None, ""), (Rating.ADOPTED, "")]
