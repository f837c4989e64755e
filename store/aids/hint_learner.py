"""Suggested ratings that learn from the reviewer's own ratings.

The rules of `cppcc_review.store.aids.hints` apply the project's rubric; offices apply it differently
(some read a vague promise alone as explained, shared/domain.md). As a reviewer rates,
a small linear model trained on *that reviewer's* ratings in the database learns which
way they lean, as ASReview and Prodigy do with their users' labels:

- features: character n-grams (2-3) of the response, plus the rules' own reading as
  dense cue features (the branch of the rubric taken, its rating, the sentence counts of
  each class, the declared label through the scheme), plus, since issue 13's eleventh round,
  the base hint's reading (the bundled model's class log-probabilities and the blended
  rating, scaled up: BASE_SCALE), so that the model learns where this reviewer departs from
  the base hint (a vague promise alone read as explained) rather than the rubric from scratch;
  a learned rating that departs from the base hint is shown only from DEPART_MIN;
- model: scikit-learn's LogisticRegression (multinomial), trained on every rating of
  the reviewer whose suggestion text has not changed since it was rated;
- used from MIN_RATINGS ratings on, when they hold at least two ratings; below that the
  rules alone answer.
- the reviewer's rubric (issue 13, 2026-12-03): with every fit the reviewer's ratings are also
  compared with the strict variant of the rules (a vague promise alone is explained); when that
  variant agrees with more of them than the default hints do, the reviewer reads the rubric
  strictly, and the strict variant is their base hint (source "strict_lean": 从严口径，依您的N条评定 /
  "strict rubric, as your N ratings read it") until their ratings say otherwise. The learned model
  must then beat the better of the two to be shown. A reviewer who leans strict gets the strict
  reading after a few dozen ratings without knowing the setting exists (the learning curve:
  docs/reading-aids.md).
- a learned hint says where it comes from ("learned from your N ratings" / 根据您的N条评定), and
  is shown as confident when the model gives its rating a probability of at least
  CONFIDENT_PROBABILITY and its held-out predictions of that probability on this reviewer's ratings were
  right often enough that the Wilson lower end of that record reaches CONFIDENT_RECORD.

The fit runs in a short-lived child process (`learner_fit`: scikit-learn, numpy and scipy are
imported there, never in this process: ~100 MB and seconds of the interpreter lock the app
no longer pays, issue 16); this process predicts from the weights it returns in plain Python
(`LearnedWeights`, the same probabilities as scikit-learn's predict_proba). Since issue 13 the
child also reads the reviewer's ratings from the database (read-only) and builds the training
rows and the rules' agreement itself (`ReviewerModel.from_store`, `learner_fit.fit_store`): the app
sends it the database's folder and the reviewer's name and reads nothing, on no thread, for a fit. `python -m benchmarks.hint_learner` measures the first
learned hint. `HintService` is what the app and the CLI ask: it holds the
settings (rubric variant, learning on or off, which hints to show) and retrains when the
reviewer's ratings have changed.
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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..log import LOG
from ..model import Rating, Reply, Suggestion
from ..traditional_fold import fold
from . import base_model, hints
from .confidence import CONFIDENT_AT, wilson_lower
from .learned_weights import LearnedWeights
from .schemes import get_scheme

if TYPE_CHECKING:  # pragma: no cover
    from ..db import ReviewStore

MIN_RATINGS = 10
CONFIDENT_PROBABILITY = 0.85
# ...and only where the Wilson lower end of its held-out record at that probability (the fit's cross-validation on
# this reviewer's ratings) reaches CONFIDENT_RECORD, a rule branch's bar: on real replays a probability alone was right
# 80 times in 112 (docs/reading-aids.md, lc41).
CONFIDENT_RECORD = CONFIDENT_AT
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
                 base_hint: hints.Hint | None = None) -> list[float]:
    """The rules' reading of one suggestion as numbers (the dense part of the features).
    `base_hint`: the base hint of this suggestion if the caller has it (see base_features)."""
    sig = hints.signals(suggestion.text or "", hints.reply_year(reply))
    declared = hints.map_label(reply.declared_result if reply is not None else None, scheme)
    decision = hints.decide(sig, declared)
    out: list[float] = [1.0 if decision.path == p else 0.0 for p in hints.PATHS]
    out += [1.0 if decision.rating == r else 0.0 for r in RATINGS]
    out += [1.0 if declared == r else 0.0 for r in RATINGS]
    out += [math.log1p(getattr(sig, name)) for name in _COUNTS]
    out += base_features(reply, suggestion, scheme, base_hint)
    return out


# The base hint's reading as features (issue 13, eleventh round): the learner models how this reviewer
# departs from the base hint (the rules blended with the bundled model) instead of learning the rubric
# again from a few dozen ratings. Scaled up so that the L2 penalty lets the fit lean on them (a
# coefficient w on a feature scaled by s costs (w / s)^2) and spends its weight on the departures. Four
# scales x two departure thresholds were tried on the two honest replays (the fixture one, cross-fitted,
# and the real collections', leave-one-collection-out); 4.0 and 0.6 were best on both (docs/reading-aids.md).
BASE_SCALE = 4.0
BASE_FLOOR = 1e-3  # log of a probability below this is taken as this (no -inf feature)
# A learned rating that differs from the base hint's is shown only when the model gives it at least this
# probability; below it the base hint answers (a departure must be learned, not guessed).
DEPART_MIN = 0.6


def base_features(reply: Reply | None, suggestion: Suggestion, scheme: str = "default",
                  base_hint: hints.Hint | None = None) -> list[float]:
    """What the base hint (the rules blended with the bundled model) reads: the model's class
    log-probabilities and the base hint's rating, scaled so that the L2 penalty lets the learner
    lean on them and learn only the reviewer's departures from them. `base_hint`: the default
    rubric's blended hint of this suggestion when the caller has already asked for it (the hint
    shown beside a learned one), so that it is not worked out twice on the way to a hint."""
    same = base_hint is not None and not base_hint.strict and base_hint.scheme == scheme
    base = base_hint if same else hints.suggest_rating(reply, suggestion, scheme)
    declared = hints.map_label(reply.declared_result if reply is not None else None, scheme)
    p = hints.model_probabilities(suggestion.text or "", declared)
    out = [BASE_SCALE * math.log(max(p[r], BASE_FLOOR)) for r in RATINGS]
    out += [BASE_SCALE * (1.0 if base is not None and base.rating == r else 0.0) for r in RATINGS]
    return out


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

    def __init__(self, samples: list[Sample], scheme: str = "default"):
        self.scheme = scheme
        self.n_ratings = len(samples)  # all of them: "learned from your N ratings"
        self.classes: list[Rating] = []
        self._weights: LearnedWeights | None = None
        self.rules_agreement = 0.0  # how often the rules agree with these ratings
        self.strict_agreement = 0.0  # how often the strict variant of the rules does
        self.cv_accuracy = 0.0  # the model's accuracy on held-out folds of these ratings
        self.cv_confident = (0, 0)  # (right, cases) of its held-out predictions of CONFIDENT_PROBABILITY or more
        if samples:
            prepared = prepare_fit(samples, scheme)
            rows = prepared.pop("rows")
            self._take({**prepared, "fit": fit_in_child(rows) if rows is not None else None})

    def _take(self, answer: dict) -> None:
        """Hold what a fit gave: `prepare_fit`'s count, classes and rules' agreement, and under "fit"
        the child's weights (None: nothing fitted, or the child failed)."""
        self.n_ratings = int(answer["n_ratings"])
        self.classes = [Rating(c) for c in answer["classes"]]
        self.rules_agreement = float(answer["rules_agreement"])
        self.strict_agreement = float(answer["strict_agreement"])
        fitted = answer["fit"]
        if fitted is not None:
            self.cv_accuracy = float(fitted["cv_accuracy"])
            right, cases = fitted["cv_confident"]
            self.cv_confident = (int(right), int(cases))
            self._weights = LearnedWeights(fitted, self.RULE_WEIGHT)

    @classmethod
    def from_store(cls, path: str | os.PathLike[str], reviewer: str, scheme: str = "default") -> ReviewerModel:
        """The model of `reviewer`'s latest TRAIN_SAMPLES ratings in the database at `path`, all of
        whose work runs in the fit's child process: it opens the database read-only, reads the
        samples (`latest_samples`), builds the rows and the rules' agreement (`prepare_fit`, in
        `learner_fit.fit_store`) and fits; this process sends the request and reads the answer,
        nothing more (issue 13). The same samples, rows, fit and gate as
        `ReviewerModel(latest_samples(...)[0])` with n_ratings the count of them all; a child that
        fails leaves the model unusable (logged)."""
        model = cls([], scheme)  # (no ratings: nothing fitted, no child started)
        data = fit_in_child({"db": os.path.abspath(path), "reviewer": reviewer, "scheme": scheme,
                             "limit": TRAIN_SAMPLES})
        if data is not None:
            model._take(data)
        return model

    @classmethod
    def training_rows(cls, samples: list[Sample], scheme: str) -> dict:
        """What the child needs for the fit and nothing more: each rating's folded text,
        its cue features and the rating, and the fit's settings."""
        return {
            "texts": [fold(x.suggestion.text or "") for x in samples],
            "dense": [cue_features(x.reply, x.suggestion, scheme) for x in samples],
            "labels": [x.rating.value for x in samples],
            "settings": {"rule_weight": cls.RULE_WEIGHT, "C": cls.C, "fit_intercept": cls.OPTIONS["fit_intercept"],
                         "max_ngrams": cls.MAX_NGRAMS, "cv_folds": cls.CV_FOLDS, "cv_max": cls.CV_MAX,
                         "confident_at": CONFIDENT_PROBABILITY},
        }

    @property
    def better_than_rules(self) -> bool:
        """Whether the model, tested on ratings it was not trained on, agrees with this
        reviewer more often than the rules do (the default hints, or the strict variant where
        the reviewer leans to it): only then are its hints shown."""
        return self.usable and self.cv_accuracy > max(self.rules_agreement, self.strict_agreement)

    @property
    def earns_confident(self) -> bool:
        """Whether the model's held-out predictions of CONFIDENT_PROBABILITY or more were right often enough for
        its hints of that probability to be shown as confident: the Wilson lower end of that record reaches
        CONFIDENT_RECORD (no cases: 0.5, never)."""
        return wilson_lower(*self.cv_confident) >= CONFIDENT_RECORD

    @property
    def leans_strict(self) -> bool:
        """Whether the strict variant of the rules agrees with more of these ratings than the
        default hints do (the rules take no training: their agreement is out of sample)."""
        return self.strict_agreement > self.rules_agreement

    @property
    def usable(self) -> bool:
        return self._weights is not None

    def predict(self, reply: Reply | None, suggestion: Suggestion,
                base_hint: hints.Hint | None = None) -> tuple[Rating, float]:
        """The rating this reviewer would most likely give, and its probability (`base_hint`:
        cue_features')."""
        assert self._weights is not None, "predict() on a model that was not fitted"
        probabilities = self._weights.probabilities(fold(suggestion.text or ""),
                                                    cue_features(reply, suggestion, self.scheme, base_hint))
        best = max(range(len(probabilities)), key=lambda i: probabilities[i])
        return Rating(self._weights.classes[best]), probabilities[best]


# The child: this interpreter, running the fit module of this package (whatever name the
# package is installed under). Its BLAS runs on one thread (see learner_fit).
FIT_MODULE = f"{__package__}.learner_fit"
FIT_TIMEOUT = 600.0  # seconds; a fit of 1,000 ratings takes a few on a loaded 2-core machine
_ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def fit_command() -> list[str]:
    return [sys.executable, "-m", FIT_MODULE]


_FIT_FIELDS = {"classes", "cv_accuracy", "cv_confident", "ngrams", "idf", "coef", "dense_coef", "intercept"}


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
        fields = {"n_ratings", "classes", "rules_agreement", "strict_agreement", "fit"} if "db" in request else _FIT_FIELDS
        if not isinstance(data, dict) or not data.keys() >= fields:
            raise ValueError("fields missing")
        fitted = data["fit"] if "db" in request else data
        if fitted is not None and (not isinstance(fitted, dict) or not fitted.keys() >= _FIT_FIELDS):
            raise ValueError("fields missing")
        return data
    except ValueError as exc:
        LOG.warning("hint learner: the fit's answer could not be read (%s); the base hints answer", exc)
        return None


def _rules_agreement(samples: list[Sample], scheme: str, strict: bool = False) -> float:
    right = 0
    for s in samples:
        hint = hints.suggest_rating(s.reply, s.suggestion, scheme, strict=strict)
        right += hint is not None and hint.rating == s.rating
    return right / len(samples) if samples else 0.0


def prepare_fit(samples: list[Sample], scheme: str) -> dict:
    """What a fit of these ratings starts from, the same wherever it is built (this process, or the
    fit's child for `ReviewerModel.from_store`): the count of them all, the classes and the rules'
    agreement on the latest MAX_TRAIN (the default hints', and the strict variant's), and their training
    rows ("rows": None when they hold fewer than two classes: nothing to fit)."""
    latest = samples[-ReviewerModel.MAX_TRAIN:]
    classes = sorted({s.rating for s in latest}, key=RATINGS.index)
    enough = len(classes) >= 2
    return {
        "n_ratings": len(samples),
        "classes": [c.value for c in classes],
        "rules_agreement": _rules_agreement(latest, scheme) if enough else 0.0,
        "strict_agreement": _rules_agreement(latest, scheme, strict=True) if enough else 0.0,
        "rows": ReviewerModel.training_rows(latest, scheme) if enough else None,
    }


def samples_from_store(store: ReviewStore, reviewer: str) -> list[Sample]:
    """Every rating `reviewer` gave whose suggestion text has not changed since, in the
    order of the inbox (reply files are read only for the replies they rated)."""
    out: list[Sample] = []
    for reply_id, progress in store.progress(reviewer).items():
        if not progress.rated or (reply := _readable(store, reply_id)) is None:
            continue
        review = store.get_review(reply_id, reviewer)
        for suggestion, judged in zip(reply.suggestions, review.suggestions, strict=False):
            if judged.rating is not None and not judged.changed:
                out.append(Sample(reply, suggestion, judged.rating))
    return out


def _readable(store: ReviewStore, reply_id: str) -> Reply | None:
    """The reply, or None when its text is gone or damaged (logged): the model learns from the others."""
    try:
        return store.get_reply(reply_id)
    except StoreError as exc:
        LOG.warning("hints: the ratings of reply %s are left out of the fit: %s", reply_id, exc)
        return None


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
        if (reply := _readable(store, reply_id)) is None:
            continue
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
                 rule_hint: hints.Hint | None, scheme: str = "default") -> hints.Hint:
    """The model's hint, with the rules' evidence spans (the phrases are the same; only
    the reading of them is the reviewer's)."""
    rating, probability = model.predict(reply, suggestion, rule_hint)
    if rule_hint is not None and rating != rule_hint.rating and probability < DEPART_MIN:
        return rule_hint
    declared_label = reply.declared_result if reply is not None else None
    base = rule_hint or hints.Hint(rating, 0.0, [], scheme, declared_label, hints.map_label(declared_label, scheme))
    return replace(
        base,
        rating=rating,
        confidence=round(probability, 2),
        confident=probability >= CONFIDENT_PROBABILITY and model.earns_confident,
        path="learned",
        source=hints.SOURCE_LEARNED,
        n_ratings=model.n_ratings,
    )


class HintService:
    """The hints one reviewer is shown: rules, or learned from their ratings.

    `rubric` is "default" or "strict" (a vague promise alone is explained); `learning`
    switches the learned model off; `show` is "all", "confident" (weak hints hidden) or
    "none". The model is trained when a hint is first asked for, and retrained when the
    store has saved a change since and the reviewer's ratings grew by RETRAIN_AFTER (or
    RETRAIN_SHARE) or shrank (`refresh()` makes it look again at the next hint).

    The ratings are read, the rows built and the model fitted by the fit's child process from
    the database on disk (`ReviewerModel.from_store`); on the caller's thread only the count of
    the reviewer's ratings (from memory) decides whether to train. For the app, `background=True`:
    a worker thread waits for the child, and until it answers the previous model (or the rules)
    answers, so that no key press waits for the fit (the worker runs no Python meanwhile but
    the reading of the child's answer). `recount_every` (seconds) spaces out the counting of the
    reviewer's ratings after a saved change (a look over every reply's progress).
    """

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
        self.model_version = 0
        """Counts the models taken (a fit that ended): hints read before it was taken are the last model's."""

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
        no fit is started. A model is returned even when its own hints are not shown
        (`better_than_rules`): its agreements still say which reading of the rubric the
        reviewer follows (`leans_strict`)."""
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
        scheme = self.scheme
        if base_model.load is _BUNDLED_BASE_MODEL:
            path = os.fspath(store.path)
            return lambda: ReviewerModel.from_store(path, reviewer, scheme)
        samples, count = latest_samples(store, reviewer, TRAIN_SAMPLES)

        def here() -> ReviewerModel:
            model = ReviewerModel(samples, scheme)
            model.n_ratings = count  # (the samples are the latest of this many)
            return model

        return here

    def _train(self, make: Callable[[], ReviewerModel]) -> None:
        try:
            model = make()  # waits for the fit's child process
            # one assignment: the other thread sees the old model or the new one (kept when it is not
            # shown: its agreements say which rubric the reviewer reads)
            taken = model if model.n_ratings >= self.min_ratings else None
            if taken is not None or self._model is not None:
                self._model = taken
                self.model_version += 1  # (after the model: a reader that sees the new count sees the new model)
        finally:
            if threading.current_thread() is self._worker:
                self._worker = None

    def suggest(self, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        """Every hint, weak or confident (for the CLI and evaluations)."""
        return self._suggest(self.model(), reply, suggestion)

    def _suggest(self, model: ReviewerModel | None, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        return HintReader(self.scheme, self.strict, SHOW_ALL, model).suggest(reply, suggestion)

    def hint(self, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        """The hint to show, after the display setting (weak ones hidden with "confident")."""
        return self.reader()(reply, suggestion)

    def reader(self) -> HintReader:
        """`hint` with the model as it is now (trained, or its fit started, here): the reader reads
        no store and changes nothing, so another thread may call it, and it can be pickled for
        another process (the app reads a large reply's hints in a child process,
        cppcc_review.tui.aids_child)."""
        return HintReader(self.scheme, self.strict, self.show, None if self.show == SHOW_NONE else self.model())


@dataclass(frozen=True)
class HintReader:
    """The hints of one moment: the scheme, the rubric, the display setting and the reviewer's model
    as it was then (plain data: it pickles). Calling it gives the hint to show."""

    scheme: str
    strict: bool
    show: str
    model: ReviewerModel | None

    def suggest(self, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        """Every hint, weak or confident: the rules' (their strict reading when the model says the
        reviewer reads them so), or the model's when it does better than the rules."""
        model = self.model
        lean = not self.strict and model is not None and model.leans_strict
        rule_hint = hints.suggest_rating(reply, suggestion, self.scheme, strict=self.strict or lean)
        if lean and rule_hint is not None:
            assert model is not None  # (lean)
            rule_hint = replace(rule_hint, source=hints.SOURCE_STRICT_LEAN, n_ratings=model.n_ratings)
        if model is None or not model.better_than_rules:
            return rule_hint
        return learned_hint(model, reply, suggestion, rule_hint, self.scheme)

    def __call__(self, reply: Reply | None, suggestion: Suggestion) -> hints.Hint | None:
        if self.show == SHOW_NONE:
            return None
        hint = self.suggest(reply, suggestion)
        return None if hint is not None and self.show == SHOW_CONFIDENT and not hint.confident else hint
