"""Traps that real-fresh-98..-101 showed (p102), each in invented words, with near misses that must stay as they were.

- a township studied the proposal with the answering unit, named alone ("经与青石镇共同研究办理") or with the 与
  left out ("经青石镇共同研究办理"): it is the co-handler;
- "《关于…的提案》(20245071)收悉": the proposal's number in brackets after the quoted title, with no 号;
- a salutation to a group of members ("东川县政协委员小组:") names the group, not "小组"; a salutation with its
  colon typed twice ("尊敬的李长河委员::") is one;
- a signature's year with a lower-case L typed for one ("20l6年7月4日"), as O is read for zero;
- a class with its sub-class in brackets alone on a header line ("[ A1 ]").
"""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.dates import find_date
from cppcc_review.store.reading.parser import parse_reply

_OPENING = "刘平代表:\n您提出的《关于修建青石镇敬老院的建议》(第211号)收悉。{clause},现答复如下:\n一、现状\n青石镇敬老院现有床位四十张。\n"


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("经与青石镇共同研究办理", ["青石镇"]),
        ("经青石镇共同研究办理", ["青石镇"]),
        ("经区民政局、青石镇共同研究办理", ["区民政局", "青石镇"]),
    ],
)
def test_a_township_that_studied_the_proposal_is_a_co_handler(clause: str, expected: list[str]) -> None:
    assert parse_reply(_OPENING.format(clause=clause)).co_handlers == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # no unit before 共同研究
        ("经过认真共同研究", []),
        # 经 of a unit's name (市经信局) opens no list
        ("我局与市经信局共同研究", []),
        # a generic 各镇街 alone names no unit
        ("经与各镇街共同研究", []),
        # after a unit, as before
        ("经与区政法委、各街镇共同研究", ["区政法委", "各街镇"]),
    ],
)
def test_near_misses_of_a_township_co_handler_read_as_before(clause: str, expected: list[str]) -> None:
    assert parse_reply(_OPENING.format(clause=clause)).co_handlers == expected


def test_a_number_in_brackets_after_the_quoted_title_without_hao_is_the_proposals() -> None:
    text = "王海委员:\n您提出的《关于加强青年婚恋教育的提案》(20245071)收悉,现答复如下:\n我厅将婚恋教育纳入高校课程。\n"
    assert parse_reply(text).proposal_no == "20245071"


def test_a_year_in_brackets_after_the_quoted_title_is_no_proposal_number() -> None:
    # near miss: a year is no number
    text = "王海委员:\n您提出的《关于加强青年婚恋教育的提案》(2024)收悉,现答复如下:\n我厅将婚恋教育纳入高校课程。\n"
    assert parse_reply(text).proposal_no is None


_REPLY = "{salutation}\n你们提出的《关于修缮古桥的提案》收悉,现答复如下:\n我局已安排资金修缮古桥。\n"


@pytest.mark.parametrize(
    ("salutation", "expected"),
    [
        ("东川县政协委员小组:", ["东川县政协委员小组"]),
        ("东川县政协委员活动组:", ["东川县政协委员活动组"]),
        ("尊敬的李长河委员::", ["李长河"]),
    ],
)
def test_a_group_of_members_or_a_doubled_colon_in_the_salutation(salutation: str, expected: list[str]) -> None:
    assert parse_reply(_REPLY.format(salutation=salutation)).proposers == expected


@pytest.mark.parametrize(
    ("salutation", "expected"),
    [
        # near misses: the role before one person's name, the assembly before it, one colon
        ("东川县政协委员周明:", ["周明"]),
        ("县政协罗青委员:", ["罗青"]),
        ("尊敬的李长河委员:", ["李长河"]),
    ],
)
def test_near_misses_of_group_salutations_read_as_before(salutation: str, expected: list[str]) -> None:
    assert parse_reply(_REPLY.format(salutation=salutation)).proposers == expected


_SIGNED = (
    "彭华委员:\n你提出的《关于公交站台亮化的建议》收悉。现答复如下:\n我局已联系市公交公司增设照明。\n"
    "感谢您对交通工作的关心和支持。\n青河经济开发区建设交通局\n{date}\n"
)


def test_a_signature_year_with_a_letter_l_for_one_is_read() -> None:
    reply = parse_reply(_SIGNED.format(date="20l6年7月4日"))
    assert reply.date == "2016-07-04"
    assert reply.handler == "青河经济开发区建设交通局"


@pytest.mark.parametrize(("written", "expected"), [("2016年7月4日", "2016-07-04"), ("二OO八年六月十八日", "2008-06-18")])
def test_signature_years_read_as_before(written: str, expected: str) -> None:
    assert parse_reply(_SIGNED.format(date=written)).date == expected


def test_letters_alone_are_no_year() -> None:
    # near miss: the letter stands for one only among the year's digits
    assert find_date("llll年7月4日") is None


_PAGE_WITH_CLASS = (
    "对市政协九届三次会议《关于修缮古桥的提案》(第160号)的答复\n\n发布时间:2024-08-26 浏览次数:37\n\n{mark}\n\n"
    "[同意公开]\n\n张明委员:\n您提出的《关于修缮古桥的提案》收悉,现答复如下:\n我局已安排资金修缮古桥。\n"
)


@pytest.mark.parametrize(("mark", "expected"), [("[ A1 ]", "A1"), ("[B2]", "B2"), ("[ A ]", "A"), ("A1", None), ("[A12]", None)])
def test_a_bracketed_class_with_its_sub_class_alone_on_a_line(mark: str, expected: str | None) -> None:
    # near misses: a bare class in brackets as before; "A1" without brackets and "[A12]" are no class
    assert parse_reply(_PAGE_WITH_CLASS.format(mark=mark)).declared_result == expected
