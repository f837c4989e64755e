"""Drafts (ReviewStore.set_draft): what a reviewer is typing is on disk before it becomes
a change, survives a reopen (and a process that never closed the store), and is not a
change: no history, no undo, no new state, not exported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotFoundError
from cppcc_review.store.model import Assessment, Rating, ReviewState, Satisfaction
from cppcc_review.store.ratings.ratings_io import export_ratings

REPO = __import__("pathlib").Path(__file__).resolve().parent.parent


def first_id(db) -> str:
    with ReviewStore(db, readonly=True) as store:
        return store.summaries()[0].id


def test_a_note_draft_survives_a_reopen_and_is_not_a_change(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_rating(rid, "王", 1, Rating.ADOPTED)
        before = store.history(rid)
        review = store.set_draft(rid, "王", 2, "列了四项,只答了")
        assert review.note_drafts == {2: "列了四项,只答了"}
        assert review.suggestions[1].note == ""  # not the note yet
        assert store.history(rid) == before  # no change recorded
        assert store.undo("王").action == "rate"  # the rating, not the draft
        store.set_rating(rid, "王", 1, Rating.ADOPTED)
    with ReviewStore(seed_db, readonly=True) as store:
        review = store.get_review(rid, "王")
        assert review.note_drafts == {2: "列了四项,只答了"}
        assert review.suggestions[1].note == ""
        doc = export_ratings(store, reviewer="王")
        assert "列了四项" not in repr(doc)


def test_a_draft_on_an_untouched_reply_leaves_it_unreviewed(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_draft(rid, "王", 1, "先记一笔")
        assert store.progress("王")[rid].state == ReviewState.UNREVIEWED
        assert store.get_review(rid, "王").state == ReviewState.UNREVIEWED


def test_saving_the_note_drops_the_draft_in_the_same_change(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_draft(rid, "王", 2, "列了四项")
        review = store.set_note(rid, "王", 2, "列了四项,只答了三项")
        assert review.note_drafts == {} and review.suggestions[1].note == "列了四项,只答了三项"
        assert [c.action for c in store.history(rid)] == ["note"]
        store.undo("王")  # the note goes; no draft comes back
        assert store.get_review(rid, "王").note_drafts == {}
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "王").note_drafts == {}


def test_a_draft_equal_to_the_saved_text_is_dropped(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_note(rid, "王", 1, "原备注")
        store.set_draft(rid, "王", 1, "原备注,再加")
        assert store.set_draft(rid, "王", 1, "原备注").note_drafts == {}
        store.set_draft(rid, "王", 1, "改了")
        # saving the same note again still clears the draft (the editor went back to it)
        assert store.set_note(rid, "王", 1, "原备注").note_drafts == {}


def test_the_opinion_draft_and_the_assessment(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_assessment(rid, "王", Assessment(result=Satisfaction.SATISFIED))
        store.set_draft(rid, "王", "opinion", "希望加快进度")
    with ReviewStore(seed_db) as store:
        review = store.get_review(rid, "王")
        assert review.opinion_draft == "希望加快进度" and review.assessment.opinion == ""
        saved = store.set_assessment(rid, "王", Assessment(result=Satisfaction.SATISFIED, opinion="希望加快进度"))
        assert saved.opinion_draft is None and saved.assessment.opinion == "希望加快进度"


def test_drafts_are_refused_when_read_only_and_for_unknown_places(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        with pytest.raises(NotFoundError):
            store.set_draft(rid, "王", 9, "x")
        with pytest.raises(NotFoundError):
            store.set_draft("nope", "王", "opinion", "x")
    with ReviewStore(seed_db, readonly=True) as store, pytest.raises(Exception):
        store.set_draft(rid, "王", 1, "x")


def test_a_draft_survives_a_kill(seed_db):
    """The draft is in the fsynced journal when set_draft returns: a SIGKILL after it keeps it."""
    rid = first_id(seed_db)
    code = (
        "import os, signal, sys\n"
        "from cppcc_review.store.db import ReviewStore\n"
        f"store = ReviewStore({str(seed_db)!r})\n"
        f"store.set_draft({rid!r}, '王', 3, '打到一半')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=60)
    assert done.returncode == -9
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "王").note_drafts == {3: "打到一半"}
