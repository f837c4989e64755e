"""Traps that real-fresh-21 and -22 (26 CPPCC and 31 NPC real replies, measured before any change) showed,
each in invented words, with a near miss that must stay as it was; the whole letters are fixtures 640-657
(tests/test_fixtures.py)."""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.trap_letters import BODY as _BODY
from tests.helpers.trap_letters import OPENING as _OPENING
from tests.helpers.trap_letters import SIGNED as _SIGNED

_UNSIGNED = f"王林代表:\n{_OPENING}{_BODY}"


# --- proposal numbers (640, 641) ---


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("禾县水利局关于县政协九届三次会议第215-307号提案的复函", "第215-307号"),  # two parts joined by a hyphen
        ("禾县水利局关于县政协九届三次会议第A-078号提案的复函", "第A-078号"),  # a group letter and a hyphen, as before
        ("禾县水利局关于县十五届人大二次会议Y23号代表建议答复的函", "Y23号"),  # a series letter glued before the number
        ("禾县水利局关于县十五届人大二次会议Y-23号代表建议答复的函", "Y-23号"),
        ("禾县水利局关于县十五届人大二次会议温36号建议的答复", "温36号"),  # one character before it, as before
    ],
)
def test_a_proposal_number_is_read_whole(title: str, number: str) -> None:
    assert parse_reply(f"{title}\n{_UNSIGNED}{_SIGNED}").proposal_no == number


@pytest.mark.parametrize(
    "title",
    [
        "禾县水利局关于县十五届人大二次会议XY2023号文件的答复",  # no proposal after the number
        "禾县水利局关于禾县2023年度提案工作的答复",  # no 号 at all
    ],
)
def test_near_misses_give_no_proposal_number(title: str) -> None:
    assert parse_reply(f"{title}\n{_UNSIGNED}{_SIGNED}").proposal_no is None


# --- contacts in brackets under the date (642) ---


@pytest.mark.parametrize(
    "line",
    [
        "(联 系 人:马晓燕,联系电话:66812345)",  # a spaced label inside a bracket
        "(联 系 人：马晓燕，联系电话：66812345)",  # full-width
        "(联系人:马晓燕,联系电话:66812345)",  # unspaced, as before
        "联 系 人:马晓燕,联系电话:66812345",  # spaced without a bracket, as before
    ],
)
def test_contacts_in_brackets_under_the_date_are_read(line: str) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{_SIGNED}{line}\n")
    assert reply.contacts == {"联系人": "马晓燕", "联系电话": "66812345"}


def test_a_bracketed_remark_with_a_spaced_word_is_no_contact() -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{_SIGNED}(此 件 公 开:主动公开)\n")
    assert reply.contacts == {}


# --- a title whose opening quote the page lost (643) ---


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("您提出的乡村学校音乐教育的现状与对策》(第047号)收悉,现答复如下:", "乡村学校音乐教育的现状与对策"),
        ("您在县人大会议期间提出加强古墓保护,打造文化公园。”的建议收悉,现答复如下:", "加强古墓保护,打造文化公园"),
        ("您提出的《乡村学校音乐教育的现状与对策》(第047号)收悉,现答复如下:", "乡村学校音乐教育的现状与对策"),
    ],
)
def test_a_title_whose_opening_quote_was_lost_ends_at_the_closing_one(opening: str, title: str) -> None:
    assert parse_reply(f"王林代表:\n{opening}\n{_BODY}{_SIGNED}").title == title


@pytest.mark.parametrize(
    "opening",
    [
        # the closing mark of a law the answer cites (its opening one lost too), no title
        "您提出的建议收悉。根据禾县水利条例》规定,现答复如下:",
        # a closing mark with an opening one before it: the quoted title, as before
        "您提出的关于“修缮禾村水渠”的建议收悉,根据水利条例》规定,现答复如下:",
    ],
)
def test_near_misses_of_the_lost_opening_quote(opening: str) -> None:
    title = parse_reply(f"王林代表:\n{opening}\n{_BODY}{_SIGNED}").title
    assert title in (None, "修缮禾村水渠")


# --- the unit of an unsigned letter (644, 646-651, 656) ---


def test_a_letterhead_above_a_title_over_two_lines_names_the_unit() -> None:
    text = f"禾南区水利局\n对禾南区第六届人民代表大会\n第二次会议第31号建议的答复\n{_UNSIGNED}2023年8月2日\n"
    reply = parse_reply(text)
    assert reply.handler == "禾南区水利局"
    assert "handler_from_title" in reply.parse_warnings


def test_a_title_over_two_lines_with_no_letterhead_names_no_unit() -> None:
    text = f"对禾南区第六届人民代表大会\n第二次会议第31号建议的答复\n{_UNSIGNED}2023年8月2日\n"
    assert parse_reply(text).handler is None


@pytest.mark.parametrize(
    ("line", "handler", "signer"),
    [
        ("禾鸡市林业和草原局 签发人:罗建平", "禾鸡市林业和草原局", "罗建平"),
        ("禾鸡市林业和草原局 签发人：罗建平", "禾鸡市林业和草原局", "罗建平"),
        ("禾林函〔2020〕45号 签发人:罗建平", None, "罗建平"),  # a 文号 beside the signer, as before
    ],
)
def test_a_letterhead_beside_the_signer(line: str, handler: str | None, signer: str) -> None:
    reply = parse_reply(f"{line}\n对市政协十二届四次会议第118号提案的答复函\n{_UNSIGNED}")
    assert reply.handler == handler
    assert reply.contacts.get("签发人") == signer


def test_a_person_beside_the_signer_is_no_letterhead() -> None:
    reply = parse_reply(f"责任编辑 签发人:罗建平\n对市政协十二届四次会议第118号提案的答复函\n{_UNSIGNED}")
    assert reply.handler is None


@pytest.mark.parametrize(
    ("fields", "handler"),
    [
        ("• 发布机关 :国家禾业总局\n• 发布日期 :2019-09-20\n", "国家禾业总局"),  # a space before the colon
        ("• 发布机关:国家禾业总局\n", "国家禾业总局"),
        ("发布单位\n国家禾林局\n", "国家禾林局"),  # the label alone, its value on the next line
        ("编号 36 办理部门 交通局 处理状态\n", "交通局"),  # a record row without colons
        ("• 发布机关 :办公室\n", None),  # an office without its unit
        ("• 发布机关 :县人大常委会\n", None),  # the assembly publishes, never answers
    ],
)
def test_the_pages_unit_of_an_unsigned_letter(fields: str, handler: str | None) -> None:
    reply = parse_reply(f"{fields}{_UNSIGNED}")
    assert reply.handler == handler


def test_a_signature_wins_over_the_handling_department() -> None:
    reply = parse_reply(f"编号 36 办理部门 交通局 处理状态\n王林代表:\n{_OPENING}{_BODY}{_SIGNED}")
    assert reply.handler == "禾县水利局"


@pytest.mark.parametrize(
    ("opening", "handler"),
    [
        ("你提出的《关于扶持残疾人就业的提案》(第56号),交由禾靖市人民政府办理,经认真研究,现答复如下:", "禾靖市人民政府"),
        ("你提出的《关于扶持残疾人就业的提案》,交由禾靖市人民政府研究办理,现答复如下:", "禾靖市人民政府"),
        ("你提出的《关于扶持残疾人就业的提案》(第56号),交由我局办理,经认真研究,现答复如下:", None),
        ("你提出的《关于扶持残疾人就业的提案》,交由禾靖市人社局主办,我局协办,现答复如下:", None),
    ],
)
def test_the_unit_the_proposal_was_given_to(opening: str, handler: str | None) -> None:
    reply = parse_reply(f"王林委员:\n{opening}\n{_BODY}")
    assert reply.handler == handler


def test_the_unit_given_to_yields_to_a_signature() -> None:
    opening = "你提出的《关于扶持残疾人就业的提案》,交由禾靖市人民政府办理,现答复如下:"
    assert parse_reply(f"王林委员:\n{opening}\n{_BODY}{_SIGNED}").handler == "禾县水利局"


@pytest.mark.parametrize(
    ("line", "handler"),
    [
        ("全县仍有村庄采用水窖取水。水务局领导班子也高度重视山区饮水工作,今年已建成管网。", "水务局"),
        ("全县仍有村庄采用水窖取水。水务局领导班子高度重视山区饮水工作,今年已建成管网。", "水务局"),
        ("全县仍有村庄采用水窖取水。水务局也高度重视山区饮水工作,今年已建成管网。", None),  # 也 without its leadership
    ],
)
def test_the_unit_whose_leadership_attends(line: str, handler: str | None) -> None:
    assert parse_reply(f"王林代表:\n{_OPENING}{line}\n").handler == handler


# --- the page's date (649) ---


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("禾楼县政府 www.helou.gov.cn 2024-03-11 09:45 来源:禾楼县人民政府办公室 放大 正常 缩小", "2024-03-11"),
        ("禾楼县政府 2024-03-11 09:45:10 来源:禾楼县人民政府办公室", "2024-03-11"),
        ("禾楼县政府 www.helou.gov.cn 2024-03-11 来源:禾楼县人民政府办公室", None),  # no clock: no stamp
    ],
)
def test_a_bylines_date_and_clock_before_its_source(line: str, date: str | None) -> None:
    reply = parse_reply(f"关于对县人大第九届三次会议第7号建议的答复\n{line}\n{_UNSIGNED}")
    assert reply.date == date
    assert reply.handler is None  # a government's office beside the clock is the site that publishes


# --- the site's footer (645) ---


@pytest.mark.parametrize(
    ("footer", "contacts"),
    [
        ("主办单位:禾西县委县政府\n联系电话:0371-6123456\nICP备案:豫ICP备12345678号-1\n", {}),
        ("主办单位:禾西县委县政府\n地址:禾西县人民路1号\nICP备案:豫ICP备12345678号-1\n", {}),
        # the letter's own contact, with no host line above the footer: kept
        ("联系电话:0371-6123456\nICP备案:豫ICP备12345678号-1\n", {"联系电话": "0371-6123456"}),
    ],
)
def test_the_sites_host_and_phone_above_its_footer(footer: str, contacts: dict[str, str]) -> None:
    reply = parse_reply(f"王林代表:\n{_OPENING}{_BODY}{_SIGNED}{footer}")
    assert reply.contacts == contacts
    assert reply.handler == "禾县水利局"


# --- co-handlers (652-654) ---


@pytest.mark.parametrize(
    ("clause", "units"),
    [
        ("经与区农业农村委、区住建委、区市场监管局协办单位共同研究办理", ["区农业农村委", "区住建委", "区市场监管局"]),
        ("经与区农业农村委、区住建委、区市场监管局等协办单位共同研究办理", ["区农业农村委", "区住建委", "区市场监管局"]),
        ("经与区教委、团区委、清水镇共同研究办理", ["区教委", "团区委", "清水镇"]),
        # a township alone is the co-handler too (p102: -99's and -101's blind expectations read it so)
        ("经与清水镇共同研究办理", ["清水镇"]),
        ("经与区教委、团区委、清水镇村民共同研究办理", ["区教委", "团区委"]),  # villagers are no unit
    ],
)
def test_co_handlers_listed_in_the_opening(clause: str, units: list[str]) -> None:
    opening = f"您提出的《关于修缮禾村水渠的建议》收悉。{clause},现答复如下:"
    assert parse_reply(f"王林代表:\n{opening}\n{_BODY}{_SIGNED}").co_handlers == units


@pytest.mark.parametrize(
    ("opening", "units"),
    [
        ("您提出的《关于修缮禾村水渠的建议》收悉市发展改革委、市财政局共同研究办理,现答复如下:", ["市发展改革委", "市财政局"]),
        # after 收悉 and a comma, no units: a sentence of its own, as before
        ("您提出的《关于修缮禾村水渠的建议》收悉,我们高度重视,认真研究办理,现答复如下:", []),
        ("您提出的《关于修缮禾村水渠的建议》收悉后共同研究办理,现答复如下:", []),
    ],
)
def test_co_handlers_after_shouxi_whose_jingyu_was_lost(opening: str, units: list[str]) -> None:
    assert parse_reply(f"王林代表:\n{opening}\n{_BODY}{_SIGNED}").co_handlers == units


# --- proposers (655, 657) ---


def test_a_salutation_with_the_titles_tail_glued_after_it() -> None:
    text = f"禾溪市住建委\n高志伟代表:第一次会议第215号建议办理情况的答复\n{_OPENING}{_BODY}{_SIGNED}"
    assert parse_reply(text).proposers == ["高志伟"]


def test_a_salutation_with_other_words_after_it_is_no_proposer_line() -> None:
    text = f"禾溪市住建委\n高志伟代表:第一次会议期间提出了意见\n{_OPENING}{_BODY}{_SIGNED}"
    assert parse_reply(text).proposers != ["高志伟"]


@pytest.mark.parametrize(
    ("cell", "proposers"),
    [
        ("办理答复: 陈思雨: 您提出的《关于发展林下种植的提案》收悉。现答复如下:", ["陈思雨"]),
        ("答复内容:陈思雨委员:您提出的《关于发展林下种植的提案》收悉。现答复如下:", ["陈思雨"]),
        ("办理答复: 现答复如下: 您提出的《关于发展林下种植的提案》收悉。", []),  # no salutation in the cell
    ],
)
def test_a_salutation_inside_an_answer_cell(cell: str, proposers: list[str]) -> None:
    reply = parse_reply(f"市禾业局关于市政协十三届四次会议第12071号党派提案的答复\n{cell}\n{_BODY}")
    assert reply.proposers == proposers


# --- a second opening before the lead-in (658) ---

_SECOND = "您提出的关于修缮禾村水渠的建议,我局专门开会进行了研究,解决方法如下:\n"
_ITEMS = "我局已把水渠修缮纳入整治范围,同步展开如下措施:\n一是开展水渠巡查。\n二是安排资金修缮水渠。\n"


def test_a_second_opening_under_the_first_is_no_suggestion() -> None:
    reply = parse_reply(f"王林代表:\n您好:您的建议收悉,现将办理情况答复如下:\n{_SECOND}{_ITEMS}{_SIGNED}")
    assert [s.text for s in reply.suggestions] == ["开展水渠巡查。", "安排资金修缮水渠。"]


def test_a_lead_in_under_an_opening_that_does_not_end_like_one_reads_as_before() -> None:
    # ("收悉。": the line that names the proposal again is the opening, its lead-in and items the body)
    reply = parse_reply(f"王林代表:\n您好:您的建议收悉。\n{_SECOND}{_ITEMS}{_SIGNED}")
    assert [s.text for s in reply.suggestions] == ["开展水渠巡查。", "安排资金修缮水渠。"]


def test_a_second_opening_that_is_the_bodys_only_line_is_kept() -> None:
    reply = parse_reply(f"王林代表:\n您好:您的建议收悉,现将办理情况答复如下:\n{_SECOND}{_SIGNED}")
    assert reply.suggestions[0].text.startswith("您提出的关于修缮禾村水渠的建议")
