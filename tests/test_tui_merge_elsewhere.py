"""Merging and splitting suggestions in the app, with other reviewers and other windows (QA on
沪交提复〔2024〕18号): `m` asks before it clears a reviewer's differing ratings and names whose work
it kept; a second window follows a merge made elsewhere at its next poll, on the same suggestion,
and a rating key pressed before that poll is refused in the interface's language, never written
to another suggestion. Driven with Textual's Pilot on a real database on disk; the other window
is a second store on the same folder (another process, as far as the app can tell)."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.confirm import ConfirmScreen
from tests.test_tui import seed_id
from tests.test_tui_assessment_two_writers import no_poll
from tests.test_tui_daily_use import SIZE, app_as_tester
from tests.test_tui_other_writers import _review_on, said


def _disk(db, rid, reviewer):
    with ReviewStore(db, readonly=True) as other:
        return [(s.rating.value if s.rating else None, s.note) for s in other.get_review(rid, reviewer).suggestions]


def _rate_elsewhere(db, rid, reviewer, *ratings):
    with ReviewStore(db) as other:
        for index, rating, note in ratings:
            other.set_rating(rid, reviewer, index, rating, note=note)


async def test_m_keeps_another_reviewers_rating_of_the_next_suggestion_and_says_whose(seed_db):
    rid = seed_id(seed_db)
    _rate_elsewhere(seed_db, rid, "张三", (2, Rating.ADOPTED, "张三对第二条"))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        await pilot.press("m")
        await pilot.pause()
        assert review.view.total == 2
        assert said(app, "张三对这两条的评定与备注都保留在合并后的建议中")
    assert _disk(seed_db, rid, "张三")[0] == ("adopted", "张三对第二条")


async def test_m_asks_first_when_a_reviewer_rated_the_two_differently_and_n_keeps_them_apart(seed_db):
    rid = seed_id(seed_db)
    _rate_elsewhere(seed_db, rid, "张三", (1, Rating.ADOPTED, ""), (2, Rating.EXPLAINED, ""))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "张三：第 1 条“采纳”，第 2 条“解释说明”" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert review.view.total == 3
        await pilot.press("m", "y")
        await pilot.pause()
        assert review.view.total == 2
    assert _disk(seed_db, rid, "张三")[0] == (None, "（合并前：第 1 条评为“采纳”，第 2 条评为“解释说明”）")


async def test_the_merging_reviewers_u_gives_the_other_reviewers_work_back(seed_db):
    rid = seed_id(seed_db)
    _rate_elsewhere(seed_db, rid, "张三", (1, Rating.ADOPTED, "一"), (2, Rating.EXPLAINED, "二"))
    before = _disk(seed_db, rid, "张三")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _review_on(pilot, rid, 1)
        await pilot.press("m", "y")
        await pilot.pause()
        assert _disk(seed_db, rid, "张三")[0][0] is None
        await pilot.press("u")
        await pilot.pause()
    assert _disk(seed_db, rid, "张三") == before


async def test_a_second_window_follows_a_merge_made_elsewhere_on_the_same_suggestion(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 3)
        last_text = review.view.suggestion.text
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        app.notice_store_changes()  # the poll's tick
        await pilot.pause()
        assert review.view.total == 2 and review.index == 2
        assert review.view.suggestion.text == last_text
        assert said(app, "这条答复的建议在别处被合并了：现有 2 条（原 3 条）")


async def test_a_rating_key_against_a_layout_merged_elsewhere_is_refused_and_not_saved_in_english_too(seed_db):
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 3)
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        await pilot.press("3")  # before the next poll: the screen still shows three suggestions
        await pilot.pause()
        assert said(app, "not saved: this reply's suggestions were merged elsewhere: 2 now (3 before)")
        assert review.view.total == 2 and review.index == 2 and not review.view.unsaved
        assert "reply " not in " ".join(str(t.render()) for t in app.screen.query("Toast"))
    assert _disk(seed_db, rid, "tester") == [(None, "")] * 2


async def test_a_note_being_written_when_the_layout_changes_elsewhere_stays_and_goes_to_the_same_text(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 3)
        await pilot.press("n", *"写到一半")
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        app.notice_store_changes()
        await pilot.pause()
        assert review.note.editor.text == "写到一半" and review.focused is review.note.editor
        await pilot.press("escape")
        await pilot.pause()
    assert _disk(seed_db, rid, "tester") == [(None, ""), (None, "写到一半")]



def _put_back_after_the_refusal(monkeypatch, store, method, other):
    """`store.method` refused as made against a layout merged elsewhere (`other` merged two suggestions),
    and `other` undoes the merge before the app looks at the layout again: a third writer put it back."""
    from cppcc_review.store.errors import LayoutChangedError

    real = getattr(store, method)

    def refused_then_put_back(*args, **kwargs):
        try:
            return real(*args, **kwargs)
        except LayoutChangedError:
            assert other.undo("root").action == "merge"
            raise

    monkeypatch.setattr(store, method, refused_then_put_back)


async def test_a_rating_refused_for_a_merge_that_was_put_back_right_after_is_said_and_the_poll_follows(seed_db,
                                                                                                        monkeypatch):
    """The refusal itself read the layout it was refused for: the screen follows that one and says the
    rating was not saved, though a third writer has put the layout back since; the next poll follows
    that too (review finding: "a refusal whose layout was restored shows no toast" does not happen)."""
    no_poll(monkeypatch)  # the key meets the merge, not the app's poll
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
            _put_back_after_the_refusal(monkeypatch, app.context.store, "set_rating", other)
            await pilot.press("1")
            await pilot.pause()
        assert said(app, "未保存：这条答复的建议在别处被合并了：现有 2 条（原 3 条）；请在现在显示的建议上重新评定")
        assert review.view.total == 2 and not review.view.unsaved
        monkeypatch.undo()  # the app's poll again
        app.notice_store_changes()
        await pilot.pause()
        assert said(app, "这条答复的建议的一次合并在别处被撤销了：现有 3 条（原 2 条）")
        assert review.view.total == 3 and review.index == 1
    assert _disk(seed_db, rid, "tester")[0][0] is None
