"""Traps that real-fresh-60..-87 showed (p88), each in invented words, with near misses that must stay as they were.

- a deputy's record page prints the suggestion, then "回复结果:" over a row of the answer's fields
  ("签 发 人: | 签发日期: | …") and the answer: a reply, its fields header, its date the 签发日期;
- a record page's "答复时间" over its value ("答复时间" / "2024-09-30"), a label alone on its line
  without a colon, dates the letter before the page's 发布时间;
- a table row's byline cell "| 2024-06-11 作者: 点击数: |" (a date before empty fields) dates an undated letter;
- a byline opening with the poster's name ("发布:X  来源:Y局  时间:…") is a line of fields;
- a table's one-cell rows ("X局 2019年10月28日 |", "X局 |"): the closing bar is no part of the line, so the
  signature under the letter is read;
- a title ending "…建议的回复" is the reply's title (its letterhead names the unit), and "( B)类" the class;
- proposal numbers in more shapes: a letter inside or after the number ("8E020号", "第01A号"), and after the
  quoted title a hyphenated number, a series' letters or the number under its label ("(16-3-45号)", "(DH269号)",
  "(自编号027号)");
- a bulleted label without its colon ("• 发布机构" / "X局") takes the value on the line under it;
- the class in the 文号's brackets ("〔A类〕") is the declared result;
- a letter on one line saluting a party's committee ("民盟X市委员会: 你委提出的…") is cut at its salutation;
- a page printing the proposal, then the reply's own title and its opening ("…函告如下: <answer>"): the title
  ends the header and the answer after that opening's "如下:" starts the body.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.errors import NotAReplyError
from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_RECORD_PAGE = (
    "县十九届人大三次会议\n"
    "关于整治城东菜市场周边排水沟的建议\n"
    "题 目: | 关于整治城东菜市场周边排水沟的建议 | ||\n"
    "发布日期: | 2021-05-20 | 类 别: | 城乡建设 |\n"
    "所属代表团: | 河口代表团 | 领衔代表: | 罗青禾 |\n"
    "城东菜市场后面的排水沟多年未清,雨天污水漫到路面,附近住户反映强烈,建议尽快清淤并加盖板。\n"
    "{label}\n"
    "签 发 人: | 签发日期: | 2021-07-15 |\n"
    "我局高度重视菜市场周边排水问题,已安排专人踏勘,今年汛期前完成了清淤。\n"
    "下一步我局将争取资金为排水沟加盖板,彻底解决污水漫溢问题。\n"
    "感谢您对城市建设的关心和支持。\n"
)


def test_a_record_pages_answer_label_makes_it_a_reply() -> None:
    reply = parse_reply(_RECORD_PAGE.format(label="回复结果:"))
    assert reply.kind is ReplyKind.REPLY
    assert reply.title == "关于整治城东菜市场周边排水沟的建议"
    assert reply.date == "2021-07-15"
    # the 签发 row under the label is the answer's fields, not its first words
    assert reply.suggestions[0].text.startswith("我局高度重视")


def test_a_proposal_page_without_an_answer_is_still_refused() -> None:
    # near miss: the same page with no answer under any label is a suggestion, not a reply to one
    text = _RECORD_PAGE.format(label="办理状态:办理中").split("签 发 人")[0]
    with pytest.raises(NotAReplyError):
        parse_reply(text)


_STACKED_RECORD = (
    "平禾县住建局对县政协十届二次会议第215号提案的答复\n"
    "发布时间:2024-10-21\n"
    "提案者\n"
    "\n"
    "孙立言\n"
    "\n"
    "承办单位\n"
    "\n"
    "县住建局\n"
    "\n"
    "{label}\n"
    "\n"
    "2024-09-27\n"
    "\n"
    "办理类型\n"
    "\n"
    "B\n"
    "\n"
    "答复内容\n"
    "孙立言委员:\n"
    "您提出的关于老旧小区加装电梯的提案收悉,现答复如下:\n"
    "今年我县已为12个小区加装电梯31部。\n"
)


def test_a_stacked_answer_time_dates_the_letter() -> None:
    assert parse_reply(_STACKED_RECORD.format(label="答复时间")).date == "2024-09-27"


def test_an_unknown_stacked_label_leaves_the_publication_date() -> None:
    # near miss: a label that is none of the answer's dates leaves the page's 发布时间
    assert parse_reply(_STACKED_RECORD.format(label="受理时间")).date == "2024-10-21"


_BYLINE_CELL = (
    "| 禾山市林业局关于对市政协七届三次会议第118号提案的答复 | ||||||||\n"
    "| {cell} | ||||||||\n"
    "|\n"
    "||||||||\n"
    "周文山委员: 您提出的“关于发展林下经济的建议”收悉,现答复如下: 近年来我市林下种植面积扩大到3万亩。\n"
    "感谢您对林业工作的关心和支持。\n"
)


def test_a_byline_cell_with_its_date_dates_the_letter() -> None:
    reply = parse_reply(_BYLINE_CELL.format(cell="2023-05-16 作者: 点击数:"))
    assert reply.date == "2023-05-16"
    assert reply.proposal_no == "第118号"


def test_a_cell_opening_with_a_figure_is_no_date() -> None:
    # near miss: a cell of text that opens with a date and goes on with no field dates nothing
    reply = parse_reply(_BYLINE_CELL.format(cell="2023-05-16 全市召开林下经济现场会"))
    assert reply.date is None


_POSTER_BYLINE = (
    "关于对县政协十届二次会议第31号提案的答复\n"
    "{byline}\n"
    "李春和委员:\n"
    "您提出的《关于加强农村宅基地管理的提案》收悉,现答复如下:\n"
    "我局已在全县开展宅基地摸底调查。\n"
    "感谢您对农业农村工作的关心和支持。\n"
)


def test_a_byline_opening_with_the_poster_is_a_line_of_fields() -> None:
    reply = parse_reply(_POSTER_BYLINE.format(byline="发布:王立  来源:禾阳县农业农村局  时间:2023-11-08 09:12:00 【打印此文】"))
    assert reply.date == "2023-11-08"


def test_a_sentence_about_publishing_is_no_field() -> None:
    # near miss: "发布" inside a sentence of the body opens no field
    reply = parse_reply(_POSTER_BYLINE.format(byline="2023-11-08 来源:禾阳县农业农村局"))
    assert reply.date == "2023-11-08"
    text = _POSTER_BYLINE.format(byline="").replace("我局已在", "我局已发布:宅基地管理办法,并在")
    assert "宅基地管理办法" in parse_reply(text).suggestions[0].text


_ONE_CELL_ROWS = (
    "关于整修禾坪乡至石门村道路的建议 |\n"
    "提案人:何山远 |\n"
    "主办单位:区交通局 |\n"
    "何山远委员:\n"
    "您提出的《关于整修禾坪乡至石门村道路的建议》收悉,现答复如下:\n"
    "我局已将该路段列入明年农村公路养护计划。 |\n"
    "(联系人:唐小溪 联系电话:13900001111) |\n"
    "禾川市禾东区交通运输局 2020年9月8日 |\n"
    "禾川市禾东区交通运输局 |\n"
)


def test_a_one_cell_rows_closing_bar_leaves_the_signature_read() -> None:
    reply = parse_reply(_ONE_CELL_ROWS)
    assert reply.handler == "禾川市禾东区交通运输局"
    assert reply.date == "2020-09-08"
    assert reply.contacts == {"联系人": "唐小溪", "联系电话": "13900001111"}


def test_the_same_letter_without_bars_reads_the_same() -> None:
    # near miss: the rows without their bars, read so before
    reply = parse_reply(_ONE_CELL_ROWS.replace(" |\n", "\n"))
    assert (reply.handler, reply.date) == ("禾川市禾东区交通运输局", "2020-09-08")


def test_a_row_of_two_cells_is_still_read_as_a_row() -> None:
    # (a trap too: the same page with a bar between one row's cells; its last bar goes, its cells stay a field)
    reply = parse_reply(_ONE_CELL_ROWS.replace("主办单位:区交通局 |", "主办单位: | 区交通局 |"))
    assert reply.date == "2020-09-08"


_REPLY_TITLE = (
    "〔2019〕第12号\n"
    "周河生\n"
    "建议在禾溪镇中心小学门口增设减速带和人行横道,保障学生上下学安全。\n"
    "{mark}\n"
    "禾川市禾东区交通运输局\n"
    "{title}\n"
    "周河生代表:\n"
    "您在区人大三次会议所提《关于在禾溪镇中心小学门口增设减速带的建议》(第12号)收悉,现答复如下:\n"
    "我局已会同交警部门在校门口增设减速带两处。\n"
)


def test_a_title_ending_in_huifu_names_its_letterhead() -> None:
    reply = parse_reply(_REPLY_TITLE.format(mark="( B)类", title="关于2019年度第12号代表建议的回复"))
    assert reply.handler == "禾川市禾东区交通运输局"
    assert reply.declared_result == "B"


def test_a_line_ending_in_huifu_without_a_proposal_is_no_title() -> None:
    # near miss: "…的回复" that answers no proposal or suggestion is not the reply's title
    reply = parse_reply(_REPLY_TITLE.format(mark="(B)类", title="关于来信的回复"))
    assert reply.title != "关于来信的回复"
    assert reply.declared_result == "B"


_NUMBERED_LETTER = (
    "{title}\n"
    "林晓川委员:\n"
    "{opening}收悉,现答复如下:\n"
    "我局已在三个街道试点建设社区食堂。\n"
    "禾川市民政局\n"
    "2024年8月2日\n"
)


@pytest.mark.parametrize(
    ("title", "opening", "number"),
    [
        ("禾川市民政局对区政协六届三次会议6C031号提案的答复", "您提出的提案", "6C031号"),
        ("关于市政协提案办理情况的答复", "您提出的“关于建设社区食堂的建议”(12-4-37号)", "12-4-37号"),
        ("关于市政协提案办理情况的答复", "您提出的《关于建设社区食堂的建议》(QS118号)", "QS118号"),
        ("关于市政协提案办理情况的答复", "您提出的《关于建设社区食堂的建议》(自编号045号)", "045号"),
        ("关于市政协提案办理情况的答复", "您提出的《关于建设社区食堂的建议》(立案号:2023041号)", "2023041号"),
        ("对县十八届人大三次会议第07B号建议的答复", "您提出的建议", "第07B号"),
    ],
)
def test_a_proposal_number_in_its_other_shapes_is_read(title: str, opening: str, number: str) -> None:
    assert parse_reply(_NUMBERED_LETTER.format(title=title, opening=opening)).proposal_no == number


@pytest.mark.parametrize(
    ("title", "number"),
    [
        # near misses: a number after 第, a unit's 政协 before it, and a group's number in brackets after it
        ("禾川州十届政协二次会议社会法制类第7号提案的答复", "第7号"),
        ("关于县政协47号提案的答复", "47号"),
        ("关于市政协十届二次会议第2686号(社会法制类240号)提案的答复", "第2686号"),
    ],
)
def test_the_proposal_numbers_read_before_are_kept(title: str, number: str) -> None:
    assert parse_reply(_NUMBERED_LETTER.format(title=title, opening="您提出的提案")).proposal_no == number


_BULLET_LABELS = (
    "• 索引号\n"
    "hcnyj/2023-00042\n"
    "• {label}\n"
    "禾川市农业农村局\n"
    "• 发布日期\n"
    "2023-09-14\n"
    "对政协禾川市第三届第二次会议第88号提案的答复\n"
    "赵小禾委员:\n"
    "您提出的《关于保护地方果树品种的建议》收悉,现答复如下:\n"
    "我市已建成果树种质资源圃一处。\n"
)


def test_a_bulleted_label_without_colon_takes_the_value_under_it() -> None:
    reply = parse_reply(_BULLET_LABELS.format(label="发布机构"))
    assert reply.handler == "禾川市农业农村局"
    assert reply.date == "2023-09-14"


def test_a_bulleted_word_that_is_no_label_takes_nothing() -> None:
    # near miss: a bullet that is none of our labels leaves the line under it alone
    reply = parse_reply(_BULLET_LABELS.format(label="相关机构"))
    assert (reply.handler, reply.date) == (None, "2023-09-14")


_CLASS_IN_DOC_BRACKETS = (
    "禾川经济开发区管理委员会\n"
    "{mark}\n"
    "〔公开〕\n"
    "建议提案答复函〔2023〕7号\n"
    "禾川经济开发区管理委员会关于市政协十届二次会议第65号提案的答复\n"
    "陈明远委员:\n"
    "您提出的《关于完善园区公交线路的建议》收悉,现答复如下:\n"
    "园区已新开公交线路两条。\n"
    "禾川经济开发区管理委员会\n"
    "2023年7月10日\n"
)


def test_a_class_in_the_doc_nos_brackets_is_the_declared_result() -> None:
    assert parse_reply(_CLASS_IN_DOC_BRACKETS.format(mark="〔A类〕")).declared_result == "A类"


def test_a_class_in_round_brackets_is_read_as_before() -> None:
    # near miss: "(A类)" was read so on main
    assert parse_reply(_CLASS_IN_DOC_BRACKETS.format(mark="(A类)")).declared_result == "A类"


_ONE_LINE_TO_A_COMMITTEE = (
    "禾川市农业农村局关于对市政协八届二次会议第141号提案的答复\n"
    "{salutation} 你委提出的“关于发展林下中药材种植的建议”收悉,我局高度重视,认真研究,现答复如下: "
    "近年来,我市林下中药材种植面积扩大到2.3万亩,建成标准化基地6个,带动农户1800余户增收。"
    "下一步,我局将加大良种繁育和技术培训力度。感谢你委对农业农村工作的关心和支持。\n"
)


def test_a_party_committee_saluted_on_a_one_line_letter_is_the_proposer() -> None:
    reply = parse_reply(_ONE_LINE_TO_A_COMMITTEE.format(salutation="民盟禾川市委员会:"))
    assert reply.proposers == ["民盟禾川市委员会"]
    assert reply.salutation == "民盟禾川市委员会:"


def test_a_member_saluted_on_a_one_line_letter_reads_as_before() -> None:
    # near miss: a member's salutation was cut off so on main
    reply = parse_reply(_ONE_LINE_TO_A_COMMITTEE.format(salutation="周禾生委员:"))
    assert reply.proposers == ["周禾生"]


_PROPOSAL_THEN_REPLY = (
    "关于修建禾坪乡至石门村通村公路的建议 |\n"
    "编 号:第〔41〕号 | 所属类别:委员提案 |\n"
    "提案人:余德川 | 联名人:许青 |\n"
    "目前禾坪乡到石门村只能绕行县城,绕行距离近60公里,群众出行和农产品外运都很不便,两地的生产、技术和市场交流受到严重阻碍。\n"
    "为此建议:一是尽快将该路段列入全区农村公路建设计划;\n"
    "二是争取上级交通补助资金,分段实施;\n"
    "三是同步建设错车道和安全防护设施。\n"
    "审查结果:已立案 | 信息公开:是 |\n"
    "交办时间:2021年3月2日 | 是否重点:否 |\n"
    "主办单位:区交通局 |\n"
    "{title}\n"
    "您在区政协五届三次会议所提《关于修建禾坪乡至石门村通村公路的建议》(第〔41〕号)收悉,现将有关情况函告如下: "
    "该路段已列入我区农村公路建设计划,明年开工建设。 |\n"
    "(联系人:吴晓 联系电话:13800002222) |\n"
    "禾川市禾东区交通运输局 2021年9月6日 |\n"
)


def test_a_reply_title_under_the_printed_proposal_starts_the_letter() -> None:
    reply = parse_reply(_PROPOSAL_THEN_REPLY.format(title="关于政协禾东区五届三次会议第41号委员提案的回复 |"))
    assert [s.text for s in reply.suggestions] == ["该路段已列入我区农村公路建设计划,明年开工建设。"]
    assert (reply.handler, reply.date) == ("禾川市禾东区交通运输局", "2021-09-06")


def test_without_a_reply_title_the_proposal_stays_in_the_body() -> None:
    # near miss: no reply title between them, nothing tells where the letter starts: read as on main
    reply = parse_reply(_PROPOSAL_THEN_REPLY.format(title="交通运输工作 |"))
    assert reply.suggestions[0].text.startswith("目前禾坪乡")
