"""Merging two suggestions keeps every reviewer's work (QA on 沪交提复〔2024〕18号: another
reviewer's rating and note of the merged-away suggestion vanished until the merger's undo).
A ReviewStore on a real database folder; the other reviewer's view is read back from disk."""

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import LayoutChangedError
from cppcc_review.store.model import Rating
from tests.helpers.replies import make_reply


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db"


@pytest.fixture
def rid(db):
    with ReviewStore(db) as store:
        return store.add_reply(make_reply(n=4))[0]


def _on_disk(db, rid, reviewer):
    with ReviewStore(db, readonly=True) as other:  # what another process (an export) reads
        review = other.get_review(rid, reviewer)
        return [(s.rating.value if s.rating else None, s.note) for s in review.suggestions]


def test_another_reviewers_rating_and_note_of_the_next_suggestion_become_the_merged_ones(db, rid):
    with ReviewStore(db) as store:
        store.set_rating(rid, "张三", 3, Rating.ADOPTED, note="张三对第三条")
        store.merge_suggestion(rid, "root", 2)
    assert _on_disk(db, rid, "张三") == [(None, ""), ("adopted", "张三对第三条"), (None, "")]


def test_alike_ratings_stay_and_both_notes_are_kept_in_order(db, rid):
    with ReviewStore(db) as store:
        store.set_rating(rid, "张三", 2, Rating.EXPLAINED, note="第二条的备注")
        store.set_rating(rid, "张三", 3, Rating.EXPLAINED, note="第三条的备注")
        store.set_note(rid, "李四", 3, "只写了备注")
        store.merge_suggestion(rid, "root", 2)
    assert _on_disk(db, rid, "张三")[1] == ("explained", "第二条的备注\n第三条的备注")
    assert _on_disk(db, rid, "李四")[1] == (None, "只写了备注")


def test_differing_ratings_are_cleared_and_written_into_the_note(db, rid):
    with ReviewStore(db) as store:
        store.set_rating(rid, "张三", 2, Rating.ADOPTED, note="先看过")
        store.set_rating(rid, "张三", 3, Rating.PARTIALLY_ADOPTED)
        store.set_rating(rid, "王五", 2, Rating.EXPLAINED)
        store.set_rating(rid, "王五", 3, Rating.EXPLAINED)
        asked = store.merge_disagreements(rid, 2)
        assert [(d.reviewer, d.first, d.second) for d in asked] == [
            ("张三", Rating.ADOPTED, Rating.PARTIALLY_ADOPTED)]
        store.merge_suggestion(rid, "root", 2)
        assert store.merge_disagreements(rid, 2) == []
    assert _on_disk(db, rid, "张三")[1] == (None, "先看过\n（合并前：第 2 条评为“采纳”，第 3 条评为“部分采纳”）")
    assert _on_disk(db, rid, "王五")[1] == ("explained", "")


def test_the_former_ratings_line_follows_the_interface_language(db, rid):
    with ReviewStore(db) as store:
        store.set_rating(rid, "bob", 1, Rating.ADOPTED)
        store.set_rating(rid, "bob", 2, Rating.EXPLAINED)
        store.merge_suggestion(rid, "root", 1, lang="en")
    assert _on_disk(db, rid, "bob")[0] == (
        None, "(before the merge: suggestion 1 was rated “adopted”, suggestion 2 “explained”)")


def test_the_mergers_undo_gives_everyone_their_work_back_exactly(db, rid):
    with ReviewStore(db) as store:
        store.set_rating(rid, "张三", 2, Rating.ADOPTED, note="二")
        store.set_rating(rid, "张三", 3, Rating.EXPLAINED, note="三")
        store.set_rating(rid, "李四", 3, Rating.PARTIALLY_ADOPTED, note="李四的")
        before = {name: store.get_review(rid, name).suggestions for name in ("张三", "李四")}
        store.merge_suggestion(rid, "root", 2)
        store.undo("root")
        assert {name: store.get_review(rid, name).suggestions for name in ("张三", "李四")} == before
        store.redo("root")
    assert _on_disk(db, rid, "李四")[1] == ("partially_adopted", "李四的")
    assert _on_disk(db, rid, "张三")[1][0] is None


def test_a_split_keeps_other_reviewers_ratings_on_their_suggestions(db, rid):
    with ReviewStore(db) as store:
        store.set_rating(rid, "张三", 2, Rating.ADOPTED, note="二")
        store.set_rating(rid, "张三", 3, Rating.EXPLAINED)
        store.split_suggestion(rid, "root", 2, 8)
    assert [r for r, _ in _on_disk(db, rid, "张三")] == [None, "adopted", None, "explained", None]


def test_a_change_against_a_layout_changed_since_is_refused_and_changes_nothing(db, rid):
    with ReviewStore(db) as store:
        shown = [[s.start, s.end] for s in store.get_reply(rid).suggestions]
        store.merge_suggestion(rid, "root", 2, shown=shown)
        for change in (lambda: store.set_rating(rid, "张三", 3, Rating.EXPLAINED, shown=shown),
                       lambda: store.merge_suggestion(rid, "张三", 1, shown=shown),
                       lambda: store.split_suggestion(rid, "张三", 2, 8, shown=shown)):
            with pytest.raises(LayoutChangedError) as refused:
                change()
            assert refused.value.code == "layout_changed" and refused.value.values["shown"] == "4"
        assert len(store.get_reply(rid).suggestions) == 3
    assert _on_disk(db, rid, "张三") == [(None, "")] * 3
