"""Traps that real-fresh-60..-97 showed (p98), each in invented words, with near misses that must stay as they were.

- letters copied in traditional characters whose cue words hold a character the parser's own short table did not
  fold ("協助貴單位辦理" with 貴, a disclosure table's "公開目錄" with 錄): the parser now folds with OpenCC's table
  (as the reading aids do), so such a co-handler's opinion or such a page is read, not refused as no reply.
"""

from __future__ import annotations

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
