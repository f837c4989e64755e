"""Measure the reading aids on a private folder of real replies (never in git).

    python scripts/measure_real_aids.py hints  FOLDER RATINGS.yaml [--only dev|held-out]
                                               [--held-out-from N] [--strict] [--base blend|rules|model] [-v]
                                               [--record OUT.yaml]
    python scripts/measure_real_aids.py checks FOLDER [--only dev|held-out] [--held-out-from N] [--judged JUDGED.yaml] [--vague]

FOLDER holds xNNN.txt, any one-letter prefix (rNNN as collected for issue 12, fNNN for
the second collection), and xNNN.expected.yaml with `is_reply` (texts that are no reply
are skipped); the split is by number: below --held-out-from (default 36: r001-r035)
development, from it on held-out; `--held-out-from 0` counts every text as held-out (a
collection no rule was ever tuned on, such as /work/realdata/fresh2).

`hints` compares the suggested ratings with hand ratings written before the tool ran
(RATINGS.yaml: reply -> {suggestion index: rating}, or {single: rating} when the parser
fails on the text and the whole reply is read as one suggestion; null = not rated; or
`default:` and `strict:` maps of that form, the strict one listing only the ratings that
differ, used with --strict).

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

from cppcc_review.store.aids.checks import check_reply  # noqa: E402
from cppcc_review.store.aids.hints import suggest_rating  # noqa: E402
from cppcc_review.store.errors import StoreError  # noqa: E402
from cppcc_review.store.model import Rating, Reply, Suggestion  # noqa: E402
from cppcc_review.store.reading.extract import extract_file  # noqa: E402
from cppcc_review.store.reading.parser import parse_reply  # noqa: E402

HELD_OUT_FROM = 36
SHORT = {Rating.ADOPTED: "A", Rating.PARTIALLY_ADOPTED: "P", Rating.EXPLAINED: "E", None: "-"}


def replies(folder: Path, only: str | None, held_out_from: int = HELD_OUT_FROM):
    for path in sorted(folder.glob("[a-z][0-9][0-9][0-9]*.txt")):
        if not path.stem[1:].isdigit():
            continue
        number = int(path.stem[1:])
        which = "held-out" if number >= held_out_from else "dev"
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


def load_ratings(path: Path, strict: bool = False) -> dict:
    """reply -> {index: rating}. A file with `default:` (and optionally `strict:`, the
    suggestions whose strict rating differs) holds both rubrics; with `strict`, the strict
    ratings replace the default ones. A flat file is the default ratings only."""
    return load_rating_file(path, strict)[0]


def load_rating_file(path: Path, strict: bool = False) -> tuple[dict, dict, bool]:
    """(ratings, whole, parse_rule): the ratings as load_ratings gives them; `whole:` (reply ->
    the rating of the whole reply, for replies of several answer sections) and whether the file
    pre-registers the parse rule (it has a `whole:` section: issue 13's fifth round on). The rule:
    where the parser finds a different number of suggestions than the ratings list, the reply
    is scored as one suggestion (`single`) with its `whole:` rating (the one rating where only
    one is listed)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data.get("default"), dict):
        return data, {}, False
    ratings = {name: dict(per or {}) for name, per in data["default"].items()}
    if strict:
        for name, per in (data.get("strict") or {}).items():
            ratings.setdefault(name, {}).update(per or {})
    return ratings, dict(data.get("whole") or {}), "whole" in data


def kappa(pairs: list[tuple[Rating, Rating | None]]) -> float:
    n = len(pairs)
    hand = Counter(h for h, _s in pairs)
    sugg = Counter(s for _h, s in pairs)
    po = sum(1 for h, s in pairs if h == s) / n
    pe = sum(hand[k] * sugg.get(k, 0) for k in hand) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 0.0


def rated_suggestions(folder: Path, only, held_out_from, ratings: dict, whole: dict | None = None,
                      parse_rule: bool = False, notes: list[str] | None = None):
    """(name, split, reply, index, hand rating) of every hand-rated suggestion of the
    replies in `folder`; a reply rated as a whole ("single") is read as one suggestion.
    With `parse_rule` (pre-registered with the ratings, fifth round on): where the parser
    finds a different number of suggestions than the ratings list (or fails), the reply is
    scored as `single` with its `whole:` rating, or its one rating when only one is listed;
    a reply of several listed answers with no `whole:` rating is left out (said in `notes`)."""
    for name, which, text, reply, _meta in replies(folder, only, held_out_from):
        mine = ratings.get(name) or {}
        if parse_rule and mine and "single" not in mine:
            parsed = len(reply.suggestions) if reply is not None else 0
            if parsed != len(mine):
                rating = (whole or {}).get(name) or (next(iter(mine.values())) if len(mine) == 1 else None)
                if notes is not None:
                    notes.append(f"{name}: the parser found {parsed} suggestion(s), the ratings list {len(mine)}: "
                                 + (f"scored single ({rating})" if rating else "no whole: rating, left out"))
                if rating is None:
                    continue
                mine = {"single": rating}
        if "single" in mine:
            body = reply.text if reply is not None else text
            reply = Reply(text=body, suggestions=[Suggestion(1, None, body)])
            mine = {1: mine["single"]}
        if reply is None:
            continue
        for index, rating in sorted(mine.items()):
            if rating is not None and index <= len(reply.suggestions):
                yield name, which, reply, index, rating


def cut_pages(folder: Path) -> set[str]:
    """The pages the collector marked, before any measure, as ending before the letter does (a web excerpt
    cut off: only the work described first is visible; a reviewer imports whole letters): `cut: true` in
    the xNNN.expected.yaml (read alone: no text is extracted or parsed for it)."""
    cut = set()
    for expected in sorted(folder.glob("[a-z][0-9][0-9][0-9]*.expected.yaml")):
        meta = yaml.safe_load(expected.read_text(encoding="utf-8"))
        if isinstance(meta, dict) and meta.get("cut") is True:
            cut.add(expected.name[: -len(".expected.yaml")])
    return cut


def score(args, base: str, strict: bool, cut: set[str], notes: list[str] | None = None) -> dict[str, list]:
    """The rows (name, index, hand, hint, confident, branch, cut page) of every rated suggestion, by split;
    `cut`: the names of the pages cut off (cut_pages)."""
    ratings, whole, rule = load_rating_file(Path(args.ratings), strict)
    rule = rule or args.parse_rule
    by_split: dict[str, list] = {"dev": [], "held-out": []}
    for name, which, reply, index, rating in rated_suggestions(
        Path(args.folder), args.only, args.held_out_from, ratings, whole, rule, notes
    ):
        suggestion = reply.suggestions[index - 1]
        if base == "model":  # the bundled model alone (for comparison; not shipped alone)
            from real_records import model_probabilities

            p = model_probabilities(reply, suggestion)
            row = (Rating(rating), max(p, key=p.get), False, "model")
        else:
            hint = suggest_rating(reply, suggestion, strict=strict, base=base)
            row = (Rating(rating), hint.rating if hint else None, bool(hint and hint.confident),
                   (hint.path + ("/model" if hint.source == "model" else "")) if hint else "")
        by_split[which].append((name, index, *row, name in cut))
    return by_split


def report(by_split: dict[str, list], title: str, verbose: bool) -> None:
    for which, rows in by_split.items():
        if not rows:
            continue
        if verbose:
            for r in rows:
                mark = "ok" if r[2] == r[3] else "XX"
                print(f"{mark} {r[0]}#{r[1]}: hand {SHORT[r[2]]} hint {SHORT[r[3]]} "
                      f"{'confident' if r[4] else 'weak'} {r[5]}" + (" (cut page)" if r[6] else ""))
        n = len(rows)
        right = sum(1 for r in rows if r[2] == r[3])
        conf = [r for r in rows if r[4]]
        conf_right = sum(1 for r in conf if r[2] == r[3])
        hand = Counter(r[2] for r in rows)
        major, major_n = hand.most_common(1)[0]
        weak_right = right - conf_right
        print(f"== {title}, {which}: {n} suggestions: hints right {right}/{n} = {right / n:.1%}; "
              f"baseline (always {SHORT[major]}) {major_n / n:.1%}; kappa {kappa([(r[2], r[3]) for r in rows]):.2f}; "
              f"confident right {conf_right}/{len(conf)}; weak right {weak_right}/{n - len(conf)}")
        for part, label in ((False, "whole letters"), (True, "pages cut before the letter ends")):
            sub = [r for r in rows if r[6] is part]
            if sub:
                print(f"   {label}: {sum(1 for r in sub if r[2] == r[3])}/{len(sub)}; "
                      f"kappa {kappa([(r[2], r[3]) for r in sub]):.2f}")
        table = Counter((r[2], r[3]) for r in rows)
        print("hand\\hint   A   P   E   -")
        for h in (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED):
            print(f"{SHORT[h]:<9}" + "".join(f"{table.get((h, s), 0):4d}" for s in
                                          (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED, None)))
        mixes = class_mixes(rows)
        if mixes:
            print("class mix      hints  baseline")
            for mix, acc, base in mixes:
                print(f"{mix:<14}{acc:6.1%}  {base:6.1%}" + ("" if acc > base else "  <- not above the baseline"))


def cmd_hints(args) -> int:
    """One base (--base blend|rules|model, --strict), or with --base all every measure of a
    new collection: the shipped hints (blend), the rules alone, the bundled model alone and
    the strict variant against the strict ratings."""
    if args.record and Path(args.record).exists():  # a record is the FIRST measure: never written over
        print(f"{args.record}: a record is already there (a record is written once, at the first measure)",
              file=sys.stderr)
        return 1
    runs = ([("blend", False), ("rules", False), ("model", False), ("rules", True)] if args.base == "all"
            else [(args.base, args.strict)])
    cut = cut_pages(Path(args.folder))
    for k, (base, strict) in enumerate(runs):
        notes: list[str] = []
        by_split = score(args, base, strict, cut, notes)
        if k == 0:
            for note in notes:
                print("parse rule: " + note)
        title = "strict variant vs strict ratings" if strict else {"blend": "shipped hints (blend)",
                                                                   "rules": "rules alone", "model": "bundled model alone"}[base]
        report(by_split, title, args.verbose)
    if args.record:
        write_record(args, cut)
    return 0


def write_record(args, cut: set[str]) -> None:
    """--record: the first-measure record of every scored suggestion, numbers only (scripts/real_records.py)."""
    import real_records

    path = Path(args.ratings)
    default, whole, rule = load_rating_file(path, strict=False)
    strict, _whole, _rule = load_rating_file(path, strict=True)
    rule = rule or args.parse_rule
    folder = Path(args.folder)
    strict_of = {(name, index): rating for name, _w, _reply, index, rating
                 in rated_suggestions(folder, args.only, args.held_out_from, strict, whole, rule)}
    rows = [(name, real_records.suggestion_record(reply, index, Rating(rating),
                                                  Rating(strict_of[(name, index)]) if strict_of.get((name, index))
                                                  else None, name in cut))
            for name, _which, reply, index, rating
            in rated_suggestions(folder, args.only, args.held_out_from, default, whole, rule)]
    collection = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("collection") or path.stem
    real_records.write_records(Path(args.record), collection, rows)
    print(f"record: {len(rows)} suggestions -> {args.record}")


def class_mixes(rows: list) -> list[tuple[str, float, float]]:
    """As cppcc_review.store.aids.evaluate: the expected accuracy on a balanced mix and with each class at
    60%, from the per-class recalls, against always answering the biggest class."""
    recalls = {}
    for h in (Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED):
        mine = [r for r in rows if r[2] == h]
        if not mine:
            return []
        recalls[h] = sum(1 for r in mine if r[3] == h) / len(mine)
    out = [("balanced", sum(recalls.values()) / 3, 1 / 3)]
    for major in recalls:
        acc = sum((0.6 if r == major else 0.2) * v for r, v in recalls.items())
        out.append((f"{SHORT[major]} 60%", acc, 0.6))
    return out


def cmd_checks(args) -> int:
    judged = yaml.safe_load(Path(args.judged).read_text(encoding="utf-8")) if args.judged else None
    verdicts: Counter = Counter()
    by_kind: dict[str, Counter] = {}
    unjudged = 0
    for name, which, _text, reply, meta in replies(Path(args.folder), args.only, args.held_out_from):
        if reply is None:
            print(f"{name} ({which}): not parsed")
            continue
        findings = check_reply(reply, today=args.today, vague=args.vague)
        # either mark of a cut page: the collector's `cut: true` (as the hints read it) or `complete: false`
        cut = " (page excerpt cut off)" if meta.get("cut") is True or meta.get("complete") is False else ""
        print(f"{name} ({which}){cut}: {len(findings)} finding(s)")
        judged_here = (judged or {}).get(name) or []
        for f in findings:
            verdict = next((j["verdict"] for j in judged_here
                            if j["kind"] == f.kind and j.get("suggestion") == f.suggestion
                            and j.get("excerpt", "") == f.excerpt), None)
            if verdict is False:  # an unquoted `verdict: false` is YAML's boolean (one judge wrote it so)
                verdict = "false"
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
        # missing_doc_no (info) is most of the findings on web copies: the figure without it too
        doc = by_kind.get("missing_doc_no", Counter())
        real_x, judgeable_x = real - doc["real"], judgeable - doc["real"] - doc["false"]
        print(f"== without missing_doc_no: {real_x} real / {judgeable_x} judgeable = "
              + (f"{real_x / judgeable_x:.1%}" if judgeable_x else "-"))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("hints")
    h.add_argument("folder")
    h.add_argument("ratings")
    h.add_argument("--only", choices=["dev", "held-out"])
    h.add_argument("--strict", action="store_true")
    h.add_argument("--base", choices=["blend", "rules", "model", "all"], default="blend",
                   help="the shipped hints (rules blended with the bundled model), the rules alone, the model "
                        "alone, or all of them and the strict variant (the measure of a new collection)")
    h.add_argument("--parse-rule", action="store_true",
                   help="apply the pre-registered parse rule even when the ratings file has no whole: section")
    h.add_argument("--held-out-from", type=int, default=HELD_OUT_FROM,
                   help="texts numbered from this on are held-out (0: all of them)")
    h.add_argument("-v", "--verbose", action="store_true")
    h.add_argument("--record", metavar="OUT.yaml",
                   help="also write the first-measure record (numbers only, no text): scripts/real_records.py")
    c = sub.add_parser("checks")
    c.add_argument("folder")
    c.add_argument("--only", choices=["dev", "held-out"])
    c.add_argument("--judged")
    c.add_argument("--vague", action="store_true", help="also the opt-in vague_response (check --vague)")
    c.add_argument("--today", default="2026-12-01")
    c.add_argument("--held-out-from", type=int, default=HELD_OUT_FROM,
                   help="texts numbered from this on are held-out (0: all of them, a collection never tuned on)")
    args = parser.parse_args()
    return cmd_hints(args) if args.cmd == "hints" else cmd_checks(args)


if __name__ == "__main__":
    sys.exit(main())
