"""Traps that real-fresh-113..-115 showed (parser round p15), each in invented words, with near misses that must stay
as they were.

- "2012年9月17日以X〔2012〕第154号文函复:" between a national body's name and the salutation: the date's 日 and 以
  ("by") are no part of the 文号, and the name above that line is the letter's letterhead;
- a page's 来源 that is a portal ("X区政府门户网站") or a section of a unit ("社保科") names who posted the page, not
  the unit that answers;
- a site's address glued before a byline's first label ("www.x.gov.cn作者:日期: 2016/05/19") hides no date;
- "办理结果分类:B" is the declared result, as 办理结果 is;
- "王明(李华、张强)代表:": the lead and the deputies who signed with them in brackets are all proposers;
- "经认真研究并综合A和B的会办意见": the study before 综合 is no co-handler; "会同属地单位和…单位到现场…" names none;
- a disclosure catalogue's "索引号: … 主办单位: X局" files the page under its unit, and "制发日期" dates it;
- "• X委员:" ending a bulleted byline is the salutation, and "• 2019年07月17日 14时55分" (a clock in words) the
  page's date;
- a co-handler's opinion that addresses the lead unit by its name alone, without a colon ("X管委会" / "现将…建议…的办理
  情况函告如下,请综合后一并答复代表。"), is read as one: kind, 文号 (its closing bracket lost, "〔2022181号(A"),
  proposal number, title, date; the lead unit is no proposer.
"""

from __future__ import annotations

from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_LETTER = "李文昌委员:\n您提出的《关于增设社区图书角的提案》收悉,现答复如下:\n我们已在三个社区试点,下一步将逐步推开。\n"


def _answered_by_letter(line: str) -> str:
    return "当前位置:首页 > 提案复文\n第2045号提案复文\n2013-02-28\n东湖市文化局\n" + line + _LETTER


def test_the_date_and_by_before_a_doc_number_are_no_part_of_it() -> None:
    reply = parse_reply(_answered_by_letter("2012年9月17日以东文提〔2012〕第154号文函复:\n"))
    assert reply.doc_no == "东文提〔2012〕第154号"


def test_the_unit_above_the_line_that_says_how_it_answered_is_the_letterhead() -> None:
    assert parse_reply(_answered_by_letter("2012年9月17日以东文提〔2012〕第154号文函复:\n")).handler == "东湖市文化局"


def test_a_plain_date_line_under_a_unit_is_still_not_a_letterhead_line() -> None:
    # near miss: a date alone between the name and the salutation is no letter's line; nothing changes
    reply = parse_reply(_answered_by_letter("2012年9月17日\n"))
    assert reply.handler is None
    assert reply.doc_no is None


def _sourced(source: str) -> str:
    return "对禾山区三届人大二次会议第5号建议的答复\n编稿时间: 2018-07-18 15:33 来源: " + source + " 浏览量:1次\n" + _LETTER


def test_a_portal_named_as_the_source_is_not_the_answering_unit() -> None:
    reply = parse_reply(_sourced("禾山区政府门户网站"))
    assert reply.handler is None
    assert "no_handler" in reply.parse_warnings


def test_a_section_named_as_the_source_is_not_the_answering_unit() -> None:
    assert parse_reply(_sourced("社保科")).handler is None


def test_a_unit_named_as_the_source_is_still_read() -> None:
    # near misses: a unit with its place, a ministry's own site
    assert parse_reply(_sourced("禾山区文化局")).handler == "禾山区文化局"
    assert parse_reply(_sourced("市社保科")).handler == "市社保科"
    assert parse_reply(_sourced("文化部网站")).handler == "文化部"


def test_a_site_address_glued_before_the_byline_hides_no_date() -> None:
    text = (
        "关于增设社区图书角的建议\nwww.heshan.gov.cn作者:日期: 2016/05/19【字体:\n"
        "关于对区三届人大五次会议第12号建议的答复\n" + _LETTER
    )
    assert parse_reply(text).date == "2016-05-19"


def test_a_result_class_label_gives_the_declared_result() -> None:
    text = "关于第12号提案的答复\n来源: 禾山区文化局 | 发布日期: 2021-08-09 11:05\n办理结果分类:B\n" + _LETTER
    assert parse_reply(text).declared_result == "B"


_CO_SIGNED = "关于第12号建议的答复\n{salutation}\n你们提出的《关于增设社区图书角的建议》收悉,现答复如下:\n我们已在三个社区试点。\n"


def test_deputies_in_brackets_after_the_lead_are_proposers_too() -> None:
    reply = parse_reply(_CO_SIGNED.format(salutation="王明(李华、张强)代表:"))
    assert reply.proposers == ["王明", "李华", "张强"]


def test_a_unit_or_a_count_in_brackets_is_still_no_proposer() -> None:
    # near misses: the member's unit after the role, how many signed
    assert parse_reply(_CO_SIGNED.format(salutation="苏璇委员(区应急管理局):")).proposers == ["苏璇"]
    assert parse_reply(_CO_SIGNED.format(salutation="韩晓东(等3位)代表:")).proposers == ["韩晓东"]


_FOLDED_IN = (
    "关于第12号建议的答复\n王明代表:\n您提出的关于增设社区图书角的建议收悉,{how}的会办意见,现答复如下:\n"
    "我们已在三个社区试点。\n"
)


def test_the_study_before_the_co_handlers_opinions_is_no_co_handler() -> None:
    reply = parse_reply(_FOLDED_IN.format(how="经认真研究并综合区财政局和区教育局"))
    assert reply.co_handlers == ["区财政局", "区教育局"]


def test_co_handlers_opinions_folded_in_without_the_study_are_still_read() -> None:
    # near miss
    assert parse_reply(_FOLDED_IN.format(how="经综合区财政局")).co_handlers == ["区财政局"]


def test_the_units_where_the_place_lies_are_no_co_handlers() -> None:
    text = (
        "关于第12号建议的答复\n王明代表:\n您提出的《关于增设社区图书角的建议》收悉。现将我局办理情况答复如下:\n"
        "对此,我局高度重视,收到建议后立即会同属地单位和社区管理单位到现场查看,现已全部整改完毕。\n"
        "一、增设图书角。\n二、加强管理。\n"
    )
    assert parse_reply(text).co_handlers == []


_CATALOGUE = (
    "您当前位置:首页 > 正文\n目录项的基本信息\n公开事项名称: 关于第0240号提案答复的函\n{fields}\n"
    "关于第0240号提案答复的函\n你们提出的《关于增设社区图书角的提案》收悉,现答复如下:\n我们已在三个社区试点。\n"
)


def test_a_catalogue_entry_files_the_page_under_its_unit_and_dates_it() -> None:
    reply = parse_reply(_CATALOGUE.format(fields="索引号: 000012345/2019-00174 主办单位: 国家林业局\n制发日期: 2019-09-02"))
    assert reply.handler == "国家林业局"
    assert reply.date == "2019-09-02"


def test_a_host_field_without_a_catalogue_entry_is_still_not_the_answering_unit() -> None:
    # near miss: "主办单位:" alone at a page's top is the site's host
    text = "主办单位: 禾山区人民政府办公室\n关于第0240号提案答复的函\n" + _LETTER
    assert parse_reply(text).handler is None


_BULLETED = (
    "东湖省文化厅对省政协十二届二次会议第0663号提案答复的函\n  • 2019年07月17日 14时55分\n  • 来源: 文化厅\n"
    "  • 【字体:\n  • {last}\n您提出的《关于增设社区图书角的提案》(第0663号提案)收悉,现答复如下:\n我们已在三个社区试点。\n"
)


def test_a_salutation_ending_a_bulleted_byline_is_the_salutation() -> None:
    reply = parse_reply(_BULLETED.format(last="李文昌委员:"))
    assert reply.proposers == ["李文昌"]
    assert "no_salutation" not in reply.parse_warnings


def test_a_bulleted_date_with_a_clock_in_words_dates_the_page() -> None:
    assert parse_reply(_BULLETED.format(last="李文昌委员:")).date == "2019-07-17"


_TO_THE_LEAD = (
    "今 天 是 :\n中国政府网|湖北政府网|繁体|无障碍\n2022-07-21 16:07  | \n"
    "对市十五届人大一次会议第20220512号建议会办工作的意见\n{doc}\n湖滨风景区管委会\n"
    "现将市十五届人大一次会议第20220512号建议提出的关于对滨湖北路沿线路灯及配套设施改造建议的办理情况{asked}\n"
    "一、基本情况\n滨湖北路全长4公里,路灯已运行十年。\n二、下一步工作\n我局将配合完成改造。\n"
)
_ASKED = "函告如下,请综合后一并答复代表。"


def test_an_opinion_to_the_lead_unit_named_without_a_colon_is_a_co_handlers_opinion() -> None:
    reply = parse_reply(_TO_THE_LEAD.format(doc="禾水函〔2022〕181号", asked=_ASKED))
    assert reply.kind is ReplyKind.CO_HANDLER_OPINION
    assert reply.proposal_no == "第20220512号"
    assert reply.title == "关于对滨湖北路沿线路灯及配套设施改造建议"
    assert reply.date == "2022-07-21"
    assert reply.proposers == []


def test_a_doc_number_that_lost_its_closing_bracket_before_its_class_is_read() -> None:
    reply = parse_reply(_TO_THE_LEAD.format(doc="禾水函〔2022181号(A", asked=_ASKED))
    assert reply.doc_no == "禾水函〔2022181号"


def test_an_opening_that_answers_the_member_is_not_an_opinion_to_the_lead() -> None:
    # near miss: "现将您提出的…答复如下" under a unit's name is a reply, the name its letterhead
    text = "禾山区水利局\n现将您提出的关于增设社区图书角的建议办理情况答复如下:\n我们已在三个社区试点。\n"
    reply = parse_reply(text)
    assert reply.kind is ReplyKind.REPLY
    assert reply.handler == "禾山区水利局"
