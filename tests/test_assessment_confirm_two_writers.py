"""Confirming the assessment while another writer holds the same database (the assessment task).

The app checks the required choices and asks about gaps before it confirms, but another writer
(a second app, import-ratings) can change the stored assessment between that check and the
confirmation's write. The store's confirmation (merge_assessment confirm=True) now decides under
its write lock against what is on disk: a required choice cleared elsewhere, or a confirmation
made elsewhere with other choices, is refused (AssessmentRefused with a code) and nothing is
stored. An undo in the form (keep_theirs) leaves a choice another writer changed since as theirs.
Two ReviewStore instances on one database on disk, as two processes."""

from __future__ import annotations

import pytest

from cppcc_review.store.assessment_merge import AssessmentRefused
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Relevance, Satisfaction
from tests.test_assessment_two_writers import first_id, on_disk

S, B, U = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED
T = Relevance.TARGETED
AT_TEN, AT_ELEVEN = "2026-12-04T10:00:00+08:00", "2026-12-04T11:00:00+08:00"


def history_length(db, rid) -> int:
    with ReviewStore(db, readonly=True) as store:
        return len(store.history(rid))


def test_a_required_choice_cleared_elsewhere_before_the_confirmation_is_refused_and_nothing_is_done(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        base = a.set_assessment(rid, "王", Assessment(result=S, attitude=S, relevance=T)).assessment
        b.set_assessment(rid, "王", Assessment(result=S, attitude=S))  # relevance cleared elsewhere
        changes = history_length(seed_db, rid)
        with pytest.raises(AssessmentRefused) as refused:
            a.merge_assessment(rid, "王", Assessment(result=S, attitude=S, relevance=T, completed_at=AT_TEN),
                               base=base, confirm=True)
    assert refused.value.code == "assessment_required_missing" and refused.value.fields == ("relevance",)
    assert on_disk(seed_db, rid) == Assessment(result=S, attitude=S)  # not done, nothing written
    assert history_length(seed_db, rid) == changes


def test_a_confirmation_that_chooses_the_cleared_field_again_is_stored(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        base = a.set_assessment(rid, "王", Assessment(result=S, attitude=S)).assessment
        b.set_assessment(rid, "王", Assessment(attitude=S))  # result cleared elsewhere
        a.merge_assessment(rid, "王", Assessment(result=B, attitude=S, relevance=T, completed_at=AT_TEN),
                           base=base, confirm=True)  # result and relevance chosen here
    assert on_disk(seed_db, rid) == Assessment(result=B, attitude=S, relevance=T, completed_at=AT_TEN)


def test_a_second_confirmation_with_other_choices_is_refused_and_names_them(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        base = a.set_assessment(rid, "王", Assessment(result=S, attitude=S, relevance=T)).assessment
        b.merge_assessment(rid, "王", Assessment(result=U, attitude=S, relevance=T, completed_at=AT_TEN),
                           base=base, confirm=True)  # the other window confirms first, 不满意
        with pytest.raises(AssessmentRefused) as refused:
            a.merge_assessment(rid, "王", Assessment(result=S, attitude=S, relevance=T,
                                                    communication=Communication.PHONE, completed_at=AT_ELEVEN),
                               base=base, confirm=True)
    assert refused.value.code == "assessment_confirmed_elsewhere"
    assert refused.value.fields == ("result", "communication") and refused.value.theirs.completed_at == AT_TEN
    assert on_disk(seed_db, rid) == Assessment(result=U, attitude=S, relevance=T, completed_at=AT_TEN)


def test_a_second_confirmation_with_the_same_choices_keeps_the_first_time(seed_db):
    rid = first_id(seed_db)
    chosen = Assessment(result=B, attitude=S, relevance=T)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        base = a.set_assessment(rid, "王", chosen).assessment
        b.merge_assessment(rid, "王", Assessment(result=B, attitude=S, relevance=T, completed_at=AT_TEN),
                           base=base, confirm=True)
        saved = a.merge_assessment(rid, "王", Assessment(result=B, attitude=S, relevance=T, completed_at=AT_ELEVEN),
                                   base=base, confirm=True)
    assert saved.review.assessment.completed_at == AT_TEN
    assert on_disk(seed_db, rid) == Assessment(result=B, attitude=S, relevance=T, completed_at=AT_TEN)


def test_confirming_again_once_the_other_confirmation_is_shown_stores_the_later_choices(seed_db):
    """After the refusal the form shows the stored confirmation (its base now): a second confirm wins."""
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        base = a.set_assessment(rid, "王", Assessment(result=S, attitude=S, relevance=T)).assessment
        theirs = b.merge_assessment(rid, "王", Assessment(result=U, attitude=S, relevance=T, completed_at=AT_TEN),
                                    base=base, confirm=True).review.assessment
        saved = a.merge_assessment(rid, "王", Assessment(result=S, attitude=S, relevance=T, completed_at=AT_TEN),
                                   base=theirs, confirm=True)
        assert saved.replaced == {}  # the reviewer saw 不满意 on screen and chose 满意 again
    assert on_disk(seed_db, rid) == Assessment(result=S, attitude=S, relevance=T, completed_at=AT_TEN)


def test_an_undo_keeps_a_choice_changed_elsewhere_since(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_assessment(rid, "王", Assessment(result=S, attitude=S))
        base = a.get_review(rid, "王").assessment
        chosen = a.merge_assessment(rid, "王", Assessment(result=B, attitude=S), base=base).review.assessment
        b.set_assessment(rid, "王", Assessment(result=U, attitude=B))  # after A's choice of 基本满意
        undone = a.merge_assessment(rid, "王", Assessment(result=S, attitude=S), base=chosen,
                                    keep_theirs=frozenset({"result"}))
        assert undone.replaced == {}
    assert on_disk(seed_db, rid) == Assessment(result=U, attitude=B)
