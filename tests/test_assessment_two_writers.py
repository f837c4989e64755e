"""The assessment's choices when two writers hold one database (fixm): writer A opened the
assessment form, writer B then saved a different choice, and A changed another field (or
confirmed). A's form used to be written whole, so its stale value silently overwrote B's choice.
Now `set_assessment(..., base=)` writes only what A changed since `base`, decided under the write
lock: B's choice survives; a choice both changed is A's (the later), and `merge_assessment` says
which of B's it replaced. Two ReviewStore instances on one database on disk, as two processes."""

from __future__ import annotations

from dataclasses import replace

from cppcc_review.store.assessment_merge import merged
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction

S, B, U = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED


def first_id(db) -> str:
    with ReviewStore(db, readonly=True) as store:
        return store.summaries()[0].id


def on_disk(db, rid) -> Assessment:
    with ReviewStore(db, readonly=True) as store:  # what a third process reads
        return store.get_review(rid, "王").assessment


def test_a_stale_form_changing_another_field_keeps_the_choice_made_elsewhere(seed_db):
    rid = first_id(seed_db)
    opened = Assessment(result=S, attitude=S, relevance=Relevance.TARGETED, opinion="旧意见")
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_assessment(rid, "王", opened)
        base = a.get_review(rid, "王").assessment  # A's form opens on it
        b.set_assessment(rid, "王", Assessment(result=U, attitude=S, relevance=Relevance.TARGETED, opinion="旧意见"))
        form = Assessment(result=S, attitude=S, communication=Communication.PHONE, relevance=Relevance.TARGETED,
                          opinion="旧意见")  # A picks 电话; its result is still the stale 满意
        saved = a.set_assessment(rid, "王", form, base=base)
        assert saved.assessment.result is U and saved.assessment.communication is Communication.PHONE
        b.set_assessment(rid, "王", replace(saved.assessment, attitude=B))  # B again, before A confirms
        # A's form shows what its save stored (the app syncs it) and confirms it, attitude now stale
        confirmed = a.merge_assessment(rid, "王", replace(saved.assessment, completed_at="2026-12-04T10:00:00+00:00"),
                                       base=saved.assessment)
        assert confirmed.replaced == {}  # no choice of B's was replaced by one of A's
    stored = on_disk(seed_db, rid)
    assert stored.result is U and stored.attitude is B and stored.communication is Communication.PHONE
    assert stored.completed_at == "2026-12-04T10:00:00+00:00" and stored.opinion == "旧意见"


def test_a_choice_both_writers_changed_is_the_later_ones_and_the_replaced_one_is_named(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        base = a.set_assessment(rid, "王", Assessment(result=S, attitude=S)).assessment
        b.set_assessment(rid, "王", Assessment(result=U, attitude=B))
        saved = a.merge_assessment(rid, "王", Assessment(result=B, attitude=S), base=base)
        assert saved.replaced == {"result": U}  # B's 不满意 gave way to A's later 基本满意
        assert saved.review.assessment.result is B and saved.review.assessment.attitude is B  # attitude: B's
        # the change is one undoable change of A's: undo brings B's choice back
        a.undo("王")
    assert on_disk(seed_db, rid).result is U


def test_a_proposal_fills_only_what_nobody_chose(seed_db):
    """The form opened on an empty assessment shows values proposed from the ratings; B chose a
    result meanwhile. A's first choice (communication) stores that choice only: the proposals stay
    proposals; A's confirmation writes them only where nothing is stored."""
    rid = first_id(seed_db)
    proposed = frozenset({"result", "attitude", "relevance"})
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_rating(rid, "王", 1, Rating.ADOPTED)
        base = a.get_review(rid, "王").assessment
        assert base == Assessment()
        b.set_assessment(rid, "王", Assessment(result=U))
        form = Assessment(result=S, attitude=S, relevance=Relevance.TARGETED, communication=Communication.WRITTEN)
        saved = a.merge_assessment(rid, "王", form, base=base, proposed=proposed)
        assert saved.replaced == {}
        assert on_disk(seed_db, rid) == Assessment(result=U, communication=Communication.WRITTEN)
        shown = Assessment(**{**form.__dict__, "result": U})  # the form shows B's result now, A's proposals
        a.merge_assessment(rid, "王", shown, base=saved.review.assessment, proposed=proposed - {"result"},
                           confirm=True)
    stored = on_disk(seed_db, rid)
    assert (stored.result, stored.attitude, stored.relevance, stored.communication) == (
        U, S, Relevance.TARGETED, Communication.WRITTEN)
    assert stored.completed_at is not None


def test_without_base_the_assessment_is_written_whole_as_before(seed_db):
    """A ratings file and `rate` state the whole assessment: no base, no merge."""
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_assessment(rid, "王", Assessment(result=S, attitude=S))
        b.set_assessment(rid, "王", Assessment(result=U))
    assert on_disk(seed_db, rid) == Assessment(result=U)


def test_the_opinion_written_over_base_keeps_both_and_the_choices_merge_alongside():
    base = Assessment(result=S, opinion="旧")
    stored = Assessment(result=S, attitude=U, opinion="另一处")
    mine = Assessment(result=B, opinion="旧，我的补充")
    out, replaced = merged(stored, base, mine)
    assert out == Assessment(result=B, attitude=U, opinion="另一处\n旧，我的补充") and replaced == {}
    # a value cleared elsewhere (an undo there) is not reported as replaced
    out, replaced = merged(Assessment(), Assessment(result=S), Assessment(result=B))
    assert out.result is B and replaced == {}



def test_a_note_typed_over_a_text_another_writer_added_lines_to_takes_that_texts_place(seed_db):
    """The note written over stands whole on lines of its own in the note stored now (another writer
    added a line; a merge joined it to another note): the typed note takes its place, and the text it
    started from is not kept twice (it was: the stored note, then the typed one, the old text in both)."""
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_note(rid, "tester", 1, "第一段")
        b.set_note(rid, "tester", 1, "第一段\n另一处补的一行", base="第一段")
        kept = a.set_note(rid, "tester", 1, "第一段（改）", base="第一段").suggestions[0].note
        assert kept == "第一段（改）\n另一处补的一行"
        b.set_note(rid, "tester", 1, "另一处整段改过", base=kept)
        kept = a.set_note(rid, "tester", 1, "第一段（再改）", base=kept).suggestions[0].note
        assert kept == "另一处整段改过\n第一段（再改）"  # changed in its own lines: both kept, the other first
