"""Read-only refusals said at once, in the shared form 只读：<what>（<why>）(QA round 15d, items 2 and 3).

- 2: `m` on two suggestions one reviewer rated differently asked 仍要合并吗？ in read-only mode, and its y then
  did nothing and said nothing (a pair without differing ratings was refused at once).
- 3: `i` in the inbox showed only the toast 按 --readonly 打开，修改不会保存, not what cannot be done.
A real database on disk opened read-only, the pilot."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.confirm import ConfirmScreen
from cppcc_review.tui.screens.review import ReviewScreen
from tests.test_tui_daily_use import SIZE, status_of

LAYOUT = {"zh": "只读：不能合并或拆分建议（按 --readonly 打开，修改不会保存）",
          "en": "read-only: suggestions cannot be merged or split (opened with --readonly; changes are not saved)"}
IMPORT = {"zh": "只读：不能导入（按 --readonly 打开，修改不会保存）",
          "en": "read-only: nothing can be imported (opened with --readonly; changes are not saved)"}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_read_only_m_on_two_suggestions_rated_differently_is_refused_before_any_question(seed_db, lang):
    with ReviewStore(seed_db) as store:
        rid = store.summaries()[0].id
        store.set_rating(rid, "tester", 1, Rating.ADOPTED)
        store.set_rating(rid, "tester", 2, Rating.PARTIALLY_ADOPTED)
        before = store.get_review(rid, "tester")
        total = len(store.get_reply(rid).suggestions)
    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        view = app.screen.view
        assert view is not None
        await pilot.press(*["k"] * (view.index - 1))  # (it opens at the first unrated one)
        await pilot.pause()
        assert view.index == 1
        await pilot.press("m")
        await pilot.pause()
        assert not any(isinstance(s, ConfirmScreen) for s in app.screen_stack)  # no question asked
        assert isinstance(app.screen, ReviewScreen)
        assert LAYOUT[lang] in status_of(app), status_of(app)
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "tester") == before
        assert len(store.get_reply(rid).suggestions) == total


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_read_only_i_in_the_inbox_says_what_cannot_be_done(seed_db, lang):
    from cppcc_review.tui.screens.import_files import ImportScreen

    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert IMPORT[lang] not in status_of(app)
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        assert IMPORT[lang] in status_of(app), status_of(app)
