"""Traps that real-fresh-102..-105 showed (p106), each in invented words, with near misses that must stay as they were.

- a page's "返回上一级" (back to the level above) link alone on the first line is page chrome, not the letter's start;
- a co-handler's opinion names the deputy before the unquoted title ("现就市人大代表罗志成关于…的建议,提出如下会办意见");
- a letter to a unit that offers its opinion "for consideration" ("我办提出如下答复意见,供考虑") is a co-handler's opinion;
- the declared result printed between the letterhead and the title ("X办公室" / "办理结果:B" / "关于…的答复") does not
  hide the letterhead;
- a ministry that answers as 我部 and names itself only where it says what it will do next ("下一步,农业农村部将加快
  推进…") or what it is ("应急管理部作为新组建部门") is the answering unit;
- a page's field "公开范围:" over "面向社会" (open to the public) above the title is no letterhead: 社会 is no 会;
- the letter's opening glued to the page's source line ("文章来源:东湖市商务局您提出的…建议已收悉") is cut from it;
- "我局与会办单位A、B认真研究": the co-handlers named after their word, as "与A、B等会办单位" were;
- a page's byline under the title with its date, clock and the posting unit ("2024-04-16 15:55   东川市水利局 审核人:")
  gives the date;
- a pinyin mirror's constant broken characters ("麒麟?yún)^(qū)" for 麒麟區, "管理?xiàng)l例" for 管理條例) are mended, so
  the title reads clean (only where a title is read: the body stays as printed);
- "代表建议31号《关于…的建议》的答复": the number after the proposal's kind, with no 第.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_OPINION = (
    "{top}\n\n打印\n\n关于区政协五届二次会议第041号提案的协办意见\n\n主动公开\n\n2021.05.12\n\n区园林局\n\n"
    "周明远委员在区政协会议上提出041号提案《关于整治河道杂草的建议》收悉,现提出如下协办意见:\n\n"
    "我局已组织对主要河道开展杂草清理。\n"
)


def test_a_back_to_the_level_above_link_on_the_first_line_is_chrome() -> None:
    reply = parse_reply(_OPINION.format(top="返回上一级"))
    assert (reply.title, reply.proposers, str(reply.date)) == ("关于整治河道杂草的建议", ["周明远"], "2021-05-12")


def test_a_site_name_on_the_first_line_reads_as_before() -> None:
    # near miss: a government's name on top (the site's owner) reads as before
    reply = parse_reply(_OPINION.format(top="东湖区人民政府"))
    assert (reply.title, reply.proposers, str(reply.date)) == ("关于整治河道杂草的建议", ["周明远"], "2021-05-12")


_CO_OPINION = "市教育局:\n现就{who}关于增设城郊公交线路的建议,提出如下会办意见:\n一、线路现状\n我委已开通两条城郊线路。\n"


def test_a_deputy_before_the_unquoted_title_in_an_opinion_is_the_proposer() -> None:
    assert parse_reply(_CO_OPINION.format(who="市人大代表罗志成")).proposers == ["罗志成"]


@pytest.mark.parametrize(
    "who",
    [
        # near misses: a committee or a delegation is no deputy's name
        "市政协委员会",
        "市人大代表团",
    ],
)
def test_a_committee_before_the_unquoted_title_names_no_proposer(who: str) -> None:
    assert parse_reply(_CO_OPINION.format(who=who)).proposers == []


_OFFERED = (
    "关于省政协五次会议第1150288号提案的答复\n{salutation}\n省政协李光明委员提出的“关于加大水库移民后期扶持力度提案”收悉,"
    "经认真研究,{clause}\n一、在扶持资金的分配上,要把移民数量作为依据。\n二、在扶持资金的考核上,要把项目完成情况作为标准。\n"
)


def test_an_opinion_offered_to_a_unit_for_consideration_is_a_co_handlers() -> None:
    text = _OFFERED.format(salutation="省林业局:", clause="我办提出如下答复意见,供考虑。")
    assert parse_reply(text).kind == ReplyKind.CO_HANDLER_OPINION


@pytest.mark.parametrize(
    ("salutation", "clause"),
    [
        # near misses: the same words to a member, and a unit answered without an opinion offered
        ("李光明委员:", "我办提出如下答复意见,供考虑。"),
        ("省林业局:", "现答复如下。"),
    ],
)
def test_an_answer_without_an_opinion_offered_to_a_unit_is_a_reply(salutation: str, clause: str) -> None:
    assert parse_reply(_OFFERED.format(salutation=salutation, clause=clause)).kind == ReplyKind.REPLY


_LETTERHEAD = (
    "青山水库建设领导小组办公室\n{between}\n关于省政协五次会议\n第1150288号提案的答复\n李光明委员:\n"
    "您提出的“关于加大水库移民后期扶持力度提案”收悉,经认真研究,现答复如下。\n一、扶持资金按移民数量分配。\n"
    "二、扶持资金按项目完成情况考核。\n2017年6月7日\n"
)


def test_a_declared_result_between_the_letterhead_and_the_title_keeps_the_letterhead() -> None:
    reply = parse_reply(_LETTERHEAD.format(between="办理结果:B"))
    assert (reply.handler, reply.declared_result) == ("青山水库建设领导小组办公室", "B")


def test_another_line_between_the_letterhead_and_the_title_hides_it_as_before() -> None:
    # near miss: a line that is no declared result (办理结果 with a word, not a class) still stands between them
    assert parse_reply(_LETTERHEAD.format(between="办理结果:好")).handler is None


_AS_WE = (
    "赵青代表:\n您提出的《关于保护高原牦牛种质资源的建议》收悉。经商财政部,现答复如下:\n一、资源保护\n"
    "我部已启动牦牛遗传资源普查。{sentence}\n二、产业发展\n各地持续推进牦牛标准化养殖。\n"
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("下一步,畜牧兽医部将加快推进资源普查。", "畜牧兽医部"),
        ("畜牧兽医部作为新组建部门,着力加强种业管理。", "畜牧兽医部"),
        # near misses: the unit consulted, and a unit that only helps, name no answering unit
        ("下一步,财政部将加快下达资金。", None),
        ("省财政厅将积极配合落实资金。", None),
    ],
)
def test_a_ministry_named_where_it_says_what_it_will_do(sentence: str, expected: str | None) -> None:
    assert parse_reply(_AS_WE.format(sentence=sentence)).handler == expected


_PAGE = (
    "发布机构:\n\n东湖区城管局\n\n公开范围:\n\n{above}\n\n对区人大三次会议第112号建议的答复\n\n孙丽代表:\n\n"
    "您提出的《关于整治背街小巷的建议》已收悉,现答复如下:\n\n我局已完成十二条背街小巷的整治。\n"
)


def test_open_to_the_public_above_the_title_is_no_letterhead() -> None:
    assert parse_reply(_PAGE.format(above="面向社会")).handler != "面向社会"


def test_a_federation_above_the_title_is_still_the_letterhead() -> None:
    # near miss: a unit ending in 会 (工会, 联合会) is still read
    assert parse_reply(_PAGE.format(above="东湖区总工会")).handler == "东湖区总工会"


_GLUED = (
    "对市人大二次会议第JY20230417号建议的答复\n发布日期:2023-09-28 15:37:13 {source}"
    "您提出的关于发展夜间经济的建议已收悉,非常感谢您对商务工作的关注,我局{studied}认真研究,现答复如下:\n"
    "一、工作开展情况\n一是打造夜间消费场景。\n东湖市商务局\n2023年9月28日\n"
)


@pytest.mark.parametrize("source", ["文章来源:东湖市商务局", "文章来源:东湖市商务局\n"])
def test_an_opening_glued_to_the_pages_source_is_read(source: str) -> None:
    # (the second, the source on a line of its own, read as before)
    assert parse_reply(_GLUED.format(source=source, studied="")).title == "关于发展夜间经济的建议"


@pytest.mark.parametrize(
    ("studied", "expected"),
    [
        ("与会办单位市发改委、市公安局", ["市发改委", "市公安局"]),
        # near misses: the units before their word read as before, and a word with no unit after it names none
        ("与市发改委、市公安局等会办单位", ["市发改委", "市公安局"]),
        ("与会办单位", []),
    ],
)
def test_units_after_the_word_for_co_handlers(studied: str, expected: list[str]) -> None:
    text = _GLUED.format(source="文章来源:东湖市商务局\n", studied=studied)
    assert parse_reply(text).co_handlers == expected


_BYLINE = (
    "东川市水利局对市人大五次会议第19号建议答复的函\n{byline}\n\n李华代表:\n\n"
    "您提出的《关于整治山坪塘的建议》收悉,我局高度重视,现答复如下:\n\n一、我局整治了山坪塘四十口。\n"
)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("2024-04-16 15:55   东川市水利局 审核人:", "2024-04-16"),
        ("2024-04-16 15:55 东川市水利局", "2024-04-16"),
        # near miss: a clock and no unit after it (an author's name) gives no date
        ("2024-04-16 15:55 作者佚名", "None"),
    ],
)
def test_a_byline_with_a_clock_and_the_posting_unit_gives_the_date(byline: str, expected: str) -> None:
    assert str(parse_reply(_BYLINE.format(byline=byline)).date) == expected


_MIRROR = (
    "對(duì)麒麟?yún)^(qū)人大一次會(huì)議第12號(hào)建議的答復(fù)\n王紅代表:\n"
    "您提出的《關(guān)于{title}的建議》收悉,現(xiàn)答復(fù)如下:\n一、我局已修訂管理辦法。\n"
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("修訂煙花爆竹管理?xiàng)l例", "關于修訂煙花爆竹管理條例的建議"),
        ("在麒麟?yún)^(qū)增設(shè)公交站", "關于在麒麟區增設公交站的建議"),
        # near miss: the pinyin after a whole character is dropped as before
        ("增設(shè)公交站", "關于增設公交站的建議"),
    ],
)
def test_a_pinyin_mirrors_broken_characters_are_mended(title: str, expected: str) -> None:
    assert parse_reply(_MIRROR.format(title=title)).title == expected


def test_a_pinyin_mirrors_broken_characters_in_the_body_stay_as_printed() -> None:
    text = _MIRROR.format(title="增設(shè)公交站").replace("我局已修訂管理辦法。", "我局已將其納入?yún)^(qū)級項目。")
    assert "區級項目" not in " ".join(s.text for s in parse_reply(text).suggestions)


_NUMBERED = "{title_line}\n王红代表:\n您提出的《关于完善老年人急救措施的建议》收悉,现答复如下:\n一、我委已开通绿色通道。\n"


@pytest.mark.parametrize(
    ("title_line", "expected"),
    [
        ("对区九届人大一次会议代表建议31号《关于完善老年人急救措施的建议》的答复", "31号"),
        ("对区九届人大一次会议建议31号的答复", "31号"),
        # near miss: a number after 建议 followed by neither a title nor the reply's words is none
        ("关于落实建议31号文件的答复", None),
    ],
)
def test_a_number_after_the_proposals_kind(title_line: str, expected: str | None) -> None:
    assert parse_reply(_NUMBERED.format(title_line=title_line)).proposal_no == expected
