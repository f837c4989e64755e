"""The assessment form opened with values proposed from the ratings (nothing stored yet).

The reviewer's first choice used to store every other proposed value with it: undo then showed
the form as it was opened (proposals), while the proposals stayed stored as choices. Now a
proposal stays a proposal until the reviewer chooses it or confirms the form: a choice stores that
choice only, undo empties it on disk and shows the proposal again, the confirmation stores the
proposals. Pilot on a real database on disk; no timing."""

from __future__ import annotations

from cppcc_review.store.model import Assessment, Communication, Relevance, Satisfaction
from tests.test_tui import seed_id
from tests.test_tui_assessment_confirm_undo import app_in
from tests.test_tui_assessment_two_writers import open_form, pressed, rate_all
from tests.test_tui_daily_use import SIZE
from tests.test_tui_other_writers import _on_disk, said

S, B = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED


async def test_a_choice_stores_itself_only_undo_gives_the_proposal_back_and_confirming_stores_it(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, None)  # every suggestion adopted: 满意 / 满意 / 针对 proposed
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        assert (pressed(form, "result"), pressed(form, "relevance")) == (S.value, Relevance.TARGETED.value)
        await pilot.press("right", "enter")  # result: 满意 (proposed) -> 基本满意 (chosen)
        await pilot.pause()
        assert _on_disk(seed_db, rid).assessment == Assessment(result=B)  # not the proposals with it
        assert pressed(form, "attitude") == S.value and pressed(form, "relevance") == Relevance.TARGETED.value
        await pilot.press("u")
        await pilot.pause()
        assert _on_disk(seed_db, rid).assessment == Assessment()  # as the form was opened: nothing stored
        assert pressed(form, "result") == S.value  # the proposal shown again
        assert said(app, "已撤销：“办理结果满意度”改回“满意”")
        await pilot.press("tab", "tab", "enter")  # 沟通方式: 当面 (no proposal there)
        await pilot.pause()
        assert _on_disk(seed_db, rid).assessment == Assessment(communication=Communication.IN_PERSON)
        await pilot.press("ctrl+s")  # confirming confirms the proposals
        await pilot.pause()
    saved = _on_disk(seed_db, rid).assessment
    assert (saved.result, saved.attitude, saved.relevance, saved.communication) == (
        S, S, Relevance.TARGETED, Communication.IN_PERSON)
    assert saved.completed_at is not None


async def test_leaving_the_form_after_a_choice_leaves_the_proposals_unstored(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, None)
    app = app_in(seed_db, "en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_form(pilot, rid)
        await pilot.press("tab", "tab", "enter")  # communication only
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")  # opened again: the proposals are proposed again, the choice stored
        await pilot.pause()
        form = app.screen
        assert pressed(form, "result") == S.value and pressed(form, "communication") == Communication.IN_PERSON.value
    assert _on_disk(seed_db, rid).assessment == Assessment(communication=Communication.IN_PERSON)
