"""Traps that real-fresh-29 and -30 (CPPCC and NPC real replies, each measured once before any change) showed,
with recurrences on real-fresh-14 … -28, each in invented words, with near misses that must stay as they were; the
whole letters are fixtures 694-698 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED

_TITLE = "关于修缮禾村水渠的建议的答复\n"
_SALUTATION = "王林代表:\n"
_THANKS = "感谢您对水利工作的关心和支持。\n"


# --- a 文号 whose closing bracket and 号 the page lost, alone on its line (694) ---


@pytest.mark.parametrize(
    ("line", "doc_no"),
    [
        ("禾水函〔2024317\n", "禾水函〔2024317"),
        ("禾水建函〔202058\n", "禾水建函〔202058"),
        ("禾公交提字〔202302A\n", "禾公交提字〔202302"),  # a letter after the serial is left off
        ("  禾水函〔2024317  \n", "禾水函〔2024317"),  # spaces round it
        # near misses: more on the line, or no issuer before the bracket, is no 文号
        ("根据禾水函〔2024317号文件\n", None),
        ("禾水函〔2024317 禾县水利局\n", None),
        ("〔2024317\n", None),
        ("关于〔2024317\n", None),
        ("禾水函2024317\n", None),  # no bracket at all
        ("禾水函〔202\n", None),  # no year
    ],
)
def test_a_doc_no_that_lost_its_closing_bracket_alone_on_its_line(line: str, doc_no: str | None) -> None:
    assert parse_reply(f"{_TITLE}{line}{_SALUTATION}{_OPENING}{_BODY}{_SIGNED}").doc_no == doc_no


def test_a_doc_no_that_lost_its_bracket_in_the_body_stays_body_text() -> None:
    body = "我局已安排资金修缮水渠。\n禾水函〔2024317\n水渠已于5月完工。\n"
    reply = parse_reply(f"{_TITLE}{_SALUTATION}{_OPENING}{body}{_SIGNED}")
    assert reply.doc_no is None


def test_a_whole_doc_no_is_still_read_first() -> None:
    text = f"{_TITLE}禾水函〔2024〕317号\n禾水函〔2024318\n{_SALUTATION}{_OPENING}{_BODY}{_SIGNED}"
    assert parse_reply(text).doc_no == "禾水函〔2024〕317号"


# --- the page cut inside the tail's last line (695) ---


@pytest.mark.parametrize(
    "fragment",
    ["禾县水", "联 系", "2019年6", "联系单位及", "垫"],
)
def test_a_fragment_the_page_cut_under_the_closing_is_tail(fragment: str) -> None:
    reply = parse_reply(f"{_TITLE}{_SALUTATION}{_OPENING}{_BODY}{_THANKS}{fragment}\n")
    assert [s.text for s in reply.suggestions] == [_BODY.strip()]
    assert reply.closing == _THANKS.strip()
    assert "looks_truncated" not in reply.parse_warnings


@pytest.mark.parametrize(
    "last",
    [
        # near misses: the last line under a body line is the body's (a page cut inside the answer)
        "水渠已于",
        # a sentence is no fragment, however short
        "已完工,",
    ],
)
def test_a_short_last_line_under_the_answer_stays_in_the_answer(last: str) -> None:
    reply = parse_reply(f"{_TITLE}{_SALUTATION}{_OPENING}{_BODY}{last}\n")
    assert last in reply.suggestions[-1].text


def test_a_fragment_longer_than_a_cut_name_is_not_tail() -> None:
    last = "水渠修缮工程已经完成验收并交付村里管护使用"
    reply = parse_reply(f"{_TITLE}{_SALUTATION}{_OPENING}{_BODY}{_THANKS}{last}\n")
    assert last in reply.suggestions[-1].text


# --- a label with its other name in brackets, "主办(分办)单位:" (696) ---


@pytest.mark.parametrize(
    ("field", "unit"),
    [
        ("主办(分办)单位:禾县水利局\n", "禾县水利局"),
        ("主办单位(分办单位):禾县水利局\n", "禾县水利局"),
        ("主办（分办）单位：禾县水利局\n", "禾县水利局"),  # full-width brackets and colon
        # near misses: a bracket in a label that is not ours, or a bracket that is no alias, names none
        ("牵头(分办)部门:禾县水利局\n", None),
        ("主办(禾县水利局)\n", None),
    ],
)
def test_the_lead_unit_under_a_label_with_its_alias(field: str, unit: str | None) -> None:
    reply = parse_reply(f"{_SALUTATION}{_OPENING}{_BODY}{_THANKS}{field}办复类别:A\n")
    assert reply.handler == unit
    assert reply.declared_result == "A"


def test_a_salutation_with_a_unit_in_brackets_is_no_label() -> None:
    reply = parse_reply(f"王林委员(禾县水利局):\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.proposers == ["王林"]
    assert reply.salutation == "王林委员(禾县水利局):"
    assert reply.contacts == {}


# --- proposal numbers joined by hyphens or a dot (697) ---


@pytest.mark.parametrize(
    ("opening", "number"),
    [
        ("您提出的“关于修缮禾村水渠的建议”(14-2-128号建议)收悉,现答复如下:\n", "14-2-128号"),
        ("您提出的“关于修缮禾村水渠的建议”(14-128号建议)收悉,现答复如下:\n", "14-128号"),
        ("您在县政协第6.11号提案中提出的关于修缮禾村水渠的建议收悉,现答复如下:\n", "第6.11号"),
        # near misses read as before
        ("您提出的“关于修缮禾村水渠的建议”(128号建议)收悉,现答复如下:\n", "128号"),
        ("您提出的“关于修缮禾村水渠的建议”(第162-410号)收悉,现答复如下:\n", "第162-410号"),
        ("您提出的“关于修缮禾村水渠的建议”(Y-19号建议)收悉,现答复如下:\n", "Y-19号"),
    ],
)
def test_a_proposal_number_in_parts_is_read_whole(opening: str, number: str) -> None:
    assert parse_reply(f"{_SALUTATION}{opening}{_BODY}{_SIGNED}").proposal_no == number


def test_the_last_part_of_a_dotted_number_is_never_read_alone() -> None:
    opening = "您提出的“关于修缮禾村水渠的建议”(2.128号建议)收悉,现答复如下:\n"
    assert parse_reply(f"{_SALUTATION}{opening}{_BODY}{_SIGNED}").proposal_no is None


# --- page date fields under 生效日期 / 发表日期 / 答复日期 (698) ---


@pytest.mark.parametrize(
    ("field", "date"),
    [
        ("生效日期: | 2019-06-11 | 废止日期: | |\n", "2019-06-11"),
        ("发表日期:2019年6月11日\n", "2019-06-11"),
        ("答复日期: 2019-06-11\n", "2019-06-11"),
        ("答復日期: 2019-06-11\n", "2019-06-11"),  # a mirror's traditional characters
        # near misses: a date of another kind is no date of the letter
        ("废止日期: 2029-06-11\n", None),
        ("交办日期: 2019-03-11\n", None),
    ],
)
def test_a_page_date_under_another_label_dates_an_unsigned_letter(field: str, date: str | None) -> None:
    reply = parse_reply(f"{field}{_TITLE}{_SALUTATION}{_OPENING}{_BODY}{_THANKS}")
    assert reply.date == date


def test_a_signature_date_still_wins_over_the_page_fields() -> None:
    reply = parse_reply(f"生效日期: | 2019-06-30 |\n{_TITLE}{_SALUTATION}{_OPENING}{_BODY}{_SIGNED}")
    assert reply.date == "2019-06-11"
