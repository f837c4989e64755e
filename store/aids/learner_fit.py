"""The reviewer's model fitted in a process of its own:
`python -m cppcc_review.store.aids.learner_fit` reads the training rows as JSON on stdin and
writes the fitted model as JSON on stdout.

Why a process: scikit-learn, numpy and scipy take ~100 MB once imported, and a fit holds the
interpreter lock for seconds. In the app's own process (issue 16) that was a third of its peak
RSS at 100,000 replies and made rating keys wait behind the fit. Here they live only as long
as one fit; the app predicts from the weights in plain Python (`hint_learner.LearnedWeights`).

In: {"texts": [folded text, ...], "dense": [[cue feature, ...], ...], "labels": [rating, ...],
     "settings": {"rule_weight", "C", "fit_intercept", "max_ngrams", "cv_folds", "cv_max", "confident_at"}}
(no reply ids, names or anything else the fit does not use).
Out: {"classes": [...], "cv_accuracy": float, "cv_confident": [right, cases] (held-out predictions of probability
      >= confident_at), "ngrams": [n-gram by column], "idf": [...],
      "coef": [[n-gram coefficients], ...] (one row per class, one row for two classes),
      "dense_coef": [[...], ...], "intercept": [...]}.
Or, what the app sends since issue 13 (`hint_learner.ReviewerModel.from_store`), so that it reads
nothing and builds nothing for a fit, on any of its threads:
In: {"db": database folder, "reviewer": name, "scheme": result scheme, "limit": latest ratings}
Out: {"n_ratings": int, "classes": [...], "rules_agreement": float, "strict_agreement": float, "fit": the above, or null
      when the ratings hold fewer than two classes} (`fit_store`).
For rows this module imports nothing of the project (the child starts with scikit-learn only);
for a database it imports the store and the hints (`read_samples`, `hint_learner.prepare_fit`), when asked.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from typing import Any


def _fit(x: Any, labels: list[str], settings: dict) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]  # no type hints

    model = LogisticRegression(C=settings["C"], max_iter=1000, fit_intercept=settings["fit_intercept"])
    model.fit(x, labels)
    return model


def _cross_validated(x_all: Any, labels: list[str], settings: dict) -> tuple[float, list[int]]:
    """Accuracy over cv_folds folds of the (latest cv_max) ratings, each predicted by a model
    trained on the other folds; and [right, cases] of the held-out predictions whose probability
    reached settings["confident_at"] (the record a learned hint's "confident" must earn)."""
    first = max(0, len(labels) - settings["cv_max"])
    idx = list(range(first, len(labels)))
    folds = min(settings["cv_folds"], len(idx))
    confident_at = settings.get("confident_at", 1.0)
    right = 0
    confident = [0, 0]
    for k in range(folds):
        test = idx[k::folds]
        train = [i for j, i in enumerate(idx) if j % folds != k]
        if len({labels[i] for i in train}) < 2:
            only = labels[train[0]] if train else None
            right += sum(1 for i in test if labels[i] == only)
            continue
        model = _fit(x_all[train], [labels[i] for i in train], settings)
        probabilities = model.predict_proba(x_all[test])
        for i, row in zip(test, probabilities, strict=True):
            best = int(row.argmax())  # (the first of equal ones, as predict() takes)
            hit = labels[i] == model.classes_[best]
            right += hit
            if row[best] >= confident_at:
                confident[0] += hit
                confident[1] += 1
    return (right / len(idx) if idx else 0.0), confident


def fit(rows: dict) -> dict:
    """The fit `ReviewerModel` made in the app before issue 16, on the rows it sends."""
    from scipy.sparse import csr_matrix, hstack  # type: ignore[import-untyped]  # no type hints
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # scikit-learn's dependency

    settings = rows["settings"]
    texts, dense, labels = rows["texts"], rows["dense"], rows["labels"]
    # Character n-grams need no word segmentation (Chinese has no spaces); 2-3 characters
    # cover the cue words (暂不, 研究, 列入) and the units' habits. The vocabulary and the
    # weights come from the texts alone, never from the ratings, so one matrix serves the
    # folds and the final fit.
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                 max_features=settings["max_ngrams"])
    # One BLAS thread: OpenBLAS starts a thread per core and makes them wait for each other
    # at every small product (on a busy 2-core machine a fit of 360 ratings took 33 s of CPU
    # that way, 6.5 s on one thread), and the machine's other core belongs to the app.
    with threadpool_limits(limits=1, user_api="blas"):
        ngrams = vectorizer.fit_transform(texts)
        x_all = hstack([ngrams, csr_matrix(dense) * settings["rule_weight"]]).tocsr()
        cv_accuracy, cv_confident = _cross_validated(x_all, labels, settings)
        model = _fit(x_all, labels, settings)
    n_ngrams = ngrams.shape[1]
    by_column = [""] * n_ngrams
    for gram, column in vectorizer.vocabulary_.items():
        by_column[int(column)] = gram
    coef = model.coef_
    return {
        "classes": [str(c) for c in model.classes_],
        "cv_accuracy": cv_accuracy,
        "cv_confident": cv_confident,
        "ngrams": by_column,
        "idf": vectorizer.idf_.tolist(),
        "coef": coef[:, :n_ngrams].tolist(),
        "dense_coef": coef[:, n_ngrams:].tolist(),
        "intercept": [float(v) for v in getattr(model, "intercept_", [0.0] * len(coef))],
    }


# The fit is background work: its process runs at the lowest CPU priority, so that on a
# busy machine the app's rating keys (and the kernel's work for their fsyncs) take a CPU
# from it at once instead of sharing one with it (docs/performance.md, branch mk12). On an
# idle core it runs as fast as before.
FIT_NICE = 19

# A fit outlives nothing: when the app that asked for it is gone (closed, killed) while the
# fit computes, nobody will read the answer, so the child stops instead of running on as an
# orphan for up to a minute of CPU (a parent that dies makes this process a child of another,
# so its parent id changes; reading stdin needs no watch: the pipe's end gives EOF).
PARENT_POLL = 0.25  # seconds


def _stop_with_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != parent:
            os._exit(3)  # (no answer to write, nothing to clean up: the parent is gone)


def _lower_priority() -> None:
    if hasattr(os, "nice"):  # (POSIX)
        with contextlib.suppress(OSError):  # (not allowed here: the fit runs as before)
            os.nice(FIT_NICE)


# The fit's child waits this long for the database's lock (a writer's compaction, a restore): it is
# background work, and a wait costs the app nothing (a waiting reader holds no lock).
READ_LOCK_TIMEOUT = 60.0


def read_samples(request: dict) -> tuple[list, int]:
    """For a request with "db": `request["reviewer"]`'s latest `request["limit"]` samples and the
    count of them all (`hint_learner.latest_samples`), read from the database opened read-only,
    closed again at once (a reader holds the lock shared only while it reads a reply, and keeps
    nobody's session open after this). The project's code: imported for this form of request only."""
    from ..db import ReviewStore
    from .hint_learner import latest_samples

    with ReviewStore(request["db"], readonly=True, lock_timeout=READ_LOCK_TIMEOUT) as store:
        return latest_samples(store, request["reviewer"], int(request["limit"]))


def fit_store(request: dict) -> dict:
    """A request naming a database (`hint_learner.ReviewerModel.from_store`): this process reads
    the reviewer's ratings from it read-only, builds the rows and fits them. The reading runs at
    the app's priority (a reader holds the database's lock shared while it reads a reply, and a
    rating key of the app waits for it then: it must not wait for a CPU at nice 19); the rows and
    the fit, seconds of CPU, at the lowest."""
    from .hint_learner import prepare_fit

    samples, count = read_samples(request)
    _lower_priority()
    found = prepare_fit(samples, request["scheme"])
    found["n_ratings"] = count  # (the samples are the latest of this many)
    rows = found.pop("rows")
    found["fit"] = fit(rows) if rows is not None else None
    return found


def main() -> int:
    threading.Thread(target=_stop_with_parent, args=(os.getppid(),), daemon=True).start()
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    if "db" in request:
        answer = fit_store(request)
    else:
        _lower_priority()
        answer = fit(request)
    out = json.dumps(answer, ensure_ascii=False)
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
