"""The learning curve on REAL text: the strict hand ratings of the private real collections
(issue 13, eleventh round; run by hand: the texts live under /work/realdata, never in git or CI).

    python scripts/real_learning_curve.py [--points 0,20,50,100] [--folds t35,u36,...]

A simulated strict reviewer (a vague promise alone = explained: each collection's `strict:` block
laid over its `default:` ratings) rates the real collections' suggestions in the order they were
collected (the folds of scripts/validate_aids.py, in time order, replies in name order), while the
tool keeps the default rubric and learns (store/aids/learning_curve.py's replay, a real database).
Collections without a `strict:` block (r) are not replayed. The base hints are leak-free, as
validate_aids.py's leave-one-collection-out: a suggestion of collection c is read by a base model
trained by scripts/train_base_model.py's code and recipe (real suggestions weighing REAL_WEIGHT, cue
features, n-grams of two replies) on the fixtures (less those drawn from c: DRAWN_FROM) and the
OTHER collections' default ratings; nothing is written to disk but a temporary database.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from measure_real_aids import load_rating_file, rated_suggestions  # noqa: E402
from validate_aids import DRAWN_FROM, FOLDS, fixture_items, present_folds, real_items  # noqa: E402

from cppcc_review.store.aids import base_model_training as tbm  # noqa: E402
from cppcc_review.store.aids.base_model import BaseModel  # noqa: E402
from cppcc_review.store.aids.learning_curve import (  # noqa: E402
    DEFAULT_POINTS,
    CrossFitted,
    Item,
    base_model_as,
    format_rows,
    parse_points,
    quick_training,
    replay,
)
from cppcc_review.store.model import Rating  # noqa: E402
from cppcc_review.store.traditional_fold import fold  # noqa: E402


def has_strict(fold_name: str) -> bool:
    return any((yaml.safe_load(Path(r).read_text(encoding="utf-8")) or {}).get("strict")
               for _f, r in FOLDS[fold_name])


def strict_items(fold_name: str) -> list[Item]:
    """The collection's rated suggestions: the strict rating and the default one of each."""
    out = []
    for folder, ratings_file in FOLDS[fold_name]:
        default, whole, rule = load_rating_file(Path(ratings_file), strict=False)
        strict, _w, _r = load_rating_file(Path(ratings_file), strict=True)
        plain = {(name, index): rating for name, _w2, _reply, index, rating
                 in rated_suggestions(Path(folder), None, 0, default, whole, rule)}
        for name, _which, reply, index, rating in rated_suggestions(Path(folder), None, 0, strict, whole, rule):
            out.append(Item(f"{fold_name}:{name}", reply, index, Rating(rating), Rating(plain[(name, index)])))
    return out


def leave_one_out_models(replayed: list[str], items: dict[str, list[Item]], present: list[str]) -> CrossFitted:
    """`present`: the folds on this machine (present_folds; those of earlier sessions were lost with theirs)."""
    fixtures = fixture_items()
    real = {f: real_items(f) for f in present}
    models, route = [], {}
    with quick_training() as cues:
        for g, held in enumerate(replayed):
            models.append(_train_without(held, g, items, fixtures, real, route, cues))
    return CrossFitted(models, route)


def _train_without(held: str, g: int, items: dict[str, list[Item]], fixtures: list[dict],
                   real: dict[str, list[dict]], route: dict[str, int],
                   cues: Callable[[str], list[float]]) -> BaseModel:
    held_texts = {fold(i.reply.suggestions[i.index - 1].text or "") for i in items[held]}
    for t in held_texts:
        route.setdefault(t, g)
    drawn = DRAWN_FROM.get(held, ())
    train = ([i for i in fixtures if not (drawn and i["key"].startswith(drawn))]
             + [i for f in real if f != held for i in real[f]])
    train = [i for i in train if fold(i["text"]) not in held_texts]
    data = tbm.train([(fold(i["text"]), i["hand"]) for i in train],
                     groups=[i["fold"] + ":" + i["key"].split("#")[0] for i in train],
                     weights=[1.0 if i["fold"] == "fix" else tbm.REAL_WEIGHT for i in train],
                     min_replies=tbm.MIN_REPLIES, cue_scale=tbm.CUE_SCALE, tol=1e-4, cue_reader=cues)
    print(f"  base model without {held}: {len(train)} training suggestions", file=sys.stderr)
    return BaseModel(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", default=",".join(map(str, DEFAULT_POINTS)))
    present = present_folds()
    parser.add_argument("--folds", default=",".join(present),
                        help="the collections replayed, in this order (default: every one whose texts are on this machine)")
    args = parser.parse_args()
    for name in args.folds.split(","):
        for folder, ratings in FOLDS[name]:
            if not Path(folder).is_dir() or not Path(ratings).is_file():
                raise SystemExit(f"{folder}: the real collection is not here")
    replayed = [f for f in args.folds.split(",") if has_strict(f)]
    items = {f: strict_items(f) for f in replayed}
    sequence = [i for f in replayed for i in items[f]]
    lean = sum(i.rating != i.default for i in sequence)
    print(f"replayed: {', '.join(f'{f} ({len(items[f])})' for f in replayed)}; {len(sequence)} ratings, "
          f"{lean} where the strict reviewer departs from the default rubric")
    router = leave_one_out_models(replayed, items, present)
    with base_model_as(router):
        rows = replay(sequence, parse_points(args.points))
    sys.stdout.write(format_rows(rows, True, "real collections, leave-one-collection-out base models"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
