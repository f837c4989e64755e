"""--readonly: the assessment's opinion box refuses typing as the note does, and the form's status
line does not repeat the note's refusal (QA round 14, item 9).

On main, after `n` (refused: 不能写备注) and `s`, the form's status line still said 不能写备注; the
opinion box then took typing with no warning, and esc dropped the text without a word. A real
database on disk opened read-only, the app driven by the pilot."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.screens.review import ReviewScreen
from tests.test_tui_daily_use import SIZE, status_of

WORDS = {
    "zh": ("不能写备注", "不能写意见建议"),
    "en": ("notes cannot be written", "the opinion cannot be written"),
}


async def _to_the_opinion_box(app, pilot) -> None:
    for _ in range(12):  # tab through the form's fields to the opinion
        if app.focused is not None and app.focused.id == "opinion":
            return
        await pilot.press("tab")
        await pilot.pause()
    raise AssertionError(f"tab did not reach the opinion box; focus on {app.focused}")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_opinion_box_refuses_typing_when_read_only_and_says_why(seed_db, lang):
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
        before = store.get_review(rid, "tester").assessment.opinion
    note_refused, opinion_refused = WORDS[lang]
    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")  # the note: refused, the status line says so
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and note_refused in status_of(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        assert note_refused not in status_of(app), status_of(app)  # not the note's, on the form
        await _to_the_opinion_box(app, pilot)
        box = app.screen.query_one("#opinion")
        shown = box.text
        await pilot.press(*"qa1", "enter", "backspace")  # q, a, 1 would be form keys elsewhere
        await pilot.pause()
        assert box.text == shown  # nothing went in
        assert opinion_refused in status_of(app), status_of(app)
        assert isinstance(app.screen, AssessmentScreen) and app.focused is box  # q did not leave
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert opinion_refused not in status_of(app), status_of(app)  # not the form's, on the review screen
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "tester").assessment.opinion == before
