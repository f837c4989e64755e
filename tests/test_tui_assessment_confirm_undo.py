"""The assessment form's confirmation against a second writer, and its undo (the assessment task).

- A required choice cleared elsewhere after the form's own check (ctrl+s) used to be marked done
  empty; now the store refuses under its write lock, the form stays open and a toast names it.
- A reply confirmed elsewhere with other choices was silently confirmed again over it; now the
  second confirmation is refused, the form shows the other one and a toast gives its time and the
  choices that differ; confirming again then stores what is on screen.
- u / ctrl+z (the review screen's undo key) takes back the choices of this visit one at a time,
  on disk; a choice another writer changed since stays theirs.

Pilot on a real database on disk; the other writer is a second ReviewStore, as a second app or
import-ratings is. `no_poll` keeps the app's poll from coming between the other writer and the
reviewer's key, so that the store's decision under its lock is what is tested. No timing."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Communication, Relevance, Satisfaction
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.help import HelpScreen
from cppcc_review.tui.timefmt import local_time
from tests.test_tui import seed_id
from tests.test_tui_assessment_two_writers import no_poll, open_form, other_writer, pressed, rate_all
from tests.test_tui_daily_use import SIZE, footer_keys
from tests.test_tui_other_writers import _on_disk, said

S, B, U = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.UNSATISFIED
T = Relevance.TARGETED
CHOSEN = Assessment(result=S, attitude=S, communication=Communication.PHONE, relevance=T)
AT_TEN = "2026-12-04T10:00:00+08:00"


def app_in(db, lang: str) -> ReviewApp:
    return ReviewApp(db_path=db, reviewer="tester", offer_demo=False, settings=Settings(lang=lang))


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "“答复是否针对提案”刚在另一处被清空，测评未确认完成"),
    ("en", "Addresses the proposal was just cleared elsewhere, so the assessment is not confirmed"),
])
async def test_a_required_choice_cleared_elsewhere_after_the_forms_check_keeps_the_form_open(
        seed_db, monkeypatch, lang, words):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    no_poll(monkeypatch)
    app = app_in(seed_db, lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        other_writer(seed_db, rid, relevance=None)  # the form still shows 针对
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and said(app, words)
        assert pressed(form, "relevance") is None  # the form shows what is stored
    saved = _on_disk(seed_db, rid).assessment
    assert saved.completed_at is None and saved.relevance is None


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "这份测评已于 {time} 在另一处确认完成，选择不同：“办理结果满意度”另一处为“不满意”，这里为“满意”"),
    ("en", "this assessment was confirmed elsewhere at {time} with other choices: Satisfaction: result: "
           "“unsatisfied” there, “satisfied” here"),
])
async def test_a_second_confirmation_learns_of_the_first_and_confirming_again_stores_its_choice(
        seed_db, monkeypatch, lang, words):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    no_poll(monkeypatch)
    app = app_in(seed_db, lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        with ReviewStore(seed_db) as other:  # the other window confirms 不满意 first
            base = other.get_review(rid, "tester").assessment
            other.merge_assessment(rid, "tester", Assessment(**{**base.__dict__, "result": U, "completed_at": AT_TEN}),
                                   base=base)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and said(app, words.format(time=local_time(AT_TEN)))
        assert pressed(form, "result") == U.value and form.completed_at == AT_TEN
        assert _on_disk(seed_db, rid).assessment.result is U  # the first confirmation stands
        await pilot.press("left", "left", "enter")  # the reviewer chooses 满意 again, seeing 不满意
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    saved = _on_disk(seed_db, rid).assessment
    assert saved.result is S and saved.completed_at == AT_TEN


async def test_undo_takes_back_this_visits_choices_one_at_a_time_on_disk(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        assert ("u/^z", "撤销") in footer_keys(form)
        await pilot.press("right", "enter")  # result 满意 -> 基本满意
        await pilot.press("tab", "right", "right", "enter")  # attitude 满意 -> 不满意
        await pilot.pause()
        assert (_on_disk(seed_db, rid).assessment.result, _on_disk(seed_db, rid).assessment.attitude) == (B, U)
        await pilot.press("u")
        await pilot.pause()
        assert _on_disk(seed_db, rid).assessment.attitude is S and pressed(form, "attitude") == S.value
        assert said(app, "已撤销：“办理态度满意度”改回“满意”")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _on_disk(seed_db, rid).assessment == CHOSEN and pressed(form, "result") == S.value
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "本次打开测评后没有可撤销的选择")
        assert _on_disk(seed_db, rid).assessment == CHOSEN
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert ("u / ^z", "撤销", "undo") in help_screen.shown


async def test_undo_after_another_writer_changed_the_field_keeps_theirs(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    no_poll(monkeypatch)
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        await pilot.press("right", "enter")  # result 满意 -> 基本满意
        await pilot.pause()
        other_writer(seed_db, rid, result=U)  # after the reviewer's choice
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "未撤销：“办理结果满意度”之后在另一处被选为“不满意”，保留另一处的选择")
        assert pressed(form, "result") == U.value
    assert _on_disk(seed_db, rid).assessment.result is U


async def test_undo_after_the_poll_showed_another_writers_choice_writes_nothing(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    app = app_in(seed_db, "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        await pilot.press("right", "enter")  # result 满意 -> 基本满意
        await pilot.pause()
        other_writer(seed_db, rid, result=U)
        app.notice_store_changes()  # the poll's tick: the form shows 不满意
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "not undone: Satisfaction: result was since set to “unsatisfied” elsewhere; that choice stays")
        assert pressed(form, "result") == U.value
    assert _on_disk(seed_db, rid).assessment.result is U


async def test_undo_of_a_choice_that_replaced_another_writers_brings_theirs_back(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    no_poll(monkeypatch)
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        other_writer(seed_db, rid, result=U)
        await pilot.press("right", "enter")  # 基本满意 over the other writer's 不满意 (a toast names it)
        await pilot.pause()
        assert _on_disk(seed_db, rid).assessment.result is B
        await pilot.press("u")
        await pilot.pause()
        assert pressed(form, "result") == U.value and said(app, "已撤销：“办理结果满意度”改回“不满意”")
    assert _on_disk(seed_db, rid).assessment.result is U


async def test_two_writers_editing_the_opinion_between_two_polls_keep_both_texts(seed_db, monkeypatch):
    """The opinion (意见建议) as a note: the form saves it with the opinion it was written over, so
    a text saved by a second app meanwhile is kept above the reviewer's (done by fixg / fixm; this
    pins it with no poll in between)."""
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, CHOSEN)
    with ReviewStore(seed_db) as store:
        store.set_assessment(rid, "tester", Assessment(**{**CHOSEN.__dict__, "opinion": "旧意见"}))
    no_poll(monkeypatch)
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        form.query_one("#opinion", TextArea).focus()
        await pilot.press("end", *"我的补充")
        with ReviewStore(seed_db) as second_app:  # its form saved over the same 旧意见
            base = second_app.get_review(rid, "tester").assessment
            second_app.merge_assessment(rid, "tester", Assessment(**{**base.__dict__, "opinion": "另一个窗口的意见"}),
                                        base=base)
        await pilot.press("escape")  # leaves the form, saving the opinion
        await pilot.pause()
    assert _on_disk(seed_db, rid).assessment.opinion == "另一个窗口的意见\n旧意见我的补充"


@pytest.mark.parametrize("polled", [False, True])
async def test_undo_of_a_choice_confirmed_elsewhere_since_keeps_it(seed_db, monkeypatch, polled):
    """QA 2026-12-04: window B chose 沟通方式, window A confirmed the assessment, B's u then cleared 沟通方式
    of the confirmed assessment (done, with the choice gone). The confirmation took the choice: it stays,
    whether the poll has shown B the confirmation (the form says so) or not yet (the store keeps it)."""
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, Assessment(result=S, attitude=S, relevance=T))
    if not polled:
        no_poll(monkeypatch)
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        await pilot.press("tab", "tab", "right", "enter")  # 沟通方式: the first choice after 未选
        await pilot.pause()
        chosen = _on_disk(seed_db, rid).assessment.communication
        assert chosen is not None
        other_writer(seed_db, rid, completed_at=AT_TEN)  # the other window confirms, taking it as it is
        if polled:
            app.notice_store_changes()
            await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        if polled:
            assert said(app, f"未撤销：测评已于 {local_time(AT_TEN)} 在另一处确认，“沟通方式”的选择随之确认，保留")
        assert pressed(form, "communication") == chosen.value
    stored = _on_disk(seed_db, rid).assessment
    assert stored.communication is chosen and stored.completed_at == AT_TEN
