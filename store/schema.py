"""What a stored document may hold: the checks behind `db check`, restore and migration.

A file can be valid JSON and still hold something no command can use (a rating
"adopped", a range that ends before it starts). Every document of the review, history,
index and 文号 shards (and of an older release's reviews.json, history.json and
index.json), and every journal line, is checked against the shapes below; a failure is a
`Problem` naming the table and document, which the caller turns into one line naming the
file.

A shard is trusted when its checksum matches the manifest (written by this program,
checked here when it was written or migrated); journal lines are always checked, and
everything is checked by `db check`, `db restore` (which backup is good) and the
upgrade of an older database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn, TypeGuard

from .errors import Problem
from .model import Communication, Rating, Relevance, Satisfaction

RATINGS = frozenset(r.value for r in Rating)
SATISFACTIONS = frozenset(s.value for s in Satisfaction)
ASSESSMENT_ENUMS = {
    "result": SATISFACTIONS,
    "attitude": SATISFACTIONS,
    "communication": frozenset(c.value for c in Communication),
    "relevance": frozenset(r.value for r in Relevance),
}
ACTIONS = frozenset({"rate", "note", "assess", "split", "merge", "undo", "redo", "reimport"})
PATCH_KINDS = frozenset({"rating", "ratings", "assessment", "layout"})
_STR_OR_NONE = (str, type(None))

Where = str | Callable[..., str]  # where in the file: a phrase, or a function that makes it (called with no argument)


def _fail(where: Where, what: str) -> NoReturn:
    """`where` is a phrase, or a function that makes it (only a failure pays for it)."""
    raise Problem(f"{where() if callable(where) else where}: {what}")


_ID = re.compile(r"[0-9a-f]{12}")


def is_reply_id(value: Any) -> TypeGuard[str]:
    """Whether `value` is a reply's id (12 lowercase hex digits)."""
    return type(value) is str and _ID.fullmatch(value) is not None


_RATING_OR_NONE = frozenset(RATINGS | {None})
_TEXT_OR_NONE_TYPES = (str, type(None))


def check_suggestion_review(where: Where, value: Any) -> None:
    # (every `in` test of a value from the file is behind a type test: a list or a mapping
    # there is unhashable, and would raise TypeError instead of naming the problem)
    if (type(value) is dict and type(value.get("rating")) in _TEXT_OR_NONE_TYPES
            and value.get("rating") in _RATING_OR_NONE and type(value.get("note", "")) is str
            and type(value.get("time")) in _TEXT_OR_NONE_TYPES and type(value.get("text_hash")) in _TEXT_OR_NONE_TYPES
            and type(value.get("hint_accepted", False)) is bool and type(value.get("changed", False)) is bool):
        return  # the usual record: nothing to say
    if not isinstance(value, dict):
        _fail(where, f"a rating entry is a {type(value).__name__}, not an object")
    rating = value.get("rating")
    if rating is not None and (type(rating) is not str or rating not in RATINGS):
        _fail(where, f"unknown rating {str(rating)[:30]!r}")
    if not isinstance(value.get("note", ""), str):
        _fail(where, "the note is not text")
    for key in ("time", "text_hash"):
        if not isinstance(value.get(key), _STR_OR_NONE):
            _fail(where, f"{key} is not text")
    for key in ("hint_accepted", "changed"):
        if not isinstance(value.get(key, False), bool):
            _fail(where, f"{key} is not true / false")


def check_assessment(where: Where, value: Any) -> None:
    if not isinstance(value, dict):
        _fail(where, "the assessment is not an object")
    for key, allowed in ASSESSMENT_ENUMS.items():
        v = value.get(key)
        if v is not None and (type(v) is not str or v not in allowed):
            _fail(where, f"unknown {key} {str(v)[:30]!r}")
    if not isinstance(value.get("opinion", ""), str) or not isinstance(value.get("completed_at"), _STR_OR_NONE):
        _fail(where, "the opinion or its completion time is not text")


def check_ranges(where: Where, ranges: Any) -> None:
    if not isinstance(ranges, list):
        _fail(where, "ranges is not a list")
    for r in ranges:
        if not (type(r) is list and len(r) == 2 and type(r[0]) is int and type(r[1]) is int and 0 <= r[0] <= r[1]):
            _fail(where, f"a suggestion's line range {str(r)[:30]} is impossible")


def check_review_doc(where: Where, doc: dict[str, Any]) -> None:
    kind = doc.get("type")
    if kind == "review":
        if not isinstance(doc.get("reviewer"), str) or not doc["reviewer"].strip():
            _fail(where, "a review without a reviewer name")
        ratings = doc.get("ratings")
        if not isinstance(ratings, dict):
            _fail(where, "ratings is not an object")
        for anchor, value in ratings.items():
            check_suggestion_review(lambda anchor=anchor: f"{where() if callable(where) else where}, suggestion at {anchor}", value)
        check_assessment(where, doc.get("assessment") or {})
        if not isinstance(doc.get("updated"), _STR_OR_NONE):
            _fail(where, "updated is not a time")
        drafts = doc.get("drafts", {})  # text being typed (ReviewStore.set_draft)
        if not (isinstance(drafts, dict) and all(isinstance(v, str) for v in drafts.values())):
            _fail(where, "drafts is not an object of texts")
        info = doc.get("draft_info", {})  # when each draft was written, over which saved text
        if not (isinstance(info, dict) and all(isinstance(v, dict) for v in info.values())):
            _fail(where, "draft_info is not an object of objects")
    elif kind == "layout":
        check_ranges(where, doc.get("ranges"))
        headings = doc.get("headings")
        if headings is not None and not (isinstance(headings, list) and all(isinstance(h, _STR_OR_NONE) for h in headings)):
            _fail(where, "headings is not a list of texts")
    else:
        _fail(where, f"unknown document type {str(kind)[:20]!r}")


def check_reviews(data: dict[str, dict[str, Any] | None]) -> None:
    """The tables of reviews.json (or of a journal line, where None removes a table):
    `r:<id>` reviews and `_meta`."""
    for name, table in data.items():
        if table is None:
            continue  # a journal line removing a table
        if name == "_meta":
            meta = table.get("1") if isinstance(table, dict) else None
            if table and not (isinstance(meta, dict) and type(meta.get("seq", 0)) is int and meta.get("seq", 0) >= 0):
                _fail("table _meta", "the change counter is not a number")
            names = (meta or {}).get("reviewers", [])
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                _fail("table _meta", "the reviewers are not a list of names")
            continue
        if not (name.startswith("r:") and is_reply_id(name[2:])):
            _fail(f"table {name[:40]!r}", "not a table of reviews")
        for doc_id, doc in table.items():
            if not _usual_review(doc):
                check_review_doc(lambda name=name, doc_id=doc_id: f"table {name} document {doc_id}", doc)


def _usual_review(doc: dict[str, Any]) -> bool:
    """True when `doc` is a review that passes every check of check_review_doc (False: that
    check decides, and names the problem): one call for the usual review, not one and a
    message-making function for each of its ratings."""
    if doc.get("type") != "review":
        return False
    reviewer = doc.get("reviewer")
    ratings = doc.get("ratings")
    if type(reviewer) is not str or not reviewer.strip() or type(ratings) is not dict:
        return False
    for value in ratings.values():
        if not _usual_rating(value):
            return False
    a = doc.get("assessment") or {}
    if type(a) is not dict:
        return False
    if a:
        for key, allowed in ASSESSMENT_ENUMS.items():
            v = a.get(key)
            if v is not None and (type(v) is not str or v not in allowed):
                return False
        if type(a.get("opinion", "")) is not str or type(a.get("completed_at")) not in _TEXT_OR_NONE_TYPES:
            return False
    drafts, info = doc.get("drafts", {}), doc.get("draft_info", {})
    return (type(doc.get("updated")) in _TEXT_OR_NONE_TYPES and type(drafts) is dict
            and all(type(v) is str for v in drafts.values())
            and type(info) is dict and all(type(v) is dict for v in info.values()))


def check_patch(where: Where, patch: Any) -> None:
    if not isinstance(patch, dict) or type(patch.get("k")) is not str or patch.get("k") not in PATCH_KINDS:
        _fail(where, "a change part of unknown kind")
    kind, after = patch["k"], patch.get("after")
    if kind == "rating":
        if not isinstance(patch.get("anchor"), str):
            _fail(where, "a rating change without its suggestion")
        if after is not None:
            check_suggestion_review(where, after)
    elif kind == "ratings":
        if not isinstance(after, dict):
            _fail(where, "ratings is not an object")
        for value in after.values():
            check_suggestion_review(where, value)
    elif kind == "assessment":
        check_assessment(where, after or {})
    elif after is not None:
        check_ranges(where, after)


def is_change(doc: dict[str, Any]) -> bool:
    """A document of a history table that records a change: `{"type": "change", "seq": N,
    ...}` as older releases wrote it, or this release's `{"action": ..., ...}` (its number
    is its id in the table)."""
    kind = doc.get("type")
    return kind == "change" or (kind is None and "action" in doc)


def _usual_rating(value: Any) -> bool:
    """The fast path of check_suggestion_review, inline: True when `value` is the usual
    rating record (False: the full check decides, and names what is wrong)."""
    if type(value) is not dict:
        return False
    rating = value.get("rating")
    return ((rating is None or (type(rating) is str and rating in RATINGS))
            and type(value.get("note", "")) is str
            and type(value.get("time")) in _TEXT_OR_NONE_TYPES and type(value.get("text_hash")) in _TEXT_OR_NONE_TYPES
            and type(value.get("hint_accepted", False)) is bool and type(value.get("changed", False)) is bool)


def _usual_change(doc_id: str, doc: dict[str, Any]) -> bool:
    """True when history document `doc` is the usual change (a rating, a note...: this
    release's form, rating patches) and passes every check of `_check_change`; False sends
    it to `_check_change`, which names its problem (or finds none). 100,000 reviewed
    replies hold half a million changes: one call each, not five."""
    action = doc.get("action")
    if "seq" in doc or doc.get("type") is not None or type(action) is not str or action not in ACTIONS:
        return False
    if type(doc.get("reviewer")) is not str or not (doc_id.isascii() and doc_id.isdigit()):
        return False
    patches = doc.get("patches", [])
    if type(patches) is not list:
        return False
    for patch in patches:
        if type(patch) is not dict or patch.get("k") != "rating" or type(patch.get("anchor")) is not str:
            return False
        after = patch.get("after")
        if after is not None and not _usual_rating(after):
            return False
    return True


def check_history(data: dict[str, dict[str, Any]]) -> None:
    """The tables of history.json (and appended documents): `h:<id>`, one change per document."""
    for name, table in data.items():
        if not (name.startswith("h:") and is_reply_id(name[2:])):
            _fail(f"table {name[:40]!r}", "not a history table")
        for doc_id, doc in table.items():
            if not _usual_change(doc_id, doc):
                _check_change(name, doc_id, doc)


def _check_change(name: str, doc_id: str, doc: dict[str, Any]) -> None:
    """One document of history table `name`, every check, its problem named."""
    where = lambda: f"table {name} change {doc_id}"  # noqa: E731 - made only for a message
    if not (doc_id.isascii() and doc_id.isdigit()):
        _fail(where, "the change's number is not a number")
    if not is_change(doc):
        return  # kept as is (older kinds of entries)
    if "seq" in doc and (type(doc.get("seq")) is not int or str(doc["seq"]) != doc_id):
        _fail(where, "its number does not match the change")
    if type(doc.get("action")) is not str or doc.get("action") not in ACTIONS or not isinstance(doc.get("reviewer"), str):
        _fail(where, f"unknown action {str(doc.get('action'))[:20]!r}")
    patches = doc.get("patches", [])
    if not isinstance(patches, list):
        _fail(where, "patches is not a list")
    for patch in patches:
        check_patch(where, patch)


INDEX_TEXT = ("doc_no", "proposal_no", "title", "handler", "date", "declared_result", "source_name", "sha256", "pack",
              "source_path", "text_key")


def check_index(data: dict[str, dict[str, Any]]) -> None:
    """index.json: table `replies`, one summary per reply."""
    for name, table in data.items():
        if name != "replies":
            _fail(f"table {name[:40]!r}", "index.json holds only the table replies")
        seen: set[str] = set()
        for doc_id, doc in table.items():
            rid = doc.get("id")
            if type(rid) is str and rid not in seen and _ID.fullmatch(rid) is not None and _usual_entry(doc):
                seen.add(rid)
                continue  # (else every check below, which names the problem)
            where = lambda doc_id=doc_id: f"entry {doc_id}"  # noqa: E731 - made only for a message
            if not is_reply_id(rid):
                _fail(where, "has no reply id")
            if rid in seen:
                _fail(where, f"reply {rid} is listed twice")
            seen.add(rid)
            for key in INDEX_TEXT:
                if type(doc.get(key)) not in _TEXT_OR_NONE_TYPES and not isinstance(doc.get(key), _STR_OR_NONE):
                    _fail(where, f"{key} is not text")
            if not isinstance(doc.get("content_hash"), str) or type(doc.get("n_suggestions", 0)) is not int:
                _fail(where, "content hash or number of suggestions missing")
            if "ranges" in doc:
                check_ranges(where, doc["ranges"])
            for key in ("headings", "hashes"):
                values = doc.get(key)
                if values is not None and not (isinstance(values, list) and all(isinstance(h, _STR_OR_NONE) for h in values)):
                    _fail(where, f"{key} is not a list of texts")
            if "pack" in doc and not (type(doc.get("at")) is int and type(doc.get("len")) is int
                                      and doc["at"] >= 0 and doc["len"] > 0 and isinstance(doc.get("sha256"), str)):
                _fail(where, "where its text is (pack, at, len, sha256) is incomplete")


_STR_OR_NONE_SET = frozenset(_TEXT_OR_NONE_TYPES)


def _usual_entry(doc: dict[str, Any]) -> bool:
    """True when index entry `doc` passes every check of check_index but the id's (False:
    those checks decide, and name the problem)."""
    if not set(map(type, map(doc.get, INDEX_TEXT))) <= _STR_OR_NONE_SET:
        return False
    if type(doc.get("content_hash")) is not str or type(doc.get("n_suggestions", 0)) is not int:
        return False
    if "ranges" in doc:
        ranges = doc["ranges"]
        if type(ranges) is not list or not all(type(r) is list and len(r) == 2 and type(r[0]) is int
                                               and type(r[1]) is int and 0 <= r[0] <= r[1] for r in ranges):
            return False
    for key in ("headings", "hashes"):
        values = doc.get(key)
        if values is not None and (type(values) is not list or not set(map(type, values)) <= _STR_OR_NONE_SET):
            return False
    if "pack" in doc:
        at, size = doc.get("at"), doc.get("len")
        if not (type(at) is int and type(size) is int and at >= 0 and size > 0 and type(doc.get("sha256")) is str):
            return False
    return True


def check_names(data: dict[str, dict[str, Any]]) -> None:
    """A names shard: table `names`, one {key, doc_no, id} per 文号."""
    for name, table in data.items():
        if name != "names":
            _fail(f"table {name[:40]!r}", "a names shard holds only the table names")
        for doc_id, doc in table.items():
            if not (isinstance(doc.get("key"), str) and isinstance(doc.get("doc_no", ""), str) and is_reply_id(doc.get("id"))):
                _fail(f"entry {doc_id}", "not a 文号 with its reply id")
