"""Two windows of one reviewer on one database write the same note / opinion (QA, drafts): the
second window took the first one's live draft for a leftover of a hard stop (已放回上次的备注草稿),
its box started from it, and both saves stored the text twice ('AAABBB\\nAAA'). Now a draft
another open window is typing is left to it: this window opens on the saved text only and says
the note is being edited elsewhere; both saves keep both texts once each. A draft whose window
is gone (killed) is put back as before. The app on a real database is one window; a second
store (another process's, for the killed one) is the other."""

from __future__ import annotations

from textual.widgets import TextArea

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment
from cppcc_review.tui.widgets.note_editor import NoteEditor
from tests.test_store_draft_sessions import _kill, _window_killed_later
from tests.test_tui import seed_id
from tests.test_tui_assessment_two_writers import OPENED, open_form, rate_all
from tests.test_tui_daily_use import SIZE, app_as_tester, status_of
from tests.test_tui_other_writers import _on_disk, _review_on, said


async def test_a_note_another_window_is_typing_is_not_put_back_and_both_saves_keep_each_text_once(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as window_a:
        window_a.set_draft(rid, "tester", 1, "AAA")  # window A: n, AAA, its draft on disk
        app = app_as_tester(seed_db)
        async with app.run_test(size=SIZE, notifications=True) as pilot:  # window B
            review = await _review_on(pilot, rid, 1)
            editor = review.query_one(NoteEditor)
            assert editor.text == "" and review.focused is None
            assert "已放回" not in status_of(app)
            await pilot.press("n")
            await pilot.pause()
            assert review.focused is editor and editor.text == ""
            assert said(app, "这条备注正在另一个窗口里编辑；两边都保存后，两段文字都会保留")
            await pilot.press(*"BBB", "escape")
            await pilot.pause()
            assert _on_disk(seed_db, rid).suggestions[0].note == "BBB"
        window_a.refresh()
        saved = window_a.set_note(rid, "tester", 1, "AAA", base="")  # A: esc
        assert saved.suggestions[0].note == "BBB\nAAA"
    after = _on_disk(seed_db, rid)
    assert after.suggestions[0].note == "BBB\nAAA" and after.note_drafts == {}


async def test_an_opinion_another_window_is_typing_is_not_put_back_and_both_saves_keep_each_text_once(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, OPENED)
    with ReviewStore(seed_db) as window_a:
        base = window_a.get_review(rid, "tester").assessment  # A's form opened on it
        window_a.set_draft(rid, "tester", "opinion", "意见甲")
        app = app_as_tester(seed_db)
        async with app.run_test(size=SIZE, notifications=True) as pilot:  # window B
            form = await open_form(pilot, rid)
            opinion = form.query_one("#opinion", TextArea)
            assert opinion.text == "" and not said(app, "已放回上次未保存的意见草稿")
            assert said(app, "意见建议正在另一个窗口里编辑；两边都保存后，两段文字都会保留")
            opinion.focus()
            await pilot.press(*"乙意见", "escape")
            await pilot.pause()
            assert _on_disk(seed_db, rid).assessment.opinion == "乙意见"
        window_a.refresh()
        window_a.merge_assessment(rid, "tester", Assessment(**{**base.__dict__, "opinion": "意见甲"}), base=base)
    after = _on_disk(seed_db, rid)
    assert after.assessment.opinion == "乙意见\n意见甲" and after.opinion_draft is None


async def test_a_note_draft_is_put_back_when_the_window_typing_it_is_killed(seed_db):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        window = _window_killed_later(seed_db, rid, 2, "打到一半", "tester")  # another window types note 2
        try:
            review = await _review_on(pilot, rid, 1)
            app.notice_store_changes()  # the poll's tick
            await pilot.pause()
            await pilot.press("j")
            await pilot.pause()
            editor = review.query_one(NoteEditor)
            assert review.index == 2 and editor.text == "" and "已放回" not in status_of(app)
        finally:
            _kill(window)  # that window is gone (kill -9): its draft is a leftover
        app.notice_store_changes()  # the poll's next tick: that window's draft is last time's now
        await pilot.pause()
        assert editor.text == "打到一半" and review.focused is None
        assert "已放回上次的备注草稿，尚未保存为备注（n 打开接着写）" in status_of(app)
        await pilot.press("n", "end", *"写完", "escape")
        await pilot.pause()
    after = _on_disk(seed_db, rid)
    assert after.suggestions[1].note == "打到一半写完" and after.note_drafts == {}
