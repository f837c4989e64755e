"""Suggested ratings (store.hints): the rating a reviewer is offered, and why."""

from __future__ import annotations

import pytest

from store.hints import SCHEMES, Evidence, map_label, suggest_rating
from store.model import Rating, Suggestion
from tests.test_checks_support import reply_with, seed_reply


def hint_for(body: str, **fields):
    reply = reply_with(body, **fields)
    return reply, suggest_rating(reply, reply.suggestions[0])


def assert_evidence_exact(suggestion: Suggestion, evidence: list[Evidence]) -> None:
    for ev in evidence:
        if ev.kind == "declared_label":
            assert (ev.start, ev.end) == (0, 0)
            continue
        assert suggestion.text[ev.start : ev.end] == ev.text, ev
        assert ev.kind in ("done", "planned", "explained", "concrete_measure")


def test_done_work_suggests_adopted():
    reply, hint = hint_for("我局已出台《老旧小区停车管理办法》,2024年新建停车位3200个,已全部投入使用。")
    assert hint.rating == Rating.ADOPTED
    assert_evidence_exact(reply.suggestions[0], hint.evidence)
    assert any(e.kind == "done" and e.text.startswith("已出台") for e in hint.evidence)
    assert any(e.kind == "concrete_measure" and "《" in e.text for e in hint.evidence)
    assert hint.explain().startswith("建议:采纳 — ")


def test_plans_only_suggest_partially_adopted():
    reply, hint = hint_for("下一步,我局将把该项目列入2026年城建计划,拟于年底前启动建设。")
    assert hint.rating == Rating.PARTIALLY_ADOPTED
    assert_evidence_exact(reply.suggestions[0], hint.evidence)
    line = hint.explain()
    assert line.startswith("建议:部分采纳 — 有下一步安排(")
    assert "下一步" in line and "无已完成事项" in line
    assert "\n" not in line


def test_refusal_suggests_explained():
    body = "经研究,该事项不属于我局职责范围,且因资金条件限制,暂不具备实施条件,您的建议我们将留作参考。"
    reply, hint = hint_for(body)
    assert hint.rating == Rating.EXPLAINED
    texts = [e.text for e in hint.evidence if e.kind == "explained"]
    assert "不属于" in texts and any(t.startswith("留作") for t in texts)
    assert_evidence_exact(reply.suggestions[0], hint.evidence)


def test_study_only_plan_after_some_done_work_is_partial():
    body = "会同市场监管局开展专项检查,2023年共检查食堂8600家次。关于建立统一采购平台的建议,我厅将会同有关部门研究论证。"
    assert hint_for(body)[1].rating == Rating.PARTIALLY_ADOPTED


def test_passing_the_matter_on_is_explained():
    body = "该路段属县道,建议委员向县交通运输局反映,我局将予以配合。"
    assert hint_for(body)[1].rating == Rating.EXPLAINED


def test_traditional_characters_are_read():
    body = "下一步,我委將會同省財政廳研究擬定補助辦法,計劃於2025年實施。"
    reply, hint = hint_for(body)
    assert hint.rating == Rating.PARTIALLY_ADOPTED
    assert any(e.text == "將" for e in hint.evidence)
    assert_evidence_exact(reply.suggestions[0], hint.evidence)


def test_no_cue_and_no_label_gives_no_hint():
    assert hint_for("关于这个问题,情况比较复杂。")[1] is None


def test_no_cue_falls_back_to_the_declared_label_with_low_confidence():
    reply, hint = hint_for("关于这个问题,情况比较复杂。", declared_result="B类")
    assert hint.rating == Rating.PARTIALLY_ADOPTED and hint.confidence < 0.5
    assert hint.evidence[0] == Evidence(0, 0, "declared_label", "B类")
    assert "申报结果“B类”即部分采纳" in hint.explain()


def test_agreeing_label_raises_confidence_and_disagreeing_lowers_it():
    body = "下一步,我局将把该项目列入2026年城建计划。"
    plain = hint_for(body)[1].confidence
    assert hint_for(body, declared_result="列入计划拟解决")[1].confidence > plain
    assert hint_for(body, declared_result="解决采纳")[1].confidence < plain


def test_english_explanation():
    hint = hint_for("下一步,我局将把该项目列入2026年城建计划。")[1]
    line = hint.explain("en")
    assert line.startswith("suggested: partially adopted — next steps planned (")
    assert "nothing reported done" in line


def test_seed_hints_follow_the_wording():
    reply = seed_reply()
    ratings = [suggest_rating(reply, s).rating for s in reply.suggestions]
    # section 三 reports figures of work done (216项, 11亿元 …); 一 and 二 are mostly plans
    assert ratings == [Rating.PARTIALLY_ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.ADOPTED]


# --- schemes -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "label, scheme, expected",
    [
        ("解决采纳", "default", Rating.ADOPTED),
        ("解决或采纳", "shanghai", Rating.ADOPTED),
        ("列入计划拟解决", "shanghai", Rating.PARTIALLY_ADOPTED),
        ("部分采纳", "default", Rating.PARTIALLY_ADOPTED),  # not 采纳: longest label first
        ("留作参考", "default", Rating.EXPLAINED),
        ("A", "abc", Rating.ADOPTED),
        ("B类", "abc", Rating.PARTIALLY_ADOPTED),
        ("Ｃ类", "abc", Rating.EXPLAINED),  # full-width letter
        ("C", "abcd", Rating.EXPLAINED),
        ("D类", "abcd", Rating.EXPLAINED),
        ("C", "c_positive", Rating.PARTIALLY_ADOPTED),
        ("A", "shanghai", None),  # letters mean nothing without a scheme that defines them
        ("AI4S", "default", None),
        ("", "default", None),
    ],
)
def test_labels_map_only_through_a_named_scheme(label, scheme, expected):
    assert map_label(label, scheme) == expected


def test_the_declared_label_is_kept_as_written():
    reply, hint = hint_for("关于这个问题,情况比较复杂。", declared_result="C类", )
    assert hint.declared == "C类"
    reply2 = reply_with("关于这个问题,情况比较复杂。", declared_result="C类")
    positive = suggest_rating(reply2, reply2.suggestions[0], scheme="c_positive")
    assert positive.rating == Rating.PARTIALLY_ADOPTED and positive.declared == "C类"
    assert hint.rating == Rating.EXPLAINED  # default: C is kept for reference


def test_schemes_are_named_and_unknown_ones_refused():
    assert {"default", "shanghai", "abc", "abcd", "c_positive"} <= set(SCHEMES)
    reply = reply_with("下一步将研究。")
    with pytest.raises(ValueError, match="unknown result scheme"):
        suggest_rating(reply, reply.suggestions[0], scheme="nowhere")


def test_hint_to_dict_is_plain_data():
    data = hint_for("已于2024年建成停车场3个。", declared_result="A")[1].to_dict()
    assert data["rating"] == "adopted" and data["declared"] == "A"
    assert {"kind", "start", "end", "text"} == set(data["evidence"][0])
