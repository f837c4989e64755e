"""Replies the parser refused (found by a tester importing ~900 real published replies, and on the ninth session's
gate, -109 a011), each in invented words, with a near miss that keeps the refusal or the footer cut where it belongs."""

from __future__ import annotations

import pytest

from cppcc_review.store.errors import NotAReplyError
from cppcc_review.store.reading.parser import parse_reply

BODY = ("经调查,东河区新城片区目前有公交线路三条,站点间距偏大。我局已会同公交公司对沿线客流进行了统计,"
        "拟在新城大道与光明路交叉口增设一处站点。\n下一步,我局将于今年六月底前完成站牌设置。\n")


# --- a reply title whose bracket the page closed twice -------------------------------------------------------
def test_a_title_whose_bracket_closes_twice_is_a_reply_title():
    text = "东河区交通运输局关于对区十届人大二次会议第5号建议的答复(关于增设公交站点的建议))\n\n时间:2021-05-06\n\n" + BODY
    reply = parse_reply(text)
    assert reply.proposal_no == "第5号"


def test_a_line_that_is_no_title_still_gives_no_reply():
    with pytest.raises(NotAReplyError):
        parse_reply("东河区交通运输局关于增设公交站点的情况说明(草稿))\n\n时间:2021-05-06\n\n" + BODY)


# --- a committee's long opening paragraph -----------------------------------------------------------------------
LONG = ("为做好办理工作,我局成立了由主要负责同志任组长的办理工作小组,制定了办理方案,明确了责任分工和时间节点,"
        "并多次召集会办单位召开专题会议进行研究,组织相关处室赴各区开展实地调研和座谈交流。") * 4


def test_a_committees_opening_whose_as_follows_comes_late_is_an_opening():
    text = ("某市政协文化和文史委员会:\n贵委在市政协第九届三次会议上提出的《关于加强老城区骑楼保护的提案》(第215号)\n"
            + LONG + "经与会办单位认真研究,现答复如下:\n"
            "我局已完成老城区骑楼的普查建档,共登记骑楼街区十二处,2024年底前出台修缮导则。\n")
    reply = parse_reply(text)
    assert reply.title == "关于加强老城区骑楼保护的提案"


def test_a_long_paragraph_with_no_answer_in_it_is_still_no_reply():
    text = "某市政协文化和文史委员会:\n贵委调研组于上周赴老城区调研骑楼保护情况。\n" + LONG + "\n"
    with pytest.raises(NotAReplyError):
        parse_reply(text)


# --- a site footer printed above the letter -----------------------------------------------------------------------
TOP_FOOTER = """青山市体育局主办 市政府网站群技术支持
地址:青山市北城新区 电话:0539-1234567 网站标识码:3700000001 鲁ICP备05000001号
标 题 | 对市政协十五届三次会议第112号提案(关于武术进校园的提案)的答复 |
李明委员: 《关于武术进校园的提案》(第112号)收悉。我局认真研究了本提案,现答复如下:一、2019年起,我局已在全市30所中小学开设武术课程,并配备专职教练12名。二、下一步将于2020年秋季学期推广至全市中小学。感谢您对体育工作的关心和支持。
青山市体育局
2019年6月30日
"""


def test_a_sites_footer_printed_above_the_letter_leaves_the_letter():
    reply = parse_reply(TOP_FOOTER)
    assert reply.proposers == ["李明"]
    assert reply.handler == "青山市体育局"


def test_a_footer_under_the_letter_is_still_cut_off():
    text = TOP_FOOTER.split("\n", 2)[2] + "版权所有:青山市人民政府 网站标识码:3700000001 鲁ICP备05000001号\n联系电话:0539-7654321\n"
    reply = parse_reply(text)
    assert "0539-7654321" not in str(reply.contacts)
