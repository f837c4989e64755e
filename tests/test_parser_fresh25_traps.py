"""Traps that real-fresh-25 … -28 (CPPCC and NPC real replies, each measured once before any change) showed,
each in invented words, with a near miss that must stay as it was; the whole letters are fixtures 692-699
(tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING

_TITLE = "关于修缮禾村水渠的建议的答复\n"
_UNSIGNED = f"王林代表:\n{_OPENING}{_BODY}"


# --- a proposal's record above the letter names the lead unit (692) ---


@pytest.mark.parametrize(
    ("record", "unit"),
    [
        ("建议人: 王林\n主办单位: 禾县水利局\n答复时间: 2019-06-11\n", "禾县水利局"),
        ("提案人:王林\n主办单位:禾县水利局\n", "禾县水利局"),
        ("主办单位:禾县水利局\n答复时间:2019-06-11\n提出者:王林\n", "禾县水利局"),  # the proposer a line further down
        # near misses: a 主办单位 with no proposer's field beside it is a site's host, as before
        ("主办单位:禾县水利局\n答复时间:2019-06-11\n", None),
        ("主办单位:禾县人民政府办公室\nICP备案号:禾ICP备0000号\n", None),
        # a proposer's field three lines away is another block of the page
        ("建议人:王林\n会议:县十五届人大二次会议\n类别:农业\n主办单位:禾县水利局\n", None),
    ],
)
def test_the_lead_unit_of_a_record_above_the_letter_answers(record: str, unit: str | None) -> None:
    reply = parse_reply(f"{_TITLE}{record}{_UNSIGNED}")
    assert reply.handler == unit
    assert ("handler_from_metadata" in reply.parse_warnings) == (unit is not None)


# --- a byline's 文章来源 names the publishing unit (693) ---


@pytest.mark.parametrize(
    ("byline", "unit"),
    [
        ("文章来源:禾县水利局 浏览量: 发表时间:2019-06-11 09:20\n", "禾县水利局"),
        ("文章来源:禾县水利局\n", "禾县水利局"),
        # near misses: a source that is no unit (a newspaper, a site) names none, as 来源 does
        ("文章来源:禾县日报 浏览量: 发表时间:2019-06-11 09:20\n", None),
        ("文章来源:本站原创 发表时间:2019-06-11 09:20\n", None),
        ("文章来源:县人大常委会 发表时间:2019-06-11 09:20\n", None),  # the assembly that publishes the replies
    ],
)
def test_the_unit_of_an_article_source_byline_answers(byline: str, unit: str | None) -> None:
    assert parse_reply(f"{_TITLE}{byline}{_UNSIGNED}").handler == unit
