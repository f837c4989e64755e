"""`cppcc-review rate` in a subprocess against a real database."""

from __future__ import annotations

import os
import time

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import InputError
from cppcc_review.store.model import Rating
from cppcc_review.tui.cli.rate_cmd import parse_rating
from tests.test_ratings_io import SEED, SEED_DOC_NO, cli, db_hashes


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "评审 db"  # a space and CJK in the path
    result = cli("import", str(SEED), "--db", str(path), home=tmp_path)
    assert result.returncode == 0, result.stderr
    return path


def rate(db, *args, home):
    return cli("rate", *args, "--db", str(db), home=home)


def test_rate_by_doc_no_prints_and_stores(tmp_path, db):
    out = rate(db, SEED_DOC_NO, "2", "部分采纳", "--note", "列了四项", "--reviewer", "王审阅", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith(f"{SEED_DOC_NO} [")
    assert "suggestion 2/3 by 王审阅: partially_adopted; note: 列了四项" in out.stdout
    with ReviewStore(db, readonly=True) as store:
        review = store.get_review(store.resolve(SEED_DOC_NO), "王审阅")
        assert review.suggestions[1].rating is Rating.PARTIALLY_ADOPTED and review.suggestions[1].note == "列了四项"


def test_rate_by_id_numbers_and_clear(tmp_path, db):
    with ReviewStore(db, readonly=True) as store:
        rid = store.resolve(SEED_DOC_NO)
    assert rate(db, rid, "1", "1", "--reviewer", "a", home=tmp_path).returncode == 0
    assert rate(db, rid[:6], "3", "explained", "--reviewer", "a", home=tmp_path).returncode == 0
    cleared = rate(db, rid, "1", "0", "--reviewer", "a", home=tmp_path)
    assert cleared.returncode == 0 and "(no rating)" in cleared.stdout
    # --reviewer before the sub-command works too.
    before = cli("--reviewer", "b", "rate", rid, "2", "adopted", "--db", str(db), home=tmp_path)
    assert before.returncode == 0 and "by b:" in before.stdout
    with ReviewStore(db, readonly=True) as store:
        assert [s.rating for s in store.get_review(rid, "a").suggestions] == [None, None, Rating.EXPLAINED]


@pytest.mark.parametrize(
    "args, message",
    [
        ([SEED_DOC_NO, "4", "adopted"], "no suggestion 4; this reply has 3"),
        ([SEED_DOC_NO, "0", "adopted"], "no suggestion 0"),
        ([SEED_DOC_NO, "1", "maybe"], "'maybe' is not a rating"),
        (["沪科提复〔2099〕1号", "1", "adopted"], "no reply with this id or 文号"),
    ],
)
def test_rate_errors_are_one_line_and_change_nothing(tmp_path, db, args, message):
    # `rate` opens the database for writing, which records its pid in `lock`; that file
    # holds no data. Everything else must be byte for byte as before.
    before = db_hashes(db)
    before.pop("lock")
    out = rate(db, *args, "--reviewer", "a", home=tmp_path)
    assert out.returncode == 1
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert out.stderr.startswith("cppcc-review: error: ")
    after = db_hashes(db)
    after.pop("lock", None)
    assert after == before


def test_rate_goes_through_while_another_writer_has_the_database_open(tmp_path, db):
    with ReviewStore(db) as other:  # the app, say: it writes only while it saves
        out = rate(db, SEED_DOC_NO, "1", "adopted", "--reviewer", "a", home=tmp_path)
        # Exit 0 is the proof that it did not wait for the other writer: a wait for a store
        # that never lets go ends in the lock's refusal after 3 s (exit 1, the next test).
        # (No wall-clock bound: a cold `python` under load took more than the 2.5 s it had.)
        assert out.returncode == 0, out.stderr
        other.refresh()
        assert other.reviewers() == ["a"]


def test_rate_waits_for_a_writer_that_keeps_writing_then_says_who_it_is(tmp_path, db):
    from tests.helpers.holders import writing

    with ReviewStore(db) as holder, writing(holder):  # e.g. a long import batch
        start = time.monotonic()
        out = rate(db, SEED_DOC_NO, "1", "adopted", "--reviewer", "a", home=tmp_path)
        waited = time.monotonic() - start
        assert out.returncode == 1
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and f"pid {os.getpid()}" in lines[0] and "--readonly" in lines[0], out.stderr
        assert 2.5 <= waited < 20
    with ReviewStore(db, readonly=True) as r:
        assert r.reviewers() == []
    assert rate(db, SEED_DOC_NO, "1", "adopted", "--reviewer", "a", home=tmp_path).returncode == 0


def test_parse_rating_words():
    assert parse_rating("采纳") is Rating.ADOPTED
    assert parse_rating("Partially_Adopted") is Rating.PARTIALLY_ADOPTED
    assert parse_rating("3") is Rating.EXPLAINED
    assert parse_rating("clear") is None
    with pytest.raises(InputError):
        parse_rating("4")
