"""Measure the reading aids on a private folder of real replies (never in git).

    python scripts/measure_real_aids.py hints  FOLDER RATINGS.yaml [--only dev|held-out]
    python scripts/measure_real_aids.py checks FOLDER [--only dev|held-out] [--judged JUDGED.yaml]

FOLDER holds rNNN.txt (and rNNN.expected.yaml with `is_reply`, as collected for issue
12); the split is by number: r001-r035 development, r036 on held-out.

`hints` compares the suggested ratings with hand ratings written before the tool ran
(RATINGS.yaml: reply -> {suggestion index: rating}, or {single: rating} when the parser
fails on the text and the whole reply is read as one suggestion; null = not rated).

`checks` lists every finding (to be judged by hand) and, with --judged, the precision:
JUDGED.yaml maps reply -> list of {kind, suggestion, excerpt, verdict} with verdict
real / false / not_judgeable (a part cut off by the page excerpt, say).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.checks import check_reply  # noqa: E402
from store.errors import StoreError  # noqa: E402
from store.extract import extract_file  # noqa: E402
from store.hints import suggest_rating  # noqa: E402
from store.model import Rating, Reply, Suggestion  # noqa: E402
from store.parser import parse_reply  # noqa: E402

HELD_OUT_FROM = 36
SHORT = {Rating.ADOPTED: "A", Rating.PARTIALLY_ADOPTED: "P", Rating.EXPLAINED: "E", None: "-"}


def replies(folder: Path, only: str | None):
    for path in sorted(folder.glob("r[0-9]*.txt")):
        number = int(path.stem[1:])
        which = "held-out" if number >= HELD_OUT_FROM else "dev"
        if only and which != only:
            continue
        expected = path.with_suffix(".expected.yaml")
        meta = yaml.safe_load(expected.read_text(encoding="utf-8")) if expected.exists() else {}
        if meta and meta.get("is_reply") is False:
            continue
        text, _src = extract_file(path)
        try:
            reply = parse_reply(text)
        except StoreError:
            reply = None
        yield path.stem, which, text, reply, meta or {}


def kappa(pairs: list[tuple[Rating, Rating | None]]) -> float:
    n = len(pairs)
    hand = Counter(h for h, _s in pairs)
    sugg = Counter(s for _h, s in pairs)
    po = sum(1 for h, s in pairs if h == s) / n
    pe = sum(hand[k] * sugg.get(k, 0) for k in hand) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 0.0


def cmd_hints(args) -> int:
    ratings = yaml.safe_load(Path(args.ratings).read_text(encoding="utf-8")) or {}
    by_split: dict[str, list] = {"dev": [], "held-out": []}
    for name, which, text, reply, _meta in replies(Path(args.folder), args.only):
        mine = ratings.get(name) or {}
        if "single" in mine:
            body = reply.text if reply is not None else text
            reply = Reply(text=body, suggestions=[Suggestion(1, None, body)])
            mine = {1: mine["single"]}
        if reply is None:
            continue
        for index, rating in sorted(mine.items()):
            if rating is None or index > len(reply.suggestions):
                continue
            hint = suggest_rating(reply, reply.suggestions[index - 1], strict=args.strict)
            row = (Rating(rating), hint.rating if hint else None, bool(hint and hint.confident), hint.path if hint else "")
            by_split[which].append((name, index, *row))
            if args.verbose:
                mark = "ok" if row[0] == row[1] else "XX"
                print(f"{mark} {name}#{index}: hand {SHORT[row[0]]} hint {SHORT[row[1]]} "
                      f"{'confident' if row[2] else 'weak'} {row[3]}")
    for which, rows in by_split.items():
        if not rows:
            continue
        n = len(rows)
        right = sum(1 for r in rows if r[2] == r[3])
        conf = [r for r in rows if r[4]]
        conf_right = sum(1 for r in conf if r[2] == r[3])
        hand = Counter(r[2] for r in rows)
        major, major_n = hand.most_common(1)[0]
        print(f"== {which}: {n} suggestions: hints right {right}/{n} = {right / n:.1%}; "
              f"baseline (always {SHORT[major]}) {major_n / n:.1%}; kappa {kappa([(r[2], r[3]) for r in rows]):.2f}; "
              f"confident right {conf_right}/{len(conf)}")
        table = Counter((r[2], r[3]) for r in rows)
        print("hand\\hint   A   P   E   -")
        for h in (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED):
            print(f"{SHORT[h]:<9}" + "".join(f"{table.get((h, s), 0):4d}" for s in
                                          (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED, None)))
    return 0


def cmd_checks(args) -> int:
    judged = yaml.safe_load(Path(args.judged).read_text(encoding="utf-8")) if args.judged else None
    verdicts: Counter = Counter()
    by_kind: dict[str, Counter] = {}
    unjudged = 0
    for name, which, _text, reply, meta in replies(Path(args.folder), args.only):
        if reply is None:
            print(f"{name} ({which}): not parsed")
            continue
        findings = check_reply(reply, today=args.today)
        cut = " (page excerpt cut off)" if meta.get("complete") is False else ""
        print(f"{name} ({which}){cut}: {len(findings)} finding(s)")
        judged_here = (judged or {}).get(name) or []
        for f in findings:
            verdict = next((j["verdict"] for j in judged_here
                            if j["kind"] == f.kind and j.get("suggestion") == f.suggestion
                            and j.get("excerpt", "") == f.excerpt), None)
            print(f"  - {{kind: {f.kind}, suggestion: {f.suggestion}, excerpt: {f.excerpt!r}, "
                  f"verdict: {verdict}}}  # {f.severity}: {f.message}")
            if judged is not None:
                if verdict is None:
                    unjudged += 1
                else:
                    verdicts[verdict] += 1
                    by_kind.setdefault(f.kind, Counter())[verdict] += 1
    if judged is not None:
        real, false = verdicts["real"], verdicts["false"]
        judgeable = real + false
        share = f"{real / judgeable:.1%}" if judgeable else "-"
        print(f"== precision: {real} real / {judgeable} judgeable = {share}; "
              f"not judgeable {verdicts['not_judgeable']}; not yet judged {unjudged}")
        for kind, c in sorted(by_kind.items()):
            print(f"   {kind}: real {c['real']}, false {c['false']}, not judgeable {c['not_judgeable']}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("hints")
    h.add_argument("folder")
    h.add_argument("ratings")
    h.add_argument("--only", choices=["dev", "held-out"])
    h.add_argument("--strict", action="store_true")
    h.add_argument("-v", "--verbose", action="store_true")
    c = sub.add_parser("checks")
    c.add_argument("folder")
    c.add_argument("--only", choices=["dev", "held-out"])
    c.add_argument("--judged")
    c.add_argument("--today", default="2026-12-01")
    args = parser.parse_args()
    return cmd_hints(args) if args.cmd == "hints" else cmd_checks(args)


if __name__ == "__main__":
    sys.exit(main())
