"""Checks round k113: false alarms judged on real-fresh-60..-105, each as a trap in invented words, with a near miss
that keeps the real defect caught (docs/reading-aids.md, "Checks round k113")."""

from __future__ import annotations

from cppcc_review.store.aids.checks import check_reply
from cppcc_review.store.model import Reply, Suggestion
from cppcc_review.store.reading.parser import parse_reply

TODAY = "2026-12-01"


def kinds(text: str) -> list[str]:
    return [f.kind for f in check_reply(parse_reply(text), today=TODAY)]


# --- label_contradiction: a mixed set read mostly from how plans are worded ----------------------------------------
_DONE = "2024年,我办已为东湖社区加装电梯12部,已全部投入使用。"
_VAGUE = "下一步,我办将积极协调各社区,认真研究老旧小区加装电梯的办法,进一步做好相关工作。"
_VAGUE_2 = "我办将加大宣传力度,积极引导居民参与,努力营造良好氛围。"
_PILOT = "我办已在东湖社区试点加装电梯,试点结束后视效果逐步推广。"
_REFUSED = "根据省住建厅规定,原则上不再对此类小区给予补贴。"


def label_findings_of(label: str, bodies: list[str]):
    text = f"办理结果:{label}\n" + "\n".join(bodies)
    reply = Reply(text=text, declared_result=label,
                  suggestions=[Suggestion(i, None, b) for i, b in enumerate(bodies, start=1)])
    return [f for f in check_reply(reply, today=TODAY) if f.kind == "label_contradiction"]


def test_a_declared_a_over_work_done_and_promises_is_no_mixed_set():
    # one section done, two read partial only from the wording of their promises (vague_only): the rubric's variants
    # part on such promises and units file them as A; the set is not read firmly enough to contradict the A
    assert label_findings_of("A类", [_VAGUE, _VAGUE_2, _DONE]) == []


def test_a_declared_a_over_a_firmly_read_mixed_set_is_still_flagged():
    # the same A over a pilot and a refusal beside the work done: read from what the sections report, still a warning
    found = label_findings_of("A类", [_PILOT, _REFUSED, _DONE])
    assert [f.severity for f in found] == ["warning"]
    assert "采纳1条、部分采纳1条、解释说明1条" in found[0].message
    # and issue 13's planted case (one adopted, two partially, one explained: one of them a vague promise)
    found = label_findings_of("A类", [_DONE, _PILOT, _VAGUE, _REFUSED])
    assert [f.severity for f in found] == ["warning"]
    assert "采纳1条、部分采纳2条、解释说明1条" in found[0].message


def test_a_declared_c_over_work_done_and_a_promise_is_not_contradicted():
    assert label_findings_of("C类", [_DONE, _VAGUE]) == []


def test_a_declared_c_over_work_reported_done_in_every_section_is_still_flagged():
    found = label_findings_of("C类", [_DONE, _DONE.replace("东湖", "西湖")])
    assert [f.severity for f in found] == ["warning"]


# --- label_contradiction: a C over a remit the unit says is not its own ---------------------------------------------
_RELAYED = "收到提案后,我局即与市公路局联系,了解了有关情况。市公路局回复:该路段已于2024年完成路灯安装,交付养护站管理。"


def test_a_declared_c_where_the_unit_has_no_jurisdiction_agrees():
    # the unit has no power over the matter and relays what the competent unit did: an explanation
    assert label_findings_of("C类", ["因我局对该段公路没有管辖权," + _RELAYED]) == []


def test_a_declared_c_over_work_relayed_without_a_remit_is_still_flagged():
    assert [f.severity for f in label_findings_of("C类", [_RELAYED])] == ["warning"]


# --- truncated_text: a letter that ends with 此函。 above a site's widgets ----------------------------------------
_WIDGETS = "\n知识图谱\n\n相关信息和服务\n\n当前展示专题专栏信息类别内容 ?返回\n\n点击标签名称查看更多信息\n"
_CO_OPINION = ("市交通运输局:\n  王明等代表提出的《关于规范城区共享单车停放的建议》收悉。经研究,现将我区会办意见函复如下:\n"
               "  一、基本情况\n  我区已于2024年在主要路口施划共享单车停放区120处,并安排专人每日巡查。\n")


def test_a_letter_ending_with_its_formula_above_a_sites_widgets_is_not_cut():
    text = _CO_OPINION + "  感谢您对我区工作的关心和支持!\n\n  此函。\n" + _WIDGETS
    assert "truncated_text" not in kinds(text)


def test_a_letter_cut_mid_sentence_above_the_same_widgets_is_still_cut():
    text = _CO_OPINION + "  二、下一步工作\n  我区将联合各街道办事处,在地铁站出入口\n" + _WIDGETS
    assert "truncated_text" in kinds(text)


# --- missing_date: the reply's day in a record page's 办理情况 field -------------------------------------------------
def _record_page(field: str) -> str:
    return ("对县政协九届二次会议第17号提案的答复\n发布时间:2016-03-02\n" + field + "\n承办人:赵强\n"
            "您提出的关于发展乡村民宿的提案收悉,现答复如下:\n"
            "一、关于民宿审批。县文旅局已于2015年简化民宿登记手续,全县新登记民宿36家。\n"
            "二、关于民宿培训。县文旅局已组织民宿经营者培训两期,参训120人次。\n")


def test_a_handling_field_naming_the_reply_and_its_day_dates_the_letter():
    assert "missing_date" not in kinds(_record_page(" 办理情况:县文旅局2015128日复函"))
    assert "missing_date" not in kinds(_record_page(" 办理情况:县文旅局2015年12月8日复函"))


def test_a_handling_field_without_a_day_dates_nothing():
    assert "missing_date" in kinds(_record_page(" 办理情况:已办结"))


# --- missing_salutation: the colon garbled with a paragraph tag's remains ---------------------------------------
_GARBLED_BODY = ("您提出的《关于扶持山区养羊产业的提案》收悉。经商财政部,现答复如下9/p>\n"
                 "一、关于良种培育\n我部已于2023年支持建设细毛羊核心育种场2个。\n"
                 "感谢您对农业农村工作的关心和支持。\n农业农村部\n2024年8月1日\n")


def test_a_salutation_whose_colon_the_page_garbled_is_a_salutation():
    assert "missing_salutation" not in kinds("王明、李华委员9/p>\n" + _GARBLED_BODY)


def test_a_title_line_with_the_same_garble_is_no_salutation():
    assert "missing_salutation" in kinds("关于扶持山区养羊产业提案的答复9/p>\n" + _GARBLED_BODY)
