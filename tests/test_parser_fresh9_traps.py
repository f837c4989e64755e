"""Traps that real-fresh-9 (55 real replies, measured once before any change) showed, each in
invented words; the whole letters are fixtures 320-339 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.errors import ParseError
from cppcc_review.store.reading.dates import date_shape
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.textclean import clean_lines


@pytest.mark.parametrize(
    ("written", "shaped", "iso"),
    [
        ("202394", True, "2023-09-04"),  # six digits that read as one date
        ("2022 年629", True, "2022-06-29"),  # the year's 年 kept, month and day digits only
        ("2022年629", True, "2022-06-29"),
        ("202310", False, None),  # a year and a month: no date line (and never "impossible")
        ("2025 915", True, "2025-09-15"),  # as before
    ],
)
def test_signature_dates_that_lost_their_characters(written: str, shaped: bool, iso: str | None) -> None:
    assert date_shape(written) == (shaped, iso)


def test_a_traditional_footer_and_a_share_prompt_are_page_furniture() -> None:
    lines = clean_lines(
        "禾山縣交通運輸局\n2023年4月12日\n主辦單位:禾山縣人民政府 版權所有:禾州市人民政府辦公室\n聯系電話:0427-0000000\n"
    )
    assert lines == ["禾山縣交通運輸局", "2023年4月12日"]
    assert clean_lines("正文一行。\n用微信扫描二维码分享至好友和朋友圈\n") == ["正文一行。"]


def test_a_feedback_form_under_the_letter_is_cut_off() -> None:
    text = (
        "答复正文第一行。\n答复正文第二行。\n联系人:杨光\n"
        "为进一步了解掌握社会公众对政策执行效果的反馈与评价,请您提出宝贵的意见或建议。\n• 姓  名:\n• *验 证 码:\n"
    )
    assert clean_lines(text) == ["答复正文第一行。", "答复正文第二行。", "联系人:杨光"]


def test_a_notice_title_alone_is_evidence_but_an_empty_page_is_still_refused() -> None:
    notice = (
        "禾西县第十五届人民代表大会第三次会议第9号建议公示公告\n"
        "来源:县交通运输局 发布日期:2023-10-12\n"
        "禾西县交通运输局已将该道路纳入明年农村公路建设计划,资金下达后即组织实施,确保年内完工。\n"
    )
    reply = parse_reply(notice)
    assert reply.proposal_no == "第9号" and reply.handler == "县交通运输局" and len(reply.suggestions) == 1
    with pytest.raises(ParseError):
        parse_reply("禾西县交通运输局关于秋季道路养护工作的通知\n各乡镇:\n请做好秋季道路养护工作。\n")


def test_a_thanks_line_that_goes_on_to_answer_is_the_body_but_a_plain_thanks_line_is_not() -> None:
    head = "王军委员:\n您提出的“关于禾河路改造的提案”收悉。现答复如下:\n"
    tail = "禾郑市住房和城乡建设局\n2020年9月30日\n"
    answered = parse_reply(
        head + "首先感谢您对城建事业的关心和支持,对于您提出的禾河路改造问题,我局已与规划部门对接,方案报批前暂时还不能施工。\n" + tail
    )
    assert len(answered.suggestions) == 1 and answered.suggestions[0].text.startswith("首先感谢")
    plain = parse_reply(head + "禾河路改造已列入明年计划。\n首先感谢您对城建事业的关心和支持!\n" + tail)
    assert [s.text for s in plain.suggestions] == ["禾河路改造已列入明年计划。"]
