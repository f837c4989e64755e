"""A note whose save the disk refused (full) was dropped when the reviewer moved on: the box of
the next suggestion replaced it, nothing was retried, and a later rating that fitted on the disk
turned the status line to 已保存 over it. Now the text is kept in memory as that suggestion's
unsaved note: moving back shows it, the status line stays red (未保存) while any note is unsaved,
it is saved again without a key once there is room (the app's once-a-second look) or by esc, and
quitting with it unsaved asks first. The full disk is simulated: the journal's writes of more than
1,000 bytes fail with ENOSPC (a short rating line still fits, as on the tester's 3 MB tmpfs).
Each test failed on the code before this change."""

from __future__ import annotations

import errno
import os

from textual.widgets import TextArea

import cppcc_review.store.journal as journal_mod
from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.screens.confirm import ConfirmScreen
from cppcc_review.tui.widgets.note_editor import NoteEditor
from tests.test_tui import open_first, seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester, status_of
from tests.test_tui_other_writers import said

LONG = "这条建议的答复只说了过去的做法，" * 100  # 1,600 characters, 4.8 KB: more than the disk takes


class SmallDisk:
    """os.write of the journal: a write of more than 1,000 bytes fails while `full`."""

    def __init__(self, monkeypatch) -> None:
        self.full = True
        real = os.write

        def write(fd, data):
            if self.full and len(data) > 1000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, data)

        monkeypatch.setattr(journal_mod.os, "write", write)


def _note_on_disk(db, rid, index) -> tuple[str, str | None]:
    with ReviewStore(db, readonly=True) as other:  # what another process sees on disk
        review = other.get_review(rid, "tester")
        return review.suggestions[index - 1].note, review.note_drafts.get(index)


async def _type_note_and_leave(pilot, review, text: str) -> None:
    await pilot.press("n")
    review.query_one(NoteEditor).insert(text)
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


async def test_a_note_the_full_disk_refused_is_kept_shown_in_red_and_saved_once_there_is_room(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await pilot.press("1")  # a short line: saved, and on to suggestion 2
        await pilot.pause()
        index = review.index
        assert index == 2 and "已保存" in status_of(app)
        await _type_note_and_leave(pilot, review, LONG)
        assert app.context.status.text()[1] == "error" and "未保存" in status_of(app)
        await pilot.press("2")  # a rating that fits: saved, but the note is not
        await pilot.pause()
        assert review.index != index
        assert app.context.status.text()[1] == "error" and "未保存" in status_of(app), status_of(app)
        assert "已保存" not in status_of(app)
        while review.index > index:  # back to the note
            await pilot.press("k")
        await pilot.pause()
        editor = review.query_one(NoteEditor)
        assert review.index == index and editor.text == LONG  # shown again, not dropped
        assert _note_on_disk(seed_db, rid, index) == ("", None)  # (the disk took none of it)
        disk.full = False  # room again (rm fill)
        app.notice_store_changes()  # the app's once-a-second look: tried again, no key needed
        await pilot.pause()
        assert _note_on_disk(seed_db, rid, index) == (LONG, None)
        assert app.context.status.text()[1] == "" and "已保存" in status_of(app), status_of(app)
        assert editor.text == LONG
        await pilot.press("j", "k", "n", "escape")  # nothing more to save
        await pilot.pause()
    assert _note_on_disk(seed_db, rid, index) == (LONG, None)


async def test_esc_on_the_unsaved_note_saves_it_once_there_is_room(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _type_note_and_leave(pilot, review, LONG)
        await pilot.press("j", "k")
        await pilot.pause()
        assert review.query_one(NoteEditor).text == LONG
        disk.full = False
        await pilot.press("n", "x", "escape")  # typed on, then esc: saved
        await pilot.pause()
        assert _note_on_disk(seed_db, rid, 1) == (LONG + "x", None)
        assert app.context.status.text()[1] == ""


async def test_quitting_with_an_unsaved_note_asks_first(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        SmallDisk(monkeypatch)
        await _type_note_and_leave(pilot, review, LONG)
        await pilot.press("q")  # to the inbox: the text stays kept
        await pilot.pause()
        assert "未保存" in status_of(app)
        await app.action_quit()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "1 条备注" in app.screen.question
        await pilot.press("n")  # stay
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen) and app.is_running
        await app.action_quit()
        await pilot.pause()
        await pilot.press("y")  # leave anyway
        await pilot.pause()
        assert not app.is_running
    assert _note_on_disk(seed_db, rid, 1) == ("", None)  # (as the question said)


async def test_the_status_line_says_saved_once_the_kept_note_is_saved_and_quitting_asks_nothing(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _type_note_and_leave(pilot, review, LONG)  # refused: the error in red, nothing saved since
        assert app.context.status.text()[1] == "error"
        disk.full = False
        app.notice_store_changes()
        await pilot.pause()
        assert app.context.status.text()[1] == "" and "已保存" in status_of(app), status_of(app)
        await app.action_quit()
        await pilot.pause()
        assert not app.is_running  # nothing unsaved: no question
    assert _note_on_disk(seed_db, rid, 1) == (LONG, None)


async def test_the_form_stays_open_while_the_disk_refuses_its_opinion(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        disk = SmallDisk(monkeypatch)
        form.query_one("#opinion", TextArea).focus()
        await pilot.pause()
        form.query_one("#opinion", TextArea).insert(LONG)
        await pilot.press("escape")  # (leaves the box) then q: the form stays, with the text
        await pilot.pause()
        form.action_back()
        await pilot.pause()
        assert app.screen is form and form.query_one("#opinion", TextArea).text == LONG
        assert "未保存" in status_of(app)
        disk.full = False
        form.action_back()  # tried again: saved, and back
        await pilot.pause()
        assert app.screen is not form
    with ReviewStore(seed_db, readonly=True) as other:
        assert other.get_review(rid, "tester").assessment.opinion == LONG


async def test_quitting_with_an_opinion_the_disk_refused_asks_first(seed_db, monkeypatch, caplog):
    """Only notes were asked about at quit: an opinion the disk refused was lost without a word."""
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        disk = SmallDisk(monkeypatch)
        form.query_one("#opinion", TextArea).focus()
        await pilot.pause()
        form.query_one("#opinion", TextArea).insert(LONG)
        await pilot.pause()
        with caplog.at_level("ERROR", logger="cppcc_review"):  # a closed terminal cannot ask: the log keeps it
            app.context.unsaved.log_texts(app.screen_stack)
        assert any("opinion of" in r.getMessage() and LONG in r.getMessage() for r in caplog.records)
        await app.action_quit()  # the save is tried first, refused
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "意见建议没能写入磁盘" in app.screen.question
        await pilot.press("n")  # stay: the text is still in its box
        await pilot.pause()
        assert app.screen is form and form.query_one("#opinion", TextArea).text == LONG
        disk.full = False
        await app.action_quit()  # saved now: no question
        await pilot.pause()
        assert not app.is_running
    with ReviewStore(seed_db, readonly=True) as other:
        assert other.get_review(rid, "tester").assessment.opinion == LONG


def ticks_only(monkeypatch) -> None:
    """The app's poll runs only when the test calls it (app.notice_store_changes): a tick of its own
    between two steps of the test would try the kept notes before the test has changed the layout."""
    monkeypatch.setattr("cppcc_review.tui.app.STORE_POLL_SECONDS", 3600.0)


async def _kept_on(pilot, review, index: int, text: str) -> None:
    while review.index < index:
        await pilot.press("j")
    await _type_note_and_leave(pilot, review, text)


async def test_a_kept_note_whose_suggestion_was_merged_elsewhere_follows_it_and_is_saved_there(seed_db, monkeypatch):
    """The retry met a layout merged in another window since the note was written: it was refused at every
    second, logged and only counted at quit. It follows the merge as a note being typed does (both kept
    notes of the two suggestions joined, in their order) and is saved once there is room."""
    ticks_only(monkeypatch)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 2, LONG)
        await _kept_on(pilot, review, 3, "第三条" + LONG)
        assert len(app.context.unsaved) == 2 and "未保存" in status_of(app)
        await pilot.press("q")  # to the inbox: the kept notes are only in memory
        await pilot.pause()
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 2)  # the second and third are one now
        app.notice_store_changes()  # the retry: the disk is still full, the notes follow the merge
        await pilot.pause()
        assert sorted(app.context.unsaved.notes) == [(rid, 2)] and "未保存" in status_of(app)
        disk.full = False
        app.notice_store_changes()
        await pilot.pause()
        assert not app.context.unsaved.notes and "已保存" in status_of(app), status_of(app)
    assert _note_on_disk(seed_db, rid, 2) == (LONG + "\n第三条" + LONG, None)


async def test_kept_notes_follow_a_split_made_here_each_to_the_suggestion_that_now_holds_its_first_line(
        seed_db, monkeypatch):
    ticks_only(monkeypatch)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 2, LONG)
        await _kept_on(pilot, review, 3, "第三条" + LONG)
        while review.index > 1:  # the reviewer splits the first suggestion (a short line: the disk takes it)
            await pilot.press("k")
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("enter")  # the split picker's first line
        await pilot.pause()
        assert review.view.total == 4
        disk.full = False  # room again
        app.notice_store_changes()
        await pilot.pause()
        assert not app.context.unsaved.notes and "已保存" in status_of(app), status_of(app)
    assert _note_on_disk(seed_db, rid, 3) == (LONG, None)  # the second suggestion is the third now
    assert _note_on_disk(seed_db, rid, 4) == ("第三条" + LONG, None)  # (not joined to the one numbered 3 before)


async def test_a_kept_note_whose_text_a_new_import_took_away_is_said_and_held_for_the_reviewer_to_save(
        tmp_path, monkeypatch):
    """The reply imported again with a shorter text: the kept note's suggestion is gone, and no other holds
    its line. The reviewer is told (it was only logged), and the note is held on the nearest suggestion,
    not saved there on its own: the box shows it there, and esc saves it where the reviewer puts it."""
    from tests.helpers.replies import make_reply

    ticks_only(monkeypatch)
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        rid, _ = store.add_reply(make_reply(n=4))
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 4, LONG)
        await pilot.press("q")
        await pilot.pause()
        disk.full = False
        with ReviewStore(db) as other:
            assert other.add_reply(make_reply(n=2)) == (rid, "updated")
        app.notice_store_changes()
        await pilot.pause()
        assert said(app, "第 4 条建议的未保存备注无法写回原处（它所在的文字已不在任何一条建议中）；它显示在第 2 条建议的备注框中")
        app.notice_store_changes()  # not saved on its own, and said once
        await pilot.pause()
        assert sorted(app.context.unsaved.notes) == [(rid, 2)] and "未保存" in status_of(app)
        assert _note_on_disk(db, rid, 2) == ("", None)
        await pilot.press("enter")  # the reply again, on its second suggestion: the box shows the note
        await pilot.pause()
        review = app.screen
        while review.index < 2:
            await pilot.press("j")
        await pilot.pause()
        assert review.query_one(NoteEditor).text == LONG
        await pilot.press("n", "escape")  # saved here, as the reviewer chose
        await pilot.pause()
        assert not app.context.unsaved.notes and "未保存" not in status_of(app)
    assert _note_on_disk(db, rid, 2) == (LONG, None)
