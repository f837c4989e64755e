"""Traps that real-fresh-60..-105 showed (p113), each in invented words, with near misses that must stay as they were.

- a unit's name alone on the line right above the salutation (or above the opening, with no salutation) is the
  letter's letterhead printed at its top: the answering unit, where nothing better names one;
- a site's name (no place in it) on the page's first line, over the title of a letter the page says came from another unit
  ("来源: 水利部网站"), is the reposting site, not the letterhead: the source answers;
- "会办单位" written next to the units it names ("经商会办单位(A)", "经与会办单位A商议后", "组织会办单位A和B召开…",
  "召集A、B(会办单位)会商"): the co-handlers;
- the paragraph where the unit says how it handled the proposal, after the body's first ("我局高度重视,…会同A等单位,
  积极…"), names its co-handlers as the first paragraph does;
- the units organised to study the proposal, whose 会办 opinions the answer folds in, are co-handlers also without
  "等单位", with their count ("等3个单位"), and a street named alone; a unit's former name in brackets is no part of it;
- a letter that opens "现就…第2045号建议提出办理意见:" (no salutation, no 收悉, no 如下) is an opinion on another's
  answer: its opening gives the proposal's number, and the deputy who opens its answer ("X代表针对…提出了…") proposed it;
- a court that names itself where the answer opens ("最高人民法院高度重视…") is the answering unit, as a 局 is;
- a title line whose last words are spaced out one character at a time ("X局 关于…建议的 协 办 意 见", "…的 复 函") is
  still a title line, and the unit that opens it answers;
- a unit that speaks of itself in the opening after its 收悉 ("…收悉。县林业局作为主办单位…", "…收悉,教育局对您提到的
  此建议非常重视") is the answering unit, as it is in the answer;
- a byline's date and clock before its 来源 give the publication date also with the page's font buttons between
  them ("2020-07-08 16:16 【浏览字号: 来源:X");
- a quoted campaign or slogan in the opening before the proposal's title ("感谢您对“厕所革命”工作的关心!您提出的
  《关于…的提案》", "您在“聚民意,惠民生”行动中提出的关于…的建议") is not the title: the quote or words naming the proposal are;
- a disclosure table's "办文单位" / "所属机构" / "责任部门" names the publishing unit, as 发布机构 does;
"""

from __future__ import annotations

import pytest

from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_ANSWER = "{above}\n李文昌委员:\n您提出的《关于增设社区图书角的建议》收悉,现答复如下:\n我们已在三个社区试点。\n{end}"


def test_a_unit_alone_above_the_salutation_is_the_answering_unit() -> None:
    assert parse_reply(_ANSWER.format(above="文化局", end="")).handler == "文化局"


def test_a_unit_alone_above_an_opening_without_salutation_is_the_answering_unit() -> None:
    text = (
        "关于区政协五届二次会议第017号提案的协办意见\n主动公开\n2021.05.12\n区林业站\n"
        "吴建华委员在区政协会议上提出017号提案《关于补植行道树的建议》收悉,现提出如下协办意见:\n"
        "我站已排查缺株路段。\n"
    )
    assert parse_reply(text).handler == "区林业站"


def test_a_signature_still_beats_a_unit_above_the_salutation() -> None:
    # near miss: the signature names the answering unit; the line on top does not overrule it
    reply = parse_reply(_ANSWER.format(above="文化局", end="感谢您的关心。\n东湖市文化广电旅游局\n2023年5月6日\n"))
    assert reply.handler == "东湖市文化广电旅游局"


def test_a_spaced_source_field_above_the_salutation_is_read_as_metadata() -> None:
    # near miss: "来  源 X" above the salutation is the page's field, its unit read without the label
    above = "发布机构 东湖市人民政府 发布日期 2021-07-05 17:27\n来        源 东湖市人民政府"
    assert parse_reply(_ANSWER.format(above=above, end="")).handler == "东湖市人民政府"


_REPOST = (
    "{top}\n对全国人大二次会议第1203号建议的答复\n发布时间:2024-07-11 来源: {source} 作者:佚名\n赵明代表:\n"
    "您提出的关于加强小型水库管护的建议收悉。现答复如下:\n我部高度重视小型水库安全。\n"
)


def test_a_site_name_over_a_reposted_letter_is_not_the_letterhead() -> None:
    assert parse_reply(_REPOST.format(top="信息汇览中心", source="水利部网站")).handler == "水利部"


def test_a_letterhead_over_its_own_page_stays_the_answering_unit() -> None:
    # near misses: the page names no other source, or only the assembly that publishes the replies, or the
    # name on top says its place (a unit's letterhead, whatever the 来源)
    assert parse_reply(_REPOST.format(top="东湖市水利局", source="")).handler == "东湖市水利局"
    assert parse_reply(_REPOST.format(top="东湖市水利局", source="东湖市林业局")).handler == "东湖市水利局"
    assert parse_reply(_REPOST.format(top="东湖市水利局", source="市人大常委会")).handler == "东湖市水利局"


def test_a_bulleted_office_of_the_page_is_the_answering_unit() -> None:
    text = (
        "• 主题分类:建议提案答复\n• 办文单位:综合处\n• 发文日期:2021-04-20\n"
        "关于市政协三次会议第204号提案会办意见的函\n东湖市交通局:\n"
        "现就陈立群委员提出的《关于优化公交站点的提案》,提出如下会办意见:\n一、我处已完成站点摸排。\n"
    )
    assert parse_reply(text).handler == "综合处"


_TABLE = (
    "关于市政协第188号提案答复的函\n索引号 000123/2025-00086 生成日期 2025-08-24\n发文字号 公开形式 主动公开\n"
    "所属机构 {unit} 责任部门 {unit}\n您提出的《关于增设应急避难场所的提案》收悉,现答复如下。\n我局已完成选址。\n"
)


def test_the_unit_a_disclosure_table_files_the_page_under_is_the_answering_unit() -> None:
    assert parse_reply(_TABLE.format(unit="东湖市应急管理局")).handler == "东湖市应急管理局"


def test_an_office_without_its_unit_in_the_table_names_none() -> None:
    # near miss: "所属机构 办公室" does not say whose office it is
    assert parse_reply(_TABLE.format(unit="办公室")).handler is None


_CO_OPENING = "孙丽华委员:\n您提出的《关于治理河道采砂的提案》收悉。{clause},现答复如下:\n一、我局已开展联合巡查。\n"


@pytest.mark.parametrize(
    ("clause", "units"),
    [
        ("经商会办单位(县公安局)", ["县公安局"]),
        ("经与会办单位县档案馆商议后", ["县档案馆"]),
        ("我局组织会办单位县城管局和县环保局召开专题会议研究", ["县城管局", "县环保局"]),
        ("我局召集县水利局、县自然资源局(会办单位)多次会商", ["县水利局", "县自然资源局"]),
    ],
)
def test_the_units_beside_their_co_handling_word_are_the_co_handlers(clause: str, units: list[str]) -> None:
    assert parse_reply(_CO_OPENING.format(clause=clause)).co_handlers == units


@pytest.mark.parametrize(
    "clause",
    [
        # near misses: no 会办 word beside the units, or only a generic body in brackets
        "我局组织县城管局召开专题会议研究",
        "我局召集相关部门(会办单位)多次会商",
        "经与会办单位商议后",
    ],
)
def test_units_without_their_co_handling_word_are_not_read(clause: str) -> None:
    assert parse_reply(_CO_OPENING.format(clause=clause)).co_handlers == []


_HANDLED = (
    "钱国平代表:\n您提出的《关于扶持林下经济的建议》(第018号)收悉。现就办理情况答复如下:\n"
    "您在调研的基础上指出,我县林下经济规模偏小、链条偏短。\n{second}\n"
    "一是扩大种植规模。今年新增林下种植基地三个。\n"
)


def test_the_handling_paragraph_names_its_co_handlers() -> None:
    second = "我局高度重视,及时召开局务会议,会同县林业局等单位,积极争取上级资金1200万元。"
    assert parse_reply(_HANDLED.format(second=second)).co_handlers == ["县林业局"]


@pytest.mark.parametrize(
    "second",
    [
        # near misses: a paragraph on the county's work, not the unit's handling; a partner of a campaign
        "近年来,我县会同县林业局等单位,积极争取上级资金1200万元。",
        "我局高度重视,会同县林业局开展林下种植巡查。",
    ],
)
def test_other_second_paragraphs_name_no_co_handlers(second: str) -> None:
    assert parse_reply(_HANDLED.format(second=second)).co_handlers == []


_ORGANISED = "周海涛代表:\n您提出的《关于缓解南湖路拥堵的建议》收悉。我局高度重视,积极组织{units}{study},并与您进行了电话沟通。{fold}现答复如下:\n一、我局已优化信号灯配时。\n"
_FOLD_IN = "经综合会办单位意见,"


@pytest.mark.parametrize(
    ("units", "study", "expected"),
    [
        ("区建设中心(原区基建办)、区交通局", "办理", ["区建设中心", "区交通局"]),
        ("南湖街等单位", "认真研究办理", ["南湖街"]),
        ("区发改局、区公安分局、区司法局等3个单位", "认真研究办理", ["区发改局", "区公安分局", "区司法局"]),
    ],
)
def test_the_units_organised_to_study_it_are_the_co_handlers(units: str, study: str, expected: list[str]) -> None:
    assert parse_reply(_ORGANISED.format(units=units, study=study, fold=_FOLD_IN)).co_handlers == expected


@pytest.mark.parametrize(
    ("units", "fold"),
    [
        # near misses: no 会办 opinion folded in later; people, not units, organised
        ("南湖街等单位", ""),
        ("交通专家", _FOLD_IN),
    ],
)
def test_others_organised_to_study_it_are_not_co_handlers(units: str, fold: str) -> None:
    assert parse_reply(_ORGANISED.format(units=units, study="认真研究办理", fold=fold)).co_handlers == []


_OPINION_ON_NUMBER = (
    "{top}现就全国人大二次会议第2045号建议提出办理意见:\n"
    "王建国代表针对农村物流末端配送成本高的问题,提出了发展共同配送的建议。我部高度重视。\n"
    "一是推广共同配送。我部已在20个县开展试点。\n"
)


def test_an_opinion_opening_on_a_proposal_number_is_read() -> None:
    reply = parse_reply(_OPINION_ON_NUMBER.format(top=""))
    assert (reply.kind, reply.proposal_no, reply.proposers) == (ReplyKind.CO_HANDLER_OPINION, "第2045号", ["王建国"])


def test_the_same_opening_to_the_deputy_stays_a_reply() -> None:
    # near misses: the deputy saluted, and an opening that speaks to the member
    reply = parse_reply(_OPINION_ON_NUMBER.format(top="王建国代表:\n"))
    assert (reply.kind, reply.proposers) == (ReplyKind.REPLY, ["王建国"])
    text = _OPINION_ON_NUMBER.format(top="").replace("现就全国人大", "现就您在全国人大")
    assert parse_reply(text).kind is ReplyKind.REPLY


_COURT = (
    "对全国人大五次会议第3418号建议的答复\n发布时间:2023-01-09 11:01:32\n"
    "您提出的关于完善诉前调解的建议收悉,现答复如下:\n{unit}高度重视诉前调解工作。近年来已在多地试点。\n"
)


def test_a_court_naming_itself_where_the_answer_opens_is_the_answering_unit() -> None:
    assert parse_reply(_COURT.format(unit="最高人民法院")).handler == "最高人民法院"


def test_a_hospital_there_is_not_read() -> None:
    # near miss: a hospital named at the answer's start is not taken for the answering unit
    assert parse_reply(_COURT.format(unit="县人民医院")).handler is None


_SPACED_TITLE = (
    "{top}\n日期:2023-05-19\n县农业农村局:\n"
    "现将《关于发展林下经济的建议》(第12号)的协办意见送上,供你们答复委员时参考:\n一、我局已划定林下种植区。\n"
)


def test_a_title_whose_last_words_are_spaced_out_names_its_unit() -> None:
    reply = parse_reply(_SPACED_TITLE.format(top="东湖县林业局 关于县政协十一届二次会议第12号建议的 协 办 意 见"))
    assert reply.handler == "东湖县林业局"


def test_spaced_words_that_end_no_title_are_not_read() -> None:
    # near miss: a page's spaced button after a unit's name is no title line
    assert parse_reply(_SPACED_TITLE.format(top="东湖县林业局 打 印 本 页")).handler is None


_SPEAKS_IN_OPENING = "郑晓东委员:\n您提出的《关于治理杨絮污染的提案》收悉。{clause}现答复如下:\n一、我们已制定工作方案。\n"


@pytest.mark.parametrize(
    ("clause", "unit"),
    [
        ("县林业局作为主办单位,组织专人研究,", "县林业局"),
        ("教育局对您提到的此建议非常重视,专门组织了相关会议,", "教育局"),
    ],
)
def test_a_unit_speaking_of_itself_after_the_openings_receipt_answers(clause: str, unit: str) -> None:
    assert parse_reply(_SPEAKS_IN_OPENING.format(clause=clause)).handler == unit


def test_a_unit_the_member_is_thanked_for_is_not_read() -> None:
    # near miss: the unit named where the member is thanked does not speak of itself
    assert parse_reply(_SPEAKS_IN_OPENING.format(clause="感谢您对县林业局工作的关心,")).handler is None


_BYLINE = (
    "对省政协三次会议第1230号提案的答复\n{byline}\n冯立新委员:\n"
    "您提出的关于开设编程课程的提案收悉,现答复如下:\n近年来,我省在中小学试点编程教育。\n"
)


def test_a_bylines_date_before_font_buttons_and_its_source_is_the_date() -> None:
    assert str(parse_reply(_BYLINE.format(byline="2020-07-08 16:16 【浏览字号: 来源:东湖省教育厅")).date) == "2020-07-08"


def test_a_date_and_clock_before_other_words_give_no_date() -> None:
    # near miss: a date and clock before a bracketed note that is no 来源 field
    assert parse_reply(_BYLINE.format(byline="2020-07-08 16:16 【浏览字号: 作者:王某")).date is None


_QUOTED_OPENING = "陶文静委员:\n{opening},现答复如下:\n一、我局已在五个乡镇试点。\n"


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("感谢您对我县“美丽庭院”工作的关心!您提出的《关于完善村道保洁机制的提案》收悉", "关于完善村道保洁机制的提案"),
        ("您在“进百村,听民声”活动中提出的关于规范乡村广告牌设置的建议收悉", "关于规范乡村广告牌设置的建议"),
        # near miss: a quoted title without 关于, followed by what follows a proposal's title, stays the title
        ("您提出的“加快发展乡村夜间经济”的建议收悉", "加快发展乡村夜间经济"),
    ],
)
def test_a_quoted_slogan_before_the_proposal_is_not_its_title(opening: str, title: str) -> None:
    assert parse_reply(_QUOTED_OPENING.format(opening=opening)).title == title
