"""A mark on an existing review is written before memory changes (review_commit's line-first
path): what the reviewer sees - the review, the history, undo, progress - is the same as
the in-place path gave, after a reopen too, and a mark the disk refused leaves all of it
as it was."""

from __future__ import annotations

import errno

import pytest

from cppcc_review.store import journal as journal_mod
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotSavedError
from cppcc_review.store.model import Assessment, Rating, ReviewState, Satisfaction
from tests.helpers.replies import crash, make_reply


def _seen(store: ReviewStore, rid: str) -> tuple:
    """What the reviewer can see of reply `rid`: the review, its history, progress."""
    review = store.get_review(rid, "alice")
    history = [(c.seq, c.action, c.index, c.before, c.after) for c in store.history(rid)]
    progress = store.progress_of("alice", rid)
    return review, history, progress, store.progress("alice")[rid]


def test_marks_notes_assessment_undo_redo_read_back_the_same_after_a_reopen(tmp_path):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid, _ = s.add_reply(make_reply(n=4))
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)  # the review is made (the in-place path)
    s.set_rating(rid, "alice", 2, Rating.EXPLAINED)  # the rest take the line-first path
    s.set_rating(rid, "alice", 2, Rating.PARTIALLY_ADOPTED, note="部分")
    s.set_note(rid, "alice", 1, "全部采纳")
    s.set_rating(rid, "alice", 3, Rating.ADOPTED, hint_accepted=True)
    s.set_assessment(rid, "alice", Assessment(result=Satisfaction.SATISFIED))
    s.set_rating(rid, "alice", 4, Rating.EXPLAINED)
    assert s.undo("alice").action == "rate"  # 4 unrated again
    assert s.undo("alice").action == "assess"
    assert s.redo("alice").action == "assess"
    s.set_rating(rid, "alice", 3, None)  # cleared

    review, history, progress, listed = _seen(s, rid)
    assert [x.rating for x in review.suggestions] == [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, None, None]
    assert [x.note for x in review.suggestions] == ["全部采纳", "部分", "", ""]
    assert review.assessment.result is Satisfaction.SATISFIED
    assert [h[1] for h in history] == ["rate", "rate", "rate", "note", "rate", "assess", "rate", "undo", "undo",
                                       "redo", "rate"]
    assert [h[0] for h in history] == sorted(h[0] for h in history) and len({h[0] for h in history}) == len(history)
    assert progress == listed and progress.rated == 2 and progress.total == 4
    assert progress.state is not ReviewState.DONE
    crash(s)  # no close: what is on disk is the journal's lines
    with ReviewStore(db) as again:
        assert _seen(again, rid) == (review, history, progress, listed)


def test_a_mark_the_disk_refuses_leaves_review_history_undo_and_progress_as_they_were(tmp_path, monkeypatch):
    db = tmp_path / "db"
    s = ReviewStore(db)
    rid, _ = s.add_reply(make_reply(n=4))
    s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    s.set_rating(rid, "alice", 2, Rating.EXPLAINED)
    before = _seen(s, rid)
    journal = (db / "reviews.journal").read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_mod.os, "write", full)
    with pytest.raises(NotSavedError):
        s.set_rating(rid, "alice", 3, Rating.ADOPTED)
    with pytest.raises(NotSavedError):
        s.set_rating(rid, "alice", 2, Rating.ADOPTED)  # a change of a rating that is there
    monkeypatch.undo()
    assert (db / "reviews.journal").read_bytes() == journal
    assert _seen(s, rid) == before
    # undo takes back the last mark that was saved, not the refused ones
    change = s.undo("alice")
    assert change is not None and change.index == 2
    assert [x.rating for x in s.get_review(rid, "alice").suggestions] == [Rating.ADOPTED, None, None, None]
    # and the next mark lands, with the next number in the history
    s.set_rating(rid, "alice", 4, Rating.PARTIALLY_ADOPTED)
    seen = _seen(s, rid)
    assert [h[1] for h in seen[1]] == ["rate", "rate", "undo", "rate"]
    assert seen[2].rated == 2
    crash(s)
    with ReviewStore(db) as again:
        assert _seen(again, rid) == seen
