"""`db check` reads 100,000 replies' documents through fast paths (schema._usual_change,
_usual_review, _usual_entry) that only say "usual, and passes"; anything else goes to the
full checks, which name the problem. Each planted value below is one the fast path must
not let through: the full check must still name it."""

from __future__ import annotations

import copy

import pytest

from cppcc_review.store.errors import Problem
from cppcc_review.store.schema import check_history, check_index, check_reviews

RID = "0123456789ab"
RATING = {"rating": "adopted", "time": "2026-12-01T18:23:41+00:00", "text_hash": "ab4cb254f30e9358"}
REVIEW = {"type": "review", "reviewer": "bench", "ratings": {"4": dict(RATING)},
          "assessment": {"result": "satisfied", "opinion": "", "completed_at": None}, "updated": "2026-12-01T18:23:41+00:00"}
CHANGE = {"time": "2026-12-01T18:23:41+00:00", "reviewer": "bench", "action": "rate", "index": 1,
          "patches": [{"k": "rating", "anchor": "4", "after": dict(RATING)}]}
ENTRY = {"id": RID, "doc_no": "杭发改提复〔2017〕12号", "title": "关于", "proposers": [], "handler": "杭州市",
         "date": "2017-07-06", "n_suggestions": 1, "content_hash": "0fe0e9ecb3ff36ce", "source_name": "a.txt",
         "ranges": [[4, 10]], "headings": ["关于"], "hashes": ["ab4c"], "pack": "p-1.json", "at": 0, "len": 10,
         "sha256": "b9"}


def planted(doc, path, value):
    doc = copy.deepcopy(doc)
    at = doc
    for key in path[:-1]:
        at = at[key]
    at[path[-1]] = value
    return doc


def test_the_usual_documents_pass() -> None:
    check_reviews({"r:" + RID: {"1": REVIEW}})
    check_history({"h:" + RID: {"7": CHANGE}})
    check_index({"replies": {"1": ENTRY}})


@pytest.mark.parametrize(("path", "value", "says"), [
    (("ratings", "4", "rating"), "adopped", "unknown rating 'adopped'"),
    (("ratings", "4", "hint_accepted"), "yes", "hint_accepted is not true / false"),
    (("ratings", "4", "note"), 3, "the note is not text"),
    (("ratings", "4"), "adopted", "not an object"),
    (("assessment", "result"), "happy", "unknown result 'happy'"),
    (("assessment", "opinion"), ["x"], "the opinion or its completion time is not text"),
    (("reviewer",), " ", "a review without a reviewer name"),
    (("updated",), 5, "updated is not a time"),
    (("drafts",), {"4": 1}, "drafts is not an object of texts"),
    (("type",), "revue", "unknown document type 'revue'"),
])
def test_a_planted_review_value_is_named(path, value, says) -> None:
    with pytest.raises(Problem, match=says.replace("(", r"\(")):
        check_reviews({"r:" + RID: {"1": planted(REVIEW, path, value)}})


@pytest.mark.parametrize(("path", "value", "says"), [
    (("patches", 0, "after", "rating"), "adopped", "unknown rating 'adopped'"),
    (("patches", 0, "after", "changed"), "no", "changed is not true / false"),
    (("patches", 0, "k"), "ratingz", "a change part of unknown kind"),
    (("patches", 0, "anchor"), 4, "a rating change without its suggestion"),
    (("action",), "rat", "unknown action 'rat'"),
    (("reviewer",), None, "unknown action"),
    (("patches",), {"k": "rating"}, "patches is not a list"),
    (("seq",), 8, "its number does not match the change"),
])
def test_a_planted_change_value_is_named(path, value, says) -> None:
    with pytest.raises(Problem, match=says):
        check_history({"h:" + RID: {"7": planted(CHANGE, path, value)}})
    with pytest.raises(Problem, match="the change's number is not a number"):
        check_history({"h:" + RID: {"x7": CHANGE}})


@pytest.mark.parametrize(("path", "value", "says"), [
    (("title",), 5, "title is not text"),
    (("content_hash",), None, "content hash or number of suggestions missing"),
    (("n_suggestions",), "1", "content hash or number of suggestions missing"),
    (("ranges",), [[10, 4]], "impossible"),
    (("ranges",), [[4, True]], "impossible"),
    (("headings",), ["a", 1], "headings is not a list of texts"),
    (("hashes",), "ab", "hashes is not a list of texts"),
    (("len",), 0, "is incomplete"),
    (("id",), "0123", "has no reply id"),
])
def test_a_planted_index_value_is_named(path, value, says) -> None:
    with pytest.raises(Problem, match=says):
        check_index({"replies": {"1": planted(ENTRY, path, value)}})
    with pytest.raises(Problem, match="listed twice"):
        check_index({"replies": {"1": ENTRY, "2": dict(ENTRY)}})
