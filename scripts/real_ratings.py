"""Two blind raters' ratings of a real collection, and the adjudicated file that goes into git.

    python scripts/real_ratings.py show  A.yaml B.yaml                 # where the raters differ
    python scripts/real_ratings.py write A.yaml B.yaml ADJ.yaml COLLECTION OUT.yaml

A rater's file (the rater's brief is in docs/real-collections.md): `default:` reply -> {section: rating},
`strict:` the sections whose strict-rubric rating differs, `whole:` reply -> the letter's one rating
(letters of several sections), ratings adopted / partially_adopted / explained / null. ADJ.yaml (the
lead's adjudication, read from the raters' files and the text) has the same three maps and settles
every difference `show` lists; `write` refuses while one is unsettled. OUT (fixtures/real-ratings/
real-fresh-NN.yaml) holds ratings only, never text. Before 2026-12-03 this lived outside git and was
lost with the machine's private folder; it holds no text, so it is kept here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc_review.store.atomic import atomic_write  # noqa: E402

KINDS = ("default", "strict", "whole")


def load(path: str) -> dict[str, dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out: dict[str, dict] = {k: {} for k in KINDS}
    for reply, per in (data.get("default") or {}).items():
        out["default"][str(reply)] = {int(i): r for i, r in (per or {}).items()}
    for reply, per in (data.get("strict") or {}).items():
        out["strict"][str(reply)] = {int(i): r for i, r in (per or {}).items()}
    out["whole"] = {str(k): v for k, v in (data.get("whole") or {}).items()}
    return out


def strict_of(data: dict, reply: str, index: int) -> object:
    return data["strict"].get(reply, {}).get(index, data["default"].get(reply, {}).get(index))


def sections(a: dict, b: dict) -> Iterator[tuple[str, int, object, object, object, object]]:
    """(reply, section, a's default, b's default, a's strict, b's strict) for every section either rater rated."""
    for reply in sorted(set(a["default"]) | set(b["default"])):
        for i in sorted(set(a["default"].get(reply, {})) | set(b["default"].get(reply, {}))):
            yield (reply, i, a["default"].get(reply, {}).get(i), b["default"].get(reply, {}).get(i),
                   strict_of(a, reply, i), strict_of(b, reply, i))


def differences(a: dict, b: dict, adj: dict | None = None) -> list[tuple[str, str, object, object, object]]:
    """(kind, key, a's, b's, settled) for every difference; settled: the adjudication's, or "?"."""
    adj = adj or {k: {} for k in KINDS}
    out = []
    for reply, i, ra, rb, sa, sb in sections(a, b):
        if ra != rb:
            out.append(("default", f"{reply}.{i}", ra, rb, adj["default"].get(reply, {}).get(i, "?")))
        if sa != sb:
            settled = adj["strict"].get(reply, {}).get(i, adj["default"].get(reply, {}).get(i, "?"))
            out.append(("strict", f"{reply}.{i}", sa, sb, settled))
    for reply in sorted(set(a["whole"]) | set(b["whole"])):
        wa, wb = a["whole"].get(reply), b["whole"].get(reply)
        if wa != wb:
            out.append(("whole", reply, wa, wb, adj["whole"].get(reply, "?")))
    return out


HEADER = """\
# {collection}: the adjudicated hand ratings (two raters blind, the lead adjudicating; fixtures/evaluation-split.yaml
# `real:`), keyed by the collection's file names in fixtures/real-collections.yaml (the ledger: address, text hash,
# 文号). Ratings only, never text: with the ledger a later session can find the same pages again, check each by its
# hash and measure on them (scripts/measure_real_aids.py hints FOLDER THIS_FILE --held-out-from 0 --parse-rule).
# Sections are numbered in reading order, one per suggestion the letter answers; null: not rateable (a cut page).
"""


def consensus(a: dict, b: dict, adj: dict) -> dict:
    default: dict[str, dict] = {}
    strict: dict[str, dict] = {}
    whole: dict[str, object] = {}
    for reply, i, ra, rb, sa, sb in sections(a, b):
        d = ra if ra == rb else adj["default"][reply][i]
        s = sa if sa == sb else adj["strict"].get(reply, {}).get(i, adj["default"].get(reply, {}).get(i))
        if ra != rb and i in adj["strict"].get(reply, {}):
            s = adj["strict"][reply][i]  # (a strict rating adjudicated with its default one)
        default.setdefault(reply, {})[i] = d
        if s != d:
            strict.setdefault(reply, {})[i] = s
    for reply in sorted(set(a["whole"]) | set(b["whole"])):
        wa, wb = a["whole"].get(reply), b["whole"].get(reply)
        whole[reply] = wa if wa == wb else adj["whole"][reply]
    return {"default": default, "strict": strict, "whole": whole}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show")
    s.add_argument("a")
    s.add_argument("b")
    s.add_argument("adj", nargs="?")
    w = sub.add_parser("write")
    for name in ("a", "b", "adj", "collection", "out"):
        w.add_argument(name)
    args = p.parse_args(argv)
    a, b = load(args.a), load(args.b)
    adj = load(args.adj) if args.adj else None
    diffs = differences(a, b, adj)
    if args.cmd == "show":
        for kind, key, ra, rb, settled in diffs:
            print(f"{kind:8} {key:8} a={ra} b={rb} -> {settled}")
        agree = sum(1 for r in a["default"] for i in a["default"][r]
                    if a["default"][r][i] == b["default"].get(r, {}).get(i))
        total = sum(len(v) for v in a["default"].values())
        print(f"default agreement {agree}/{total}; {len(diffs)} differences")
        return 0
    unsettled = [d for d in diffs if d[4] == "?"]
    if unsettled:
        print(f"{len(unsettled)} differences not settled in {args.adj}: " + ", ".join(f"{d[0]} {d[1]}" for d in unsettled),
              file=sys.stderr)
        return 1
    assert adj is not None  # (write requires ADJ)
    data = {"collection": args.collection, **consensus(a, b, adj)}
    text = HEADER.format(collection=args.collection) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    atomic_write(args.out, text.encode("utf-8"))  # the store's temp file, fsync and rename
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
