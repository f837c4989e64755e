"""Train the combiner of the suggested ratings (store/aids/combiner.py), issue 13 round h70.

    python scripts/train_combiner.py [--out store/aids/combiner.json]   (train and write the weights)
    python scripts/train_combiner.py --loco                             (leave-one-collection-out, no file written)
    python scripts/train_combiner.py --time-split 70 --through 83       (train before -70, score -70..-83; no file)

The combiner turns the rules' reading (the branch of the rubric that decided, the sentence counts) and the
bundled model's probabilities into one rating. It is trained on the hand ratings of:
- the fixtures (`fixtures/*.expected.yaml`, our own words; default rubric), each weighing FIXTURE_WEIGHT
  of a real suggestion (0.3: the rules and the bundled model were tuned on them, so their reading of a fixture
  is flattering; with sixteen collections, h71, every weight below 1.0 let the real ratings turn an invented
  rubric guard of tests/test_hints_strict.py, so a retrain must run the tests);
- the real development collections REAL_COLLECTIONS, whose texts live in /work/realdata/freshNN (never in
  git) and whose adjudicated ratings are in fixtures/real-ratings/, read as they are measured
  (scripts/measure_real_aids.py hints --parse-rule: a letter the parser splits differently from the raters
  is one suggestion with its whole-letter rating); where the texts are lost, from the collection's
  first-measure record (fixtures/real-records/), which keeps the combiner's whole input as the code of its
  first measure read it.
The features are computed by the package itself (hints.reading, base_model), so the combiner learns from
exactly what the app gives it. scikit-learn's LogisticRegression (C=C, lbfgs, multinomial) fits it; the file
holds feature names, coefficients and counts of what it was trained on, no text. Same data, same file.

--loco scores each real collection with a combiner trained on the fixtures and the OTHER collections, against
the fixed blend it replaced (hints.blend_decision), both with the rules' reading where the combiner is not asked
(combiner.applies), on all scored suggestions and on whole letters, and lists the out-of-fold bands of the
combiner's probability (right / cases): where confident.COMBINED_CONFIDENT would be chosen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from measure_real_aids import load_rating_file, rated_suggestions  # noqa: E402

from cppcc_review.store.aids import combiner  # noqa: E402
from cppcc_review.store.aids.decide import PATHS, Decision  # noqa: E402
from cppcc_review.store.aids.evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX, _reply_from_expected  # noqa: E402
from cppcc_review.store.aids.hints import Signals, blend_decision, model_probabilities, reading  # noqa: E402
from cppcc_review.store.atomic import atomic_write  # noqa: E402
from cppcc_review.store.model import Rating  # noqa: E402

REAL = Path("/work/realdata")
REAL_COLLECTIONS = list(range(60, 70))  # real-fresh-60 .. -69 (collected and rated 2026-12-03): the shipped file's (h70)
FIXTURE_WEIGHT = 0.3
C = 0.1
CLASSES = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
PATH_NAMES = [*PATHS, combiner.NO_PATH]


def row(source: str, key: str, reply, suggestion, hand: Rating) -> dict:
    text, _label, declared, sig, decision = reading(reply, suggestion)
    model_p = model_probabilities(text, declared)
    return {"source": source, "key": key, "hand": hand, "decision": decision, "sig": sig, "model_p": model_p,
            "x": combiner.feature_vector(PATH_NAMES, decision, sig, model_p), "text": text}


def fixture_rows(fixtures: Path = DEFAULT_FIXTURES) -> list[dict]:
    rows = []
    for expected in sorted(fixtures.glob("*" + EXPECTED_SUFFIX)):
        data = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
        hand = {int(s["index"]): Rating(s["hand_rating"]) for s in data.get("suggestions") or [] if s.get("hand_rating")}
        if not hand:
            continue
        reply = _reply_from_expected(data)
        by_index = {s.index: s for s in reply.suggestions}
        name = expected.name[: -len(EXPECTED_SUFFIX)]
        rows += [row("fixtures", f"{name}#{i}", reply, by_index[i], r) for i, r in sorted(hand.items()) if i in by_index]
    return rows


def real_rows(numbers: list[int]) -> list[dict]:
    """The rated suggestions of the real collections `numbers`: read from their texts where /work/realdata has them,
    else from their first-measure records (fixtures/real-records/: the record keeps the combiner's whole input, the
    rules' branch, the sentence counts and the bundled model's probabilities, as the code of its first measure read
    them), else an error."""
    rows = []
    for n in numbers:
        folder = REAL / f"fresh{n}"
        record = ROOT / f"fixtures/real-records/real-fresh-{n}.yaml"
        if not folder.is_dir():
            if not record.is_file():
                raise SystemExit(f"train_combiner: {folder} is missing and real-fresh-{n} has no record in {record.parent}")
            print(f"train_combiner: real-fresh-{n} read from its first-measure record ({folder} is missing)", file=sys.stderr)
            rows += record_rows(record)
            continue
        ratings, whole, _rule = load_rating_file(ROOT / f"fixtures/real-ratings/real-fresh-{n}.yaml")
        for name, _which, reply, index, hand in rated_suggestions(folder, None, 0, ratings, whole, True):
            meta = yaml.safe_load((folder / f"{name}.expected.yaml").read_text(encoding="utf-8")) or {}
            rows.append(row(f"real-fresh-{n}", f"{name}#{index}", reply, reply.suggestions[index - 1], Rating(hand)))
            rows[-1]["cut"] = bool(meta.get("cut"))
    return rows


def record_rows(path: Path) -> list[dict]:
    """Training rows from a first-measure record (scripts/real_records.py), for a collection whose texts are lost."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for name, records in doc["replies"].items():
        for r in records:
            decision = Decision(Rating(r["rules"]) if r["rules"] else None, r["path"] or "")
            sig = Signals(done=[], planned=[], explained=[], concrete=[], **(r.get("signals") or {}))
            model_p = {Rating(c): float(p) for c, p in r["model"].items()}
            rows.append({"source": doc["collection"], "key": f"{name}#{r['index']}", "hand": Rating(r["hand"]),
                         "decision": decision, "sig": sig, "model_p": model_p, "cut": bool(r["cut"]),
                         "x": combiner.feature_vector(PATH_NAMES, decision, sig, model_p), "text": ""})
    return rows


def fit(rows: list[dict]):
    from sklearn.linear_model import LogisticRegression
    rows = [r for r in rows if combiner.trained_on(r["decision"])]
    weights = [FIXTURE_WEIGHT if r["source"] == "fixtures" else 1.0 for r in rows]
    model = LogisticRegression(C=C, max_iter=10000)
    model.fit([r["x"] for r in rows], [r["hand"].value for r in rows], sample_weight=weights)
    return model


def to_json(model, rows: list[dict]) -> dict:
    order = [list(model.classes_).index(c.value) for c in CLASSES]
    rows = [r for r in rows if combiner.trained_on(r["decision"])]
    digest = hashlib.sha256("\n".join(f"{r['source']}|{r['key']}|{r['hand'].value}|{r['text']}"
                                      for r in rows).encode("utf-8")).hexdigest()
    return {
        "classes": [c.value for c in CLASSES],
        "paths": PATH_NAMES,
        "features": combiner.feature_names(PATH_NAMES),
        "coef": [[round(float(v), 6) for v in model.coef_[k]] for k in order],
        "intercept": [round(float(model.intercept_[k]), 6) for k in order],
        "trained_on": {"recipe": {"C": C, "fixture_weight": FIXTURE_WEIGHT},
                       "suggestions": dict(sorted(Counter(r["source"] for r in rows).items())),
                       "digest": digest},
    }


_TABLE_HEAD = ["| held out | scored | combiner | fixed blend | whole letters: scored, combiner, fixed blend |",
               "|---|---|---|---|---|"]


def score_held(model: combiner.Combiner, held: list[dict], out_of_fold: list[tuple[float, bool]]) -> list[int]:
    """[scored, combiner right, fixed blend right, whole letters: scored, combiner right, fixed blend right] of the
    rows `held` (the rules' reading where the combiner is not asked, in both); appends the combiner's (probability,
    right) of each row it is asked about to `out_of_fold`."""
    counts = [len(held), 0, 0, 0, 0, 0]
    for r in held:
        if combiner.applies(r["decision"]):
            rating, p = model.rating(r["decision"], r["sig"], r["model_p"])
            out_of_fold.append((p, rating == r["hand"]))
            if r["decision"].rating is not None:
                fixed_rating = blend_decision(r["model_p"], r["decision"])[0]
            else:
                fixed_rating = max(r["model_p"], key=lambda c: r["model_p"][c])
        else:  # the rules' reading stands, in both
            rating = fixed_rating = r["decision"].rating
        hits = [1, int(rating == r["hand"]), int(fixed_rating == r["hand"])]
        counts[1] += hits[1]
        counts[2] += hits[2]
        if not r.get("cut"):
            counts[3:] = [a + b for a, b in zip(counts[3:], hits, strict=True)]
    return counts


def _table(rows: list[tuple[str, list[int]]], out_of_fold: list[tuple[float, bool]]) -> str:
    lines = list(_TABLE_HEAD)
    total = [0] * 6
    for source, c in rows:
        total = [a + b for a, b in zip(total, c, strict=True)]
        lines.append(f"| {source} | {c[0]} | {c[1]} | {c[2]} | {c[3]}, {c[4]}, {c[5]} |")
    lines.append(f"| pooled | {total[0]} | {total[1]} | {total[2]} | {total[3]}, {total[4]}, {total[5]} |")
    lines.append("")
    lines.append("out-of-fold bands of the combiner's probability (right / cases):")
    for band in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        in_band = [ok for p, ok in out_of_fold if p >= band]
        lines.append(f"  >= {band:.2f}: {sum(in_band)}/{len(in_band)}")
    return "\n".join(lines)


def loco(fixtures: list[dict], real: list[dict]) -> str:
    out_of_fold: list[tuple[float, bool]] = []
    rows = []
    for source in sorted({r["source"] for r in real}):
        held = [r for r in real if r["source"] == source]
        model = combiner.Combiner(to_json(fit(fixtures + [r for r in real if r["source"] != source]), []))
        rows.append((source, score_held(model, held, out_of_fold)))
    return _table(rows, out_of_fold)


def collection_number(source: str) -> int:
    return int(source.rsplit("-", 1)[1])


def time_split(fixtures: list[dict], real: list[dict], first_scored: int) -> str:
    """Train on the fixtures and the collections numbered below `first_scored`, score each later one: the honest
    estimate for anything learned from the real ratings (h80, docs/reading-aids.md: collections gathered the same day
    share sites, years and topics, so leave-one-collection-out within them is optimistic)."""
    train = [r for r in real if collection_number(r["source"]) < first_scored]
    if not train:
        raise SystemExit(f"train_combiner: no collection before real-fresh-{first_scored} to train on")
    model = combiner.Combiner(to_json(fit(fixtures + train), []))
    out_of_fold: list[tuple[float, bool]] = []
    rows = [(source, score_held(model, [r for r in real if r["source"] == source], out_of_fold))
            for source in sorted({r["source"] for r in real if collection_number(r["source"]) >= first_scored},
                                 key=collection_number)]
    return f"trained on the fixtures and {len({r['source'] for r in train})} collections before real-fresh-{first_scored}\n" + _table(rows, out_of_fold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=combiner.WEIGHTS)
    ap.add_argument("--loco", action="store_true", help="leave-one-collection-out on the real collections; writes nothing")
    ap.add_argument("--time-split", type=int, metavar="N",
                    help="train on the fixtures and the collections before real-fresh-N, score real-fresh-N .. --through; "
                         "writes nothing")
    ap.add_argument("--through", type=int, default=max(REAL_COLLECTIONS), metavar="M",
                    help="with --time-split: the last collection scored (default %(default)s)")
    args = ap.parse_args(argv)
    fixtures = fixture_rows()
    if args.time_split is not None:
        first = min(REAL_COLLECTIONS)
        if not first < args.time_split <= args.through:
            raise SystemExit(f"train_combiner: --time-split {args.time_split} must lie after real-fresh-{first} and "
                             f"not after --through {args.through}")
        print(time_split(fixtures, real_rows(list(range(first, args.through + 1))), args.time_split))
        return 0
    real = real_rows(REAL_COLLECTIONS)
    if args.loco:
        print(loco(fixtures, real))
        return 0
    data = to_json(fit(fixtures + real), fixtures + real)
    atomic_write(args.out, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    print(f"wrote {args.out}: {data['trained_on']['suggestions']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
