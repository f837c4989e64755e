"""The app's undo never writes over later work done elsewhere, and what it says of changes made
elsewhere is true (QA of the merge / split and undo keys with two windows): `u` after a rating or a
merge is refused, in the interface's language and naming whose work is in the way, when another
window, the command line or another reviewer changed those suggestions since; another window's
undo of a merge is told as such (not as a split); a rating key refused against a stale layout
says so once; a note being typed when the poll meets a layout change keeps, in its box and its
drafts, the note the merge made. Driven with Textual's Pilot on a real database on disk; the other
window is a second store on the same folder (another process, as far as the app can tell)."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.toasts import toasts
from tests.test_tui import seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester
from tests.test_tui_other_writers import _review_on, said


def _bare(text: str) -> str:
    """A toast's words without the spaces its wrapping may drop (a line broken at a space)."""
    return "".join(text.split())


def _disk(db, rid, reviewer):
    with ReviewStore(db, readonly=True) as other:
        return [(s.rating.value if s.rating else None, s.note) for s in other.get_review(rid, reviewer).suggestions]


async def test_u_after_a_rating_that_another_window_changed_since_is_refused_and_keeps_that_work(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _review_on(pilot, rid, 3)
        await pilot.press("1")
        await pilot.pause()
        with ReviewStore(seed_db) as other:  # the same reviewer's other window (or `cppcc-review rate`)
            other.set_rating(rid, "tester", 3, Rating.EXPLAINED, note="另一个窗口后来写的")
        await pilot.press("u")
        await pilot.pause()
        refusal = "未撤销：这次评定 #3 所改的评定或备注之后又在另一个窗口或命令行里被改过"
        assert said(app, refusal)
        assert sum(_bare(refusal) in _bare(text) for text in toasts(app)) == 1
    assert _disk(seed_db, rid, "tester")[2] == ("explained", "另一个窗口后来写的")


async def test_u_after_m_is_refused_naming_the_reviewer_who_rated_the_merged_suggestion_since(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        await pilot.press("m")
        await pilot.pause()
        assert review.view.total == 2
        with ReviewStore(seed_db) as other:
            other.set_rating(rid, "张三", 1, Rating.PARTIALLY_ADOPTED, note="张三评的是合并后的")
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "未撤销：张三在这次合并 #1 之后又改过它所涉及的评定或备注")
        assert review.view.total == 2
    assert _disk(seed_db, rid, "张三") == [("partially_adopted", "张三评的是合并后的"), (None, "")]


async def test_u_after_m_is_refused_in_english_too(seed_db):
    from cppcc_review.tui.app import ReviewApp

    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _review_on(pilot, rid, 1)
        await pilot.press("m")
        await pilot.pause()
        with ReviewStore(seed_db) as other:
            other.set_rating(rid, "bob", 1, Rating.ADOPTED)
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "not undone: bob changed what this merge changed since")
    assert _disk(seed_db, rid, "bob")[0] == ("adopted", "")


async def test_another_windows_undo_of_a_merge_is_told_as_an_undone_merge_not_a_split(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
            app.notice_store_changes()  # the poll's tick
            await pilot.pause()
            assert review.view.total == 2
            other.undo("root")
        app.notice_store_changes()
        await pilot.pause()
        assert review.view.total == 3
        assert said(app, "这条答复的建议的一次合并在别处被撤销了：现有 3 条（原 2 条）")
        assert not said(app, "拆分")


def _record_toasts(app) -> list[str]:
    """Every toast the app is asked to show from here on (the rack keeps only the newest on screen:
    one that another replaces at once still flashes over the text)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message, **kwargs):
        shown.append(_bare(message))
        notify(message, **kwargs)

    app.notify = recording
    return shown


async def test_a_rating_key_against_a_layout_merged_elsewhere_says_so_in_one_toast(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _review_on(pilot, rid, 3)
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        shown = _record_toasts(app)
        await pilot.press("3")  # before the next poll: the screen still shows three suggestions
        await pilot.pause()
        assert shown == [_bare("未保存：这条答复的建议在别处被合并了：现有 2 条（原 3 条）；请在现在显示的建议上重新评定")]
    assert _disk(seed_db, rid, "tester") == [(None, "")] * 2


async def test_a_note_saved_against_a_layout_split_elsewhere_says_so_in_one_toast(seed_db, monkeypatch):
    monkeypatch.setattr("cppcc_review.tui.store_poll.changes_elsewhere", lambda _ctx: frozenset())  # the save meets it
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 3)
        await pilot.press("n", *"写好了")
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        shown = _record_toasts(app)
        await pilot.press("escape")  # (the poll kept out: on a loaded machine it could tick first)
        await pilot.pause()
        assert len(shown) == 1 and shown[0].startswith(_bare("备注未保存：这条答复的建议在别处被合并了"))
        assert review.note.editor.text == "写好了"


async def test_a_note_typed_when_the_poll_meets_a_merge_keeps_the_merged_note_in_its_drafts(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as other:
        other.set_note(rid, "tester", 1, "第一条的备注")
        other.set_note(rid, "tester", 2, "第二条的备注")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        await pilot.press("n", "end", *"补充")
        with ReviewStore(seed_db) as other:  # another window merges 1 and 2: the two notes joined
            other.merge_suggestion(rid, "root", 1)
        app.notice_store_changes()  # the poll, not a save, meets the new layout
        await pilot.pause()
        assert review.index == 1 and review.focused is review.note.editor
        await pilot.press(*"再补")
        review.note.drafts.flush()  # the next draft, as its timer writes it
        await pilot.pause()
        draft = app.context.store.get_review(rid, "tester").note_drafts[1]
        assert "第一条的备注" in draft and draft.endswith("第二条的备注补充再补")
        assert review.note.editor.text == draft
        await pilot.press("escape")
        await pilot.pause()
    assert _disk(seed_db, rid, "tester")[0] == (None, draft)
