"""Traps that real-fresh-47 and -48 (CPPCC and NPC real replies, each measured once before any change) showed,
each in invented words, with near misses that must stay as they were (p38).

- a disclosure page's result mark "标注:A类", and a class spaced out as its label is ("类  别:C  类");
- "…工交财贸类9号建议": the group's name before the number (类 is no city's one-character prefix, as 温 of 温36号 is);
- a bare "专此" under the thanks closes the letter (its 函复 lost);
- a page dated only by its "著录日期".
"""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply

_LETTER = ("王明委员:\n您提出的关于加强农作物病虫害防控的提案收悉,现答复如下:\n"
           "我局已于2022年在全县建成病虫害监测点12个,配备测报员24名。\n")


def _all_text(reply) -> str:
    return "\n".join(s.text for s in reply.suggestions)


@pytest.mark.parametrize("line, result", [
    ("标注:A类\n", "A类"),
    ("类  别:C  类\n", "C  类"),
])
def test_a_result_mark_and_a_spaced_class(line: str, result: str) -> None:
    assert parse_reply(line + _LETTER).declared_result == result


def test_a_mark_that_is_no_class_is_no_result() -> None:
    assert parse_reply("标注:无\n" + _LETTER).declared_result is None


def test_a_groups_name_before_the_number() -> None:
    text = ("禾吉州发改委对自治州十五届人大一次会议工交财贸类9号建议的答复\n王明代表:\n"
            "你们提出的《关于建设城际铁路的议案》已经收悉,经研究答复如下:\n我委已将该项目列入2025年前期工作计划。\n")
    assert parse_reply(text).proposal_no == "9号"


def test_a_citys_one_character_prefix_stays() -> None:
    text = "关于温36号建议的答复\n王明代表:\n您提出的温36号建议收悉,现答复如下:\n我局已于2024年完成改造。\n"
    assert parse_reply(text).proposal_no == "温36号"


def test_a_bare_zhuanci_under_the_thanks_closes_the_letter() -> None:
    text = (_LETTER + "感谢您对县农业农村局工作的关心,希望继续对三农工作给予支持。\n专此\n"
            "分管领导:吴明\n联 系 人:陈修\n联系电话:62300737\n禾清县农业农村局\n2022年5月22日\n")
    reply = parse_reply(text)
    assert "专此" not in _all_text(reply) and "感谢您对" not in _all_text(reply)
    assert (reply.handler, reply.date) == ("禾清县农业农村局", "2022-05-22")


def test_a_page_dated_only_by_its_catalogue_date() -> None:
    text = "关于加强农作物病虫害防控的提案的答复\n著录日期:2025-09-26\n" + _LETTER
    assert parse_reply(text).date == "2025-09-26"
