"""First-measure records: what the hints read on each hand-rated real suggestion, kept in git without its text.

    python scripts/measure_real_aids.py hints FOLDER RATINGS.yaml --held-out-from 0 --base all --parse-rule \\
        --record fixtures/real-records/real-fresh-NN.yaml       # written at a collection's first measure
    python scripts/real_records.py pool [FILE ...]            # every record in fixtures/real-records/ by default

Why: the private texts of the real collections have been lost with the machine three times (real-fresh-1..13,
-14..34, -35..59), and with them every chance to ask a new question of an old measure: which blend weight, which
confidence band, which branch of the rules holds up on text it never saw. A record keeps, per scored suggestion,
the hand ratings and the numbers the hints computed: the rules' rating and branch (default and strict), the
bundled model's three probabilities, the blended hint and its score, the declared class and the rules' signal
counts. Numbers and labels only: no text, no excerpt, nothing a reader could rebuild a letter from.

What a record is good for: the bundled model cannot be retrained on the ratings behind it (their texts are lost),
so its probabilities stay valid as long as `base_model.json` is unchanged (each file names its sha256; `pool`
replays only records of the shipped model). Pooled over many sessions' first measures, they answer what no single
gate of sixty suggestions could: the blend's weight (`--weights`), whether rules and model agreeing at a high score
earns the confident mark (the bands), each branch's first-run record (for `store/aids/confidence.py`). A record is
a FIRST measure only: written once, when the collection is first measured, with the code named in the file.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import fields
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc_review.store.aids import base_model, combiner, hints  # noqa: E402
from cppcc_review.store.aids.confidence import wilson_lower  # noqa: E402
from cppcc_review.store.aids.decide import Decision  # noqa: E402
from cppcc_review.store.aids.hints import Signals, blend_decision, reading, suggest_rating  # noqa: E402
from cppcc_review.store.aids.schemes import map_label  # noqa: E402
from cppcc_review.store.atomic import atomic_write  # noqa: E402
from cppcc_review.store.model import Rating, Reply, Suggestion  # noqa: E402

RECORDS = ROOT / "fixtures" / "real-records"
# (rules weight, weight where the rules explain): the shipped pair first, then what `pool` replays by default
WEIGHTS = [(base_model.BLEND_RULES_WEIGHT, base_model.EXPLAINED_RULES_WEIGHT),
           (0.0, 0.0), (0.10, 0.15), (0.20, 0.30), (0.40, 0.60), (1.0, 1.0)]
BANDS = (0.5, 0.6, 0.7, 0.8, 0.9)
_COUNTS = [f.name for f in fields(Signals) if f.type in ("int", int)]  # the counts (not spans or offsets)


def model_sha256() -> str:
    """The shipped model's fingerprint: a record's probabilities are this model's."""
    return hashlib.sha256(base_model.WEIGHTS.read_bytes()).hexdigest()


def model_probabilities(reply: Reply, suggestion: Suggestion) -> dict[Rating, float]:
    """The bundled model's probabilities for one suggestion, as the hints compute them (the default scheme;
    also measure_real_aids's `--base model`)."""
    return hints.model_probabilities(suggestion.text or "", map_label(reply.declared_result))


def suggestion_record(reply: Reply, index: int, hand: Rating, hand_strict: Rating | None, cut: bool) -> dict:
    """The record of one scored suggestion (no text)."""
    suggestion = reply.suggestions[index - 1]
    hint = suggest_rating(reply, suggestion)
    rules = suggest_rating(reply, suggestion, base="rules")
    strict = suggest_rating(reply, suggestion, strict=True)
    _text, _label, declared, sig, _decision = reading(reply, suggestion)  # what the rules read (the default scheme)
    return {
        "index": index,
        "cut": cut,
        "hand": hand.value,
        "hand_strict": hand_strict.value if hand_strict else None,
        "rules": rules.rating.value if rules else None,
        "path": rules.path if rules else None,
        "rules_strict": strict.rating.value if strict else None,
        "path_strict": strict.path if strict else None,
        "model": {c.value: round(p, 4) for c, p in model_probabilities(reply, suggestion).items()},
        "hint": hint.rating.value if hint else None,
        "score": hint.confidence if hint else None,
        "source": hint.source if hint else None,
        "declared": declared.value if declared else None,
        "signals": {name: getattr(sig, name) for name in _COUNTS if getattr(sig, name)},
    }


def write_records(path: Path, collection: str, rows: list[tuple[str, dict]]) -> None:
    """Write a collection's records (atomically: a half-written record is worse than none)."""
    # (--dirty: a measure run on uncommitted changes says so)
    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=7"],
                            capture_output=True, text=True, check=False).stdout.strip() or None
    by_reply: dict[str, list[dict]] = defaultdict(list)
    for name, record in rows:
        by_reply[name].append(record)
    # (the combiner's fingerprint too, since round h70: the record's hint and score are that combiner's; its
    # features are the record's own numbers, path, signals and model probabilities, so a record is also a
    # training row for a later combiner whose texts are lost)
    doc = {"collection": collection, "measured_at": commit, "base_model_sha256": model_sha256(),
           "combiner_sha256": hashlib.sha256(combiner.WEIGHTS.read_bytes()).hexdigest(), "replies": dict(by_reply)}
    header = ("# First-measure record of the hints (scripts/real_records.py): numbers and labels per scored suggestion,\n"
              "# no text. Written once, at the collection's first measure, by the code named in measured_at.\n")
    atomic_write(path, (header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)).encode("utf-8"))


# --- pooling ----------------------------------------------------------------------------------------------
def load(paths: list[Path]) -> list[dict]:
    """Every record of the files, each with its collection and reply named."""
    out = []
    for path in paths:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for reply, records in (doc.get("replies") or {}).items():
            for r in records:
                out.append({**r, "collection": doc.get("collection"), "reply": reply,
                            "model_sha256": doc.get("base_model_sha256")})
    return out


def replay(r: dict, rules_weight: float, explained_weight: float) -> str | None:
    """The blended hint of a record at other weights (the shipped blend's rule, hd37 included)."""
    if r["rules"] is None or r["path"] == "label_only":
        return r["hint"]  # no blend there: the rules' label (or nothing)
    model_p = {Rating(c): p for c, p in r["model"].items()}
    return blend_decision(model_p, Decision(Rating(r["rules"]), r["path"]), rules_weight, explained_weight)[0].value


def _line(label: str, right: int, n: int) -> str:
    return f"{label:<34}{right:5d}/{n:<5d}" + (f" = {right / n:6.1%}" if n else "")


def pool(records: list[dict], weights: list[tuple[float, float]]) -> str:
    """The pooled figures of the records, as text."""
    out = []
    n = len(records)
    model_top = {id(r): max(r["model"], key=r["model"].get) for r in records}
    out.append(f"== {n} scored suggestions in {len({r['collection'] for r in records})} collection(s)")
    for label, key in (("shipped hint (as measured)", lambda r: r["hint"]), ("rules alone", lambda r: r["rules"]),
                       ("bundled model alone", lambda r: model_top[id(r)])):
        right = sum(1 for r in records if key(r) == r["hand"])
        whole = [r for r in records if not r["cut"]]
        out.append(_line(label, right, n) + "   whole letters "
                   + f"{sum(1 for r in whole if key(r) == r['hand'])}/{len(whole)}")
    strict = [r for r in records if r.get("hand_strict")]
    out.append(_line("strict rules vs strict ratings", sum(1 for r in strict if r["rules_strict"] == r["hand_strict"]),
                     len(strict)))
    hand = Counter(r["hand"] for r in records)
    if hand:
        major, major_n = hand.most_common(1)[0]
        out.append(_line(f"always {major}", major_n, n))
    current = model_sha256()
    same = [r for r in records if r["model_sha256"] == current]
    out.append(f"\n== the blend replayed at other weights ({len(same)} records of the shipped model"
               + (f"; {n - len(same)} of another model left out)" if len(same) < n else ")"))
    for rules_weight, explained_weight in weights:
        right = sum(1 for r in same if replay(r, rules_weight, explained_weight) == r["hand"])
        out.append(_line(f"rules {rules_weight:.2f} / explained {explained_weight:.2f}", right, len(same)))
    out.append("\n== confident bands: rules, model and blend agree and the score reaches the band "
               "(right/cases, Wilson lower end)")
    for band in BANDS:
        sub = [r for r in records if r["hint"] == r["rules"] == model_top[id(r)]
               and r["score"] is not None and r["score"] >= band]
        right = sum(1 for r in sub if r["hint"] == r["hand"])
        out.append(_line(f"score >= {band:.2f}", right, len(sub))
                   + (f"   lower {wilson_lower(right, len(sub)):.2f}" if sub else ""))
    out.append("\n== by the rules' branch: rules right / hint right / cases (hand ratings of the branch: A P E)")
    by_path: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_path[r["path"] or "-"].append(r)
    for path, rs in sorted(by_path.items(), key=lambda kv: -len(kv[1])):
        h = Counter(r["hand"] for r in rs)
        out.append(f"{path:<18}{sum(1 for r in rs if r['rules'] == r['hand']):5d}"
                   f"{sum(1 for r in rs if r['hint'] == r['hand']):5d}{len(rs):6d}   "
                   f"{h['adopted']:3d} {h['partially_adopted']:3d} {h['explained']:3d}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pool", help="pooled figures of first-measure records")
    p.add_argument("files", nargs="*", help="record files (default: every file in fixtures/real-records/)")
    p.add_argument("--weights", help="rules/explained weight pairs to replay, e.g. 0.3/0.45,0.2/0.3")
    args = parser.parse_args(argv)
    paths = [Path(f) for f in args.files] or sorted(RECORDS.glob("*.yaml"))
    if not paths:
        print("no record files", file=sys.stderr)
        return 1
    weights = WEIGHTS
    if args.weights:
        try:
            weights = [(float(a), float(b)) for a, b in (w.split("/") for w in args.weights.split(","))]
        except ValueError:
            print(f"--weights: expected pairs like 0.3/0.45, got {args.weights!r}", file=sys.stderr)
            return 2
    try:
        records = load(paths)
    except (OSError, yaml.YAMLError) as exc:
        print(f"cannot read the records: {exc}", file=sys.stderr)
        return 1
    print(pool(records, weights))
    return 0


if __name__ == "__main__":
    sys.exit(main())
