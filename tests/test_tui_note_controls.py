"""A note or an opinion holding ANSI escapes and control characters (stored by `rate --note`,
an imported ratings file) reached the terminal raw in the note box, the note editor and the
opinion box: ESC[31m recoloured the screen, the BEL rang, the border moved. They are shown as
visible stand-ins (␛, ␇) as everywhere else; the stored bytes stay as they are while the box
shows them unchanged (opened and left: no change written), and a note the reviewer edits is
saved as what they saw (the stand-in characters, never the escape again). A paste is made
visible as it arrives. Each test failed on the code before this change."""

from __future__ import annotations

from textual import events

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment
from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.widgets.note_editor import NoteEditor
from cppcc_review.tui.widgets.plain_text_area import PlainTextArea
from tests.helpers.cli import run_cli
from tests.helpers.files import journal_changes
from tests.test_tui import open_first, seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester

NOTE = "\x1b[31mRED\x1b[0m [bold]B[/bold] \x07bell"
SHOWN = "␛[31mRED␛[0m [bold]B[/bold] ␇bell"


def _drawn(box) -> str:
    """What the box sends to the terminal, row by row (its border included)."""
    return "\n".join("".join(segment.text for segment in box.render_line(y)) for y in range(box.size.height))


def _stored(db, rid):
    with ReviewStore(db, readonly=True) as other:
        return other.get_review(rid, "tester")


async def test_a_notes_escapes_are_shown_as_stand_ins_and_kept_until_edited(seed_db, capsys):
    rid = seed_id(seed_db)
    assert run_cli(capsys, "rate", rid, "1", "采纳", "--note", NOTE, "--reviewer", "tester", "--db", seed_db)[0] == 0
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        review.load_reply(rid, 1)
        await pilot.pause()
        editor = review.query_one(NoteEditor)
        drawn = _drawn(editor)
        assert SHOWN in drawn and "\x1b" not in drawn and "\x07" not in drawn, repr(drawn)
        changes = journal_changes(seed_db)
        await pilot.press("n")  # the editor: the same stand-ins
        await pilot.pause()
        drawn = _drawn(editor)
        assert SHOWN in drawn and "\x1b" not in drawn and "\x07" not in drawn, repr(drawn)
        await pilot.press("escape", "j", "k")  # opened and left unchanged: nothing written
        await pilot.pause()
        assert journal_changes(seed_db) == changes and _stored(seed_db, rid).suggestions[0].note == NOTE
        assert SHOWN in _drawn(editor)
        await pilot.press("n", "!", "escape")  # edited: saved as what the reviewer saw
        await pilot.pause()
    assert _stored(seed_db, rid).suggestions[0].note == SHOWN + "!"


async def test_an_opinions_escapes_are_shown_as_stand_ins_and_kept_until_edited(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_assessment(rid, "tester", Assessment(opinion=NOTE))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        box = form.query_one("#opinion", PlainTextArea)
        drawn = _drawn(box)
        assert SHOWN in drawn and "\x1b" not in drawn and "\x07" not in drawn, repr(drawn)
        changes = journal_changes(seed_db)
        await pilot.press("down", "enter")  # a choice, saved with the opinion: its bytes stay as stored
        await pilot.pause()
        assert journal_changes(seed_db) == changes + 1
        stored = _stored(seed_db, rid).assessment
        assert stored.result is not None and stored.opinion == NOTE
        assert review is not None


async def test_a_pasted_escape_is_made_visible(seed_db):
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.press("n")
        editor = review.query_one(NoteEditor)
        editor.post_message(events.Paste("a\x1b[2Jb\x07"))
        await pilot.pause()
        assert editor.text.endswith("a␛[2Jb␇") and "\x1b" not in _drawn(editor)
