"""Traps that real-fresh-52 and -55 showed (left by p40, and the checks' false alarms on -55 that were parser
misses), each in invented words, with near misses that must stay as they were (p41).

- a record table's row "签发人 | X | 签发日期 | … |" (its bars are no values), and the proposal's title and
  proposers on the "X等代表…提出的《…》" line above the table's answer cell "回复 |";
- a record page's "协办单位 A、B" on a line of its own, without a colon;
- a record table's column labels ("承办单位 答复日期 答复内容") with the unit and the date under them, one a line.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply


def _all_text(reply) -> str:
    return "\n".join(s.text for s in reply.suggestions)


_RECORD = (
    "禾丰县农业局关于办理县五届人大三次会议第12号建议的函\n"
    "名称 | 禾丰县农业局关于办理县五届人大三次会议第12号建议的函 | ||||||\n"
    "办理部门 | 禾丰县农业局 | 处理状态 | 已办结 | ||||\n"
    "{signer_row}\n"
    "正文 |\n"
    "周明等代表在县五届人大三次会议上提出的《关于扶持青梅合作社冷库建设的建议》\n"
    "|\n"
    "||||||\n"
    "回复 |\n"
    "近年来,我县把特色种植作为增收的主要产业,2023年安排产业扶持资金860万元,其中冷链设施补助120万元。"
    "针对你们提出的“扶持青梅合作社冷库建设”的建议,我局已将该合作社列入明年冷链项目储备库。\n"
)


def test_a_record_tables_signer_cell_is_read_past_its_bars() -> None:
    row = "签发人 | 吴海 | 签发日期 | 2023-09-12 | 发布日期 | 2023-09-15 | 类别 | A |"
    reply = parse_reply(_RECORD.format(signer_row=row))
    assert reply.contacts == {"签发人": "吴海"}
    assert (reply.date, reply.declared_result) == ("2023-09-12", "A")


def test_a_record_tables_title_and_proposers_above_its_answer_cell() -> None:
    row = "签发人 | 吴海 | 签发日期 | 2023-09-12 | 发布日期 | 2023-09-15 | 类别 | A |"
    reply = parse_reply(_RECORD.format(signer_row=row))
    assert reply.title == "关于扶持青梅合作社冷库建设的建议"
    assert reply.proposers == ["周明"]
    assert "提出的《" not in _all_text(reply) and "回复 |" not in _all_text(reply)
    assert _all_text(reply).startswith("近年来")


def test_a_record_row_without_bars_stays_read_as_before() -> None:
    row = "签发人 吴海 签发日期 2023-09-12 发布日期 2023-09-15 类别 A"
    reply = parse_reply(_RECORD.format(signer_row=row))
    assert reply.contacts == {"签发人": "吴海"}
    assert (reply.date, reply.declared_result) == ("2023-09-12", "A")


_RECORD_FIELDS = (
    "关于解决乡村教师周转房问题的建议\n"
    "建议标题 关于解决乡村教师周转房问题的建议\n"
    "建议代表 许林等9名\n"
    "承办单位 教育局\n"
    "{co_row}\n"
    "办理状态 已办结\n"
    "许林等9名代表:\n"
    "你们提出的关于解决乡村教师周转房问题的建议收悉,现答复如下:\n"
    "我局已于2022年在六个乡镇建成教师周转房48套。\n"
)


def test_a_record_pages_assisting_units_on_a_line_of_their_own() -> None:
    reply = parse_reply(_RECORD_FIELDS.format(co_row="协办单位 住建局、自然资源局"))
    assert reply.co_handlers == ["住建局", "自然资源局"]


@pytest.mark.parametrize("row", ["协办单位 无", "协办单位 住建局已配合调研", "协办单位", "办理结果 已答复"])
def test_a_row_that_names_no_assisting_unit_gives_none(row: str) -> None:
    assert parse_reply(_RECORD_FIELDS.format(co_row=row)).co_handlers == []


_COLUMNS = (
    "当前位置: 首页 >>> 人大建议\n"
    "题  目: 关于加强山区小水库除险加固的建议\n"
    "承办单位及答复\n"
    "主办单位 会办 交办日期\n"
    "2015-03-02\n"
    "{columns}\n"
    "关闭\n"
    "关于加强山区小水库除险加固的建议\n"
    "林海代表您好:\n"
    "您提出的“关于加强山区小水库除险加固的建议”收悉,在此感谢您对水利工作的关心和支持。\n"
    "近年来,我省共完成小型水库除险加固工程126宗,今年还计划完成40宗。\n"
)


def test_a_record_tables_column_labels_with_the_unit_and_date_below() -> None:
    reply = parse_reply(_COLUMNS.format(columns="承办单位 答复日期 答复内容\n水利厅\n2015年6月18日"))
    assert (reply.handler, reply.date) == ("水利厅", "2015-06-18")


def test_column_labels_with_no_values_below_read_nothing() -> None:
    reply = parse_reply(_COLUMNS.format(columns="承办单位 答复日期 答复内容\n详细查看"))
    assert reply.handler is None
    assert reply.date == "2015-03-02"
