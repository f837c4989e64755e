"""Does the learned hint adapt to a reviewer? `python -m cppcc_review.store.aids.learning_curve`.

A simulated reviewer rates the fixtures' suggestions one after another, in the order of
the fixture names (as a reviewer works down an inbox), with the hand ratings of the
STRICT variant of the rubric (a vague promise alone is explained;
fixtures/strict-ratings.yaml) while the tool keeps the default rubric: the tool has to
learn the reviewer's lean from their ratings. After 0, 20, 50 and 100 ratings the hints
(`cppcc_review.store.aids.hint_learner.HintService`, trained on the ratings in a real database on disk)
are compared with the reviewer's ratings of the suggestions not yet rated.

The replay is honest about the base hints (issue 13, eleventh round): the bundled model was
trained on every fixture, so replayed with it the "no learning" hints would be in-sample and
say nothing of a reviewer's own, unseen replies. By default (`--base crossfit`) the replayed
replies are split into FOLDS groups (by reply, round-robin in name order) and every hint of a
suggestion, the learner's training features included, comes from a base model trained by
scripts/train_base_model.py's own code on the fixtures of the OTHER groups (cross-fitting;
fixtures only, so the figure is the same wherever the suite runs; the models live in memory).
`--base bundled` replays with the shipped model (in-sample; the rounds before the eleventh).
scripts/real_learning_curve.py replays the strict ratings of the real collections the same way.

For reference each row also shows the base hints with the default rubric (the rules
blended with the base model: what the reviewer gets with learning switched off) and with the strict setting (what they get if
they know to switch it on), and each class of the reviewer's ratings. `--reviewer default` replays the
default hand ratings instead (learning must not spoil the hints of a reviewer who rates as the rules do).
`--order-seed N` replays the same ratings with the replies in another order (a seeded shuffle of the
replies, each reply's suggestions kept together and in order; the cross-fitting groups and models are
those of the name order, so only the order in which the reviewer rates changes): how much of a figure
is the one order the fixtures' names happen to give.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..db import ReviewStore
from ..model import Rating, Reply
from ..reading.extract import extract_file
from ..reading.parser import parse_reply
from ..traditional_fold import fold
from . import base_model
from . import base_model_training as training
from .evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX, load_strict
from .hint_learner import HintService
from .hints import suggest_rating

DEFAULT_POINTS = (0, 20, 50, 100)
REVIEWER = "simulated"
FOLDS = 5  # cross-fitting groups of the fixture replay
BASES = ("crossfit", "bundled")


@dataclass(frozen=True)
class Item:
    """One rating of the simulated reviewer."""

    key: str  # the reply it belongs to (a fixture name, collection:reply)
    reply: Reply
    index: int  # 1-based suggestion index
    rating: Rating  # the reviewer's
    default: Rating  # the default rubric's hand rating (differs where the reviewer leans)


@dataclass
class Row:
    rated: int
    remaining: int = 0
    learned_right: int = 0
    confident_right: int = 0
    confident_shown: int = 0
    rules_right: int = 0
    strict_rules_right: int = 0
    sources: set[str] = field(default_factory=set)
    # the remaining suggestions where the reviewer's rating differs from the default hand rating (the
    # lean the tool has to learn), and how often the hints / the base hints get those right
    lean_cases: int = 0
    lean_learned_right: int = 0
    lean_rules_right: int = 0
    # the reviewer's rating -> [hints right, base hints right, cases] over the remaining suggestions
    per_class: dict[str, list[int]] = field(default_factory=dict)

    def pct(self, n: int, d: int | None = None) -> str:
        d = self.remaining if d is None else d
        return f"{n / d:6.1%}" if d else "     -"


def load_sequence(fixtures: Path, strict: bool) -> list[tuple[Path, int, Rating]]:
    """(reply file, suggestion index, the reviewer's rating) in rating order."""
    strict_ratings = load_strict(fixtures) if strict else {}
    out = []
    for expected in sorted(fixtures.glob("*" + EXPECTED_SUFFIX)):
        name = expected.name[: -len(EXPECTED_SUFFIX)]
        data = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
        sources = sorted(p for p in fixtures.glob(name + ".*") if not p.name.endswith(EXPECTED_SUFFIX))
        if not sources:
            continue
        for s in data.get("suggestions") or []:
            if s.get("hand_rating"):
                rating = strict_ratings.get(name, {}).get(int(s["index"]), Rating(s["hand_rating"]))
                out.append((sources[0], int(s["index"]), rating))
    return out


def fixture_items(fixtures: Path, strict: bool) -> list[Item]:
    """The fixture replay's ratings, in fixture-name order (a suggestion the parser does not
    find is left out)."""
    sequence = load_sequence(Path(fixtures), strict)
    default = load_sequence(Path(fixtures), False)
    replies: dict[Path, Reply] = {}
    out = []
    for (path, index, rating), (_p, _i, plain) in zip(sequence, default, strict=True):
        if path not in replies:
            replies[path] = parse_reply(extract_file(path)[0])
        if index <= len(replies[path].suggestions):
            out.append(Item(path.name.split(".")[0], replies[path], index, rating, plain))
    return out


class CrossFitted:
    """Stands in for the bundled base model during a replay: the text of a suggestion of group
    g is read by a model not trained on group g (nor on any fixture with the same text)."""

    def __init__(self, models: Sequence[Any], group_of_text: dict[str, int],
                 held_out: Sequence[set[str]] = (), trained_texts: Sequence[set[str]] = ()):
        self.models = list(models)
        self.group_of_text = group_of_text
        # per model: the replies it was not trained on, and the texts it was (for the tests)
        self.held_out = list(held_out)
        self.trained_texts = list(trained_texts)
        self._seen: dict[tuple[str, Rating | None], dict[Rating, float]] = {}

    def probabilities(self, text: str, declared: Rating | None = None) -> dict[Rating, float]:
        """As base_model.BaseModel.probabilities (`declared`: the reply's declared class, read where the
        cross-fitted models were trained with the declared prior)."""
        known = self._seen.get((text, declared))
        if known is not None:
            return dict(known)
        group = self.group_of_text.get(text)
        if group is None:  # a text the replay does not hold: a bug in the replay, never guess
            raise KeyError(f"cross-fitted base model asked about a text outside the replay: {text[:40]!r}")
        result: dict[Rating, float] = self.models[group].probabilities(text, declared)
        self._seen[(text, declared)] = result  # a replay asks about each text many times
        return dict(result)


@contextmanager
def base_model_as(model: Any) -> Iterator[None]:
    """Every hint asked inside reads `model` instead of the bundled one (base_model.load)."""
    saved = base_model.load
    setattr(base_model, "load", lambda: model)  # noqa: B010 (mypy: a function is replaced)
    try:
        yield
    finally:
        setattr(base_model, "load", saved)  # noqa: B010


def groups_by_reply(items: Sequence[Item], k: int) -> dict[str, int]:
    """reply key -> group, round-robin over the replies in replay order."""
    keys = list(dict.fromkeys(item.key for item in items))
    return {key: n % k for n, key in enumerate(keys)}


def crossfit_fixture_models(items: Sequence[Item], fixtures: Path = DEFAULT_FIXTURES, k: int = FOLDS) -> CrossFitted:
    """K base models, each trained (scripts/train_base_model.py's `train`, its n-gram rule and cue
    scale) on the fixtures outside one group of the replayed replies."""
    group = groups_by_reply(items, k)
    samples = training.fixture_samples(fixtures)  # (folded text, hand rating, expected file name)
    texts_of: dict[int, set[str]] = {}
    for text, _r, name in samples:
        g = group.get(name[: -len(EXPECTED_SUFFIX)])
        if g is not None:
            texts_of.setdefault(g, set()).add(text)
    route: dict[str, int] = {}
    for item in items:
        route.setdefault(fold(item.reply.suggestions[item.index - 1].text or ""), group[item.key])
    models: list[Any] = []
    held_out: list[set[str]] = []
    trained: list[set[str]] = []
    with quick_training() as cues:
        for g in range(k):
            models.append(_train_without(samples, group, g, texts_of, route, held_out, trained, cues))
    return CrossFitted(models, route, held_out, trained)


@contextmanager
def quick_training() -> Iterator[Callable[[str], list[float]]]:
    """The K trainings of a replay: BLAS on one thread (on a busy 2-core machine its threads wait
    for each other at every small product: 10 s a model against 4), and the cue features to pass
    to `train`, each text's computed once, not once per model."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # scikit-learn's dependency

    with threadpool_limits(limits=1, user_api="blas"):
        yield remembered_cues()


def remembered_cues() -> Callable[[str], list[float]]:
    """model_cues.cue_vector, each text's features computed once for the K trainings of a replay
    (a pure function of the text)."""
    from .model_cues import cue_vector

    seen: dict[str, list[float]] = {}

    def remembered(text: str) -> list[float]:
        if text not in seen:
            seen[text] = cue_vector(text)
        return seen[text]

    return remembered


def _train_without(samples: list[tuple[str, str, str]], group: dict[str, int], g: int,
                   texts_of: dict[int, set[str]], route: dict[str, int], held_out: list[set[str]],
                   trained: list[set[str]], cues: Callable[[str], list[float]]) -> Any:
    mine = {key for key, n in group.items() if n == g}
    held_texts = texts_of.get(g, set()) | {t for t, n in route.items() if n == g}
    train = [(t, r, n) for t, r, n in samples if n[: -len(EXPECTED_SUFFIX)] not in mine and t not in held_texts]
    # tol 1e-4 as scripts/validate_aids.py (the shipped file's 1e-8 takes longer)
    data = training.train([(t, r) for t, r, _n in train], groups=[n for _t, _r, n in train],
                          weights=[1.0] * len(train), min_replies=training.MIN_REPLIES,
                          cue_scale=training.CUE_SCALE, tol=1e-4, cue_reader=cues)
    held_out.append(mine)
    trained.append({t for t, _r, _n in train})
    return base_model.BaseModel(data)


def shuffled_replies(items: Sequence[Item], seed: int) -> list[Item]:
    """`items` with the replies in a seeded random order; each reply's ratings stay together, in order."""
    by_key: dict[str, list[Item]] = {}
    for item in items:
        by_key.setdefault(item.key, []).append(item)
    keys = list(by_key)
    random.Random(seed).shuffle(keys)
    return [item for key in keys for item in by_key[key]]


def replay(items: Sequence[Item], points: tuple[int, ...] = DEFAULT_POINTS, workdir: Path | None = None,
           learning: bool = True) -> list[Row]:
    """The simulated reviewer rates `items` in order through a real database; after each point
    the hints are scored on the items not yet rated (whatever base model is in force)."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store = ReviewStore(Path(tmp) / "db")
        try:
            first = {item.key: item.reply for item in items}  # one reply per key, in order
            ids = {key: rid for key, (rid, _how) in zip(first, store.add_replies(first.values()), strict=True)}
            rows: list[Row] = []
            done = 0
            for point in points:
                point = min(point, len(items))
                for item in items[done:point]:
                    store.set_rating(ids[item.key], REVIEWER, item.index, item.rating)
                done = point
                service = HintService(store, REVIEWER, learning=learning)
                row = Row(point)
                for item in items[point:]:
                    reply = store.get_reply(ids[item.key])
                    suggestion = reply.suggestions[item.index - 1]
                    hint = service.suggest(reply, suggestion)
                    right = hint is not None and hint.rating == item.rating
                    row.remaining += 1
                    row.sources.add(hint.source if hint else "none")
                    row.learned_right += right
                    if hint is not None and hint.confident:
                        row.confident_shown += 1
                        row.confident_right += right
                    plain = suggest_rating(reply, suggestion)
                    plain_right = plain is not None and plain.rating == item.rating
                    row.rules_right += plain_right
                    strict_rules = suggest_rating(reply, suggestion, strict=True)
                    row.strict_rules_right += strict_rules is not None and strict_rules.rating == item.rating
                    tally = row.per_class.setdefault(item.rating.value, [0, 0, 0])
                    tally[0] += right
                    tally[1] += plain_right
                    tally[2] += 1
                    if item.rating != item.default:
                        row.lean_cases += 1
                        row.lean_learned_right += right
                        row.lean_rules_right += plain_right
                rows.append(row)
            return rows
        finally:
            store.close()


def run(fixtures: Path = DEFAULT_FIXTURES, points: tuple[int, ...] = DEFAULT_POINTS, strict: bool = True,
        workdir: Path | None = None, base: str = "crossfit", folds: int = FOLDS,
        crossfitted: CrossFitted | None = None, items: list[Item] | None = None,
        order_seed: int | None = None) -> list[Row]:
    """The fixture replay. `base` "crossfit" (honest: every base hint from a model not trained on
    its suggestion; `crossfitted` reuses models already trained for the same fixtures, `items`
    the replay's ratings already read by fixture_items) or "bundled" (the shipped model, in-sample).
    `order_seed`: the replies rated in a shuffled order (shuffled_replies; the cross-fitting groups
    are those of the name order)."""
    if base not in BASES:
        raise ValueError(f"unknown base {base!r}; known: {', '.join(BASES)}")
    items = items if items is not None else fixture_items(Path(fixtures), strict)
    order = items if order_seed is None else shuffled_replies(items, order_seed)
    if base == "bundled":
        return replay(order, points, workdir)
    models = crossfitted or crossfit_fixture_models(items, Path(fixtures), folds)
    with base_model_as(models):
        return replay(order, points, workdir)


CLASS_SHORT = {"adopted": "A", "partially_adopted": "P", "explained": "E"}


def format_rows(rows: list[Row], strict: bool, title: str = "") -> str:
    who = "strict reviewer (vague promise alone = explained)" if strict else "default reviewer"
    lines = [
        f"learning curve{' (' + title + ')' if title else ''}: {who}; the tool keeps the default rubric and learns",
        "ratings  remaining  hints (source)          confident right      no learning  rules, strict setting"
        "  the reviewer's lean: hints / no learning  by class (hints / no learning)",
    ]
    for r in rows:
        source = "/".join(sorted(r.sources))
        conf = f"{r.confident_right}/{r.confident_shown} {r.pct(r.confident_right, r.confident_shown)}"
        classes = "  ".join(f"{CLASS_SHORT.get(c, c)} {t[0]}/{t[1]} of {t[2]}"
                            for c, t in sorted(r.per_class.items(), key=lambda x: list(CLASS_SHORT).index(x[0])))
        lines.append(
            f"{r.rated:7d}  {r.remaining:9d}  {r.pct(r.learned_right)} ({source:<8})    {conf:<19}  "
            f"{r.pct(r.rules_right)}       {r.pct(r.strict_rules_right)}"
            f"       {r.lean_learned_right}/{r.lean_cases} / {r.lean_rules_right}/{r.lean_cases}"
            f"      {classes}"
        )
    return "\n".join(lines) + "\n"


def parse_points(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(p) for p in text.split(",") if p.strip()}))


def main(argv: list[str] | None = None) -> int:
    prog = "python -m cppcc_review.store.aids.learning_curve"
    parser = argparse.ArgumentParser(prog=prog, description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--fixtures", metavar="DIR", default=str(DEFAULT_FIXTURES), help="folder of *.expected.yaml")
    parser.add_argument("--reviewer", choices=["strict", "default"], default="strict",
                        help="which hand ratings the simulated reviewer gives (default: strict)")
    parser.add_argument("--points", default=",".join(map(str, DEFAULT_POINTS)),
                        help="numbers of ratings after which to measure (default: 0,20,50,100)")
    parser.add_argument("--base", choices=BASES, default="crossfit",
                        help="crossfit (default): base hints from models not trained on the replayed "
                             "suggestion; bundled: the shipped model (in-sample)")
    parser.add_argument("--folds", type=int, default=FOLDS, help=f"cross-fitting groups (default {FOLDS})")
    parser.add_argument("--order-seed", type=int, metavar="N", default=None,
                        help="rate the replies in a shuffled order (seed N; default: name order)")
    args = parser.parse_args(argv)
    try:
        points = parse_points(args.points)
    except ValueError:
        print(f"{prog}: error: --points: not a list of numbers: {args.points!r}", file=sys.stderr)
        return 2
    fixtures = Path(args.fixtures)
    if not fixtures.is_dir():
        print(f"{prog}: error: {fixtures}: not a folder", file=sys.stderr)
        return 1
    if args.folds < 2:
        print(f"{prog}: error: --folds: at least 2", file=sys.stderr)
        return 2
    rows = run(fixtures, points, strict=args.reviewer == "strict", base=args.base, folds=args.folds,
               order_seed=args.order_seed)
    title = f"{args.folds}-fold cross-fitted base model" if args.base == "crossfit" else "bundled model, in-sample"
    if args.order_seed is not None:
        title += f", replies in shuffled order (seed {args.order_seed})"
    sys.stdout.write(format_rows(rows, args.reviewer == "strict", title))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
