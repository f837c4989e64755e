"""What learning from a reviewer costs: `python -m benchmarks.hint_learner [--n 1000] [--rated 300]`.

Builds a scratch database of N synthetic replies (benchmarks.generator) under /tmp,
has a reviewer rate `--rated` suggestions (the rules' strict variant, so that the
reviewer differs from the default rules the way an office might), then measures, each
in a fresh process (times from process start, like benchmarks.coldstart):

  - start-up: `import cppcc_review.tui.app` and whether scikit-learn came with it (it must not);
  - scikit-learn's own import (sklearn.linear_model + sklearn.feature_extraction.text),
    the cost the fit's child process pays (never the app's: the fit runs in
    `python -m cppcc_review.store.aids.learner_fit`, issue 16);
  - the first hint of a reviewer with fewer than MIN_RATINGS ratings (rules: no import);
  - the first hint of the reviewer with `--rated` ratings: read their ratings, build the
    rows, the child process (import scikit-learn, cross-validate, fit), predict in plain
    Python; whether scikit-learn came into this process (it must not); the child's peak
    RSS; and the next hint (predict only).

Prints a table; the scratch folder is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWER = "bench-learner"

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import cppcc_review.tui.app  # what the app imports at start-up
t_app = time.perf_counter() - t0
startup_sklearn = "sklearn" in sys.modules
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.aids.hint_learner import HintService
out = {"import_app_s": t_app, "sklearn_at_startup": startup_sklearn}
with ReviewStore(sys.argv[1], readonly=True) as store:
    rid = store.summaries()[0].id
    reply = store.get_reply(rid)
    s = reply.suggestions[0]
    for who, key in ((sys.argv[2], "few"), (sys.argv[3], "many")):
        service = HintService(store, who)
        t = time.perf_counter()
        hint = service.hint(reply, s)
        out[key + "_first_hint_s"] = time.perf_counter() - t
        out[key + "_source"] = hint.source if hint else None
        out[key + "_sklearn_loaded"] = any(m in sys.modules for m in ("sklearn", "numpy", "scipy"))
        t = time.perf_counter()
        service.hint(reply, reply.suggestions[-1])
        out[key + "_next_hint_s"] = time.perf_counter() - t
        model = service.model()
        out[key + "_cv"] = getattr(model, "cv_accuracy", None)
import resource
out["child_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
out["self_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("@@RESULT " + json.dumps(out))
"""

_SKLEARN = r"""
import json, time
t = time.perf_counter()
import sklearn.linear_model, sklearn.feature_extraction.text
print("@@RESULT " + json.dumps({"sklearn_import_s": time.perf_counter() - t}))
"""


def _run(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("@@RESULT "):
            return json.loads(line[len("@@RESULT "):])
    raise RuntimeError(proc.stderr.strip()[-2000:])


def build(work: Path, n: int, rated: int) -> Path:
    from benchmarks.generator import write_corpus
    from cppcc_review.store.aids.hints import suggest_rating
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths

    corpus, db = work / "corpus", work / "db"
    write_corpus(corpus, n, 7)
    with ReviewStore(db) as store:
        import_paths(store, [corpus])
        done = 0
        for summary in store.summaries():
            reply = store.get_reply(summary.id)
            for s in reply.suggestions:
                hint = suggest_rating(reply, s, strict=True)
                if hint is None:
                    continue
                store.set_rating(summary.id, REVIEWER, s.index, hint.rating)
                done += 1
                if done >= rated:
                    return db
                if done == 3:
                    store.set_rating(summary.id, "bench-newcomer", s.index, hint.rating)
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hint_learner", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="synthetic replies in the database (default 1000)")
    parser.add_argument("--rated", type=int, default=300, help="suggestions the reviewer has rated (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per measurement (default 3)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cppcc-hints-"))
    try:
        t = time.perf_counter()
        db = build(work, args.n, args.rated)
        print(f"scratch database: {args.n} replies, {args.rated} ratings by {REVIEWER} ({time.perf_counter() - t:.0f} s to build)")
        runs = [_run(_CHILD, str(db), "bench-newcomer", REVIEWER) for _ in range(args.repeat)]
        imports = [_run(_SKLEARN)["sklearn_import_s"] for _ in range(args.repeat)]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(key: str) -> float:
        values = sorted(r[key] for r in runs)
        return values[len(values) // 2]

    last = runs[-1]
    print(f"{'measure':<58}{'median':>10}")
    print(f"{'import cppcc_review.tui.app (start-up imports)':<58}{med('import_app_s'):>9.2f}s")
    print(f"{'  scikit-learn imported at start-up':<58}{last['sklearn_at_startup']!s:>10}")
    print(f"{'scikit-learn import alone':<58}{sorted(imports)[len(imports) // 2]:>9.2f}s")
    print(f"{'first hint, reviewer with 1 rating (' + str(last['few_source']) + ')':<58}{med('few_first_hint_s'):>9.3f}s")
    print(f"{'  scikit-learn, numpy or scipy imported after it':<58}{last['few_sklearn_loaded']!s:>10}")
    print(f"{'first hint, reviewer with ' + str(args.rated) + ' ratings (' + str(last['many_source']) + ')':<58}"
          f"{med('many_first_hint_s'):>9.2f}s")
    print(f"{'  of which: read ratings, rows, child (import, 5-fold CV, fit)':<58}{'':>10}")
    print(f"{'  scikit-learn, numpy or scipy imported in this process':<58}{last['many_sklearn_loaded']!s:>10}")
    print(f"{'  peak RSS: this process / the fit child, MB':<58}{med('self_maxrss_mb'):>5.0f} /{med('child_maxrss_mb'):>4.0f}")
    print(f"{'next hint, same reviewer (predict only)':<58}{med('many_next_hint_s'):>9.3f}s")
    print(f"{'  model cross-validated accuracy on the ratings':<58}{(last['many_cv'] or 0):>10.2f}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
