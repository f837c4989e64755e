"""Checks round k80: false alarms read on real-fresh-60..-79, each as a trap in invented words, with a near miss
that keeps the real defect caught (docs/reading-aids.md, "Checks round k80")."""

from __future__ import annotations

from cppcc_review.store.aids.checks import Finding, check_reply
from cppcc_review.store.model import Reply
from cppcc_review.store.reading.parser import parse_reply
from tests.test_checks_support import findings_of_kind, reply_with

TODAY = "2026-12-01"


def found(reply: Reply, kind: str) -> list[Finding]:
    return findings_of_kind(reply, kind, TODAY)  # (asserting that every finding points exactly at its excerpt)


# --- doubled_phrase on a page's navigation path -----------------------------------------------------------
NAV_PAGE = """欢迎访问青山市政协网站
当前位置首页 -> 委员履职委员履职
关于青山市老旧小区加装电梯提案的答复
张明委员:
您提出的关于老旧小区加装电梯的提案收悉,现答复如下:
一、关于简化审批
我局已会同住建部门简化加装电梯审批流程,今年已完成加装电梯12部。
二、关于资金补助
市财政对每部电梯补助15万元,{body}
感谢您对我市城市建设工作的关心和支持。
青山市住房和城乡建设局
2024年6月3日
"""


def test_a_doubled_column_name_on_the_navigation_path_is_no_slip():
    reply = parse_reply(NAV_PAGE.format(body="已于今年4月发放到位。"))
    assert found(reply, "doubled_phrase") == []


def test_a_doubling_in_the_letter_under_a_navigation_path_is_still_reported():
    reply = parse_reply(NAV_PAGE.format(body="下一步将加快推进加快推进补助资金拨付。"))
    assert [f.excerpt for f in found(reply, "doubled_phrase")] == ["加快推进"]


def test_a_navigation_path_with_arrows_marks_only_its_own_line():
    body = "首页 > 建议提案 > 办理答复办理答复\n我局将认真落实认真落实各项措施,确保年内完成。"
    assert [f.excerpt for f in found(reply_with(body), "doubled_phrase")] == ["认真落实"]


# --- broken_date on a proposal's number in a traditional-script page ------------------------------------------
RECORD_PAGE = """會議屆次
青山市十屆人大二次會議
建議提案標題
關于增開城郊公交線路的建議
建議提案編號
{number}
承辦單位
青山縣人民政府
答復內容
李華代表:
您提出的第20230512號建議收悉,現答復如下:
一、關于增開線路
我縣已於今年3月開通城郊公交2條,日均客流800人次。
感謝您對我縣交通工作的關心和支持。
青山縣交通運輸局
{date}
"""


def test_a_proposal_number_on_a_traditional_record_page_is_no_broken_date():
    reply = parse_reply(RECORD_PAGE.format(number="20230512", date="2023年6月5日"))
    assert found(reply, "broken_date") == []


def test_a_signature_date_that_lost_its_marks_on_a_traditional_page_is_still_noted():
    reply = parse_reply(RECORD_PAGE.format(number="20230512", date="2023615"))
    assert [f.excerpt for f in found(reply, "broken_date")] == ["2023615"]


# --- missing_salutation: a co-handler's opinion addressed to a department, run into one line ----------------------
CO_OPINION = ("青山市人民政府关于省十四届人大二次会议第305号代表建议协办意见的函 {addressee}"
              "省人大二次会议期间,王强等代表提出了《关于建设沿江应急码头的建议》。经研究,现提出协办意见如下:"
              "一、沿江航段每年汛期船舶避险需求较大,我市已于2023年建成临时锚地一处。"
              "二、建议由省交通运输厅统筹规划应急码头布局,我市将配合做好用地保障。"
              "以上意见供参考。 青山市人民政府 2024年5月6日\n")


def test_a_co_handlers_opinion_addressed_to_a_department_has_its_salutation():
    reply = parse_reply(CO_OPINION.format(addressee="省交通运输厅: "))
    assert found(reply, "missing_salutation") == []


def test_a_co_handlers_opinion_with_no_addressee_still_lacks_one():
    reply = parse_reply(CO_OPINION.format(addressee=""))
    assert len(found(reply, "missing_salutation")) == 1


# --- count_mismatch on the count of suggestions that concern a co-handling unit ------------------------------------
TALLY = (
    "赵刚委员:\n您提出的“关于加强城区河道治理的提案”收悉,现答复如下:\n"
    "提案中提出建议3条,其中涉及我单位3条,{clause},已采纳落实3条。\n"
    "一、关于清淤疏浚\n我局已于今年4月完成城区河道清淤12公里,下一步将于2026年再清淤8公里。\n"
    "二、关于截污纳管\n我局已完成沿河排污口整治26处,下一步将于2026年完成剩余9处。\n"
    "三、关于河长巡查\n我局已建立河长巡河台账,全年巡河480人次,下一步将于2026年推行电子巡河。\n"
    "感谢您的关心和支持!\n某局\n2025年7月1日"
)


def _tally_reply(clause: str) -> Reply:
    from tests.test_checks_support import build_reply
    return build_reply(TALLY.format(clause=clause), doc_no="1号", handler="某局", date="2025-07-01",
                       salutation="赵刚委员:", opening="您提出的…收悉", closing="感谢")


def test_the_count_that_concerns_a_co_handler_is_no_list_of_this_letter():
    assert found(_tally_reply("涉及会办单位2条"), "count_mismatch") == []


def test_a_count_of_this_units_own_that_disagrees_with_its_answers_is_still_reported():
    assert [f.excerpt for f in found(_tally_reply("其中我单位重点办理2条"), "count_mismatch")] == ["2条"]


# --- truncated_text on a complete letter that ends at its signature ---------------------------------------------
# (the whole letter on one line, as a document site prints it; its end in a table cell, or the date's 日 lost, or
# the page's form fields after the date)
ONE_LINE = ("关于青山县老年活动场所建设建议的复函 刘芳代表: 您提出的“关于增建老年活动场所的建议”收悉,现答复如下: "
            "我局已在城东公园、滨河广场配建老年活动场所2处,今年还将在安居小区建成凉亭1座,配套健身器材和棋桌。{end}")


def _letter(end: str) -> Reply:
    return parse_reply(ONE_LINE.format(end=end))


def test_a_letter_ending_at_its_signature_in_a_table_cell_is_not_cut():
    reply = _letter(" 感谢您对我县城乡建设工作的关心支持。\n青山县住房和城乡建设局(县城市管理局) 2024年7月12日 |")
    assert [f.kind for f in check_reply(reply, today=TODAY)
            if f.kind in ("truncated_text", "missing_signer", "missing_date", "missing_closing")] == []


def test_a_letter_whose_date_lost_its_day_mark_is_not_cut():
    reply = _letter(" 感谢您对住建工作的关心和支持! 此函。 青山县住房和城乡建设局 2025年10月10\n|")
    assert [f.kind for f in check_reply(reply, today=TODAY)
            if f.kind in ("truncated_text", "missing_signer", "missing_date", "missing_closing")] == []


def test_a_letter_ending_in_form_fields_after_its_date_is_not_cut_but_lacks_its_closing():
    reply = _letter(" 青山县住房和城乡建设局 2016年6月6日 单位负责人: 联系人姓名:王 伟 是")
    kinds = [f.kind for f in check_reply(reply, today=TODAY)]
    assert "truncated_text" not in kinds and "missing_signer" not in kinds and "missing_date" not in kinds
    assert "missing_closing" in kinds  # the plan, then the signature: no closing line, and that is real


def test_a_letter_cut_mid_sentence_after_a_date_in_its_text_is_still_cut():
    reply = _letter(" 该项目经青山县住房和城乡建设局 2024年7月12日 批复后已开工,目前完成主体工程的60%,下一步将")
    assert len(found(reply, "truncated_text")) == 1


def test_a_letter_cut_mid_sentence_is_still_cut():
    reply = _letter(" 下半年,我局还将实施城北公园改造项目,为老年人配建休闲")
    assert len(found(reply, "truncated_text")) == 1


# --- label_contradiction: a declared C over sections that set out a state ------------------------------------------
STATE = "目前,我局备案的停车场共计26个,其中9个设有充电桩,其余停车场需经产权单位同意后方可引进企业建设充电设施。"
HARD = "您提出的在每个小区新建充电站的建议,因用地紧张,难以实现。"
DONE = "我局已于2024年3月在城南停车场新建充电桩20个,已投入使用。"


def _declared_c(*bodies: str) -> Reply:
    from cppcc_review.store.model import Suggestion
    text = "办理结果:C\n" + "\n".join(bodies)
    return Reply(text=text, declared_result="C",
                 suggestions=[Suggestion(i, None, b) for i, b in enumerate(bodies, start=1)])


def test_a_declared_c_over_a_state_set_out_agrees():
    assert found(_declared_c(STATE), "label_contradiction") == []
    assert found(_declared_c(STATE, HARD), "label_contradiction") == []


def test_a_declared_c_over_a_step_taken_is_still_flagged():
    assert [f.excerpt for f in found(_declared_c(DONE), "label_contradiction")] == ["C"]
    assert [f.severity for f in found(_declared_c(DONE, HARD), "label_contradiction")] == ["info"]


# --- label_contradiction: a declared A whose work done is reported above its sections, which list its measures --------
CHECK = "要求各药店负责人完善内部管理制度,做好进货查验记录。各基层所逐一开展药店集中检查,重点检查药店是否超出经营范围销售处方药,确保用药安全。"
TALK = "我局创新宣传方式,举办“安全用药进万家”活动,设置展板12张,悬挂横幅30条,发放宣传资料900余份。"
REFUSAL = "根据省政府要求,原则上不再新设此类基金。"
DONE_ABOVE = "今年以来,我局共出动执法人员120人次,检查药店45家,查处违法案件6起,发放宣传资料900余份。"


def _declared_a(preamble: str, *bodies: str) -> Reply:
    from cppcc_review.store.model import Suggestion
    heads = ["一、加强日常检查", "二、强化宣传引导", "三、关于设立基金"]
    lines = ["办理结果:A", "孙丽委员:", "您提出的关于规范药品零售市场的提案收悉,现答复如下:", preamble]
    for head, body in zip(heads, bodies):
        lines += [head, body]
    return Reply(text="\n".join(lines) + "\n", declared_result="A",
                 suggestions=[Suggestion(i, h[2:], b) for i, (h, b) in enumerate(zip(heads, bodies), start=1)])


def test_a_declared_a_over_the_measures_of_work_reported_done_agrees():
    assert found(_declared_a(DONE_ABOVE + "主要措施如下:", CHECK, TALK), "label_contradiction") == []


def test_without_the_work_done_announced_the_mixed_reading_is_still_noted():
    # the same sections under a plain opening: what the wording reads is still said
    assert [f.severity for f in found(_declared_a(DONE_ABOVE, CHECK, TALK), "label_contradiction")] == ["info"]
    # measures announced, but above them only plans: nothing reported done
    plans = "下一步,我局将加大检查力度,主要措施如下:"
    assert [f.severity for f in found(_declared_a(plans, CHECK, TALK), "label_contradiction")] == ["info"]
