"""Checks round k106: false alarms judged on real-fresh-60..-105, each as a trap in invented words, with a near miss
that keeps the real defect caught (docs/reading-aids.md, "Checks round k106")."""

from __future__ import annotations

from cppcc_review.store.aids.check_repeats import repeat_findings
from cppcc_review.store.aids.checks import check_reply
from cppcc_review.store.reading.parser import parse_reply

TODAY = "2026-12-01"


def kinds(text: str) -> list[str]:
    return [f.kind for f in check_reply(parse_reply(text), today=TODAY)]


# --- repeated_phrase: two items told apart by the word before each ----------------------------------------------
def test_items_told_apart_by_a_side_word_are_a_list():
    text = "规划用地包含城东片区公交首末站用地、城西片区公交首末站用地、城南公交首末站用地三处。"
    assert repeat_findings(text, "zh", 1) == []


def test_a_thing_and_its_negation_are_two_things():
    text = "对首次获评为省级专精特新企业的、非首次获评为省级专精特新企业的企业,分别给予奖励。"
    assert repeat_findings(text, "zh", 1) == []


def test_the_same_item_after_another_word_is_still_reported():
    # the copies follow 对 and 、: no side word, no negation, the same phrase twice
    text = "对首次获评为省级专精特新企业的、再次获评为省级专精特新企业的企业,分别给予奖励。"
    assert [f.excerpt for f in repeat_findings(text, "zh", 1)] == ["次获评为省级专精特新企业的"]
    verb = "做强技术转移转化、科技金融、知识产权服务,培育发展技术转移转化、科技金融、知识产权服务。"
    assert [f.excerpt for f in repeat_findings(verb, "zh", 1)] == ["技术转移转化、科技金融、知识产权服务"]


# --- missing_signer: a signature the page cut before any place's mark ---------------------------------------------
CUT_SIGNATURE = """黔东南州交通运输局关于州政协十二届二次会议第58号提案的答复
发布时间:2021-09-24 来源:黔东南州交通运输局
王明委员:
您提出的《关于改善山区通村公路的提案》收悉,现答复如下:
我局已将雷山至丹寨段通村公路纳入2022年农村公路提档升级计划,年底前完成路面硬化。
感谢您对我州交通发展事业的关心和支持!
黔东南苗"""


def test_a_signature_cut_as_it_begins_the_units_name_is_there():
    found = kinds(CUT_SIGNATURE)
    assert "missing_signer" not in found
    assert "truncated_text" in found  # its date went with the page's end


def test_a_last_line_that_is_not_the_unit_is_no_signature():
    other = CUT_SIGNATURE.replace("黔东南苗", "分享到朋友圈")
    assert "missing_signer" in kinds(other)


# --- missing_signer: a labelled unit above a date the page ended in ----------------------------------------------
LABELLED = """关于区政协第36号提案的协办意见
区住建委:
您委转来的《关于加快城西跨河桥建设的提案》收悉,现提出协办意见如下:
园区将在规划调整后加快推进跨河桥建设,缓解城区高峰通行压力。
特此答复。
协办:青山工业园区发展(集团)有限公司
2018年3月22"""


def test_a_labelled_unit_above_a_date_that_lost_its_day_mark_at_the_end_signs():
    assert "missing_signer" not in kinds(LABELLED)


def test_a_labelled_unit_with_no_date_under_it_is_no_signature():
    assert "missing_signer" in kinds(LABELLED.replace("\n2018年3月22", "\n联系人:张明"))


# --- truncated_text: the links to the page's neighbours ------------------------------------------------------------
NEIGHBOURS = """关于加强城区沟道治理的建议的答复
李华代表:
您提出的《关于加强城区沟道治理的建议》收悉,现答复如下:
我局已争取中省资金300万元,2022年汛期前完成城北沟道清淤。
衷心感谢您对城市建设的关注,欢迎继续关心和支持我们的工作。
- 上一篇:关于解决集镇街道硬化问题的建议[ 06-16 ]
- 下一篇:关于加强小区车辆停放管理的建议[ 06-16 ]"""


def test_the_links_to_the_pages_neighbours_are_no_cut():
    assert "truncated_text" not in kinds(NEIGHBOURS)


def test_a_letter_cut_mid_sentence_above_the_links_is_still_cut():
    cut = NEIGHBOURS.replace("衷心感谢您对城市建设的关注,欢迎继续关心和支持我们的工作。", "下一步,我局将积极争取")
    assert "truncated_text" in kinds(cut)


# --- past_only: a thanks for the proposer's support all along is no account of past work --------------------------
def test_a_thanks_for_support_all_along_is_no_past_work():
    from cppcc_review.store.aids.check_wording import vagueness_findings
    text = "在节假日,配合街道对古塔开展文物保护宣传。\n以上是对您提案的答复,谢谢您一直以来对我街道的关心支持。"
    assert vagueness_findings(text, "zh", 3) == []


def test_an_account_of_past_work_with_no_step_is_still_past_only():
    from cppcc_review.store.aids.check_wording import vagueness_findings
    text = "一直以来,我街道高度重视文物保护工作,多次组织宣传活动。\n以上是对您提案的答复,谢谢您的关心支持。"
    assert [f.kind for f in vagueness_findings(text, "zh", 3)] == ["past_only"]

