"""One thread at a time inside a ReviewStore (cppcc_review.store.one_thread): the app folds the
journal on a worker thread in a pause; while another thread is inside the store, a fold does not
start (it never waits), the poll's refresh(wait=0) looks again later, and a call from another
thread waits for the first to end instead of running beside it. A real database on disk."""

from __future__ import annotations

import threading

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.test_fold_off_keys import manifest, write_long_journal


def test_nothing_runs_beside_a_thread_inside_the_store(tmp_path, monkeypatch):
    db = tmp_path / "db"
    rid = write_long_journal(db)
    before = manifest(db)
    inside, gate = threading.Event(), threading.Event()
    with ReviewStore(db, fold_on_write=False) as store:
        assert store.fold_due()
        raw_table = ReviewStore._raw_table

        def held(self, reply_id):
            if threading.current_thread() is not threading.main_thread():
                inside.set()
                assert gate.wait(30)
            return raw_table(self, reply_id)

        monkeypatch.setattr(ReviewStore, "_raw_table", held)
        reviews: list = []
        reader = threading.Thread(target=lambda: reviews.append(store.get_review(rid, "alice")))
        reader.start()
        assert inside.wait(30)  # another thread is reading a review
        assert not store.maintain(budget=10.0)  # no fold beside it, and no wait for it
        assert store.refresh(wait=0) == set()
        assert manifest(db) == before
        rated: list = []
        writer = threading.Thread(target=lambda: rated.append(store.set_rating(rid, "bob", 1, Rating.ADOPTED)))
        writer.start()
        writer.join(0.2)
        assert writer.is_alive() and not rated  # waits for the reader
        gate.set()
        reader.join(30)
        writer.join(30)
        assert reviews[0].suggestions[0].note.startswith("99 ") and rated
        monkeypatch.undo()
        assert store.maintain(budget=10.0)  # alone in the store: the fold runs
        assert manifest(db) != before
    with ReviewStore(db) as s:
        assert s.get_review(rid, "bob").suggestions[0].rating is Rating.ADOPTED and s.check()["ok"]
