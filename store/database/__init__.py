"""ReviewStore's parts (cppcc_review.store.db is the façade that puts them together): opening and
closing, other writers and compaction, the shard cache, the index and summaries, the
texts, reading reviews and progress. See store/db.py."""
