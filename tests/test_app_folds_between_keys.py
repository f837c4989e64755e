"""The app folds a grown journal into the shards between keys (cppcc_review.tui.store_poll ->
ReviewStore.maintain), so that a mark never has to fold on its way to disk; not while a
note is being typed."""

from __future__ import annotations

import time

import cppcc_review.store.fold
from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from tests.helpers.files import journal_changes
from tests.helpers.replies import make_reply


def _grown_journal(db) -> str:
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply())
        s.fold_all()
    return rid


async def test_the_app_folds_the_journal_between_keys(tmp_path, monkeypatch):
    db = tmp_path / "db"
    rid = _grown_journal(db)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, remember_place=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with ReviewStore(db) as other:  # the command line writes while the app is open
            for i in range(3):
                other.set_note(rid, "colleague", 1, f"note {i}")
        assert journal_changes(db) == 3
        monkeypatch.setattr(cppcc_review.store.fold, "FOLD_BYTES", 64)  # the journal counts as grown
        app.context.status.set_editing("note", True)  # typing a note: nothing is folded
        app.notice_store_changes()
        assert journal_changes(db) == 3
        app.context.status.set_editing("note", False)
        app.context.status.last_key_at = time.monotonic() - 60  # the reviewer has paused (the first tick is none)
        for _ in range(5):  # a tick folds a few prefixes (a budget of ~20 ms each), on a worker thread
            app.notice_store_changes()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert journal_changes(db) == 0  # every change in the shards; the journal started again
    with ReviewStore(db, readonly=True) as s:
        assert s.get_review(rid, "colleague").suggestions[0].note == "note 2"
