"""Traps that real-fresh-45 and -46 (CPPCC and NPC real replies, each measured once before any change) showed,
each in invented words, with near misses that must stay as they were (p37).

- "组织党员干部深入基层…": cadres (干部), not a 部 speaking of itself;
- a tail of "联系人姓名:… 联系电话:…" over "报送:县政府议案" (报送, a routing label as 抄送 / 报);
- a signature date whose year the page split ("20 20年7月28日");
- the thanks at a closing line's end ("最后,对您提出的宝贵意见和建议,再次表示感谢。");
- a ministry's "X部关于…提案答复摘要" title (a summary of the reply, published as the reply);
- a page's metadata glued into one line ("发布人:张三来源:综合司浏览次数:发布时间:2020-11-06").
"""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply

_OPENING = "王明代表:\n您提出的关于治理工程车辆抛洒的建议收悉,现答复如下:\n"
_BODY = "一是加大巡查力度,在必经路口增设执勤点;二是开设微信公众号平台,接受群众举报。\n"


def _all_text(reply) -> str:
    return "\n".join(s.text for s in reply.suggestions)


def test_cadres_are_no_unit_speaking_of_itself() -> None:
    body = "我局对养殖场开展宣传教育,组织党员干部深入基层开展宣传宣讲3次。组织党员干部积极参与巡查。\n"
    reply = parse_reply("您提出的关于养殖污染治理的建议收悉,现答复如下:\n" + body)
    assert reply.handler is None or "干部" not in reply.handler


def test_a_unit_speaking_of_itself_is_still_read() -> None:
    # the near miss: a ministry that names itself where it speaks of its own work
    body = "农林部高度重视乡村劳动教育。农林部积极推进课程建设。\n下一步,将继续"
    assert parse_reply("关于加强乡村劳动教育的建议的答复\n您提出的建议收悉,现答复如下:\n" + body).handler == "农林部"


def test_a_routing_label_under_the_contacts_is_in_the_tail() -> None:
    text = _OPENING + _BODY + "联系人姓名:刘洋 联系电话:6865001\n报送:县政府议案\n"
    reply = parse_reply(text)
    assert reply.contacts.get("联系人姓名") == "刘洋" and reply.contacts.get("报送") == "县政府议案"
    assert "报送" not in _all_text(reply) and "刘洋" not in _all_text(reply)


def test_a_signature_date_whose_year_the_page_split() -> None:
    text = _OPENING + _BODY + "此复。\n20 20年7月28日\n联系单位及电话: 禾街区住房和城乡建设局 68922004\n"
    reply = parse_reply(text)
    assert reply.date == "2020-07-28"
    assert "7月28日" not in _all_text(reply)


def test_thanks_at_the_end_of_the_closing_line() -> None:
    text = (_OPENING + _BODY + "最后,对您提出的宝贵意见和建议,再次表示感谢。\n禾东区住房和城乡建设局\n2023年5月6日\n")
    reply = parse_reply(text)
    assert "再次表示感谢" not in _all_text(reply)
    assert reply.handler == "禾东区住房和城乡建设局" and reply.date == "2023-05-06"


def test_a_thanks_sentence_inside_an_answer_stays_in_it() -> None:
    # the near miss: thanks that go on with the answer are the answer's
    text = (_OPENING + "对您提出的宝贵意见和建议表示感谢,我局已于今年增设执勤点3处。\n" + _BODY
            + "禾东区住房和城乡建设局\n2023年5月6日\n")
    assert "增设执勤点3处" in _all_text(parse_reply(text))


def test_a_ministrys_summary_of_its_reply_names_it() -> None:
    text = ("农林部关于政协第十三届全国委员会第五次会议第04016号(农业水利类332号)提案答复摘要\n"
            "刘明、童华 委员:\n你们提出的关于支持创建乡村振兴示范区的提案收悉。经商民政部,现答复如下:\n"
            "一、关于示范区建设\n我部已将相关地区纳入乡村振兴重点帮扶县名单。\n")
    reply = parse_reply(text)
    assert reply.handler == "农林部"
    assert reply.proposers == ["刘明", "童华"]


@pytest.mark.parametrize("meta, date", [
    ("发布人:张三来源:综合司浏览次数:发布时间:2020-11-06\n", "2020-11-06"),
    ("发布时间:2025-08-27 17:00信息来源: 禾为市城市管理局阅读次数:编辑:李四\n", "2025-08-27"),
])
def test_page_metadata_glued_into_one_line(meta: str, date: str) -> None:
    text = "关于加强农村道路养护的提案的答复\n" + meta + "王明委员:\n您提出的提案收悉,现答复如下:\n" + _BODY
    assert parse_reply(text).date == date
