"""Which real published replies earlier collections already held: a ledger kept in git.

    python scripts/real_ledger.py check FOLDER             # texts of FOLDER already in the ledger
    python scripts/real_ledger.py add FOLDER COLLECTION    # record FOLDER's texts as COLLECTION
    (--ledger PATH before the command: another ledger file than fixtures/real-collections.yaml)

The private collections of real replies (their texts never go into git: other people's text) were
lost with the machine twice, and with them any way to tell whether a newly found page was a letter
an earlier round had read and tuned on (issue 13: a "fresh" measure on such a letter is not fresh).
The ledger, fixtures/real-collections.yaml, keeps for every collected text only references: the
collection, the file name, the page's address (`address:` of its expected.yaml), the sha256 of the
text as read (NFKC, traditional characters folded, whitespace removed) and the letter's 文号 as the
parser reads it (an identifier that survives mirror sites which change the page around the letter).
`check` names each text of FOLDER that matches an entry by address, hash or 文号 (exit 1 if any).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc_review.store.atomic import atomic_write  # noqa: E402
from cppcc_review.store.errors import StoreError  # noqa: E402
from cppcc_review.store.reading.extract import extract_file  # noqa: E402
from cppcc_review.store.reading.parser import parse_reply  # noqa: E402
from cppcc_review.store.traditional_fold import fold  # noqa: E402

LEDGER = ROOT / "fixtures" / "real-collections.yaml"
HEADER = """\
# Real published replies collected for the reading aids' and the parser's measures (issue 13):
# references only, never text (the texts stay private, outside git). Written by
# `python scripts/real_ledger.py add FOLDER COLLECTION`; read by `... check FOLDER`, which names the
# texts of a new collection that an earlier one already held (by address, text hash or 文号).
"""


def plain(text: str) -> str:
    """The text as a reader sees it: width and traditional characters folded, no whitespace."""
    return "".join(fold(unicodedata.normalize("NFKC", text)).split())


def entry(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    expected = path.with_suffix(".expected.yaml")
    meta = (yaml.safe_load(expected.read_text(encoding="utf-8")) or {}) if expected.exists() else {}
    try:
        doc_no = parse_reply(extract_file(path)[0]).doc_no
    except StoreError:
        doc_no = None
    return {
        "file": path.name,
        "address": meta.get("address"),
        "sha256": hashlib.sha256(plain(text).encode("utf-8")).hexdigest(),
        "doc_no": plain(doc_no) if doc_no else None,
    }


def texts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt") if p.stem[1:].isdigit())


def load(ledger: Path) -> list[dict]:
    if not ledger.exists():
        return []
    return list((yaml.safe_load(ledger.read_text(encoding="utf-8")) or {}).get("texts") or [])


def matches(new: dict, known: list[dict]) -> list[str]:
    """How `new` matches earlier entries: 'collection/file (by address|sha256|doc_no)'."""
    found = []
    for old in known:
        hows = [key for key in ("address", "sha256", "doc_no") if new[key] and new[key] == old.get(key)]
        if hows:
            found.append(f"{old['collection']}/{old['file']} (by {', '.join(hows)})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledger", type=Path, default=LEDGER, help="the ledger file (default: %(default)s)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check").add_argument("folder")
    add = sub.add_parser("add")
    add.add_argument("folder")
    add.add_argument("collection")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"error: {folder}: no such folder", file=sys.stderr)
        return 2
    ledger: Path = args.ledger
    known = load(ledger)
    if args.cmd == "check":
        seen, paths = 0, texts(folder)
        for path in paths:
            found = matches(entry(path), known)
            if found:
                seen += 1
                print(f"{path.name}: already collected as {'; '.join(found)}")
        print(f"{seen} of {len(paths)} texts of {folder} are in the ledger ({len(known)} entries)")
        return 1 if seen else 0
    if any(old["collection"] == args.collection for old in known):
        print(f"error: {ledger}: collection {args.collection!r} is already recorded", file=sys.stderr)
        return 2
    new = [{"collection": args.collection, **entry(path)} for path in texts(folder)]
    body = yaml.safe_dump({"texts": known + new}, allow_unicode=True, sort_keys=False, width=200)
    atomic_write(ledger, (HEADER + body).encode("utf-8"))  # the store's temp file, fsync and rename
    print(f"{len(new)} texts of {folder} recorded as {args.collection} in {ledger}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
