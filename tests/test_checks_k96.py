"""Checks round k96: a whole sentence written twice back to back, across its commas and its full stop (a judge's
note on real-fresh-89), with near misses (docs/reading-aids.md, "Checks round k96")."""

from __future__ import annotations

from cppcc_review.store.aids.checks import Finding
from cppcc_review.store.model import Reply
from cppcc_review.store.reading.parser import parse_reply
from tests.test_checks_support import findings_of_kind, reply_with

TODAY = "2026-12-01"


def found(reply: Reply, kind: str) -> list[Finding]:
    return findings_of_kind(reply, kind, TODAY)  # (asserting that every finding points exactly at its excerpt)


LETTER = """关于修缮青山镇乡村公路的提案的答复
赵明委员:
您提出的关于修缮青山镇乡村公路的提案收悉,现答复如下:
我局已将青山镇至河口村公路纳入今年修缮计划,预计10月完工。{closing}
感谢您对交通工作的关心和支持。
青山县交通运输局
2025年7月1日
"""


def test_a_closing_sentence_written_twice_back_to_back_is_reported():
    reply = parse_reply(LETTER.format(closing="以上答复如有不妥,请批评指正。以上答复如有不妥,请批评指正。"))
    assert [f.excerpt for f in found(reply, "doubled_phrase")] == ["以上答复如有不妥,请批评指正。"]


def test_a_sentence_of_the_answer_written_twice_is_reported_in_its_section():
    reply = reply_with("我局已完成全部路灯的检修,更换灯具120盏。我局已完成全部路灯的检修,更换灯具120盏。下一步将定期巡查。")
    assert [f.excerpt for f in found(reply, "doubled_phrase")] == ["我局已完成全部路灯的检修,更换灯具120盏。"]


def test_the_same_closing_said_once_is_no_slip():
    reply = parse_reply(LETTER.format(closing="以上答复如有不妥,请批评指正。"))
    assert found(reply, "doubled_phrase") == []


def test_two_sentences_that_only_begin_alike_are_no_slip():
    # near miss: the same opening words, a different end: two sentences, not one written twice
    reply = reply_with("我局已完成城东片区路灯的检修。我局已完成城西片区路灯的检修。下一步将定期巡查。")
    assert found(reply, "doubled_phrase") == []


def test_a_short_exclamation_repeated_is_no_sentence_doubled():
    # near miss: fewer than eight characters of words (好的,好的。好的,好的。) is no sentence worth a finding
    reply = reply_with("群众反映:好的,好的。好的,好的。我局已完成检修。")
    assert found(reply, "doubled_phrase") == []
