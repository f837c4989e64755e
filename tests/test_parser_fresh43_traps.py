"""Traps that real-fresh-43 and -44 (CPPCC and NPC real replies, each measured once before any change) showed,
each in invented words, with near misses that must stay as they were (p36).

- a clause of the opening that speaks to the member or of 我局 is no unit's name ("县政府非常重视,现责成我局认真研究");
- a title whose first part is a 文号 and a committee's session ("(禾文旅发〔2020〕29号)关于对政协禾川区第五届委员会 第四次
  会议…") names no unit;
- an assisting unit's answer to the lead unit ("X局关于协助办理…提案的答复", addressed to the lead unit) is a
  co-handler's opinion, and a quoted "…会议第2024067号提案" is the proposal's number, not its title;
- "0223号(社会管理类016号)提案": the proposal's number, then its number within its group;
- a signature date that lost its 日 mark ("2019年6月13") with the signer's and contact lines under it;
- a site's footer whose host line ("主办:X局 电话:…") stands over its address line ("地址:… 备案号:豫ICP备…");
- the page's stamp under an undated letter ("2017-12-15 13:37:05"), with the contact line above it;
- a site's feedback prompt ("我们期待与您沟通", "通过了解上述内容,您肯定有话要说吧?…") and "繼續訪問";
- a record page's "代表提案者: A,B,C,D" over "A代表:"; "…的建议(1082号) 办理情况的答复".
"""

from __future__ import annotations

import pytest

from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_BODY = "经认真研究,我局已于2023年5月完成禾山路人行道改造,新增护栏300米。\n"
_THANKS = "感谢您对我局工作的关心和支持。\n"


def _all_text(reply) -> str:
    return "\n".join(s.text for s in reply.suggestions)


@pytest.mark.parametrize(
    "opening",
    [
        "关于您提出的“关于改善电力施工环境的建议”的提案已收悉,县政府非常重视,现责成我局认真研究,现答复如下:\n",
        "您提出的《关于推动市区数据融合的提案》收悉。您所提提案我局认真研究,现答复如下:\n",
    ],
)
def test_a_clause_speaking_to_the_member_or_of_wo_ju_names_no_unit(opening: str) -> None:
    reply = parse_reply("王明委员:\n" + opening + _BODY + _THANKS)
    assert reply.handler is None or not any(c in reply.handler for c in "我您你")


def test_a_unit_opening_the_opening_is_still_read() -> None:
    # the near miss: a unit's name that opens its clause ("县城市管理局高度重视") stays the handler
    opening = "您提出的《关于改善电力施工环境的提案》收悉,县城市管理局高度重视,现答复如下:\n"
    assert parse_reply("王明委员:\n" + opening + _BODY + _THANKS).handler == "县城市管理局"


def test_a_committee_session_after_a_doc_no_is_no_unit() -> None:
    text = ("(禾文旅发〔2020〕29号)关于对政协禾川区第五届委员会 第四次会议第77号提案的答复\n"
            "王明委员:\n您们在第77号提案中提出的建议我局高度重视,现答复如下:\n" + _BODY + _THANKS)
    reply = parse_reply(text)
    assert reply.handler is None or "委员会" not in reply.handler


def test_an_assisting_units_answer_to_the_lead_unit_is_a_co_handler_opinion() -> None:
    text = ("禾州市退役军人事务局关于协助办理市政协六届四次会议第2024067号提案的答复\n"
            "市委党史研究室:\n"
            "根据《禾州市政协六届四次会议第2024067号提案》协调会会议精神,对提案涉及我局业务的内容答复如下:\n"
            + _BODY + "禾州市退役军人事务局\n2024年9月14日\n")
    reply = parse_reply(text)
    assert reply.kind is ReplyKind.CO_HANDLER_OPINION
    assert reply.proposers == []  # the lead unit is addressed, not the proposer
    assert reply.title is None  # the quoted number is no title
    assert reply.handler == "禾州市退役军人事务局"


def test_a_quoted_title_that_is_a_title_stays() -> None:
    text = ("王明委员:\n您提出的《关于加强禾山路交通安全的提案》(第2024067号)收悉,现答复如下:\n" + _BODY + _THANKS
            + "禾州市公安局\n2024年6月1日\n")
    assert parse_reply(text).title == "关于加强禾山路交通安全的提案"


def test_the_proposal_number_before_its_group_number() -> None:
    text = ("关于政协十三届全国委员会第三次会议\n0223号(社会管理类016号)提案答复的函\n"
            "王明委员:\n您提出的《关于进一步健全风险防范机制的提案》收悉,现答复如下:\n" + _BODY + _THANKS)
    assert parse_reply(text).proposal_no == "0223号"


def test_a_signature_date_that_lost_its_day_mark() -> None:
    text = ("王明代表:\n您提出的关于坑塘建设的建议收悉,现答复如下:\n" + _BODY
            + "你们对以上办理情况有何意见,请填写《代表建议办理情况征询意见表》(附后)并及时反馈。\n"
            "禾县水利局\n2019年6月13\n领导签发:李明\n联系人及电话:张强 0310-3523233\n抄送:县人大人选工委\n")
    reply = parse_reply(text)
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-13")
    assert "禾县水利局" not in _all_text(reply) and "领导签发" not in _all_text(reply)


def test_an_impossible_day_without_its_mark_is_no_date() -> None:
    text = ("王明代表:\n您提出的关于坑塘建设的建议收悉,现答复如下:\n" + _BODY
            + "禾县水利局\n2019年6月31\n联系人:张强\n")
    assert parse_reply(text).date != "2019-06-31"


def test_a_site_footer_whose_host_line_stands_over_its_address() -> None:
    text = ("王明代表:\n您提出的关于农村公路的建议收悉,现答复如下:\n" + _BODY
            + "衷心感谢您对我市交通事业的关心和支持。\n扫一扫在手机打开当前页\n底部栏目\n"
            "主办:禾源市交通运输局 电话:0391-6633301\n"
            "地址: 禾南省禾源市二区4号楼 备案号: 豫ICP备2022021902号-1\n")
    reply = parse_reply(text)
    text_of = _all_text(reply)
    assert "主办" not in text_of and "底部栏目" not in text_of and "0391" not in str(reply.contacts)


def test_the_page_stamp_under_an_undated_letter() -> None:
    text = ("您提出的关于导沙槽治理的建议收悉,现答复如下:\n" + _BODY
            + "联系人:李保台 电话:0912—7611174)\n2017-12-15 13:37:05\n关闭\n")
    reply = parse_reply(text)
    assert reply.date == "2017-12-15"
    assert reply.contacts.get("联系人") == "李保台"
    assert "2017-12-15" not in _all_text(reply) and "联系人" not in _all_text(reply)


@pytest.mark.parametrize("chrome", [
    "我们期待与您沟通\n通过了解上述内容,您肯定有话要说吧?任何想说的话,您可通过以下几种方式与我们进行沟通。\n",
    "繼續訪問\n",
])
def test_a_sites_feedback_prompt_is_no_part_of_the_answer(chrome: str) -> None:
    text = "王明代表:\n您提出的关于集贸市场的建议收悉,现答复如下:\n" + _BODY + "特此回复。\n" + chrome
    text_of = _all_text(parse_reply(text))
    assert "沟通" not in text_of and "訪問" not in text_of


def test_a_record_pages_proposers_over_the_first_one_saluted() -> None:
    text = ("省体育局关于省十三届人大五次会议第204号建议的答复\n代表提案者: 何先美,王红梅,陈琴,杨雪峰\n"
            "建议提案编号: 第204号\n答复内容:\n何先美代表:\n您提出的《关于支持建设马拉松赛道的建议》收悉。现答复如下:\n"
            + _BODY)
    assert parse_reply(text).proposers == ["何先美", "王红梅", "陈琴", "杨雪峰"]


def test_one_saluted_and_another_listed_keeps_the_saluted() -> None:
    # the near miss: a listed name that is not the saluted one says nothing of the letter's addressees
    text = ("代表提案者: 王红梅\n何先美代表:\n您提出的《关于支持建设马拉松赛道的建议》收悉。现答复如下:\n" + _BODY)
    assert parse_reply(text).proposers == ["何先美"]


def test_a_bare_number_in_brackets_after_an_unquoted_title() -> None:
    text = ("市十七届人大一次会议关于继续加大雨污分离排查整治力度的建议(1082号) 办理情况的答复\n"
            "王明代表:\n您提出的建议收悉,现答复如下:\n" + _BODY)
    assert parse_reply(text).proposal_no == "1082号"
