"""Does the learned hint adapt to a reviewer? `python -m cppcc_review.store.aids.learning_curve`.

A simulated reviewer rates the fixtures' suggestions one after another, in the order of
the fixture names (as a reviewer works down an inbox), with the hand ratings of the
STRICT variant of the rubric (a vague promise alone is explained;
fixtures/strict-ratings.yaml) while the tool keeps the default rubric: the tool has to
learn the reviewer's lean from their ratings. After 0, 20, 50 and 100 ratings the hints
(`cppcc_review.store.aids.hint_learner.HintService`, trained on the ratings in a real database on disk)
are compared with the reviewer's ratings of the suggestions not yet rated.

For reference each row also shows the base hints with the default rubric (the rules
blended with the bundled model: what the reviewer gets with learning switched off) and with the strict setting (what they get if
they know to switch it on). `--reviewer default` replays the default hand ratings
instead (learning must not spoil the hints of a reviewer who rates as the rules do).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..db import ReviewStore
from ..model import Rating
from ..reading.extract import extract_file
from ..reading.parser import parse_reply
from .evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX, load_strict
from .hint_learner import HintService
from .hints import suggest_rating

DEFAULT_POINTS = (0, 20, 50, 100)
REVIEWER = "simulated"


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


def run(fixtures: Path = DEFAULT_FIXTURES, points: tuple[int, ...] = DEFAULT_POINTS, strict: bool = True,
        workdir: Path | None = None) -> list[Row]:
    sequence = load_sequence(Path(fixtures), strict)
    default = load_sequence(Path(fixtures), False)
    lean = {(p, i) for (p, i, r), (_p, _i, d) in zip(sequence, default, strict=True) if r != d}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store = ReviewStore(Path(tmp) / "db")
        try:
            ids: dict[Path, str] = {}
            for path in sorted({p for p, _i, _r in sequence}):
                text, _src = extract_file(path)
                ids[path] = store.add_reply(parse_reply(text))[0]
            items = [(ids[p], i, r, (p, i) in lean) for p, i, r in sequence]
            rows: list[Row] = []
            done = 0
            for point in points:
                point = min(point, len(items))
                for rid, index, rating, _lean in items[done:point]:
                    store.set_rating(rid, REVIEWER, index, rating)
                done = point
                service = HintService(store, REVIEWER, learning=True)
                row = Row(point)
                for rid, index, rating, leans in items[point:]:
                    reply = store.get_reply(rid)
                    suggestion = reply.suggestions[index - 1]
                    hint = service.suggest(reply, suggestion)
                    row.remaining += 1
                    row.sources.add(hint.source if hint else "none")
                    if hint is not None and hint.rating == rating:
                        row.learned_right += 1
                    if hint is not None and hint.confident:
                        row.confident_shown += 1
                        row.confident_right += hint.rating == rating
                    plain = suggest_rating(reply, suggestion)
                    row.rules_right += plain is not None and plain.rating == rating
                    strict_rules = suggest_rating(reply, suggestion, strict=True)
                    row.strict_rules_right += strict_rules is not None and strict_rules.rating == rating
                    if leans:
                        row.lean_cases += 1
                        row.lean_learned_right += hint is not None and hint.rating == rating
                        row.lean_rules_right += plain is not None and plain.rating == rating
                rows.append(row)
            return rows
        finally:
            store.close()


def format_rows(rows: list[Row], strict: bool) -> str:
    who = "strict reviewer (vague promise alone = explained)" if strict else "default reviewer"
    lines = [
        f"learning curve: {who}; the tool keeps the default rubric and learns",
        "ratings  remaining  hints (source)          confident right      no learning  rules, strict setting"
        "  the reviewer's lean: hints / no learning",
    ]
    for r in rows:
        source = "/".join(sorted(r.sources))
        conf = f"{r.confident_right}/{r.confident_shown} {r.pct(r.confident_right, r.confident_shown)}"
        lines.append(
            f"{r.rated:7d}  {r.remaining:9d}  {r.pct(r.learned_right)} ({source:<8})    {conf:<19}  "
            f"{r.pct(r.rules_right)}       {r.pct(r.strict_rules_right)}"
            f"       {r.lean_learned_right}/{r.lean_cases} / {r.lean_rules_right}/{r.lean_cases}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cppcc_review.store.aids.learning_curve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", metavar="DIR", default=str(DEFAULT_FIXTURES), help="folder of *.expected.yaml")
    parser.add_argument("--reviewer", choices=["strict", "default"], default="strict",
                        help="which hand ratings the simulated reviewer gives (default: strict)")
    parser.add_argument("--points", default=",".join(map(str, DEFAULT_POINTS)),
                        help="numbers of ratings after which to measure (default: 0,20,50,100)")
    args = parser.parse_args(argv)
    try:
        points = tuple(sorted({int(p) for p in args.points.split(",") if p.strip()}))
    except ValueError:
        print(f"python -m cppcc_review.store.aids.learning_curve: error: --points: not a list of numbers: {args.points!r}", file=sys.stderr)
        return 2
    fixtures = Path(args.fixtures)
    if not fixtures.is_dir():
        print(f"python -m cppcc_review.store.aids.learning_curve: error: {fixtures}: not a folder", file=sys.stderr)
        return 1
    rows = run(fixtures, points, strict=args.reviewer == "strict")
    sys.stdout.write(format_rows(rows, args.reviewer == "strict"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
