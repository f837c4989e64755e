"""The store's cache of shard bytes keeps its size right when a cached shard is replaced
or dropped (a shard written again after a fold; a shard read once more after a change),
so the cap on the cache's bytes (SHARD_CACHE_BYTES) counts what the cache really holds."""

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.replies import make_reply


def _cached_bytes(s: ReviewStore) -> int:
    return sum(map(len, s._shard_cache.values()))


def test_the_cache_counts_the_bytes_it_holds_after_shards_are_replaced_and_dropped(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        ids = [s.add_reply(make_reply(doc_no=f"沪科提复〔2025〕{k}号", variant=str(k)))[0] for k in range(1, 6)]
        s.fold_all()
    with ReviewStore(db) as s:
        for rid in ids:  # every reply's review read once: its shards cached
            s.get_review(rid, "alice")
        assert s._shard_cache and s._shard_cache_size == _cached_bytes(s)
        for rid in ids[:3]:  # the same shards written again by a fold: each replaced in the cache
            s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        s.fold_all()
        rated = [s.get_review(rid, "alice").suggestions[0].rating for rid in ids]  # suggestion 1 of each
        assert rated == [Rating.ADOPTED] * 3 + [None] * 2
        assert s._shard_cache_size == _cached_bytes(s)
        key = next(iter(s._shard_cache))
        s._uncache_shard(key)  # dropped: its bytes no longer counted
        assert key not in s._shard_cache and s._shard_cache_size == _cached_bytes(s)
    with ReviewStore(db) as s:  # what the fold wrote is on disk
        assert [s.get_review(rid, "alice").suggestions[0].rating for rid in ids[:3]] == [Rating.ADOPTED] * 3
