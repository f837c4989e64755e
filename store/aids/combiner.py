"""How the rules' reading and the bundled model's probabilities become one suggested rating.

Until issue 13's round h70 the blend was fixed arithmetic: the model's probabilities plus the rules'
rating as a vote of fixed weight (`base_model.blend`). The rules' reading says more than its rating:
which branch of the rubric decided (`decide.PATHS`) and how many sentences fell in each class of the
rubric (`Signals`' counts); some branches are right on real text far more often than others, and a
section with five steps reported is not read like one with a single step beside three plans. The
combiner is a small multinomial logistic model over exactly that: the branch (one-hot), the log of the
bundled model's three probabilities, and log(1 + count) of each sentence count. Trained by
`python scripts/train_combiner.py` on the hand ratings of the real development collections and of the
fixtures (a fixture weighing FIXTURE_WEIGHT of a real suggestion: the rules and the bundled model were
tuned on the fixtures, so their reading of them is flattering); the weights ship as `combiner.json`
(numbers and feature names only, no text). Leave-one-collection-out on real-fresh-60..-69 (280
suggestions): 168 right against 151 for the fixed blend; on its unseen gate, -70..-75, 73 against 72 of 119
(docs/reading-aids.md, round h70). A collection whose texts are lost trains from its first-measure record.

Predicting needs no scikit-learn: a dot product and a softmax here (tests/test_combiner.py checks them
against scikit-learn's predict_proba). The file is read when a hint is first asked for, never at start-up.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from ..model import Rating
from .decide import Decision
from .signals import Signals

WEIGHTS = Path(__file__).resolve().parent / "combiner.json"
# The sentence counts the combiner reads: every `n_…` field of Signals, in the order they are declared.
COUNTS: tuple[str, ...] = tuple(f.name for f in fields(Signals) if f.name.startswith("n_"))
# The model's probabilities are floored before the log (a probability of 0 would be -inf).
_FLOOR = 1e-6
NO_PATH = "-"  # the branch feature where the rules decided nothing (decide gave no rating)
# Branches whose reading stands as the rules give it: the declared label where the wording has no cue (the
# rubric: the label breaks that tie) and a section the letter heads as background (h36). Neither is a reading
# of the wording the model could weigh; the combiner is neither trained on them nor asked.
RULES_STAND = frozenset({"label_only", "background"})
# Branches the combiner is trained on but not asked about: general past work alone (近年来…, 累计…) is explained
# by the rubric itself (h60). The combiner, which weighs the model's reading of the same words, read 3 of the 6
# such real sections of real-fresh-60..-69 adopted (the raters: 5 explained, 1 partially); kept out of its hands as
# the fixed blend kept "done" out of the model's (hd37).
RUBRIC_STANDS = frozenset({"context_only"})


def trained_on(decision: Decision) -> bool:
    """Whether a rated suggestion the rules read as `decision` is a training row of the combiner."""
    return decision.path not in RULES_STAND


def applies(decision: Decision) -> bool:
    """Whether the combiner gives the rating of a suggestion the rules read as `decision`."""
    return decision.path not in RULES_STAND and decision.path not in RUBRIC_STANDS


def feature_names(paths: list[str]) -> list[str]:
    """The combiner's features, in the order of its coefficients."""
    return ([f"path={p}" for p in paths] + [f"log_p_model={r.value}" for r in _CLASSES]
            + [f"log1p_{name}" for name in COUNTS])


_CLASSES = (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED)  # the order of the model's features


def feature_vector(paths: list[str], decision: Decision, sig: Signals, model_p: Mapping[Rating, float]) -> list[float]:
    """The values of `feature_names(paths)` for one suggestion (a branch not among `paths`: all zero)."""
    path = decision.path or NO_PATH
    return ([1.0 if path == p else 0.0 for p in paths]
            + [math.log(max(model_p.get(r, 0.0), _FLOOR)) for r in _CLASSES]
            + [math.log1p(getattr(sig, name)) for name in COUNTS])


class Combiner:
    """The trained weights: one row of coefficients and an intercept per rating."""

    def __init__(self, data: dict):
        self.classes = [Rating(c) for c in data["classes"]]
        self.paths: list[str] = list(data["paths"])
        names = feature_names(self.paths)
        if data["features"] != names:
            raise ValueError(f"{WEIGHTS.name}: its features are not this code's (retrain: scripts/train_combiner.py)")
        self.coef: list[list[float]] = data["coef"]
        self.intercept: list[float] = data["intercept"]
        self.trained_on = data["trained_on"]

    def probabilities(self, decision: Decision, sig: Signals, model_p: Mapping[Rating, float]) -> dict[Rating, float]:
        x = feature_vector(self.paths, decision, sig, model_p)
        scores = [b + sum(c * v for c, v in zip(row, x, strict=True))
                  for row, b in zip(self.coef, self.intercept, strict=True)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def rating(self, decision: Decision, sig: Signals, model_p: Mapping[Rating, float]) -> tuple[Rating, float]:
        """The combined rating and its probability."""
        p = self.probabilities(decision, sig, model_p)
        best = max(p, key=lambda c: p[c])
        return best, p[best]


@lru_cache(maxsize=1)
def load() -> Combiner:
    return Combiner(json.loads(WEIGHTS.read_text(encoding="utf-8")))
