"""A kept note (the full disk refused it) follows a merge or split made in this window at once.

The app's poll moved kept notes to the layout as stored once a second; a merge or split made here
left them numbered by the old layout until that tick, so the box of a suggestion the change
renumbered showed another suggestion's kept note (after splitting the first suggestion, the new
third showed the old third's note, not the old second's, which it now is), and esc would have saved
it there. The poll is switched off (ticks_only): each test failed on the code before this change.
The full disk is simulated as in tests/test_tui_note_full_disk.py."""

from __future__ import annotations

from cppcc_review.tui.widgets.note_editor import NoteEditor
from tests.test_tui import open_first, seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester, status_of
from tests.test_tui_note_full_disk import LONG, SmallDisk, _kept_on, _note_on_disk, ticks_only

THIRD = "第三条" + LONG


async def _go_to(pilot, review, index: int) -> None:
    assert 1 <= index <= review.view.total
    while review.index > index:
        await pilot.press("k")
    while review.index < index:
        await pilot.press("j")
    await pilot.pause()


async def test_kept_notes_follow_a_split_made_here_before_the_next_poll(seed_db, monkeypatch):
    ticks_only(monkeypatch)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 2, LONG)
        await _kept_on(pilot, review, 3, THIRD)
        await _go_to(pilot, review, 1)
        await pilot.press("S")  # split the first suggestion (a short line: the disk takes it)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert review.view.total == 4
        assert sorted(app.context.unsaved.notes) == [(rid, 3), (rid, 4)]  # renumbered now, not at the poll
        await _go_to(pilot, review, 3)  # the old second suggestion: its kept note in the box
        assert review.query_one(NoteEditor).text == LONG
        await _go_to(pilot, review, 4)
        assert review.query_one(NoteEditor).text == THIRD
        assert "未保存" in status_of(app)
        disk.full = False
        await pilot.press("n", "escape")  # esc saves the note shown, where it belongs
        await pilot.pause()
        app.notice_store_changes()  # and the retry the other one
        await pilot.pause()
        assert not app.context.unsaved.notes and "已保存" in status_of(app), status_of(app)
    assert _note_on_disk(seed_db, rid, 3) == (LONG, None)
    assert _note_on_disk(seed_db, rid, 4) == (THIRD, None)


async def test_kept_notes_a_merge_made_here_joins_are_one_at_once(seed_db, monkeypatch):
    ticks_only(monkeypatch)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 2, LONG)
        await _kept_on(pilot, review, 3, THIRD)
        await _go_to(pilot, review, 2)
        total = review.view.total
        await pilot.press("m")  # merge the second with the third
        await pilot.pause()
        assert review.view.total == total - 1 == 2 and review.index == 2
        assert sorted(app.context.unsaved.notes) == [(rid, 2)]  # joined now, in their order
        assert review.query_one(NoteEditor).text == LONG + "\n" + THIRD
        disk.full = False
        app.notice_store_changes()
        await pilot.pause()
        assert not app.context.unsaved.notes and "已保存" in status_of(app), status_of(app)
    assert _note_on_disk(seed_db, rid, 2) == (LONG + "\n" + THIRD, None)


async def test_kept_notes_follow_an_undo_of_a_split_made_here_at_once(seed_db, monkeypatch):
    ticks_only(monkeypatch)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.press("S")  # split the first suggestion while the disk takes anything
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 3, LONG)  # the old second
        await pilot.press("u")  # the split undone: the old second is the second again
        await pilot.pause()
        assert sorted(app.context.unsaved.notes) == [(rid, 2)]
        await _go_to(pilot, review, 2)
        assert review.query_one(NoteEditor).text == LONG
