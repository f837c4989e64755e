"""The proposed assessment counted only the rated suggestions, so one rating decided the whole
reply: 1 adopted and 2 unrated opened the form on 满意 / 满意 / 针对, chosen in its fields for a
confirm. The README's rule speaks of all the suggestions (all adopted -> 满意): the form now
proposes nothing while a suggestion is unrated and says how many are left; once every one is
rated the proposal is there. Failed on the code before this change."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating, Satisfaction
from cppcc_review.tui.screens.assessment import propose
from tests.test_tui import seed_id
from tests.test_tui_assessment_confirm_undo import app_in
from tests.test_tui_assessment_two_writers import open_form, pressed
from tests.test_tui_daily_use import SIZE


def _rate(db, rid, ratings: dict[int, Rating]) -> int:
    with ReviewStore(db) as store:
        for index, rating in ratings.items():
            store.set_rating(rid, "tester", index, rating)
        return len(store.get_reply(rid).suggestions)


def _title(form) -> str:
    return str(form.query_one("#assess-title").render())


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "还有 {n} 条建议未评定，全部评定后给出建议值"),
    ("en", "{n} suggestions still unrated: a proposal comes once every one is rated"),
])
async def test_one_rating_of_several_proposes_nothing_and_says_how_many_are_left(seed_db, lang, words):
    rid = seed_id(seed_db)
    total = _rate(seed_db, rid, {1: Rating.ADOPTED})
    assert total >= 2
    app = app_in(seed_db, lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        assert [pressed(form, name) for name in ("result", "attitude", "relevance")] == [None, None, None]
        title = _title(form)
        assert words.format(n=total - 1) in title, title
        assert "根据评定建议" not in title and "proposed from" not in title


async def test_every_suggestion_rated_gives_the_proposal(seed_db):
    rid = seed_id(seed_db)
    total = _rate(seed_db, rid, {1: Rating.ADOPTED})
    _rate(seed_db, rid, {i: Rating.EXPLAINED for i in range(2, total + 1)})
    app = app_in(seed_db, "zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        assert pressed(form, "result") == Satisfaction.BASICALLY_SATISFIED.value
        assert "根据评定建议" in _title(form)


def test_the_rule_waits_for_every_suggestion():
    assert propose([Rating.ADOPTED, None, None]) is None
    assert propose([Rating.EXPLAINED, None]) is None
    assert propose([Rating.ADOPTED, Rating.ADOPTED]).result == Satisfaction.SATISFIED
