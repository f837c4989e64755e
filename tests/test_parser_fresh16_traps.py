"""Traps that real-fresh-16 and -17 (39 and 36 real replies, measured before any change) showed, each in
invented words; the whole letters are fixtures 571 and on (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED
from tests.helpers.trap_letters import page_fields as _meta

_UNSIGNED = f"王林代表:\n{_OPENING}{_BODY}"


def test_a_source_with_the_unit_the_date_and_a_clock_names_both() -> None:
    reply = parse_reply(f"来源:禾县水利局 2019-06-12 09:30\n{_UNSIGNED}")
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-12")
    assert "handler_from_metadata" in reply.parse_warnings


@pytest.mark.parametrize(
    "line",
    [
        "来源:禾县人民政府 2019-06-12 09:30",  # the government whose site publishes the page
        "来源:禾县政府督查室   2019-06-12 09:30",  # the office that gathers the replies
        "来源:禾县人大常委会 2019-06-12",  # the assembly
    ],
)
def test_a_dated_source_that_is_no_answering_unit_gives_the_date_only(line: str) -> None:
    reply = parse_reply(f"{line}\n{_UNSIGNED}")
    assert (reply.handler, reply.date) == (None, "2019-06-12")


def test_a_dated_source_without_a_units_name_is_left_as_written() -> None:
    reply = parse_reply(f"来源:本站 2019-06-12 09:30\n{_UNSIGNED}")
    assert (reply.handler, reply.date) == (None, None)


def test_the_unit_the_answer_names_wins_over_a_dated_source() -> None:
    text = f"来源:禾县教育局 2019-06-12 09:30\n王林代表:\n{_OPENING}禾县水利局已安排资金修缮水渠。\n"
    assert parse_reply(text).handler == "禾县水利局"


def test_a_signature_wins_over_a_dated_source() -> None:
    reply = parse_reply(f"来源:禾县教育局 2019-06-12 09:30\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-11")


def test_the_label_fabiao_shijian_is_a_publication_date() -> None:
    assert _meta("浏览次数: 发表时间:2025-06-12 09:41  字体:[  ]\n王林代表:\n").get("发表时间") == "2025-06-12 09:41"
    assert parse_reply(f"浏览次数: 发表时间:2025-06-12 09:41  字体:[  ]\n{_UNSIGNED}").date == "2025-06-12"


def test_a_views_counter_opening_the_line_leaves_the_time_after_it() -> None:
    assert parse_reply(f"浏览:1864次'时间:2019年9月3日\n{_UNSIGNED}").date == "2019-09-03"


def test_a_views_counter_alone_gives_no_date() -> None:
    assert parse_reply(f"浏览:1864次\n{_UNSIGNED}").date is None


def test_a_copy_sites_byline_gives_the_date() -> None:
    reply = parse_reply(f"禾县水利局对第12号建议的答复\nadmin 484 2019-06-12\n{_UNSIGNED}")
    assert reply.date == "2019-06-12"
    assert "date_from_metadata" in reply.parse_warnings


@pytest.mark.parametrize(
    "line",
    [
        "admin 2019-06-12",  # no views count: not the byline's shape
        "admin 484 2019-06-12 more",  # more after the date
        "Page 3 of 5",  # a latin line with no date
    ],
)
def test_other_latin_lines_give_no_date(line: str) -> None:
    assert parse_reply(f"禾县水利局对第12号建议的答复\n{line}\n{_UNSIGNED}").date is None


@pytest.mark.parametrize(
    "rows",
    [
        "主办单位:禾县水利局 | 协办单位:禾县财政局 禾县农业局 |",
        "主办单位(分办单位): | 禾县水利局 | 协办单位: | 禾县财政局、禾县农业局 |",
    ],
)
def test_a_record_tables_lead_and_assisting_units_name_handler_and_co_handlers(rows: str) -> None:
    reply = parse_reply(f"提案人:王林 | |\n{rows}\n{_UNSIGNED}")
    assert (reply.handler, reply.co_handlers) == ("禾县水利局", ["禾县财政局", "禾县农业局"])


@pytest.mark.parametrize(
    "rows",
    [
        "主办单位:禾县人民政府 | 地址:禾县新华路1号 |",  # a site's footer: its host, no assisting unit
        "主办单位:禾县水利局",  # no table row
    ],
)
def test_a_lead_unit_without_a_record_row_names_no_handler(rows: str) -> None:
    assert parse_reply(f"{rows}\n{_UNSIGNED}").handler is None


def test_a_record_tables_lead_unit_gives_way_to_a_signature() -> None:
    reply = parse_reply(f"主办单位:禾县教育局 | 协办单位:禾县财政局 |\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.handler == "禾县水利局"


def test_a_labels_bracketed_alias_is_read_only_for_our_labels() -> None:
    assert _meta("主办单位(分办单位):禾县水利局 | 协办单位:禾县财政局 |\n王林代表:\n").get("主办单位") == "禾县水利局"
    # (栏目 became a page field in p84, "栏目:通知公告 发布时间:…"; 专题 is still none of ours)
    assert "专题" not in _meta("专题(频道):提案办理 | 协办单位:禾县财政局 |\n王林代表:\n")


def test_the_unit_after_the_doc_no_and_dash_in_a_name_cell_is_the_handler() -> None:
    rows = "名 称: | 禾水复〔2023〕17号——禾县水利局关于第12号建议的答复 | ||\n"
    reply = parse_reply(f"{rows}{_UNSIGNED}")
    assert (reply.handler, reply.doc_no) == ("禾县水利局", "禾水复〔2023〕17号")
    assert "handler_from_title" in reply.parse_warnings


@pytest.mark.parametrize(
    "rows",
    [
        "名 称: | 水利工作——禾县水利局关于第12号建议的答复 | ||\n",  # no 文号 before the dash
        "名 称: | 禾水复〔2023〕17号——关于第12号建议的答复 | ||\n",  # no unit after it
    ],
)
def test_a_name_cell_without_a_doc_no_and_unit_around_the_dash_names_no_handler(rows: str) -> None:
    assert parse_reply(f"{rows}{_UNSIGNED}").handler is None


def test_a_title_broken_after_the_session_keeps_the_unit_at_its_head() -> None:
    text = f"禾水利部对全国人大某次会议\n第123号建议的答复\n禾水建〔2018〕第5号\n{_OPENING}{_BODY}"
    reply = parse_reply(text)
    assert (reply.handler, reply.doc_no) == ("禾水利部", "禾水建〔2018〕第5号")


def test_a_title_over_three_lines_is_joined_as_before() -> None:
    text = f"禾县水利局关于县十届人大二次会议\n第45号代表建议办理情况\n的答复函\n王林代表:\n{_OPENING}{_BODY}"
    assert parse_reply(text).handler == "禾县水利局"


def test_a_line_before_a_title_that_ends_no_session_is_not_joined() -> None:
    text = f"禾县水利局专栏\n第123号建议的答复\n王林代表:\n{_OPENING}{_BODY}"
    assert parse_reply(text).handler is None


def test_a_mirrors_question_mark_before_the_salutation_is_no_part_of_the_name() -> None:
    assert parse_reply(f"?王林代表:\n{_OPENING}{_BODY}{_SIGNED}").proposers == ["王林"]


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("你们提出的《关于修缮禾村水渠的建议》,交我局研究办理,现续复如下:\n", "follow_up"),
        ("你们提出的《关于修缮禾村水渠的建议》收悉,我局将继续复核水渠险段,现答复如下:\n", "reply"),  # 继续复核
        ("你们提出的《关于修缮禾村水渠的建议》收悉,各村陆续复工,现答复如下:\n", "reply"),  # 陆续复工
    ],
)
def test_xufu_marks_a_follow_up(opening: str, kind: str) -> None:
    assert parse_reply(f"王林代表:\n{opening}{_BODY}{_SIGNED}").kind.value == kind


@pytest.mark.parametrize(
    ("opening", "proposers"),
    [
        ("您与李强、赵敏委员提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n", ["王林", "李强", "赵敏"]),
        ("您与我局多次沟通的《关于修缮禾村水渠的建议》收悉,现答复如下:\n", ["王林"]),  # no co-proposer named
        (_OPENING, ["王林"]),
    ],
)
def test_co_proposers_after_nin_yu_join_the_addressee(opening: str, proposers: list[str]) -> None:
    assert parse_reply(f"王林委员:\n{opening}{_BODY}{_SIGNED}").proposers == proposers


_AGAIN = (
    "再次感谢王林代表对水利工作的关心和支持!您的建议对我们改进工作具有重要价值。我局将以对群众负责的态度,认真研究吸收您的意见,"
    "全力配合镇村两级做好水渠日常管护和汛期巡查工作,努力实现保护水源与保障群众用水的双赢目标。欢迎您继续对我们的工作进行监督和指导。\n"
)


def test_a_long_closing_that_thanks_again_is_no_part_of_the_last_suggestion() -> None:
    assert len(_AGAIN) > 121
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{_AGAIN}{_SIGNED}")
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


def test_a_long_paragraph_that_thanks_without_again_stays_in_the_body() -> None:
    line = "感谢" + _AGAIN[4:]
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{line}{_SIGNED}")
    assert reply.suggestions[-1].text.endswith("监督和指导。")


def test_a_copy_sites_line_of_date_unit_and_views_count_gives_both() -> None:
    reply = parse_reply(f"对第12号建议的答复\n2021-09-14 禾县水利局7325\n{_UNSIGNED}")
    assert (reply.handler, reply.date) == ("禾县水利局", "2021-09-14")


def test_a_dated_line_of_words_that_are_no_unit_gives_neither() -> None:
    reply = parse_reply(f"对第12号建议的答复\n2021-09-14 水渠修缮情况通报\n{_UNSIGNED}")
    assert (reply.handler, reply.date) == (None, None)


@pytest.mark.parametrize("source", ["人大办", "区人大常委会办公室", "区政协办公室"])
def test_the_assemblys_office_publishing_the_replies_is_no_unit(source: str) -> None:
    assert parse_reply(f"来源:{source}  |   发布日期:2021-10-12 15:30\n{_UNSIGNED}").handler is None


def test_a_letterhead_above_the_doc_no_over_a_title_broken_after_its_number_names_the_unit() -> None:
    head = "禾县水利局\n禾水函〔2021〕9号\n关于禾县十三届人大二次会议第17号\n建议办理情况的答复\n"
    reply = parse_reply(f"来源:人大办\n{head}{_UNSIGNED}")
    assert (reply.handler, reply.doc_no) == ("禾县水利局", "禾水函〔2021〕9号")
    assert "handler_from_title" in reply.parse_warnings


def test_a_doc_no_line_with_more_on_it_is_no_step_to_a_letterhead() -> None:
    head = "禾县水利局\n禾水函〔2021〕9号 签发人:李强\n关于禾县十三届人大二次会议第17号\n建议办理情况的答复\n"
    assert parse_reply(f"{head}{_UNSIGNED}").handler is None


def test_a_publishing_unit_with_its_second_name_in_brackets_is_the_unit() -> None:
    reply = parse_reply(f"发布机构: 禾县发改委(禾县能源局) 主题分类: 综合政务\n{_UNSIGNED}")
    assert reply.handler == "禾县发改委(禾县能源局)"


@pytest.mark.parametrize("value", ["禾县发改委(综合科室)", "禾县发改委(2023)"])
def test_a_publishing_unit_with_other_words_in_brackets_is_no_unit(value: str) -> None:
    assert parse_reply(f"发布机构: {value} 主题分类: 综合政务\n{_UNSIGNED}").handler is None
