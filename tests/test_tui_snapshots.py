"""SVG snapshots of each screen with the seed reply (pytest-textual-snapshot).

Update them after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the report before committing. The database path is relative (the test
runs in its tmp folder) so the status line is the same on every machine.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp


@pytest.fixture
def app_in_tmp(seed_db, monkeypatch):
    monkeypatch.chdir(seed_db.parent)

    def make(lang: str = "zh") -> ReviewApp:
        return ReviewApp(db_path="db", reviewer="tester", lang=lang)

    return make


def rate_seed(db, ratings) -> None:
    with ReviewStore(db) as store:
        rid = store.summaries()[0].id
        for index, rating in enumerate(ratings, 1):
            store.set_rating(rid, "tester", index, rating)


def test_inbox_120x40(app_in_tmp, snap_compare):
    assert snap_compare(app_in_tmp(), terminal_size=(120, 40))


def test_review_120x40(app_in_tmp, snap_compare):
    assert snap_compare(app_in_tmp(), press=["enter"], terminal_size=(120, 40))


def test_review_rated_80x24(app_in_tmp, seed_db, snap_compare):
    rate_seed(seed_db, [Rating.ADOPTED])
    assert snap_compare(app_in_tmp(), press=["enter"], terminal_size=(80, 24))


def test_assessment_120x40(app_in_tmp, seed_db, snap_compare):
    rate_seed(seed_db, [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED])
    assert snap_compare(app_in_tmp(), press=["enter", "s"], terminal_size=(120, 40))


def test_help_120x40(app_in_tmp, snap_compare):
    assert snap_compare(app_in_tmp(), press=["enter", "question_mark"], terminal_size=(120, 40))


def test_review_english_120x40(app_in_tmp, snap_compare):
    assert snap_compare(app_in_tmp("en"), press=["enter"], terminal_size=(120, 40))
