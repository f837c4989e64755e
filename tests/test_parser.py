"""The reply parser on the seed reply and on each trap a real reply sets for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.errors import ParseError
from cppcc_review.store.model import Reply, ReplyKind
from cppcc_review.store.reading.parser import build_suggestion, parse_reply, reply_id

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "000_c6de6327335c32eb.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Reply:
    return parse_reply(seed_text)


def test_seed_header_fields(seed: Reply) -> None:
    assert seed.doc_no == "沪科提复〔2025〕56号"
    assert seed.proposers == ["九三学社界别"]
    assert seed.title == "关于以科技创新策源引领产业高端发展的提案"
    assert seed.handler == "上海市科学技术委员会"
    assert seed.date == "2025-07-10"
    assert seed.co_handlers == ["市教委", "市国资委", "市人才局"]
    assert seed.kind is ReplyKind.REPLY
    assert seed.declared_result is None  # the seed declares no class; AI4S is no label
    assert seed.contacts == {}


def test_seed_salutation_opening_closing_as_written(seed: Reply) -> None:
    assert seed.salutation == "九三学社界别:"
    assert seed.opening is not None and seed.opening.startswith("你们提出的“关于以科技创新")
    assert seed.closing == "感谢对上海科技工作的关心和支持!"


def test_seed_three_suggestions_with_headings(seed: Reply) -> None:
    assert [s.heading for s in seed.suggestions] == [
        "关于加快人工智能赋能,建强产业高端引领主阵地",
        "关于强化企业主体地位,壮大产业创新发展主力军",
        "关于激发人才创新活力,畅通科技成果转化主动脉",
    ]
    assert [s.index for s in seed.suggestions] == [1, 2, 3]


def test_seed_commitments(seed: Reply) -> None:
    second, third = seed.suggestions[1], seed.suggestions[2]
    assert len(second.commitments) == 4
    assert [c[:2] for c in second.commitments] == ["一是", "二是", "三是", "四是"]
    assert second.commitments[0].startswith("一是完善顶层设计与协同机制。")
    assert len(third.commitments) == 2
    assert seed.suggestions[0].commitments == []


def test_seed_figures_are_quantities_not_years_or_acronyms(seed: Reply) -> None:
    figures = seed.suggestions[2].figures
    for expected in ("216项", "11亿元", "153家", "5200.73亿元", "7.2%"):
        assert expected in figures
    assert "2024年" not in figures
    assert seed.suggestions[0].figures == []  # "AI4S" and "2025年" are not figures


def test_seed_preamble_is_no_suggestion_and_ranges_cover_sections(seed: Reply) -> None:
    first = seed.suggestions[0]
    assert seed.lines[first.start] == "一、关于加快人工智能赋能,建强产业高端引领主阵地"
    assert "习近平总书记指出" not in first.text  # the context paragraph before 一、
    assert [(s.start, s.end) for s in seed.suggestions] == [(5, 8), (8, 15), (15, 20)]
    assert seed.lines[seed.suggestions[-1].end] == seed.closing  # the thanks are not body


def test_seed_lines_drop_bar_lines_and_text_is_kept(seed: Reply, seed_text: str) -> None:
    assert "|" not in seed.lines
    assert seed.lines[0] == "沪科提复〔2025〕56号"
    assert seed.text == seed_text


def test_build_suggestion_reproduces_the_parse(seed: Reply) -> None:
    for s in seed.suggestions:
        assert build_suggestion(seed.lines, s.start, s.end, s.index) == s


def test_build_suggestion_after_a_split_at_an_item(seed: Reply) -> None:
    # A reviewer splits suggestion 2 before "三是": both parts keep their items.
    second = seed.suggestions[1]
    at = next(i for i in range(second.start, second.end) if seed.lines[i].startswith("三是"))
    left = build_suggestion(seed.lines, second.start, at, 2)
    right = build_suggestion(seed.lines, at, second.end, 3)
    assert [c[:2] for c in left.commitments] == ["一是", "二是"]
    assert right.heading is None  # 三是 opens a list that goes on with 四是
    assert [c[:2] for c in right.commitments] == ["三是", "四是"]
    # Split again before "四是": a lone item's first clause is the part's heading.
    last = build_suggestion(seed.lines, at + 1, second.end, 4)
    assert last.heading == "聚焦提升国有企业创新能力"
    assert last.text.startswith("配合市国资委")


def test_reply_id_follows_the_contract(seed: Reply) -> None:
    import hashlib

    expected = hashlib.sha256("doc:沪科提复〔2025〕56号|上海市科学技术委员会".encode()).hexdigest()[:12]
    assert reply_id(seed) == expected
    without = Reply(text="x")
    assert reply_id(without) == hashlib.sha256(("text:" + without.content_hash).encode()).hexdigest()[:12]


@pytest.mark.parametrize("text", ["", "   \n\n\t", "\ufeff", "|\n|\n  |  \n"])
def test_empty_text_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError):
        parse_reply(text)


def test_random_prose_is_not_a_reply() -> None:
    with pytest.raises(ParseError, match="no reply found"):
        parse_reply("今天天气很好,我们去公园散步。\n晚上吃了饺子。")
