"""Traps that real-fresh-75..-83 showed (p84), each in invented words, with near misses that must stay as they were.

- the lead unit folds the co-handlers' opinions into its own answer ("结合A、B的协办意见,答复如下",
  "并综合A、B和C的会办意见,现答复如下"): a reply to the member, not a co-handler's opinion, and the units named
  there (the last one joined by 和 and followed by 的) are its co-handlers.
"""

from __future__ import annotations

from cppcc_review.store.model import ReplyKind
from cppcc_review.store.reading.parser import parse_reply

_FOLDING_LETTER = (
    "禾川市林业局关于市政协八届二次会议第215号提案答复的函\n"
    "周清远委员:\n"
    "您提出的《关于加强城郊林地防火巡护的提案》收悉。我局认真研究,{opening},现答复如下:\n"
    "近年来,我市在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
    "感谢您对林业工作的关心和支持。\n"
    "禾川市林业局\n"
    "2024年6月12日\n"
)


def test_the_lead_unit_folding_co_handlers_opinions_writes_a_reply() -> None:
    reply = parse_reply(_FOLDING_LETTER.format(opening="并综合市应急局、市消防支队和市气象局的会办意见"))
    assert reply.kind is ReplyKind.REPLY
    assert reply.proposers == ["周清远"]
    assert reply.co_handlers == ["市应急局", "市消防支队", "市气象局"]


def test_folding_with_jiehe_names_the_co_handlers_too() -> None:
    reply = parse_reply(_FOLDING_LETTER.format(opening="结合禾东区政府、市城投公司的协办意见"))
    assert reply.kind is ReplyKind.REPLY
    assert reply.proposers == ["周清远"]
    assert reply.co_handlers == ["禾东区政府", "市城投公司"]


def test_a_co_handler_stating_its_own_opinion_stays_one() -> None:
    # near miss: the unit writes its own 会办意见 (nothing folded), to the lead unit
    text = (
        "禾川市气象局关于市政协八届二次会议第215号提案的会办意见\n"
        "市林业局:\n"
        "周清远委员提出的《关于加强城郊林地防火巡护的提案》收悉,结合我局职能提出会办意见如下:\n"
        "我局将在防火期每日发布森林火险等级预报。\n"
        "禾川市气象局\n"
        "2024年5月20日\n"
    )
    assert parse_reply(text).kind is ReplyKind.CO_HANDLER_OPINION


def test_a_co_handler_asking_the_lead_unit_to_fold_stays_one() -> None:
    # near miss: "请综合后一并答复" and "请结合…会办意见" are the co-handler's request
    text = (
        "市林业局:\n"
        "周清远委员提出的第215号提案收悉,现将我局办理情况函告如下,请结合市气象局的会办意见一并答复委员。\n"
        "我局将在防火期每日发布森林火险等级预报。\n"
        "禾川市气象局\n"
        "2024年5月20日\n"
    )
    assert parse_reply(text).kind is ReplyKind.CO_HANDLER_OPINION


_BULLETED_PAGE = (
    "政协提案办理答复\n"
    "- 索引号: hc/2024-00031\n"
    "- 发布机构: 禾川市林业局\n"
    "- 文号:\n"
    "- 发布日期: 2024-07-03\n"
    "- 时效性: 有效\n"
    "禾川市林业局对市政协八届二次会议第215号提案的答复\n"
    "周清远委员:\n"
    "您提出的《关于加强城郊林地防火巡护的提案》收悉,现答复如下:\n"
    "近年来,我市在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
    "感谢您对林业工作的关心和支持。\n"
    "{foot}"
)


def test_a_bulleted_field_with_colon_and_space_dates_an_undated_letter() -> None:
    # "- 发布日期: 2024-07-03": the bullet's label was kept with its colon, so no page field found it
    reply = parse_reply(_BULLETED_PAGE.format(foot=""))
    assert reply.date == "2024-07-03"
    assert "date_from_metadata" in reply.parse_warnings


def test_the_signature_date_still_wins_over_the_bulleted_field() -> None:
    # near miss: the letter's own date is the date
    reply = parse_reply(_BULLETED_PAGE.format(foot="禾川市林业局\n2024年6月20日\n"))
    assert reply.date == "2024-06-20"
    assert "date_from_metadata" not in reply.parse_warnings


def test_a_news_pages_column_line_gives_its_publication_time() -> None:
    # "栏目:通知公告 发布时间:…": the line's first label was unknown, so the line was no field line
    text = (
        "关于对市政协八届二次会议第215号提案的答复\n"
        "栏目:工作动态 发布时间:2024-07-09\n"
        "关于对市政协八届二次会议第215号提案的答复\n"
        "周清远委员:\n"
        "您提出的《关于加强城郊林地防火巡护的提案》收悉,现答复如下:\n"
        "近年来,我市在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
    )
    reply = parse_reply(text)
    assert reply.date == "2024-07-09"
    assert reply.proposers == ["周清远"]


def test_a_record_pages_answer_time_dates_the_letter() -> None:
    # "答复时间: 2025-03-14" beside "建议人" and "主办单位": the record's date of the answer, as 答复日期
    text = (
        "关于城郊林地防火巡护的提案的答复(林业局)\n"
        "禾川区政协九届二次会议\n"
        "建议人: 周清远\n"
        "主办单位: 禾川区林业局\n"
        "答复时间: 2025-03-14\n"
        "周清远委员:\n"
        "您提出的《关于加强城郊林地防火巡护的提案》收悉,现答复如下:\n"
        "近年来,我区在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
        "{foot}"
    )
    reply = parse_reply(text.format(foot=""))
    assert reply.date == "2025-03-14"
    assert "date_from_metadata" in reply.parse_warnings
    # near miss: the letter's own date is still the date
    assert parse_reply(text.format(foot="禾川区林业局\n2025年3月2日\n")).date == "2025-03-02"


_RECORD_ROWS = (
    "人大代表建议\n"
    "标题 关于城郊林地防火巡护的建议\n"
    "办理部门 县林业局 {state}\n"
    "签发人 吴立群 签发日期 2023-06-02 发布日期 2023-06-05 类别 B\n"
    "正文   周清远代表提出的《关于城郊林地防火巡护的建议》。\n"
    "回复\n"
    "近年来,我县在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
)


def test_a_record_rows_state_field_leaves_its_unit_read() -> None:
    # "办理部门 X局 处理状态 已办结": the row held one known label, so it was no row of fields
    reply = parse_reply(_RECORD_ROWS.format(state="处理状态 已办结"))
    assert reply.handler == "县林业局"
    assert reply.date == "2023-06-02"


def test_a_unit_and_an_unknown_word_stay_no_row() -> None:
    # near miss: a row with one known label and a word that is no label is still not read as fields
    reply = parse_reply(_RECORD_ROWS.format(state="经办人员 已办结"))
    assert reply.handler is None


_PARTY_GROUP_OPENING = (
    "发布机构: 禾川市林业局\n"
    "关于对市政协八届二次会议第215号提案的答复\n"
    "周清远委员:\n"
    "您提出的《关于加强城郊林地防火巡护的提案》收悉。{sentence}现答复如下:\n"
    "近年来,我市在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
)


def test_a_verb_before_the_units_party_group_is_no_unit() -> None:
    # "…于5月27日召开局党组会议研究": "日召开局" was read as the unit that opens the answer
    reply = parse_reply(_PARTY_GROUP_OPENING.format(sentence="我局于2024年5月27日召开局党组会议专题研究,"))
    assert reply.handler == "禾川市林业局"


def test_a_unit_named_before_its_party_group_still_answers() -> None:
    # near miss: "禾川市林业局党组高度重视" names the unit
    reply = parse_reply(_PARTY_GROUP_OPENING.format(sentence="禾川市林业草原局党组高度重视,").replace("发布机构: 禾川市林业局\n", ""))
    assert reply.handler == "禾川市林业草原局"


_CUT_AFTER_HEADING = (
    "尊敬的周清远委员:\n"
    "您提出的《关于加强城郊林地防火巡护的提案》已收悉,现答复如下:\n"
    "一、基本情况\n"
    "(一)瞭望塔。近年来,我区在城郊林地增设了36座瞭望塔。\n"
    "{last}\n"
)


def test_a_numbered_heading_where_the_page_was_cut_is_no_signer() -> None:
    # "(二)专业队" ends like a unit (队), but its number makes it a section's heading
    reply = parse_reply(_CUT_AFTER_HEADING.format(last="(二)专业队"))
    assert reply.handler is None
    assert "no_signer" in reply.parse_warnings


def test_a_unit_signing_under_the_sections_still_signs() -> None:
    # near miss: the unit's name alone, without a number, is the signer
    reply = parse_reply(_CUT_AFTER_HEADING.format(last="感谢您的关心和支持。\n禾川区林业局\n2024年6月12日"))
    assert reply.handler == "禾川区林业局"


_TOP_BUTTON_PAGE = (
    "{top}\n"
    "首页>政务公开>提案建议办理\n"
    "对市八届政协二次会议第215号提案的答复函\n"
    "发布时间:2024-07-09 10:12:31\n"
    "来源: 禾川市林业局\n"
    "周清远委员:\n"
    "您提出的《关于加强城郊林地防火巡护的提案》收悉,现答复如下:\n"
    "近年来,我市在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
)


def test_a_pages_top_button_is_no_letterhead() -> None:
    # "顶部" (the page's back-to-top button, 頂部 in traditional script) ends like a unit (部)
    for top in ("顶部", "頂部"):
        reply = parse_reply(_TOP_BUTTON_PAGE.format(top=top))
        assert reply.handler == "禾川市林业局", top


def test_a_letterhead_above_the_title_still_names_the_unit() -> None:
    # near miss: a unit's name in that place is the letterhead
    reply = parse_reply(_TOP_BUTTON_PAGE.format(top="顶部").replace("首页>政务公开>提案建议办理", "禾川市林草部"))
    assert reply.handler == "禾川市林草部"


_BARE_GROUPED_NUMBER = (
    "对禾川市第九届人民代表大会第二次 会议{number}建议的答复\n"
    "周清远代表:\n"
    "您提出的《关于加强城郊林地防火巡护的建议》收悉,现答复如下:\n"
    "近年来,我市在城郊林地增设了36座瞭望塔,护林员队伍扩大到410人。\n"
)


def test_a_bare_number_with_its_group_letter_and_year_is_read_whole() -> None:
    # "B(2024)078号建议" without 第: the group letter and the year were dropped ("078号")
    assert parse_reply(_BARE_GROUPED_NUMBER.format(number="B(2024)078号")).proposal_no == "B(2024)078号"


def test_a_bare_number_with_a_letter_alone_keeps_its_reading() -> None:
    # near miss: a letter without the year, and a number alone, read as before
    assert parse_reply(_BARE_GROUPED_NUMBER.format(number="B078号")).proposal_no == "B078号"
    assert parse_reply(_BARE_GROUPED_NUMBER.format(number="078号")).proposal_no == "078号"
