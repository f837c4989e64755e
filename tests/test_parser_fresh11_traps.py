"""Traps that real-fresh-11 and -12 (92 real replies, measured once before any change) showed, each in
invented words; the whole letters are fixtures 460-479 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.dates import date_shape
from cppcc_review.store.reading.parse_fields import find_doc_no, find_proposal_no
from cppcc_review.store.reading.parse_meta import read_metadata
from cppcc_review.store.reading.parse_tail import is_closing
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.reply_proposers import is_salutation, proposers_from_salutation
from cppcc_review.store.reading.textclean import clean_lines, fold


@pytest.mark.parametrize(
    ("written", "shaped", "iso"),
    [
        ("19990868", False, None),  # a page's id under the letter: no calendar date, no date line
        ("20220868", False, None),
        ("2023539", False, None),  # neither 2023-5-39 nor 2023-53-9
        ("20211026", True, "2021-10-26"),  # as before
        ("2023531", True, "2023-05-31"),
        ("2024年6月31日", True, None),  # written as a date: still the date line, reported as impossible
    ],
)
def test_digits_that_read_as_no_calendar_date_are_no_date_line(written: str, shaped: bool, iso: str | None) -> None:
    assert date_shape(written) == (shaped, iso)


def test_a_page_id_under_a_repeated_title_leaves_signer_and_date_alone() -> None:
    reply = parse_reply(
        "禾县水利局关于县五届人大一次会议第9号建议的答复\n王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n"
        "我局已安排资金修缮水渠。\n禾县水利局\n2019年6月11日\n禾县水利局关于县五届人大一次会议第9号建议的答复\n20190699\n"
    )
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-11")
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


@pytest.mark.parametrize(
    "line",
    [
        "此函。",
        "妥否,请批评指正。",
        "此答复函已经王强局长审核。",
        "为尽快了解您对答复的意见,请您将《提案办理情况征询意见表》填写后于7月10日前反馈县政府办公室。",
    ],
)
def test_closing_lines_real_letters_end_with(line: str) -> None:
    assert is_closing(fold(line))


def test_a_plan_that_is_checked_by_another_office_is_no_closing() -> None:
    assert not is_closing(fold("项目方案经县发改局审核后,将于年底前开工建设。"))
    assert not is_closing(fold("请施工单位将《施工组织方案》报住建局备案。"))


def test_a_next_step_section_after_the_answer_belongs_to_it() -> None:
    reply = parse_reply(
        "王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n一、已安排资金修缮水渠\n今年已修缮两段。\n"
        "二、下一步工作计划\n我局将继续争取资金。\n禾县水利局\n2019年6月11日\n"
    )
    assert len(reply.suggestions) == 1
    assert reply.suggestions[0].text == "今年已修缮两段。\n二、下一步工作计划\n我局将继续争取资金。"


def test_a_contact_unit_with_its_phone_glued_on_names_the_handler() -> None:
    reply = parse_reply(
        "王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n我局已安排资金修缮水渠。\n2019年6月11日\n"
        "联系单位及电话:禾县水利局7654321\n"
    )
    assert reply.handler == "禾县水利局"
    assert "handler_from_contacts" in reply.parse_warnings


@pytest.mark.parametrize("first_half", ["对禾河市第八届人民代表大会", "关于禾河市第八届人大", "对禾县政协第五届委员会第二次会议"])
def test_the_first_half_of_a_title_over_two_lines_is_no_unit(first_half: str) -> None:
    reply = parse_reply(
        f"{first_half}\n第二次会议第12号建议的答复\n王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n"
        "我局已安排资金修缮水渠。\n2019年6月11日\n"
    )
    assert reply.handler is None


_LETTER = "王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n我局已安排资金修缮水渠。\n禾县水利局\n2019年6月11日\n"


@pytest.mark.parametrize(
    ("head", "result"),
    [
        ("关于禾县五届人大一次会议第9号建议的答复函 B\n", "B"),  # a class after a space at the title line's end
        ("禾水函﹝2019﹞3号 A类 同意公开\n", "A类"),  # a 文号 in small brackets
        ("禾水函〔2019〕3号(A)类\n", "A"),  # the class in brackets before its 类
        ("分类(C)\n", "C"),
        ("签发人 王强 签发日期 2019-06-11 发布日期 2019-06-12 类别 B\n", "B"),  # a record row without colons
    ],
)
def test_result_classes_as_pages_print_them(head: str, result: str) -> None:
    assert parse_reply(head + _LETTER).declared_result == result


def test_a_title_line_ending_in_a_plain_letter_word_keeps_no_class() -> None:
    assert parse_reply("关于禾县五届人大一次会议第9号建议的答复函\n" + _LETTER).declared_result is None


def test_table_cells_that_each_hold_a_whole_field_are_read_as_fields() -> None:
    meta = read_metadata(
        ["| 发文字号: | 发文时间:2024-05-20 |", "| 发文机关:禾城区住建局 | 主题词: |", "| 文号 | 禾建函〔2024〕3号 |"],
        [fold(x) for x in ["| 发文字号: | 发文时间:2024-05-20 |", "| 发文机关:禾城区住建局 | 主题词: |", "| 文号 | 禾建函〔2024〕3号 |"]],
        3,
    )
    assert meta.get("发文字号") is None  # the next cell is a field of its own, not this label's value
    assert meta.get("发文机关") == "禾城区住建局"
    assert meta.get("文号") == "禾建函〔2024〕3号"  # a label's value in the next cell, as before


def test_a_record_row_of_labels_and_values_without_colons_is_metadata() -> None:
    row = "签发人 陈明 签发日期 2022-06-10 发布日期 2022-06-12 10:06 类别 B"
    meta = read_metadata([row], [fold(row)], 1)
    assert meta.get("发布日期") == "2022-06-12 10:06"
    assert meta.get("签发人") == "陈明"
    # A sentence that happens to open with a label's word is no row.
    line = "来源 于群众反映的问题 我局已经核实"
    assert read_metadata([line], [fold(line)], 1).values == {}


@pytest.mark.parametrize("label", ["答复内容:", "回复内容:", "办理意见:", "提案内容:"])
def test_an_answer_label_above_the_opening_is_no_salutation(label: str) -> None:
    assert not is_salutation(fold(label))


def test_a_record_page_whose_answer_follows_its_reply_label_on_the_same_line_is_read() -> None:
    reply = parse_reply(
        "禾阴县林业局关于办理县五届人大一次会议第7号建议的函\n王五(等)代表提出的《关于加强禾河绿化的建议》。\n"
        "回复   经我局调查,禾河两岸绿化已纳入今年计划。\n"
    )
    assert (reply.title, reply.proposers, reply.handler) == ("关于加强禾河绿化的建议", ["王五"], "禾阴县林业局")
    assert [s.text for s in reply.suggestions] == ["经我局调查,禾河两岸绿化已纳入今年计划。"]


def test_an_attachment_note_between_closing_and_date_keeps_the_form_after_it_out_of_the_answer() -> None:
    reply = parse_reply(
        _LETTER.replace("禾县水利局\n2019年6月11日\n", "附:委员提案办理情况征询意见表\n2019年6月11日\n联系人:李四\n")
        + "禾县政协八届二次会议委员提案\n办理情况征询意见表\n委员姓名 |\n对办理情况的意见:\n满意 |\n委员签名:\n年月日\n"
    )
    assert reply.date == "2019-06-11"
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


def test_a_doc_no_printed_after_the_signer_in_the_header_is_not_the_signer() -> None:
    reply = parse_reply("签发:周立新 禾城字〔2022〕31号\n" + _LETTER)
    assert (reply.contacts["签发"], reply.doc_no) == ("周立新", "禾城字〔2022〕31号")


def test_a_signature_date_cut_inside_its_day_at_the_page_end_anchors_the_tail_without_a_date() -> None:
    reply = parse_reply(_LETTER.replace("2019年6月11日\n", "2019年6月1\n"))
    assert (reply.handler, reply.date) == ("禾县水利局", None)
    assert "date_impossible" not in reply.parse_warnings
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]
    assert date_shape("2019年6月1") == (False, None)  # as a line of its own, still no date (fresh10 round)


def test_a_contact_label_that_lost_its_first_characters_stays_in_the_tail() -> None:
    reply = parse_reply(_LETTER.replace("禾县水利局\n2019年6月11日\n", "联系单位:禾县水利局\n人:李四\n2019年6月1\n"))
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]
    assert reply.handler == "禾县水利局"


def test_a_delegation_before_the_first_deputy_is_no_part_of_the_name() -> None:
    assert proposers_from_salutation("禾堰镇代表团张国庆、李春花代表:") == ["张国庆", "李春花"]
    assert proposers_from_salutation("禾南代表团:") == ["禾南代表团"]  # a delegation alone stays


@pytest.mark.parametrize("line", ["账号+密码登录", "手机+密码登录", "还没有账号?", "立即注册"])
def test_a_login_widget_is_page_chrome(line: str) -> None:
    assert clean_lines("我局已安排资金修缮水渠。\n" + line + "\n") == ["我局已安排资金修缮水渠。"]


def test_a_close_button_in_a_table_row_is_page_chrome() -> None:
    assert clean_lines("我局已安排资金修缮水渠。\n| 【关闭窗口】 | " + "|" * 60 + "\n") == [
        "我局已安排资金修缮水渠。"
    ]
    assert clean_lines("| 索引号 | 001 |\n") == ["| 索引号 | 001 |"]  # a metadata row stays


def test_a_title_in_a_table_cell_gives_the_unit_in_front_of_it() -> None:
    reply = parse_reply("| 禾县水利局关于 对县五届人大一次会议第9号建议的答复 | |||\n" + _LETTER.replace("禾县水利局\n", ""))
    assert reply.handler == "禾县水利局"


@pytest.mark.parametrize(
    ("line", "doc_no"),
    [
        ("[2016]禾政复函 5号(B类)", "[2016]禾政复函 5号"),  # the year in brackets first
        ("〔2016〕禾政复函5号", "〔2016〕禾政复函5号"),
        ("禾政复函〔2016〕5号", "禾政复函〔2016〕5号"),  # as before
        ("[2016]年度工作要点", None),
    ],
)
def test_doc_nos_with_the_year_in_brackets_first(line: str, doc_no: str | None) -> None:
    assert find_doc_no(line, fold(line)) == doc_no


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("关于对县政协十届三次会议A类第72提案的答复", "第72"),
        ("对县十七届人大三次会议第63号建议的答复", "第63号"),  # as before
        ("在县政协十届第3次会议上提出", None),
    ],
)
def test_a_proposal_number_without_its_hao(line: str, number: str | None) -> None:
    assert find_proposal_no(line, fold(line)) == number


def test_a_letter_to_a_unit_answers_the_deputy_its_opening_names() -> None:
    reply = parse_reply(
        "禾里区政府:\n关于陈佳代表在市十六届人大五次会议上提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n"
        "我局已安排资金修缮水渠。\n禾县水利局\n2019年6月11日\n"
    )
    assert reply.proposers == ["陈佳"]
    # A party's committee that proposed it stays the proposer when the opening names nobody.
    reply = parse_reply("民进禾江区委:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n我局已安排资金修缮水渠。\n禾县水利局\n2019年6月11日\n")
    assert reply.proposers == ["民进禾江区委"]
