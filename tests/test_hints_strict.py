"""The strict variant of the rubric (shared/domain.md, "How one response is rated", step 3): a vague
promise alone (将研究 / 探索 / 积极推动 / 适时 / 逐步 / 争取, nothing done or anchored) is explained, where the
default rubric reads it as partially adopted; a condition in front of a defined act, or beside work done,
stays partially adopted under both.

(Branch sv19 also wrote tests for two narrower readings of "a vague promise": a plan naming a defined act
without those words stays partial, and waiting on a condition to do something vague is explained. Their
rule lost 2 of 217 on the real strict ratings and was not shipped; see docs/reading-aids.md.)"""

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


@pytest.mark.parametrize("body", [
    "我局将积极争取上级资金,逐步改善村道照明条件。",
    "我局将研究探索设立专项基金的可行路径。",
])
def test_hoping_studying_or_going_step_by_step_alone_is_explained_under_the_strict_variant(body):
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED)


@pytest.mark.parametrize("body", [
    # a defined act waiting on the money
    "该路段改造须待省级资金下达,资金到位后即组织施工。",
    # part already done, the rest waiting on conditions
    "目前全镇已有12个村建成污水处理站,其余村将视条件逐步推进。",
])
def test_a_condition_in_front_of_a_defined_act_or_beside_work_done_stays_partial(body):
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.PARTIALLY_ADOPTED)


# sc36: a condition put before a vague promise alone does not make it firmer: nothing done, anchored or defined,
# only an open act (研究, 逐步, 适时) once a condition is met, is a vague promise alone, explained under the strict
# variant (the fixtures' strict ratings read it so; the default rubric keeps it partially adopted). The near misses
# above (a defined act waiting on the money; work done beside the condition) stay partial.
@pytest.mark.parametrize("body", [
    "我局正在研究引入驻场演出,待场地条件成熟后推进。",
    "我局将会同市财政局研究设立保护基金的可行性,在条件成熟时提出方案。",
    "公交公司将根据石桥镇线路客流变化情况,适时增加班次。",
])
def test_a_vague_promise_on_a_condition_alone_is_explained_under_the_strict_variant(body):
    assert ratings(body) == (Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED)


def test_a_condition_before_a_vague_promise_with_a_figure_of_work_done_stays_partial():
    body = "目前全市已有860家社区食堂实行全龄开放。对其余食堂,我们将在评估场地条件的基础上逐步推开,条件成熟一家开放一家。"
    assert ratings(body)[1] == Rating.PARTIALLY_ADOPTED
