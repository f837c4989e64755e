"""The database stays close to the size of what it holds (issue 16: <= 1.5x the imported
text): the journal of a small database is folded before it swells it (store/fold.py
`fold_bytes`: 200 bytes a reply, at least FOLD_MIN_BYTES, at most FOLD_BYTES)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import cppcc_review.store.fold
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.replies import make_reply


def test_the_journal_of_a_small_database_is_folded_before_it_grows_past_its_share(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(cppcc_review.store.fold, "FOLD_MIN_BYTES", 4 * 1024, raising=False)  # (3 replies: the floor)
    # A writer's fold has a time budget (20 ms): on a loaded machine it folds one part and
    # stops, the next write dirties that part again, and the journal outgrows its share for
    # reasons of timing only. The clock the budget reads stands still here, so every due fold
    # is whole: what is tested is the size rule.
    monkeypatch.setattr(cppcc_review.store.fold, "time", SimpleNamespace(perf_counter=lambda: 0.0))
    db = tmp_path / "db"
    ratings = [Rating.ADOPTED, Rating.EXPLAINED, Rating.PARTIALLY_ADOPTED]
    with ReviewStore(db) as s:
        ids = [s.add_reply(make_reply(f"沪科提复〔2025〕{n}号", n=4))[0] for n in (1, 2, 3)]
        s.fold_all()
        largest = 0
        made: dict = {}
        for k in range(120):  # ~50 KB of journal lines in all
            key, rating = (ids[k % 3], 1 + k % 4), ratings[(k // 3 + k // 12) % 3]
            if made.get(key) != rating:
                made[key] = rating
                made[ids[k % 3]] = made.get(ids[k % 3], 0) + 1
            s.set_rating(*key[:1], "张三", key[1], rating)
            largest = max(largest, (db / "reviews.journal").stat().st_size)
        final = {rid: s.get_review(rid, "张三").suggestions for rid in ids}
    assert largest <= 4 * 1024 + 1024  # past the limit by one line at most, then folded
    with ReviewStore(db, readonly=True) as s:
        assert {rid: s.get_review(rid, "张三").suggestions for rid in ids} == final
        assert [len(s.history(rid)) for rid in ids] == [made[rid] for rid in ids] and s.check()["ok"]
