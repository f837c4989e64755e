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
    RSS; and the next hint (predict only);
  - the app's way (`HintService(background=True)`, the app's switch interval,
    cppcc_review.tui.thread_turns): the asking (main) thread's wall and CPU time in the
    first hint, the worker thread's CPU, the children's CPU and the wall time until the
    model is ready; and what a key costs meanwhile: a probe on the main thread every 20 ms
    (a base hint of another suggestion: what moving to it asks, the same work whatever the
    learner's state) timed while the learner trains, against the same probe after it has
    finished. The base hints' own first cost (imports, the bundled model) is paid first,
    so the first hint's figures are the learner's.

Prints a table; the scratch folder is deleted afterwards, unless `--db DIR` names a
database to reuse (built there on first use; each `--rated` has its own reviewer in it,
`bench-learner-RATED`, so one database of N replies serves several).
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

from benchmarks.stats import summary

ROOT = Path(__file__).resolve().parent.parent
REVIEWER = "bench-learner"  # + "-RATED" (one reviewer a --rated)

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

_BACKGROUND = r"""
import json, sys, time
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.aids.hint_learner import HintService
out = {}
with ReviewStore(sys.argv[1], readonly=True) as store:
    rid = store.summaries()[0].id
    reply = store.get_reply(rid)
    s = reply.suggestions[0]
    # the app's way: a worker thread, the app's switch interval, a key every 20 ms meanwhile
    import resource
    from cppcc_review.store.aids import hint_learner
    from cppcc_review.tui import thread_turns
    thread_turns.shorten()
    worker_cpu = []
    train = hint_learner.HintService._train
    def timed_train(self, *args):
        c = time.thread_time()
        try:
            return train(self, *args)
        finally:
            worker_cpu.append(time.thread_time() - c)
    hint_learner.HintService._train = timed_train
    from cppcc_review.store.aids.hints import suggest_rating
    HintService(store, sys.argv[3], learning=False).hint(reply, s)  # the base hints' own first cost, paid here
    service = HintService(store, sys.argv[3], background=True)
    def children_cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime
    ch0 = children_cpu()
    t, c = time.perf_counter(), time.thread_time()
    service.hint(reply, s)
    out["bg_main_wall_s"] = time.perf_counter() - t
    out["bg_main_cpu_s"] = time.thread_time() - c
    probe = [(reply, x) for x in reply.suggestions]
    def keys(while_training):
        ms = []
        k = 0
        while (service._worker is not None) if while_training else len(ms) < 200:
            time.sleep(0.02)
            r, x = probe[k % len(probe)]
            k += 1
            t1 = time.perf_counter()
            suggest_rating(r, x)  # the same work whatever the learner's state: a base hint
            ms.append((time.perf_counter() - t1) * 1000)
        return ms
    during = keys(True)
    service.wait()
    out["bg_ready_s"] = time.perf_counter() - t
    out["bg_worker_cpu_s"] = sum(worker_cpu)
    out["bg_children_cpu_s"] = children_cpu() - ch0
    out["bg_source"] = getattr(service.hint(reply, s), "source", None)
    out["bg_keys_during_ms"] = during
    out["bg_keys_after_ms"] = keys(False)
    thread_turns.restore()
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
    """`work`/db with N replies (from `work`/corpus, written if missing) and `rated` ratings by
    the reviewer of `rated` (added if that reviewer has none); reused when already there."""
    from benchmarks.generator import write_corpus
    from cppcc_review.store.aids.hint_learner import rated_count
    from cppcc_review.store.aids.hints import suggest_rating
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths

    corpus, db = work / "corpus", work / "db"
    reviewer = f"{REVIEWER}-{rated}"
    with ReviewStore(db) as store:
        if not store.summaries():
            if not (corpus.is_dir() and len(list(corpus.glob("*.txt"))) >= n):
                write_corpus(corpus, n, 7)
            import_paths(store, [corpus])
        if rated_count(store, reviewer) >= rated:
            return db
        done = 0
        for summary in store.summaries():
            reply = store.get_reply(summary.id)
            for s in reply.suggestions:
                hint = suggest_rating(reply, s, strict=True)
                if hint is None:
                    continue
                store.set_rating(summary.id, reviewer, s.index, hint.rating)
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
    parser.add_argument("--db", type=Path, help="a folder to build the database in and keep (reused when there)")
    args = parser.parse_args(argv)
    work = args.db or Path(tempfile.mkdtemp(prefix="cppcc-hints-"))
    reviewer = f"{REVIEWER}-{args.rated}"
    try:
        t = time.perf_counter()
        db = build(work, args.n, args.rated)
        print(f"database: {args.n} replies, {args.rated} ratings by {reviewer} ({time.perf_counter() - t:.0f} s to build)")
        runs = [_run(_CHILD, str(db), "bench-newcomer", reviewer) for _ in range(args.repeat)]
        background = [_run(_BACKGROUND, str(db), "bench-newcomer", reviewer) for _ in range(args.repeat)]
        imports = [_run(_SKLEARN)["sklearn_import_s"] for _ in range(args.repeat)]
    finally:
        if args.db is None:
            shutil.rmtree(work, ignore_errors=True)

    def med(key: str, rows: list[dict] = runs) -> float:
        values = sorted(r[key] for r in rows)
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

    during = [ms for r in background for ms in r["bg_keys_during_ms"]]
    after = [ms for r in background for ms in r["bg_keys_after_ms"]]
    print(f"the app's way (background=True), {args.rated} ratings ({background[-1]['bg_source']} when ready):")
    print(f"{'  first hint: main thread wall / CPU':<58}{med('bg_main_wall_s', background):>5.2f}s /{med('bg_main_cpu_s', background):>5.2f}s")
    print(f"{'  worker thread CPU':<58}{med('bg_worker_cpu_s', background):>9.2f}s")
    print(f"{'  child process(es) CPU':<58}{med('bg_children_cpu_s', background):>9.2f}s")
    print(f"{'  first hint -> model ready (wall)':<58}{med('bg_ready_s', background):>9.2f}s")
    for label, keys in (("a key (a base hint) while training", during), ("the same key after training", after)):
        k = summary(keys)
        print(f"{'  ' + label + ' p50/p95/max ms':<58}{k['median']:>6.2f} /{k['p95']:>6.2f} /{k['max']:>6.1f}  (n={k['n']})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
