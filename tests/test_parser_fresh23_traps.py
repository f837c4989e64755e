"""Traps that real-fresh-23 and -24 (29 CPPCC and 29 NPC real replies, measured before any change) showed,
each in invented words, with a near miss that must stay as it was; the whole letters are fixtures 680-689
(tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED
from tests.helpers.trap_letters import page_fields

_TITLE = "关于县十五届人大二次会议第23号建议的答复\n"
_UNSIGNED = f"王林代表:\n{_OPENING}{_BODY}"


# --- co-handlers: a generic word before its clause (680) ---


@pytest.mark.parametrize(
    ("said", "units"),
    [
        ("我局会同相关部门指导各镇结合农田整治等工作进行了研究", []),  # the generic word, then a clause
        ("我局会同有关部门指导各镇结合农田整治等工作进行了研究", []),
        ("我局会同县财政局、相关部门认真研究", ["县财政局"]),  # a unit before it, as before
        ("我局会同相关部门认真研究", []),  # the generic word alone, as before
        ("我局会同县财政局认真研究", ["县财政局"]),  # as before
    ],
)
def test_a_generic_word_with_its_clause_names_no_co_handler(said: str, units: list[str]) -> None:
    opening = f"您提出的《关于修缮禾村水渠的建议》收悉。{said},现答复如下:\n"
    assert parse_reply(f"{_TITLE}王林代表:\n{opening}{_BODY}{_SIGNED}").co_handlers == units


# --- a bullet's label alone over its value (681) ---


def test_a_bullet_label_alone_takes_the_next_line() -> None:
    fields = page_fields(f"• 发文单位:\n禾县水利局\n• 发文日期:\n2023-08-16\n{_TITLE}{_UNSIGNED}")
    assert fields.get("发文单位") == "禾县水利局"


def test_a_bullet_label_over_another_bullet_takes_no_value() -> None:
    fields = page_fields(f"• 实施日期:\n• 发文单位:\n禾县水利局\n{_TITLE}{_UNSIGNED}")
    assert "实施日期" not in fields or fields["实施日期"] in ("", None)
    assert fields.get("发文单位") == "禾县水利局"


def test_an_unsigned_letter_takes_the_unit_under_a_bullet_label() -> None:
    reply = parse_reply(f"• 发文单位:\n禾县水利局\n• 发文日期:\n2023-08-16\n{_TITLE}{_UNSIGNED}")
    assert reply.handler == "禾县水利局"


# --- the unit opening a bracketed letter title (682) ---


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("禾镇2023年代表建议办理答复(禾县水务局关于县十届人大二次会议第21号代表建议办理的函)", "禾县水务局"),
        ("禾县水务局关于县十届人大二次会议第21号建议的答复", "禾县水务局"),  # no bracket, as before
        ("禾镇2023年代表建议办理答复(关于县十届人大二次会议第21号代表建议办理的函)", None),  # no unit in the bracket
    ],
)
def test_the_unit_opens_the_bracketed_letter_title(title: str, unit: str | None) -> None:
    reply = parse_reply(f"{title}\n{_UNSIGNED}")
    assert reply.handler == unit


# --- the lead deputy and the next joined by 并 (683) ---


@pytest.mark.parametrize(
    ("salutation", "names"),
    [
        ("李红并王建国、赵丽代表:", ["李红", "王建国", "赵丽"]),
        ("欧阳红并王建国代表:", ["欧阳红", "王建国"]),
        ("胡立新委员并附议人:", ["胡立新"]),  # the member and those who seconded, as before
        ("李红、王建国代表:", ["李红", "王建国"]),  # as before
    ],
)
def test_two_names_joined_by_bing_are_two(salutation: str, names: list[str]) -> None:
    assert parse_reply(f"{_TITLE}{salutation}\n{_OPENING}{_BODY}{_SIGNED}").proposers == names


# --- the whole result field inside brackets (684) ---


@pytest.mark.parametrize(
    ("line", "result"),
    [
        ("〔办理结果:A类〕 |", "A类"),
        ("【办理结果:B】", "B"),
        ("[办理结果:C类]", "C类"),
        ("〔辦理結果:A類〕", "A類"),  # traditional, as written
        ("(办理结果:A类)", "A类"),  # round brackets, as before
        ("〔办理结果:A类〕以上", None),  # more after the bracket: no field of its own
    ],
)
def test_a_result_field_inside_brackets_is_read(line: str, result: str | None) -> None:
    assert parse_reply(f"{_TITLE}{line}\n{_UNSIGNED}{_SIGNED}").declared_result == result


# --- the proposal's number in a 文号 cell (685) ---


@pytest.mark.parametrize(
    ("cell", "doc_no"),
    [
        ("第118号提案", None),  # the proposal's number
        ("118号建议", None),
        ("禾交函〔2022〕18号", "禾交函〔2022〕18号"),  # a 文号, as before
        ("第118号", "第118号"),  # a bare number, as before
    ],
)
def test_a_proposal_number_in_the_doc_no_cell_is_no_doc_no(cell: str, doc_no: str | None) -> None:
    text = f"索引号 | 0210/2022-00415 | 文 号 | {cell} |\n{_TITLE}{_UNSIGNED}{_SIGNED}"
    assert parse_reply(text).doc_no == doc_no


# --- an abbreviation in brackets is no pinyin (686) ---


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("关于配置除颤器(aed)的建议", "关于配置除颤器(aed)的建议"),  # an abbreviation: kept
        ("关于推广手机(app)预约的建议", "关于推广手机(app)预约的建议"),
        ("关于当(dāng)前水渠的建议", "关于当前水渠的建议"),  # a mirror's pinyin: dropped, as before
        ("关于整治(zhěng)水渠的建议", "关于整治水渠的建议"),
        ("关于疏通(tong)水渠的建议", "关于疏通水渠的建议"),  # without its tone mark, as before
    ],
)
def test_an_abbreviation_in_brackets_is_kept(written: str, read: str) -> None:
    opening = f"您提出的《{written}》收悉,现答复如下:\n"
    assert parse_reply(f"{_TITLE}王林代表:\n{opening}{_BODY}{_SIGNED}").title == read


# --- the member thanked by name (687) ---


@pytest.mark.parametrize(
    ("opening", "names"),
    [
        ("首先感谢张立华委员对我县水利工作的关心和支持。您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:", ["张立华"]),
        ("感谢王芳代表对我县水利工作的关心。您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:", ["王芳"]),
        ("首先感谢各位委员对我县水利工作的关心和支持。您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:", []),
        ("首先感谢您对我县水利工作的关心和支持。您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:", []),
    ],
)
def test_the_member_thanked_by_name_is_the_proposer(opening: str, names: list[str]) -> None:
    assert parse_reply(f"{_TITLE}{opening}\n{_BODY}{_SIGNED}").proposers == names


def test_a_salutation_still_wins_over_the_thanks() -> None:
    text = f"{_TITLE}王林代表:\n首先感谢张立华委员对我县水利工作的关心。您提出的《关于修缮禾村水渠的建议》收悉,现答复如下:\n{_BODY}{_SIGNED}"
    assert parse_reply(text).proposers == ["王林"]


# --- labels in square brackets (688) ---


def test_a_row_of_square_bracketed_labels_is_read() -> None:
    fields = page_fields(f"[ 发布机构 ] 禾县水利局\n[ 成文日期 ] 2024-05-20 [ 发布日期 ] 2024-05-22\n{_TITLE}{_UNSIGNED}")
    assert fields.get("成文日期") == "2024-05-20"
    assert fields.get("发布日期") == "2024-05-22"
    assert fields.get("发布机构") == "禾县水利局"


def test_an_unsigned_letter_is_dated_by_the_square_bracketed_field() -> None:
    assert parse_reply(f"[ 成文日期 ] 2024-05-20 [ 发布日期 ] 2024-05-22\n{_TITLE}{_UNSIGNED}").date == "2024-05-20"


@pytest.mark.parametrize(
    "line",
    [
        "[ 成文日期 ] 2024-05-20 [ 打印本页 ]",  # a label that is no field: the row is not one
        "[注] 2024-05-20 起施行",  # no known label
    ],
)
def test_near_misses_of_square_bracketed_labels_are_not_read(line: str) -> None:
    assert "成文日期" not in page_fields(f"{line}\n{_TITLE}{_UNSIGNED}")


# --- 编稿时间 on a byline (689) ---


def test_a_byline_opening_with_the_editing_time_gives_its_source() -> None:
    fields = page_fields(f"{_TITLE}编稿时间: 2019-06-25 14:50 来源: 县水利局\n{_UNSIGNED}")
    assert fields.get("来源") == "县水利局"


def test_the_signature_date_still_beats_the_editing_time() -> None:
    text = f"{_TITLE}编稿时间: 2019-06-25 14:50 来源: 县水利局\n{_UNSIGNED}2019年6月11日\n"
    assert parse_reply(text).date == "2019-06-11"


# --- the letterhead's cells under the title (690) ---


@pytest.mark.parametrize(
    ("cells", "unit"),
    [
        ("禾县水利局 |\n类 别: A |\n签发人:吴国强 |\n", "禾县水利局"),  # the signer's field two lines down
        ("禾县水利局 |\n签发人:吴国强 |\n", "禾县水利局"),  # right under it
        ("禾县水利局 |\n类 别: A |\n", None),  # no signer's field: no letterhead block, as before
        ("禾县水利局 |\n类 别: A |\n公开方式: 主动公开 |\n签发人:吴国强 |\n", None),  # the signer too far down
    ],
)
def test_the_letterhead_cells_under_the_title_name_the_unit(cells: str, unit: str | None) -> None:
    assert parse_reply(f"{_TITLE}{cells}{_UNSIGNED}").handler == unit


# --- a reply table's 提案号 cell after a separator (691, real-fresh-27 o001, after its first measure) ---


@pytest.mark.parametrize(
    ("row", "number"),
    [
        ("提案人 | 周丽萍 | 提案号 | 第27号 | ||", "第27号"),  # the separator is no value: the next cell is
        ("提案人:周丽萍 提案号:第27号", "第27号"),  # label and value with colons, as before
        ("提案人 | 周丽萍 | 提案号 | | ||", None),  # an empty cell: no number, as no digit is there
    ],
)
def test_the_proposal_number_cell_holds_a_number(row: str, number: str | None) -> None:
    text = f"县政协委员提案答复表\n{row}\n周丽萍委员:\n您提出的《关于增设公共自行车站点的提案》收悉,现答复如下:\n{_BODY}{_SIGNED}"
    assert parse_reply(text).proposal_no == number
