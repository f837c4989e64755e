"""The parser's contract under hostile input: a Reply or a ParseError, nothing else,
and in linear time (no regex that backtracks catastrophically)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cppcc_review.samples import fixture_files, fixture_text
from cppcc_review.store.errors import ParseError
from cppcc_review.store.model import Reply
from cppcc_review.store.reading.parser import build_suggestion, parse_reply, parse_unchecked

TEXTS = [fixture_text(p) for p in fixture_files()]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_WIDTH_SWAPS = str.maketrans({":": "：", "：": ":", ",": "，", "，": ",", "(": "（", "（": "(", ")": "）", "）": ")"})
# Characters that matter to the parser, so mutations hit the interesting paths.
_SPICY = st.sampled_from(
    list("一二三四五六七八九十、是:：,，。;；()（）〔〕【】[]|\n\r\ufeff年月日号第关于委员代表等AaBC1234567890%.")
    + ["一、", "(一)", "1.", "一是", "二是", "办理结果:", "签发人:", "联系人:", "感谢", "委员会", "2024年6月27日", "二〇二四年", "会同", "收悉", "如下:"]
)


def _check(text: str) -> None:
    """The unguarded parser must itself keep the contract (the guard is a last resort)."""
    try:
        reply = parse_unchecked(text)
    except ParseError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(reply, Reply)
    for s in reply.suggestions:
        assert 0 <= s.start <= s.end <= len(reply.lines)
        assert build_suggestion(reply.lines, s.start, s.end, s.index) == s
    reply.parse_view()
    reply.content_hash  # the text can be hashed (no lone surrogates left)


@SETTINGS
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.lists(st.one_of(_SPICY, st.text(max_size=5)), max_size=40).map("".join))
def test_arbitrary_text_made_of_reply_pieces(text: str) -> None:
    _check(text)


@st.composite
def mutated_fixture(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate_line", "insert", "delete_line", "swap_width", "cut"]))
        pos = draw(st.integers(0, len(text)))
        if op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif op == "insert":
            text = text[:pos] + draw(st.one_of(_SPICY, st.text(max_size=8))) + text[pos:]
        elif op == "swap_width":
            text = text.translate(_WIDTH_SWAPS)
        elif op == "cut":
            text = text[:pos]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "duplicate_line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            text = "\n".join(lines)
    return text


@SETTINGS
@given(mutated_fixture())
def test_mutated_fixtures(text: str) -> None:
    _check(text)


@pytest.mark.parametrize("bad", ["\ud800abc", "九三学社界别:\n\udfff\n一、关于\n上海市科委\n2025年7月10日"])
def test_lone_surrogates_never_escape(bad: str) -> None:
    _check(bad)
    try:
        reply = parse_reply(bad)
    except ParseError:
        return
    assert "\ufffd" in reply.text


def test_parse_reply_rejects_non_text() -> None:
    with pytest.raises(ParseError):
        parse_reply(b"bytes")  # type: ignore[arg-type]


SEED = TEXTS[0]
_MB = 1_000_000
HOSTILE = {
    "yishi": "一是" * (_MB // 2),
    "guanyu": "关于" * (_MB // 2),
    "dunhao": "、" * _MB,
    "digits": "1" * _MB,
    "years": "2024年" * (_MB // 5),
    "sections_lines": "一、\n" * (_MB // 3),
    "paren_lines": "（一）\n" * (_MB // 4),
    "colon_lines": "委员:\n" * (_MB // 4),
    "bars": "|\n" * (_MB // 2),
    "seed_one_line": SEED.replace("\n", "") * 30,
    "seed_repeated": SEED * 100,
    "doc_brackets": "〔2025〕" * (_MB // 6),
    "dates": "二〇二四年" * (_MB // 5),
    "huitong": "会同市" * (_MB // 3),
    "quotes": "“" * _MB,
    "keys": "联系人:" * (_MB // 4),
    "spaces": " " * _MB + "\n" + "\u3000" * _MB,
    # Issue 12's readings: one-line letters, table cells, pinyin, co-handler phrasings,
    # restated items, spaced labels, digit dates, closings glued to a line.
    "one_line_letter": "王明委员: " + "您提出的提案收悉,现答复如下: 已完成。" * (_MB // 20),
    "cells": ("索引号 | 发布机构 | " * (_MB // 12)) + "\n王明委员:\n收悉",
    "pinyin": "关(guān)" * (_MB // 8),
    "jingyu": "经与市财政局、" * (_MB // 7),
    "restated_items": "一是关于停车的建议," * (_MB // 10),
    "spaced_labels": "联 系 人:\n" * (_MB // 7),
    "digit_dates": "20240716\n" * (_MB // 9),
    "impossible_dates": "2024年6月31日\n" * (_MB // 11),
    "thanks_glued": "已完成。感谢您的关心和支持。" * (_MB // 14),
    "di_yi": "第一,关于" * (_MB // 5),
    # The fresh2 readings (i12b): lost spaces, long name lists, inline sections, a letter
    # printed twice, glued phone labels, title classes, citizens' salutations.
    "question_marks": "? ?" * (_MB // 3) + "\n" + "??青溪县城市管理局\n" * (_MB // 12),
    "name_list": "张明远、" * (_MB // 4) + "代表:\n收悉",
    "name_list_lines": "张明远、王丽华、李国强、赵雪梅、孙志远、周建平、吴桂芳、郑小龙代表:\n" * (_MB // 40),
    "inline_sections": "王明委员:\n您的提案收悉,现答复如下:\n一、甲。" + " 二、乙。 三、丙。" * (_MB // 10),
    "printed_twice": "王明委员:\n您提出的提案收悉,现答复如下:\n已完成。\n" * (_MB // 30),
    "glued_phones": "联系人:王联系电话:0833\n" * (_MB // 20),
    "title_class": "关于第1号建议办理情况(B)的函\n" * (_MB // 16),
    "citizen": "张先生:\n您好!您所反映的问题答复如下:\n" * (_MB // 25),
    "one_line_dated": "清河县水利局对第1号建议的答复 王明代表: 收悉,现答复如下: " + "已完成。" * (_MB // 4) + " 顺致 敬礼! 2024年8月2日 |",
    # The real-fresh-8 readings (r8p): label-less bullets, host lines, spaced and garbled dates,
    # printing lines, contacts beside a date, answer labels, QR prompts, inline 1、2、 items.
    "bullets": "  • 禾街区公安局\n  • 2024-06-18\n" * (_MB // 24) + "王明委员:\n收悉",
    "host_lines": "主办:某县人民政府\n承办:某县人民政府办公室\n" * (_MB // 28),
    "spaced_dates": "2025 915\n" * (_MB // 9),
    "printing_lines": "某局办公室  2023530日印发\n" * (_MB // 18),
    "contact_dates": "联 系 人:陈 香  2022年6月29日\n" * (_MB // 22),
    "answer_labels": "提案内容:\n甲。\n答复内容:\n" * (_MB // 16),
    "scan_prompts": "扫码浏览\n某区人民政府\n" * (_MB // 12),
    "inline_items": "王明委员:\n您的提案收悉,现答复如下:\n1、甲。" + " 2、乙。 3、丙。" * (_MB // 12),
    "date_remnants": "0二十六日\n" * (_MB // 6),
    # The real-fresh-9 readings (r9p): names each with its role, digit dates with 年, notice labels and
    # titles, a thanks line that answers, a unit named in the closing, feedback forms, cut labels.
    "role_name_list": "阿不都·热合曼委员、" * (_MB // 10) + "委员委员:\n收悉",
    "role_name_lines": "阿斯卡尔·艾尼完委员、麦热哈巴·麦吐尔迪委员、再努热木·吐地委员委员:\n" * (_MB // 40),
    "six_digit_dates": "202394\n" * (_MB // 7),
    "year_nian_digits": "2022 年629\n" * (_MB // 10),
    "notice_labels": "办理复文(摘要): 甲函〔2023〕41号,答复如下:\n" * (_MB // 30),
    "notice_titles": "第82号提案公示公告\n" * (_MB // 11),
    "thanks_answer": "王明委员:\n您的提案收悉,现答复如下:\n" + "首先感谢您的关心和支持," * (_MB // 12),
    "closing_units": "如有不同意见,请与" * (_MB // 9) + "联系\n" + "请与某某某某局联系。\n" * (_MB // 12),
    "feedback_forms": "为进一步了解掌握社会公众对政策执行效果的反馈与评价\n" * (_MB // 27),
    "cut_labels": "联\n" * (_MB // 2),
    "session_titles": "对某市第五届人民代表大会 第二次会议第12号建议的答复\n" * (_MB // 28),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_megabyte_texts_parse_in_linear_time(name: str) -> None:
    # CPU time of this process, not wall-clock time: on a loaded 2-core machine (CI, other test
    # processes) the wall clock of a 0.6 s parse passed 2 s; a pattern that backtracks
    # quadratically on a megabyte takes minutes of CPU, far above the bound either way.
    text = HOSTILE[name]
    begin = time.process_time()
    try:
        parse_reply(text)
    except ParseError:
        pass
    elapsed = time.process_time() - begin
    assert elapsed < 3.0, f"{name}: {elapsed:.2f} s of CPU for {len(text)} characters"


def test_throughput_sanity() -> None:
    """Not a benchmark: the seed (10 KB) must parse in milliseconds, not tenths."""
    begin = time.process_time()  # CPU time: the machine's load is not the parser's
    for _ in range(50):
        parse_reply(SEED)
    per_parse = (time.process_time() - begin) / 50
    assert per_parse < 0.02, f"{per_parse * 1000:.1f} ms per parse"
