"""Which suggested ratings generalise? Leave-one-collection-out validation on the private
real development collections (never in git), issue 13, fourth round.

    python scripts/validate_aids.py [--folds r,f,g] [--json OUT]

Folds (each a collection of real published replies with consensus hand ratings; the texts
live under /work/realdata and never enter git):
  r  /work/realdata/replies  + aids/ratings.yaml            (issue 12's collection, r001-r056)
  f  /work/realdata/fresh2   + aids/fresh2_consensus.yaml   (real-fresh, two raters)
  g  /work/realdata/fresh3   + aids/fresh3_consensus.yaml   (real-fresh-3, two raters)

Candidates, each scored on every fold it was not built from:
  rules (now)       the rules of this commit: tuned on every fold, so IN-SAMPLE (optimistic);
  rules (first run) each fold scored by the rules frozen before that fold was ever read
                    (r: 1189a1c, f: c10c13b, g: 17953e0), read from git history: the honest
                    out-of-fold record of hand-written rules;
  model             a linear model (scikit-learn LogisticRegression over TF-IDF character
                    1-3-grams) trained on the bundled fixtures only (our own words), never on
                    real text: every real fold is out of sample;
  blend             alpha * (the rules' rating, one-hot) + (1 - alpha) * the model's
                    probabilities; alpha chosen on the OTHER folds (first-run rules), then
                    scored on the held-out one.
It also prints, per branch of the rules, how often the first-run rules were right on the
real folds (the out-of-fold record the confidence calibration uses).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from measure_real_aids import load_ratings, rated_suggestions  # noqa: E402

from cppcc_review.store.aids.evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX, _reply_from_expected  # noqa: E402
from cppcc_review.store.model import Rating, Reply, Suggestion  # noqa: E402

REAL = "/work/realdata"
FOLDS = {
    "r": (f"{REAL}/replies", f"{REAL}/aids/ratings.yaml"),
    "f": (f"{REAL}/fresh2", f"{REAL}/aids/fresh2_consensus.yaml"),
    "g": (f"{REAL}/fresh3", f"{REAL}/aids/fresh3_consensus.yaml"),
}
FIRST_RUN = {"r": "1189a1c", "f": "c10c13b", "g": "17953e0"}
CLASSES = ["adopted", "partially_adopted", "explained"]
ALPHAS = [round(0.05 * i, 2) for i in range(21)]


def fixture_items() -> list[dict]:
    out = []
    for exp in sorted(DEFAULT_FIXTURES.glob("*" + EXPECTED_SUFFIX)):
        data = yaml.safe_load(exp.read_text(encoding="utf-8")) or {}
        reply = _reply_from_expected(data)
        by = {s.index: s for s in reply.suggestions}
        for s in data.get("suggestions") or []:
            if s.get("hand_rating") and int(s["index"]) in by:
                out.append(_item("fix", f"{exp.name[:-len(EXPECTED_SUFFIX)]}#{s['index']}", reply,
                                 by[int(s["index"])], s["hand_rating"]))
    return out


def real_items(fold: str) -> list[dict]:
    folder, ratings_file = FOLDS[fold]
    ratings = load_ratings(Path(ratings_file))
    out = []
    for name, _which, reply, index, rating in rated_suggestions(Path(folder), None, 0, ratings):
        out.append(_item(fold, f"{name}#{index}", reply, reply.suggestions[index - 1], rating))
    return out


def _item(fold: str, key: str, reply: Reply, suggestion: Suggestion, hand: str) -> dict:
    return {"fold": fold, "key": key, "text": suggestion.text or "", "declared": reply.declared_result,
            "date": reply.date, "hand": Rating(hand).value}


_OLD_RULES = '''
import json, sys
from types import SimpleNamespace
try:
    from cppcc_review.store.aids import hints  # the rules after issue 13's fifth round moved them
except ImportError:
    from cppcc_review.store import hints
from cppcc_review.store.model import Suggestion
out = {}
for it in json.load(sys.stdin):
    h = hints.suggest_rating(SimpleNamespace(declared_result=it["declared"], date=it["date"]), Suggestion(1, None, it["text"]))
    out[it["key"]] = [h.rating.value if h else None, h.path if h else ""]
json.dump(out, sys.stdout)
'''


def old_rules(commit: str, items: list[dict]) -> dict:
    """The predictions of the rules as they were at `commit` (the whole `store` package of
    that commit, read from git history into a temporary folder, run in a child process)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", "--format=tar", commit, "store"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        done = subprocess.run([sys.executable, "-c", _OLD_RULES], cwd=tmp, input=json.dumps(items),
                              capture_output=True, text=True, check=True, env={"PYTHONPATH": tmp, "PATH": ""})
        return json.loads(done.stdout)


def current_rules(items: list[dict]) -> dict:
    from types import SimpleNamespace

    from cppcc_review.store.aids import hints
    out = {}
    for it in items:
        h = hints.suggest_rating(SimpleNamespace(declared_result=it["declared"], date=it["date"]),
                                 Suggestion(1, None, it["text"]), base="rules")
        out[it["key"]] = [h.rating.value if h else None, h.path if h else ""]
    return out


def train_model(train: list[dict]):
    """The base model exactly as shipped: scripts/train_base_model.py's training, predicted
    by cppcc_review.store.aids.base_model (no scikit-learn at prediction time)."""
    from train_base_model import train as fit

    from cppcc_review.store.aids.base_model import BaseModel
    from cppcc_review.store.aids.fold import fold

    model = BaseModel(fit([(fold(i["text"]), i["hand"]) for i in train]))

    def proba(items: list[dict]):
        out = []
        for i in items:
            p = model.probabilities(fold(i["text"]))
            out.append([p[Rating(c)] for c in CLASSES])
        return out
    return proba


def kappa(pairs: list[tuple[str, str | None]]) -> float:
    n = len(pairs)
    a, b = Counter(h for h, _ in pairs), Counter(p for _, p in pairs)
    po = sum(h == p for h, p in pairs) / n
    pe = sum(a[k] * b.get(k, 0) for k in a) / n / n
    return (po - pe) / (1 - pe) if pe < 1 else 0.0


def blend(rule: list[str | None], proba, alpha: float) -> list[str]:
    out = []
    for r, p in zip(rule, proba, strict=False):
        scores = [alpha * (1.0 if r == c else (1 / 3 if r is None else 0.0)) + (1 - alpha) * p[k]
                  for k, c in enumerate(CLASSES)]
        out.append(CLASSES[max(range(3), key=lambda k: scores[k])])
    return out


def line(name: str, pairs: list[tuple[str, str | None]]) -> str:
    right = sum(h == p for h, p in pairs)
    return f"{name:<18}{right:>3}/{len(pairs):<3} = {right / len(pairs):6.1%}  kappa {kappa(pairs):5.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", default="r,f,g")
    parser.add_argument("--json", help="write every prediction here")
    args = parser.parse_args()
    folds = args.folds.split(",")
    fixtures = fixture_items()
    real = {f: real_items(f) for f in folds}
    proba_of = train_model(fixtures)
    now = current_rules([i for f in folds for i in real[f]])
    first = {f: old_rules(FIRST_RUN[f], real[f]) for f in folds}
    probs = {f: proba_of(real[f]) for f in folds}
    hand = {f: [i["hand"] for i in real[f]] for f in folds}
    rules_first = {f: [first[f][i["key"]][0] for i in real[f]] for f in folds}

    def pooled_alpha(train_folds: list[str]) -> float:
        def acc(a: float) -> float:
            return sum(sum(h == p for h, p in zip(hand[f], blend(rules_first[f], probs[f], a), strict=False)) for f in train_folds)
        return max(ALPHAS, key=lambda a: (acc(a), -abs(a - 0.5)))

    pooled: dict[str, list] = {k: [] for k in ("rules (now)", "rules (first run)", "model", "blend", "majority")}
    predictions = {}
    for f in folds:
        n = len(real[f])
        others = [g for g in folds if g != f]
        alpha = pooled_alpha(others)
        model_pred = [CLASSES[max(range(3), key=lambda k: p[k])] for p in probs[f]]
        blend_pred = blend(rules_first[f], probs[f], alpha)
        now_pred = [now[i["key"]][0] for i in real[f]]
        major = Counter(hand[f]).most_common(1)[0][0]
        rows = {"rules (now)": now_pred, "rules (first run)": rules_first[f], "model": model_pred,
                "blend": blend_pred, "majority": [major] * n}
        print(f"== fold {f}: {n} suggestions (first-run rules {FIRST_RUN[f]}; blend alpha {alpha}, chosen on {'+'.join(others)})")
        for name, pred in rows.items():
            pairs = list(zip(hand[f], pred, strict=False))
            pooled[name] += pairs
            print("   " + line(name, pairs) + ("   (in-sample: tuned on this fold)" if name == "rules (now)" else ""))
        for k, i in enumerate(real[f]):
            predictions[i["key"]] = {"hand": hand[f][k], **{name: pred[k] for name, pred in rows.items()},
                                     "first_path": first[f][i["key"]][1], "now_path": now[i["key"]][1],
                                     "model_p": [round(float(x), 3) for x in probs[f][k]]}
    print("== pooled over the folds (each suggestion scored out of fold, except rules (now))")
    for name, pairs in pooled.items():
        print("   " + line(name, pairs))
    # the out-of-fold record of each branch of the first-run rules on real replies
    record: dict[str, list[int]] = {}
    for f in folds:
        for k, i in enumerate(real[f]):
            path = first[f][i["key"]][1] or "(none)"
            r = record.setdefault(path, [0, 0])
            r[0] += rules_first[f][k] == hand[f][k]
            r[1] += 1
    print("== first-run rules on real replies, by branch (right/cases)")
    print("   " + ", ".join(f"{p} {r[0]}/{r[1]}" for p, r in sorted(record.items(), key=lambda x: -x[1][1])))
    agree = [(h, m) for f in folds for h, m, r in zip(hand[f], [CLASSES[max(range(3), key=lambda k: p[k])] for p in probs[f]],
                                                    rules_first[f], strict=False) if m == r]
    print(f"== where first-run rules and model agree: {sum(h == m for h, m in agree)}/{len(agree)} right")
    if args.json:
        Path(args.json).write_text(json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
