"""Traps that real-fresh-10 (64 real replies, measured once before any change) showed, each in
invented words; the whole letters are fixtures 420-439 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.dates import date_shape
from cppcc_review.store.reading.parse_fields import find_proposal_no, is_key_line
from cppcc_review.store.reading.parse_tail import is_closing, strip_seal
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.reply_proposers import proposers_from_salutation
from cppcc_review.store.reading.reply_title import title_from_opening
from cppcc_review.store.reading.textclean import clean_lines, fold


@pytest.mark.parametrize(
    ("written", "shaped", "iso"),
    [
        ("20246月14", True, "2024-06-14"),  # 年 and 日 lost, the year's digits run on into the month
        ("20235月18日", True, "2023-05-18"),  # 年 lost
        ("202512月30", True, "2025-12-30"),
        ("2019月6月11日", True, "2019-06-11"),  # 月 printed for 年
        ("2025 9 4", True, "2025-09-04"),  # numbers separated by spaces
        ("二00八年六月十八日[1]", True, "2008-06-18"),  # a footnote mark after the date
        ("2021年4月", True, None),  # a month without its day: the date line, but no calendar date
        ("2020年4月27", False, None),  # 年 printed, 日 lost: may be a page cut inside the day (as before)
        ("20246月", False, None),
        ("2024 年", False, None),
    ],
)
def test_signature_dates_whose_characters_a_page_lost(written: str, shaped: bool, iso: str | None) -> None:
    assert date_shape(written) == (shaped, iso)


def test_a_garbled_signature_date_keeps_signer_and_date_out_of_the_answer() -> None:
    reply = parse_reply(
        "王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n我局已安排资金修缮便桥,年底前完工。\n"
        "禾县交通运输局\n2019月6月11日\n"
    )
    assert (reply.handler, reply.date) == ("禾县交通运输局", "2019-06-11")
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮便桥,年底前完工。"]


def test_a_seal_by_proxy_mark_is_cut_off_the_signer_whole() -> None:
    assert strip_seal("禾县交通运输局(代章)") == "禾县交通运输局"
    assert strip_seal("禾县交通运输局（代章）") == "禾县交通运输局"
    assert strip_seal("禾县交通运输局(章)") == "禾县交通运输局"  # as before


@pytest.mark.parametrize(
    "line",
    [
        "对以上答复还有什么意见或建议,请在《政协提案办理情况反馈意见表》中反馈我们。",
        "专此函达。",
        "最后,恳请各位委员一如既往地关心支持禾县教育事业发展!",
        "热诚欢迎您一如既往地关心支持城市管理,并对我们的工作进行监督,监督电话:0372-1234567。",
        "最后,再次感谢您对我市城市管理提出的宝贵意见,希望继续得到您更多的宝贵意见和建议。",
    ],
)
def test_closing_lines_real_letters_end_with(line: str) -> None:
    assert is_closing(fold(line))


def test_a_body_line_that_asks_something_of_others_is_no_closing() -> None:
    assert not is_closing(fold("请主办单位结合片区改造时序,优先安排停车场建设用地的报批工作,我局将全力配合。"))
    assert not is_closing(fold("对以上路段,我局已安排专人巡查。"))


def test_a_footer_in_any_case_and_the_site_host_above_it_are_page_furniture() -> None:
    lines = clean_lines("禾局\n2023年5月6日\n作者:\nCopyRight 2010-2016 禾州公安 All Right Reserved\n版权所有:禾州市公安局\n")
    assert lines == ["禾局", "2023年5月6日"]
    lines = clean_lines("禾局\n2023年5月6日\nCopyright 2008-2010 www.he.gov.cn All Rights Reserved\n禾区政府主办 电话:0000\n")
    assert lines == ["禾局", "2023年5月6日"]
    lines = clean_lines("禾局\n2023年5月6日\n主办:禾川市体育局\n地址:禾川市滨河路18号 电话:0000-7654321\n禾ICP备00000000号\n")
    assert lines == ["禾局", "2023年5月6日"]
    # A letter's own contact address above a footer stays.
    lines = clean_lines("禾局\n2023年5月6日\n联系地址:禾川市滨河路18号\n禾ICP备00000000号\n")
    assert lines == ["禾局", "2023年5月6日", "联系地址:禾川市滨河路18号"]


def test_phone_qr_prompts_and_empty_image_cells_are_page_furniture() -> None:
    lines = clean_lines("禾局\n![]() |\n用手机扫描二维码 关注禾城市政府网微博 |\n* * *\n")
    assert lines == ["禾局"]


@pytest.mark.parametrize(
    ("head", "result"),
    [
        ("分类:A\n禾建函〔2022〕118号", "A"),  # 分类 as the result label
        ("禾教体复〔2021〕15号" + " " * 60 + "C", "C"),  # a right-aligned class after the 文号
        ("理结果:正在解决\n禾绿函(2023)9号", "正在解决"),  # 办理结果 that lost its first character
        ("分类:提案\n禾建函〔2022〕118号", None),  # a document type, not a result (as 类别:提案)
    ],
)
def test_result_labels_real_pages_print(head: str, result: str | None) -> None:
    reply = parse_reply(head + "\n王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n我局已安排资金修缮便桥。\n禾县交通运输局\n2024年5月6日\n")
    assert reply.declared_result == result


def test_a_proposal_number_with_a_group_letter_and_a_hyphen() -> None:
    assert find_proposal_no("第A-078号代表建议", "第A-078号代表建议") == "第A-078号"
    assert find_proposal_no("对区第十七届人大第三次会议A-078号代表建议的答复", "对区第十七届人大第三次会议A-078号代表建议的答复") == "A-078号"
    assert find_proposal_no("第0946号", "第0946号") == "第0946号"  # as before


def test_a_thanks_line_between_the_opening_and_the_answer_is_not_the_answer() -> None:
    head = "王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n"
    tail = "禾县交通运输局\n2024年5月6日\n"
    reply = parse_reply(head + "首先,感谢您对交通运输工作的关心和支持。\n我局已安排资金修缮便桥。\n" + tail)
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮便桥。"]
    # A thanks line that goes on to answer, and a thanks line that is the only body line, stay.
    answer = "首先感谢您对交通运输工作的关心和支持,对于您提出的便桥问题,我局已安排资金于年内修缮完成。"
    assert [s.text for s in parse_reply(head + answer + "\n" + tail).suggestions] == [answer]


def test_a_members_unit_in_brackets_after_the_role_is_no_part_of_her_name() -> None:
    assert proposers_from_salutation("苏晓委员(区卫生健康局):") == ["苏晓"]
    assert proposers_from_salutation("王明、李华代表(市人大):") == ["王明", "李华"]
    assert proposers_from_salutation("韩晓东(等3位)代表:") == ["韩晓东"]  # as before


def test_an_empty_article_source_label_does_not_hide_the_publication_date_after_it() -> None:
    reply = parse_reply(
        "文章来源: 发布时间:2019-03-05\n王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n"
        "我局已安排资金修缮便桥。\n此复。\n"
    )
    assert reply.date == "2019-03-05" and "date_from_metadata" in reply.parse_warnings


def test_a_quoted_requirement_in_the_answer_is_no_title() -> None:
    reply = parse_reply(
        "关于加快禾集镇小学食堂建设的建议\n王林代表:\n您好!您的建议收悉,现答复如下:\n"
        "我局根据省里“关于寄宿制学校都应配建食堂的有关要求”,已将该食堂列入计划。\n此复。\n"
    )
    assert reply.title == "关于加快禾集镇小学食堂建设的建议"


def test_a_stray_closing_quote_ends_an_unquoted_title_past_a_suggestion_inside_it() -> None:
    opening = "你们提出的关于加强培训建议和设施配套不足问题的提案”交由我单位办理,现答复如下:"
    assert title_from_opening(opening, fold(opening)) == "关于加强培训建议和设施配套不足问题的提案"
    plain = "您提出的关于加快禾镇管网建设的建议意见收悉建议很好!"
    assert title_from_opening(plain, fold(plain)) == "关于加快禾镇管网建设的建议"  # as before


def test_a_phone_label_with_a_semicolon_and_leftover_digits_end_the_letter() -> None:
    assert is_key_line(fold("联系电话;13900002222")) and not is_key_line(fold("电话;见附件"))
    reply = parse_reply(
        "王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n我局已安排资金修缮便桥。\n"
        "联系人:马丽\n联系电话;13900002222\n365\n"
    )
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮便桥。"]
    assert reply.contacts == {"联系人": "马丽", "联系电话": "13900002222"}


@pytest.mark.parametrize(
    ("answer", "unit"),
    [
        ("自收到提案后,禾乐市公安局认真研究,已在路口增设减速带。", "禾乐市公安局"),
        ("禾南区教育局根据省里的要求,已将食堂列入计划。", "禾南区教育局"),
        ("由市住建局牵头,已完成设计。", None),  # a lead unit of the work, not the one answering
        ("今年我局已完成设计。", None),
        ("一是禾兴大队加强巡逻。", None),
        ("禾镇中心小学已完成设计。", None),
        # the issuer of a document the answer cites, not the unit answering (real-fresh-12, read after
        # its one measure): "省政府办公厅印发的《…方案》,已将…"
        ("省政府办公厅印发的《禾省公路新通道实施方案》,已将该路列为主通道项目。", None),
        ("禾市交通运输局制定的《农村公路养护办法》已明确养护责任。", None),
    ],
)
def test_the_unit_that_opens_the_answer_answers_when_nothing_else_names_one(answer: str, unit: str | None) -> None:
    reply = parse_reply("王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n" + answer + "\n此复。\n")
    assert reply.handler == unit
    assert ("handler_from_opening" in reply.parse_warnings) == (unit is not None)


def test_an_answer_that_opens_with_its_unit_on_the_opening_line_begins_there() -> None:
    reply = parse_reply(
        "王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,答复如下:禾县交通运输局对便桥进行了检测。\n"
        "下一步我局将安排资金修缮便桥。\n"
    )
    assert reply.handler == "禾县交通运输局"
    assert reply.suggestions[0].text.endswith("禾县交通运输局对便桥进行了检测。\n下一步我局将安排资金修缮便桥。")
