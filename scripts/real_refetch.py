"""Find again the real published replies the ledger lists, after the machine that held them was lost.

    python scripts/real_refetch.py where URL [URL ...]   # which ledger entry each address is, and whether it is saved
    python scripts/real_refetch.py verify [FILE ...]      # each saved text against its ledger hash (default: all)
    python scripts/real_refetch.py status                 # per collection: letters in the ledger, saved, matching

The texts of real-fresh-14..-112 are other people's text and never go into git; the ledger
(fixtures/real-collections.yaml) and the adjudicated ratings (fixtures/real-ratings/) are kept. A
page found again in the search tool's stored pages is saved, as the collectors saved it (the excerpt
exactly as returned), under /work/realdata/refetch/<collection>/<file> (REALDATA overrides the folder),
where scripts/measure_real_aids.py and scripts/validate_aids.py read a collection as before. `verify`
compares the text, read as the ledger reads it (NFKC, traditional folded, no whitespace), with the
ledger's sha256: a copy that differs was not copied exactly and is reported (and left out by `status`'s
matching count); the ratings apply to the letter the raters read, so only matching copies are measured.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from real_ledger import LEDGER, plain  # noqa: E402

REALDATA = Path(os.environ.get("REALDATA", "/work/realdata/refetch"))


def ledger() -> list[dict]:
    return yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["texts"]


def _norm_address(url: str) -> str:
    url = url.strip().rstrip("/")
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url.removeprefix("www.")


def text_hash(path: Path) -> str:
    return hashlib.sha256(plain(path.read_text(encoding="utf-8")).encode("utf-8")).hexdigest()


def where(urls: list[str]) -> int:
    by_address: dict[str, list[dict]] = {}
    for entry in ledger():
        if entry.get("address"):
            by_address.setdefault(_norm_address(entry["address"]), []).append(entry)
    for url in urls:
        entries = by_address.get(_norm_address(url))
        if not entries:
            print(f"{url}\tnot in the ledger")
            continue
        for entry in entries:
            path = REALDATA / entry["collection"] / entry["file"]
            state = "saved" if path.exists() else "wanted"
            if path.exists():
                state += ", matches" if text_hash(path) == entry["sha256"] else ", DIFFERS from the ledger"
            print(f"{url}\t{path}\t{state}")
    return 0


def _entry_of(path: Path, entries: dict[tuple[str, str], dict]) -> dict | None:
    return entries.get((path.parent.name, path.name))


def verify(files: list[str]) -> int:
    entries = {(e["collection"], e["file"]): e for e in ledger()}
    paths = [Path(f) for f in files] or sorted(REALDATA.glob("*/*.txt"))
    bad = 0
    for path in paths:
        entry = _entry_of(path, entries)
        if entry is None:
            print(f"{path}: not a ledger entry (expected <collection>/<file> as in the ledger)")
            bad += 1
        elif text_hash(path) != entry["sha256"]:
            print(f"{path}: differs from the ledger's text (copy it again, exactly as returned)")
            bad += 1
    print(f"{len(paths) - bad} of {len(paths)} saved texts match the ledger")
    return 1 if bad else 0


def status() -> int:
    counts: dict[str, list[int]] = {}
    for entry in ledger():
        row = counts.setdefault(entry["collection"], [0, 0, 0])
        row[0] += 1
        path = REALDATA / entry["collection"] / entry["file"]
        if path.exists():
            row[1] += 1
            row[2] += text_hash(path) == entry["sha256"]
    total = [0, 0, 0]
    for name in sorted(counts, key=lambda n: int(n.rsplit("-", 1)[1])):
        row = counts[name]
        total = [a + b for a, b in zip(total, row, strict=True)]
        if row[1]:
            print(f"{name:16} {row[0]:4} in the ledger  {row[1]:4} saved  {row[2]:4} matching")
    print(f"{'all':16} {total[0]:4} in the ledger  {total[1]:4} saved  {total[2]:4} matching")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("where").add_argument("urls", nargs="+")
    sub.add_parser("verify").add_argument("files", nargs="*")
    sub.add_parser("status")
    args = parser.parse_args(argv)
    if args.command == "where":
        return where(args.urls)
    if args.command == "verify":
        return verify(args.files)
    return status()


if __name__ == "__main__":
    sys.exit(main())
