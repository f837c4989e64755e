"""Drafts left by gone windows, none hidden (store/draft_leftovers.py).

- Of several killed windows' drafts of one field, only the last written was put back: the others
  stayed on disk unseen. Now every one is in the box, oldest first, each under the time it was
  typed; saving the box spends them all.
- A field saved elsewhere after a crash's draft was typed (import-ratings, `rate --note`): the older
  draft was offered over the newer saved text, and saving it threw the newer one away. Now the box
  holds the saved text, then the draft under its time.

A real database on disk; a killed python process is a window gone (tests/test_store_draft_sessions.py)."""

from __future__ import annotations

import re

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Rating
from tests.test_store_draft_sessions import _kill, _on_disk, _window_killed_later
from tests.test_store_drafts import first_id

DRAFT_INFO = "draft_info"  # (the review's key: store/draft_leftovers.py)
TIME_LINE = r"—— \d{4}-\d\d-\d\d \d\d:\d\d ——"


def _raw_review(db, rid) -> dict:
    with ReviewStore(db, readonly=True) as store:
        _id, doc = store._review_doc(rid, "王")
        return doc or {}


def test_every_killed_windows_draft_of_one_note_comes_back_each_under_its_time(seed_db):
    rid = first_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, 2, "甲窗口写的"))
    _kill(_window_killed_later(seed_db, rid, 2, "乙窗口写的"))
    with ReviewStore(seed_db) as store:
        review = store.get_review(rid, "王")
        assert re.fullmatch(f"{TIME_LINE}\n甲窗口写的\n{TIME_LINE}\n乙窗口写的", review.note_drafts[2])
        assert review.drafts_joined == frozenset({2})
        store.set_note(rid, "王", 2, "甲窗口写的\n乙窗口写的", base="")  # the reviewer tidied the box and saved
    after = _on_disk(seed_db, rid)
    assert after.suggestions[1].note == "甲窗口写的\n乙窗口写的" and after.note_drafts == {}
    assert "drafts" not in _raw_review(seed_db, rid) and DRAFT_INFO not in _raw_review(seed_db, rid)


def test_a_draft_typed_on_over_two_leftovers_replaces_both(seed_db):
    rid = first_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, "opinion", "第一段"))
    _kill(_window_killed_later(seed_db, rid, "opinion", "第二段"))
    with ReviewStore(seed_db) as store:
        shown = store.get_review(rid, "王").opinion_draft
        assert shown is not None and "第一段" in shown and "第二段" in shown
        store.set_draft(rid, "王", "opinion", "第一段第二段")  # typed on in the box
    assert _on_disk(seed_db, rid).opinion_draft == "第一段第二段"
    assert len(_raw_review(seed_db, rid)["drafts"]) == 1 and len(_raw_review(seed_db, rid)[DRAFT_INFO]) == 1


def test_an_opinion_saved_whole_after_a_crashs_draft_is_not_hidden_behind_it(seed_db):
    rid = first_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, "opinion", "崩溃前的草稿"))
    with ReviewStore(seed_db) as store:  # import-ratings (or another writer) stores a newer opinion
        store.set_assessment(rid, "王", Assessment(opinion="导入的意见"))
    with ReviewStore(seed_db) as store:
        review = store.get_review(rid, "王")
        assert review.assessment.opinion == "导入的意见"
        assert re.fullmatch(f"导入的意见\n{TIME_LINE}\n崩溃前的草稿", review.opinion_draft or "")
        assert review.drafts_joined == frozenset({"opinion"})


def test_a_note_saved_by_rate_after_a_crashs_draft_is_kept_in_the_box(seed_db):
    rid = first_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, 1, "崩溃前的备注"))
    with ReviewStore(seed_db) as store:  # cppcc-review rate ... --note
        store.set_rating(rid, "王", 1, Rating.ADOPTED, note="命令行写的备注")
    with ReviewStore(seed_db) as store:
        assert re.fullmatch(f"命令行写的备注\n{TIME_LINE}\n崩溃前的备注", store.get_review(rid, "王").note_drafts[1])


def test_a_draft_typed_over_the_note_saved_now_comes_back_alone_as_before(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_note(rid, "王", 1, "已保存的")
    _kill(_window_killed_later(seed_db, rid, 1, "改过的备注"))  # typed over 已保存的
    with ReviewStore(seed_db) as store:
        review = store.get_review(rid, "王")
        assert review.note_drafts == {1: "改过的备注"} and review.drafts_joined == frozenset()
