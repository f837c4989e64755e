"""Checks round k81: false alarms read on real-fresh-60..-83, each as a trap in invented words, with a near miss
that keeps the real defect caught (docs/reading-aids.md, "Checks round k81")."""

from __future__ import annotations

from cppcc_review.store.aids.checks import Finding, check_reply
from cppcc_review.store.model import Reply
from cppcc_review.store.reading.parser import parse_reply
from tests.test_checks_support import findings_of_kind

TODAY = "2026-12-01"


def found(reply: Reply, kind: str) -> list[Finding]:
    return findings_of_kind(reply, kind, TODAY)  # (asserting that every finding points exactly at its excerpt)


# --- truncated_text on a letter that ends with a full sentence, the page's furniture under it -----------------
UNSIGNED = """关于增设青山镇公交站点建议的答复
周丽代表:
您提出的关于增设青山镇公交站点的建议收悉,现答复如下:
一、关于增设站点
我局已在青山镇中心小学门口增设公交站点1处,今年5月投入使用。
二、关于延长运营时间
{end}
{furniture}
"""
FURNITURE = {
    "widget": "  • 文件预览\n  •",
    "footer": "  • 主办:青山县人大常委会 承办:青山县人大常委会办公室\n  • 电话:0123-4567890",
    "columns": "时政要闻\n通知公告\n  • 政协履职系统\n  • 移动端",
    "related": "相关文章\n关键字:",
    "blank date": "年 月 日",
}


def _unsigned(end: str, furniture: str) -> Reply:
    return parse_reply(UNSIGNED.format(end=end, furniture=furniture))


def test_a_letter_ending_with_a_full_sentence_above_the_pages_furniture_is_not_cut():
    for name, furniture in FURNITURE.items():
        reply = _unsigned("下一步将把末班车时间延长至晚上9点,已于本月起试运行。", furniture)
        assert found(reply, "truncated_text") == [], name
        # what the letter lacks is still said, part by part
        assert found(reply, "missing_signer"), name


def test_a_half_width_full_stop_after_a_character_ends_a_sentence():
    reply = _unsigned("现3条线路的运营时间已全部延长完毕.", "")
    assert found(reply, "truncated_text") == []


def test_a_letter_cut_mid_sentence_above_the_pages_furniture_is_still_cut():
    for name, furniture in FURNITURE.items():
        reply = _unsigned("下一步将把末班车时间延长至晚上9点,并同步调整", furniture)
        assert len(found(reply, "truncated_text")) == 1, name


def test_a_decimal_point_at_the_end_is_no_full_stop():
    reply = _unsigned("下一步将把发车间隔缩短至12.", "")
    assert len(found(reply, "truncated_text")) == 1


# --- repeated_phrase over a list of two titles of different levels, or over two fields of a site's footer ------
def _body(sentence: str) -> Reply:
    from tests.test_checks_support import reply_with
    return reply_with(sentence)


def test_two_titles_of_different_levels_are_a_list_not_a_slip():
    reply = _body("目前我县已建成国家级乡村旅游重点示范村落、省级乡村旅游重点示范村落各1个,下一步将继续申报。")
    assert found(reply, "repeated_phrase") == []
    reply = _body("全县现有国家级传统手工技艺保护传承基地2个、省级传统手工技艺保护传承基地5个、市级传统手工技艺保护传承基地9个。")
    assert found(reply, "repeated_phrase") == []


def test_the_same_unit_in_two_fields_of_a_footer_is_no_slip():
    reply = _body("我局将于年内完成全部整改。\n主办:青山县人大常委会 承办:青山县人大常委会办公室")
    assert found(reply, "repeated_phrase") == []


def test_a_title_written_twice_with_its_level_is_still_reported():
    reply = _body("目前我县已建成省级乡村旅游重点示范村落、省级乡村旅游重点示范村落各1个,下一步将继续申报。")
    assert [f.excerpt for f in found(reply, "repeated_phrase")] == ["省级乡村旅游重点示范村落"]


# --- past_only: a background section beside the answer, and a measure named after the general account ------------
BACKGROUND = """关于规范农产品直播销售的提案的答复
孙燕委员:
您提出的关于规范农产品直播销售的提案收悉,现答复如下:
一、{heading}
近年来我市农产品直播销售发展迅速,带动了就业,也出现了以次充好、虚假宣传等问题,扰乱了市场秩序。
{rest}感谢您对我市商务工作的关心和支持。
青山市商务局
2024年6月3日
"""
MEASURES = ("二、有关措施\n我局已会同市场监管部门建立直播销售联合检查机制,今年抽查直播间36个,"
            "下一步将于年底前出台《农产品直播销售服务规范》。\n")


def test_a_background_section_beside_the_letters_measures_is_no_past_only():
    reply = parse_reply(BACKGROUND.format(heading="调研情况", rest=MEASURES))
    assert len(reply.suggestions) == 2
    assert found(reply, "past_only") == []


def test_a_general_account_under_an_answering_heading_is_still_past_only():
    reply = parse_reply(BACKGROUND.format(heading="关于加强直播监管", rest=MEASURES))
    assert [f.excerpt for f in found(reply, "past_only")] == ["近年来"]


def test_a_background_section_that_is_the_whole_answer_is_still_past_only():
    reply = parse_reply(BACKGROUND.format(heading="调研情况", rest=""))
    assert [f.excerpt for f in found(reply, "past_only")] == ["近年来"]


def test_a_measure_named_after_the_general_account_is_no_past_only():
    for measure in ("近期,省政府办公厅印发《关于加强村级防疫员队伍建设的通知》(省政办发〔2023〕12号),要求各县保障防疫员补贴。",
                    "全面实施“三个一”改造,以“一条示范路、一处休闲点、一批指示牌”为主要举措,开展园区整治。"):
        reply = _body("近年来,部分村级防疫员队伍不稳定,园区环境也有待提升。" + measure)
        assert found(reply, "past_only") == [], measure


def test_a_general_account_with_no_measure_named_is_still_past_only():
    reply = _body("近年来,部分村级防疫员队伍不稳定。我局高度重视,多次组织调研,推动问题解决。")
    assert [f.excerpt for f in found(reply, "past_only")] == ["近年来"]


# --- doubled_phrase on a site's navigation bar (a link's icon text beside its own) -----------------------------
NAV_BAR = """站群导航
  • {link}
  • 手机版
您的位置:首页 >青山区人大常委会>代表工作>详细内容
{title}
吴刚代表:
您提出的关于修缮城南便民桥的建议已收悉,现答复如下:
区政府已于今年4月完成城南便民桥加固,并增设护栏两处。
感谢您对我区工作的关心和支持。
青山区住房和城乡建设局
2024年6月3日
"""


def test_a_link_doubled_on_the_sites_navigation_bar_is_no_slip():
    reply = parse_reply(NAV_BAR.format(link="无障碍版无障碍版", title="关于修缮城南便民桥的建议的答复"))
    assert found(reply, "doubled_phrase") == []


def test_a_doubling_in_the_title_under_the_navigation_bar_is_still_reported():
    reply = parse_reply(NAV_BAR.format(link="无障碍版", title="关于加快修缮加快修缮城南便民桥的建议的答复"))
    assert [f.excerpt for f in found(reply, "doubled_phrase")] == ["加快修缮"]


# --- missing_signer: a street office in the lead unit's field, and a signature cut inside the unit's name -----------
SIGNED = """关于改造城西老街的建议的答复
郑伟代表:
您提出的关于改造城西老街的建议收悉,现答复如下:
一是已将城西老街纳入今年街区改造计划,预计9月开工。
二是已在老街入口增设停车泊位40个。
{end}
"""


def test_a_street_office_named_in_the_lead_units_field_signs_the_letter():
    reply = parse_reply(SIGNED.format(end="主办单位:城西街道办事处"))
    assert found(reply, "missing_signer") == []


def test_a_site_host_field_over_its_copyright_line_is_still_no_signature():
    reply = parse_reply(SIGNED.format(end="主办单位:城西街道办事处 版权所有:城西街道办事处 网站地图"))
    assert len(found(reply, "missing_signer")) == 1


def test_a_signature_cut_inside_the_units_name_under_the_closing_is_there():
    reply = parse_reply(SIGNED.format(end="感谢您对我县城市管理工作的关心和支持!\n青山县住房"))
    assert found(reply, "missing_signer") == []


def test_a_short_last_line_under_the_answer_is_no_signature():
    reply = parse_reply(SIGNED.format(end="三是青山县城管局将于今年完成老街店招整治。\n青山县住房"))
    assert len(found(reply, "missing_signer") + found(reply, "truncated_text")) == 1


# --- missing_opening: a ministry's reply opens 现就…第N号建议提出办理意见: ---------------------------------------------
MINISTRY = """{opening}
王芳代表针对城市货运配送车辆通行难的问题,提出了优化货车通行管理的建议。经认真研究,现答复如下:
一、关于货车通行证
我部已于2023年指导各地推行货车通行证网上办理,全国已有200余个城市实现网上办理。
感谢您对交通运输工作的关心和支持。
交通运输部
2024年6月30日
"""


def test_a_ministrys_opening_that_puts_forward_its_handling_opinion_is_an_opening():
    reply = parse_reply(MINISTRY.format(opening="现就十四届全国人大二次会议第1024号建议提出办理意见:"))
    assert found(reply, "missing_opening") == []


def test_the_number_alone_is_still_no_opening():
    from tests.test_checks_support import build_reply
    text = MINISTRY.format(opening="十四届全国人大二次会议第1024号建议").replace("经认真研究,现答复如下:", "")
    reply = build_reply(text, doc_no="交办函〔2024〕5号", handler="交通运输部", date="2024-06-30",
                        salutation="王芳代表:", closing="感谢")
    assert len(found(reply, "missing_opening")) == 1
    text = MINISTRY.format(opening="现就十四届全国人大二次会议第1024号建议提出办理意见:").replace("经认真研究,现答复如下:", "")
    reply = build_reply(text, doc_no="交办函〔2024〕5号", handler="交通运输部", date="2024-06-30",
                        salutation="王芳代表:", closing="感谢")
    assert found(reply, "missing_opening") == []


# --- missing_date: the page cut after the date's year, on the line under the signer ----------------------------------
CUT_DATE = """关于设立湿地公园的提案的答复
林强委员:
您提出的关于设立湿地公园的提案收悉,现答复如下:
经研究,该处已划入县级自然保护区,按照自然保护地不重叠设立的原则,不宜再设立湿地公园。
感谢您对我县生态建设的关心和支持。
青山县林业局
{date}"""


def test_a_date_cut_after_its_year_under_the_signer_is_there():
    reply = parse_reply(CUT_DATE.format(date="2020"))
    assert [f.kind for f in check_reply(reply, today=TODAY)
            if f.kind in ("missing_date", "truncated_text")] == []


def test_a_year_in_the_last_sentence_is_no_date():
    reply = parse_reply(CUT_DATE.format(date="").rstrip() + "\n该保护区于2019年划定,面积约1200公顷,计划在2020")
    assert [f.kind for f in check_reply(reply, today=TODAY)
            if f.kind in ("missing_date", "truncated_text")] != []
