"""The quality checks on fixture letters in our own words (tests/data/checks/NNN_*.txt), each
reproducing one trap real replies showed (issue 13, ninth round: real-fresh-9's false alarms and
misses). Each letter's expected findings (NNN_*.findings.yaml) were written by hand, from the
rubric and the checks' documented rules (docs/reading-aids.md), before the checks ran on it.

The letters are parsed by the real parser; every finding of every kind is compared, so a check
that fires where the expectation says nothing fails too. Why here and not in fixtures/: every
fixture there carries hand ratings and enters the suggested ratings' evaluation, which these
letters are not written for."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cppcc_review.store.aids.checks import OPT_IN_KINDS, check_reply
from cppcc_review.store.reading.parser import parse_reply

CHECKS_DATA = Path(__file__).resolve().parent / "data" / "checks"
LETTERS = sorted(CHECKS_DATA.glob("[0-9][0-9][0-9]_*.txt"))
TODAY = "2026-12-01"


def _expected(path: Path) -> list[tuple]:
    data = yaml.safe_load(path.with_suffix(".findings.yaml").read_text(encoding="utf-8"))
    return sorted((f["kind"], f["suggestion"], str(f["excerpt"]), f["severity"]) for f in data["findings"])


def test_the_check_letters_are_numbered_in_this_rounds_range() -> None:
    assert len(LETTERS) >= 11
    # 340-499, then 700-799 (500-699 are fixtures/ numbers: a letter's number names one file across the repository)
    assert all(340 <= int(p.name[:3]) <= 499 or 700 <= int(p.name[:3]) <= 799 for p in LETTERS)
    for path in LETTERS:
        assert path.with_suffix(".findings.yaml").is_file(), path.name


@pytest.mark.parametrize("path", LETTERS, ids=[p.stem for p in LETTERS])
def test_the_checks_find_what_was_expected_by_hand(path: Path) -> None:
    # every kind, the opt-in vague_response too: the expectations are its specification
    reply = parse_reply(path.read_text(encoding="utf-8"))
    found = sorted((f.kind, f.suggestion, f.excerpt, f.severity) for f in check_reply(reply, today=TODAY, vague=True))
    assert found == _expected(path)


def test_by_default_the_checks_leave_out_only_the_opt_in_kinds() -> None:
    # k36: vague_response is asked for (check --vague, vague_check = true); every other finding stays as expected
    with_vague = 0
    for path in LETTERS:
        reply = parse_reply(path.read_text(encoding="utf-8"))
        found = sorted((f.kind, f.suggestion, f.excerpt, f.severity) for f in check_reply(reply, today=TODAY))
        expected = _expected(path)
        assert found == [f for f in expected if f[0] not in OPT_IN_KINDS], path.name
        with_vague += any(f[0] == "vague_response" for f in expected)
    assert with_vague >= 20  # the letters that would show it, were it on
