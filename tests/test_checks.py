"""Quality checks (store.checks): what a reader of a reply is told, with exact spans."""

from __future__ import annotations

import time

import pytest

from store.checks import Finding, check_reply, proposal_suggestions
from store.model import Reply, Suggestion
from tests.test_checks_support import build_reply, reply_with, seed_reply

TODAY = "2025-08-01"


def assert_spans_exact(reply: Reply, findings: list[Finding]) -> None:
    """Every finding's excerpt is exactly the text it points at."""
    for f in findings:
        text = reply.text if f.suggestion is None else reply.suggestions[f.suggestion - 1].text
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start : f.end] == f.excerpt, f
        assert f.severity in ("info", "warning", "error")
        assert f.message and "\n" not in f.message


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


# --- the seed -----------------------------------------------------------------------
def test_seed_count_mismatch_in_section_two():
    reply = seed_reply()
    findings = check_reply(reply, today=TODAY)
    assert_spans_exact(reply, findings)
    counts = [f for f in findings if f.kind == "count_mismatch"]
    assert len(counts) == 1
    f = counts[0]
    assert f.suggestion == 2
    assert "三方面" in f.excerpt
    assert "三方面" in reply.suggestions[1].text[f.start : f.end]
    assert "4" in f.message and "三方面" in f.message
    # section 三 says 两方面 and lists two items: nothing to report there
    assert not [g for g in findings if g.kind == "count_mismatch" and g.suggestion == 3]


def test_seed_repeated_phrase_points_at_the_second_occurrence():
    reply = seed_reply()
    findings = check_reply(reply, today=TODAY)
    repeats = [f for f in findings if f.kind == "repeated_phrase"]
    assert len(repeats) == 1
    f = repeats[0]
    assert f.suggestion == 2
    assert f.excerpt == "技术转移转化、科技金融、知识产权服务"
    text = reply.suggestions[1].text
    assert text[f.start : f.end] == f.excerpt
    first = text.index(f.excerpt)
    assert f.start > first  # the repeat, not the original
    assert text[f.start - 4 : f.start] == "培育发展"


def test_seed_has_all_parts_and_no_spurious_findings():
    reply = seed_reply()
    found = set(kinds(check_reply(reply, today=TODAY)))
    assert not {k for k in found if k.startswith("missing_")}
    assert "future_date" not in found and "label_contradiction" not in found
    assert "past_only" not in found  # every section has a 下一步


def test_seed_messages_in_english():
    findings = check_reply(seed_reply(), today=TODAY, lang="en")
    mismatch = next(f for f in findings if f.kind == "count_mismatch")
    assert mismatch.message == "says “三方面工作” but lists 4 items"
    assert all(not any("\u4e00" <= c <= "\u9fff" for c in f.message.replace(f.excerpt, "")) for f in findings
               if f.kind in ("count_mismatch",))


def test_to_dict_has_stable_keys():
    f = check_reply(seed_reply(), today=TODAY)[0]
    assert list(f.to_dict()) == ["kind", "severity", "suggestion", "start", "end", "excerpt", "message"]


# --- counts ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, stated, listed",
    [
        ("我局将重点做好两方面工作。一是加强宣传。二是完善制度。三是强化考核。", "两方面工作", 3),
        ("采取三项措施:\n(一)新建公园2个。\n(二)改造绿道10公里。", "三项措施", 2),
        ("从以下四个方面推进:\n1.摸清底数。\n2.制定方案。\n3.组织实施。\n4.评估总结。\n5.推广经验。", "四个方面", 5),
    ],
)
def test_count_mismatch_variants(body, stated, listed):
    reply = reply_with(body)
    findings = [f for f in check_reply(reply, today=TODAY) if f.kind == "count_mismatch"]
    assert_spans_exact(reply, findings)
    assert [(f.excerpt, f.suggestion) for f in findings] == [(stated, 1)]
    assert str(listed) in findings[0].message


@pytest.mark.parametrize(
    "body",
    [
        "采取了四项措施:\n(一)甲。\n(二)乙。\n(三)丙。\n(四)丁。",
        "2024年推进赋权成果216项,一是这句不算列表的开头也不相干。",  # 16项 is a figure
        "建设四个中心,一是科技中心,二是金融中心。",  # 四个 alone is a name
        "着力推进三方面工作。",  # no list follows: nothing to compare
    ],
)
def test_count_without_mismatch(body):
    findings = check_reply(reply_with(body), today=TODAY)
    assert "count_mismatch" not in kinds(findings)


def test_preamble_count_against_the_suggestions():
    text = (
        "张三委员:\n您提出的“关于某事的提案”收悉,现答复如下:\n围绕四方面建议,我局开展了工作。\n"
        "一、关于甲\n近年来,已建成甲项目3个,下一步将于2026年再建2个。\n"
        "二、关于乙\n近年来,已建成乙项目3个,下一步将于2026年再建2个。\n"
        "三、关于丙\n近年来,已建成丙项目3个,下一步将于2026年再建2个。\n"
        "感谢您的关心和支持!\n某局\n2025年7月1日"
    )
    reply = build_reply(text, doc_no="1号", handler="某局", date="2025-07-01", salutation="张三委员:",
                        opening="您提出的…收悉", closing="感谢")
    findings = [f for f in check_reply(reply, today=TODAY) if f.kind == "count_mismatch"]
    assert_spans_exact(reply, findings)
    assert [(f.suggestion, f.excerpt) for f in findings] == [(None, "四方面建议")]
    assert "3" in findings[0].message


# --- repeats ------------------------------------------------------------------------------
def test_short_repeats_across_sentences_are_not_reported():
    body = "已建成口袋公园12个。下一步将于2026年新建口袋公园8个。"
    assert "repeated_phrase" not in kinds(check_reply(reply_with(body), today=TODAY))


def test_long_repeat_across_sentences_in_a_paragraph_is_a_note():
    body = "加快推进城市更新和老旧小区改造。下一步,将于2026年继续加快推进城市更新和老旧小区改造。"
    reply = reply_with(body)
    found = [f for f in check_reply(reply, today=TODAY) if f.kind == "repeated_phrase"]
    assert_spans_exact(reply, found)
    assert [(f.excerpt, f.severity) for f in found] == [("加快推进城市更新和老旧小区改造", "info")]


# --- past only / vague ----------------------------------------------------------------------
def test_reply_without_next_steps_is_flagged_past_only():
    body = "近年来,我局高度重视此项工作,已出台《停车管理办法》,2024年完成改造项目12个,群众反映良好。"
    reply = reply_with(body)
    findings = check_reply(reply, today=TODAY)
    assert_spans_exact(reply, findings)
    past = [f for f in findings if f.kind == "past_only"]
    assert len(past) == 1 and past[0].suggestion == 1
    assert past[0].excerpt in body
    assert "下一步" in past[0].message


def test_past_narrative_without_figures_is_a_warning():
    body = "近年来,我局高度重视老旧小区停车问题,多次组织调研,会同各区开展了专项整治。"
    past = [f for f in check_reply(reply_with(body), today=TODAY) if f.kind == "past_only"]
    assert [(f.severity, f.excerpt) for f in past] == [("warning", "近年来")]


def test_reply_with_only_vague_verbs_is_flagged_vague():
    body = "我局将积极研究委员的建议,探索推动相关工作,努力营造良好氛围。"
    reply = reply_with(body)
    findings = check_reply(reply, today=TODAY)
    assert_spans_exact(reply, findings)
    vague = [f for f in findings if f.kind == "vague_response"]
    assert len(vague) == 1 and vague[0].severity == "warning"
    assert vague[0].excerpt in ("积极", "研究", "探索", "推动")


def test_concrete_plan_is_not_vague():
    body = "下一步,我局将会同市财政局,于2025年底前出台《停车收费实施细则》,新建停车位500个。"
    found = kinds(check_reply(reply_with(body), today=TODAY))
    assert "vague_response" not in found and "past_only" not in found


def test_explanation_is_not_called_vague():
    body = "经研究,该事项不属于我局职责范围,且因资金条件限制,暂不具备实施条件,建议委员向县发改局反映。"
    found = kinds(check_reply(reply_with(body), today=TODAY))
    assert "vague_response" not in found and "past_only" not in found


# --- label contradiction ---------------------------------------------------------------------
def test_declared_a_while_the_text_only_studies_and_passes_on():
    body = "我局将认真研究该建议,并建议县政府统筹考虑。"
    reply = reply_with(body, declared_result="A")
    reply.text = "办理结果:A\n" + reply.text
    findings = check_reply(reply, today=TODAY)
    assert_spans_exact(reply, findings)
    contra = [f for f in findings if f.kind == "label_contradiction"]
    assert len(contra) == 1
    assert contra[0].suggestion is None and contra[0].excerpt == "A"
    assert reply.text[contra[0].start - 5 : contra[0].start] == "办理结果:"
    assert "采纳" in contra[0].message


def test_declared_a_with_work_done_agrees():
    body = "已于2024年建成停车场3个,已将该建议纳入年度计划并完成。"
    assert "label_contradiction" not in kinds(check_reply(reply_with(body, declared_result="A"), today=TODAY))


def test_declared_reference_while_everything_is_done():
    body = "已于2024年建成停车场3个,新增车位500个,已全部投入使用。"
    reply = reply_with(body, declared_result="留作参考")
    contra = [f for f in check_reply(reply, today=TODAY) if f.kind == "label_contradiction"]
    assert len(contra) == 1


def test_letter_label_is_read_through_the_scheme():
    body = "下一步,我局将于2026年把该项目列入年度计划,新建停车位500个。"
    reply = reply_with(body, declared_result="C")
    reply.text = "办理结果:C\n" + reply.text
    # c_positive: C means already in the plan -> agrees; "shanghai" does not map letters
    assert "label_contradiction" not in kinds(check_reply(reply, today=TODAY, scheme="c_positive"))
    assert "label_contradiction" not in kinds(check_reply(reply, today=TODAY, scheme="shanghai"))


# --- missing parts ------------------------------------------------------------------------------
def test_stripped_reply_reports_every_missing_part():
    body = "下一步,我局将于2026年新建停车位500个。"
    reply = Reply(text=body, suggestions=[Suggestion(index=1, heading=None, text=body)])
    findings = check_reply(reply, today=TODAY)
    assert_spans_exact(reply, findings)
    missing = {f.kind for f in findings if f.kind.startswith("missing_")}
    assert missing == {
        "missing_doc_no", "missing_date", "missing_signer",
        "missing_salutation", "missing_opening", "missing_closing",
    }
    for f in findings:
        if f.kind.startswith("missing_"):
            assert f.suggestion is None and f.excerpt == ""


# --- dates ---------------------------------------------------------------------------------------
def test_future_date_with_a_fixed_today():
    reply = reply_with("下一步,我局将于2026年新建停车位500个。", date="2025-07-01")
    before = check_reply(reply, today="2025-06-30")
    assert_spans_exact(reply, before)
    future = [f for f in before if f.kind == "future_date"]
    assert len(future) == 1 and future[0].excerpt == "2025年7月1日"
    assert "2025-06-30" in future[0].message
    assert "future_date" not in kinds(check_reply(reply, today="2025-07-01"))


def test_date_before_the_proposal_session():
    reply = reply_with("下一步,我局将于2026年新建停车位500个。", date="2025-07-01")
    proposal = "关于增加停车位的提案\n提案人:张三\n2025年9月1日\n建议:\n1.新建停车场。\n2.错峰共享车位。"
    found = [f for f in check_reply(reply, today=TODAY, proposal=proposal) if f.kind == "date_before_session"]
    assert len(found) == 1 and "2025-09-01" in found[0].message
    reply.proposal_no = "第20262006号"
    found = [f for f in check_reply(reply, today=TODAY) if f.kind == "date_before_session"]
    assert len(found) == 1 and "2026" in found[0].message


# --- the proposal's suggestions ------------------------------------------------------------------
PROPOSAL = (
    "关于缓解老城区停车难的提案\n"
    "老城区停车难问题突出。\n"
    "为此建议:\n"
    "一、新建立体停车场,增加公共泊位供给。\n"
    "二、推动机关单位停车场错峰共享。\n"
    "三、设立社区养老食堂,解决老人吃饭难。\n"
)


def test_proposal_suggestions_are_listed():
    items = proposal_suggestions(PROPOSAL)
    assert len(items) == 3 and items[0].startswith("新建立体停车场")


def test_unanswered_proposal_suggestion_is_reported():
    body = "已建成立体停车场3个,新增公共泊位800个。下一步将于2026年推动机关单位停车场错峰共享。"
    reply = reply_with(body)
    found = [f for f in check_reply(reply, today=TODAY, proposal=PROPOSAL) if f.kind == "suggestion_not_addressed"]
    assert len(found) == 1
    assert "社区养老食堂" in found[0].message and "第3条" in found[0].message
    assert found[0].excerpt == "" and found[0].suggestion is None


# --- robustness ------------------------------------------------------------------------------------
def _time_check(body: str) -> tuple[float, list[Finding], Reply]:
    reply = reply_with(body)
    reply.text = body + "\n" + reply.text
    t0 = time.perf_counter()
    findings = check_reply(reply, today=TODAY)
    return time.perf_counter() - t0, findings, reply


def test_a_megabyte_of_repetitive_text_is_checked_quickly():
    unit = "技术转移转化、科技金融、知识产权服务,加强研究探索推动,一是二是三是四是。"
    body = unit * (1_000_000 // len(unit.encode("utf-8")))  # 1 MB of UTF-8
    elapsed, findings, reply = _time_check(body)
    # about 0.3 s on an idle development machine; generous for a loaded CI runner
    assert elapsed < 3.0, f"took {elapsed:.2f}s"
    assert len(findings) < 50  # a periodic text is one finding, not thousands
    assert_spans_exact(reply, findings)


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["\n", "一", "已将", "《", "“", "会同市", "2024年", "\n(一)", "我局将研究。", "将研究哈哈哈哈哈哈哈"],
)
def test_a_million_characters_of_adversarial_text_stay_linear(unit):
    body = unit * (1_000_000 // len(unit))
    elapsed, findings, reply = _time_check(body)
    assert elapsed < 10.0, f"{unit!r}: took {elapsed:.2f}s"  # 0.5-2 s measured: linear, not quadratic
    assert len(findings) < 50


def test_empty_reply_does_not_crash():
    findings = check_reply(Reply(), today=TODAY)
    assert "missing_date" in kinds(findings)
