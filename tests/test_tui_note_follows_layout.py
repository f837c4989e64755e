"""A note never lands on another suggestion than the one it was written for: the app saves a note
(esc) and its draft against the layout it shows, and when another window merged the suggestions in
the second before this one's poll, the save is refused, the screen follows to the suggestion that
now holds the text, the typed text stays in its box (and on disk as that suggestion's draft), and
the reviewer is told; esc then saves it there. Pilot on a real database; the other window is a
second store on the same folder."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from tests.test_tui import seed_id
from tests.test_tui_assessment_two_writers import no_poll
from tests.test_tui_daily_use import SIZE, app_as_tester
from tests.test_tui_other_writers import _review_on, said


@pytest.fixture(autouse=True)
def drafts_only_when_flushed(monkeypatch):
    """The draft keeper writes when the test says (flush), not when a slow machine's timer fires; the
    toasts stay until the test has read them (a loaded machine can take longer than their 3 s between
    the key and the test's look), and the app's idle fold never starts in between (no pause on a clock)."""
    monkeypatch.setattr("cppcc_review.tui.drafts.DRAFT_DELAY", 600.0)
    monkeypatch.setattr("cppcc_review.tui.drafts.DRAFT_MAX_WAIT", 600.0)
    monkeypatch.setattr("cppcc_review.tui.app.TOAST_SECONDS", 600.0)
    monkeypatch.setattr("cppcc_review.tui.store_poll.IDLE_SECONDS", 3600.0)


def _disk(db, rid, reviewer="tester"):
    with ReviewStore(db, readonly=True) as other:  # another process: the app's live draft is "elsewhere"
        review = other.get_review(rid, reviewer)
        return [s.note for s in review.suggestions], review.notes_elsewhere


async def test_esc_after_a_merge_elsewhere_keeps_the_note_in_its_box_on_its_suggestion_then_saves_it_there(seed_db,
                                                                                                   monkeypatch):
    no_poll(monkeypatch)  # the save meets the merge, not the app's poll (which a loaded machine could run first)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        text = review.view.suggestion.text
        await pilot.press("n", *"写给第二条")
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)  # the second suggestion is now part of the first
        await pilot.press("escape")  # before the next poll: the screen still shows three suggestions
        await pilot.pause()
        assert said(app, "备注未保存：这条答复的建议在别处被合并了：现有 2 条（原 3 条）；备注仍在编辑框中，请确认它所属的建议后按 Esc 保存")
        assert review.view.total == 2 and review.index == 1 and text in review.view.suggestion.text
        assert review.note.editor.text == "写给第二条" and review.focused is review.note.editor
        assert _disk(seed_db, rid) == (["", ""], frozenset({1}))  # not a note yet: this window's draft
        await pilot.press("escape")
        await pilot.pause()
        assert review.focused is None
    assert _disk(seed_db, rid) == (["写给第二条", ""], frozenset())


async def test_a_note_refused_for_a_merge_that_a_third_writer_undid_meanwhile_follows_again_and_keeps_its_draft(
        seed_db, monkeypatch):
    """Esc meets a merge made elsewhere; as the screen follows it and keeps the note as the draft of its
    suggestion, a third writer undoes the merge: that draft is refused too. The screen follows again (the
    reviewer is told) and the draft is on disk on the suggestion it was written for (it was lost, unsaid)."""
    no_poll(monkeypatch)
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        await pilot.press("n", *"写给第二条")
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
            set_draft, undone = app.context.store.set_draft, []

            def undone_before_the_draft(*args, **kwargs):
                if not undone:
                    undone.append(other.undo("root"))  # the third writer, just before the draft
                return set_draft(*args, **kwargs)

            monkeypatch.setattr(app.context.store, "set_draft", undone_before_the_draft)
            await pilot.press("escape")
            await pilot.pause()
        assert undone and said(app, "备注未保存：这条答复的建议的一次合并在别处被撤销了：现有 3 条（原 2 条）")
        assert review.view.total == 3 and review.index == 2 and review.note.editor.text == "写给第二条"
        assert review.focused is review.note.editor
        assert _disk(seed_db, rid) == (["", "", ""], frozenset({2}))  # this window's draft, on the second
        await pilot.press("escape")
        await pilot.pause()
    assert _disk(seed_db, rid) == (["", "写给第二条", ""], frozenset())


async def test_a_draft_written_after_a_merge_elsewhere_goes_to_the_suggestion_it_was_written_for_in_english(
        seed_db, monkeypatch):
    no_poll(monkeypatch)  # the draft's save meets the merge, not the app's poll
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        await pilot.press("n", *"half written")
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        review.note.drafts.flush()  # the draft keeper's timer, before the next poll
        await pilot.pause()
        assert said(app, "the note being written stays in its box, on the suggestion it was written for")
        assert review.index == 1 and review.note.editor.text == "half written"
        assert review.focused is review.note.editor
        assert _disk(seed_db, rid) == (["", ""], frozenset({1}))
        await pilot.press(*" and done", "escape")
        await pilot.pause()
    assert _disk(seed_db, rid) == (["half written and done", ""], frozenset())


async def test_a_note_saved_after_a_merge_joined_it_with_another_note_keeps_both(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as other:
        other.set_note(rid, "tester", 1, "第一条的备注")
        other.set_note(rid, "tester", 2, "第二条的备注")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        await pilot.press("n", *"补充")
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        await pilot.press("escape")
        await pilot.pause()
        # the box holds what esc now stores: the merged note, the second one's as typed over (not twice)
        assert review.note.editor.text == "第一条的备注\n第二条的备注补充"
        await pilot.press("escape")
        await pilot.pause()
    assert _disk(seed_db, rid)[0] == ["第一条的备注\n第二条的备注补充", ""]
