"""The learner finds the rubric variant a reviewer follows (hint_learner, branch lc14): where the default
base hint and the strict one differ, a sign test of the reviewer's ratings says which reading they follow,
and the learner starts from it, saying so, on a real database on disk."""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.aids.hint_learner import HintService, latest_samples
from cppcc_review.store.aids.hints import suggest_rating
from cppcc_review.store.aids.learner_fit import LEAN_P, find_lean, sign_test_p
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.store.reading.extract import extract_file
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.tui.i18n import hint_source
from tests.test_hint_learner import HELD_BACK, STRICT, _development_fixtures, strict_db  # noqa: F401 (a fixture)

DEFAULT = "default-reviewer"


@pytest.fixture(scope="module")
def default_db(tmp_path_factory):
    """The same fixtures as strict_db, every suggestion but HELD_BACK's rated with the default hand
    ratings (a vague promise alone is partially adopted)."""
    db = tmp_path_factory.mktemp("lean") / "db"
    with ReviewStore(db) as store:
        for name in _development_fixtures():
            text, _src = extract_file(FIXTURES_DIR / f"{name}.txt")
            rid = store.add_reply(parse_reply(text))[0]
            if name == HELD_BACK:
                continue
            data = yaml.safe_load((FIXTURES_DIR / f"{name}.expected.yaml").read_text(encoding="utf-8"))
            for s in data["suggestions"]:
                store.set_rating(rid, DEFAULT, s["index"], Rating(s["hand_rating"]))
    return db


def _held_back(store):
    return next(r for r in (store.get_reply(s.id) for s in store.summaries()) if r.doc_no == "津发改提复〔2023〕33号")


def _discordant(store, reviewer):
    """(agree with the strict hint, agree with the default hint) where the two differ, counted here
    from suggest_rating itself (not the learner's shortcut)."""
    to_strict = to_default = 0
    for s in latest_samples(store, reviewer, 1000)[0]:
        default = suggest_rating(s.reply, s.suggestion)
        strict = suggest_rating(s.reply, s.suggestion, strict=True)
        d, t = (default.rating if default else None), (strict.rating if strict else None)
        if d != t:
            to_strict += s.rating == t
            to_default += s.rating == d
    return to_strict, to_default


def test_the_sign_test_is_the_exact_binomial_tail():
    # by hand: P(X >= k) for X ~ B(n, 1/2) = sum C(n, i) / 2^n
    assert sign_test_p(5, 5) == 1 / 32  # five of five: below 0.05, four of four (1/16) is not
    assert sign_test_p(4, 4) == 1 / 16 and sign_test_p(4, 4) > LEAN_P
    assert Fraction(sign_test_p(12, 13)) == Fraction(1 + 13, 2**13)
    assert sign_test_p(0, 0) == 1.0 and sign_test_p(0, 7) == 1.0
    # only where the two readings differ, and only ratings agreeing with one of them count
    a, p, e = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED
    ratings, default, strict = [e, e, a, a, e, e, e], [p, p, a, p, p, p, p], [e, e, a, e, e, e, e]
    lean = find_lean(ratings, default, strict, strict_setting=False)
    # the third: the readings agree; the fourth: the reviewer agrees with neither; five with the strict one
    assert (lean.reading, lean.agree, lean.of) == ("strict", 5, 5) and lean.follows  # p = 1/32
    one_more = find_lean([*ratings, p], [*default, p], [*strict, e], strict_setting=False)
    assert (one_more.agree, one_more.of) == (5, 6) and one_more.p == 7 / 64 and not one_more.follows
    # a strict setting: the test asks whether the ratings follow the default reading
    toward_default = find_lean(ratings, default, strict, strict_setting=True)
    assert (toward_default.reading, toward_default.agree, toward_default.of) == ("default", 0, 5)
    assert not toward_default.follows


def test_a_reviewer_who_rates_strictly_gets_strict_based_hints_and_is_told_so(strict_db):  # noqa: F811
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        to_strict, to_default = _discordant(store, STRICT)
        reply = store.get_reply(ids[HELD_BACK])
        service = HintService(store, STRICT)  # the setting stays the default rubric
        model = service.model()
        assert model is not None and model.lean is not None
        assert (model.lean.reading, model.lean.agree, model.lean.of) == ("strict", to_strict, to_strict + to_default)
        assert model.lean.follows and model.strict
        for suggestion in reply.suggestions:
            # a vague promise alone: the default rubric reads partially adopted, this reviewer explained
            assert suggest_rating(reply, suggestion).rating == Rating.PARTIALLY_ADOPTED
            hint = service.suggest(reply, suggestion)
            assert hint.rating == Rating.EXPLAINED and hint.source == "learned" and hint.strict
            zh, en = hint_source(hint, "zh"), hint_source(hint, "en")
            assert f"您的评定按严格口径（两种口径不同的{to_strict + to_default}条中{to_strict}条）" in zh, zh
            assert f"your ratings follow the strict reading ({to_strict} of {to_strict + to_default} where" in en, en
            assert hint.to_dict()["lean"]["reading"] == "strict"
        # learning switched off: nothing is detected, the setting answers
        off = HintService(store, STRICT, learning=False).suggest(reply, reply.suggestions[0])
        assert off.rating == Rating.PARTIALLY_ADOPTED and off.source != "learned"
        assert "严格口径" not in hint_source(off, "zh")


def test_a_default_reviewer_keeps_the_default_reading(default_db):
    with ReviewStore(default_db, readonly=True) as store:
        to_strict, to_default = _discordant(store, DEFAULT)
        assert to_default > to_strict  # (the fixture is what it says: a default reviewer)
        reply = _held_back(store)
        service = HintService(store, DEFAULT)
        model = service.model()
        if model is not None:  # (the model may or may not beat the base hints; the test must not trip)
            assert model.lean is not None and not model.lean.follows and not model.strict
            assert (model.lean.agree, model.lean.of) == (to_strict, to_strict + to_default)
        for suggestion in reply.suggestions:
            hint = service.suggest(reply, suggestion)
            assert hint.rating == Rating.PARTIALLY_ADOPTED and not hint.strict
            assert "口径" not in hint_source(hint, "zh") and getattr(hint, "lean", None) is None


def test_a_reviewer_who_set_strict_but_rates_by_default_gets_default_based_hints(default_db):
    with ReviewStore(default_db, readonly=True) as store:
        to_strict, to_default = _discordant(store, DEFAULT)
        reply = _held_back(store)
        strict_rules = HintService(store, DEFAULT, rubric="strict", learning=False)
        assert strict_rules.suggest(reply, reply.suggestions[0]).rating == Rating.EXPLAINED  # their setting
        service = HintService(store, DEFAULT, rubric="strict")
        model = service.model()
        assert model is not None and model.lean is not None and model.lean.follows and not model.strict
        assert (model.lean.reading, model.lean.agree, model.lean.of) == ("default", to_default, to_strict + to_default)
        for suggestion in reply.suggestions:
            hint = service.suggest(reply, suggestion)
            assert hint.rating == Rating.PARTIALLY_ADOPTED and hint.source == "learned"
            assert f"您的评定按默认口径（两种口径不同的{to_strict + to_default}条中{to_default}条）" in hint_source(hint, "zh")
