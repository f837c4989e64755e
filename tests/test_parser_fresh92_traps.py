"""Traps that real-fresh-60..-91 showed (p92), each in invented words, with near misses that must stay as they were.

- a listing's title line with the page's date after it, where the letter carries no date of its own: the date in
  brackets ("…的答复 ( 2022-07-29 )"), after "…答复意见", or before the page's 来源 field
  ("…的函 2021-06-21 来源:X处") dates the letter; a date that does not close the title (inside it) does not;
  such a line is still the reply's title, so the unit heading it answers;
- a date label inside a header row that is no field line ("X政务网 发布日期 : 2023-03-14", "- 公文生成日期: …")
  dates an undated letter;
- "会同X局经认真研究": the 经 is no part of the co-handler's name;
- a disclosure table scraped without separators ("发布机构:X局组配分类:…"): 组配分类 is a field of its own;
- a table's labels glued to their values without colons ("文号" / "发布日期2022-12-02" / "时效性有效"): the
  fields under an empty label are not its value, and the glued 发布日期 dates the page.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply

_OPENING_AND_ANSWER = (
    "“关于在老城区增设口袋公园的建议”收悉,经研究,现答复如下:\n"
    "我局已会同街道排查老城区闲置地块十二处,今年先建成三处口袋公园,其余列入明年计划。\n"
    "感谢您对城市绿化工作的关心。\n"
)


@pytest.mark.parametrize(
    "title_line",
    [
        "对区政协七届二次会议第0318号提案的答复 ( 2022-07-29 )",
        "青原区园林绿化局对区政协第B031号提案的答复意见 2022-07-29",
        "青原区人民政府办公室关于对区政协七届二次会议第0318号提案的答复的函 2022-07-29 来源:区政府办公室督查科",
    ],
)
def test_the_date_after_a_listings_title_dates_an_undated_letter(title_line: str) -> None:
    reply = parse_reply(title_line + "\n\n" + _OPENING_AND_ANSWER)
    assert reply.date == "2022-07-29"


def test_a_date_inside_a_title_does_not_date_the_letter() -> None:
    # near miss: the date stands inside the title (an event's), not after it, so the letter stays undated
    reply = parse_reply("关于落实 2022-07-29 专题协商会议意见的答复\n\n" + _OPENING_AND_ANSWER)
    assert reply.date is None


def test_the_letters_own_date_is_kept_over_the_listings() -> None:
    # near miss: a signed and dated letter keeps its own date
    text = (
        "对区政协七届二次会议第0318号提案的答复 ( 2022-07-29 )\n\n"
        + _OPENING_AND_ANSWER
        + "青原区园林绿化局\n2022年6月30日\n"
    )
    assert parse_reply(text).date == "2022-06-30"


def test_the_unit_heading_a_dated_listing_title_answers() -> None:
    # the title with the page's date and 来源 after it is still the reply's title: the unit heading it answers
    text = "青原区人民政府办公室关于对区政协七届二次会议第0318号提案的答复的函 2022-07-29 来源:区政府办公室督查科\n\n"
    reply = parse_reply(text + _OPENING_AND_ANSWER)
    assert reply.handler == "青原区人民政府办公室"
    assert reply.proposal_no == "第0318号"


def test_a_dated_line_that_is_no_title_names_no_unit() -> None:
    # near miss: a news line with a date after it is not a title, and names no answering unit
    text = "青原区园林绿化局召开口袋公园建设推进会 2022-07-29\n\n"
    reply = parse_reply(text + _OPENING_AND_ANSWER)
    assert reply.handler is None


@pytest.mark.parametrize(
    "field_row",
    [
        "禾川政务网 发布日期 : 2023-03-14",
        "- 公文生成日期: 2023-03-14",
    ],
)
def test_a_date_label_inside_a_header_row_dates_an_undated_letter(field_row: str) -> None:
    # the site's name before the label and a space before its colon, or a list's dash and a longer label:
    # not a field line, but the row's 发布日期 / 生成日期 still dates the page
    text = "关于市十届人大二次会议第0215号建议的答复\n" + field_row + "\n罗青禾代表:\n" + _OPENING_AND_ANSWER
    assert parse_reply(text).date == "2023-03-14"


def test_a_date_label_of_the_proposal_does_not_date_the_letter() -> None:
    # near miss: the proposal's 提交时间 in a header row is not the letter's date
    text = "关于市十届人大二次会议第0215号建议的答复\n禾川政务网 提交时间 : 2023-01-05\n罗青禾代表:\n" + _OPENING_AND_ANSWER
    assert parse_reply(text).date is None


_CO_LETTER = (
    "关于市十届人大二次会议第0215号建议的答复\n"
    "罗青禾代表:\n"
    "您提出的《关于加强社区应急物资储备的建议》收悉。{formula},现答复如下:\n"
    "我局已在全市社区设立应急物资储备点四十个,今年再增设十个。\n"
    "感谢您对应急管理工作的关心。\n"
    "禾川市应急管理局\n2023年6月30日\n"
)


def test_jing_before_the_study_is_no_part_of_the_co_handler() -> None:
    # "我局会同市财政局经认真研究": the 经 of "经认真研究" stays out of the unit's name
    reply = parse_reply(_CO_LETTER.format(formula="我局会同市财政局经认真研究"))
    assert reply.co_handlers == ["市财政局"]


def test_co_handlers_without_jing_read_as_before() -> None:
    # near miss: without a study after it nothing is cut, and "会同…共同研究" reads as before
    reply = parse_reply(_CO_LETTER.format(formula="我局会同市财政局、市民政局共同研究"))
    assert reply.co_handlers == ["市财政局", "市民政局"]


_GLUED_TABLE = (
    "• 索引号:11370100MB0000000X/2025-00101公开方式:主动公开\n"
    "• 发布机构:{unit}组配分类:政协委员提案办理\n"
    "• 发布日期:2025-04-20成文日期:2025-04-20\n"
    "关于规范社区养老服务收费的提案的答复\n"
    "罗青禾委员:\n"
    "您提出的《关于规范社区养老服务收费的提案》收悉,现答复如下:\n"
    "我局已对全市社区养老服务机构的收费开展专项检查,督促二十家机构公示收费标准。\n"
    "感谢您对养老服务工作的关心。\n"
)


def test_a_disclosure_tables_glued_class_field_ends_the_publishing_unit() -> None:
    # a scraped disclosure table with nothing between its spans: "…管理局组配分类:…" is two fields
    reply = parse_reply(_GLUED_TABLE.format(unit="禾川市市场监督管理局"))
    assert reply.handler == "禾川市市场监督管理局"


def test_a_unit_with_fenlei_in_its_name_is_kept_whole() -> None:
    # near miss: "分类" inside a unit's name is no field, the name is read whole
    reply = parse_reply(_GLUED_TABLE.format(unit="禾川市垃圾分类管理中心").replace("组配分类:政协委员提案办理", ""))
    assert reply.handler == "禾川市垃圾分类管理中心"


_DASHED_TABLE = (
    "-\n索引号20240913-172433-000\n-\n发布机构禾川县人民政府办公室\n-\n文号\n-\n{row}\n-\n时效性有效\n"
    "禾川县水务局关于禾川县十七届人民代表大会第78号代表建议的答复\n"
    "尊敬的罗青禾代表:\n"
    "你提出的《关于修缮城西水渠的建议》收悉,现答复如下:\n"
    "我局已将城西水渠修缮列入今年水利工程计划,汛期前完工。\n"
    "感谢你对水利工作的关心。\n"
)


def test_a_tables_glued_fields_are_no_value_of_an_empty_doc_no() -> None:
    # "文号" with nothing under it but "发布日期2022-12-02" and "时效性有效": the 文号 is empty, the date the page's
    reply = parse_reply(_DASHED_TABLE.format(row="发布日期2022-12-02"))
    assert reply.doc_no is None
    assert reply.date == "2022-12-02"


def test_a_doc_no_under_its_label_is_still_read() -> None:
    # near miss: a real 文号 under the label is its value
    reply = parse_reply(_DASHED_TABLE.format(row="禾水复〔2022〕12号"))
    assert reply.doc_no == "禾水复〔2022〕12号"
