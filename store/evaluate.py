"""How good are the suggested ratings? `python -m store.evaluate [--fixtures DIR]`.

Compares `store.hints.suggest_rating` with the `hand_rating` of every suggestion in
`fixtures/*.expected.yaml` and prints, for the tuning set and the held-out set
separately, the accuracy, the majority-class baseline and a confusion matrix.

The split is fixed and does not depend on the files' contents: a fixture (named by its
file name without `.expected.yaml`) is held out when

    int(sha256(name.encode("utf-8")).hexdigest(), 16) % 3 == 0

which holds out about a third of the fixtures, and keeps a fixture in the same set
whatever other fixtures are added. The cue lists in store/cues.py were only ever
adjusted while looking at the tuning set; the held-out figures are the honest ones.

By default each reply is rebuilt from its expected parse (so the figures measure the
hints, not the parser); `--via-parser` parses the .txt files instead and matches
suggestions by index.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from store.hints import SCHEMES, suggest_rating
from store.model import Rating, Reply

DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECTED_SUFFIX = ".expected.yaml"
TUNING, HELD_OUT = "tuning", "held_out"
RATINGS = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
_SHORT = {Rating.ADOPTED: "adopted", Rating.PARTIALLY_ADOPTED: "partial", Rating.EXPLAINED: "explained", None: "(none)"}


def split_of(name: str) -> str:
    """TUNING or HELD_OUT for a fixture name (file name without .expected.yaml)."""
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16)
    return HELD_OUT if digest % 3 == 0 else TUNING


@dataclass
class Case:
    fixture: str
    index: int
    hand: Rating
    suggested: Rating | None
    confidence: float
    explanation: str


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
        rating, n = Counter(c.hand for c in self.cases).most_common(1)[0]
        return rating, n / len(self.cases)

    def confusion(self) -> dict[Rating, Counter]:
        table: dict[Rating, Counter] = {r: Counter() for r in RATINGS}
        for c in self.cases:
            table[c.hand][c.suggested] += 1
        return table


def _reply_from_expected(data: dict) -> Reply:
    data = dict(data)
    data["suggestions"] = [{k: v for k, v in s.items() if k != "hand_rating"} for s in data.get("suggestions") or []]
    return Reply.from_dict(data)


def load_cases(expected: Path, scheme: str, via_parser: bool) -> list[Case]:
    name = expected.name[: -len(EXPECTED_SUFFIX)]
    data = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
    hand = {int(s["index"]): Rating(s["hand_rating"]) for s in data.get("suggestions") or [] if s.get("hand_rating")}
    if via_parser:
        from store.extract import extract_file
        from store.parser import parse_reply

        sources = sorted(p for p in expected.parent.glob(name + ".*") if not p.name.endswith(EXPECTED_SUFFIX))
        text, _src = extract_file(sources[0])
        reply = parse_reply(text)
    else:
        reply = _reply_from_expected(data)
    by_index = {s.index: s for s in reply.suggestions}
    cases = []
    for index, rating in sorted(hand.items()):
        suggestion = by_index.get(index)
        hint = suggest_rating(reply, suggestion, scheme) if suggestion is not None else None
        cases.append(
            Case(name, index, rating, hint.rating if hint else None, hint.confidence if hint else 0.0,
                 hint.explain() if hint else "")
        )
    return cases


def evaluate(fixtures: Path = DEFAULT_FIXTURES, scheme: str = "default", via_parser: bool = False) -> dict[str, SplitResult]:
    results = {TUNING: SplitResult(TUNING), HELD_OUT: SplitResult(HELD_OUT)}
    for expected in sorted(Path(fixtures).glob("*" + EXPECTED_SUFFIX)):
        name = expected.name[: -len(EXPECTED_SUFFIX)]
        split = results[split_of(name)]
        cases = load_cases(expected, scheme, via_parser)
        if cases:
            split.fixtures.append(name)
            split.cases.extend(cases)
    return results


def format_split(result: SplitResult) -> str:
    lines = [f"== {result.name}: {len(result.fixtures)} fixtures, {len(result.cases)} suggestions"]
    if not result.cases:
        lines.append("   (no rated suggestions)")
        return "\n".join(lines)
    majority, base = result.majority
    lines.append(f"accuracy {result.correct}/{len(result.cases)} = {result.accuracy:.1%}")
    lines.append(f"baseline (always {_SHORT[majority]}) = {base:.1%}")
    columns = RATINGS + [None]
    width = 11
    lines.append("hand \\ suggested".ljust(18) + "".join(_SHORT[c].rjust(width) for c in columns))
    table = result.confusion()
    for hand in RATINGS:
        row = table[hand]
        lines.append(_SHORT[hand].ljust(18) + "".join(str(row.get(c, 0)).rjust(width) for c in columns))
    return "\n".join(lines)


def format_report(results: dict[str, SplitResult], verbose: bool = False, show_held_out: bool = False) -> str:
    """Both tables; with `verbose`, every tuning case (and held-out ones only with
    `show_held_out`: reading them while adjusting cues would defeat the held-out set)."""
    parts = []
    for key in (TUNING, HELD_OUT):
        parts.append(format_split(results[key]))
        if verbose and (key == TUNING or show_held_out):
            for c in results[key].cases:
                mark = "ok " if c.suggested == c.hand else "XX "
                parts.append(f"  {mark}{c.fixture}#{c.index}: hand {_SHORT[c.hand]}, suggested {_SHORT[c.suggested]}  {c.explanation}")
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", metavar="DIR", default=str(DEFAULT_FIXTURES), help="folder of *.expected.yaml")
    parser.add_argument("--scheme", default="default", choices=sorted(SCHEMES), help="result-label scheme")
    parser.add_argument("--via-parser", action="store_true", help="parse the fixture texts instead of using the expected parses")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every tuning suggestion with the hint's explanation")
    parser.add_argument("--show-held-out", action="store_true", help="with --verbose, list the held-out suggestions too")
    args = parser.parse_args(argv)
    fixtures = Path(args.fixtures)
    if not fixtures.is_dir():
        print(f"python -m store.evaluate: error: {fixtures}: not a folder", file=sys.stderr)
        return 1
    results = evaluate(fixtures, args.scheme, args.via_parser)
    if not results[TUNING].cases and not results[HELD_OUT].cases:
        print(f"python -m store.evaluate: error: {fixtures}: no *.expected.yaml with hand_rating", file=sys.stderr)
        return 1
    sys.stdout.write(format_report(results, args.verbose, args.show_held_out))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
