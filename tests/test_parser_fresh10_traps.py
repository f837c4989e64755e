"""Traps that real-fresh-10 (64 real replies, measured once before any change) showed, each in
invented words; the whole letters are fixtures 420-439 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.dates import date_shape
from cppcc_review.store.reading.parse_tail import strip_seal
from cppcc_review.store.reading.parser import parse_reply


@pytest.mark.parametrize(
    ("written", "shaped", "iso"),
    [
        ("20246月14", True, "2024-06-14"),  # 年 and 日 lost, the year's digits run on into the month
        ("20235月18日", True, "2023-05-18"),  # 年 lost
        ("202512月30", True, "2025-12-30"),
        ("2019月6月11日", True, "2019-06-11"),  # 月 printed for 年
        ("2025 9 4", True, "2025-09-04"),  # numbers separated by spaces
        ("二00八年六月十八日[1]", True, "2008-06-18"),  # a footnote mark after the date
        ("2021年4月", True, None),  # a month without its day: the date line, but no calendar date
        ("2020年4月27", False, None),  # 年 printed, 日 lost: may be a page cut inside the day (as before)
        ("20246月", False, None),
        ("2024 年", False, None),
    ],
)
def test_signature_dates_whose_characters_a_page_lost(written: str, shaped: bool, iso: str | None) -> None:
    assert date_shape(written) == (shaped, iso)


def test_a_garbled_signature_date_keeps_signer_and_date_out_of_the_answer() -> None:
    reply = parse_reply(
        "王林代表:\n您提出的《关于修缮禾村便桥的建议》收悉,现答复如下:\n我局已安排资金修缮便桥,年底前完工。\n"
        "禾县交通运输局\n2019月6月11日\n"
    )
    assert (reply.handler, reply.date) == ("禾县交通运输局", "2019-06-11")
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮便桥,年底前完工。"]


def test_a_seal_by_proxy_mark_is_cut_off_the_signer_whole() -> None:
    assert strip_seal("禾县交通运输局(代章)") == "禾县交通运输局"
    assert strip_seal("禾县交通运输局（代章）") == "禾县交通运输局"
    assert strip_seal("禾县交通运输局(章)") == "禾县交通运输局"  # as before
