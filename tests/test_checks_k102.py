"""Checks round k102: false alarms judged on real-fresh-98..-101 (and a signature cut by the page, -81, -84), each as a
trap in invented words, with a near miss that keeps the real defect caught (docs/reading-aids.md, "Checks round k102")."""

from __future__ import annotations

from cppcc_review.store.aids.check_counts import count_findings
from cppcc_review.store.aids.check_repeats import doubled_findings, repeat_findings
from cppcc_review.store.aids.checks import check_reply
from cppcc_review.store.reading.parser import parse_reply

TODAY = "2026-12-01"


def kinds(text: str) -> list[str]:
    return [f.kind for f in check_reply(parse_reply(text), today=TODAY)]


# --- count_mismatch: the count sums up the items named right before it ---------------------------------------------
def test_a_count_after_the_items_it_names_announces_no_list():
    text = "我局从治本和治标两方面入手,全力做好市场整治工作。\n一是持续开展专项整治,由街道牵头组成整治专班。"
    assert count_findings(text, "zh", 1) == []


def test_a_bare_count_or_one_that_announces_a_list_is_still_compared():
    bare = "我局从两方面入手,全力做好市场整治工作。\n一是持续开展专项整治,由街道牵头组成整治专班。"
    assert [f.excerpt for f in count_findings(bare, "zh", 1)] == ["两方面"]
    announced = "我局从治本和治标两方面入手:\n一是开展专项整治。\n二是建立长效机制。\n三是加强宣传引导。"
    assert [f.message for f in count_findings(announced, "zh", 1)] == ["称“两方面”，其后列出3项"]


# --- doubled_phrase: the site's footer ---------------------------------------------------------------------------
def test_a_doubled_name_in_the_sites_footer_is_no_slip():
    text = "感谢你们对交通工作的关心与支持!\n青山市交通运输局\n2022年8月24日\n版权所有:青山市人民政府青山市人民政府办公室主管\n"
    assert doubled_findings(text, "zh", None) == []


def test_a_doubling_in_the_letter_above_a_footer_is_still_reported():
    text = "我局将加快推进加快推进农村公路建设。\n版权所有:青山市人民政府青山市人民政府办公室主管\n"
    assert [f.excerpt for f in doubled_findings(text, "zh", None)] == ["加快推进"]


def test_a_supervising_department_in_a_sentence_makes_no_footer():
    text = "行业主管部门将加快推进加快推进标准制定。"
    assert [f.excerpt for f in doubled_findings(text, "zh", None)] == ["加快推进"]


# --- repeated_phrase: the joins of a list of counted things -----------------------------------------------------
def test_a_list_of_counted_things_is_no_repeat():
    text = ("我县已创建国家级生态文明示范乡镇3个、国家级生态文明示范村5个、省级生态文明示范乡镇2个、"
            "省级生态文明示范村11个,共争取上级资金800万元。")
    assert repeat_findings(text, "zh", 1) == []


def test_a_list_written_again_after_a_verb_is_still_reported():
    text = "做强技术转移转化、科技金融、知识产权服务,培育发展技术转移转化、科技金融、知识产权服务。"
    assert [f.excerpt for f in repeat_findings(text, "zh", 1)] == ["技术转移转化、科技金融、知识产权服务"]


# --- missing_opening: the proposal cited by its proposers and title ---------------------------------------------
CITED = """对青山县十五届人大六次会议代表建议(第07号)的答复
2021-11-18 来源:人大办
第07号,李明等代表提出的《关于修缮城北灌渠的议案》。
城北灌渠建于上世纪七十年代,全长12公里,我局已将其修缮纳入2022年水利建设计划,年底前完工。
感谢您对水利工作的关心和支持。
青山县水利局
2021年11月10日
"""


def test_a_proposal_cited_by_its_proposers_and_title_is_an_opening():
    assert "missing_opening" not in kinds(CITED)


def test_the_same_citation_as_a_forms_field_over_its_reply_field_is_none():
    form = CITED.replace("第07号,李明等代表提出的《关于修缮城北灌渠的议案》。\n",
                         "正文\n李明等代表提出的《关于修缮城北灌渠的议案》。\n回复\n")
    assert "missing_opening" in kinds(form)
    untitled = CITED.replace("第07号,李明等代表提出的《关于修缮城北灌渠的议案》。\n", "")
    assert "missing_opening" in kinds(untitled)


# --- a signature cut by the page inside the unit's name: the date went with the end ------------------------------
CUT_SIGNATURE = """王芳委员:
您提出的关于整治老城区积水路段的提案收悉,现答复如下:
今年我局已对老城区积水路段完成了排水管网改造,汛期已恢复通行。
再次感谢您对城区排水工作的关心和支持。
青山县住房
"""


def test_a_signature_cut_inside_the_units_name_is_a_text_cut_off():
    found = kinds(CUT_SIGNATURE)
    assert "missing_date" not in found and "missing_signer" not in found
    assert "truncated_text" in found


def test_a_whole_signature_without_a_date_is_still_undated():
    found = kinds(CUT_SIGNATURE.replace("青山县住房", "青山县住房和城乡建设局"))
    assert "missing_date" in found and "truncated_text" not in found
