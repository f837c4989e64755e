"""Every bundled reply parses to its stored expected parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.samples import FIXTURES_DIR, expected_path, fixture_files, fixture_text, load_expected
from cppcc_review.store.model import Rating
from cppcc_review.store.reading.parser import build_suggestion, parse_reply

FILES = fixture_files()
_NOT_PARSED = ("encoding", "hand_rating")


def _strip(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k not in _NOT_PARSED}
    data["suggestions"] = [
        {k: v for k, v in s.items() if k not in _NOT_PARSED} for s in data["suggestions"]
    ]
    return data


def test_there_are_enough_fixtures_and_each_has_an_expected_parse() -> None:
    assert len(FILES) >= 13
    assert FILES[0].name == "000_c6de6327335c32eb.txt"
    for path in FILES:
        assert expected_path(path).is_file(), f"{path.name} has no expected YAML"
    assert all(p.parent == FIXTURES_DIR for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixture_parses_as_expected(path: Path) -> None:
    reply = parse_reply(fixture_text(path))
    view, expected = reply.parse_view(), _strip(load_expected(path))
    # Parse warnings are compared where the expectation lists them (fixtures written
    # before warnings existed have no `warnings:` key).
    if "warnings" not in expected:
        view.pop("warnings")
    assert view == expected


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_suggestion_has_a_valid_hand_rating(path: Path) -> None:
    for suggestion in load_expected(path)["suggestions"]:
        Rating(suggestion["hand_rating"])


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_ranges_rebuild_each_suggestion(path: Path) -> None:
    reply = parse_reply(fixture_text(path))
    for s in reply.suggestions:
        assert build_suggestion(reply.lines, s.start, s.end, s.index) == s


def test_encodings_on_disk_are_the_recorded_ones() -> None:
    raw = {p.name[:3]: p.read_bytes() for p in FILES}
    assert b"\r\n" in raw["007"]
    assert raw["010"].startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        raw["008"].decode("utf-8")
    assert load_expected(FILES[8])["encoding"] == "gbk"


def test_seed_fixture_is_the_shared_seed_byte_for_byte() -> None:
    shared = Path("/work/shared/seed/000_c6de6327335c32eb.txt")
    if not shared.exists():
        pytest.skip("shared seed not available on this machine")
    assert FILES[0].read_bytes() == shared.read_bytes()


def test_the_variants_are_covered() -> None:
    replies = {p.name[:3]: parse_reply(fixture_text(p)) for p in FILES}
    labels = {r.declared_result for r in replies.values()}
    assert {"A", "B类", "解决采纳", "留作参考"} <= labels
    kinds = {r.kind.value for r in replies.values()}
    assert kinds == {"reply", "co_handler_opinion", "follow_up"}
    assert any("签发人" in r.contacts for r in replies.values())
    assert any("抄送" in r.contacts for r in replies.values())
    assert any(r.doc_no and "【" in r.doc_no for r in replies.values())
    assert any(len(r.suggestions) == 1 and r.suggestions[0].heading is None for r in replies.values())
