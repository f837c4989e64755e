"""Traps that real-fresh-19 and -20 (31 CPPCC and 30 NPC real replies, measured before any change) showed,
each in invented words, with a near miss that must stay as it was; the whole letters are fixtures 585-599 and
620-621 (tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED

_UNSIGNED = f"王林代表:\n{_OPENING}{_BODY}"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("发布于:2019-06-12    文字:【大】【中】【小】", "2019-06-12"),
        ("2019-06-12 09:30来源:", "2019-06-12"),  # the clock glued to an empty 来源
        ("发布日期(2019-06-12)", "2019-06-12"),  # the date in brackets after its label
        ("作者:时间:2019年06月12日10时35分", "2019-06-12"),  # an empty field, the next glued to its colon
        ("2019/6/12 10:10:00 人评论 禾县人民政府门户网站", "2019-06-12"),  # a page's stamp
    ],
)
def test_a_pages_date_as_real_pages_print_it_dates_an_unsigned_letter(line: str, date: str) -> None:
    reply = parse_reply(f"{line}\n{_UNSIGNED}")
    assert reply.date == date
    assert "date_from_metadata" in reply.parse_warnings


@pytest.mark.parametrize(
    "line",
    [
        "2019/6/12 10:10:00",  # a stamp with nothing of a page after it
        "发布日期(2019)",  # a year in brackets is no date
        "作者:禾县:水利",  # a colon inside a value that is no label
    ],
)
def test_near_misses_give_no_date(line: str) -> None:
    assert parse_reply(f"{line}\n{_UNSIGNED}").date is None


@pytest.mark.parametrize(
    "line",
    [
        "作者：时间：2019年06月12日10时35分",  # both colons full-width
        "作者:时间：2019年06月12日10时35分",  # the glued field's colon full-width
        "作者：时间:2019年06月12日10时35分",  # the empty field's colon full-width
        "作者:時間:2019年06月12日10時35分",  # the glued label in traditional characters
    ],
)
def test_an_empty_field_with_the_next_glued_dates_the_letter_whatever_its_colons(line: str) -> None:
    reply = parse_reply(f"{line}\n{_UNSIGNED}")
    assert reply.date == "2019-06-12"
    assert "date_from_metadata" in reply.parse_warnings


def test_a_full_width_colon_inside_a_value_that_is_no_label_gives_no_date() -> None:
    assert parse_reply(f"作者：禾县：水利\n{_UNSIGNED}").date is None


def test_a_signature_date_wins_over_the_pages(line: str = "发布于:2020-01-02") -> None:
    assert parse_reply(f"{line}\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}").date == "2019-06-11"


@pytest.mark.parametrize(
    ("digits", "date", "impossible"),
    [
        ("2023108", "2023-10-08", False),  # 1-08 would pad the day and not the month: 10-8
        ("2023105", "2023-10-05", False),
        ("2023112", None, True),  # 1-12 or 11-2: nothing tells them apart
        ("2023131", "2023-01-31", False),  # 13-1 is no date: the one reading
    ],
)
def test_a_digit_run_signature_date(digits: str, date: str | None, impossible: bool) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}禾县水利局\n{digits}\n")
    assert reply.date == date
    assert ("date_impossible" in reply.parse_warnings) is impossible


def test_a_record_rows_signing_date_dates_the_letter_and_its_signer_is_a_contact() -> None:
    row = "签发人 赵明 签发日期 2019-06-10 发布日期 2019-06-12 类别 A"
    reply = parse_reply(f"{row}\n{_UNSIGNED}")
    assert (reply.date, reply.contacts, reply.declared_result) == ("2019-06-10", {"签发人": "赵明"}, "A")


def test_a_record_row_without_a_signing_date_keeps_the_publication_date() -> None:
    reply = parse_reply(f"签发人 赵明 发布日期 2019-06-12 类别 A\n{_UNSIGNED}")
    assert reply.date == "2019-06-12"


def test_the_reply_title_field_names_the_unit() -> None:
    reply = parse_reply(f"主办单位: 县水利局\n复文标题: 禾县水利局关于县五届人大三次会议第12号建议的答复\n{_UNSIGNED}")
    assert reply.handler == "禾县水利局"
    assert "handler_from_title" in reply.parse_warnings


def test_a_reply_title_field_without_a_unit_names_none() -> None:
    assert parse_reply(f"复文标题: 关于县五届人大三次会议第12号建议的答复\n{_UNSIGNED}").handler is None


@pytest.mark.parametrize(("line", "result"), [("禾水函〔2021〕59号 分类:B", "B"), ("禾水函〔2021〕59号 分类:综合", None)])
def test_the_class_under_its_label_after_the_doc_no(line: str, result: str | None) -> None:
    reply = parse_reply(f"{line}\n{_UNSIGNED}")
    assert (reply.doc_no, reply.declared_result) == ("禾水函〔2021〕59号", result)


def test_a_proposal_number_written_like_a_doc_no_is_the_proposal_number() -> None:
    reply = parse_reply(f"禾县水利局关于县政协九届三次会议委员提案〔2024〕17号的答复\n{_UNSIGNED}")
    assert (reply.doc_no, reply.proposal_no) == (None, "17")


def test_a_ministrys_doc_no_ending_in_jianyi_stays_a_doc_no() -> None:
    reply = parse_reply(f"禾水利部关于第52号建议的答复\n禾水建议〔2018〕第52号\n{_UNSIGNED}")
    assert reply.doc_no == "禾水建议〔2018〕第52号"


@pytest.mark.parametrize(
    ("opening", "co_handlers"),
    [
        ("经与禾县财政局、禾县农业局等协办部门共同会商,现答复如下:", ["禾县财政局", "禾县农业局"]),
        ("经综合禾县人民政府意见,现答复如下:", ["禾县人民政府"]),
        ("由我局主办,禾县财政局、禾县农业局会办,我局会同各会办单位认真研究,现答复如下:", ["禾县财政局", "禾县农业局"]),
        ("经综合分析各方意见,现答复如下:", []),  # no unit's name before 意见
        ("我局会同禾县财政局认真研究,由我局主办,禾县农业局会办,现答复如下:", ["禾县财政局"]),  # 会同 first
    ],
)
def test_co_handlers_named_in_the_opening(opening: str, co_handlers: list[str]) -> None:
    text = f"王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,{opening}\n{_BODY}{_SIGNED}"
    assert parse_reply(text).co_handlers == co_handlers


@pytest.mark.parametrize(
    ("opening", "proposers"),
    [
        ("您与其他15名代表联名提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n", ["王林"]),
        ("您与李强、赵敏代表提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n", ["王林", "李强", "赵敏"]),
    ],
)
def test_co_proposers_counted_are_not_named(opening: str, proposers: list[str]) -> None:
    assert parse_reply(f"王林代表:\n{opening}{_BODY}{_SIGNED}").proposers == proposers


@pytest.mark.parametrize(
    ("body", "handler"),
    [
        # the second sentence of the answer's first line names the unit where it speaks of itself
        ("饮水安全事关群众健康。禾水利部高度重视农村水源保护工作,已印发指导意见。\n", "禾水利部"),
        ("禾县商务委收到您的建议后高度重视,已安排资金修缮水渠。\n", "禾县商务委"),
        ("一、办理概述\n禾县商务委收到您的建议后高度重视,已安排资金修缮水渠。\n", "禾县商务委"),  # under the heading
        ("饮水安全事关群众健康。各部高度重视农村水源保护工作。\n", None),  # 各部 names no unit
        ("一、关于水渠\n禾县商务委收到您的建议后高度重视,已安排资金修缮水渠。\n", None),  # a suggestion's heading
    ],
)
def test_the_unit_the_answers_first_paragraph_names(body: str, handler: str | None) -> None:
    assert parse_reply(f"王林代表:\n{_OPENING}{body}").handler == handler


_PARTY_OPENING = "民进禾县委员会向县政协提交了《关于修缮禾村水渠的建议》提案(第12号),现答复如下:\n"


def test_a_party_committee_without_a_colon_is_the_salutation() -> None:
    reply = parse_reply(f"民进禾县委员会\n{_PARTY_OPENING}{_BODY}{_SIGNED}")
    assert reply.proposers == ["民进禾县委员会"]
    assert "no_salutation" not in reply.parse_warnings


def test_a_units_name_ending_in_committee_without_a_colon_is_no_salutation() -> None:
    reply = parse_reply(f"禾县发展和改革委员会\n{_PARTY_OPENING}{_BODY}{_SIGNED}")
    assert "禾县发展和改革委员会" not in reply.proposers


def test_a_title_ending_banli_yijian_leaves_the_page_fields_above_the_letter() -> None:
    text = f"禾县水利局关于《关于修缮禾村水渠的建议》提案(第12号)的办理意见\n作者:禾县水利局 发布日期:2019-06-12 10:20\n{_UNSIGNED}"
    reply = parse_reply(text)
    assert (reply.handler, reply.date) == ("禾县水利局", "2019-06-12")


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("由我局主办,禾县财政局会办,各会办单位提出会办意见,现答复如下:", "reply"),  # the lead speaks of the others
        ("由禾县财政局主办,我局会办,现将会办意见函告如下:", "co_handler_opinion"),
    ],
)
def test_a_lead_unit_naming_the_others_opinions_is_no_co_handler(opening: str, kind: str) -> None:
    text = f"王林代表:\n您提出的《关于修缮禾村水渠的建议》收悉,{opening}\n{_BODY}{_SIGNED}"
    assert parse_reply(text).kind.value == kind


# A page's summary of the letter: its salutation, opening and first words, cut off (long enough to be cut as a one-line letter).
_SUMMARY = "王林代表:您好!您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:近年来,在县委、县政府的正确领导下,禾村水渠修缮面积"
_LETTER = f"王林代表:\n{_OPENING}近年来,我局已安排资金修缮水渠。\n"


def test_a_pages_summary_over_the_letter_is_no_one_line_letter() -> None:
    reply = parse_reply(f"{_SUMMARY}\n{_LETTER}{_SIGNED}")
    assert [s.text for s in reply.suggestions] == ["近年来,我局已安排资金修缮水渠。"]
    assert "one_line_letter" not in reply.parse_warnings


def test_a_one_line_letter_without_the_letter_below_is_cut_as_before() -> None:
    reply = parse_reply(f"{_SUMMARY}达到三公里。\n禾县水利局\n2019年6月11日\n")
    assert "one_line_letter" in reply.parse_warnings
    assert [s.text for s in reply.suggestions] == ["近年来,在县委、县政府的正确领导下,禾村水渠修缮面积达到三公里。"]


@pytest.mark.parametrize(
    ("body", "texts"),
    [
        # the first part's 一、 lost by the page, then 二、 (and 三、): one part each
        (
            "按照县里规定,我局已安排资金修缮水渠。\n二、按照省里要求,我局已将禾村水渠列入修缮名单。\n",
            ["按照县里规定,我局已安排资金修缮水渠。", "按照省里要求,我局已将禾村水渠列入修缮名单。"],
        ),
        (
            "按照县里规定,我局已安排资金修缮水渠。\n二、已修缮东段。\n三、明年修缮西段。\n",
            ["按照县里规定,我局已安排资金修缮水渠。", "已修缮东段。", "明年修缮西段。"],
        ),
        # a next step under 二、 is no part of its own: the body stays one part, as before
        (
            "按照县里规定,我局已安排资金修缮水渠。\n二、下一步工作\n我局将继续做好水渠管护。\n",
            ["按照县里规定,我局已安排资金修缮水渠。\n二、下一步工作\n我局将继续做好水渠管护。"],
        ),
        # 二、 then 四、 does not count up: as before
        (
            "按照县里规定,我局已安排资金修缮水渠。\n二、已修缮东段。\n四、明年修缮西段。\n",
            ["按照县里规定,我局已安排资金修缮水渠。\n二、已修缮东段。\n四、明年修缮西段。"],
        ),
    ],
)
def test_a_first_part_whose_marker_the_page_lost(body: str, texts: list[str]) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{body}{_SIGNED}")
    assert [s.text for s in reply.suggestions] == texts


def test_the_answer_label_daifu_qingkuang_is_no_salutation() -> None:
    text = f"提案人:王林\n答复情况:\n{_OPENING}{_BODY}{_SIGNED}"
    reply = parse_reply(text)
    assert reply.proposers == ["王林"]


@pytest.mark.parametrize(
    ("line", "handler"),
    [
        ("十分感谢您对水利事业的关心和支持,针对您的建议,县水利主管部门高度重视,已安排资金修缮水渠。\n", "县水利主管部门"),
        ("十分感谢您对水利事业的关心和支持,针对您的建议,相关主管部门高度重视,已安排资金修缮水渠。\n", None),  # 相关: no unit named
    ],
)
def test_a_competent_department_named_in_the_answer(line: str, handler: str | None) -> None:
    assert parse_reply(f"王林代表:\n{_OPENING}{line}").handler == handler


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("关于你提出的“关于修缮禾村水渠的建议”的提案,现答复如下:\n", "关于修缮禾村水渠的建议"),
        ("关于修缮禾村水渠的提案收悉,“早修早受益”的意见很好,现答复如下:\n", "关于修缮禾村水渠的提案"),  # as before
    ],
)
def test_a_title_quoted_inside_about_your_proposal(opening: str, title: str) -> None:
    assert parse_reply(f"王林委员:\n{opening}{_BODY}{_SIGNED}").title == title


def test_the_proposals_title_after_the_reply_title_wins_over_the_bodys_paraphrase() -> None:
    head = "县政协六届三次会议第45号提案的答复函《关于修缮禾村水渠的建议》\n"
    body = "对于委员提出的修缮水渠的建议,我局已安排资金修缮水渠。\n"
    assert parse_reply(f"{head}王林委员:\n您的提案收悉,现答复如下:\n{body}{_SIGNED}").title == "关于修缮禾村水渠的建议"


def test_a_title_line_without_the_proposals_title_leaves_the_paraphrase() -> None:
    body = "对于委员提出的修缮水渠的建议,我局已安排资金修缮水渠。\n"
    text = f"县政协六届三次会议第45号提案的答复函\n王林委员:\n您的提案收悉,现答复如下:\n{body}{_SIGNED}"
    assert parse_reply(text).title == "修缮水渠的建议"


@pytest.mark.parametrize(
    ("head", "handler"),
    [
        ("禾县水利局关于禾县七届人大\n第三次会议代表建议、批评和意见\n第512号办理情况的答复\n", "禾县水利局"),
        # the first line says no 关于: no title starts there
        ("禾县水利局专栏\n第三次会议代表建议、批评和意见\n第512号办理情况的答复\n", None),
    ],
)
def test_a_title_over_three_lines_that_only_the_third_closes(head: str, handler: str | None) -> None:
    assert parse_reply(f"{head}{_UNSIGNED}").handler == handler


def test_the_leader_label_above_the_signer_is_a_contact() -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}负责人:赵明\n承办人:钱红\n{_SIGNED}")
    assert reply.contacts == {"负责人": "赵明", "承办人": "钱红"}
    assert [s.text for s in reply.suggestions] == ["我局已安排资金修缮水渠。"]


def test_a_leader_named_inside_the_body_stays_body() -> None:
    body = "一、我局已安排资金修缮东段水渠。\n负责人:赵明\n二、西段水渠明年修缮。\n"
    reply = parse_reply(f"王林代表:\n{_OPENING}{body}{_SIGNED}")
    assert reply.contacts == {}
    assert [s.text for s in reply.suggestions][0].endswith("负责人:赵明")


@pytest.mark.parametrize(
    ("title_line", "title"),
    [
        ("关于县政协九届二次会议第2022031号 提案的答复", None),  # the number, a space, 提案: no title
        ("关于修缮禾村水渠 提案的答复", "关于修缮禾村水渠 提案"),  # a title with a space stays one
    ],
)
def test_a_number_phrase_with_a_space_names_no_title(title_line: str, title: str | None) -> None:
    assert parse_reply(f"{title_line}\n来源:禾县水利局   时间:2019-06-12 18:01\n一、关于水渠\n{_BODY}").title == title


@pytest.mark.parametrize(
    ("line", "handler"),
    [
        ("现根据您的建议,结合禾县水利局主要职能,我局已安排资金修缮水渠。\n", "禾县水利局"),
        ("现根据您的建议,结合禾县财政局的意见,我局已安排资金修缮水渠。\n", None),  # another unit's opinion
    ],
)
def test_a_unit_that_names_its_own_duties(line: str, handler: str | None) -> None:
    assert parse_reply(f"王林代表:\n{_OPENING}修缮水渠对群众出行很重要。\n{line}").handler == handler
