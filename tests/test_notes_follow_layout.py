"""A note or a draft never lands on another suggestion than the one it was written for (QA after
the merge-safe release): `set_note` and `set_draft` take the layout the writer numbered by and are
refused under the write lock when another window merged or split the suggestions since; a merge
takes every reviewer's unsaved drafts of the two suggestions to the merged one. Two ReviewStore
handles on one real database folder (two windows, as far as the store can tell)."""

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


def _layout(store, rid):
    return [[s.start, s.end] for s in store.get_reply(rid).suggestions]


def _on_disk(db, rid, reviewer):
    with ReviewStore(db, readonly=True) as other:
        review = other.get_review(rid, reviewer)
        return [s.note for s in review.suggestions], review.note_drafts


def test_a_note_saved_against_a_layout_merged_elsewhere_is_refused_and_nothing_is_written(db, rid):
    with ReviewStore(db) as mine, ReviewStore(db) as other:
        shown = _layout(mine, rid)
        other.merge_suggestion(rid, "root", 1)
        with pytest.raises(LayoutChangedError) as refused:
            mine.set_note(rid, "张三", 3, "写给第三条", shown=shown)  # (now the fourth's number)
        assert refused.value.code == "layout_changed"
        mine.set_note(rid, "张三", 2, "写给第三条", shown=_layout(mine, rid))  # numbered by the stored layout
    assert _on_disk(db, rid, "张三") == (["", "写给第三条", ""], {})


def test_a_draft_typed_against_a_layout_split_elsewhere_is_refused_and_nothing_is_written(db, rid):
    with ReviewStore(db) as mine, ReviewStore(db) as other:
        shown = _layout(mine, rid)
        other.split_suggestion(rid, "root", 2, 8)
        with pytest.raises(LayoutChangedError):
            mine.set_draft(rid, "张三", 3, "第三条写到一半", shown=shown)
        mine.set_draft(rid, "张三", "opinion", "总体意见", shown=shown)  # (the opinion has no number)
    assert _on_disk(db, rid, "张三") == ([""] * 5, {})


def test_a_merge_takes_another_reviewers_unsaved_draft_to_the_merged_suggestion(db, rid):
    with ReviewStore(db) as typing, ReviewStore(db) as merging:
        typing.set_draft(rid, "张三", 3, "第三条写到一半")
        merging.merge_suggestion(rid, "root", 2)
        typing.refresh()  # (the app's poll)
        assert typing.get_review(rid, "张三").note_drafts == {2: "第三条写到一半"}
        typing.set_note(rid, "张三", 2, "第三条写完了")
    assert _on_disk(db, rid, "张三") == (["", "第三条写完了", ""], {})


def test_a_merged_draft_keeps_the_other_suggestions_note_so_saving_it_loses_nothing(db, rid):
    with ReviewStore(db) as typing, ReviewStore(db) as merging:
        typing.set_rating(rid, "张三", 2, Rating.ADOPTED, note="第二条的备注")
        typing.set_rating(rid, "张三", 3, Rating.EXPLAINED, note="第三条的备注")
        typing.set_draft(rid, "张三", 3, "第三条的备注，改了")
        merging.merge_suggestion(rid, "root", 2)
        typing.refresh()
        draft = typing.get_review(rid, "张三").note_drafts[2]
        assert draft == "第二条的备注\n第三条的备注，改了\n（合并前：第 2 条评为“采纳”，第 3 条评为“解释说明”）"
        typing.set_note(rid, "张三", 2, draft)
    assert _on_disk(db, rid, "张三")[0][1] == draft


def test_undoing_the_merge_leaves_the_draft_on_the_first_suggestion_not_hidden(db, rid):
    with ReviewStore(db) as typing, ReviewStore(db) as merging:
        typing.set_draft(rid, "张三", 3, "第三条写到一半")
        merging.merge_suggestion(rid, "root", 2)
        merging.undo("root")
        typing.refresh()
        assert len(typing.get_reply(rid).suggestions) == 4
        assert typing.get_review(rid, "张三").note_drafts == {2: "第三条写到一半"}
