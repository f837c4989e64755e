"""Checks round k88: false alarms read on real-fresh-60..-87, each as a trap in invented words, with a near miss
that keeps the real defect caught (docs/reading-aids.md, "Checks round k88")."""

from __future__ import annotations

from cppcc_review.store.aids.checks import Finding
from cppcc_review.store.model import Reply
from cppcc_review.store.reading.parser import parse_reply
from tests.test_checks_support import findings_of_kind, reply_with

TODAY = "2026-12-01"


def found(reply: Reply, kind: str) -> list[Finding]:
    return findings_of_kind(reply, kind, TODAY)  # (asserting that every finding points exactly at its excerpt)


# --- missing_doc_no on a 文号 whose brackets and 号 the page lost (青交运函202431 for 青交运函〔2024〕31号) ------------
HEAD = """您当前的位置:首页>政务公开>建议提案办理
青山县交通运输局关于县人大三次会议第20240031号建议办理情况的答复函
日期:2024-05-06
{doc_line}
何平代表:
你提出的《关于修建城北环线的建议》(第20240031号)收悉,现将办理情况答复如下。
我局已将城北环线列入明年交通建设计划,正在开展前期工作,力争年内完成立项。
感谢您对交通工作的关心和支持。
青山县交通运输局
2024年5月6日
"""


def test_a_doc_no_that_lost_its_brackets_on_a_line_of_its_own_is_there():
    for doc_line in ("青交运函202431", "  青交运发20243 ", "青山交复字20241"):
        reply = parse_reply(HEAD.format(doc_line=doc_line))
        assert found(reply, "missing_doc_no") == [], doc_line


def test_a_letter_with_no_doc_no_line_still_lacks_it():
    for doc_line in ("", "按照青交运函202431的要求,我局开展了调研。", "联系电话2024312"):
        reply = parse_reply(HEAD.format(doc_line=doc_line))
        assert len(found(reply, "missing_doc_no")) == 1, doc_line


# --- count_mismatch on a count whose items are named in its own sentence (有2项,分别为A、B。) -------------------------
def test_items_named_in_the_counts_sentence_are_its_list():
    reply = reply_with("全县现有省级文物保护单位36项,其中列为工业遗产的有2项,分别为青山水泥厂旧址、城南老火车站。"
                       "我局按照“保护第一,合理利用”的原则,第一,落实日常巡查;下一步将争取省级资金修缮。")
    assert found(reply, "count_mismatch") == []


def test_more_items_named_than_counted_are_still_reported():
    reply = reply_with("全县列为工业遗产的有2项,分别为青山水泥厂旧址、城南老火车站、西郊砖瓦窑。我局将加强保护。")
    assert [f.excerpt for f in found(reply, "count_mismatch")] == ["2项"]


def test_a_count_followed_by_a_marked_list_of_other_length_is_still_reported():
    reply = reply_with("我局主要开展了以下3项工作:\n1.落实日常巡查制度,每月巡查一次。\n2.争取省级资金修缮老火车站。\n下一步将继续推进。")
    assert [f.excerpt for f in found(reply, "count_mismatch")] == ["3项工作"]


# --- missing_salutation on a co-handler's opinion addressed to the lead unit on a line of its own, no colon ------------
CO_HANDLER = """青山市自然资源局关于市政协第20230012号提案会办意见的函
青自然资函〔2023〕88号
{above}
市政协转来的《关于加快农村道路建设的提案》(提案号:20230012)收悉,该提案由{body}主办,我局会办,现将会办意见如下:
我局积极支持农村道路建设,对符合规划的项目优先保障用地。
诚挚感谢你们对自然资源工作的关心支持。
青山市自然资源局
2023年5月18日
"""


def test_the_lead_unit_on_its_own_line_above_an_opening_that_speaks_to_it_is_the_salutation():
    reply = parse_reply(CO_HANDLER.format(above="市交通运输局", body="贵局"))
    assert found(reply, "missing_salutation") == []


def test_a_letterhead_unit_above_an_opening_that_speaks_to_no_body_is_still_no_salutation():
    reply = parse_reply(CO_HANDLER.format(above="青山市自然资源局", body="市交通运输局"))
    assert len(found(reply, "missing_salutation")) == 1


# --- repeated_phrase on two alternatives set side by side (一种是…,另一种是…) -------------------------------------------
def test_two_alternatives_set_side_by_side_are_no_slip():
    reply = reply_with("补贴分两种情形:一种是扣除社会保险补贴后,余下工资由财政全额负担,"
                       "另一种是扣除社会保险补贴后,余下工资由用人单位全额负担。")
    assert found(reply, "repeated_phrase") == []


def test_the_same_clause_written_again_without_another_is_still_reported():
    reply = reply_with("补贴分两种情形:一种是扣除社会保险补贴后,余下工资由,一种是扣除社会保险补贴后,余下工资由县财政负担。")
    assert [f.excerpt for f in found(reply, "repeated_phrase")] == ["一种是扣除社会保险补贴后,余下工资由"]


# --- truncated_text on a complete letter: its signature and date, then the site's footer and a stray character ----------
MIRRORED = """关于修缮青山镇乡村公路的提案的答复
赵明委员:
您提出的关于修缮青山镇乡村公路的提案收悉,现答复如下:
一、关于公路修缮
我局已将青山镇至河口村公路纳入今年修缮计划,预计10月完工。
二、关于养护资金
{last}
{end}
"""
SIGNED_END = """再次感谢您对我们工作的关心和支持。
联 系 人:李明
联系电话:0123-4567890
{signer}
2024年6月3日
青山在线_青山网【官方门户】 主办单位:青山在线:人民政府办公室 部分图片提供:王林
技术支持:青山电信分公司 网站维护:青山县政务中心 联系电话:0123-7654321
政"""


def _mirrored(last: str, end: str) -> Reply:
    return parse_reply(MIRRORED.format(last=last, end=end))


def test_a_letter_signed_and_dated_above_the_footer_and_a_stray_character_is_not_cut():
    reply = _mirrored("县财政已安排养护资金200万元。", SIGNED_END.format(signer="青山在线:交通运输局"))
    assert "looks_truncated" in reply.parse_warnings
    assert found(reply, "truncated_text") == []
    # the unit's line right above the date is the signature, whatever the page wrote before its name
    assert found(reply, "missing_signer") == []
    assert found(reply, "missing_date") == []


def test_a_new_lines_first_character_under_the_letter_is_still_a_cut():
    reply = _mirrored("县财政已安排养护资金200万元。", "三")
    assert len(found(reply, "truncated_text")) == 1


def test_a_letter_cut_mid_sentence_above_the_footer_is_still_cut():
    reply = _mirrored("县财政已安排养护资金200万元,下一步将", SIGNED_END.split("2024年6月3日\n")[1])
    assert len(found(reply, "truncated_text")) == 1


def test_a_units_line_with_no_date_under_it_is_still_no_signature():
    end = SIGNED_END.format(signer="青山在线:交通运输局").replace("2024年6月3日\n", "")
    reply = _mirrored("县财政已安排养护资金200万元。", end)
    assert len(found(reply, "missing_signer") + found(reply, "truncated_text")) == 1
