"""Note drafts left by a hard stop (fixd, problem 1): a restored draft opened being written on every
suggestion that held one as the reviewer paged onto it (j/k, ]/[), so the next j/k/1/2/3 were typed into
the note. Now it opens so once, when its reply is opened on it; paging shows it in the closed box, and
it stays a durable draft until the reviewer opens it (n) and saves it (esc). Driven with Textual's
Pilot on a real database on disk; the drafts are what a killed app leaves (ReviewStore.set_draft)."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.note_editor import NoteEditor
from tests.test_tui import open_first, seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester, status_of, three_replies


def _review_on_disk(db, rid):
    with ReviewStore(db, readonly=True) as other:  # what another process sees on disk
        return other.get_review(rid, "tester")


async def test_paging_onto_a_restored_draft_shows_it_and_keys_still_move_and_rate(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:  # a killed app's drafts on suggestions 1 and 3
        store.set_draft(rid, "tester", 1, "列了四项")
        store.set_draft(rid, "tester", 3, "时限不明")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        editor = review.query_one(NoteEditor)
        assert review.index == 1 and review.focused is editor  # opened on a draft: open to write on, as shipped
        await pilot.press("escape")  # saves it and stays
        await pilot.press("j", "j")
        await pilot.pause()
        assert review.index == 3 and editor.text == "时限不明"  # shown, in the closed box
        assert review.focused is None
        assert "已放回上次的备注草稿，尚未保存为备注（n 打开接着写）" in status_of(app)
        await pilot.press("k", "j", "3")  # moves and rates, types nothing
        await pilot.pause()
        saved = _review_on_disk(seed_db, rid)
        assert saved.suggestions[2].rating is Rating.EXPLAINED and saved.suggestions[2].note == ""
        assert saved.suggestions[0].note == "列了四项"
        assert saved.note_drafts == {3: "时限不明"}  # still last time's draft, nothing lost, nothing typed
        review.load_reply(rid, 3)  # back on it (the rating moved on)
        await pilot.pause()
        assert review.focused is None and editor.text == "时限不明"
        await pilot.press("n", *"补上时限")  # the reviewer asks for it
        assert review.focused is editor
        await pilot.press("escape")
        await pilot.pause()
        saved = _review_on_disk(seed_db, rid)
        assert saved.suggestions[2].note == "时限不明补上时限" and saved.note_drafts == {}


async def test_the_next_reply_keys_only_show_a_draft_and_opening_the_reply_opens_it_once(tmp_path):
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    with ReviewStore(db) as store:
        store.set_draft(ids[1], "tester", 1, "answer is vague")
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, settings=Settings(lang="en"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open_reply(ids[0], 1)
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        editor = review.query_one(NoteEditor)
        await pilot.press("right_square_bracket")  # the next reply, on its suggestion 1 that holds the draft
        await pilot.pause()
        assert review.reply_id == ids[1] and review.index == 1 and editor.text == "answer is vague"
        assert review.focused is None
        assert "the note draft from last time is back: a draft, not saved as the note yet (n opens it)" in status_of(app)
        await pilot.press("j", "k", "left_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert review.reply_id == ids[1] and review.index == 1 and review.focused is None
        await pilot.press("q")  # back to the inbox: the draft stays a draft
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and "draft" not in status_of(app)
        assert _review_on_disk(db, ids[1]).note_drafts == {1: "answer is vague"}
        app.open_reply(ids[1])  # opened (enter) on it: open to write on, once
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.index == 1
        assert review.focused is review.query_one(NoteEditor)
        assert "(esc saves it)" in status_of(app)
        await pilot.press(*", no date")
        await pilot.press("escape")
        await pilot.pause()
        saved = _review_on_disk(db, ids[1])
        assert saved.suggestions[0].note == "answer is vague, no date" and saved.note_drafts == {}
