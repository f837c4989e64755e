"""A pass over every reply (export, statistics) finds each review table's line through
`shard_format.table_offsets`, one scan a shard: it must read exactly what `read_table`
reads, table by table, including tables the journal removed (null) and the last line."""

from __future__ import annotations

import json

from cppcc_review.store import shard_format


def test_offsets_read_what_read_table_reads() -> None:
    tables = {
        "r:0123456789ab": {"1": {"type": "review", "reviewer": "王芳", "ratings": {"5": {"rating": "adopted", "note": "a\nb"}}}},
        "r:01ffee001122": {"1": {"type": "layout", "ranges": [[1, 2]]}},
        "r:01aa": {},
        "_meta": {"1": {"seq": 3, "reviewers": ["王芳", "李\"明"]}},
    }
    raw = shard_format.encode_tables(tables)
    raw = raw.replace(b'"r:01aa":{}', b'"r:01aa":null')  # a table the journal removed
    at = shard_format.table_offsets(raw)
    assert set(at) == set(tables)
    for name in tables:
        start, end = at[name]
        assert json.loads(raw[start:end]) == shard_format.read_table(raw, name)
    assert shard_format.read_table(raw, "r:01aa") is None
    assert shard_format.table_offsets(b"{\n}\n") == {}
