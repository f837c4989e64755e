"""Train the base model of the suggested ratings: the bundled fixtures and the real development
collections (issue 13, sixth round).

    python scripts/train_base_model.py [--out store/aids/base_model.json] [--fixtures-only]

Reads every `fixtures/*.expected.yaml` suggestion with a (default) hand rating (our own words)
and, unless --fixtures-only, every hand-rated suggestion of the eleven private real collections
(/work/realdata, never in git; the folds of scripts/validate_aids.py), a real suggestion
weighing REAL_WEIGHT fixture suggestions. Fits scikit-learn's TfidfVectorizer (character
1-3-grams, sublinear tf) over the n-grams found in at least two suggestions AND at least two
different replies (a fixture file or a real reply: no n-gram peculiar to one published letter
is stored), plus the yes/no cue features of cppcc_review.store.aids.model_cues (scaled by
CUE_SCALE), and LogisticRegression (C=1, class weights balanced); writes the idf and
coefficients of every kept n-gram and the cues' weights as JSON for
cppcc_review.store.aids.base_model, which predicts without scikit-learn. The file holds no text
longer than three characters and no hand rating; `trained_on` records how many suggestions of
each source and a digest of them. The output is deterministic: same data, same file.

The shipped file is issue 13's eleventh round's: trained on every rated fixture but p11's parser traps 420-439
(000-481, 569 suggestions) and the eleven collections (r, f, g, h, k, s, q, t, u, v (real-fresh-11), w
(real-fresh-12): 577 suggestions), with the cue features and, new, the reply's declared class as a prior
(DECLARED_SCALE; --declared-scale 0 gives the tenth round's recipe). The tenth round's was trained on every rated fixture (000-442) and the
nine collections r, f, g, h, k, s (real-fresh-6), q (real-fresh-8), t (real-fresh-9) and u
(real-fresh-10), 482 suggestions, with the cue features of model_cues (eight patterns and, since the
ninth round, four yes/no features of how the section is built, read through the rules' signals): the
ninth round's recipe unchanged, nothing tried in the tenth did better out of fold (docs/reading-aids.md).
(The ninth round's was trained on fixtures 000-361 and eight collections; the eighth round's on
000-302 and seven; the sixth round's on fixtures 000-235 and r, f, g, h, k.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The recipe, the fixtures read and the fit live in the package (the learning curve trains with them too).
from cppcc_review.store.aids.base_model_training import (  # noqa: E402,F401  (names the tests and scripts import from here)
    CLASSES,
    CUE_SCALE,
    DECLARED_SCALE,
    MIN_REPLIES,
    NGRAMS,
    NOT_YET_TRAINED_ON,
    NOT_YET_TRAINED_ON_AT_MAIN,
    REAL_WEIGHT,
    fixture_declared,
    fixture_samples,
    fixtures_digest,
    train,
    training_set,
)
from cppcc_review.store.traditional_fold import fold  # noqa: E402


def real_samples(declared: list[str | None] | None = None) -> list[tuple[str, str, str]]:
    """(folded text, hand rating, collection:reply) of every rated suggestion of the real
    development collections (the folds of scripts/validate_aids.py); `declared`, a list, receives each
    one's reply's declared label (as the parser read it)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from validate_aids import FOLDS, real_items

    out = []
    for name in FOLDS:
        for folder, ratings in FOLDS[name]:
            if not Path(folder).is_dir() or not Path(ratings).is_file():
                raise SystemExit(f"{folder}: the real collection is not here (use --fixtures-only)")
        items = real_items(name)
        out += [(fold(i["text"]), i["hand"], f"{name}:{i['key'].split('#')[0]}") for i in items]
        if declared is not None:
            declared += [i["declared"] for i in items]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "store" / "aids" / "base_model.json"))
    parser.add_argument("--fixtures-only", action="store_true", help="train on the bundled fixtures alone")
    parser.add_argument("--declared-scale", type=float, default=DECLARED_SCALE,
                        help=f"the declared-class prior's scale (0: none, the tenth round's recipe; default {DECLARED_SCALE})")
    args = parser.parse_args()
    fixtures = fixture_samples()
    declared: list[str | None] = fixture_declared()
    real = [] if args.fixtures_only else real_samples(declared)
    samples = [(t, r) for t, r, _g in fixtures + real]
    data = train(samples, groups=[g for _t, _r, g in fixtures + real],
                 weights=[1.0] * len(fixtures) + [REAL_WEIGHT] * len(real), min_replies=MIN_REPLIES,
                 cue_scale=CUE_SCALE, declared=declared, declared_scale=args.declared_scale,
                 about="cppcc_review.store.aids.base_model: TF-IDF char 1-3-grams (each in two replies or more) "
                       "and cue features and the declared-class prior + logistic regression, trained on the bundled fixtures"
                       + ("" if args.fixtures_only else " and the real development collections (texts not stored)"))
    data["trained_on"] = {**fixtures_digest(fixtures), "real_suggestions": len(real), "real_weight": REAL_WEIGHT,
                          "real_sha256": hashlib.sha256(json.dumps([(t, r) for t, r, _g in real], ensure_ascii=False)
                                                        .encode("utf-8")).hexdigest()}
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['features'])} n-grams from {len(fixtures)} fixture and {len(real)} real suggestions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
