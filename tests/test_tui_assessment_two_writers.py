"""The assessment form open while another writer changes the choices (fixm). The form used to
write all its values whole at every choice and at the confirmation: another writer's 满意度
chosen after the form opened was silently overwritten by the form's stale value. Now the form
writes only what the reviewer changed (ReviewStore.merge_assessment with the assessment it last
showed), the poll shows the stored choices in the fields the reviewer has not changed, and a
choice both changed is the reviewer's later one, said in a toast.

Pilot on a real database on disk; the other writer is a second ReviewStore, as a second app or
`import-ratings` is. Where the poll must not come between the other writer and the reviewer's
key (the store's decision under its lock is under test), the app's look at the store is stopped;
elsewhere it is called by hand (app.notice_store_changes, the poll's tick). No timing."""

from __future__ import annotations

import pytest
from textual.widgets import RadioButton, RadioSet

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.assessment import AssessmentScreen
from tests.test_tui import seed_id
from tests.test_tui_daily_use import SIZE
from tests.test_tui_other_writers import _on_disk, _review_on, said

S, B, U = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED
OPENED = Assessment(result=S, attitude=S, relevance=Relevance.TARGETED)


def rate_all(db, rid, assessment: Assessment | None = OPENED) -> None:
    """Every suggestion rated adopted (no question at the confirmation), and `assessment` stored."""
    with ReviewStore(db) as store:
        for index in range(1, len(store.get_reply(rid).suggestions) + 1):
            store.set_rating(rid, "tester", index, Rating.ADOPTED)
        if assessment is not None:
            store.set_assessment(rid, "tester", assessment)


def other_writer(db, rid, **choices) -> None:
    """A second app / import-ratings stores the assessment whole, with `choices` changed."""
    with ReviewStore(db) as other:
        current = other.get_review(rid, "tester").assessment
        other.set_assessment(rid, "tester", Assessment(**{**current.__dict__, **choices}))


def no_poll(monkeypatch) -> None:
    """The app's poll finds nothing: the other writer's change reaches the form only through the
    form's own save (the store's decision under its write lock)."""
    monkeypatch.setattr("cppcc_review.tui.store_poll.changes_elsewhere", lambda _ctx: frozenset())


async def open_form(pilot, rid) -> AssessmentScreen:
    await _review_on(pilot, rid, 1)
    await pilot.press("s")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, AssessmentScreen) and form.focused is form.query_one("#field-result")
    return form


def pressed(form, name) -> str | None:
    """The choice the field's radio buttons show (the value of the one turned on)."""
    on = [b.name for b in form.query_one(f"#field-{name}", RadioSet).query(RadioButton) if b.value]
    assert len(on) <= 1, on
    return on[0] if on else None


async def choose_communication_and_confirm(pilot) -> None:
    await pilot.press("tab", "tab", "enter")  # 沟通方式: the first, 当面 (its own save)
    await pilot.pause()
    await pilot.press("ctrl+s")  # confirmed: the reply is done
    await pilot.pause()


async def test_a_satisfaction_chosen_elsewhere_survives_the_form_changing_another_field_and_confirming(
        seed_db, monkeypatch):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid)
    no_poll(monkeypatch)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        other_writer(seed_db, rid, result=U)  # after the form opened on 满意
        await pilot.press("tab", "tab", "enter")  # 沟通方式: the first, 当面 (its own save)
        await pilot.pause()
        assert form.values["result"] is U and pressed(form, "result") == U.value  # the form shows it
        assert said(app, "测评刚被另一处改过：办理结果满意度已显示另一处保存的选择")
        await pilot.press("ctrl+s")  # confirmed: the reply is done
        await pilot.pause()
    saved = _on_disk(seed_db, rid).assessment
    assert saved.result is U and saved.communication is Communication.IN_PERSON
    assert saved.attitude is S and saved.completed_at is not None


async def test_the_poll_shows_a_choice_made_elsewhere_in_a_field_not_changed_and_keeps_the_reviewers(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, settings=Settings(lang="en"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        await pilot.press("tab", "right", "enter")  # attitude: 满意 -> 基本满意, saved at once
        await pilot.pause()
        other_writer(seed_db, rid, result=U, attitude=S)  # a window that had not seen it
        app.notice_store_changes()  # the poll's tick
        await pilot.pause()
        assert pressed(form, "result") == U.value and form.values["result"] is U
        assert said(app, "the assessment was just changed elsewhere")
        await pilot.press("tab", "enter")  # 沟通方式 当面
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = _on_disk(seed_db, rid).assessment
    assert (saved.result, saved.attitude, saved.communication) == (U, S, Communication.IN_PERSON)
    assert saved.completed_at is not None


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "“办理结果满意度”刚被另一处选为“不满意”，已按你后选的“基本满意”保存"),
    ("en", "Satisfaction: result had just been set to “unsatisfied” elsewhere; your later choice "
           "“basically satisfied” is saved"),
])
async def test_a_choice_both_changed_is_the_reviewers_later_one_and_a_toast_names_the_other(
        seed_db, monkeypatch, lang, words):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid)
    no_poll(monkeypatch)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, settings=Settings(lang=lang))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        other_writer(seed_db, rid, result=U, relevance=Relevance.NOT_TARGETED)
        await pilot.press("right", "enter")  # result: 满意 -> 基本满意
        await pilot.pause()
        assert said(app, words)
        assert pressed(form, "relevance") == Relevance.NOT_TARGETED.value  # not changed here: theirs
    saved = _on_disk(seed_db, rid).assessment
    assert saved.result is B and saved.relevance is Relevance.NOT_TARGETED


async def test_a_proposal_gives_way_to_a_choice_made_elsewhere(seed_db, monkeypatch):
    """The form opened on values proposed from the ratings (nothing stored); another writer chose
    a result; the reviewer's first choice stores the rest of the proposal, not its result."""
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, None)
    no_poll(monkeypatch)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        assert form.values["result"] is S  # proposed: every suggestion adopted
        other_writer(seed_db, rid, result=U)
        await choose_communication_and_confirm(pilot)
    saved = _on_disk(seed_db, rid).assessment
    assert (saved.result, saved.attitude, saved.relevance) == (U, S, Relevance.TARGETED)
    assert saved.communication is Communication.IN_PERSON and saved.completed_at is not None
