"""`db check` vouches for a whole shard at once through store/schema_bulk.py; anything it
does not vouch for goes to schema's per-document checks, which name the problem. So a
whole-shard check may refuse a good shard (the full checks then pass it), but must never
pass a shard the full checks refuse: each planted value below, and a sweep of random
ones, must be refused by both."""

from __future__ import annotations

import copy
import random

import pytest

from cppcc_review.store import schema_bulk
from cppcc_review.store.errors import Problem
from cppcc_review.store.schema import check_history, check_index, check_names, check_reviews
from tests.test_schema_fast_paths import CHANGE, ENTRY, RATING, REVIEW, RID, planted

# The usual documents of each kind, and `planted`, shared with the per-document checks' tests;
# a review here also holds an unrated suggestion with a note.
REVIEW = dict(REVIEW, ratings={"4": dict(RATING), "9": {"rating": None, "note": "再看"}})
ASSESS = {"time": "2026-12-01T18:23:41+00:00", "reviewer": "bench", "action": "assess", "index": None,
          "patches": [{"k": "assessment", "before": {}, "after": {"result": "satisfied", "opinion": "好"}}]}
NAME = {"key": "杭发改提复2017 12", "doc_no": "杭发改提复〔2017〕12号", "id": RID}


def reviews(doc):
    return {"r:" + RID: {"1": doc}, "r:ba9876543210": {"1": copy.deepcopy(REVIEW)}}


def history(doc, doc_id="7"):
    return {"h:" + RID: {doc_id: doc, "8": copy.deepcopy(ASSESS)}, "h:ba9876543210": {"3": copy.deepcopy(CHANGE)}}


def index(doc):
    other = dict(ENTRY, id="ba9876543210")
    return {"replies": {"1": doc, "2": other}}


def names(doc):
    return {"names": {"1": doc, "2": dict(NAME, id="ba9876543210")}}


SHARDS = {"reviews": (reviews, REVIEW, check_reviews), "changes": (history, CHANGE, check_history),
          "index": (index, ENTRY, check_index), "names": (names, NAME, check_names)}


def test_the_usual_shards_are_vouched_for_whole() -> None:
    """The fast path is taken (else `db check` reads every document one by one again)."""
    for kind, (make, doc, full) in SHARDS.items():
        data = make(copy.deepcopy(doc))
        full(data)
        assert schema_bulk.usual(kind, data), kind
    assert schema_bulk.usual("changes", {"h:" + RID: {"8": ASSESS}})
    assert schema_bulk.usual("reviews", {}) and schema_bulk.usual("changes", {"h:" + RID: {}})


PLANTED = [
    ("reviews", ("ratings", "4", "rating"), "adopped", "unknown rating 'adopped'"),
    ("reviews", ("ratings", "4", "hint_accepted"), "yes", "hint_accepted is not true / false"),
    ("reviews", ("ratings", "4", "changed"), 0, "changed is not true / false"),
    ("reviews", ("ratings", "4", "note"), 3, "the note is not text"),
    ("reviews", ("ratings", "4", "time"), 5, "time is not text"),
    ("reviews", ("ratings", "4", "text_hash"), [], "text_hash is not text"),
    ("reviews", ("ratings", "4"), "adopted", "not an object"),
    ("reviews", ("ratings",), [], "ratings is not an object"),
    ("reviews", ("assessment", "result"), "happy", "unknown result 'happy'"),
    ("reviews", ("assessment", "relevance"), "x", "unknown relevance 'x'"),
    ("reviews", ("assessment", "opinion"), ["x"], "the opinion or its completion time is not text"),
    ("reviews", ("assessment", "completed_at"), 1, "the opinion or its completion time is not text"),
    ("reviews", ("assessment",), "x", "the assessment is not an object"),
    ("reviews", ("reviewer",), " ", "a review without a reviewer name"),
    ("reviews", ("reviewer",), 5, "a review without a reviewer name"),
    ("reviews", ("updated",), 5, "updated is not a time"),
    ("reviews", ("drafts",), {"4": 1}, "drafts is not an object of texts"),
    ("reviews", ("drafts",), [], "drafts is not an object of texts"),
    ("reviews", ("type",), "revue", "unknown document type 'revue'"),
    ("changes", ("patches", 0, "after", "rating"), "adopped", "unknown rating 'adopped'"),
    ("changes", ("patches", 0, "after", "changed"), "no", "changed is not true / false"),
    ("changes", ("patches", 0, "after"), "adopted", "not an object"),
    ("changes", ("patches", 0, "k"), "ratingz", "a change part of unknown kind"),
    ("changes", ("patches", 0, "k"), None, "a change part of unknown kind"),
    ("changes", ("patches", 0, "anchor"), 4, "a rating change without its suggestion"),
    ("changes", ("patches", 0), "rating", "a change part of unknown kind"),
    ("changes", ("action",), "rat", "unknown action 'rat'"),
    ("changes", ("reviewer",), None, "unknown action"),
    ("changes", ("patches",), {"k": "rating"}, "patches is not a list"),
    ("changes", ("seq",), 8, "its number does not match the change"),
    ("index", ("title",), 5, "title is not text"),
    ("index", ("pack",), ["p"], "pack is not text"),
    ("index", ("content_hash",), None, "content hash or number of suggestions missing"),
    ("index", ("n_suggestions",), "1", "content hash or number of suggestions missing"),
    ("index", ("n_suggestions",), True, "content hash or number of suggestions missing"),
    ("index", ("ranges",), [[10, 4]], "impossible"),
    ("index", ("ranges",), [[4, True]], "impossible"),
    ("index", ("ranges",), [[-1, 4]], "impossible"),
    ("index", ("ranges",), [[1, 2, 3]], "impossible"),
    ("index", ("ranges",), "1-2", "ranges is not a list"),
    ("index", ("headings",), ["a", 1], "headings is not a list of texts"),
    ("index", ("hashes",), "ab", "hashes is not a list of texts"),
    ("index", ("len",), 0, "is incomplete"),
    ("index", ("at",), -1, "is incomplete"),
    ("index", ("sha256",), None, "is incomplete"),
    ("index", ("id",), "0123", "has no reply id"),
    ("index", ("id",), "ba9876543210", "listed twice"),
    ("names", ("id",), "x", "not a 文号 with its reply id"),
    ("names", ("key",), 5, "not a 文号 with its reply id"),
    ("names", ("doc_no",), None, "not a 文号 with its reply id"),
]


@pytest.mark.parametrize(("kind", "path", "value", "says"), PLANTED)
def test_a_planted_value_is_not_vouched_for_and_the_full_check_names_it(kind, path, value, says) -> None:
    make, doc, full = SHARDS[kind]
    data = make(planted(doc, path, value))
    assert not schema_bulk.usual(kind, data)
    with pytest.raises(Problem, match=says):
        full(data)


@pytest.mark.parametrize(("kind", "data", "says"), [
    ("changes", history(CHANGE, "x7"), "the change's number is not a number"),
    ("changes", history(CHANGE, ""), "the change's number is not a number"),
    ("changes", history(CHANGE, "٣"), "the change's number is not a number"),
    ("changes", {"h:0123": {}}, "not a history table"),
    ("reviews", {"r:0123456789AB": {}}, "not a table of reviews"),
    ("reviews", {"h:" + RID: {}}, "not a table of reviews"),
    ("index", {"replies": {}, "other": {}}, "holds only the table replies"),
    ("names", {"replies": {}}, "holds only the table names"),
])
def test_a_planted_table_or_id_is_not_vouched_for(kind, data, says) -> None:
    assert not schema_bulk.usual(kind, data)
    with pytest.raises(Problem, match=says):
        SHARDS[kind][2](data)


def test_documents_that_are_not_objects_are_not_vouched_for() -> None:
    """A table or document that is not an object, a value that cannot be looked up in a
    set of allowed ones: no error, a "look closer"."""
    assert not schema_bulk.usual("reviews", reviews(planted(REVIEW, ("ratings", "4", "rating"), ["adopted"])))
    assert not schema_bulk.usual("changes", history(planted(CHANGE, ("action",), ["rate"])))
    assert not schema_bulk.usual("changes", history(planted(CHANGE, ("type",), "change")))  # an older form: schema decides
    assert not schema_bulk.usual("reviews", {"r:" + RID: []})
    assert not schema_bulk.usual("reviews", {"r:" + RID: {"1": "review"}})
    assert not schema_bulk.usual("changes", {"h:" + RID: {"1": None}})
    assert not schema_bulk.usual("index", {"replies": {"1": 5}})
    assert not schema_bulk.usual("index", [])
    assert not schema_bulk.usual("summary", {})


VALUES = [None, True, False, 0, 1, -1, 2.5, "", " ", "adopted", "satisfied", "rating", "assessment", "rate", "x",
          "0123456789ab", [], [1], [[0, 1]], [[2, 1]], ["a"], [None], {}, {"rating": "adopted"}, {"k": "rating"}]


def _paths(doc, prefix=()):
    """Every path to a value in `doc`, and one new key in every object."""
    if isinstance(doc, dict):
        yield (*prefix, "new")
        for key, value in doc.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def test_no_random_value_passes_the_fast_path_that_the_full_check_refuses() -> None:
    rng = random.Random(16)
    seen = {"vouched": 0, "refused by both": 0, "sent to the full check, passed": 0}
    for kind, (make, doc, full) in SHARDS.items():
        base = make(copy.deepcopy(doc))
        paths = list(_paths(base))
        for _ in range(1500):
            data = copy.deepcopy(base)
            for path in rng.sample(paths, rng.choice((1, 1, 2))):
                try:
                    data = planted(data, path, copy.deepcopy(rng.choice(VALUES)))
                except (KeyError, IndexError, TypeError):
                    continue  # an earlier change removed the way there
            try:
                full(data)
                passes = True
            except Problem:
                passes = False
            except (TypeError, AttributeError):
                passes = False  # the full check's own limits (an unhashable enum value): not vouched for either
            if schema_bulk.usual(kind, data):
                assert passes, (kind, data)
                seen["vouched"] += 1
            else:
                seen["refused by both" if not passes else "sent to the full check, passed"] += 1
    print(seen)
    assert seen["vouched"] > 100 and seen["refused by both"] > 1000, seen
