"""Which shard holds what: reply ids split by prefix, and the shards' names.

The data that grows with the number of replies lives in shards, one file per kind and
prefix, so that a command reads and writes only the shards of the replies it touches:

  index/<pp>     the index entries of the replies whose id starts with <pp> (TinyDB
                 table `replies`, one entry a line; cppcc_review.store.index_shards)
  reviews/<pp>   their review tables `r:<id>` (one table a line)
  changes/<pp>   their change history `h:<id>` (one table a line)
  names/<pp>     文号 -> reply id, <pp> from a hash of the normalised 文号
  summary/<nnnn> the inbox's rows in its default order, 4,096 a file (cppcc_review.store.summary)
  reviews/_meta  the change counter and the reviewers' names

<pp> is two hex digits: 256 shards a kind, about 400 replies each at 100,000 replies.
"""

from __future__ import annotations

import hashlib

PREFIX_LEN = 2
PREFIXES = tuple(f"{i:02x}" for i in range(16 ** PREFIX_LEN))
KINDS = ("index", "reviews", "changes", "names", "summary")
META = "_meta"
META_KEY = "reviews/" + META


def prefix(reply_id: str) -> str:
    return reply_id[:PREFIX_LEN]


def key(kind: str, part: str) -> str:
    return f"{kind}/{part}"


def of_table(name: str) -> str:
    """The shard key holding table `name` (r:<id> / h:<id> / _meta)."""
    if name.startswith("r:"):
        return "reviews/" + name[2 : 2 + PREFIX_LEN]
    if name.startswith("h:"):
        return "changes/" + name[2 : 2 + PREFIX_LEN]
    if name == META:
        return META_KEY
    raise ValueError(f"no shard for table {name!r}")


def part_of_table(name: str) -> str:
    """The prefix (or `_meta`) whose fold covers table `name`."""
    return META if name == META else name[2 : 2 + PREFIX_LEN]


def names_part(doc_no_key: str) -> str:
    return hashlib.sha256(doc_no_key.encode("utf-8")).hexdigest()[:PREFIX_LEN]


def kind_of(shard_key: str) -> str:
    return shard_key.split("/", 1)[0]


def part_of(shard_key: str) -> str:
    return shard_key.split("/", 1)[1]
