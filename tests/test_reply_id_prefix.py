"""A reply can be named by the start of its id ("rate 3f2a 1 采纳"): four characters or more,
and only when they name one reply; three characters are never taken as an id prefix (they
read as the start of too many ids, and of 文号 too)."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotFoundError
from cppcc_review.store.reading.parser import reply_id
from tests.helpers.replies import make_reply


def _two_sharing_a_prefix() -> tuple[list, str]:
    """Replies whose ids share their first four characters (searched, deterministic), and
    that shared prefix."""
    seen: dict[str, object] = {}
    for n in range(1, 100_000):
        reply = make_reply(doc_no=f"沪测提复〔2025〕{n}号")
        rid = reply_id(reply)
        other = seen.get(rid[:4])
        if other is not None:
            return [other, reply], rid[:4]
        seen[rid[:4]] = reply
    raise AssertionError("no two ids share four characters")  # pragma: no cover


def test_a_unique_prefix_of_four_characters_names_the_reply(tmp_path):
    (first, second), shared = _two_sharing_a_prefix()
    lone = make_reply(doc_no="沪测提复〔2025〕0号")
    with ReviewStore(tmp_path / "db") as store:
        ids = [store.add_reply(r)[0] for r in (first, second, lone)]
        lone_id = ids[2]
        assert store.resolve(lone_id[:4]) == lone_id  # exactly four characters are enough
        assert store.resolve(lone_id[:7]) == lone_id
        with pytest.raises(NotFoundError, match="matches 2 replies"):
            store.resolve(shared)  # two replies start so: neither is chosen
        with pytest.raises(NotFoundError):
            store.resolve(lone_id[:3])  # three characters are not an id prefix
