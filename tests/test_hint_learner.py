"""Learned hints (cppcc_review.store.aids.hint_learner): a reviewer's own ratings teach the suggested
ratings which way the reviewer leans, through a real database on disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.aids.evaluate import load_split, load_strict
from cppcc_review.store.aids.hint_learner import (
    MIN_RATINGS,
    TRAIN_SAMPLES,
    HintService,
    ReviewerModel,
    latest_samples,
    learned_hint,
    rated_count,
)
from cppcc_review.store.aids.hints import suggest_rating
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.store.reading.extract import extract_file
from cppcc_review.store.reading.parser import parse_reply

ROOT = Path(__file__).resolve().parent.parent
STRICT = "strict-reviewer"
# An office that counts a promise as adoption (a vague promise alone, which the default rubric reads as
# partially adopted and the strict one as explained, it rates adopted; the rest as the default rubric):
# a lean neither variant of the rules has, so only the learned model can follow it.
LENIENT = "lenient-office"
HELD_BACK = "013_vague_only_no_next_steps"  # not rated: asked about afterwards


# The simulated reviewer rates the fixtures written up to issue 13's sixth round (000-239). Since the
# eighth round the bundled model is trained on every fixture, the parser fixtures 240-299 and 300-302
# included: on all 504 suggestions its hints (in-sample) agree with this strict reviewer 88.7% of the
# time against the learner's cross-validated 87.3%, so the learner, by its rule, rightly leaves the base
# hints answering; on 000-239 it earns its place (93.8% against 89.2%), as it does on a real reviewer's
# replies, which the bundled model never saw (66-67% out of fold, docs/reading-aids.md).
LEARNER_FIXTURES_BELOW = 240


def _development_fixtures() -> list[str]:
    split = load_split(FIXTURES_DIR)
    names = sorted(p.name[: -len(".expected.yaml")] for p in FIXTURES_DIR.glob("*.expected.yaml"))
    return [n for n in names if split.get(n, ("development", ""))[0] == "development"
            and int(n[:3]) < LEARNER_FIXTURES_BELOW]


@pytest.fixture(scope="module")
def strict_db(tmp_path_factory):
    """The development fixtures in a database, every suggestion but HELD_BACK's rated by
    a reviewer who applies the strict rubric (a vague promise alone is explained), and by
    the lenient office (a vague promise alone is adopted)."""
    db = tmp_path_factory.mktemp("learner") / "db"
    strict = load_strict(FIXTURES_DIR)
    ids = {}
    with ReviewStore(db) as store:
        for name in _development_fixtures():
            text, _src = extract_file(FIXTURES_DIR / f"{name}.txt")
            ids[name] = store.add_reply(parse_reply(text))[0]
        for name, rid in ids.items():
            if name == HELD_BACK:
                continue
            data = yaml.safe_load((FIXTURES_DIR / f"{name}.expected.yaml").read_text(encoding="utf-8"))
            for s in data["suggestions"]:
                default = Rating(s["hand_rating"])
                rating = strict.get(name, {}).get(s["index"], default)
                store.set_rating(rid, STRICT, s["index"], rating)
                store.set_rating(rid, LENIENT, s["index"], Rating.ADOPTED if rating != default else default)
    return db, ids


def _reviewer_on_the_held_back_reply(store, ids, reviewer):
    """(the held-back reply, the reviewer's HintService, their rating count, their model)."""
    service = HintService(store, reviewer)
    return store.get_reply(ids[HELD_BACK]), service, rated_count(store, reviewer), service.model()


def test_a_strict_reviewer_is_recognised_and_the_hint_says_so(strict_db):
    """The strict variant of the rules agrees with this reviewer's ratings more often than the
    default hints and than the learned model out of fold: their hints are the strict rules', and say
    that the reviewer's ratings chose them."""
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        reply, service, n, model = _reviewer_on_the_held_back_reply(store, ids, STRICT)
        assert model is not None and model.leans_strict and not model.better_than_rules, (
            model and (model.cv_accuracy, model.rules_agreement, model.strict_agreement))
        for suggestion in reply.suggestions:
            rules = suggest_rating(reply, suggestion)
            hint = service.suggest(reply, suggestion)
            # the rules read a vague promise as partially adopted; this reviewer does not
            assert rules.rating == Rating.PARTIALLY_ADOPTED
            assert hint.rating == Rating.EXPLAINED and hint.strict
            assert hint.source == "strict_lean" and hint.n_ratings == n
            assert hint.evidence == rules.evidence  # the same phrases, read this reviewer's way
            assert hint.to_dict()["source"] == "strict_lean"
    # a reviewer who rates as the default rubric does keeps the default hints
    with ReviewStore(db, readonly=True) as store:
        model = HintService(store, LENIENT).model()
        assert model is not None and not model.leans_strict


def test_a_lenient_office_is_learned_and_the_hint_says_so(strict_db):
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        reply, service, n, model = _reviewer_on_the_held_back_reply(store, ids, LENIENT)
        assert model is not None and model.better_than_rules, (
            model and (model.cv_accuracy, model.rules_agreement, model.strict_agreement))
        adopted = 0
        for suggestion in reply.suggestions:
            rules = suggest_rating(reply, suggestion)
            hint = service.suggest(reply, suggestion)
            # the rules read a vague promise as partially adopted; this office counts it as adopted
            assert rules.rating == Rating.PARTIALLY_ADOPTED
            assert hint.evidence == rules.evidence  # the same phrases, read this reviewer's way
            if hint.source == "learned":
                assert hint.n_ratings == n and hint.path == "learned" and 0 < hint.confidence <= 1
                assert hint.to_dict()["source"] == "learned"
                adopted += hint.rating == Rating.ADOPTED
            else:  # a departure the model is not sure enough of (DEPART_MIN): the rules answer
                assert hint == rules
        assert adopted >= 2, adopted


def test_learning_switched_off_gives_the_rules(strict_db):
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        reply = store.get_reply(ids[HELD_BACK])
        hint = HintService(store, STRICT, learning=False).suggest(reply, reply.suggestions[0])
        assert hint.source == "rules" and hint.rating == Rating.PARTIALLY_ADOPTED
        # the strict setting does by rule what the learner found out
        strict = HintService(store, STRICT, learning=False, rubric="strict").suggest(reply, reply.suggestions[0])
        assert strict.rating == Rating.EXPLAINED and strict.source == "rules"


def test_display_settings_hide_weak_hints_or_all(strict_db):
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        reply = store.get_reply(ids["021_prepaid_cards_label_contradicts"])
        weak = [s for s in reply.suggestions
                if not HintService(store, STRICT, learning=False).suggest(reply, s).confident]
        confident_only = HintService(store, STRICT, learning=False, show="confident")
        none = HintService(store, STRICT, learning=False, show="none")
        for s in reply.suggestions:
            assert none.hint(reply, s) is None
            shown = confident_only.hint(reply, s)
            assert (shown is None) == (s in weak)
    with pytest.raises(ValueError, match="unknown hint display"):
        HintService(show="sometimes")
    with pytest.raises(ValueError, match="unknown hint rubric"):
        HintService(rubric="lenient")


def test_few_ratings_mean_rules_and_no_training(strict_db, monkeypatch):
    db, ids = strict_db
    built = []
    monkeypatch.setattr("cppcc_review.store.aids.hint_learner.ReviewerModel.from_store",
                        classmethod(lambda *a, **k: built.append(1)))
    monkeypatch.setattr("cppcc_review.store.aids.hint_learner.fit_in_child", lambda *a, **k: built.append(1))
    with ReviewStore(db, readonly=True) as store:
        reply = store.get_reply(ids[HELD_BACK])
        hint = HintService(store, "nobody-yet").suggest(reply, reply.suggestions[0])
    assert hint.source == "rules" and built == []


def test_retraining_waits_for_enough_new_ratings(tmp_path, monkeypatch):
    text, _src = extract_file(FIXTURES_DIR / "000_c6de6327335c32eb.txt")
    trained: list[int] = []

    class Counting:
        """Stands in for the model: counts the ratings in the database when asked to train."""

        def __init__(self, n_ratings):
            self.n_ratings = n_ratings
            self.better_than_rules = self.leans_strict = False

        @classmethod
        def from_store(cls, path, reviewer, scheme="default"):
            with ReviewStore(path, readonly=True) as reader:
                trained.append(rated_count(reader, reviewer))
            return cls(trained[-1])

    monkeypatch.setattr("cppcc_review.store.aids.hint_learner.ReviewerModel", Counting)
    monkeypatch.setattr("cppcc_review.store.aids.hint_learner.MIN_RATINGS", 2)
    with ReviewStore(tmp_path / "db") as store:
        rids = []
        for name in _development_fixtures()[:8]:
            text, _src = extract_file(FIXTURES_DIR / f"{name}.txt")
            rids.append(store.add_reply(parse_reply(text))[0])
        service = HintService(store, "r", min_ratings=2)
        reply = store.get_reply(rids[0])
        pairs = [(rid, i) for rid in rids for i in range(1, len(store.get_reply(rid).suggestions) + 1)]
        for rid, i in pairs[:12]:
            store.set_rating(rid, "r", i, Rating.ADOPTED)
            service.suggest(reply, reply.suggestions[0])
        # trained at 2 ratings, then again only once 5 more had come (7), then at 12
        assert trained == [2, 7, 12]


def test_scikit_learn_is_not_imported_at_start_up_nor_below_min_ratings(tmp_path):
    code = f"""
import sys
import cppcc_review.tui.app, cppcc_review.store.aids.hint_learner, cppcc_review.store.aids.hints
assert "sklearn" not in sys.modules, "imported at start-up"
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.reading.extract import extract_file
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.store.aids.hint_learner import HintService
from cppcc_review.store.model import Rating
with ReviewStore({str(tmp_path / 'db')!r}) as store:
    text, _ = extract_file({str(FIXTURES_DIR / '000_c6de6327335c32eb.txt')!r})
    rid = store.add_reply(parse_reply(text))[0]
    store.set_rating(rid, "r", 1, Rating.ADOPTED)
    reply = store.get_reply(rid)
    hint = HintService(store, "r").hint(reply, reply.suggestions[0])
    assert hint.source in ("rules", "model")  # the base hints: rules blended with the bundled model
assert "sklearn" not in sys.modules, "imported for a reviewer with {MIN_RATINGS - 9} rating"
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_a_model_needs_two_classes():
    from cppcc_review.store.aids.hint_learner import Sample
    from cppcc_review.store.model import Suggestion

    one_class = [Sample(None, Suggestion(i, None, "已建成。"), Rating.ADOPTED) for i in range(1, 20)]
    assert not ReviewerModel(one_class).usable


@pytest.fixture(scope="module")
def crossfitted():
    """The fixture replay's items and its cross-fitted base models (trained once for the module:
    scripts/train_base_model.py's code, each on the fixtures outside one fifth of the replies)."""
    from cppcc_review.store.aids.learning_curve import crossfit_fixture_models, fixture_items

    items = fixture_items(FIXTURES_DIR, strict=True)
    return items, crossfit_fixture_models(items, FIXTURES_DIR)


def test_the_replays_base_model_never_saw_the_suggestion_it_reads(crossfitted):
    from cppcc_review.store.traditional_fold import fold

    items, models = crossfitted
    assert len(models.models) == 5
    for item in items:
        text = fold(item.reply.suggestions[item.index - 1].text or "")
        group = models.group_of_text[text]
        # the model that reads this suggestion was trained without its reply, and without any
        # fixture of the same wording
        assert item.key in models.held_out[group], item.key
        assert text not in models.trained_texts[group], item.key
    # every model was trained on the other four fifths of what the shipped recipe trains on (none on all,
    # none on too little; fixtures the bundled model is not trained on, such as the fresh batch, are not
    # in any replay model's training either)
    from cppcc_review.store.aids.base_model_training import fixture_samples

    trainable = {text for text, _rating, _name in fixture_samples(FIXTURES_DIR)}
    sizes = [len(t) for t in models.trained_texts]
    assert all(t <= trainable for t in models.trained_texts)
    assert min(sizes) > 0.7 * len(trainable & {fold(i.reply.suggestions[i.index - 1].text or "") for i in items})


def test_a_shuffled_replay_rates_the_same_suggestions_reply_by_reply(crossfitted):
    from cppcc_review.store.aids.learning_curve import shuffled_replies

    items, _models = crossfitted
    shuffled = shuffled_replies(items, 1)
    # the same ratings, another order of the replies (the same order again for the same seed)
    assert sorted(shuffled, key=items.index) == items and shuffled != items
    assert shuffled == shuffled_replies(items, 1) and shuffled != shuffled_replies(items, 2)
    # each reply's suggestions rated together, in their own order, as a reviewer works through a reply
    keys = [item.key for item in shuffled]
    assert len(list(dict.fromkeys(keys))) == sum(1 for a, b in zip([None, *keys], keys) if a != b)
    for key in set(keys):
        assert [i.index for i in shuffled if i.key == key] == [i.index for i in items if i.key == key]


@pytest.mark.slow
def test_learning_curve_of_a_strict_reviewer_by_100_ratings(crossfitted):
    from cppcc_review.store.aids.learning_curve import run

    # Issue 13 asks for 85% on the remaining suggestions by 100 ratings. Since the eleventh round the
    # replay is honest: every base hint comes from a model not trained on its suggestion (5-fold
    # cross-fitting), so "no learning" is what a reviewer gets on replies the model never saw. Measured
    # on fixtures 000-361 (440 remaining): no learning 353/440 = 80.2%, the learner (the base hint's
    # reading as features, departing from it only where it is fairly sure) 382/440 = 86.8%. With the
    # parser's fixtures 420-439 and the tenth round's 440-442 in the replay (478 remaining): no learning
    # 377/478 = 78.9%, the learner 403/478 = 84.3%; with p12's 460-478 and the eleventh round's 480-481
    # (508 remaining): no learning 401/508 = 78.9%, the learner 428/508 = 84.3% - BELOW the 85% target
    # (README says so); the test holds the replay to what it does, not to a floor moved to pass.
    # With the fresh-5 batch (500-531, 72 suggestions rated before any code ran on them) in the replay
    # (580 remaining): no learning 453/580 = 78.1%, the learner 486/580 = 83.8%; with fresh-6 (540-551) too
    # (614 remaining): no learning 479/614 = 78.0%, the learner 513/614 = 83.6%. (Branch lc13's learner,
    # the strict reading as features, gave 429/508 then 484/580 and 511/614: not shipped, docs/reading-aids.md.)
    # With the parser traps 552-570 (p15) the replay holds 743 (643 remaining): main's 0.10 / 0.15 blend gave the
    # learner 539/643, no learning 506; branch bw14's 0.30 / 0.45 the learner 530/643 = 82.4%, no learning 504 (the
    # base hints follow the default rubric's rules more, against this strict reviewer: on the 50 lean cases the
    # learner 31 -> 29). The floor stays 513, what the 614 of the fixtures before gave, not moved to the new figure.
    # Branch sv19 (757 in the replay, 657 remaining at 100): six strict ratings of parser fixtures no strict pass had
    # read were corrected by hand (vague promise alone: 296#1, 321#1, 481#3, 513#1, 555#1, 563#1); main's learner
    # then gives 548/657 = 83.4% (no learning 514; seeds 1-5: 561 / 553 / 560 / 527 / 557). The floor is raised to
    # 548, what this replay gives. (sv19's strict-path patterns with the strict reading as the learner's features
    # gave 557 here but lost 2 of 217 on the real strict ratings: not shipped, docs/reading-aids.md.)
    # Since 2026-12-03 the replay holds 822 suggestions (722 remaining at 100): main's learner gave 609/722 = 84.3%
    # (no learning 576; seeds 1-5: 582 / 622 / 615 / 623 / 583). The reviewer's rubric recognised (the strict
    # variant of the rules agrees with more of their ratings than the default hints: its hints, source
    # "strict_lean"; the learned model shown only where it beats the better of the two) gives 611/722 = 84.6%
    # (seeds 1-5: 619 / 614 / 620 / 624 / 620), and 659/772 = 85.4% already at 50 ratings (main 621). Still below
    # the 85% target at 100 in the name order (README says so); the floor is what this replay gives.
    # sc36 (the strict variant reads a vague promise on a condition alone, nothing done, anchored or defined, as
    # explained) gives 614/722 = 85.0% (seeds 1-5: 623 / 618 / 620 / 624 / 624); the floor is what it gives.
    items, models = crossfitted
    start, after = run(FIXTURES_DIR, points=(0, 100), strict=True, crossfitted=models, items=items)
    assert start.remaining == after.remaining + 100
    assert after.remaining > 50 and "strict_lean" in after.sources
    assert after.learned_right >= 614, after
    # learning helps: better than the base hints without it, on the same remaining suggestions
    assert after.learned_right > after.rules_right + 15, after
    # where the reviewer's lean shows (strict rating != default rating: a vague promise alone read as
    # explained), the learned hints follow it and the base hints cannot
    assert after.lean_cases >= 10
    assert after.lean_learned_right > after.lean_rules_right + 5, after


def _plain(widget) -> str:
    visual = widget.render()
    return getattr(visual, "plain", str(visual))


async def test_the_review_screen_says_where_a_hint_comes_from(strict_db, tmp_path):
    import shutil

    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.review import ReviewScreen

    src, ids = strict_db
    db = tmp_path / "db"
    shutil.copytree(src, db)  # the app takes the writer's lock: its own copy
    with ReviewStore(db, readonly=True) as store:
        n = rated_count(store, STRICT)
        assert rated_count(store, LENIENT) == n
    shown = {STRICT: (f"从严口径，依您的{n}条评定", "解释说明"), LENIENT: (f"根据您的{n}条评定", "采纳"),
             "newcomer": ("依据规则", "部分采纳")}
    for reviewer, (expected, rating) in shown.items():
        app = ReviewApp(db_path=db, reviewer=reviewer)
        async with app.run_test(size=(120, 40)) as pilot:
            app.push_screen(ReviewScreen(app.context, ids[HELD_BACK], 1))
            await pilot.pause()
            # the model is fitted on a worker thread; until then the rules answer
            app.context.aids.hints.wait(120)
            app.screen.reload()
            await pilot.pause()
            bar = _plain(app.screen.query_one("#rating-bar"))
            assert isinstance(app.screen, ReviewScreen)
            assert expected in bar, bar
            assert f"建议评定：{rating}（" in bar, bar


def test_check_learned_reads_the_reviewers_ratings(strict_db):
    db, _ids = strict_db
    vague = FIXTURES_DIR / f"{HELD_BACK}.txt"
    out = subprocess.run(
        [sys.executable, "-m", "cppcc_review.tui.cli", "check", str(vague), "--hints", "--learned", "--db", str(db),
         "--reviewer", STRICT, "--format", "yaml"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "CPPCC_REVIEW_CONFIG": str(db.parent / "absent.toml")},
    )
    assert out.returncode == 0, out.stderr
    hints = yaml.safe_load(out.stdout)["files"][0]["hints"]
    assert {h["source"] for h in hints} == {"strict_lean"} and {h["rating"] for h in hints} == {"explained"}
    with ReviewStore(db, readonly=True) as store:
        assert {h["n_ratings"] for h in hints} == {rated_count(store, STRICT)}


# -- the fit in a child process (issue 16): the app never imports scikit-learn ------------------


def _fixture_samples():
    """Every development fixture's suggestions with their hand ratings (Sample objects)."""
    from cppcc_review.store.aids.hint_learner import Sample

    out = []
    for name in _development_fixtures():
        reply = parse_reply(extract_file(FIXTURES_DIR / f"{name}.txt")[0])
        data = yaml.safe_load((FIXTURES_DIR / f"{name}.expected.yaml").read_text(encoding="utf-8"))
        for s in data["suggestions"]:
            if s.get("hand_rating") and s["index"] <= len(reply.suggestions):
                out.append(Sample(reply, reply.suggestions[s["index"] - 1], Rating(s["hand_rating"])))
    return out


@pytest.mark.parametrize("n_classes", [3, 2])
def test_the_plain_python_prediction_is_scikit_learns_predict_proba(n_classes):
    """The weights the child returns, predicted from in plain Python, give the probabilities of
    a model scikit-learn fits here on the same rows (fitted independently of the child's code)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from cppcc_review.store.aids.hint_learner import LearnedWeights, cue_features
    from cppcc_review.store.aids.learner_fit import fit
    from cppcc_review.store.traditional_fold import fold

    samples = _fixture_samples()
    if n_classes == 2:
        samples = [s for s in samples if s.rating != Rating.PARTIALLY_ADOPTED]
    train, test = samples[:-40], samples[-40:]
    rows = ReviewerModel.training_rows(train, "default")
    assert len(set(rows["labels"])) == n_classes
    weights = LearnedWeights(fit(rows), ReviewerModel.RULE_WEIGHT)

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                 max_features=ReviewerModel.MAX_NGRAMS)
    x = hstack([vectorizer.fit_transform(rows["texts"]), csr_matrix(rows["dense"]) * ReviewerModel.RULE_WEIGHT]).tocsr()
    model = LogisticRegression(C=ReviewerModel.C, max_iter=1000, fit_intercept=False).fit(x, rows["labels"])
    assert weights.classes == list(model.classes_)
    # held-out texts, plus the analyzer's edge cases: capitals, runs of white space, a
    # traditional character, nothing the vocabulary knows
    texts = [fold(s.suggestion.text or "") for s in test]
    texts += ["我局  将\n\n积极 研究 ABC 规划", "暫不具备条件。", "zzz", ""]
    dense = [cue_features(s.reply, s.suggestion) for s in test] + [cue_features(None, test[0].suggestion)] * 4
    expected = model.predict_proba(hstack([vectorizer.transform(texts), csr_matrix(dense)]).tocsr())
    for text, d, row in zip(texts, dense, expected, strict=True):
        got = weights.probabilities(text, d)
        assert len(got) == n_classes
        assert max(abs(a - b) for a, b in zip(got, row, strict=True)) < 1e-9, (text, got, row)


def test_a_fit_leaves_the_app_process_without_scikit_learn_numpy_or_scipy(strict_db):
    db, ids = strict_db
    code = f"""
import sys
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.aids.hint_learner import HintService
with ReviewStore({str(db)!r}, readonly=True) as store:
    reply = store.get_reply({ids[HELD_BACK]!r})
    service = HintService(store, {LENIENT!r}, background=True)
    service.hint(reply, reply.suggestions[0])
    service.wait(300)
    hint = service.hint(reply, reply.suggestions[0])
    assert hint.source == "learned" and hint.rating.value == "adopted", hint
loaded = sorted(m for m in ("sklearn", "numpy", "scipy", "threadpoolctl") if m in sys.modules)
assert not loaded, loaded
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


_CHILD_FAILS = {
    "killed": "import os, signal, sys; sys.stdin.read(); os.kill(os.getpid(), signal.SIGKILL)",
    "exits 1": "import sys; sys.stdin.read(); sys.exit('MemoryError: out of memory')",
    "answers nonsense": "import sys; sys.stdin.read(); print('not json')",
}


@pytest.mark.parametrize("how", sorted(_CHILD_FAILS))
@pytest.mark.parametrize("background", [False, True])
def test_a_child_that_fails_leaves_the_base_hints_and_a_log_line(strict_db, monkeypatch, caplog, how, background):
    db, ids = strict_db
    monkeypatch.setattr("cppcc_review.store.aids.hint_learner.fit_command",
                        lambda: [sys.executable, "-c", _CHILD_FAILS[how]])
    with ReviewStore(db, readonly=True) as store, caplog.at_level("WARNING", logger="cppcc_review"):
        reply = store.get_reply(ids[HELD_BACK])
        service = HintService(store, STRICT, background=background)
        service.hint(reply, reply.suggestions[0])
        service.wait(120)
        assert service.model() is None
        hint = service.hint(reply, reply.suggestions[0])
        assert hint.source != "learned" and hint.rating == Rating.PARTIALLY_ADOPTED
    lines = [r.getMessage() for r in caplog.records if "hint learner" in r.getMessage()]
    assert len(lines) == 1 and "the base hints answer" in lines[0], lines
    assert {"killed": "killed by signal 9", "exits 1": "exited with 1: MemoryError",
            "answers nonsense": "could not be read"}[how] in lines[0]


def test_the_child_receives_only_where_to_read_and_builds_the_rows_the_fit_needs(strict_db, monkeypatch, tmp_path):
    """The app's process sends the database's folder, the reviewer and the scheme (issue 13: the
    child reads the ratings itself); the rows the child builds from them are each rating's folded
    text, its cue features and the rating, and no reviewer, reply id, title or unit goes to the fit."""
    db, ids = strict_db
    seen = tmp_path / "payload.json"
    monkeypatch.setattr("cppcc_review.store.aids.hint_learner.fit_command", lambda: [
        sys.executable, "-c", f"import sys; open({str(seen)!r}, 'wb').write(sys.stdin.buffer.read()); sys.exit(1)"])
    from cppcc_review.store.aids.hint_learner import TRAIN_SAMPLES, cue_features, latest_samples, prepare_fit
    from cppcc_review.store.aids.learner_fit import read_samples
    from cppcc_review.store.traditional_fold import fold

    with ReviewStore(db, readonly=True) as store:
        HintService(store, STRICT).model()
        samples, _count = latest_samples(store, STRICT, ReviewerModel.MAX_TRAIN)
        reply = store.get_reply(ids[HELD_BACK])
    sent = yaml.safe_load(seen.read_text(encoding="utf-8"))  # (JSON is YAML)
    assert sent == {"db": str(db.absolute()), "reviewer": STRICT, "scheme": "default", "limit": TRAIN_SAMPLES}
    rows = prepare_fit(read_samples(sent)[0], sent["scheme"])["rows"]
    assert set(rows) == {"texts", "dense", "labels", "settings"}
    assert rows["texts"] == [fold(s.suggestion.text or "") for s in samples]
    assert rows["dense"] == [cue_features(s.reply, s.suggestion) for s in samples]
    assert rows["labels"] == [s.rating.value for s in samples]
    assert set(rows["settings"]) == {"rule_weight", "C", "fit_intercept", "max_ngrams", "cv_folds", "cv_max", "confident_at"}
    raw = json.dumps(rows, ensure_ascii=False)
    for private in (STRICT, *ids.values(), reply.title, reply.handler, reply.doc_no):
        if private:
            assert private not in raw, private


# -- the child reads the ratings itself (issue 13): the app's threads read nothing for a fit ------------


def test_the_learned_hints_are_the_same_when_the_child_reads_the_ratings(strict_db, monkeypatch):
    """The way before issue 13 (the latest ratings read in this process, the rows built here, the
    fit in the child) and the child reading the database itself give the same model, the same
    gate and the same hint on every suggestion of the database."""
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        samples, count = latest_samples(store, LENIENT, TRAIN_SAMPLES)
        before = ReviewerModel(samples)
        before.n_ratings = count
        after = ReviewerModel.from_store(db, LENIENT)
        assert (after.n_ratings, after.classes) == (count, [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED])
        assert after.rules_agreement == before.rules_agreement
        assert after.strict_agreement == before.strict_agreement
        assert after.cv_accuracy == before.cv_accuracy
        assert after.better_than_rules and before.better_than_rules
        # The service asks the child for the model of this database and reviewer: `after` is that
        # child's answer (a third fit of the same request would only repeat it; the service's own
        # fit in the child is exercised by test_a_lenient_office_is_learned_and_the_hint_says_so).
        asked: list[tuple] = []

        def from_store(cls, path, reviewer, scheme="default"):
            asked.append((Path(path), reviewer, scheme))
            return after

        monkeypatch.setattr(ReviewerModel, "from_store", classmethod(from_store))
        service = HintService(store, LENIENT)
        assert service.model() is after and asked == [(Path(db), LENIENT, "default")]
        compared = departed = 0
        for rid in ids.values():
            reply = store.get_reply(rid)
            for s in reply.suggestions:
                base = suggest_rating(reply, s)
                old = learned_hint(before, reply, s, base)
                assert learned_hint(after, reply, s, base) == old, (rid, s.index)
                assert service.suggest(reply, s) == old, (rid, s.index)
                compared += 1
                departed += base is not None and old.rating != base.rating
    assert compared > 300 and departed > 0  # (a learner that departs from the base hints somewhere)


def test_the_apps_thread_reads_no_rated_reply_for_a_fit(strict_db, monkeypatch):
    """In the app's way (a worker thread), the rules answer until the model is fitted (no wait for
    scikit-learn on the caller's thread), and the first hint of a reviewer with ratings reads no
    reply or review in the app's process: the child reads them from the database."""
    db, ids = strict_db
    with ReviewStore(db, readonly=True) as store:
        reply = store.get_reply(ids[HELD_BACK])
        read: list[str] = []
        for name in ("get_reply", "get_review"):
            real = getattr(store, name)
            monkeypatch.setattr(store, name, lambda *a, _real=real, _name=name, **k: read.append(_name) or _real(*a, **k))
        service = HintService(store, LENIENT, background=True)
        first = service.hint(reply, reply.suggestions[0])
        service.wait(300)
        later = service.hint(reply, reply.suggestions[0])
    assert first.source == "rules" and later.source == "learned" and later.rating == Rating.ADOPTED
    assert read == []


def test_a_writer_holding_the_lock_delays_the_childs_reading_and_rates_on_while_it_reads(strict_db, tmp_path):
    """The child's read-only reading waits for the app's writer (longer than a reader's usual
    3 seconds: it is background work) instead of failing, and the app's writes go through while
    the child reads and fits."""
    import shutil
    import time

    src, ids = strict_db
    db = tmp_path / "db"
    shutil.copytree(src, db)
    rid = ids[HELD_BACK]
    with ReviewStore(db) as store:
        service = HintService(store, LENIENT, background=True)
        with store._lock.write(store.lock_timeout):  # the app in the middle of a long write
            assert service.model() is None  # the child starts now, and waits for the lock
            time.sleep(store.lock_timeout + 1.5)
        written = 0
        while service._worker is not None:  # meanwhile the app rates on (another reviewer: same count)
            store.set_rating(rid, "colleague", 1, (Rating.ADOPTED, Rating.EXPLAINED)[written % 2])
            written += 1
            time.sleep(0.05)
        service.wait(300)
        model = service.model()
        assert model is not None and model.better_than_rules
        assert written > 0
        assert store.get_review(rid, "colleague").suggestions[0].rating == (Rating.ADOPTED, Rating.EXPLAINED)[(written - 1) % 2]


def test_the_childs_reading_runs_at_the_apps_priority_and_its_fit_at_the_lowest(strict_db, monkeypatch):
    """A reader holds the database's lock (shared) while it reads a reply, and the app's rating key
    waits for it then: the child reads at the app's priority and lowers its own only for the
    rows and the fit (a stand-in reports the niceness of each part)."""
    import os

    from cppcc_review.store.aids import hint_learner

    db, _ids = strict_db
    stand_in = (
        "import os, sys\n"
        "from cppcc_review.store.aids import learner_fit\n"
        "real = learner_fit.read_samples\n"
        "def reading(request):\n"
        "    global at\n"
        "    at = os.nice(0)\n"
        "    return real(request)\n"
        "learner_fit.read_samples = reading\n"
        "learner_fit.fit = lambda rows: {'classes': ['adopted'], 'cv_accuracy': 1.0, 'cv_confident': [0, 0], 'ngrams': [], 'idf': [],"
        " 'coef': [[]], 'dense_coef': [[]], 'intercept': [0.0], 'niceness': os.nice(0), 'n_rows': len(rows['labels']),"
        " 'reading_niceness': at}\n"
        "sys.exit(learner_fit.main())\n"
    )
    monkeypatch.setattr(hint_learner, "fit_command", lambda: [sys.executable, "-c", stand_in])
    data = hint_learner.fit_in_child({"db": str(db), "reviewer": STRICT, "scheme": "default", "limit": 1000})
    assert data is not None
    with ReviewStore(db, readonly=True) as store:
        assert data["n_ratings"] == data["fit"]["n_rows"] == rated_count(store, STRICT)
    assert data["fit"]["reading_niceness"] == os.nice(0) < 19
    assert data["fit"]["niceness"] == 19


def test_a_learned_hint_is_confident_only_where_its_held_out_record_earns_it(monkeypatch):
    """A probability the model gives is not a record it has (lc41: replayed over twenty-one real collections,
    learned hints of probability >= 0.85 were right 80 times in 112 after 100 ratings): the hint is shown as
    confident only where the model's held-out predictions of that probability on this reviewer's ratings earn it:
    the pessimistic end of their record's 95% interval reaches 90%, as a rule branch's must."""
    reply = parse_reply("王明委员:\n您提出的提案收悉,现答复如下:\n该事项暂不具备实施条件,我局将继续关注。\n")
    suggestion = reply.suggestions[0]
    model = ReviewerModel([], "default")
    monkeypatch.setattr(model, "predict", lambda *_args: (Rating.EXPLAINED, 0.97))
    # the Wilson lower end of the record must reach 0.9: 40 of 40 does (0.91), 10 of 10 (0.72) and 38 of 40 (0.84) do not
    for record, confident in (((40, 40), True), ((10, 10), False), ((38, 40), False), ((0, 0), False)):
        model.cv_confident = record
        hint = learned_hint(model, reply, suggestion, None)
        assert (hint.rating, hint.confident) == (Rating.EXPLAINED, confident), record
    model.cv_confident = (40, 40)
    monkeypatch.setattr(model, "predict", lambda *_args: (Rating.EXPLAINED, 0.80))
    assert not learned_hint(model, reply, suggestion, None).confident  # below the probability: never


def test_the_fits_held_out_record_counts_its_held_out_predictions():
    from cppcc_review.store.aids.learner_fit import fit

    rows = ReviewerModel.training_rows(_fixture_samples()[:120], "default")
    everything = fit({**rows, "settings": {**rows["settings"], "confident_at": 0.0}})
    right, cases = everything["cv_confident"]
    # every held-out prediction reaches probability 0: the record is the cross-validated accuracy itself
    assert cases == 120 and right / cases == everything["cv_accuracy"]
    shipped = fit(rows)
    right, cases = shipped["cv_confident"]
    assert 0 <= right <= cases < 120 and shipped["cv_accuracy"] == everything["cv_accuracy"]


async def test_the_open_reply_takes_the_learned_hints_when_the_fit_ends(strict_db, tmp_path):
    """QA round 15, item 5: the first reply opened in a session kept the rules' hints (依据规则) after the
    learned model was fitted in the background, unlike `check --learned`, until it was opened again. Now the
    shown suggestion's hint is read again when the fit ends; the suggestion shown and a note being typed stay."""
    import shutil

    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.review import ReviewScreen
    from cppcc_review.tui.widgets.note_editor import NoteEditor

    src, ids = strict_db
    db = tmp_path / "db"
    shutil.copytree(src, db)
    with ReviewStore(db, readonly=True) as store:
        n = rated_count(store, LENIENT)
    app = ReviewApp(db_path=db, reviewer=LENIENT)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_reply(ids[HELD_BACK])  # the session's first reply: its hints are read while the model fits
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        bar = _plain(screen.query_one("#rating-bar"))
        assert "依据规则" in bar, bar  # (the fit's child takes seconds: the rules answer meanwhile)
        index = screen.index
        await pilot.press("n", *"写了一半")  # a note being typed when the model arrives
        await pilot.pause()
        app.context.aids.hints.wait(120)
        for _ in range(40):  # the screen looks once a second
            await pilot.pause(0.1)
            bar = _plain(screen.query_one("#rating-bar"))
            if "依据规则" not in bar:
                break
        assert f"根据您的{n}条评定" in bar and "建议评定：采纳（" in bar, bar
        assert app.screen is screen and screen.index == index
        editor = screen.query_one(NoteEditor)
        assert editor.has_focus and editor.text.endswith("写了一半"), editor.text
