"""Traps that real-fresh-35 and -36 (CPPCC and NPC real replies, each measured once before any change) showed,
each in invented words, with near misses that must stay as they were.

A national ministry writes of itself by its name, not 我部 ("农林部认真落实…", "。农林部积极推进…"), and a web
copy cut before the signature leaves that as the only place the answering unit is named. The answer may open
with the policy's background or with a heading, so the unit is not on its first line (fresh36: five letters of
one ministry, one of a general administration; fresh37 had one more)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply

_TITLE = "关于加强乡村学校劳动教育的建议的答复\n"
_OPENING = "您提出的“关于加强乡村学校劳动教育的建议”收悉,现答复如下:\n"
_BACKGROUND = "劳动教育是国民教育体系的重要内容,是学生成长的必要途径。\n"
_CUT = "下一步,将继续"  # the page stops here: no closing, no signature


def _handler(body: str, opening: str = _OPENING) -> str | None:
    return parse_reply(f"{_TITLE}{opening}{body}{_CUT}").handler


def test_a_ministry_that_names_itself_after_the_background_is_the_answering_unit() -> None:
    body = _BACKGROUND + "农林部认真落实中央决策部署,会同有关部门印发了指导意见。\n"
    assert _handler(body) == "农林部"


def test_after_a_heading_and_named_twice() -> None:
    body = ("一、关于课程安排\n" + _BACKGROUND + "农林部积极推进劳动课程建设。各地已开设劳动课。\n"
            "二、关于实践基地\n农林部会同财政部支持建设实践基地。\n")
    assert _handler(body) == "农林部"


def test_the_unit_named_most_often_where_it_speaks_of_itself() -> None:
    body = _BACKGROUND + "农林部高度重视。禾业总局积极配合。农林部持续推进,农林部正在研究。\n"
    assert _handler(body) == "农林部"


@pytest.mark.parametrize(
    "body",
    [
        # two units named as often: which one answers is not said
        _BACKGROUND + "农林部积极推进课程建设。财政部积极安排资金。\n",
        # the unit only inside quotes: the suggestion's title, a document's name
        _BACKGROUND + "“农林部积极推进劳动教育”的建议已转有关司局。\n",
        _BACKGROUND + "已印发《农林部积极推进劳动教育的意见》。\n",
        # no clause of its own work: a unit that issued something, or one addressed
        _BACKGROUND + "根据农林部印发的意见,各地已开设劳动课。\n",
        # 我局 names no unit
        _BACKGROUND + "我局积极推进劳动课程建设。\n",
    ],
)
def test_near_misses_name_no_unit(body: str) -> None:
    assert _handler(body) is None


def test_a_unit_the_opening_consulted_is_not_the_answering_unit() -> None:
    opening = "您提出的“关于加强乡村学校劳动教育的建议”收悉。经商财政部,现答复如下:\n"
    assert _handler(_BACKGROUND + "财政部积极安排专项资金。\n", opening) is None
    body = _BACKGROUND + "财政部积极安排专项资金。农林部会同各地推进课程建设。\n"
    assert _handler(body, opening) == "农林部"


def test_a_signature_still_names_the_unit_first() -> None:
    body = _BACKGROUND + "农林部认真落实中央决策部署。\n"
    text = f"{_TITLE}{_OPENING}{body}感谢您的关心和支持。\n禾县教育局\n2024年6月11日\n"
    assert parse_reply(text).handler == "禾县教育局"


# --- a co-handler's opinion that does not say 会办意见 (fresh36: two; the parser took the lead unit it is
# addressed to for the proposer) ---

_CO_BODY = "禾区辖九个村,均已建成文化广场。下一步,我委将配合做好健身设施配建。\n禾区管理委员会\n2021年5月7日\n"


@pytest.mark.parametrize(
    ("title", "opening"),
    [
        ("关于对市人大第22号建议会办工作的意见\n市文化和旅游局:\n",
         "现将市人大第22号建议的办理情况函告如下。\n"),
        ("关于市人大第22号建议办理情况的函\n市文化和旅游局:\n",
         "现将市人大第22号建议提出的有关建议办理情况函告如下,请综合后一并答复代表。\n"),
    ],
)
def test_an_opinion_to_the_lead_unit_is_a_co_handlers_opinion(title: str, opening: str) -> None:
    reply = parse_reply(title + opening + _CO_BODY)
    assert reply.kind.value == "co_handler_opinion"
    assert reply.proposers == []  # the lead unit it is addressed to proposed nothing


def test_a_reply_that_combines_views_itself_is_a_reply() -> None:
    text = ("关于市人大第22号建议的答复\n王林代表:\n您提出的建议收悉,我局综合各单位意见后,现答复如下:\n"
            + _CO_BODY)
    reply = parse_reply(text)
    assert reply.kind.value == "reply" and reply.proposers == ["王林"]


# --- p35b: the signer under the date with its contacts after it on one line (fresh35 t006), and the result
# class glued before the 文号 (t016) ---

_LETTER = "关于修缮禾村小学校舍的提案的答复\n李明委员:\n您提出的关于修缮禾村小学校舍的提案收悉,现答复如下:\n我局已于6月完成校舍修缮。\n"


def test_a_signer_under_the_date_with_its_contacts_on_the_same_line() -> None:
    reply = parse_reply(_LETTER + "2022726\n\n禾县教育体育局  联系电话:3303606 联系人:刘熠\n")
    assert (reply.handler, reply.date) == ("禾县教育体育局", "2022-07-26")
    assert reply.contacts.get("联系人") == "刘熠"


@pytest.mark.parametrize(
    "under",
    [
        "联系电话:3303606 联系人:刘熠\n",  # contacts alone: no unit
        "禾县人民政府办公室\n",  # a unit alone under the date may be the site's footer
    ],
)
def test_under_the_date_only_a_unit_with_its_contacts_signs(under: str) -> None:
    assert parse_reply(_LETTER + "2022年7月26日\n" + under).handler is None


@pytest.mark.parametrize(
    ("line", "doc_no", "declared"),
    [
        ("分类:B类上文〔2024〕1号\n", "上文〔2024〕1号", "B类"),
        ("分类:A类禾教提复〔2023〕12号\n", "禾教提复〔2023〕12号", "A类"),
        # near misses: no class before the issuer
        ("禾类文〔2024〕1号\n", "禾类文〔2024〕1号", None),
        ("分类:教育 禾教提复〔2023〕12号\n", "禾教提复〔2023〕12号", None),
    ],
)
def test_a_result_class_glued_before_the_doc_no(line: str, doc_no: str, declared: str | None) -> None:
    reply = parse_reply("关于修缮禾村小学校舍的提案的答复\n" + line + _LETTER.split("\n", 1)[1] + "禾县教育局\n2022年7月26日\n")
    assert (reply.doc_no, reply.declared_result) == (doc_no, declared)
