"""Traps that real-fresh-14 (46 real replies, measured once before any change) showed, each in invented
words; the whole letters are fixtures 512-516 and 552-559 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parse_fields import find_proposal_no, key_values
from cppcc_review.store.reading.parse_sections import heading_kind
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.reply_proposers import proposers_from_salutation
from cppcc_review.store.reading.reply_title import title_line_unit
from cppcc_review.store.reading.textclean import fold
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED
from tests.helpers.trap_letters import page_fields as _meta


@pytest.mark.parametrize("greeting", ["您好!", "您好!", "你好!", "您好"])
def test_a_greeting_after_the_salutations_colon_leaves_the_salutation(greeting: str) -> None:
    reply = parse_reply(f"王林委员:{greeting}\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.proposers == ["王林"]
    assert "no_salutation" not in reply.parse_warnings
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


def test_a_salutation_with_the_opening_on_its_line_is_cut_there() -> None:
    reply = parse_reply(f"王林代表:你提出的“关于修缮禾村水渠的建议”,已交由我局研究办理,现答复如下:\n{_BODY}{_SIGNED}")
    assert reply.proposers == ["王林"]
    assert reply.title == "关于修缮禾村水渠的建议"
    assert reply.parse_warnings == []  # not a letter on one line
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


def test_a_salutation_with_something_else_after_its_colon_stays_one_line() -> None:
    # "王林代表:我局已…" is no opening: the line is not cut (as before)
    reply = parse_reply(f"关于县五届人大一次会议第9号建议的答复\n王林代表:我局已安排资金修缮水渠,请监督。\n{_SIGNED}")
    assert reply.salutation is None


@pytest.mark.parametrize("masked", ["***代表:", "＊＊＊委员:", "×××代表:", "○○○委员:"])
def test_a_masked_name_is_no_proposer(masked: str) -> None:
    assert proposers_from_salutation(masked) == []


def test_a_masked_name_beside_a_real_one_leaves_the_real_one() -> None:
    assert proposers_from_salutation("王林、***代表:") == ["王林"]


def test_a_sites_welcome_line_is_no_unit_and_its_name_in_the_source_is_the_unit() -> None:
    reply = parse_reply(
        "欢迎您访问禾县水利局网站\n关于县五届人大一次会议第9号建议的答复\n来源:禾县水利局网站 发布时间: 2019-06-12 10:20\n"
        f"王林代表:\n{_OPENING}{_BODY}"
    )
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-12")
    assert "handler_from_metadata" in reply.parse_warnings


def test_a_source_that_is_a_portal_is_still_no_unit() -> None:
    reply = parse_reply(f"来源:禾县政府门户网 发布时间: 2019-06-12\n王林代表:\n{_OPENING}{_BODY}")
    assert reply.handler is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("2022-06-28 17:28  来源:禾县水利局  【字体:     打印", "禾县水利局"),
        ("2022-06-28  来源:禾县水利局", "禾县水利局"),
        ("来源:禾县水利局  【字体: 大 中 小】", "禾县水利局"),
    ],
)
def test_a_source_after_a_date_and_before_the_font_buttons(line: str, source: str) -> None:
    assert _meta(line)["来源"] == source


def test_a_doc_no_in_square_brackets_is_kept_whole() -> None:
    assert _meta("文号:禾水发【2024】3号")["文号"] == "禾水发【2024】3号"


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("  • 发布机构:禾县水利局\n  • 成文日期:2019-11-19", "发布机构", "禾县水利局"),
        ("  • 发布机构:禾县水利局\n  • 成文日期:2019-11-19", "成文日期", "2019-11-19"),
        ("- 发布机构禾县政府办公室\n- 发布日期2018-08-19", "发布机构", "禾县政府办公室"),
        ("- 发布机构禾县政府办公室\n- 发布日期2018-08-19", "发布日期", "2018-08-19"),
        ("- 成文时间:2022年07月28日", "成文时间", "2022年07月28日"),
        ("[ 发布机构 ] | 禾县水利局 | ||\n[ 成文日期 ] | 2025-05-13 | [ 发布日期 ] | 2025-07-09 |", "成文日期", "2025-05-13"),
        ("[ 发布机构 ] | 禾县水利局 | ||", "发布机构", "禾县水利局"),
        ("• 禾县水利局\n• 015158708/2024-08532\n• 2024-08-13 11:33", "发布日期", "2024-08-13 11:33"),
    ],
)
def test_metadata_lists_as_sites_print_them(text: str, key: str, value: str) -> None:
    assert _meta(text)[key] == value


def test_a_dash_in_the_body_is_no_metadata() -> None:
    assert _meta("- 我局已安排资金修缮水渠") == {}


def test_a_handling_work_section_is_context() -> None:
    assert heading_kind(fold("一、办理工作开展情况")) == "context"
    assert heading_kind(fold("一、工作开展情况")) == "context"
    assert heading_kind(fold("二、办理情况")) == "answer"  # as before


def test_suggestion_numbers_as_pages_print_them() -> None:
    for line, number in [
        ("关于市五届人大一次会议第13、53号建议的复函", "第13、53号"),
        ("对市十五届人大二次会议第B(2019)331号 建议的答复", "第B(2019)331号"),
        ("关于市五届人大一次会议第13号建议的复函", "第13号"),  # as before
    ]:
        assert find_proposal_no(line, fold(line)) == number


@pytest.mark.parametrize("line", ["(A)类", "(A)类", "(B)类 同意公开"])
def test_a_class_in_brackets_on_a_line_of_its_own(line: str) -> None:
    reply = parse_reply(f"{line}\n禾水发〔2020〕8号\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.declared_result == line[1]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("抄送:市人大代表工委(1份),市政府督查室(1份)", "市人大代表工委(1份),市政府督查室(1份)"),
        ("抄送:市人大代选工委(1市政府督查室(1份))", "市人大代选工委(1市政府督查室(1份))"),
        ("(联系人:王敏,联系电话:138****5701)", "138****5701"),  # the outer bracket is not the value's
    ],
)
def test_a_value_keeps_a_closing_bracket_that_closes_its_own(line: str, value: str) -> None:
    pairs = key_values(line, fold(line))
    assert pairs is not None and pairs[-1][1] == value


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("2022年度禾县住建局关于人大十九届一次会议第50号代表建议的答复", "禾县住建局"),
        ("2022年禾县住建局关于人大十九届一次会议第50号代表建议的答复", "禾县住建局"),
        ("禾县住建局关于人大十九届一次会议第50号代表建议的答复", "禾县住建局"),  # as before
    ],
)
def test_the_year_of_the_replies_before_the_unit_of_a_title_line(line: str, unit: str) -> None:
    assert title_line_unit(line, fold(line)) == unit


@pytest.mark.parametrize(
    ("first_line", "unit"),
    [
        ("针对禾村现有水渠年久失修的现状,县水利局相关负责人到禾村调研,确定今年修缮。", "县水利局"),
        ("针对您反映的问题,县水利局已安排资金修缮水渠。", "县水利局"),
        ("针对禾村水渠的现状,我局已安排资金修缮。", None),  # 我局 names no unit, as before
    ],
)
def test_the_unit_after_a_clause_on_the_situation_answers_an_unsigned_letter(first_line: str, unit: str | None) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{first_line}\n2019年6月11日\n")
    assert reply.handler == unit
