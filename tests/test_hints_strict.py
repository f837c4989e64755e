"""The strict variant of the rubric (shared/domain.md, "How one response is rated", step 3): a vague
promise alone is explained. What counts as a vague promise is the rubric's list of words of vague intent
(将研究 / 探索 / 积极推动 / 适时 / 逐步 / 争取): a plan that names a defined act without them is not one,
and a promise that only waits on a condition to do something vague is one. The default rubric reads all
of these as partially adopted, and keeps doing so."""

from __future__ import annotations

import pytest

from cppcc_review.store.aids.hints import suggest_rating
from cppcc_review.store.model import Rating
from tests.test_checks_support import reply_with


def ratings(body: str) -> tuple[Rating, Rating]:
    """(default, strict) suggested rating of a one-suggestion reply."""
    reply = reply_with(body)
    default = suggest_rating(reply, reply.suggestions[0])
    strict = suggest_rating(reply, reply.suggestions[0], strict=True)
    assert default is not None and strict is not None and strict.strict
    return default.rating, strict.rating


# --- a defined act, promised without a date, is not vague intent ---------------------------------------
@pytest.mark.parametrize("body", [
    "我中心将邀请水利专家到现场查看堤坝渗漏情况,指导村里做好排险。",
    "我局将督促物业公司在小区入口增设一处快递存放点。",
])
def test_a_plan_naming_what_will_be_done_stays_partial_under_the_strict_variant(body):
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.PARTIALLY_ADOPTED)


@pytest.mark.parametrize("body", [
    "我局将积极争取上级资金,逐步改善村道照明条件。",
    "我局将研究探索设立专项基金的可行路径。",
])
def test_hoping_studying_or_going_step_by_step_alone_is_explained_under_the_strict_variant(body):
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED)


# --- a condition in front of a vague promise does not make it concrete ------------------------------------
def test_studying_something_once_money_allows_is_explained_under_the_strict_variant():
    body = "补助标准提高涉及县级财力,待财力好转后,我局将研究适当提高补助标准。"
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED)


@pytest.mark.parametrize("body", [
    # a defined act waiting on the money
    "该路段改造须待省级资金下达,资金到位后即组织施工。",
    # part already done, the rest waiting on conditions
    "目前全镇已有12个村建成污水处理站,其余村将视条件逐步推进。",
])
def test_a_condition_in_front_of_a_defined_act_or_beside_work_done_stays_partial(body):
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.PARTIALLY_ADOPTED)
