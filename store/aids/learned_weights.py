"""A fitted model of the hint learner (cppcc_review.store.aids.hint_learner) as plain numbers: this
process predicts from the weights the fit's child returns, without scikit-learn."""

from __future__ import annotations

import math

from .base_model import tfidf


class LearnedWeights:
    """A fitted model as plain numbers, predicting what scikit-learn's predict_proba would:
    TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True) over the text
    (lowercase, white space runs made one space, 1 + log(count) times idf, l2-normalised),
    the cue features times the rule weight after it, then a linear score per class: softmax
    for three classes; for two, scikit-learn keeps one row of coefficients (the second
    class's score) and gives [1 - sigmoid(z), sigmoid(z)]."""

    NGRAM_RANGE = (2, 3)

    def __init__(self, data: dict, rule_weight: float):
        self.classes: list[str] = list(data["classes"])
        self.rule_weight = rule_weight
        per_ngram = list(zip(*data["coef"], strict=True))  # the coefficient rows, by column
        # n-gram -> (idf, its coefficient in each row)
        self.features: dict[str, tuple[float, tuple[float, ...]]] = {
            g: (idf, c) for g, idf, c in zip(data["ngrams"], data["idf"], per_ngram, strict=True)
        }
        self.dense_coef: list[list[float]] = data["dense_coef"]
        self.intercept: list[float] = list(data["intercept"])

    def scores(self, text: str, dense: list[float]) -> list[float]:
        """The decision function: one score per row of coefficients."""
        weights, norm = tfidf(text, self.features, self.NGRAM_RANGE)
        out = []
        for k, row in enumerate(self.dense_coef):
            z = self.intercept[k] if k < len(self.intercept) else 0.0
            for g, w in weights.items():
                z += self.features[g][1][k] * (w / norm)
            for c, v in zip(row, dense, strict=True):
                z += c * (v * self.rule_weight)
            out.append(z)
        return out

    def probabilities(self, text: str, dense: list[float]) -> list[float]:
        """P(each of `classes`), in the order of `classes` (scikit-learn's: sorted)."""
        scores = self.scores(text, dense)
        if len(scores) == 1:  # two classes: the score is the second class's
            z = scores[0]
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            return [1.0 - p, p]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]
