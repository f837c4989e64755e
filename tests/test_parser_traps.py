"""One small test per trap from domain.md "Traps for a parser"."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.errors import ParseError
from cppcc_review.store.reading.dates import date_line, find_date
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.textclean import fold

SEED = (Path(__file__).resolve().parent.parent / "fixtures" / "000_c6de6327335c32eb.txt").read_text(
    encoding="utf-8"
)


def reply(*body: str, header: str = "沪科提复〔2025〕56号", salutation: str = "王明委员:") -> str:
    """A minimal reply around `body` lines."""
    return "\n".join(
        [
            header,
            salutation,
            "您提出的“关于加强社区停车管理的提案”收悉,现答复如下:",
            *body,
            "感谢您对我们工作的关心和支持!",
            "上海市交通委员会",
            "2024年6月12日",
        ]
    )


def test_dash_one_inside_names_is_no_section() -> None:
    text = reply(
        "一、关于推动中国一东盟信息港建设",
        "2023年建成中国",
        "一东盟跨境数据通道2条。",
        "二、关于培育跨境电商",
        "已设立试验区3个。",
    )
    parsed = parse_reply(text)
    assert [s.heading for s in parsed.suggestions] == ["关于推动中国一东盟信息港建设", "关于培育跨境电商"]
    assert "一东盟跨境数据通道2条。" in parsed.suggestions[0].text


def test_out_of_sequence_numbers_are_text_not_sections() -> None:
    parsed = parse_reply(reply("一、关于停车", "三、五年来的数据表明车位缺口较大。", "二、关于收费", "已调整。"))
    assert [s.heading for s in parsed.suggestions] == ["关于停车", "关于收费"]


def test_yishi_after_a_character_is_no_item() -> None:
    parsed = parse_reply(reply("一、关于电梯", "低层住户意见不一是主要原因,统一是关键。下一步,一是试点;二是推广。"))
    assert parsed.suggestions[0].commitments == ["一是试点", "二是推广。"]


@pytest.mark.parametrize(
    "line",
    [
        "注:A类表示已经解决,B类表示正在解决,C类表示留作参考。",
        "A类:所提问题已经解决或基本解决",
        "类别:提案",
        "主题分类:AI4S",
    ],
)
def test_letters_and_document_types_are_not_result_labels(line: str) -> None:
    text = reply("一、关于停车", "已完成。").replace("上海市交通委员会", line + "\n上海市交通委员会")
    assert parse_reply(line + "\n" + text).declared_result is None


def test_acronyms_in_the_body_are_not_labels() -> None:
    assert parse_reply(SEED).declared_result is None  # the seed writes AI4S, AI4E


@pytest.mark.parametrize(
    ("label", "expected"),
    [("办理结果:A", "A"), ("办复类别：B类", "B类"), ("办理结果:解决采纳", "解决采纳"), ("答复类别:留作参考", "留作参考"), ("办理结果：Ｃ", "Ｃ")],
)
def test_real_label_lines_are_read_as_written(label: str, expected: str) -> None:
    assert parse_reply(label + "\n" + reply("一、关于停车", "已完成。")).declared_result == expected


def test_page_chrome_and_bar_lines_are_dropped() -> None:
    text = "首页 > 政务公开 > 提案办理\n【加大字体】【减小字体】【打印】【关闭】\n首页\n正文\n|\n  |  \n　\n" + SEED + "\n打印\n关闭\n"
    parsed = parse_reply(text)
    assert parsed.lines == parse_reply(SEED).lines
    assert parsed.handler == "上海市科学技术委员会"


def test_crlf_and_bom_give_the_same_parse_and_a_normalised_text() -> None:
    plain = parse_reply(SEED)
    for variant in (SEED.replace("\n", "\r\n"), "\ufeff" + SEED, "\ufeff" + SEED.replace("\n", "\r\n")):
        parsed = parse_reply(variant)
        assert parsed.parse_view() == plain.parse_view()
        assert parsed.text == SEED
        assert parsed.lines == plain.lines


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("二〇二四年六月二十七日", "2024-06-27"),
        ("二00七年三月五日", "2007-03-05"),
        ("二○二三年十二月三十一日", "2023-12-31"),
        ("二ＯＯ九年十月一日", "2009-10-01"),
        ("2021-10-08", "2021-10-08"),
        ("2025年7月10日", "2025-07-10"),
        ("２０２４年１月５日", "2024-01-05"),
        ("二〇二四年二月三十日", None),  # not on the calendar
    ],
)
def test_signature_dates_in_every_notation(written: str, iso: str | None) -> None:
    assert date_line(fold(written)) == iso
    text = reply("一、关于停车", "已完成。").replace("2024年6月12日", written)
    assert parse_reply(text).date == iso


def test_two_dates_prefer_the_signature_date() -> None:
    text = "发布时间:2024-08-02 来源:市交通委\n" + reply("一、关于停车", "2024年3月1日起施行新规定。")
    assert parse_reply(text).date == "2024-06-12"


def test_header_date_is_used_when_there_is_no_signature_date() -> None:
    text = "发布时间:2024-08-02\n" + reply("一、关于停车", "已完成。").replace("\n2024年6月12日", "")
    assert parse_reply(text).date == "2024-08-02"


def test_signer_and_date_on_one_line() -> None:
    text = reply("一、关于停车", "已完成。").replace("上海市交通委员会\n2024年6月12日", "上海市交通委员会  2024年6月12日")
    parsed = parse_reply(text)
    assert (parsed.handler, parsed.date) == ("上海市交通委员会", "2024-06-12")


def test_traditional_characters_are_kept_as_written() -> None:
    text = reply("一、關於加強停車管理", "我委已會同市財政局完成改造。", salutation="林志明委員:").replace(
        "感谢您对我们工作的关心和支持!", "感謝您對我們工作的關心和支持!"
    )
    parsed = parse_reply(text)
    assert parsed.proposers == ["林志明"]
    assert parsed.salutation == "林志明委員:"
    assert parsed.suggestions[0].heading == "關於加強停車管理"
    assert parsed.closing == "感謝您對我們工作的關心和支持!"


def test_mixed_width_punctuation() -> None:
    full = reply("一、关于停车", "已完成。", salutation="九三学社界别：").replace(":", "：")
    assert parse_reply(full).proposers == ["九三学社界别"]
    assert parse_reply(full).title == "关于加强社区停车管理的提案"


@pytest.mark.parametrize("header", ["京民提复【2024】37号", "穗建复[2023]45号", "苏教提(2022)12号", "沪科提复〔2025〕56号"])
def test_doc_numbers_in_every_bracket(header: str) -> None:
    assert parse_reply(reply("一、关于停车", "已完成。", header=header)).doc_no == header


def test_doc_numbers_cited_in_the_body_are_not_the_reply_s() -> None:
    text = reply("一、关于停车", "根据《关于加强停车管理的意见》(沪府发〔2023〕5号),已完成。", header="办理结果:A")
    assert parse_reply(text).doc_no is None


def test_a_doc_number_with_di_is_not_the_proposal_number() -> None:
    parsed = parse_reply(reply("一、关于停车", "已完成。", header="苏教提(2022)第12号"))
    assert parsed.doc_no == "苏教提(2022)第12号"
    assert parsed.proposal_no is None


@pytest.mark.parametrize(
    ("salutation", "proposers"),
    [
        ("九三学社界别:", ["九三学社界别"]),
        ("马青、周丽等委员:", ["马青", "周丽"]),
        ("王建国代表:", ["王建国"]),
        ("XX代表:", ["XX"]),
        ("委员:", []),
        ("尊敬的张华委员、李明委员:", ["张华", "李明"]),
        ("致公党市委:", ["致公党市委"]),
    ],
)
def test_proposers_from_the_salutation(salutation: str, proposers: list[str]) -> None:
    assert parse_reply(reply("一、关于停车", "已完成。", salutation=salutation)).proposers == proposers


def test_a_proposal_page_is_not_a_reply() -> None:
    proposal = "案由:关于加强社区停车管理的提案\n提案人:王明\n建议:\n一、增加泊位。\n二、规范收费。\n"
    with pytest.raises(ParseError, match="proposal"):
        parse_reply(proposal)


def test_second_level_is_promoted_when_there_are_no_sections() -> None:
    parsed = parse_reply(reply("（一）关于停车设施", "已新建36处。", "（二）关于收费", "已调整。"))
    assert [s.heading for s in parsed.suggestions] == ["关于停车设施", "关于收费"]


def test_no_sections_gives_one_suggestion_without_heading() -> None:
    parsed = parse_reply(reply("我委高度重视,已新建停车场36处。", "下一步将继续推进。"))
    assert len(parsed.suggestions) == 1
    only = parsed.suggestions[0]
    assert only.heading is None and only.text == "我委高度重视,已新建停车场36处。\n下一步将继续推进。"
    assert only.figures == ["36处"]


def test_metadata_printed_twice_is_read_once() -> None:
    block = "办理结果:A\n签发人:陈立群\n"
    parsed = parse_reply(block + block + reply("一、关于停车", "已完成。"))
    assert parsed.declared_result == "A" and parsed.contacts == {"签发人": "陈立群"}


def test_contacts_in_brackets_and_on_one_line() -> None:
    text = reply("一、关于停车", "已完成。") + "\n（联系人：王敏，联系电话：138****5701）\n抄送:市政协提案委员会"
    assert parse_reply(text).contacts == {"联系人": "王敏", "联系电话": "138****5701", "抄送": "市政协提案委员会"}


def test_figures_keep_quantities_and_leave_out_years_dates_and_phones() -> None:
    parsed = parse_reply(reply("一、关于停车", "2024年7月新增泊位2.6万个,投资5200.73亿元,增长7.2%,电话138****5701,AI4S,第3批。"))
    assert parsed.suggestions[0].figures == ["2.6万个", "5200.73亿元", "7.2%"]


def test_find_date_skips_impossible_dates() -> None:
    assert find_date("2024年13月1日,2024年2月29日") == "2024-02-29"


def test_a_doc_no_quoted_after_guanyu_or_de_is_not_the_replys() -> None:
    """"关于〔2024〕8号文件…" / "市政府的〔2024〕3号通知" quote another document: a reply
    without a 文号 of its own gets none, and one with its own keeps it."""
    quoting = reply("一、关于停车。已完成。", header="关于〔2024〕8号文件精神的落实情况")
    assert parse_reply(quoting).doc_no is None
    assert parse_reply(reply("一、关于停车。已完成。", header="市政府的〔2024〕3号通知")).doc_no is None
    own = reply("一、关于停车。已完成。", header="沪交提复〔2025〕9号 关于〔2024〕8号文件的落实")
    assert parse_reply(own).doc_no == "沪交提复〔2025〕9号"


def test_a_doc_no_whose_serial_is_a_word_is_read_with_its_class() -> None:
    """One county numbers its replies by a word, not a number ("…〔2019〕来信号B类"); the
    文号 is still the reply's, and the class glued to it is still read."""
    parsed = parse_reply(reply("一、关于停车。已完成。", header="湘教提复字〔2019〕来信号B类"))
    assert parsed.doc_no == "湘教提复字〔2019〕来信号"
    assert parsed.declared_result == "B类"  # read as written
    # A year in brackets followed by a date's word is not a 文号.
    assert parse_reply(reply("一、关于停车。已完成。", header="见〔2019〕年号召")).doc_no is None


@pytest.mark.parametrize(
    ("line", "figures"),
    [
        # 周岁 is an age and 周年 an anniversary (like "80岁" and "2024年", not figures);
        ("全区80周岁以上老人1.2万名已按月领取高龄津贴。", ["1.2万名"]),
        ("今年是敬老院建成30周年,院内新增床位120张。", ["120张"]),
        # 年级 is a grade and 年代 a decade;
        ("为3年级以上学生开设托管班42个。", ["42个"]),
        ("上世纪90年代建成的老旧小区还有64个。", ["64个"]),
        # "12部门" counts departments: the unit is 部门, not 部 (lifts, films).
        ("市民政局会同12部门联合印发方案,加装电梯8部。", ["12部门", "8部"]),
        # Kept: a duration in weeks and years, one visit a week whatever follows 次.
        ("服务期限最长3年,每2周走访一次,每周1次日常巡查。", ["3年", "2周", "1次"]),
    ],
    ids=["zhousui", "zhounian", "nianji", "niandai", "bumen", "kept"],
)
def test_a_unit_followed_by_a_word_that_changes_its_sense_is_no_figure(line: str, figures: list[str]) -> None:
    parsed = parse_reply(reply("一、关于养老服务", line))
    assert parsed.suggestions[0].figures == figures


def test_an_item_number_glued_to_a_year_is_no_figure() -> None:
    """"1.2026年遴选…" is item 1 then the year 2026, not 1.2026 years; "1.5年" stays a
    duration."""
    parsed = parse_reply(
        reply("一、关于示范点建设", "1.2026年遴选社区示范点15个;", "2.补贴期限由1年延长至1.5年;", "３．２０２７年再建８个。")
    )
    assert [f for s in parsed.suggestions for f in s.figures] == ["15个", "1年", "1.5年", "８个"]


def cohandler_letter(opening: str, *body: str) -> str:
    return "\n".join(
        ["青禾医保提复〔2026〕12号", "王明委员:", opening, *body, "感谢您对医疗保障工作的支持!", "青禾市医疗保障局", "2026年6月12日"]
    )


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # In the opening: the list ran on to 进行 and took 再次 / 联合 into the last unit.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市卫生健康委、市人社局再次进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市卫生健康委", "市人社局"],
        ),
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市交通运输局、区城管委联合开展了实地调研,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市交通运输局", "区城管委"],
        ),
        # In the body's first paragraph ("会同X办理/研究" only): the last unit was lost.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉,现答复如下:", "我局会同市卫生健康委、市人社局再次进行了研究。目前已扩面至全市。"),
            ["市卫生健康委", "市人社局"],
        ),
        # 委 inside a name is no end of it: 市委组织部 stays whole.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市委组织部、市人社局认真进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市委组织部", "市人社局"],
        ),
    ],
    ids=["zaici", "lianhe", "body_first_paragraph", "wei_inside_a_name"],
)
def test_a_co_handler_ends_at_its_unit_word_before_an_adverb_or_verb(text: str, units: list[str]) -> None:
    assert parse_reply(text).co_handlers == units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # 研究 ends the list only as a verb: 研究室 / 研究院 / 研究中心 are a unit's own name.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市政府研究室、市人社局进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市政府研究室", "市人社局"],
        ),
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉,现答复如下:", "我局会同市老龄政策研究中心、市民政局认真研究。目前已扩面至全市。"),
            ["市老龄政策研究中心", "市民政局"],
        ),
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。经与市卫生经济研究院共同研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市卫生经济研究院"],
        ),
        # 就 ends it only as "about": 就业 starts a unit's name.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市人社局就业服务中心、市财政局共同研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市人社局就业服务中心", "市财政局"],
        ),
        # Kept: 就 and 研究 as words of the clause still end the list.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市财政局就您的提案进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市财政局"],
        ),
    ],
    ids=["yanjiushi", "yanjiu_zhongxin_body", "yanjiuyuan_jingyu", "jiuye", "kept"],
)
def test_a_co_handlers_own_name_may_hold_yanjiu_or_jiu(text: str, units: list[str]) -> None:
    assert parse_reply(text).co_handlers == units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # 与 / 和 after a unit's name join two units.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市发展改革委与市财政局进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市发展改革委", "市财政局"],
        ),
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市民政局、市卫生健康委和市残联共同研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市民政局", "市卫生健康委", "市残联"],
        ),
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。经与市财政局和市税务局共同研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市财政局", "市税务局"],
        ),
        # 和 inside a name (住房和城乡建设局, 人力资源和社会保障局) joins nothing.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市住房和城乡建设局、市人力资源和社会保障局进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市住房和城乡建设局", "市人力资源和社会保障局"],
        ),
        # Nor after a unit's word when a place's name starts with it (和平区: 市公安局和平分局).
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市公安局和平分局、市民政局进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市公安局和平分局", "市民政局"],
        ),
        # 与 before a person ("与您") is "with", not a second unit.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市财政局与您进行了电话沟通,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市财政局"],
        ),
    ],
    ids=["yu", "he_last", "he_jingyu", "he_inside_names", "heping_branch", "yu_nin"],
)
def test_yu_and_he_after_a_unit_join_two_co_handlers(text: str, units: list[str]) -> None:
    assert parse_reply(text).co_handlers == units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # A people's organisation's short name (残联, 科协, 工商联…) ends a unit's name like 局 does.
        (
            cohandler_letter("您提出的“关于无障碍出行的提案”收悉。经与市残联共同研究,现答复如下:", "一、关于公交", "已改造。"),
            ["市残联"],
        ),
        (
            cohandler_letter("您提出的“关于科普场馆的提案”收悉。经与市科协、市教育局共同研究,现答复如下:", "一、关于场馆", "已开放。"),
            ["市科协", "市教育局"],
        ),
        (
            cohandler_letter("您提出的“关于小微企业的提案”收悉。经市工商联、市侨联会办,现答复如下:", "一、关于融资", "已落实。"),
            ["市工商联", "市侨联"],
        ),
        # ...also before an adverb, which no longer runs into the name, and before 与 / 和.
        (
            cohandler_letter("您提出的“关于妇女就业的提案”收悉。我局会同市妇联再次进行了研究,现答复如下:", "一、关于培训", "已开班。"),
            ["市妇联"],
        ),
        (
            cohandler_letter("您提出的“关于无障碍出行的提案”收悉。我局会同市残联与市民政局进行了研究,现答复如下:", "一、关于公交", "已改造。"),
            ["市残联", "市民政局"],
        ),
        # In a body's first paragraph, where only names that end like a unit count.
        (
            cohandler_letter("您提出的“关于文艺惠民的提案”收悉,现答复如下:", "我局会同市文联、市作协共同研究。目前已开展送戏下乡。"),
            ["市文联", "市作协"],
        ),
        # Kept: 协 of 协和医院 is no federation, so 和 there joins nothing.
        (
            cohandler_letter("您提出的“关于长期护理保险的提案”收悉。我局会同市协和医院、市卫生健康委进行了研究,现答复如下:", "一、关于扩面", "已扩面。"),
            ["市协和医院", "市卫生健康委"],
        ),
    ],
    ids=["canlian_jingyu", "kexie_list", "gongshanglian_huiban", "fulian_zaici", "canlian_yu", "body_wenlian_zuoxie", "xiehe_hospital_kept"],
)
def test_a_peoples_organisation_is_a_co_handler(text: str, units: list[str]) -> None:
    assert parse_reply(text).co_handlers == units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # 对口 / 对外 inside a unit's name do not end the list of 会同.
        (
            cohandler_letter("您提出的“关于东西部协作的提案”收悉。我局会同市政府对口支援办、市财政局进行了研究,现答复如下:", "一、关于协作", "已落实。"),
            ["市政府对口支援办", "市财政局"],
        ),
        (
            cohandler_letter("您提出的“关于友好城市的提案”收悉。我局会同青禾市对外友好协会共同研究,现答复如下:", "一、关于交流", "已落实。"),
            ["青禾市对外友好协会"],
        ),
        # Kept: 对 as a verb after a unit ends it at the unit's word.
        (
            cohandler_letter("您提出的“关于养老服务的提案”收悉。我局会同市民政局对此高度重视,进行了专题研究,现答复如下:", "一、关于养老", "已落实。"),
            ["市民政局"],
        ),
        # ...and so does 对外 when no unit's name follows it ("对外发布": to the public).
        (
            cohandler_letter("您提出的“关于外贸企业的提案”收悉。我局会同市商务局对外发布了扶持政策,现答复如下:", "一、关于外贸", "已落实。"),
            ["市商务局"],
        ),
    ],
    ids=["duikou", "duiwai_name", "duici_kept", "duiwai_verb_kept"],
)
def test_dui_inside_a_co_handlers_name_does_not_end_it(text: str, units: list[str]) -> None:
    assert parse_reply(text).co_handlers == units


def field_letter(field: str) -> str:
    """A reply whose header holds a co-handler field ("协办单位:…")."""
    return "\n".join(
        ["青禾民政提复〔2026〕7号", field, "王明委员:", "您提出的“关于社区养老的提案”收悉,现答复如下:",
         "一、关于助餐", "已开设助餐点12个。", "感谢您对民政工作的支持!", "青禾市民政局", "2026年6月12日"]
    )


@pytest.mark.parametrize(
    ("field", "units"),
    [
        # Two units joined by 和 / 与 / 及 in a 协办单位 field are two co-handlers.
        ("协办单位:市卫生健康委和市财政局", ["市卫生健康委", "市财政局"]),
        ("会办单位:市人社局与市医保局", ["市人社局", "市医保局"]),
        ("协办单位:市教育局、市科技局及市科协", ["市教育局", "市科技局", "市科协"]),
        # Kept: 和 inside a unit's name (a street named 人和, 住房和城乡建设, the 和平 branch) joins nothing.
        ("协办单位:青禾区人和街道办事处", ["青禾区人和街道办事处"]),
        ("协办单位:市住房和城乡建设局、市公安局和平分局", ["市住房和城乡建设局", "市公安局和平分局"]),
        ("协办单位:市卫生健康委、市财政局", ["市卫生健康委", "市财政局"]),
    ],
    ids=["he", "yu", "ji_with_federation", "renhe_street_kept", "he_inside_names_kept", "dunhao_kept"],
)
def test_a_co_handler_field_splits_units_joined_by_he_yu_ji(field: str, units: list[str]) -> None:
    assert parse_reply(field_letter(field)).co_handlers == units
