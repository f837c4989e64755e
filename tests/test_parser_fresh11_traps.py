"""Traps that real-fresh-11 and -12 (92 real replies, measured once before any change) showed, each in
invented words; the whole letters are fixtures 460-479 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.dates import date_shape
from cppcc_review.store.reading.parser import parse_reply


@pytest.mark.parametrize(
    ("written", "shaped", "iso"),
    [
        ("19990868", False, None),  # a page's id under the letter: no calendar date, no date line
        ("20220868", False, None),
        ("2023539", False, None),  # neither 2023-5-39 nor 2023-53-9
        ("20211026", True, "2021-10-26"),  # as before
        ("2023531", True, "2023-05-31"),
        ("2024年6月31日", True, None),  # written as a date: still the date line, reported as impossible
    ],
)
def test_digits_that_read_as_no_calendar_date_are_no_date_line(written: str, shaped: bool, iso: str | None) -> None:
    assert date_shape(written) == (shaped, iso)


def test_a_page_id_under_a_repeated_title_leaves_signer_and_date_alone() -> None:
    reply = parse_reply(
        "禾县水利局关于县五届人大一次会议第9号建议的答复\n王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n"
        "我局已安排资金修缮水渠。\n禾县水利局\n2019年6月11日\n禾县水利局关于县五届人大一次会议第9号建议的答复\n20190699\n"
    )
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-11")
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]
