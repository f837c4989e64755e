"""The bundled base model of the suggested ratings (cppcc_review.store.aids.base_model): trained on the
fixtures only, predicted without scikit-learn, blended with the rules, read on the first
hint and never at start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.aids import base_model
from cppcc_review.store.aids.hints import SOURCE_MODEL, SOURCE_RULES, suggest_rating
from cppcc_review.store.model import Rating
from tests.test_checks_support import reply_with

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_the_shipped_weights_are_the_fixtures_training_and_predict_as_scikit_learn_does():
    from train_base_model import CLASSES, NGRAMS, train, training_set

    samples = training_set()
    shipped = json.loads(base_model.WEIGHTS.read_text(encoding="utf-8"))
    fresh = train(samples)
    # trained on exactly the bundled fixtures' texts and ratings (retrain with
    # scripts/train_base_model.py when they change), nothing else
    assert shipped["trained_on"] == fresh["trained_on"], "run: python scripts/train_base_model.py"
    assert shipped["trained_on"]["fixture_suggestions"] == len(samples) >= 390
    assert [g for g, _i, _c in shipped["features"]] == [g for g, _i, _c in fresh["features"]]
    # the plain-Python prediction is scikit-learn's
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = [t for t, _r in samples], [r for _t, r in samples]
    vec = TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, min_df=2)
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced", tol=1e-8).fit(vec.fit_transform(texts), labels)
    order = [list(model.classes_).index(c) for c in CLASSES]
    expected = model.predict_proba(vec.transform(texts))[:, order]
    mine = base_model.load()
    worst = max(abs(mine.probabilities(t)[Rating(c)] - expected[i][k])
                for i, t in enumerate(texts) for k, c in enumerate(CLASSES))
    assert worst < 1e-3, worst


def test_where_the_model_outweighs_the_rules_the_hint_says_so():
    # the rules read a refusal (no money now); the model trained on the fixtures reads the
    # promise to seek money, surely enough to outweigh even an explanation (whose vote is the
    # larger, EXPLAINED_RULES_WEIGHT): the blend follows the model, and says the rules read otherwise
    body = "目前资金困难,暂时无资金投入,下一步将积极向上争取资金。"
    reply = reply_with(body, date="2024-08-01")
    rules = suggest_rating(reply, reply.suggestions[0], base="rules")
    blended = suggest_rating(reply, reply.suggestions[0])
    assert rules.rating == Rating.EXPLAINED and rules.source == SOURCE_RULES
    assert blended.rating != Rating.EXPLAINED and blended.source == SOURCE_MODEL
    assert blended.rules_rating == Rating.EXPLAINED and blended.to_dict()["rules_rating"] == "explained"
    assert "规则读作解释说明,内置样本模型改判" in blended.explain()
    assert "the bundled model outweighs them" in blended.explain("en")
    assert blended.evidence == rules.evidence  # the phrases the rules read, either way
    assert not blended.confident  # the two readings disagree: weak
    # the strict variant is the rules alone (the model learned the default rubric)
    strict = suggest_rating(reply, reply.suggestions[0], strict=True)
    assert strict.source == SOURCE_RULES and strict.rating == Rating.EXPLAINED


def test_where_they_agree_the_source_is_the_rules_and_a_label_alone_is_not_blended():
    reply = reply_with("我局已于2024年6月在该路口安装信号灯并投入使用。", date="2024-08-01")
    hint = suggest_rating(reply, reply.suggestions[0])
    assert hint.rating == Rating.ADOPTED and hint.source == SOURCE_RULES and hint.path == "done"
    reply = reply_with("关于这个问题,情况比较复杂。", declared_result="C类")
    hint = suggest_rating(reply, reply.suggestions[0])
    assert hint.rating == Rating.EXPLAINED and hint.path == "label_only" and hint.source == SOURCE_RULES


def test_an_unknown_base_is_refused():
    reply = reply_with("我局将积极研究。")
    with pytest.raises(ValueError, match="unknown hint base"):
        suggest_rating(reply, reply.suggestions[0], base="oracle")


def test_the_weights_are_read_on_the_first_hint_not_at_start_up():
    code = """
import sys, time
import cppcc_review.tui.app, cppcc_review.store.aids.hints, cppcc_review.store.aids.hint_learner
from cppcc_review.store.aids import base_model
assert base_model.load.cache_info().currsize == 0, "weights read at start-up"
from cppcc_review.store.aids.hints import suggest_rating
from tests.test_checks_support import reply_with
reply = reply_with("下一步,我局将积极研究。")
t = time.perf_counter()
suggest_rating(reply, reply.suggestions[0])
first = time.perf_counter() - t
assert base_model.load.cache_info().currsize == 1 and "sklearn" not in sys.modules
print(f"ok {first:.3f}")
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith("ok"), out.stderr


def test_the_review_screen_and_the_cli_say_the_model_outweighed_the_rules():
    from dataclasses import replace

    from cppcc_review.tui.review_texts import hint_origin

    reply = reply_with("我局已于2024年6月在该路口安装信号灯并投入使用。", date="2024-08-01")
    hint = suggest_rating(reply, reply.suggestions[0])
    assert hint_origin(hint, "zh") == "[仅供参考 · 依据规则]"
    model_hint = replace(hint, source=SOURCE_MODEL)
    assert hint_origin(model_hint, "zh") == "[仅供参考 · 依据内置样本模型]"
    assert hint_origin(model_hint, "en") == "[weak · from the model trained on the bundled samples]"
