"""ctrl+z after a multi-line paste whose line wraps, in the note editor and the opinion box,
crashed the app (ValueError "The document line index 1 is out of bounds" from Textual's
TextArea undo): the undo took the scrollbar away while the cursor was still on the pasted
line that was gone. Undo now removes the paste and the app keeps running; redo puts it
back. An unexpected exception lands in the log file with its traceback. Each test failed
on the code before this change."""

from __future__ import annotations

import pytest
from textual import events

from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.widgets.note_editor import NoteEditor
from cppcc_review.tui.widgets.plain_text_area import PlainTextArea
from tests.test_tui import open_first
from tests.test_tui_daily_use import app_as_tester

PASTE = "A\n" + "长" * 300  # two lines, the second wraps: the box gets a scrollbar


async def _paste_undo_redo(pilot, box: PlainTextArea, before: str) -> None:
    pilot.app.post_message(events.Paste(PASTE))  # as the terminal driver sends it
    await pilot.pause()
    assert box.text == before + PASTE, (len(box.text), box.text.count("\n"), box.text[:5])
    await pilot.press("ctrl+z")
    await pilot.pause()
    assert box.text == before, "undo removes the paste"
    await pilot.press("ctrl+y")
    await pilot.pause()
    assert box.text == before + PASTE, "redo puts it back"
    await pilot.press("ctrl+z")
    await pilot.pause()
    assert box.text == before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_undo_of_a_wrapping_multi_line_paste_in_the_note_keeps_the_app_running(seed_db, size):
    app = app_as_tester(seed_db)
    async with app.run_test(size=size, notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.press("n")
        await pilot.pause()
        editor = review.query_one(NoteEditor)
        await _paste_undo_redo(pilot, editor, editor.text)
        await pilot.press("x")  # still typing into the same note
        await pilot.pause()
        assert editor.text.endswith("x") and app.is_running


async def test_undo_of_a_wrapping_multi_line_paste_in_the_opinion_keeps_the_app_running(seed_db):
    app = app_as_tester(seed_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        box = form.query_one("#opinion", PlainTextArea)
        box.focus()
        await pilot.pause()
        await _paste_undo_redo(pilot, box, box.text)
        assert app.is_running


async def test_an_unexpected_exception_is_logged_with_its_traceback(seed_db, monkeypatch):
    """The log had only "app closed" after the crash above: the traceback went to the
    terminal alone, and was gone with it."""
    from cppcc_review.tui.logs import log_path, stop_logging
    from cppcc_review.tui.screens.inbox import InboxScreen

    stop_logging()  # the log file is attached once a process: this test's own, in its HOME

    def broken(_screen) -> None:
        raise RuntimeError("a bug the app did not expect")

    monkeypatch.setattr(InboxScreen, "action_search", broken)
    app = app_as_tester(seed_db)
    with pytest.raises(RuntimeError, match="did not expect"):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
    stop_logging()
    logged = log_path().read_text(encoding="utf-8")
    assert "unexpected error" in logged and "Traceback (most recent call last)" in logged, logged[-2000:]
    assert "RuntimeError: a bug the app did not expect" in logged and "in broken" in logged
