"""An undo (or redo) never writes over work done since the change it takes back: another
window's, the command line's (`rate`), another reviewer's. Two ReviewStore objects on one real
database folder, as two windows (or a window and the command line) are; what is on disk is read
back by a third, read-only store."""

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.store.undo_guard import UndoOvertakenError
from tests.helpers.replies import make_reply


@pytest.fixture
def db(tmp_path):
    return tmp_path / "db"


@pytest.fixture
def rid(db):
    with ReviewStore(db) as store:
        return store.add_reply(make_reply(n=4))[0]


def _on_disk(db, rid, reviewer):
    with ReviewStore(db, readonly=True) as other:
        review = other.get_review(rid, reviewer)
        return [(s.rating.value if s.rating else None, s.note) for s in review.suggestions]


def test_undoing_a_merge_refuses_when_another_reviewer_rated_the_merged_suggestion_since(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.set_rating(rid, "root", 1, Rating.ADOPTED)
        here.merge_suggestion(rid, "root", 2)
        there.set_rating(rid, "张三", 2, Rating.EXPLAINED, note="合并后评的")
        with pytest.raises(UndoOvertakenError) as refused:
            here.undo("root")
        assert refused.value.code == "undo_overtaken" and refused.value.values["who"] == "张三"
        assert "张三" in str(refused.value) and "nothing was changed" in str(refused.value)
        # the refused step is off the undo list: the next undo takes back the rating before it
        assert here.undo("root").action == "rate"
    assert _on_disk(db, rid, "张三") == [(None, ""), ("explained", "合并后评的"), (None, "")]
    assert _on_disk(db, rid, "root")[0] == (None, "")


def test_undoing_a_merge_refuses_when_the_merged_suggestion_was_rated_in_another_window(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.set_rating(rid, "root", 3, Rating.ADOPTED, note="三")
        here.merge_suggestion(rid, "root", 2)
        there.set_note(rid, "root", 2, "另一个窗口写的")
        with pytest.raises(UndoOvertakenError) as refused:
            here.undo("root")
        assert refused.value.code == "undo_overtaken_own"
    assert _on_disk(db, rid, "root")[1] == ("adopted", "另一个窗口写的")
    assert len(_on_disk(db, rid, "root")) == 3


def test_undoing_a_merge_refuses_when_the_suggestions_were_split_again_elsewhere(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.merge_suggestion(rid, "root", 2)
        there.split_suggestion(rid, "张三", 3, 13)  # (the old 4th, lines 12-14)
        with pytest.raises(UndoOvertakenError) as refused:
            here.undo("root")
        assert refused.value.code == "undo_relaid" and refused.value.values["who"] == "张三"
    with ReviewStore(db, readonly=True) as other:
        assert len(other.get_reply(rid).suggestions) == 4  # the merge and the split, both still there


def test_undoing_a_split_refuses_when_its_new_part_was_rated_since(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.split_suggestion(rid, "root", 2, 8)
        there.set_rating(rid, "李四", 3, Rating.PARTIALLY_ADOPTED)
        with pytest.raises(UndoOvertakenError) as refused:
            here.undo("root")
        assert refused.value.values["who"] == "李四"
    assert _on_disk(db, rid, "李四")[2] == ("partially_adopted", "")


def test_undoing_a_rating_refuses_when_the_command_line_rated_that_suggestion_since(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.set_rating(rid, "root", 3, Rating.ADOPTED)
        there.set_rating(rid, "root", 3, Rating.EXPLAINED, note="命令行写的")  # `cppcc-review rate`
        with pytest.raises(UndoOvertakenError) as refused:
            here.undo("root")
        assert refused.value.code == "undo_overtaken_own"
        assert here.undo("root") is None  # nothing left to undo: the refused step is gone from the list
    assert _on_disk(db, rid, "root")[2] == ("explained", "命令行写的")


def test_undoing_a_note_refuses_when_another_window_changed_that_note_since(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.set_note(rid, "root", 3, "这里写的")
        there.set_note(rid, "root", 3, "那边后来写的")
        with pytest.raises(UndoOvertakenError):
            here.undo("root")
    assert _on_disk(db, rid, "root")[2] == (None, "那边后来写的")


def test_undo_goes_through_when_the_later_work_is_elsewhere_or_was_taken_back_here(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.set_rating(rid, "张三", 3, Rating.ADOPTED, note="三")
        here.merge_suggestion(rid, "root", 2)
        here.set_rating(rid, "root", 2, Rating.EXPLAINED)  # on the merged one, then taken back
        there.set_rating(rid, "张三", 3, Rating.EXPLAINED)  # the old 4th: not in the way
        there.set_rating(rid, "root", 3, Rating.EXPLAINED)  # the same reviewer, another suggestion
        assert here.undo("root").action == "rate"
        assert here.undo("root").action == "merge"
    assert _on_disk(db, rid, "张三") == [(None, ""), (None, ""), ("adopted", "三"), ("explained", "")]


def test_a_redo_refuses_when_the_restored_suggestions_were_rated_since(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.merge_suggestion(rid, "root", 2)
        here.undo("root")
        there.set_rating(rid, "张三", 3, Rating.ADOPTED)
        with pytest.raises(UndoOvertakenError):
            here.redo("root")
        assert here.redo("root") is None
    assert _on_disk(db, rid, "张三")[2] == ("adopted", "")


def test_undoing_a_rating_that_a_merge_elsewhere_moved_since_names_the_merger(db, rid):
    with ReviewStore(db) as here, ReviewStore(db) as there:
        here.set_rating(rid, "root", 3, Rating.ADOPTED)
        there.merge_suggestion(rid, "李四", 2)  # the rating goes to the merged suggestion 2
        with pytest.raises(UndoOvertakenError) as refused:
            here.undo("root")
        assert refused.value.code == "undo_relaid" and refused.value.values["who"] == "李四"
    assert _on_disk(db, rid, "root")[1] == ("adopted", "")
