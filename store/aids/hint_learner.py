"""Suggested ratings that learn from the reviewer's own ratings.

The rules of `cppcc_review.store.aids.hints` apply the project's rubric; offices apply it differently
(some read a vague promise alone as explained, shared/domain.md). As a reviewer rates,
a small linear model trained on *that reviewer's* ratings in the database learns which
way they lean, as ASReview and Prodigy do with their users' labels:

- features: character n-grams (2-3) of the response, plus the rules' own reading as
  dense cue features (the branch of the rubric taken, its rating, the sentence counts of
  each class, the declared label through the scheme);
- model: scikit-learn's LogisticRegression (multinomial), trained on every rating of
  the reviewer whose suggestion text has not changed since it was rated;
- used from MIN_RATINGS ratings on, when they hold at least two ratings; below that the
  rules alone answer. A learned hint says where it comes from ("learned from your N
  ratings" / 根据您的N条评定), and is shown as confident when the model gives its rating
  a probability of at least CONFIDENT_PROBABILITY.

scikit-learn (and numpy / scipy under it) is imported only when a model is first
trained, never when the app starts; `python -m benchmarks.hint_learner` measures that
import and the first hint. `HintService` is what the app and the CLI ask: it holds the
settings (rubric variant, learning on or off, which hints to show) and retrains when the
reviewer's ratings have changed.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..model import Rating, Reply, Suggestion
from . import hints
from .fold import fold
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


def cue_features(reply: Reply | None, suggestion: Suggestion, scheme: str = "default") -> list[float]:
    """The rules' reading of one suggestion as numbers (the dense part of the features)."""
    sig = hints.signals(suggestion.text or "", hints.reply_year(reply))
    declared = hints.map_label(reply.declared_result if reply is not None else None, scheme)
    decision = hints.decide(sig, declared)
    out: list[float] = [1.0 if decision.path == p else 0.0 for p in hints.PATHS]
    out += [1.0 if decision.rating == r else 0.0 for r in RATINGS]
    out += [1.0 if declared == r else 0.0 for r in RATINGS]
    out += [math.log1p(getattr(sig, name)) for name in _COUNTS]
    return out


class ReviewerModel:
    """A linear model of one reviewer's ratings (see the module docstring)."""

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
        samples = samples[-self.MAX_TRAIN:]
        self.classes: list[Rating] = sorted({s.rating for s in samples}, key=RATINGS.index)
        self._vectorizer: Any = None
        self._model: Any = None
        self.rules_agreement = 0.0  # how often the rules agree with these ratings
        self.cv_accuracy = 0.0  # the model's accuracy on held-out folds of these ratings
        if len(self.classes) >= 2:
            # every sample's text and rules' reading, turned into one matrix once; the
            # folds and the final fit take rows of it (the n-gram vocabulary and weights
            # come from the texts alone, never from the ratings)
            from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]  # no type hints

            # Character n-grams need no word segmentation (Chinese has no spaces); 2-3
            # characters cover the cue words (暂不, 研究, 列入) and the units' habits.
            self._vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                               max_features=self.MAX_NGRAMS)
            texts = [fold(x.suggestion.text or "") for x in samples]
            dense = [cue_features(x.reply, x.suggestion, scheme) for x in samples]
            x_all = self._matrix(texts, dense, fit=True)
            labels = [x.rating.value for x in samples]
            self.rules_agreement = _rules_agreement(samples, scheme)
            self.cv_accuracy = self._cross_validated(x_all, labels)
            self._model = self._fit(x_all, labels)

    @property
    def better_than_rules(self) -> bool:
        """Whether the model, tested on ratings it was not trained on, agrees with this
        reviewer more often than the rules do: only then are its hints shown."""
        return self.usable and self.cv_accuracy > self.rules_agreement

    # The matrices and the fitted model are scikit-learn's and scipy's objects (Any: those
    # libraries ship no type hints).
    def _cross_validated(self, x_all: Any, labels: list[str]) -> float:
        """Accuracy over CV_FOLDS folds of the (latest CV_MAX) ratings, each predicted by
        a model trained on the other folds."""
        first = max(0, len(labels) - self.CV_MAX)
        idx = list(range(first, len(labels)))
        folds = min(self.CV_FOLDS, len(idx))
        right = 0
        for k in range(folds):
            test = idx[k::folds]
            train = [i for j, i in enumerate(idx) if j % folds != k]
            if len({labels[i] for i in train}) < 2:
                only = labels[train[0]] if train else None
                right += sum(1 for i in test if labels[i] == only)
                continue
            model = self._fit(x_all[train], [labels[i] for i in train])
            predicted = model.predict(x_all[test])
            right += sum(1 for i, p in zip(test, predicted, strict=True) if labels[i] == p)
        return right / len(idx) if idx else 0.0

    @property
    def usable(self) -> bool:
        return self._model is not None

    def _matrix(self, texts: list[str], dense: list[list[float]], fit: bool = False) -> Any:
        from scipy.sparse import csr_matrix, hstack  # type: ignore[import-untyped]  # scikit-learn's own dependency; no type hints

        ngrams = self._vectorizer.fit_transform(texts) if fit else self._vectorizer.transform(texts)
        return hstack([ngrams, csr_matrix(dense) * self.RULE_WEIGHT]).tocsr()

    def _fit(self, x: Any, labels: list[str]) -> Any:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]  # no type hints

        model = LogisticRegression(C=self.C, max_iter=1000, **self.OPTIONS)
        model.fit(x, labels)
        return model

    def predict(self, reply: Reply | None, suggestion: Suggestion) -> tuple[Rating, float]:
        """The rating this reviewer would most likely give, and its probability."""
        x = self._matrix([fold(suggestion.text or "")], [cue_features(reply, suggestion, self.scheme)])
        probabilities = self._model.predict_proba(x)[0]
        best = max(range(len(probabilities)), key=lambda i: probabilities[i])
        return Rating(self._model.classes_[best]), float(probabilities[best])


def _rules_agreement(samples: list[Sample], scheme: str) -> float:
    right = 0
    for s in samples:
        hint = hints.suggest_rating(s.reply, s.suggestion, scheme)
        right += hint is not None and hint.rating == s.rating
    return right / len(samples) if samples else 0.0


def samples_from_store(store: ReviewStore, reviewer: str) -> list[Sample]:
    """Every rating `reviewer` gave whose suggestion text has not changed since, in the
    order of the inbox (reply files are read only for the replies they rated)."""
    out: list[Sample] = []
    for reply_id, progress in store.progress(reviewer).items():
        if not progress.rated:
            continue
        reply = store.get_reply(reply_id)
        review = store.get_review(reply_id, reviewer)
        for suggestion, judged in zip(reply.suggestions, review.suggestions, strict=False):
            if judged.rating is not None and not judged.changed:
                out.append(Sample(reply, suggestion, judged.rating))
    return out


TRAIN_SAMPLES = 1000  # = ReviewerModel.MAX_TRAIN: the latest ratings a model is trained on


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


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """A fit with the BLAS library on one thread. OpenBLAS starts a thread per core and
    makes them wait for each other at every small product; on a busy 2-core machine a
    fit of 360 ratings took 33 s of CPU that way and 6.5 s on one thread, and the app's
    main thread (a rating key and its fsync) waited for the interpreter lock meanwhile:
    key to durable p95 20 ms while a model was fitted, 3.5 ms with one BLAS thread.
    threadpoolctl comes with scikit-learn (its dependency); the limit applies to the
    libraries loaded, so scikit-learn's modules are imported first."""
    import sklearn.feature_extraction.text  # type: ignore[import-untyped]  # (loads numpy's and scipy's BLAS)
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def rated_count(store: ReviewStore, reviewer: str) -> int:
    """How many suggestions `reviewer` has rated (from memory: no reply file is read)."""
    return sum(p.rated for p in store.progress(reviewer).values())


def learned_hint(model: ReviewerModel, reply: Reply | None, suggestion: Suggestion,
                 rule_hint: hints.Hint | None, scheme: str = "default") -> hints.Hint:
    """The model's hint, with the rules' evidence spans (the phrases are the same; only
    the reading of them is the reviewer's)."""
    rating, probability = model.predict(reply, suggestion)
    declared_label = reply.declared_result if reply is not None else None
    base = rule_hint or hints.Hint(rating, 0.0, [], scheme, declared_label, hints.map_label(declared_label, scheme))
    return replace(
        base,
        rating=rating,
        confidence=round(probability, 2),
        confident=probability >= CONFIDENT_PROBABILITY,
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

    For the app, `background=True`: the ratings are read on the caller's thread (the
    store is not shared between threads), the model is fitted on a worker thread, and
    until it is ready the previous model (or the rules) answers, so that no key press
    waits for scikit-learn. `recount_every` (seconds) spaces out the counting of the
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
        self._n_samples: int | None = None  # how many ratings the last samples were the latest of

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
        scikit-learn is never imported."""
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
                samples = self._samples(store, reviewer)  # on this thread: the store is not shared
                if self.background:
                    self._trained_on = count
                    self._worker = threading.Thread(target=self._train, args=(samples,), daemon=True,
                                                    name="hint-learner")
                    self._worker.start()
                else:
                    self._train(samples)
                    self._trained_on = count
        return self._model

    def _train(self, samples: list[Sample]) -> None:
        try:
            with _one_blas_thread():
                model = ReviewerModel(samples, self.scheme)
            if self._n_samples is not None:  # the samples are the latest of this many (latest_samples)
                model.n_ratings = self._n_samples
            # one assignment: the other thread sees the old model or the new one
            self._model = model if model.better_than_rules and model.n_ratings >= self.min_ratings else None
        finally:
            if threading.current_thread() is self._worker:
                self._worker = None

    def _samples(self, store: ReviewStore, reviewer: str) -> list[Sample]:
        # the latest ratings only (what the model trains on), and the count of them all;
        # the store keeps recently read replies in its own cache, split / merge applied
        samples, self._n_samples = latest_samples(store, reviewer, TRAIN_SAMPLES)
        return samples

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
