"""The pieces of a short well-formed letter that the parser-trap tests of real collections
(tests/test_parser_fresh14_traps.py, _fresh15_traps.py) build their traps around, and the page
fields the parser reads from a text."""

from __future__ import annotations

from cppcc_review.store.reading.parse_meta import read_metadata
from cppcc_review.store.reading.textclean import clean_lines, fold

OPENING = "您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n"
BODY = "我局已安排资金修缮水渠。\n"
SIGNED = "禾县水利局\n2019年6月11日\n"


def page_fields(text: str) -> dict[str, str]:
    """The page's metadata fields (来源, 发布日期 …) as the parser reads them."""
    lines = clean_lines(text, set())
    return read_metadata(lines, [fold(line) for line in lines], len(lines)).values
