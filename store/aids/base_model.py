"""The base model of the suggested ratings: a linear model trained on the bundled fixtures and
on the hand ratings of the real development collections.

Issue 13's fourth round measured what carries over to real replies the project had never
read (scripts/validate_aids.py, leave-one-collection-out on private collections of real
published replies): hand-written rules, tuned round after round, fell to about half right on
each new collection; a linear model over character 1-3-grams did a little better; the best
was a blend of the two, the model's probabilities with the rules' reading as a small vote
(BLEND_RULES_WEIGHT). `cppcc_review.store.aids.hints.suggest_rating` uses that blend.

Since the sixth round the model is trained by `python scripts/train_base_model.py` on the
bundled fixtures (our own words) AND the five real development collections (a real
suggestion weighing three fixture ones), which leave-one-collection-out found better on the
held-out collection (64.8% blended, against 60.0% trained on the fixtures alone). The texts
stay private: only character n-grams (at most three characters) found in at least two
different replies are kept, with their idf and coefficients; plus a few yes/no cue features
(`model_cues`: a refusal on means or policy, another body's matter, a wait on what the unit
cannot provide, the ask already met, a plea for understanding), which out of fold raised the
explained answers found (model alone 21 → 29 of 45); since issue 13's ninth round, four yes/no features
of how the section is built as the rules read it (a part refused beside a step taken, a step with the
rest left open, only a preparatory step, older general work), which out of fold on eight collections
raised the blend at the shipped weights from 259 to 267 of 413 (kappa 0.39 → 0.43); since the eleventh round,
the reply's declared class (its label through the reviewer's scheme) as three yes/no features, a prior the
model weighs as the hand ratings do (out of fold on eleven collections: 370 → 375 of 577, kappa 0.41 → 0.42;
weights chosen nested 352 → 367). scikit-learn (TfidfVectorizer(analyzer=
"char", ngram_range=(1, 3), sublinear_tf=True) and LogisticRegression(C=1, class_weight=
"balanced")) trains it; the weights ship as `store/aids/base_model.json`; predicting needs no
scikit-learn: this module computes the same TF-IDF vector, cue features and softmax in plain
Python (tests/test_base_model.py checks them against scikit-learn). The file is read when a
hint is first asked for, never at start-up.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from ..model import Rating

WEIGHTS = Path(__file__).resolve().parent / "base_model.json"
# The rules' vote in the blend, chosen by leave-one-collection-out validation (scripts/validate_aids.py:
# each real collection scored by a model trained without it, blended with the rules frozen before it
# was read). Issue 13, eighth round, on seven collections (348 suggestions), on every fold's
# out-of-fold predictions: 0.10 where the rules read adopted or partially, 0.15 where they read an
# explanation: 234 right, kappa 0.47, 40 of 87 explained, 5 adopted answers read explained. 0.10
# everywhere gives 236 (kappa 0.48) but fails the fixtures' in-sample kappa floor by one suggestion
# (tests/test_evaluate.py: 408 of 419, kappa 0.959; 0.10 / 0.15: 409, 0.963); the sixth round's 0.15
# everywhere gives 224 (kappa 0.42, 34 of 87 explained): with the retrained model a vote of 0.15
# overrides it too often. Chosen per held-out collection on the other six (nested) the weights were
# 0.05-0.10 and 0.0-0.30 (232 of 348, kappa 0.46). Sixth round, on five collections: 0.15 / 0.15.
# Ninth round, on eight collections (413 suggestions; a fixture drawn from a collection left out of its
# models' training): chosen again on every fold's out-of-fold predictions, 0.10 / 0.15 (267 right, kappa
# 0.43); nested, per held-out collection, 0.05-0.20 and 0.05-0.25 (261, kappa 0.41). Tenth round, on nine
# collections (482 suggestions, real-fresh-10 added): kept. Out of fold 0.15 / 0.0 did a little better
# (316 against 310 of 482 in the round's harness, the same choice on every held-out fold), but it reads two
# in-sample fixture floors worse (tests/test_evaluate.py: 240-264 40 -> 38 of 45, 300-302 17 -> 16 of 18),
# and every weight above 0.10 does; the gain rises smoothly with the weight (0.12: 314) and is within noise.
# 2026-12-02 evening (branch bw14): re-chosen 0.30 / 0.45 (the same ratio) on the afternoon's four UNSEEN real
# collections, real-fresh-14..-17 (191 suggestions scored, main's parser, the bundled model as shipped, which was trained
# on none of them): 0.10 / 0.20 / 0.30 / 0.40 and above -> 110 / 124 / 128 / 118 right; every collection better at
# 0.30 (26 -> 30, 34 -> 38, 22 -> 24, 28 -> 36 of 48 / 50 / 41 / 52; kappa 0.30 -> 0.42, 0.49 -> 0.62, 0.32 -> 0.39,
# 0.31 -> 0.53; scripts/measure_real_aids.py --parse-rule); leave-one-collection-out over the grid
# 0.1 .. 1.0 picks 0.30 in three folds and ties 0.2 / 0.3 in the fourth. Both LOCOs stand: the earlier ones
# (above) chose 0.10 on out-of-fold models of the collections the bundled model's 577 real ratings came from; on
# text it never saw the bundled model overrides the rules too often (the rules alone beat the blend on four of the
# five latest unseen collections, fixtures/evaluation-split.yaml `real:`). Those 577 ratings are lost, so the
# model cannot be retrained; the rules' vote is what can move. Gate: real-fresh-18, measured once on this.
BLEND_RULES_WEIGHT = 0.30
EXPLAINED_RULES_WEIGHT = 0.45
_WHITE = re.compile(r"\s\s+")


def tfidf(text: str, features: Mapping[str, tuple[float, Sequence[float]]],
          ngram_range: tuple[int, ...]) -> tuple[dict[str, float], float]:
    """The TF-IDF weights of `text`'s known character n-grams, as scikit-learn's
    TfidfVectorizer(analyzer="char", sublinear_tf=True) computes them before its l2 norm,
    and that norm: ({n-gram: (1 + log tf) * idf}, norm). `features` maps an n-gram to
    (idf, its coefficients). The bundled model and the reviewer's learned one both read
    text this way."""
    # scikit-learn's char analyzer: lowercase, runs of white space made one space
    doc = _WHITE.sub(" ", text.lower())
    counts: dict[str, int] = {}
    lo, hi = ngram_range
    for n in range(lo, hi + 1):
        for i in range(len(doc) - n + 1):
            g = doc[i:i + n]
            if g in features:
                counts[g] = counts.get(g, 0) + 1
    weights = {g: (1.0 + math.log(c)) * features[g][0] for g, c in counts.items()}
    return weights, math.sqrt(sum(w * w for w in weights.values())) or 1.0


class BaseModel:
    """TF-IDF over character 1-3-grams, then a multinomial logistic regression."""

    def __init__(self, data: dict):
        self.classes = [Rating(c) for c in data["classes"]]
        self.ngram_range = tuple(data["ngram_range"])
        self.trained_on = data["trained_on"]
        # n-gram -> (idf, [coefficient per class])
        self.features: dict[str, tuple[float, list[float]]] = {
            g: (idf, coef) for g, idf, coef in data["features"]
        }
        self.intercept = data["intercept"]
        # the cue features (model_cues), present where the model was trained with them
        cues = data.get("cues") or {}
        self.cue_scale: float = cues.get("scale", 0.0)
        self.cue_weights: list[tuple[str, list[float]]] = [(n, w) for n, w in cues.get("weights", [])]
        # the declared-class prior (issue 13, eleventh round), present where the model was trained with it:
        # one yes/no feature per rating the reply's declared label maps to (none where it prints none)
        declared = data.get("declared") or {}
        self.declared_scale: float = declared.get("scale", 0.0)
        self.declared_weights: dict[Rating, list[float]] = {Rating(r): w for r, w in declared.get("weights", [])}
        # The last text asked about and its answer: a learned hint asks for the same suggestion's
        # probabilities twice in a row (HintService.suggest's base hint, then the learner's features:
        # hint_learner.base_features), ~0.5 ms each; one entry is enough for that and holds no more.
        self._last: tuple[str, Rating | None, dict[Rating, float]] | None = None

    def probabilities(self, text: str, declared: Rating | None = None) -> dict[Rating, float]:
        """P(rating | text, the reply's declared class), as scikit-learn's predict_proba would give it (a
        fresh dict each call; the last answer is remembered). `declared`: the rating the reply's declared
        label maps to through the reviewer's scheme (None where the letter prints none or the scheme does
        not know it); a model trained without the declared prior ignores it."""
        last = self._last
        if last is not None and last[0] == text and last[1] == declared:
            return dict(last[2])
        answer = self._probabilities(text, declared)
        self._last = (text, declared, answer)
        return dict(answer)

    def _probabilities(self, text: str, declared: Rating | None) -> dict[Rating, float]:
        weights, norm = tfidf(text, self.features, self.ngram_range)
        scores = list(self.intercept)
        for g, w in weights.items():
            coef = self.features[g][1]
            for k in range(len(scores)):
                scores[k] += coef[k] * w / norm
        if self.cue_weights:
            from .model_cues import cue_names, cue_vector
            values = dict(zip(cue_names(), cue_vector(text), strict=True))
            for name, coef in self.cue_weights:
                if values.get(name):
                    for k in range(len(scores)):
                        scores[k] += coef[k] * values[name] * self.cue_scale
        if declared is not None and declared in self.declared_weights:
            coef = self.declared_weights[declared]
            for k in range(len(scores)):
                scores[k] += coef[k] * self.declared_scale
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


@lru_cache(maxsize=1)
def load() -> BaseModel:
    """The shipped model (read once, on the first hint)."""
    return BaseModel(json.loads(WEIGHTS.read_text(encoding="utf-8")))


def blend_scores(model_p: dict[Rating, float], rules_rating: Rating | None,
                 rules_weight: float = BLEND_RULES_WEIGHT) -> dict[Rating, float]:
    """Each rating's blended score: rules_weight * (the rules' rating, one-hot; a third each when
    they have none) + (1 - rules_weight) * the model's probability."""
    return {c: rules_weight * ((1.0 if c == rules_rating else 0.0) if rules_rating is not None else 1 / 3)
            + (1 - rules_weight) * p for c, p in model_p.items()}


def blend(model_p: dict[Rating, float], rules_rating: Rating | None,
          rules_weight: float = BLEND_RULES_WEIGHT) -> tuple[Rating, float]:
    """The blended rating (the best of `blend_scores`) and its score."""
    scores = blend_scores(model_p, rules_rating, rules_weight)
    best = max(scores, key=lambda c: (scores[c], -list(scores).index(c)))
    return best, scores[best]
