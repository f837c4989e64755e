"""The reviewer's model trains on the latest ratings only (ReviewerModel.MAX_TRAIN): at
100,000 rated replies, gathering its samples must not read every rated reply's text
(it held every text in memory, 4 GB, on the app's thread). `latest_samples` reads from
the end back, and gives exactly the last samples and the count of them all."""

from __future__ import annotations

from cppcc_review.store.aids.hint_learner import latest_samples, samples_from_store
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.replies import make_reply

RATINGS = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]


def _key(sample):
    return sample.reply.doc_no, sample.suggestion.index, sample.rating


def test_the_latest_samples_are_the_last_of_all_and_read_few_texts(tmp_path, monkeypatch):
    with ReviewStore(tmp_path / "db") as store:
        ids = [store.add_reply(make_reply(f"沪科提复〔2025〕{n}号", variant=str(n)))[0] for n in range(1, 13)]
        for k, rid in enumerate(ids):
            for i in range(1, 4):
                if (k + i) % 5:  # a few left unrated
                    store.set_rating(rid, "r", i, RATINGS[(k * i) % 3])
        every = samples_from_store(store, "r")
        read: list[str] = []
        real = store.get_reply
        monkeypatch.setattr(store, "get_reply", lambda rid: read.append(rid) or real(rid))
        for limit in (1, 5, 7, len(every), len(every) + 10):
            read.clear()
            latest, count = latest_samples(store, "r", limit)
            assert [_key(s) for s in latest] == [_key(s) for s in every[-limit:]]
            assert count == len(every)
            if limit <= 7:
                assert len(read) <= 4  # the last few replies' texts, not all 12


def test_the_samples_read_are_as_many_as_the_model_trains_on():
    from cppcc_review.store.aids.hint_learner import TRAIN_SAMPLES, ReviewerModel

    assert ReviewerModel.MAX_TRAIN == TRAIN_SAMPLES
