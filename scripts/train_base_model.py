"""Train the base model of the suggested ratings on the bundled fixtures only.

    python scripts/train_base_model.py [--out store/aids/base_model.json]

Reads every `fixtures/*.expected.yaml` suggestion with a (default) hand rating, our own
words, never real text; fits scikit-learn's TfidfVectorizer (character 1-3-grams,
sublinear tf, min_df 2) and LogisticRegression (C=1, class weights balanced), and writes
the idf and coefficients of every kept n-gram as JSON for cppcc_review.store.aids.base_model, which predicts
without scikit-learn. The output is deterministic: same fixtures, same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc_review.store.aids.evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX  # noqa: E402
from cppcc_review.store.aids.fold import fold  # noqa: E402

CLASSES = ["adopted", "partially_adopted", "explained"]
NGRAMS = (1, 3)


def training_set(fixtures: Path = DEFAULT_FIXTURES) -> list[tuple[str, str]]:
    """(folded text, hand rating) of every rated fixture suggestion, in name order."""
    out = []
    for exp in sorted(Path(fixtures).glob("*" + EXPECTED_SUFFIX)):
        data = yaml.safe_load(exp.read_text(encoding="utf-8")) or {}
        for s in data.get("suggestions") or []:
            if s.get("hand_rating"):
                out.append((fold(s.get("text") or ""), s["hand_rating"]))
    return out


def train(samples: list[tuple[str, str]]) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer="char", ngram_range=NGRAMS, sublinear_tf=True, min_df=2)
    x = vec.fit_transform([t for t, _r in samples])
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced", tol=1e-8)
    model.fit(x, [r for _t, r in samples])
    order = [list(model.classes_).index(c) for c in CLASSES]
    features = []
    for gram, col in sorted(vec.vocabulary_.items()):
        coef = [round(float(model.coef_[k][col]), 6) for k in order]
        features.append([gram, round(float(vec.idf_[col]), 6), coef])
    digest = hashlib.sha256(json.dumps(samples, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {
        "about": "cppcc_review.store.aids.base_model: TF-IDF char 1-3-grams + logistic regression, trained on the bundled fixtures only",
        "trained_on": {"fixture_suggestions": len(samples), "sha256": digest},
        "classes": CLASSES,
        "ngram_range": list(NGRAMS),
        "intercept": [round(float(model.intercept_[k]), 6) for k in order],
        "features": features,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "store" / "aids" / "base_model.json"))
    args = parser.parse_args()
    data = train(training_set())
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['features'])} n-grams from {data['trained_on']['fixture_suggestions']} fixture suggestions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
