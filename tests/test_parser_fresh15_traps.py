"""Traps that real-fresh-15 (45 real replies, measured before any change) showed, each in invented
words; the whole letters are fixtures 560-567 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parse_lines import (
    split_compound_lines,
    split_signature_after_contact,
    split_source_after_date,
)
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.reply_proposers import proposers_from_salutation
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED
from tests.helpers.trap_letters import page_fields as _meta


def test_the_pages_source_glued_to_the_signature_date_is_cut_off() -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}感谢您对水利工作的支持。\n禾县水利局2019年6月11日来源:禾县人民政府\n")
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-11")
    assert reply.parse_warnings == []
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


@pytest.mark.parametrize(
    "line",
    [
        "2019年06月12日 来源:禾县水利局",  # a publication line that opens with its date: metadata as it stands
        "禾县水利局2019年6月11日",  # no source after the date
        "禾县水利局2019年6月11日来源:禾县人民政府 发布时间:2019-06-12",  # more fields after the source
    ],
)
def test_a_line_without_a_source_glued_to_a_signature_date_is_not_cut(line: str) -> None:
    assert split_source_after_date([line]) == [line]


@pytest.mark.parametrize(
    ("line", "doc_no", "signer"),
    [
        ("禾水提办[2021]207    签发人:周立军", "禾水提办[2021]207", "周立军"),
        ("禾水发〔202319          签发人:韩东", "禾水发〔202319", "韩东"),
        ("禾水发〔2023〕19号 签发人:韩东", "禾水发〔2023〕19号", "韩东"),  # as before
    ],
)
def test_a_doc_no_on_the_signers_line_printed_without_its_hao(line: str, doc_no: str, signer: str) -> None:
    reply = parse_reply(f"{line}\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.doc_no == doc_no
    assert reply.contacts == {"签发人": signer}


def test_a_number_without_hao_is_no_doc_no_without_the_signer() -> None:
    reply = parse_reply(f"禾水提办[2021]207\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.doc_no is None


@pytest.mark.parametrize(("line", "result"), [("[办理结果标注(A1]", "A1"), ("[办理结果标注(B2)]", "B2"), ("[办理结果标注(]", None)])
def test_a_result_label_with_a_bracket_lost(line: str, result: str | None) -> None:
    reply = parse_reply(f"{line}\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.declared_result == result


def test_the_publication_date_inside_square_brackets_is_the_date_of_last_resort() -> None:
    head = "【信息来源:  信息时间:2019-06-12  阅读次数:】 【我要打印】 【关闭\n"
    assert _meta(head) == {"信息时间": "2019-06-12"}
    unsigned = parse_reply(f"{head}王林代表:\n{_OPENING}{_BODY}")
    assert unsigned.date == "2019-06-12"
    assert "date_from_metadata" in unsigned.parse_warnings
    assert parse_reply(f"{head}王林代表:\n{_OPENING}{_BODY}{_SIGNED}").date == "2019-06-11"  # the signature's


@pytest.mark.parametrize(
    ("salutation", "names"),
    [
        ("王林委员并附议人:", ["王林"]),
        ("王林委员及附议人:", ["王林"]),
        ("王林、李梅委员和附议委员:", ["王林", "李梅"]),
        ("王林委员:", ["王林"]),  # as before
    ],
)
def test_the_seconders_after_a_member_are_no_name(salutation: str, names: list[str]) -> None:
    assert proposers_from_salutation(salutation) == names


_LEAD = (
    "首先感谢您对水利工作的关心和支持。经过我们现场核查,禾村水渠建于多年以前,渠底淤积严重,两岸护坡多处坍塌,"
    "汛期常有漫溢,沿岸农田灌溉受到影响,我们也组织过几次清淤和加固,但由于资金所限,效果一直不够明显,群众意见较大"
)
_ITEMS = "一是关于清淤。我局已安排资金清除渠底淤泥。\n二是关于护坡。我局已将护坡修复列入今年水利计划。\n"


@pytest.mark.parametrize(("lead_end", "count"), [
    ("。为此,我们采取以下措施:", 2), ("。现答复如下:", 2), ("。", 1),
    ("。下一步,我们将从以下方面抓好水渠整治。", 2),  # no colon: the last clause names what follows (real-fresh-16)
    ("。以下是我们的一些想法,仅供参考", 1),  # 以下 that announces no items of the answer
])
def test_items_under_a_long_lead_in_that_announces_them(lead_end: str, count: int) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_LEAD}{lead_end}\n{_ITEMS}{_SIGNED}")
    assert len(_LEAD) > 100
    assert len(reply.suggestions) == count  # a long paragraph that announces nothing keeps one suggestion


@pytest.mark.parametrize(
    ("first_line", "unit"),
    [
        ("对您提出的修缮水渠的建议,水利局党组高度重视,已安排资金修缮。", "水利局"),
        ("您的建议很好。水务中心主要负责辖区内水渠的管护,已安排资金修缮。", "水务中心"),
        ("您的建议很好,目前水利局已经根据建议内容安排资金修缮。", "水利局"),
        ("对您提出的建议,我局党组高度重视,已安排资金修缮。", None),  # 我局 names no unit
        ("此项工作由水利局主要负责,已安排资金修缮。", None),  # another unit's remit, not the answerer speaking
        ("对您提出的建议,财政局已拨付资金,水渠今年修缮。", None),  # a unit acting, not speaking of itself
    ],
)
def test_a_unit_named_by_its_short_name_in_the_answer_of_an_unsigned_letter(first_line: str, unit: str | None) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{first_line}\n2019年6月11日\n")
    assert reply.handler == unit
    assert ("handler_from_opening" in reply.parse_warnings) == (unit is not None)


def test_a_signed_letter_keeps_its_signer_whatever_its_answer_names() -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}对您提出的建议,水务中心党组高度重视,已安排资金修缮。\n{_SIGNED}")
    assert reply.handler == "禾县水利局"


@pytest.mark.parametrize(
    ("line", "source", "date"),
    [
        ("来源:区人大常委会浏览:1300次'时间:2019年6月12日", "区人大常委会", "2019年6月12日"),
        ("来源:禾县水利局 浏览:1300次 时间:2019年6月12日", "禾县水利局", "2019年6月12日"),  # as before
    ],
)
def test_a_views_counter_between_two_page_fields(line: str, source: str, date: str) -> None:
    assert _meta(line) == {"来源": source, "时间": date}


@pytest.mark.parametrize(("source", "unit"), [("区人大常委会", None), ("禾县政协", None), ("禾县水利局", "禾县水利局")])
def test_the_assembly_that_publishes_the_replies_is_no_unit(source: str, unit: str | None) -> None:
    reply = parse_reply(f"来源:{source} 时间:2019年6月12日\n王林代表:\n{_OPENING}{_BODY}")
    assert reply.handler == unit


_COPY = (
    "禾县水利局关于县政协五届三次会议第9号提案办理情况的答复函文章属性•【制定机关】禾县水利局•【公布日期】2019.06.12"
    "•【字号】禾水函〔2019〕8号•【时效性】现行有效正文禾县水利局关于县政协五届三次会议第9号提案办理情况的答复函王林委员:"
    "您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:我局已安排资金修缮水渠。"
)


def test_a_document_sites_copy_on_one_line_is_cut_into_its_fields_and_letter() -> None:
    reply = parse_reply(_COPY)
    assert (reply.doc_no, reply.handler, reply.date) == ("禾水函〔2019〕8号", "禾县水利局", "2019-06-12")
    assert (reply.proposers, reply.title) == (["王林"], "关于修缮禾村水渠的建议")
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


def test_one_bracketed_field_is_no_field_list() -> None:
    line = "禾县水利局关于修缮水渠的答复函•【公布日期】2019.06.12"
    assert split_compound_lines([line]) == ([line], False)


def test_a_title_glued_to_something_else_than_a_salutation_stays_whole() -> None:
    line = "禾县水利局关于县政协五届三次会议第9号提案办理情况的答复函王林委员会办公室转来的意见收悉,现答复如下:我局已安排资金修缮水渠。"
    assert split_compound_lines([line]) == ([line], False)


def test_a_bracketed_label_in_a_bullet_list() -> None:
    assert _meta("•【制定机关】禾县水利局\n•【公布日期】2019.06.12") == {"制定机关": "禾县水利局", "公布日期": "2019.06.12"}


@pytest.mark.parametrize(
    ("last", "contacts"),
    [
        ("联系人:林海 联系电话:13900001111 禾县水利局 2019年", {"联系人": "林海", "联系电话": "13900001111"}),
        ("联系人姓名及电话:林海 13900001111 禾县水利局 2019年", {"联系人姓名及电话": "林海 13900001111"}),
    ],
)
def test_the_signature_after_the_contacts_phone_on_the_last_line(last: str, contacts: dict[str, str]) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{last}\n")
    assert (reply.handler, reply.date, reply.contacts) == ("禾县水利局", None, contacts)
    assert reply.parse_warnings == ["no_date"]  # signed; a year alone is no date
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


@pytest.mark.parametrize(
    "last",
    [
        "联系人:林海 联系电话:13900001111 禾县水利局",  # no date after the unit: not cut
        "联系人:林海 联系电话:13900001111 工作日 2019年",  # not a unit
    ],
)
def test_a_contact_line_without_a_signature_after_its_phone_stays_whole(last: str) -> None:
    assert split_signature_after_contact(["我局已安排资金修缮水渠。", last]) == ["我局已安排资金修缮水渠。", last]


_PRAISED = "首先,衷心感谢您对水利工作的关注和支持。您建议修缮禾村水渠并加固两岸护坡,这对于保障沿岸农田灌溉和村民出行安全具有重要意义。"


@pytest.mark.parametrize(
    ("line", "skipped"),
    [
        (_PRAISED, True),
        ("首先非常感谢您对我县水利工作的关心,您在建议中对禾村水渠年久失修、两岸护坡多处坍塌、汛期常有漫溢等问题的分析及观点我们非常赞成。", True),
        (_PRAISED.removesuffix("。") + ",我局已安排专人到现场查看。", False),  # it goes on to act: the answer
        ("首先,衷心感谢您对水利工作的关注和支持。您建议修缮禾村水渠并加固两岸护坡,以保障沿岸农田在旱季的灌溉用水和村民在雨季出行的安全。", False),  # no praise
    ],
)
def test_a_thanks_and_praise_line_before_the_answer_is_courtesy(line: str, skipped: bool) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{line}\n{_BODY}下一步,我局将加强巡查。\n{_SIGNED}")
    assert len(line) > 60
    assert (reply.suggestions[0].text.startswith("我局已安排资金")) == skipped


def test_a_year_alone_after_a_dated_signature_leaves_the_signature() -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{_SIGNED}2019年\n")
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-11")


def test_a_connective_before_a_unit_in_the_answer_is_no_part_of_a_unit() -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}您的建议很好,同时交警大队高度重视,已安排人员查看。\n2019年6月11日\n")
    assert reply.handler != "同时交警大队"
