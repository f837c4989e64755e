"""Checks round k98: label_contradiction's false alarms read on real-fresh-60..-97, each as a trap in invented
words, with a near miss that keeps the real contradiction caught (docs/reading-aids.md, "Checks round k98").

Judges found 12 of the 20 judgeable label_contradiction findings false there; four of the nine main still gave
were a declared A over an answer the page cut off (its plans followed by what the page lost) or over a step
reported done with the rest promised."""

from __future__ import annotations

from cppcc_review.store.aids.checks import Finding, check_reply
from cppcc_review.store.model import Reply
from cppcc_review.store.reading.parser import parse_reply

TODAY = "2026-12-01"

HEAD = "关于加快城西排水管网改造的提案的答复\n办理结果:A类\n王芳委员:\n您提出的关于加快城西排水管网改造的提案收悉,现答复如下:\n"
TAIL = "\n感谢您对我市城市建设工作的关心和支持。\n青山市住房和城乡建设局\n2024年6月3日\n"
PLANS = "我局将着力构建城西排水管网长效管护机制,积极争取上级资金,逐步推进老旧管网改造。"
CUT_OFF = "一是加强管网日常巡查,对城西片区易涝点位"  # the page stops here, mid-sentence
DONE_THEN_PROMISED = ("我局已于2023年安排专项资金,完成城西片区主干管网改造。"
                      "下一步,我局将积极争取上级资金,逐步推进其余管网改造。")


def label(reply: Reply) -> list[Finding]:
    return [f for f in check_reply(reply, today=TODAY) if f.kind == "label_contradiction"]


# --- an answer the page cuts off is not all there ------------------------------------------------------------
def test_a_declared_a_over_an_answer_the_page_cuts_off_is_not_judged():
    reply = parse_reply(HEAD + PLANS + CUT_OFF)
    assert [f.kind for f in check_reply(reply, today=TODAY)].count("truncated_text") == 1
    assert label(reply) == []


def test_the_same_plans_in_a_whole_letter_still_contradict_a_declared_a():
    found = label(parse_reply(HEAD + PLANS + TAIL))
    assert [(f.excerpt, f.severity) for f in found] == [("A类", "warning")]
    assert "没有已完成事项" in found[0].message


def test_an_answer_complete_before_the_cut_is_still_judged():
    text = (HEAD.replace("现答复如下:\n", "现答复如下:\n一、关于新建泵站\n")
            + "因城西片区用地紧张,新建泵站暂不具备条件。\n二、关于管网巡查\n" + CUT_OFF)
    reply = parse_reply(text)
    assert len(reply.suggestions) == 2
    # the first answer is whole and refuses: the A is contradicted by what the page does show
    assert [(f.excerpt, f.severity) for f in label(reply)] == [("A类", "warning")]


# --- a step done for the ask and the rest promised ----------------------------------------------------------
def test_a_declared_a_over_a_step_done_and_the_rest_promised_agrees():
    assert label(parse_reply(HEAD + DONE_THEN_PROMISED + TAIL)) == []


def test_a_declared_a_over_promises_alone_is_still_flagged_nothing_done():
    promised = DONE_THEN_PROMISED.split("下一步,")[1]
    assert [f.excerpt for f in label(parse_reply(HEAD + promised + TAIL))] == ["A类"]
