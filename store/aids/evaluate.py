"""How good are the suggested ratings? `python -m cppcc_review.store.aids.evaluate [--fixtures DIR]`.

Compares `cppcc_review.store.aids.hints.suggest_rating` with the `hand_rating` of every suggestion in
`fixtures/*.expected.yaml` and prints, for the FRESH set (the headline) and the
DEVELOPMENT set separately: accuracy, the majority-class baseline, Cohen's kappa, a
confusion matrix, how often the hints shown as confident are right, and the accuracy
the hints would have on other class mixes.

The split is frozen in `fixtures/evaluation-split.yaml` (see the rule written there): a
fixture is fresh only if it was hand-rated before the rules were ever run on it and no
cue changed after the tool was first run on it. Fixtures the file does not list count
as development. The cues were only ever tuned on the development set.

By default each reply is rebuilt from its expected parse (so the figures measure the
hints, not the parser); `--via-parser` parses the .txt files instead and matches
suggestions by index. `--strict` rates with the strict variant of the rubric (a vague
promise alone is explained) against the strict hand ratings of
`fixtures/strict-ratings.yaml`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...samples import FIXTURES_DIR
from ..model import Rating, Reply
from ..reading.extract import extract_file
from ..reading.parser import parse_reply
from .hints import BASE_BLEND, BASES, SCHEMES, suggest_rating

# The bundled samples wherever they are installed (fixtures/ in the source tree).
DEFAULT_FIXTURES = FIXTURES_DIR
EXPECTED_SUFFIX = ".expected.yaml"
SPLIT_FILE = "evaluation-split.yaml"
STRICT_FILE = "strict-ratings.yaml"
FRESH, DEVELOPMENT = "fresh", "development"
RATINGS = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
_SHORT = {Rating.ADOPTED: "adopted", Rating.PARTIALLY_ADOPTED: "partial", Rating.EXPLAINED: "explained", None: "(none)"}
# A class mix: one class makes up this share, the other two the rest in equal parts.
MIX_SHARE = 0.6


def load_split(fixtures: Path) -> dict[str, tuple[str, str]]:
    """fixture name -> (FRESH or DEVELOPMENT, batch) from evaluation-split.yaml. A fresh batch
    with `development_since` (the hints changed after its one measure) counts as development: its
    first measure stays on record in the file, its fixtures no longer measure unseen text."""
    path = Path(fixtures) / SPLIT_FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, tuple[str, str]] = {name: (DEVELOPMENT, DEVELOPMENT) for name in data.get(DEVELOPMENT) or []}
    for batch in data.get(FRESH) or []:
        for name in batch.get("fixtures") or []:
            if name in out:
                raise ValueError(f"{path}: {name} is listed as both development and fresh")
            out[name] = (DEVELOPMENT if batch.get("development_since") else FRESH, str(batch.get("batch", FRESH)))
    return out


def split_of(name: str, fixtures: Path = DEFAULT_FIXTURES) -> str:
    """FRESH or DEVELOPMENT for a fixture name (unlisted fixtures are development)."""
    return load_split(fixtures).get(name, (DEVELOPMENT, ""))[0]


def load_strict(fixtures: Path) -> dict[str, dict[int, Rating]]:
    """fixture -> {index: strict rating} for the suggestions whose strict rating differs."""
    path = Path(fixtures) / STRICT_FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: {int(i): Rating(r) for i, r in (per or {}).items()} for name, per in data.items()}


@dataclass
class Case:
    fixture: str
    index: int
    hand: Rating
    suggested: Rating | None
    confidence: float
    confident: bool
    explanation: str
    path: str = ""


@dataclass
class SplitResult:
    name: str
    fixtures: list[str] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(1 for c in self.cases if c.suggested == c.hand)

    @property
    def accuracy(self) -> float:
        return self.correct / len(self.cases) if self.cases else 0.0

    @property
    def majority(self) -> tuple[Rating | None, float]:
        """The most frequent hand rating and the accuracy of always predicting it."""
        if not self.cases:
            return None, 0.0
        counts = Counter(c.hand for c in self.cases)
        rating = max(RATINGS, key=lambda r: (counts.get(r, 0), -RATINGS.index(r)))
        return rating, counts[rating] / len(self.cases)

    @property
    def kappa(self) -> float:
        """Cohen's kappa between the hand ratings and the hints ("no hint" is a category)."""
        n = len(self.cases)
        if not n:
            return 0.0
        hand = Counter(c.hand for c in self.cases)
        sugg = Counter(c.suggested for c in self.cases)
        expected = sum(hand[k] * sugg.get(k, 0) for k in hand) / (n * n)
        if expected >= 1.0:
            return 1.0 if self.accuracy == 1.0 else 0.0
        return (self.accuracy - expected) / (1.0 - expected)

    def confident_stats(self) -> tuple[int, int]:
        """(right, shown) over the hints shown as confident."""
        shown = [c for c in self.cases if c.confident]
        return sum(1 for c in shown if c.suggested == c.hand), len(shown)

    def recall(self, rating: Rating) -> float | None:
        cases = [c for c in self.cases if c.hand == rating]
        return sum(1 for c in cases if c.suggested == rating) / len(cases) if cases else None

    def mixes(self) -> list[tuple[str, float, float]]:
        """(mix, expected accuracy of the hints, majority baseline) for a balanced mix and
        for each class at MIX_SHARE of the suggestions, from the per-class recalls."""
        found = {r: self.recall(r) for r in RATINGS}
        recalls = {r: v for r, v in found.items() if v is not None}
        if len(recalls) < len(found):  # a class without cases
            return []
        out = [("balanced", sum(recalls.values()) / 3, 1 / 3)]
        rest = (1 - MIX_SHARE) / 2
        for major in RATINGS:
            acc = sum((MIX_SHARE if r == major else rest) * recalls[r] for r in RATINGS)
            out.append((f"{_SHORT[major]} {MIX_SHARE:.0%}", acc, MIX_SHARE))
        return out

    def confusion(self) -> dict[Rating, Counter]:
        table: dict[Rating, Counter] = {r: Counter() for r in RATINGS}
        for c in self.cases:
            table[c.hand][c.suggested] += 1
        return table


def _reply_from_expected(data: dict) -> Reply:
    data = dict(data)
    data["suggestions"] = [{k: v for k, v in s.items() if k != "hand_rating"} for s in data.get("suggestions") or []]
    return Reply.from_dict(data)


def load_cases(expected: Path, scheme: str, via_parser: bool, strict: bool = False,
               strict_ratings: dict[str, dict[int, Rating]] | None = None, base: str = BASE_BLEND) -> list[Case]:
    name = expected.name[: -len(EXPECTED_SUFFIX)]
    data = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
    hand = {int(s["index"]): Rating(s["hand_rating"]) for s in data.get("suggestions") or [] if s.get("hand_rating")}
    if strict:
        hand.update((strict_ratings or {}).get(name, {}))
    if via_parser:
        sources = sorted(p for p in expected.parent.glob(name + ".*") if not p.name.endswith(EXPECTED_SUFFIX))
        text, _src = extract_file(sources[0])
        reply = parse_reply(text)
    else:
        reply = _reply_from_expected(data)
    by_index = {s.index: s for s in reply.suggestions}
    cases = []
    for index, rating in sorted(hand.items()):
        suggestion = by_index.get(index)
        hint = suggest_rating(reply, suggestion, scheme, strict=strict, base=base) if suggestion is not None else None
        cases.append(
            Case(name, index, rating, hint.rating if hint else None, hint.confidence if hint else 0.0,
                 bool(hint and hint.confident), hint.explain() if hint else "", hint.path if hint else "")
        )
    return cases


def evaluate(fixtures: Path = DEFAULT_FIXTURES, scheme: str = "default", via_parser: bool = False,
             strict: bool = False, only: str | None = None, base: str = BASE_BLEND) -> dict[str, SplitResult]:
    """Both sets (or only one: the other is left empty and its fixtures are not run).
    `base` "blend" measures the shipped hints (whose bundled model was TRAINED on these
    fixtures: in-sample), "rules" the rules alone."""
    fixtures = Path(fixtures)
    split = load_split(fixtures)
    strict_ratings = load_strict(fixtures) if strict else None
    results = {FRESH: SplitResult(FRESH), DEVELOPMENT: SplitResult(DEVELOPMENT)}
    for expected in sorted(fixtures.glob("*" + EXPECTED_SUFFIX)):
        name = expected.name[: -len(EXPECTED_SUFFIX)]
        which = split.get(name, (DEVELOPMENT, ""))[0]
        if only is not None and which != only:
            continue
        cases = load_cases(expected, scheme, via_parser, strict, strict_ratings, base)
        if cases:
            results[which].fixtures.append(name)
            results[which].cases.extend(cases)
    return results


def format_split(result: SplitResult) -> str:
    title = "FRESH (headline: the rules never saw these)" if result.name == FRESH else "development (the rules were tuned on these)"
    lines = [f"== {result.name}: {len(result.fixtures)} fixtures, {len(result.cases)} suggestions — {title}"]
    if not result.cases:
        if result.name == FRESH:
            lines.append("   (no fresh fixtures: every batch written so far was measured once, then tuned on or the hints changed;\n"
                         "    the unseen measure of these rules is on private real replies: see below and\n"
                         "    fixtures/evaluation-split.yaml, `real:`)")
        else:
            lines.append("   (no rated suggestions)")
        return "\n".join(lines)
    majority, base = result.majority
    lines.append(f"accuracy {result.correct}/{len(result.cases)} = {result.accuracy:.1%}")
    lines.append(f"baseline (always {_SHORT[majority]}) = {base:.1%}")
    lines.append(f"Cohen's kappa = {result.kappa:.2f}")
    right, shown = result.confident_stats()
    weak = len(result.cases) - shown
    weak_right = result.correct - right
    conf = f"{right}/{shown} = {right / shown:.1%}" if shown else "none shown"
    weak_line = f"{weak_right}/{weak} = {weak_right / weak:.1%}" if weak else "none"
    lines.append(f"confident hints right {conf}; weak hints right {weak_line}")
    columns = [*RATINGS, None]
    width = 11
    lines.append("hand \\ suggested".ljust(18) + "".join(_SHORT[c].rjust(width) for c in columns))
    table = result.confusion()
    for hand in RATINGS:
        row = table[hand]
        lines.append(_SHORT[hand].ljust(18) + "".join(str(row.get(c, 0)).rjust(width) for c in columns))
    mixes = result.mixes()
    if mixes:
        lines.append("class mix          hints   baseline")
        for mix, acc, base_mix in mixes:
            mark = "" if acc > base_mix else "   <- not above the baseline"
            lines.append(f"{mix:<18}{acc:6.1%}   {base_mix:6.1%}{mark}")
    return "\n".join(lines)


def real_measures(fixtures: Path) -> list[dict]:
    """The measures on private collections of real replies recorded in the split file
    (`real:`), newest last; the figures are as recorded, the texts are not in git."""
    path = Path(fixtures) / SPLIT_FILE
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [b for b in data.get("real") or [] if isinstance(b, dict)]


def format_real(batches: list[dict]) -> str:
    lines = ["== real replies (private collections, figures as recorded at their first run)"]
    for b in batches:
        state = "development since: " + str(b["development_since"]) if b.get("development_since") else "unseen by the rules"
        lines.append(f"{b.get('batch')}: {b.get('accuracy')} (baseline {b.get('baseline')}), kappa {b.get('kappa')}, "
                     f"confident {b.get('confident')}; measured at {b.get('measured_at')}; {state}")
    return "\n".join(lines)


def format_report(results: dict[str, SplitResult], verbose: bool = False, show_fresh: bool = False) -> str:
    """Both tables, fresh first; with `verbose`, every development case (and the fresh
    ones only with `show_fresh`: reading them while adjusting cues would spoil them)."""
    parts = []
    for key in (FRESH, DEVELOPMENT):
        parts.append(format_split(results[key]))
        if verbose and (key == DEVELOPMENT or show_fresh):
            for c in results[key].cases:
                mark = "ok " if c.suggested == c.hand else "XX "
                conf = "confident" if c.confident else "weak"
                parts.append(f"  {mark}{c.fixture}#{c.index}: hand {_SHORT[c.hand]}, suggested {_SHORT[c.suggested]} "
                             f"({conf} {c.confidence:.2f}, {c.path})  {c.explanation}")
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cppcc_review.store.aids.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", metavar="DIR", default=str(DEFAULT_FIXTURES), help="folder of *.expected.yaml")
    parser.add_argument("--scheme", default="default", choices=sorted(SCHEMES), help="result-label scheme")
    parser.add_argument("--strict", action="store_true",
                        help="the strict rubric (vague promise alone = explained) against the strict hand ratings")
    parser.add_argument("--only", choices=[FRESH, DEVELOPMENT], help="evaluate one set only")
    parser.add_argument("--base", choices=BASES, default=BASE_BLEND,
                        help="blend (the shipped hints; their model was trained on the fixtures) or the rules alone")
    parser.add_argument("--via-parser", action="store_true", help="parse the fixture texts instead of using the expected parses")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every development suggestion with the hint's explanation")
    parser.add_argument("--show-fresh", action="store_true", help="with --verbose, list the fresh suggestions too")
    args = parser.parse_args(argv)
    fixtures = Path(args.fixtures)
    if not fixtures.is_dir():
        print(f"python -m cppcc_review.store.aids.evaluate: error: {fixtures}: not a folder", file=sys.stderr)
        return 1
    try:
        results = evaluate(fixtures, args.scheme, args.via_parser, args.strict, args.only, args.base)
    except (ValueError, yaml.YAMLError) as exc:
        print(f"python -m cppcc_review.store.aids.evaluate: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    if not results[FRESH].cases and not results[DEVELOPMENT].cases:
        print(f"python -m cppcc_review.store.aids.evaluate: error: {fixtures}: no *.expected.yaml with hand_rating", file=sys.stderr)
        return 1
    sys.stdout.write(format_report(results, args.verbose, args.show_fresh))
    real = real_measures(fixtures)
    if real and args.only != DEVELOPMENT:
        sys.stdout.write("\n" + format_real(real) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
