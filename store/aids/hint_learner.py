"""Suggested ratings that learn from the reviewer's own ratings.

The rules of `cppcc_review.store.aids.hints` apply the project's rubric; offices apply it differently
(some read a vague promise alone as explained, shared/domain.md). As a reviewer rates, a small linear
model trained on *that reviewer's* ratings in the database learns which way they lean, as ASReview
and Prodigy do with their users' labels:

- the base: the rubric's variant of the reviewer's setting (RUBRIC_DEFAULT: the rules blended with
  the bundled model; RUBRIC_STRICT: the strict rules), or the other one when their ratings follow it
  (an exact sign test where the two differ, `learner_fit.find_lean`, LEAN_P; since branch lc14);
- features: character n-grams (2-3) of the response, the rules' reading of that variant as dense
  cue features (the branch taken, its rating, the sentence counts of each class, the declared label
  through the scheme) and the base hint's reading (the bundled model's class log-probabilities and
  the base rating, scaled up: BASE_SCALE), so that the model learns where this reviewer departs from
  the base rather than the rubric from scratch; a departure is shown only from DEPART_MIN;
- model: scikit-learn's LogisticRegression (multinomial), trained on every rating of the reviewer
  whose suggestion text has not changed since it was rated;
- used from MIN_RATINGS ratings on, when they hold at least two classes and it beats the base hints
  in cross-validation; below that the base answers. A learned hint says where it comes from
  ("learned from your N ratings" / 根据您的N条评定, and the other reading when the ratings follow it:
  `LearnedHint.lean`), and is confident from CONFIDENT_PROBABILITY.

The fit runs in a short-lived child process (`learner_fit`: scikit-learn, numpy and scipy are
imported there, never in this process: ~100 MB and seconds of the interpreter lock the app no longer
pays, issue 16); this process predicts from the weights it returns in plain Python (`LearnedWeights`,
the same probabilities as scikit-learn's predict_proba). Since issue 13 the child also reads the
reviewer's ratings from the database (read-only) and builds the rows, the sign test and the base
hints' agreement itself (`ReviewerModel.from_store`, `learner_fit.fit_store`): the app sends it the
database's folder and the reviewer's name and reads nothing for a fit. `python -m
benchmarks.hint_learner` measures the first learned hint. `HintService` is what the app and the CLI
ask: it holds the settings (rubric variant, learning on or off, which hints to show) and retrains
when the reviewer's ratings have changed.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING

from ..log import LOG
from ..model import Rating, Reply, Suggestion
from . import base_model, hints
from .base_model import tfidf
from .fold import fold
from .learner_fit import Lean, find_lean
from .schemes import get_scheme

if TYPE_CHECKING:  # pragma: no cover
    from ..db import ReviewStore

MIN_RATINGS = 10
CONFIDENT_PROBABILITY = 0.85
# Retraining (with its cross-validation) waits until the reviewer has added this many
# ratings, or this share of those the model knows, whichever is more.
RETRAIN_AFTER = 5
RETRAIN_SHARE = 0.1
RATINGS = (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED)
SHOW_ALL, SHOW_CONFIDENT, SHOW_NONE = "all", "confident", "none"
SHOW_CHOICES = (SHOW_ALL, SHOW_CONFIDENT, SHOW_NONE)
RUBRIC_DEFAULT, RUBRIC_STRICT = "default", "strict"
RUBRIC_CHOICES = (RUBRIC_DEFAULT, RUBRIC_STRICT)

_COUNTS = (
    "n_done", "n_action", "n_planned", "n_anchored", "n_vague", "n_explained", "n_covered",
    "n_weak", "n_difficulty", "n_condition", "n_pilot", "n_rollout", "n_context", "n_status", "n_study",
)  # fmt: skip


@dataclass(frozen=True)
class Sample:
    """One rated suggestion: what the model learns from."""

    reply: Reply | None
    suggestion: Suggestion
    rating: Rating


def cue_features(reply: Reply | None, suggestion: Suggestion, scheme: str = "default",
                 base_hint: hints.Hint | None = None, strict: bool = False) -> list[float]:
    """The rules' reading of one suggestion as numbers (the dense part of the features), by the
    rubric's default or strict variant (`strict`: the base the learner starts from, see LEAN_P).
    `base_hint`: the base hint of this suggestion if the caller has it (see base_features)."""
    sig = hints.signals(suggestion.text or "", hints.reply_year(reply))
    declared = hints.map_label(reply.declared_result if reply is not None else None, scheme)
    if not _is_base(base_hint, scheme, strict):
        base_hint = hints.suggest_rating(reply, suggestion, scheme, strict=strict)
    return _dense(sig, declared, strict, suggestion.text or "", base_hint.rating if base_hint else None)


def _is_base(hint: hints.Hint | None, scheme: str, strict: bool) -> bool:  # (of this variant and scheme)
    return hint is not None and hint.strict == strict and hint.scheme == scheme


def _dense(sig: hints.Signals, declared: Rating | None, strict: bool, text: str,
           base_rating: Rating | None) -> list[float]:
    """cue_features from what the caller has read: the signals, the declared class, the base
    hint's rating (of the default or the strict variant, `strict`)."""
    decision = hints.decide(sig, declared, strict)
    out: list[float] = [1.0 if decision.path == p else 0.0 for p in hints.PATHS]
    out += [1.0 if decision.rating == r else 0.0 for r in RATINGS]
    out += [1.0 if declared == r else 0.0 for r in RATINGS]
    out += [math.log1p(getattr(sig, name)) for name in _COUNTS]
    p = base_model.load().probabilities(fold(text), declared)
    out += [BASE_SCALE * math.log(max(p[r], BASE_FLOOR)) for r in RATINGS]
    out += [BASE_SCALE * (1.0 if base_rating == r else 0.0) for r in RATINGS]
    return out


# The base hint's reading as features (issue 13, eleventh round): the learner models how this reviewer departs
# from the base hint instead of learning the rubric again from a few dozen ratings. Scaled up so that the L2 penalty lets the fit lean on them (a
# coefficient w on a feature scaled by s costs (w / s)^2) and spends its weight on the departures. Four
# scales x two departure thresholds were tried on the two honest replays (the fixture one, cross-fitted,
# and the real collections', leave-one-collection-out); 4.0 and 0.6 were best on both (docs/reading-aids.md).
BASE_SCALE = 4.0
BASE_FLOOR = 1e-3  # log of a probability below this is taken as this (no -inf feature)
# A learned rating that differs from the base hint's is shown only when the model gives it at least this
# probability; below it the base hint answers (a departure must be learned, not guessed).
DEPART_MIN = 0.6


def base_features(reply: Reply | None, suggestion: Suggestion, scheme: str = "default",
                  base_hint: hints.Hint | None = None, strict: bool = False) -> list[float]:
    """What the base hint reads (cue_features' last six, BASE_SCALE): the bundled model's class log-probabilities
    and the base hint's rating (`base_hint`, when the caller has it: not worked out twice)."""
    return cue_features(reply, suggestion, scheme, base_hint, strict)[-2 * len(RATINGS):]


@dataclass
class LearnedHint(hints.Hint):
    """A hint of the learner: `lean` when the reviewer's ratings follow the reading other than
    their setting's (the sign test; `hint_source` in the TUI says so), else None."""

    lean: Lean | None = None

    def to_dict(self) -> dict:
        return {**super().to_dict(), "lean": None if self.lean is None else asdict(self.lean)}


class ReviewerModel:
    """A linear model of one reviewer's ratings (see the module docstring).

    The rows (folded texts, cue features, ratings) are built here from the samples given, or by
    the child from the database (`from_store`, the app's way); the fit runs in a child
    process (`learner_fit`, scikit-learn) and comes back as weights (`LearnedWeights`), from
    which this process predicts in plain Python. A child that fails, is killed or takes
    longer than FIT_TIMEOUT leaves the model unusable (the base hints answer) and one line
    in the log."""

    # How much the rules' reading weighs against the n-gram features; C is the inverse
    # strength of the L2 regularisation.
    RULE_WEIGHT = 1.0
    C = 1.0
    # No intercept: a reviewer's first ratings are rarely a fair sample of the classes
    # (an inbox often starts with one unit's answers), and an intercept would learn that
    # mix instead of how the reviewer reads the wording.
    OPTIONS: dict = {"fit_intercept": False}
    # The model must earn its place: CV_FOLDS-fold cross-validation on the reviewer's
    # latest CV_MAX ratings, against the rules' agreement with the same ratings.
    CV_FOLDS = 5
    CV_MAX = 400
    # Only the latest ratings are learned from: they show how the reviewer rates now, and
    # they bound the work of a fit (1,000: about 2 s and 30 MB on a loaded 2-core machine;
    # 5,000 took 11.6 s and 100 MB).
    MAX_TRAIN = 1000
    # The n-grams kept (by frequency): enough for a reviewer's vocabulary, few enough
    # that a fit takes a fraction of a second.
    MAX_NGRAMS = 8000

    def __init__(self, samples: list[Sample], scheme: str = "default", strict: bool = False):
        self.scheme = scheme
        self.n_ratings = len(samples)  # all of them: "learned from your N ratings"
        self.classes: list[Rating] = []
        self._weights: LearnedWeights | None = None
        self.rules_agreement = 0.0  # how often the base hints agree with these ratings
        self.cv_accuracy = 0.0  # the model's accuracy on held-out folds of these ratings
        self.strict = strict  # its base: the setting's variant, or the other one the ratings follow (`lean`)
        self.lean: Lean | None = None
        if samples:
            prepared = prepare_fit(samples, scheme, strict)
            rows = prepared.pop("rows")
            self._take({**prepared, "fit": fit_in_child(rows) if rows is not None else None})

    def _take(self, answer: dict) -> None:
        """Hold what a fit gave: `prepare_fit`'s count, classes and rules' agreement, and under "fit"
        the child's weights (None: nothing fitted, or the child failed)."""
        self.n_ratings = int(answer["n_ratings"])
        self.classes = [Rating(c) for c in answer["classes"]]
        self.rules_agreement = float(answer["rules_agreement"])
        self.strict = bool(answer["strict"])
        self.lean = Lean(**answer["lean"]) if answer["lean"] is not None else None
        fitted = answer["fit"]
        if fitted is not None:
            self.cv_accuracy = float(fitted["cv_accuracy"])
            self._weights = LearnedWeights(fitted, self.RULE_WEIGHT)

    @classmethod
    def from_store(cls, path: str | os.PathLike[str], reviewer: str, scheme: str = "default",
                   strict: bool = False) -> ReviewerModel:
        """The model of `reviewer`'s latest TRAIN_SAMPLES ratings in the database at `path`, all of
        whose work runs in the fit's child process: it opens the database read-only, reads the
        samples (`latest_samples`), builds the rows and the rules' agreement (`prepare_fit`, in
        `learner_fit.fit_store`) and fits; this process sends the request and reads the answer,
        nothing more (issue 13). The same samples, rows, fit and gate as
        `ReviewerModel(latest_samples(...)[0])` with n_ratings the count of them all; a child that
        fails leaves the model unusable (logged)."""
        model = cls([], scheme, strict)  # (no ratings: nothing fitted, no child started)
        data = fit_in_child({"db": os.path.abspath(path), "reviewer": reviewer, "scheme": scheme,
                             "strict": strict, "limit": TRAIN_SAMPLES})
        if data is not None:
            model._take(data)
        return model

    @classmethod
    def training_rows(cls, samples: list[Sample], scheme: str, strict: bool = False,
                      dense: list[list[float]] | None = None) -> dict:
        """What the child needs for the fit and nothing more: each rating's folded text,
        its cue features (`dense`, when the caller has them) and the rating, and the fit's settings."""
        return {
            "texts": [fold(x.suggestion.text or "") for x in samples],
            "dense": dense if dense is not None else [cue_features(x.reply, x.suggestion, scheme, None, strict)
                                                     for x in samples],
            "labels": [x.rating.value for x in samples],
            "settings": {"rule_weight": cls.RULE_WEIGHT, "C": cls.C, "fit_intercept": cls.OPTIONS["fit_intercept"],
                         "max_ngrams": cls.MAX_NGRAMS, "cv_folds": cls.CV_FOLDS, "cv_max": cls.CV_MAX},
        }

    @property
    def better_than_rules(self) -> bool:
        """Whether the model, tested on ratings it was not trained on, agrees with this
        reviewer more often than the rules do: only then are its hints shown."""
        return self.usable and self.cv_accuracy > self.rules_agreement

    @property
    def usable(self) -> bool:
        return self._weights is not None

    def predict(self, reply: Reply | None, suggestion: Suggestion,
                base_hint: hints.Hint | None = None) -> tuple[Rating, float]:
        """The rating this reviewer would most likely give, and its probability (`base_hint`:
        cue_features')."""
        assert self._weights is not None, "predict() on a model that was not fitted"
        probabilities = self._weights.probabilities(fold(suggestion.text or ""),
                                                    cue_features(reply, suggestion, self.scheme, base_hint, self.strict))
        best = max(range(len(probabilities)), key=lambda i: probabilities[i])
        return Rating(self._weights.classes[best]), probabilities[best]


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


# The child: this interpreter, running the fit module of this package (whatever name the
# package is installed under). Its BLAS runs on one thread (see learner_fit).
FIT_MODULE = f"{__package__}.learner_fit"
FIT_TIMEOUT = 600.0  # seconds; a fit of 1,000 ratings takes a few on a loaded 2-core machine
_ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def fit_command() -> list[str]:
    return [sys.executable, "-m", FIT_MODULE]


_FIT_FIELDS = {"classes", "cv_accuracy", "ngrams", "idf", "coef", "dense_coef", "intercept"}
_STORE_FIELDS = {"n_ratings", "classes", "rules_agreement", "strict", "lean", "fit"}


def fit_in_child(request: dict) -> dict | None:
    """The child's answer, or None (logged) when it failed. `request`: the training rows (the
    answer: the fitted weights), or a database to read them from (`ReviewerModel.from_store`; the
    answer: `learner_fit.fit_store`'s: the count, the classes, the rules' agreement and the fitted
    weights, or None, under "fit")."""
    payload = json.dumps(request, ensure_ascii=False).encode("utf-8")
    try:
        proc = subprocess.run(fit_command(), input=payload, capture_output=True, timeout=FIT_TIMEOUT,
                              env={**os.environ, **_ONE_THREAD}, check=False)
    except subprocess.TimeoutExpired:
        LOG.warning("hint learner: the fit (a child process) took over %.0f s and was stopped; the base hints answer",
                    FIT_TIMEOUT)
        return None
    except OSError as exc:
        LOG.warning("hint learner: the fit could not be started (%s); the base hints answer", exc)
        return None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        how = f"was killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exited with {proc.returncode}"
        LOG.warning("hint learner: the fit (a child process) %s%s; the base hints answer",
                    how, f": {err[-1]}" if err else "")
        return None
    try:
        data: dict = json.loads(proc.stdout.decode("utf-8"))
        fields = _STORE_FIELDS if "db" in request else _FIT_FIELDS
        if not isinstance(data, dict) or not data.keys() >= fields:
            raise ValueError("fields missing")
        fitted = data["fit"] if "db" in request else data
        if fitted is not None and (not isinstance(fitted, dict) or not fitted.keys() >= _FIT_FIELDS):
            raise ValueError("fields missing")
        return data
    except ValueError as exc:
        LOG.warning("hint learner: the fit's answer could not be read (%s); the base hints answer", exc)
        return None


def prepare_fit(samples: list[Sample], scheme: str, strict: bool = False) -> dict:
    """What a fit of these ratings starts from, the same wherever it is built (this process, or the
    fit's child for `ReviewerModel.from_store`): the count of them all, the classes, the sign test of
    the latest MAX_TRAIN against the reading other than the setting's (`strict`; "lean", see LEAN_P),
    the base variant it gives ("strict"), the base hints' agreement with them and their training rows
    ("rows": None when they hold fewer than two classes: nothing to fit)."""
    latest = samples[-ReviewerModel.MAX_TRAIN:]
    classes = sorted({s.rating for s in latest}, key=RATINGS.index)
    enough = len(classes) >= 2
    read = [_reading(s, scheme) for s in latest]
    ratings = [s.rating for s in latest]
    lean = find_lean(ratings, [r[2] for r in read], [r[3] for r in read], strict) if latest else None
    if lean is not None and lean.follows:
        strict = lean.reading == RUBRIC_STRICT
    base = [r[3] if strict else r[2] for r in read]
    agreement = sum(b == r for b, r in zip(base, ratings, strict=True)) / len(latest) if enough else 0.0
    dense = [_dense(sig, declared, strict, s.suggestion.text or "", b)
             for s, (sig, declared, _d, _s), b in zip(latest, read, base, strict=True)] if enough else None
    return {
        "n_ratings": len(samples),
        "classes": [c.value for c in classes],
        "rules_agreement": agreement,
        "strict": strict,
        "lean": None if lean is None else asdict(lean),
        "rows": ReviewerModel.training_rows(latest, scheme, strict, dense) if dense is not None else None,
    }


def _reading(sample: Sample, scheme: str) -> tuple[hints.Signals, Rating | None, Rating | None, Rating | None]:
    """One rated suggestion's signals, declared class, and the ratings of its default base hint (the blend)
    and of its strict one (suggest_rating(strict=True) is decide(..., strict=True), no blend)."""
    sig = hints.signals(sample.suggestion.text or "", hints.reply_year(sample.reply))
    declared = hints.map_label(sample.reply.declared_result if sample.reply is not None else None, scheme)
    default = hints.suggest_rating(sample.reply, sample.suggestion, scheme)
    return sig, declared, default.rating if default else None, hints.decide(sig, declared, True).rating


def samples_from_store(store: ReviewStore, reviewer: str) -> list[Sample]:
    """Every rating `reviewer` gave whose suggestion text has not changed since, in the
    order of the inbox (reply files are read only for the replies they rated)."""
    out: list[Sample] = []
    for reply_id in [rid for rid, p in store.progress(reviewer).items() if p.rated]:
        reply, review = store.get_reply(reply_id), store.get_review(reply_id, reviewer)
        out += [Sample(reply, suggestion, judged.rating)
                for suggestion, judged in zip(reply.suggestions, review.suggestions, strict=False)
                if judged.rating is not None and not judged.changed]
    return out


TRAIN_SAMPLES = 1000  # = ReviewerModel.MAX_TRAIN: the latest ratings a model is trained on
_BUNDLED_BASE_MODEL = base_model.load  # (what the fit's child reads; see HintService._maker)


def latest_samples(store: ReviewStore, reviewer: str, limit: int) -> tuple[list[Sample], int]:
    """(`samples_from_store(...)[-limit:]`, `len(samples_from_store(...))`) without reading
    every rated reply's text: from the last reply back until `limit` samples are found (a
    reviewer of 100,000 replies: a few hundred texts read, not all of them, on the thread
    that asks). The count comes from progress, exact for replies whose text changed."""
    progress = store.progress(reviewer)
    changed = store.changed_after_rating(reviewer)
    rated = [rid for rid, p in progress.items() if p.rated]
    blocks: list[list[Sample]] = []
    found = 0
    for reply_id in reversed(rated):
        if found >= limit:
            break
        reply = store.get_reply(reply_id)
        review = store.get_review(reply_id, reviewer)
        block = [Sample(reply, suggestion, judged.rating)
                 for suggestion, judged in zip(reply.suggestions, review.suggestions, strict=False)
                 if judged.rating is not None and not judged.changed]
        blocks.append(block)
        found += len(block)
    samples = [sample for block in reversed(blocks) for sample in block][-limit:] if limit > 0 else []
    count = 0
    for reply_id in rated:
        if reply_id in changed:
            review = store.get_review(reply_id, reviewer)
            count += sum(1 for judged in review.suggestions if judged.rating is not None and not judged.changed)
        else:
            count += progress[reply_id].rated
    return samples, count


def rated_count(store: ReviewStore, reviewer: str) -> int:
    """How many suggestions `reviewer` has rated (from memory: no reply file is read)."""
    return sum(p.rated for p in store.progress(reviewer).values())


def learned_hint(model: ReviewerModel, reply: Reply | None, suggestion: Suggestion,
                 rule_hint: hints.Hint | None, scheme: str = "default") -> hints.Hint | None:
    """The model's hint, with the evidence spans of the base hint of its variant (`rule_hint` if of it): the
    same phrases, read the reviewer's way. The base answers below the gate or DEPART_MIN, as learned
    (saying so) when the reviewer's ratings follow it against their setting (`model.lean`)."""
    strict = model.strict
    base = rule_hint if rule_hint is None or _is_base(rule_hint, scheme, strict) else \
        hints.suggest_rating(reply, suggestion, scheme, strict=strict)
    lean = model.lean if model.lean is not None and model.lean.follows else None
    if model.better_than_rules:
        rating, probability = model.predict(reply, suggestion, base)
        if base is None or rating == base.rating or probability >= DEPART_MIN:
            declared_label = reply.declared_result if reply is not None else None
            start = base or hints.Hint(rating, 0.0, [], scheme, declared_label, hints.map_label(declared_label, scheme))
            return _learned(start, lean, rating=rating, confidence=round(probability, 2),
                            confident=probability >= CONFIDENT_PROBABILITY, path="learned", n_ratings=model.n_ratings)
    if base is None or lean is None:
        return base
    return _learned(base, lean, n_ratings=model.n_ratings)


def _learned(hint: hints.Hint, lean: Lean | None, **changes: object) -> LearnedHint:
    values = {f.name: getattr(hint, f.name) for f in dataclass_fields(hints.Hint)}
    return LearnedHint(**{**values, "source": hints.SOURCE_LEARNED, **changes}, lean=lean)


class HintService:
    """The hints one reviewer is shown: rules, or learned from their ratings.

    `rubric` is "default" or "strict" (a vague promise alone is explained): the reviewer's setting,
    whose base the learner leaves only where their ratings follow the other (LEAN_P; never with
    `learning` off); `show` is "all", "confident" (weak hints hidden) or "none". The model is trained
    when a hint is first asked for, and retrained when the store has saved a change since and the
    reviewer's ratings grew by RETRAIN_AFTER (or RETRAIN_SHARE) or shrank (`refresh()`: look again).

    The ratings are read, the rows built and the model fitted by the fit's child process from the
    database on disk (`ReviewerModel.from_store`); on the caller's thread only the count of the
    reviewer's ratings (from memory) decides whether to train. For the app, `background=True`: a
    worker thread waits for the child, and until it answers the previous model (or the base) answers,
    so that no key press waits for the fit. `recount_every` (seconds) spaces out the counting of the
    reviewer's ratings after a saved change (a look over every reply's progress)."""

    def __init__(self, store: ReviewStore | None = None, reviewer: str | None = None, *,
                 scheme: str = "default", rubric: str = RUBRIC_DEFAULT, learning: bool = True,
                 show: str = SHOW_ALL, min_ratings: int = MIN_RATINGS, background: bool = False,
                 recount_every: float = 0.0):
        if rubric not in RUBRIC_CHOICES:
            raise ValueError(f"unknown hint rubric {rubric!r}; known: {', '.join(RUBRIC_CHOICES)}")
        if show not in SHOW_CHOICES:
            raise ValueError(f"unknown hint display {show!r}; known: {', '.join(SHOW_CHOICES)}")
        get_scheme(scheme)
        self.store = store
        self.reviewer = reviewer
        self.scheme = scheme
        self.strict = rubric == RUBRIC_STRICT
        self.learning = learning and store is not None and bool(reviewer)
        self.show = show
        self.min_ratings = min_ratings
        self.background = background
        self.recount_every = recount_every
        self._model: ReviewerModel | None = None
        self._trained_on: int | None = None  # the rating count the model was trained at
        self._dirty = True  # the ratings may have changed since the last look
        self._stamp: object = None  # the store's last_saved when last looked
        self._counted_at = float("-inf")  # time.monotonic() of the last count
        self._worker: threading.Thread | None = None

    def refresh(self) -> None:
        """The reviewer's ratings changed: look again (and retrain) at the next hint."""
        self._dirty = True
        self._counted_at = float("-inf")

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a model being fitted in the background (tests, benchmarks)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def model(self) -> ReviewerModel | None:
        """The reviewer's model, trained or retrained as needed; None when learning is off
        or there are too few ratings to learn from. Below MIN_RATINGS nothing is read and
        no fit is started."""
        store, reviewer = self.store, self.reviewer
        if not self.learning or store is None or reviewer is None:  # (learning is on only with both)
            return None
        stamp = getattr(store, "last_saved", None)  # changes with every saved change
        if stamp != self._stamp:
            self._stamp, self._dirty = stamp, True
        now = time.monotonic()
        if self._dirty and now - self._counted_at >= self.recount_every:
            self._dirty = False
            self._counted_at = now
            count = rated_count(store, reviewer)
            if count < self.min_ratings:
                self._model, self._trained_on = None, count
            elif (self._worker is None
                  and (self._trained_on is None or self._trained_on < self.min_ratings or count < self._trained_on
                       or count - self._trained_on >= max(RETRAIN_AFTER, RETRAIN_SHARE * self._trained_on))):
                make = self._maker(store, reviewer)
                if self.background:
                    self._trained_on = count
                    self._worker = threading.Thread(target=self._train, args=(make,), daemon=True,
                                                    name="hint-learner")
                    self._worker.start()
                else:
                    self._train(make)
                    self._trained_on = count
        return self._model

    def _maker(self, store: ReviewStore, reviewer: str) -> Callable[[], ReviewerModel]:
        """How the model will be made: by the fit's child, which reads the ratings from the database
        itself (nothing is read here). The child's rows read the bundled base model; when this
        process reads hints through another one (the replays' cross-fitted models,
        learning_curve.base_model_as; never the app), which the child cannot see, the ratings are
        read here (on this thread: the store is not shared) and the rows built by `_train`, as
        before issue 13."""
        scheme, strict = self.scheme, self.strict
        if base_model.load is _BUNDLED_BASE_MODEL:
            path = os.fspath(store.path)
            return lambda: ReviewerModel.from_store(path, reviewer, scheme, strict)
        samples, count = latest_samples(store, reviewer, TRAIN_SAMPLES)

        def here() -> ReviewerModel:
            model = ReviewerModel(samples, scheme, strict)
            model.n_ratings = count  # (the samples are the latest of this many)
            return model

        return here

    def _train(self, make: Callable[[], ReviewerModel]) -> None:
        try:
            model = make()  # waits for the fit's child process
            # one assignment: the other thread sees the old model or the new one (kept when it passed the
            # gate, or when the reviewer's ratings follow the other reading: its base then answers)
            useful = model.better_than_rules or (model.lean is not None and model.lean.follows)
            self._model = model if useful and model.n_ratings >= self.min_ratings else None
        finally:
            if threading.current_thread() is self._worker:
                self._worker = None

    def suggest(self, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        """Every hint, weak or confident (for the CLI and evaluations)."""
        rule_hint = hints.suggest_rating(reply, suggestion, self.scheme, strict=self.strict)
        model = self.model()
        if model is None:
            return rule_hint
        return learned_hint(model, reply, suggestion, rule_hint, self.scheme)

    def hint(self, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        """The hint to show, after the display setting (weak ones hidden with "confident")."""
        if self.show == SHOW_NONE:
            return None
        hint = self.suggest(reply, suggestion)
        if hint is not None and self.show == SHOW_CONFIDENT and not hint.confident:
            return None
        return hint
