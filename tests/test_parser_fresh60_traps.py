"""Traps that real-fresh-60..-65 showed in the answering unit (p60), each in invented words, with near misses
that must stay as they were.

- a signer spaced out character by character under the closing ("农 林 部"), and a mirror site's spam put in
  the signer's place (a name with Latin letters: "彩票app");
- a title whose unit and 关于 stand on a line of their own above the rest ("禾川市交通运输局关于" / "市…的答复函");
- a letterhead under the title, below the class line ("类别:B" / "X局" / "签发人:Y");
- the printing line at the foot of a letter ("X局办公室 2023年6月5日印发"), the only place its unit is named;
- "已转交我县水务局研究办理": the unit the proposal was passed on to;
- a unit that writes of itself by its name with what only it says of its own work ("教育厅采取…", "出台了"),
  also a name holding 和 ("文化和旅游局") or ending in 研究室;
- a page whose metadata names only the government's office that publishes it ("来源:X县人民政府办公室"), where
  the answer names the unit speaking of itself.
"""

from __future__ import annotations

from cppcc_review.store.reading.parser import parse_reply

_CLOSING_LETTER = (
    "禾江县第七届政协第二次会议第31号提案的答复\n"
    "钱文委员:\n"
    "您提出的《关于加强山区护林员队伍建设的提案》收悉,现答复如下:\n"
    "近年来,我们通过增加护林员岗位、提高补助标准等方式加强山区护林工作,全县护林员已达到412名。\n"
    "感谢您对林业工作的关心和支持。\n"
    "{signer}\n"
    "2023年6月5日\n"
)


def test_a_signer_spaced_out_character_by_character_is_the_unit() -> None:
    reply = parse_reply(_CLOSING_LETTER.format(signer="农 林 部"))
    assert reply.handler == "农林部"
    assert "no_signer" not in reply.parse_warnings
    assert reply.date == "2023-06-05"


def test_two_units_signing_side_by_side_stay_two() -> None:
    reply = parse_reply(_CLOSING_LETTER.format(signer="禾江县林业局 禾江县财政局"))
    assert reply.handler == "禾江县林业局"
    assert reply.co_handlers == ["禾江县财政局"]


def test_a_mirror_sites_spam_in_the_signers_place_is_no_signer() -> None:
    reply = parse_reply(_CLOSING_LETTER.format(signer="彩票app"))
    assert reply.handler is None
    assert reply.date == "2023-06-05"


def test_a_loose_signer_in_chinese_stays_the_signer() -> None:
    reply = parse_reply(_CLOSING_LETTER.format(signer="禾江县林业"))
    assert reply.handler == "禾江县林业"


def test_the_titles_unit_and_its_guanyu_on_a_line_of_their_own() -> None:
    text = (
        "禾川市交通运输局关于\n"
        "市三届人大二次会议第0127号建议办理情况的答复函\n"
        "孔亮代表:\n"
        "你提出的《关于增开乡村客运班线的建议》(第0127号)收悉。现将办理情况答复如下。\n"
        "一、调整班线\n"
        "目前,全市已开通乡村客运班线86条,覆盖全部行政村,下一步将根据客流调整发车时间。\n"
    )
    reply = parse_reply(text)
    assert reply.handler == "禾川市交通运输局"


def test_a_title_half_above_the_title_names_no_unit() -> None:
    text = (
        "关于\n"
        "市三届人大二次会议第0127号建议办理情况的答复函\n"
        "孔亮代表:\n"
        "你提出的《关于增开乡村客运班线的建议》(第0127号)收悉。现将办理情况答复如下。\n"
        "目前,全市已开通乡村客运班线86条,覆盖全部行政村,下一步将根据客流调整发车时间。\n"
    )
    assert parse_reply(text).handler is None


def test_a_letterhead_under_the_title_below_its_class_line() -> None:
    text = (
        "关于政协禾山区第五届委员会第二次会议第8号提案的复函\n"
        "类别:B\n"
        "禾山区民政局\n"
        "签发人:方卫\n"
        "禾民函〔2024〕12号\n"
        "禾山区工商业联合会:\n"
        "贵单位提出的《关于完善社区养老服务站点的提案》(第8号)已收悉,现答复如下:\n"
        "一、站点建设\n"
        "全区已建成社区养老服务站23个,明年再建6个。\n"
    )
    reply = parse_reply(text)
    assert reply.handler == "禾山区民政局"
    assert reply.declared_result == "B"


def test_the_printing_line_at_the_foot_names_the_unit() -> None:
    text = (
        "答 复\n"
        "严华委员:\n"
        "您提出的《关于建设高标准茶园的提案》已收悉。现答复如下:\n"
        "目前我局已编制茶园提质改造规划,2024年起每年改造茶园5000亩。\n"
        "感谢您对茶产业的关心和支持。\n"
        "2023年6月5日\n"
        "承办人及联系电话:何清 7712345\n"
        "抄送:市政协提案委\n"
        "禾湘市林业局办公室 2023年6月5日印发\n"
    )
    reply = parse_reply(text)
    assert reply.handler == "禾湘市林业局"
    assert reply.date == "2023-06-05"


def test_the_unit_the_proposal_was_passed_on_to() -> None:
    text = (
        "关于县十届人大三次会议第19号建议的答复\n"
        "您在县十届人大三次会议上提出的第19号建议《关于修缮城南排水沟的建议》,已转交我县水务局研究办理。"
        "现将办理情况答复如下:\n"
        "城南排水沟修缮工程已列入今年计划,预计10月完工。\n"
    )
    reply = parse_reply(text)
    assert reply.handler == "水务局"


def test_a_ministry_writes_of_its_own_measures_by_name() -> None:
    text = (
        "卫提案〔2022〕第88号\n"
        "您提出的《关于加强基层医生培训的提案》收悉,现答复如下:\n"
        "基层医生是群众健康的守门人。卫生部采取多种措施加强基层医生培训,2021年3月,卫生部出台了《基层医生培训办法》。\n"
        "一、扩大培训规模\n"
        "每年培训基层医生5万人次。\n"
    )
    assert parse_reply(text).handler == "卫生部"


def test_a_unit_named_with_he_or_ending_in_yanjiushi_speaks_of_itself() -> None:
    text = (
        "您提出的《关于保护古盐井遗址的建议》收悉,现答复如下:\n"
        "古盐井遗址近年受到不同程度的损坏。县文化和旅游局深刻认识到问题的严重性,下步将做好以下工作。\n"
        "一是开展调查。二是编制保护规划。\n"
    )
    assert parse_reply(text).handler == "县文化和旅游局"
    text = (
        "您提出的《关于建设村史陈列室的建议》收悉,现答复如下:\n"
        "近年来,禾阳县委党史研究室深入挖掘村史资源,建立村史展示室5个。\n"
    )
    assert parse_reply(text).handler == "禾阳县委党史研究室"


def test_two_units_joined_by_he_name_no_unit() -> None:
    text = (
        "您提出的《关于保护古盐井遗址的建议》收悉,现答复如下:\n"
        "古盐井遗址近年受到不同程度的损坏。财政和税务局积极支持,下步将做好以下工作。\n"
    )
    # (a name holding 和 is read only as the 文化和旅游 of a unit's name)
    assert parse_reply(text).handler is None


_HOST_PAGE = (
    "关于县八届人大二次会议第42号建议的答复\n"
    "发布时间:2024-05-06 09:12 来源:禾林县人民政府办公室\n"
    "宋青代表:\n"
    "您提出的《关于修缮烈士陵园的建议》收悉,现答复如下:\n"
    "{answer}\n"
    "下一步,我局将继续做好烈士纪念设施的管护工作。\n"
)


def test_the_unit_speaking_of_itself_beats_the_governments_office_that_publishes() -> None:
    reply = parse_reply(_HOST_PAGE.format(answer="近年来,禾林县退役军人事务局一直致力于烈士纪念设施的提升改造。"))
    assert reply.handler == "禾林县退役军人事务局"


def test_the_governments_office_stays_when_no_unit_speaks_of_itself() -> None:
    reply = parse_reply(_HOST_PAGE.format(answer="近年来,全县烈士纪念设施得到提升改造。"))
    assert reply.handler == "禾林县人民政府办公室"


def test_units_after_jing_yu_listed_as_the_assisting_units() -> None:
    text = (
        "禾城市水利局关于市二届人大一次会议第0212号建议办理情况的答复函\n"
        "吕方代表:\n"
        "你提出的《关于加固城郊堤防的建议》(第0212号)收悉。经与市财政局、市农业农村委等协办单位共同办理,现答复如下:\n"
        "一、加固工程\n"
        "城郊堤防加固已列入明年计划。\n"
    )
    assert parse_reply(text).co_handlers == ["市财政局", "市农业农村委"]
