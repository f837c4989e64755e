"""Who a reviewer is, from every source (QA 113, problem 3): the reserved name `consensus`
and a name holding a control character are refused from the config file and from
$CPPCC_REVIEW_REVIEWER as from --reviewer, with one line naming where the name came from,
and nothing is recorded under it. Each test failed before the fix."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the refusals' English lines ($CPPCC_REVIEW_LANG, as --lang en): the command
    line speaks Chinese by default, and words these refusals in Chinese too (clizh; the Chinese
    lines: tests/test_cli_refusal_language.py)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def _reviewers(db) -> list[str]:
    with ReviewStore(db, readonly=True) as store:
        return store.reviewers()


@pytest.mark.parametrize("name", ["consensus", "Consensus", " consensus "])
def test_the_reserved_name_from_the_environment_is_refused(seed_db, name, monkeypatch, capsys):
    monkeypatch.setenv("CPPCC_REVIEW_REVIEWER", name)
    code, _out, err = run_cli(capsys, "rate", DOC, "1", "采纳", "--db", seed_db)
    assert code == 1
    assert err.count("\n") == 1 and "$CPPCC_REVIEW_REVIEWER" in err and "reserved" in err
    assert _reviewers(seed_db) == []


def test_the_reserved_name_from_the_config_file_is_refused(seed_db, isolated_config, capsys):
    isolated_config.write_text('reviewer = "consensus"\n', encoding="utf-8")
    code, _out, err = run_cli(capsys, "rate", DOC, "2", "explained", "--note", "x", "--db", seed_db)
    assert code == 1
    assert err.count("\n") == 1 and str(isolated_config) in err and "reserved" in err
    assert _reviewers(seed_db) == []


@pytest.mark.parametrize("name", ["王\n芳", "王\r芳", "王\x1b[31m芳", "王\t芳", "王\u2028芳", "王\x85芳"])
def test_a_name_with_a_control_character_is_refused_from_every_source(seed_db, isolated_config, name, monkeypatch,
                                                                      capsys):
    code, _out, err = run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", name, "--db", seed_db)
    assert code == 1 and err.count("\n") == 1 and "--reviewer" in err and "control character" in err
    monkeypatch.setenv("CPPCC_REVIEW_REVIEWER", name)
    code, _out, err = run_cli(capsys, "rate", DOC, "1", "采纳", "--db", seed_db)
    assert code == 1 and err.count("\n") == 1 and "$CPPCC_REVIEW_REVIEWER" in err and "control character" in err
    monkeypatch.delenv("CPPCC_REVIEW_REVIEWER")
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04X}" for c in name)  # TOML's \uXXXX
    isolated_config.write_text(f'reviewer = "{escaped}"\n', encoding="utf-8")
    code, _out, err = run_cli(capsys, "rate", DOC, "1", "采纳", "--db", seed_db)
    assert code == 1 and err.count("\n") == 1 and str(isolated_config) in err and "control character" in err
    assert _reviewers(seed_db) == []


def test_an_ordinary_configured_name_still_rates(seed_db, isolated_config, monkeypatch, capsys):
    isolated_config.write_text('reviewer = "王芳"\n', encoding="utf-8")
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--db", seed_db)[0] == 0
    monkeypatch.setenv("CPPCC_REVIEW_REVIEWER", " 李 明 ")
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--db", seed_db)[0] == 0
    assert _reviewers(seed_db) == ["李 明", "王芳"]
