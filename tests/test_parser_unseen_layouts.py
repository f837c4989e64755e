"""Layouts first seen in real-fresh-6 / real-fresh-7 (51 real replies, docs/parsing-real-replies.md):
three real replies were refused as "not a reply" and one one-line letter had no suggestion at all.
Fixtures 240-245 reproduce each trap in invented words (tests/test_fixtures.py checks their whole
parse); these tests name what a reviewer would notice, and each failed on the parser before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cppcc_review.samples import FIXTURES_DIR, fixture_files, fixture_text
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotAReplyError
from cppcc_review.store.importer import import_paths
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.reading.reply_title import is_title_line
from tests.helpers.cli import run_cli

NOT_REPLIES = sorted((FIXTURES_DIR / "not_replies").glob("*.txt"))


def fixture(prefix: str) -> Path:
    return next(p for p in fixture_files() if p.name.startswith(prefix))


def test_a_ministrys_fuwen_without_salutation_is_imported(tmp_path: Path, capsys) -> None:
    """“关于…的建议”复文(2024年第3318号): no salutation, no 收悉, the body answers at once."""
    with ReviewStore(tmp_path / "db") as store:
        summary = import_paths(store, [fixture("240")])
        assert not summary.failed
        reply = store.get_reply(summary.ids[0])
    assert reply.title == "关于扶持丘陵山区油茶低产林改造的建议"
    assert reply.proposal_no == "第3318号" and reply.date == "2024-10-15"
    assert len(reply.suggestions) == 1 and reply.suggestions[0].text.startswith("油茶是我国特有")
    assert "搜" not in reply.suggestions[0].text  # "搜 索", spaced-out page chrome, is no part of it
    code, out, _ = run_cli(capsys, "parse", fixture("240"))
    assert code == 0 and yaml.safe_load(out)["warnings"][-1] == "date_from_metadata"


def test_a_breadcrumb_ending_in_fuwen_is_no_reply_title() -> None:
    assert is_title_line("“关于扶持油茶的建议”复文(2024年第3318号)")
    assert not is_title_line("当前位置:首页 > 政府信息公开 > 建议提案复文 > 建议复文")
    with pytest.raises(NotAReplyError):
        parse_reply("首页 > 建议提案复文 > 建议复文\n" + "全省油茶种植面积持续扩大,产业链条不断延伸。" * 3)


def test_a_salutation_with_its_greeting_before_the_colon_answers_on_its_first_line() -> None:
    """"孟丽华代表您好:" then one line that names the suggestion and answers it."""
    reply = parse_reply(fixture_text(fixture("241")))
    assert reply.proposers == ["孟丽华"] and reply.handler == "城西交警大队"
    assert len(reply.suggestions) == 1
    assert "暂不增设" in reply.suggestions[0].text


def test_a_progress_report_is_read_as_a_reply_with_its_deputies() -> None:
    reply = parse_reply(fixture_text(fixture("242")))
    assert reply.proposers == ["赵守成", "钱丽君", "孙国栋"]
    assert reply.title == "关于改造石岭村小学旧址为村民活动中心建议"  # not the meeting's "…会议建议"
    assert reply.doc_no == "禾文体发[2024]77号" and reply.date == "2024-08-06"
    assert [s.figures for s in reply.suggestions] == [["45万元"]]


def test_a_one_line_letter_in_table_cells_answering_as_follows_with_a_full_stop() -> None:
    """"…收悉,现答复如下。 一、… 二、… 感谢…": the sections are the suggestions, the thanks is not."""
    reply = parse_reply(fixture_text(fixture("243")))
    assert len(reply.suggestions) == 2
    assert reply.suggestions[1].text == "我局已将12路延伸纳入2025年线网调整计划,新增站点3个。"
    assert reply.co_handlers == [] and reply.handler == "青川市交通运输局"


def test_a_traditional_outline_skips_its_basic_situation() -> None:
    reply = parse_reply(fixture_text(fixture("244")))
    assert [s.heading for s in reply.suggestions] == ["辦理工作進展情況"]
    assert "context_sections_skipped" in reply.parse_warnings


def test_yishi_items_that_restate_the_asks_as_sentences_are_two_suggestions() -> None:
    reply = parse_reply(fixture_text(fixture("245")))
    assert [s.heading for s in reply.suggestions] == ["关于建议在老城区增加健身设施的建议", "建议延长区体育馆开放时间的建议"]
    assert "split_by_items" in reply.parse_warnings


@pytest.mark.parametrize("path", NOT_REPLIES, ids=[p.stem for p in NOT_REPLIES])
def test_the_pages_that_are_not_replies_are_still_refused(path: Path) -> None:
    with pytest.raises(NotAReplyError):
        parse_reply(path.read_text(encoding="utf-8"))


# Header fields and tails real-fresh-6 / -7 showed misread (fixtures 246-254).


def test_a_doc_no_in_small_brackets_is_read() -> None:
    assert parse_reply(fixture_text(fixture("246"))).doc_no == "铜禾城管函﹝2024﹞215号"


def test_a_result_class_with_its_opening_bracket_lost_and_a_sub_class() -> None:
    assert parse_reply(fixture_text(fixture("247"))).declared_result == "A"
    assert parse_reply(fixture_text(fixture("248"))).declared_result == "B1类"


def test_the_de_before_a_bare_proposal_number_is_not_part_of_it() -> None:
    assert parse_reply(fixture_text(fixture("249"))).proposal_no == "68号"


def test_co_handlers_from_a_field_separated_by_spaces_and_from_zonghe() -> None:
    assert parse_reply(fixture_text(fixture("250"))).co_handlers == ["区文旅体局", "区教科局"]
    assert parse_reply(fixture_text(fixture("251"))).co_handlers == ["省财政厅", "省发展改革委", "省林业局"]


def test_a_signature_date_printed_twice_still_closes_the_letter() -> None:
    reply = parse_reply(fixture_text(fixture("252")))
    assert reply.handler == "禾溪市国资委" and "no_signer" not in reply.parse_warnings
    assert "2024年3月6日" not in reply.suggestions[-1].text


def test_leader_and_handler_labels_after_the_closing_are_contacts() -> None:
    reply = parse_reply(fixture_text(fixture("253")))
    assert reply.contacts == {"分管领导": "姜文", "承办人员": "吕海"}
    assert "姜文" not in reply.suggestions[-1].text and "感谢" not in reply.suggestions[-1].text


def test_an_unquoted_title_keeps_its_inner_quotation() -> None:
    assert parse_reply(fixture_text(fixture("254"))).title == "关于在禾阳建设“中医药文化传承示范市”的建议"


# Page furniture after the letter (fixtures 255-256).


def test_download_links_after_the_closing_are_chrome() -> None:
    reply = parse_reply(fixture_text(fixture("255")))
    assert "下载" not in reply.suggestions[-1].text and "感谢" not in reply.suggestions[-1].text
    assert "looks_truncated" not in reply.parse_warnings


def test_a_related_reading_list_after_the_letter_is_not_read_into_it() -> None:
    reply = parse_reply(fixture_text(fixture("256")))
    assert reply.suggestions[-1].text.endswith("组织申报。")


def test_a_related_reading_heading_at_the_top_of_a_short_page_cuts_nothing() -> None:
    letter = fixture_text(fixture("252"))
    reply = parse_reply("相关阅读:\n" + letter)
    assert reply.handler == "禾溪市国资委" and len(reply.suggestions) == 1


# Metadata in columns and a number after the title (fixtures 257-258).


def test_metadata_in_columns_without_colons_gives_the_unit_and_the_date() -> None:
    reply = parse_reply(fixture_text(fixture("257")))
    assert reply.handler == "禾西区综合行政执法局" and reply.date == "2024-09-12"
    assert "handler_from_metadata" in reply.parse_warnings


def test_a_bare_number_in_brackets_after_the_quoted_title_is_the_proposal_number() -> None:
    assert parse_reply(fixture_text(fixture("258"))).proposal_no == "2315号"
