"""Traps that real-fresh-60..-97 showed (p98), each in invented words, with near misses that must stay as they were.

- letters copied in traditional characters whose cue words hold a character the parser's own short table did not
  fold ("協助貴單位辦理" with 貴, a disclosure table's "公開目錄" with 錄): the parser now folds with OpenCC's table
  (as the reading aids do), so such a co-handler's opinion or such a page is read, not refused as no reply;
- a 提案办理回复单 (a form): "办理回复:" is the label over the answer, 主要承办单位 the unit that answers;
- "积极组织A、B、C街等单位认真研究办理…经综合各会办单位意见": the organised units are the co-handlers;
- undated letters dated by the page: a dashed list whose values are items of their own, "文号 公开日期 <date>",
  a page stamp between the title and the opening, the date after a 文号, "| <date> 阅读: |";
- proposers: the assembly before a name ("县人大X代表"), "提案人X提出的", "X界别组提出的", a form's 代表姓名;
- declared classes: "( B )类", "…的函(B)", a form's ticked box "B正在解决(√)";
- "经商会办单位A、B意见"; "《关于…的提案》X厅关于…的答复" (the unit after the quote);
- spaced labels ("签发 人:", "经办 人:", "邮 编:"); a news site's side column ("點擊排行") over the title;
- an assisting unit's words ("…的协办答复", "汇办意见", "作为协办单位") make a co-handler's opinion;
- titles with a quoted phrase after 关于 or two of them; a quoted title's "(第75号)".
"""

from __future__ import annotations

import pytest

from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_CO_OPINION_TRADITIONAL = (
    "區文旅委:\n"
    "根據區十屆人大三次會議建議辦理清單,我局協助貴單位辦理《關于整治夜市油煙擾民的建議第DH114號》,"
    "現提出我局意見,供參考:\n"
    "我局將配合主辦單位開展夜市油煙專項檢查,今年以來已檢查攤點二百餘家,督促加裝淨化設備六十餘台。\n"
    "下一步,我局將加強與貴單位的協同,共同改善夜市周邊環境。\n"
)


def test_a_co_handlers_opinion_in_traditional_characters_is_read() -> None:
    reply = parse_reply(_CO_OPINION_TRADITIONAL)
    assert reply.kind is ReplyKind.CO_HANDLER_OPINION
    assert reply.suggestions and reply.suggestions[0].text.startswith("我局將配合主辦單位")


def test_the_same_opinion_in_simplified_characters_is_read_as_before() -> None:
    # near miss: the simplified letter was read before the change, and is read the same
    text = (
        "区文旅委:\n"
        "根据区十届人大三次会议建议办理清单,我局协助贵单位办理《关于整治夜市油烟扰民的建议第DH114号》,"
        "现提出我局意见,供参考:\n"
        "我局将配合主办单位开展夜市油烟专项检查,今年以来已检查摊点二百余家,督促加装净化设备六十余台。\n"
    )
    assert parse_reply(text).kind is ReplyKind.CO_HANDLER_OPINION


_PAGE_TRADITIONAL = (
    "| 索引號 | 0153-7-/2020-0611002 | 發布機構 | 梁河縣教育體育局 |\n"
    "| 公開目錄 | 政協提案辦理結果 | 發布日期 | 2020-06-11 |\n"
    "楊明遠、趙雪梅委員:\n"
    "針對縣城幼兒園學位緊張的現狀,我局已將城南幼兒園擴建納入今年重點項目,新增學位三百個,九月投入使用。\n"
    "感謝你們對教育工作的關心和支持。\n"
)


def test_a_traditional_page_filed_under_proposal_replies_is_read() -> None:
    # the page's 公開目錄 (錄 was not folded) files it under the replies to proposals: a reply, not refused
    reply = parse_reply(_PAGE_TRADITIONAL)
    assert reply.proposers == ["楊明遠", "趙雪梅"]
    assert reply.date == "2020-06-11"


_FORM = (
    "发布机构 人民政府\n"
    "某某市政协三届二次会议提案办理回复单\n"
    "提案名称:关于在城东新区增设公交站点的建议\n"
    "交办时间:2023年5月4日办结时间:2023年6月20日\n"
    "{lead}"
    "协办、会办单位:\n"
    "负责领导:孙立新\n"
    "办理回复:\n"
    "城东新区目前有公交线路两条,我局已协调公交公司在新区南门和学校门口各增设站点一处,七月起停靠。\n"
    "下一步将根据客流情况优化线路走向。\n"
)


def test_a_proposal_forms_answer_under_its_label_is_read() -> None:
    # "办理回复:" is the label over the answer; the form's 主要承办单位 is the unit that answers
    reply = parse_reply(_FORM.format(lead="主要承办单位:第三师某某市交通运输局\n"))
    assert reply.title == "关于在城东新区增设公交站点的建议"
    assert reply.handler == "第三师某某市交通运输局"
    assert reply.suggestions and reply.suggestions[0].text.startswith("城东新区目前有公交线路两条")


def test_a_form_that_names_its_unit_as_chengban_danwei_is_read_as_before() -> None:
    # near miss: the label 承办单位 was read before the change (as a contact's unit), and is read the same
    reply = parse_reply(_FORM.format(lead="承办单位:第三师某某市交通运输局\n").replace("办理回复:", "答复内容:"))
    assert reply.handler == "第三师某某市交通运输局"


def _organised(opening: str) -> list[str]:
    text = (
        "李敏委员:\n"
        + opening
        + "\n一、关于增设路灯。区住建局已在学校东侧道路安装路灯二十盏,九月底前全部亮灯。\n"
        "感谢您对我区工作的关心和支持。\n"
        "青禾区交通运输局\n2024年7月1日\n"
    )
    return parse_reply(text).co_handlers


def test_the_units_organised_to_study_a_proposal_whose_opinions_are_folded_in_are_co_handlers() -> None:
    opening = (
        "您提出的《关于解决学校东侧道路照明不足问题的建议》(第2031号)收悉。我局高度重视,积极组织区住建局、"
        "区城管局,白云街等单位认真研究办理,并与您电话沟通。经综合各会办单位意见,现将办理情况答复如下:"
    )
    assert _organised(opening) == ["区住建局", "区城管局", "白云街"]


def test_a_unit_named_in_both_clauses_is_listed_once() -> None:
    opening = (
        "您提出的《关于解决学校东侧道路照明不足问题的建议》(第2031号)收悉。我局积极组织区住建局、区城管局等单位"
        "认真研究办理。经综合区住建局等会办单位意见,现将办理情况答复如下:"
    )
    assert _organised(opening) == ["区住建局", "区城管局"]


def test_units_organised_for_work_with_no_opinion_folded_in_are_no_co_handlers() -> None:
    # near miss: "组织A、B等单位…" with no 会办 / 协办 opinion after it names partners in the work, not co-handlers
    opening = (
        "您提出的《关于解决学校东侧道路照明不足问题的建议》(第2031号)收悉。我局积极组织区住建局、区城管局等单位"
        "开展夜间巡查,现将办理情况答复如下:"
    )
    assert _organised(opening) == []


_OPENING = (
    "您提出的《关于在老城区增设口袋公园的建议》收悉,现答复如下:\n"
    "我局已会同街道排查老城区闲置地块十二处,今年先建成三处口袋公园,其余列入明年计划。\n"
    "感谢您对城市绿化工作的关心。\n"
)
_TITLE = "关于市政协十届二次会议第57号提案的答复\n"


def test_a_dashed_list_whose_values_are_items_of_their_own_is_read() -> None:
    # "- 成文日期:" / "- 2023-06-01": each label and each value has its own dash
    text = (
        "- 索引号:\n- 00123/2023-0456\n- 发布机构:\n- 青禾市园林局\n- 有效性:\n- 成文日期:\n- 2023-06-01\n"
        "- 发文字号:\n- 青园〔2023〕12号\n" + _TITLE + "王强委员:\n" + _OPENING
    )
    reply = parse_reply(text)
    assert reply.date == "2023-06-01"
    assert reply.doc_no == "青园〔2023〕12号"


def test_an_empty_dashed_label_does_not_take_the_next_label_as_its_value() -> None:
    # near miss: "- 有效性:" over "- 成文日期:" is empty; a value under the last label stays unread as before
    text = "- 有效性:\n- 成文日期:\n" + _TITLE + "王强委员:\n" + _OPENING
    assert parse_reply(text).date is None


def test_a_spaced_row_with_an_empty_doc_no_dates_the_letter() -> None:
    # "文号 公开日期 2023-06-02 11:43:32": the 文号 empty, the publication date after a space
    text = "索引号 0024/2023-00203 公开方式 主动公开\n文号 公开日期 2023-06-02 11:43:32\n" + _TITLE + "\n" + _OPENING
    assert parse_reply(text).date == "2023-06-02"


def test_a_page_stamp_between_the_title_and_the_opening_dates_an_undated_letter() -> None:
    text = _TITLE + "文摘\n2024-11-18 21:05\n" + _OPENING
    assert parse_reply(text).date == "2024-11-18"


def test_the_date_after_a_doc_no_under_the_title_dates_an_undated_letter() -> None:
    text = _TITLE + "青园函[2020]第72号 2020-09-27\n王强委员:\n" + _OPENING
    reply = parse_reply(text)
    assert reply.date == "2020-09-27"
    assert reply.doc_no == "青园函[2020]第72号"


def test_the_letters_own_date_is_kept_over_the_date_after_its_doc_no() -> None:
    # near miss: a signed and dated letter keeps its own date
    text = _TITLE + "青园函[2020]第72号 2020-09-27\n王强委员:\n" + _OPENING + "青禾市园林局\n2020年9月20日\n"
    assert parse_reply(text).date == "2020-09-20"


def test_a_bylines_date_before_a_views_label_dates_the_letter() -> None:
    # "| 2024-08-26 阅读: |": the page's date before its 阅读 counter (empty)
    text = "| " + _TITLE.strip() + " |\n| 2024-08-26 阅读: |\n王强委员:\n" + _OPENING
    assert parse_reply(text).date == "2024-08-26"


_ANSWER = "我局已在城东新区规划建设停车场两处,年底前投入使用。\n"


def test_the_assembly_before_a_saluted_members_name_is_no_part_of_it() -> None:
    # "县人大陈景平代表:" / "区政协罗青委员": the assembly written before the name
    text = "縣人大林秋華代表:\n您提出的《關于增設停車場的建議》收悉,現答復如下:\n" + _ANSWER
    assert parse_reply(text).proposers == ["林秋華"]
    opening = "区政协沈立委员在区政协第五届委员会第二次会议期间所提的第105号提案——《关于增设停车场的建议》已收悉。现将会办意见函告如下:\n"
    assert parse_reply("区建管委:\n" + opening + _ANSWER).proposers == ["沈立"]


def test_a_committee_of_the_assembly_keeps_its_whole_name() -> None:
    # near miss: "县政协提案委" proposes as a committee: its name is not cut after 政协
    assert parse_reply("县政协提案委:\n你委提出的《关于增设停车场的建议》收悉,现答复如下:\n" + _ANSWER).proposers == ["县政协提案委"]
    assert parse_reply("县政协农业界别:\n你们提出的《关于增设停车场的建议》收悉,现答复如下:\n" + _ANSWER).proposers == ["县政协农业界别"]


def test_a_co_handlers_opinion_names_the_proposer_under_its_label_or_a_sector_group() -> None:
    # "提案人常洁提出的…", "台联界别组提出的…": the proposer in the opening of an opinion sent to the lead unit
    for who, name in (("提案人孙明", "孙明"), ("侨联界别组", "侨联界别组")):
        text = "区经委:\n" + who + "提出的关于增设停车场的提案收悉,经研究,现将会办意见函告如下:\n" + _ANSWER
        reply = parse_reply(text)
        assert reply.kind is ReplyKind.CO_HANDLER_OPINION
        assert reply.proposers == [name]


def test_a_record_forms_deputies_field_names_the_proposers() -> None:
    text = (
        "禾原区第十八届人大四次会议\n代表建议、批评和意见办理情况\n标 题:关于增设停车场的建议\n"
        "代表姓名:王小红、李东\n办理情况:\n针对代表们提出的《关于增设停车场的建议》,镇政府高度重视,立即组织研究。\n"
        + _ANSWER
    )
    assert parse_reply(text).proposers == ["王小红", "李东"]


def test_a_class_padded_inside_its_brackets_is_declared() -> None:
    # "( B )类": a space on both sides of the class
    assert parse_reply(_TITLE + "( B )类\n王强委员:\n" + _OPENING).declared_result == "B"


def test_a_class_after_the_replys_title_is_declared() -> None:
    text = "青禾县园林局关于县十九届人大一次会议第160号建议办理情况的函(B)\n王强代表:\n" + _OPENING
    assert parse_reply(text).declared_result == "B"


def test_a_bracketed_letter_inside_a_title_is_no_class() -> None:
    # near miss: "(A)" that does not close the title after its last word declares nothing
    text = "关于推进(A)级景区提升工作的建议的答复\n王强代表:\n" + _OPENING
    assert parse_reply(text).declared_result is None


def test_the_ticked_box_of_a_forms_result_row_is_the_class() -> None:
    text = (
        "委员姓名 | 王 强 | 工作单位 |\n案 由 | 关于增设口袋公园的建议 | ||\n"
        "办理结果 | A已解决() B正在解决(√)C计划解决()D不能解决() | ||\n王 强委员:\n" + _OPENING
    )
    assert parse_reply(text).declared_result == "B"


def test_the_co_handlers_under_their_word_after_jing_shang_are_read_without_it() -> None:
    text = (
        "王强委员:\n您提出的《关于增设口袋公园的提案》收悉,经商会办单位省住建厅、省财政厅意见,现答复如下:\n"
        "我厅已会同各地排查闲置地块,今年先建成三处口袋公园。\n"
    )
    assert parse_reply(text).co_handlers == ["省住建厅", "省财政厅"]


def test_jing_shang_units_with_their_consent_are_read_as_before() -> None:
    # near miss: "经商A、B同意" was read before the change, and is read the same
    text = (
        "王强委员:\n您提出的《关于增设口袋公园的提案》收悉,经商省住建厅、省财政厅同意,现答复如下:\n"
        "我厅已会同各地排查闲置地块,今年先建成三处口袋公园。\n"
    )
    assert parse_reply(text).co_handlers == ["省住建厅", "省财政厅"]


def test_the_unit_after_a_quoted_proposal_heading_the_title_answers() -> None:
    # "《关于…的提案》X厅关于…的答复": the quote before the unit is no part of its name
    text = "《关于增设口袋公园的提案》青禾省住房和城乡建设厅关于省政协十二届五次会议第1205号提案的答复\n王强委员:\n" + _OPENING
    assert parse_reply(text).handler == "青禾省住房和城乡建设厅"


def test_a_title_opening_with_its_unit_is_read_as_before() -> None:
    # near miss
    text = "青禾省住房和城乡建设厅关于省政协十二届五次会议第1205号提案的答复\n王强委员:\n" + _OPENING
    assert parse_reply(text).handler == "青禾省住房和城乡建设厅"


_CLOSING = "感谢您对我局工作的关心和支持。\n"


def test_labels_spaced_between_their_words_are_contacts() -> None:
    # "签发 人:" / "经办 人:" under the closing, "邮 编:" after a phone and a gap, "签发 人:" after a 文号
    text = (
        _TITLE + "王强委员:\n" + _OPENING + _CLOSING
        + "签发 人:周立新\n经办 人:吴小燕 陈 东\n联系电话:8722373          邮 编:628021\n青禾县园林局\n2024年5月6日\n"
    )
    reply = parse_reply(text)
    assert reply.contacts == {"签发人": "周立新", "经办人": "吴小燕 陈 东", "联系电话": "8722373", "邮编": "628021"}
    assert not any("签发" in s.text for s in reply.suggestions)
    text = "青园字〔2019〕141号 签发 人:周立新\n" + _TITLE + "王强委员:\n" + _OPENING
    assert parse_reply(text).contacts == {"签发人": "周立新"}


def test_a_spaced_name_after_a_label_stays_the_value() -> None:
    # near miss: "联系人:王 浩  联系电话:…": the spaced name is a value, not a label to close up
    text = _TITLE + "王强委员:\n" + _OPENING + _CLOSING + "联系人:王 浩  联系电话:8722373\n青禾县园林局\n2024年5月6日\n"
    assert parse_reply(text).contacts == {"联系人": "王 浩", "联系电话": "8722373"}


def test_a_news_sites_side_column_over_the_title_is_no_letterhead() -> None:
    # "推薦圖文" / "點擊排行" (a list of links beside the article) stand above the title: page chrome, no unit
    text = "重要通告\n推薦圖文\n點擊排行\n對十三屆全國人大四次會議第6460號建議的答復\n王強代表:\n" + _OPENING
    assert parse_reply(text).handler is None


def test_a_letterhead_over_the_title_is_kept() -> None:
    # near miss: a unit's name over the title is its letterhead, as before
    text = "青禾县园林局\n对十三届全国人大四次会议第6460号建议的答复\n王强代表:\n" + _OPENING
    assert parse_reply(text).handler == "青禾县园林局"


_TO_LEAD = "青禾区卫生健康局:\n"
_ASSISTED = "《关于增设社区卫生服务站的建议》(第1155号)收悉。{words}\n我局已将该项目列入明年预算,资金到位后配合你局实施。\n"


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("关于青禾区六届人大三次会议\n第1155号建议的协办答复\n", "现答复如下:"),
        ("", "经研究,现将我区汇办意见函告如下:"),
        ("", "我局作为协办单位答复如下:"),
    ],
)
def test_an_assisting_units_words_make_a_co_handlers_opinion(title: str, words: str) -> None:
    reply = parse_reply(title + _TO_LEAD + _ASSISTED.format(words=words))
    assert reply.kind is ReplyKind.CO_HANDLER_OPINION


def test_a_lead_units_answer_to_a_unit_stays_a_reply() -> None:
    # near miss: the same letter to a unit without an assisting unit's words is read as before
    assert parse_reply(_TO_LEAD + _ASSISTED.format(words="现答复如下:")).kind is ReplyKind.REPLY


def _opening_title(opening: str) -> str | None:
    return parse_reply("王强委员:\n" + opening + "\n我局已将该项目列入明年计划,资金到位后实施。\n").title


def test_a_title_with_a_quoted_phrase_is_read_whole() -> None:
    # a quoted phrase right after 关于, or two of them: the title is the whole, not the phrase
    assert _opening_title("您提出的关于“口袋公园”建设提速的建议收悉。现答复如下:") == "关于“口袋公园”建设提速的建议"
    assert (_opening_title("您提出的关于老城区“微更新”带动“慢生活”街区建设的建议收悉。现答复如下:")
            == "关于老城区“微更新”带动“慢生活”街区建设的建议")


def test_a_quoted_title_inside_a_wrapper_is_the_title() -> None:
    # near miss: "关于“关于X的建议”的提案": the quoted title is X, as before
    assert _opening_title("您提出的关于“关于增设口袋公园的建议”的提案收悉。现答复如下:") == "关于增设口袋公园的建议"


def test_the_number_in_brackets_at_the_end_of_a_quoted_title_is_no_part_of_it() -> None:
    assert _opening_title("您提出的《关于增设口袋公园的建议(第75号)》收悉。现答复如下:") == "关于增设口袋公园的建议"
    # near miss: a bracket that is no number stays
    assert _opening_title("您提出的《关于修订公园管理办法(试行)的建议》收悉。现答复如下:") == "关于修订公园管理办法(试行)的建议"
