"""Read-only refusals are plain refusals, said at once (QA round 15, items 11 and 12).

On main, with --readonly:
- a rating key (1) or the note key (n) put the failed-save alarm on the status line (未保存！按 --readonly
  打开，修改不会保存; 未保存！数据库以只读方式打开，不能写备注) and dropped its reviewer and data parts,
  although no write was tried and nothing was lost;
- ctrl+s in the assessment asked 仍然确认完成吗？ and its "y" then did nothing and said nothing.
Now the status line says 只读：<what cannot be done>（<why it is read-only>）with its other parts, and
ctrl+s is refused at once in those words. A real database on disk opened read-only, the pilot."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen
from tests.test_tui_daily_use import SIZE, status_of

WORDS = {
    "zh": {"rate": "只读：不能评定（按 --readonly 打开，修改不会保存）",
           "note": "只读：不能写备注（按 --readonly 打开，修改不会保存）",
           "confirm": "只读：不能确认完成测评（按 --readonly 打开，修改不会保存）",
           "alarm": "未保存", "reviewer": "评审人：tester"},
    "en": {"rate": "read-only: ratings cannot be given (opened with --readonly; changes are not saved)",
           "note": "read-only: notes cannot be written (opened with --readonly; changes are not saved)",
           "confirm": "read-only: the assessment cannot be confirmed (opened with --readonly; changes are not saved)",
           "alarm": "NOT SAVED", "reviewer": "reviewer: tester"},
}


def _stored(db):
    with ReviewStore(db, readonly=True) as store:
        rid = store.summaries()[0].id
        return rid, store.get_review(rid, "tester")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_read_only_keys_are_refused_plainly_and_the_status_line_keeps_its_parts(seed_db, lang):
    words = WORDS[lang]
    rid, before = _stored(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1")  # a rating
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        status = status_of(app)
        assert words["rate"] in status and words["alarm"] not in status, status
        assert words["reviewer"] in status, status  # the line's other parts stay
        await pilot.press("n")  # a note
        await pilot.pause()
        status = status_of(app)
        assert words["note"] in status and words["alarm"] not in status and words["reviewer"] in status, status
    _rid, after = _stored(seed_db)
    assert after.assessment.completed_at is None and after == before


CONFIRM = {"zh": "只读：不能确认完成测评（按 --readonly 打开，修改不会保存）",
           "en": "read-only: the assessment cannot be confirmed (opened with --readonly; changes are not saved)"}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_read_only_ctrl_s_in_the_assessment_is_refused_at_once_not_asked_about(seed_db, lang):
    """Item 11: ctrl+s asked 还有 N 条建议未评定…仍然确认完成吗？, and its y then did nothing and said nothing."""
    from cppcc_review.tui.screens.assessment import AssessmentScreen
    from cppcc_review.tui.screens.confirm import ConfirmScreen

    _rid, before = _stored(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter", "s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        for key in ("ctrl+s", "ctrl+n", "c"):  # confirm; confirm and go on; confirm
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, AssessmentScreen), (key, app.screen)  # no question asked
            assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack), key
            status = status_of(app)
            assert CONFIRM[lang] in status and WORDS[lang]["alarm"] not in status, (key, status)
    _rid, after = _stored(seed_db)
    assert after.assessment.completed_at is None and after == before


async def test_a_read_only_rating_key_changes_nothing_on_screen_but_the_status_line(seed_db):
    """QA round 15c, item 3: 2 on an unrated suggestion showed 评定：部分采纳 （未保存） and a ! in the side
    list, as for a write the disk refused, though no write was tried; they stayed until the reply was
    opened again. The rating line and the side list keep what is stored."""
    from cppcc_review.tui.widgets.suggestion_list import SuggestionList

    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        bar_before = screen.query_one("#rating-bar").text.plain
        side_before = screen.query_one(SuggestionList).render().plain.splitlines()
        await pilot.press("2")
        await pilot.pause()
        assert WORDS["zh"]["rate"] in status_of(app)
        bar = screen.query_one("#rating-bar").text.plain
        assert "未保存" not in bar and "部分采纳" not in bar.split("建议评定")[0], bar
        assert bar == bar_before
        await pilot.press("j", "k")  # away and back: still as stored
        await pilot.pause()
        assert screen.query_one("#rating-bar").text.plain == bar_before
        side = screen.query_one(SuggestionList).render().plain.splitlines()
        assert side == side_before and not any("!" in line for line in side), side
