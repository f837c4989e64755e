"""Whole-shard fast paths of the schema checks, for `db check` (cppcc_review.store.check_db).

`db check` reads every document of an archive: at 100,000 reviewed replies, half a million
changes and a million ratings. cppcc_review.store.schema checks them one document at a time
(with a fast path per document, still several Python calls each). Here a shard's documents
are checked together, one key at a time over all of them, with loops that run inside the
interpreter's C code (`map`, `set`, `chain`) instead of Python calls per document.

Each function here only says "every document is a usual one, and passes" (True) or "look
closer" (False); it never names a problem. False sends the shard to schema's checks, which
decide and name the problem. So a check here may be stricter than schema's, never looser:
whatever it accepts, schema accepts (tests/test_schema_bulk.py plants each value schema
refuses and checks that these refuse it too).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from functools import partial
from itertools import chain, compress, repeat
from typing import Any

from .schema import ACTIONS, ASSESSMENT_ENUMS, INDEX_TEXT, RATINGS

_NONE = type(None)
_TEXT_OR_NONE = frozenset({str, _NONE})
_RATING_OR_NONE = frozenset(RATINGS) | {None}
_ENUM_OR_NONE = {key: frozenset(allowed) | {None} for key, allowed in ASSESSMENT_ENUMS.items()}
_PATCH_KINDS = frozenset({"rating", "assessment"})  # the usual ones; the others go to schema
_ID = re.compile(r"[0-9a-f]{12}")
_REVIEW_TABLE = re.compile(r"r:[0-9a-f]{12}")
_HISTORY_TABLE = re.compile(r"h:[0-9a-f]{12}")
_not_none = partial(operator.is_not, None)


def _types(values: Iterable[Any]) -> set[type]:
    return set(map(type, values))


def got(docs: list[dict[str, Any]], key: str, default: Any = None) -> Iterable[Any]:
    """doc.get(key, default) for every document (a TypeError for one that is not a dict)."""
    return map(dict.get, docs, repeat(key), repeat(default))


def _values(dicts: Iterable[dict[str, Any]]) -> list[Any]:
    """The values of every dict, in one list (a TypeError for one that is not a dict)."""
    return list(chain.from_iterable(map(dict.values, dicts)))


def usual(kind: str, data: Any) -> bool:
    """True when every document of a decoded shard of `kind` (index, reviews, changes,
    names) is a usual one that schema.check_<kind> accepts; False: let schema decide.
    A value of an unexpected type (unhashable, not a dict) is a False, never an error."""
    check = _BY_KIND.get(kind)
    if check is None or type(data) is not dict:
        return False
    try:
        return check(data)
    except (TypeError, AttributeError):
        return False


def _keys(docs: list[Any]) -> set[Any]:
    """Every key any of the documents has: a key no document has takes its default, which
    passes, so its pass over the documents is left out."""
    return set(chain.from_iterable(set(map(tuple, docs))))


def ratings_usual(records: list[Any]) -> bool:
    """Every record is a usual rating (schema._usual_rating, for all of them at once)."""
    if not records:
        return True
    if not set(got(records, "rating")) <= _RATING_OR_NONE:  # (dict.get: a TypeError for a record not a dict)
        return False
    keys = _keys(records)
    return (("note" not in keys or _types(got(records, "note", "")) == {str})
            and ("time" not in keys or _types(got(records, "time")) <= _TEXT_OR_NONE)
            and ("text_hash" not in keys or _types(got(records, "text_hash")) <= _TEXT_OR_NONE)
            and ("hint_accepted" not in keys or _types(got(records, "hint_accepted", False)) == {bool})
            and ("changed" not in keys or _types(got(records, "changed", False)) == {bool}))


def assessments_usual(values: list[Any]) -> bool:
    """Every value (an assessment, `or {}` already applied) passes schema.check_assessment."""
    if not values:
        return True
    if _types(values) != {dict}:
        return False
    for key, allowed in _ENUM_OR_NONE.items():
        if not set(got(values, key)) <= allowed:
            return False
    return _types(got(values, "opinion", "")) == {str} and _types(got(values, "completed_at")) <= _TEXT_OR_NONE


def reviews_usual(data: dict[str, Any]) -> bool:
    """A reviews shard: `r:<id>` tables of review documents only (a layout, or the
    `_meta` table, goes to schema.check_reviews)."""
    if not all(map(_REVIEW_TABLE.fullmatch, data)):
        return False
    docs = _values(data.values())
    if not docs:
        return True
    if set(got(docs, "type")) != {"review"}:
        return False
    reviewers = list(got(docs, "reviewer"))
    if _types(reviewers) != {str} or not all(map(str.strip, reviewers)):
        return False
    ratings = list(got(docs, "ratings"))
    if _types(ratings) != {dict} or not ratings_usual(_values(ratings)):
        return False
    if not assessments_usual([a or {} for a in got(docs, "assessment")]):
        return False
    if not _types(got(docs, "updated")) <= _TEXT_OR_NONE:
        return False
    drafts = list(got(docs, "drafts", {}))
    info = list(got(docs, "draft_info", {}))
    return (_types(drafts) == {dict} and _types(_values(drafts)) <= {str}
            and _types(info) == {dict} and _types(_values(info)) <= {dict})


def history_usual(data: dict[str, Any]) -> bool:
    """A changes shard: `h:<id>` tables of this release's changes (numbered documents, an
    action, a reviewer, rating and assessment patches); anything else goes to
    schema.check_history."""
    if not all(map(_HISTORY_TABLE.fullmatch, data)):
        return False
    tables = list(data.values())
    if any(map(dict.__contains__, tables, repeat(""))):
        return False  # an empty document id is not a number
    ids = "".join(chain.from_iterable(tables))
    if ids and not (ids.isascii() and ids.isdigit()):
        return False
    docs = _values(tables)
    if not docs:
        return True
    if not set(got(docs, "action")) <= ACTIONS or _types(got(docs, "reviewer")) != {str}:
        return False  # (dict.get: a TypeError for a document that is not a dict)
    keys = _keys(docs)
    if "seq" in keys or ("type" in keys and set(got(docs, "type")) != {None}):
        return False
    lists = list(got(docs, "patches", []))
    if _types(lists) != {list}:
        return False
    patches = list(chain.from_iterable(lists))
    if not patches:
        return True
    if _types(patches) != {dict}:
        return False
    kinds = list(got(patches, "k"))
    if not set(kinds) <= _PATCH_KINDS:
        return False
    rating = list(compress(patches, map(operator.eq, kinds, repeat("rating"))))
    if rating and _types(got(rating, "anchor")) != {str}:
        return False
    if not ratings_usual(list(filter(_not_none, got(rating, "after")))):
        return False
    assessment = compress(patches, map(operator.eq, kinds, repeat("assessment")))
    return assessments_usual([p.get("after") or {} for p in assessment])


def index_usual(data: dict[str, Any]) -> bool:
    """An index shard: table `replies` of entries that pass schema.check_index."""
    if list(data) != ["replies"]:
        return False
    entries = list(data["replies"].values())
    if not entries:
        return True
    ids = list(got(entries, "id"))
    if _types(ids) != {str} or len(set(ids)) != len(ids) or not all(map(_ID.fullmatch, ids)):
        return False
    if not all(_types(got(entries, key)) <= _TEXT_OR_NONE for key in INDEX_TEXT):
        return False
    if _types(got(entries, "content_hash")) != {str} or _types(got(entries, "n_suggestions", 0)) != {int}:
        return False
    if not _ranges_usual([e["ranges"] for e in entries if "ranges" in e]):
        return False
    for key in ("headings", "hashes"):
        lists = list(filter(_not_none, got(entries, key)))
        if lists and (_types(lists) != {list} or not _types(chain.from_iterable(lists)) <= _TEXT_OR_NONE):
            return False
    packed = [e for e in entries if "pack" in e]
    if not packed:
        return True
    at, size = list(got(packed, "at")), list(got(packed, "len"))
    return (_types(at) == {int} and _types(size) == {int} and min(at) >= 0 and min(size) > 0
            and _types(got(packed, "sha256")) == {str})


def _ranges_usual(lists: list[Any]) -> bool:
    """Every value is a list of [start, end] pairs of ints, 0 <= start <= end."""
    if not lists:
        return True
    if _types(lists) != {list}:
        return False
    pairs = list(chain.from_iterable(lists))
    if not pairs:
        return True
    if _types(pairs) != {list} or set(map(len, pairs)) != {2}:
        return False
    starts = list(map(operator.itemgetter(0), pairs))
    ends = list(map(operator.itemgetter(1), pairs))
    return (_types(starts) == {int} and _types(ends) == {int} and min(starts) >= 0
            and all(map(operator.le, starts, ends)))


def names_usual(data: dict[str, Any]) -> bool:
    """A 文号 shard: table `names` of {key, doc_no, id} documents."""
    if list(data) != ["names"]:
        return False
    docs = list(data["names"].values())
    if not docs:
        return True
    ids = list(got(docs, "id"))
    return (_types(got(docs, "key")) == {str} and _types(got(docs, "doc_no", "")) == {str}
            and _types(ids) == {str} and all(map(_ID.fullmatch, ids)))


_BY_KIND = {"index": index_usual, "reviews": reviews_usual, "changes": history_usual, "history": history_usual,
            "names": names_usual}

__all__ = ["assessments_usual", "history_usual", "index_usual", "names_usual", "ratings_usual", "reviews_usual",
           "usual"]
