"""The app with drafts left by gone windows (store/draft_leftovers.py, the poll's drafts_let_go).

- Two killed windows' drafts of one note: the box opens with both, each under the time it was
  typed, and a toast says so (before: only the last written; the other never shown).
- An opinion saved by `import-ratings` after a crash's opinion draft: the form opens with the saved
  opinion and the draft under its time (before: the older draft alone, over the newer opinion;
  esc then stored the older text in its place).
- A window typing the opinion is killed while this window's form is open: the poll puts its draft
  in the opinion box at once, as it puts a note's back (before: only at the next opening).

Pilot on a real database on disk; killed windows are killed python processes. No timing."""

from __future__ import annotations

import re

from textual.widgets import TextArea

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.widgets.note_editor import NoteEditor
from tests.helpers.cli import run_cli
from tests.test_store_draft_sessions import _kill, _window_killed_later
from tests.test_tui import seed_id
from tests.test_tui_assessment_two_writers import OPENED, open_form, rate_all
from tests.test_tui_daily_use import SIZE, app_as_tester
from tests.test_tui_other_writers import _on_disk, _review_on, said

TIME_LINE = r"—— \d{4}-\d\d-\d\d \d\d:\d\d ——"


async def test_two_killed_windows_note_drafts_both_open_in_the_box(seed_db):
    rid = seed_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, 1, "甲窗口写的", "tester"))
    _kill(_window_killed_later(seed_db, rid, 1, "乙窗口写的", "tester"))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        editor = review.query_one(NoteEditor)
        assert re.fullmatch(f"{TIME_LINE}\n甲窗口写的\n{TIME_LINE}\n乙窗口写的", editor.text)
        assert said(app, "已放回上次未保存的备注草稿：几段文字都在框中（每段草稿上方一行是它写下的时间），请整理后按 Esc 保存")
        editor.focus()
        editor.load_text("甲窗口写的\n乙窗口写的")  # the reviewer tidies the box
        await pilot.press("escape")
        await pilot.pause()
    after = _on_disk(seed_db, rid)
    assert after.suggestions[0].note == "甲窗口写的\n乙窗口写的" and after.note_drafts == {}


async def test_two_killed_windows_note_drafts_saved_untidied_leave_the_time_lines_out(seed_db):
    """Saved without tidying, the note holds both drafts, not the lines the tool put above them
    (before: `—— 2026-12-04 16:20 ——` went into the stored note); the box shows what was saved."""
    rid = seed_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, 1, "甲窗口写的", "tester"))
    _kill(_window_killed_later(seed_db, rid, 1, "乙窗口写的", "tester"))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        editor = review.query_one(NoteEditor)
        assert re.fullmatch(f"{TIME_LINE}\n甲窗口写的\n{TIME_LINE}\n乙窗口写的", editor.text)
        await pilot.press("end", *"补充", "escape")
        await pilot.pause()
        assert editor.text == "甲窗口写的\n乙窗口写的补充"
    after = _on_disk(seed_db, rid)
    assert after.suggestions[0].note == "甲窗口写的\n乙窗口写的补充" and after.note_drafts == {}


async def test_a_time_line_the_reviewer_edited_is_their_text_and_is_saved(seed_db):
    rid = seed_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, 1, "甲窗口写的", "tester"))
    _kill(_window_killed_later(seed_db, rid, 1, "乙窗口写的", "tester"))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        editor = review.query_one(NoteEditor)
        first, rest = editor.text.split("\n", 1)
        editor.focus()
        editor.load_text(f"{first}（初稿）\n{rest}")  # the first time line kept, a word added to it
        await pilot.press("escape")
        await pilot.pause()
    note = _on_disk(seed_db, rid).suggestions[0].note
    assert note == f"{first}（初稿）\n甲窗口写的\n乙窗口写的", note


async def test_an_opinion_imported_after_a_crashs_draft_opens_with_both_and_esc_keeps_both(seed_db, capsys, tmp_path):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, None)  # (no assessment here: the file's is newer, whatever the clock's second)
    _kill(_window_killed_later(seed_db, rid, "opinion", "崩溃前的意见", "tester"))
    exported = tmp_path / "tester.yaml"
    assert run_cli(capsys, "export", "--reviewer", "tester", "--db", seed_db, "-o", exported)[0] == 0
    text = exported.read_text(encoding="utf-8")
    assert "    opinion: ''\n" in text
    exported.write_text(text.replace("    opinion: ''\n", "    opinion: 导入的新意见\n"), encoding="utf-8")
    assert run_cli(capsys, "import-ratings", exported, "--db", seed_db)[0] == 0
    assert _on_disk(seed_db, rid).assessment.opinion == "导入的新意见"
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_form(pilot, rid)
        box = form.query_one("#opinion", TextArea)
        assert re.fullmatch(f"导入的新意见\n{TIME_LINE}\n崩溃前的意见", box.text)
        assert said(app, "已放回上次未保存的意见草稿：几段文字都在框中（每段草稿上方一行是它写下的时间），请整理后保存")
        await pilot.press("escape")
        await pilot.pause()
    after = _on_disk(seed_db, rid)  # both texts, not the time line the tool put between them
    assert after.assessment.opinion == "导入的新意见\n崩溃前的意见" and after.opinion_draft is None


async def test_an_opinion_draft_comes_back_in_the_open_form_when_its_window_is_killed(seed_db):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, OPENED)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        window = _window_killed_later(seed_db, rid, "opinion", "另一个窗口的意见", "tester")
        try:
            app.notice_store_changes()  # the poll's tick after that window typed (not left to the clock)
            await pilot.pause()
            form = await open_form(pilot, rid)
            box = form.query_one("#opinion", TextArea)
            assert box.text == "" and said(app, "意见建议正在另一个窗口里编辑；两边都保存后，两段文字都会保留")
            app.notice_store_changes()  # the poll's tick: that window is still open
            await pilot.pause()
            assert box.text == ""
        finally:
            _kill(window)
        app.notice_store_changes()  # the poll's next tick: its draft is last time's now
        await pilot.pause()
        assert box.text == "另一个窗口的意见"
        assert said(app, "已放回上次未保存的意见草稿")
        box.focus()
        await pilot.press("end", *"补充", "escape")
        await pilot.pause()
    after = _on_disk(seed_db, rid)
    assert after.assessment.opinion == "另一个窗口的意见补充" and after.opinion_draft is None


async def test_an_opinion_draft_let_go_while_typing_is_added_after_the_typed_text(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    rate_all(seed_db, rid, OPENED)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        window = _window_killed_later(seed_db, rid, "opinion", "另一个窗口的意见", "tester")
        try:
            app.notice_store_changes()  # the poll's tick after that window typed (not left to the clock)
            await pilot.pause()
            form = await open_form(pilot, rid)
            box = form.query_one("#opinion", TextArea)
            box.focus()
            monkeypatch.setattr(form._draft, "flush", lambda: None)  # typed, its draft not written yet
            await pilot.press(*"这边写的")
        finally:
            _kill(window)
        app.notice_store_changes()
        await pilot.pause()
        assert box.text == "这边写的\n另一个窗口的意见"
        assert box.cursor_location == (0, 4)  # typing goes on where it was, as in the note's box
        assert said(app, "另一个已关闭的窗口留下了未保存的意见草稿，已接在框中文字之后")
        monkeypatch.undo()
        await pilot.press("escape")
        await pilot.pause()
    after = _on_disk(seed_db, rid)
    assert after.assessment.opinion == "这边写的\n另一个窗口的意见" and after.opinion_draft is None


def test_the_opinion_draft_on_disk_is_the_killed_windows(seed_db):
    """(The killed window's draft is on disk under its own session, as the tests above assume.)"""
    rid = seed_id(seed_db)
    _kill(_window_killed_later(seed_db, rid, "opinion", "x", "tester"))
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "tester").opinion_draft == "x"


async def test_a_note_draft_let_go_while_typing_is_added_after_the_typed_text(seed_db, monkeypatch):
    """A window typing the same note is killed before this window's first draft is on disk: the
    store hands its draft to this box, whose next draft would replace it. It goes in the box after
    what is typed, with a toast (before: never shown, and this window's next draft deleted it)."""
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        window = _window_killed_later(seed_db, rid, 1, "另一个窗口的备注", "tester")
        try:
            review = await _review_on(pilot, rid, 1)
            app.notice_store_changes()  # the poll's tick after that window typed (not left to the clock)
            await pilot.pause()
            editor = review.query_one(NoteEditor)
            assert editor.text == ""
            monkeypatch.setattr(review.note.drafts, "flush", lambda: None)  # typed, its draft not written yet
            await pilot.press("n", *"这边写的")
        finally:
            _kill(window)
        app.notice_store_changes()  # the poll's next tick: that window's draft is last time's now
        await pilot.pause()
        assert editor.text == "这边写的\n另一个窗口的备注"
        assert said(app, "另一个已关闭的窗口留下了这条备注的未保存草稿，已接在框中文字之后")
        monkeypatch.undo()
        await pilot.press("escape")
        await pilot.pause()
    after = _on_disk(seed_db, rid)
    assert after.suggestions[0].note == "这边写的\n另一个窗口的备注" and after.note_drafts == {}
