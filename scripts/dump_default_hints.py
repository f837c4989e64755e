"""Dump the default-rubric hint (suggest_rating(..., strict=False): every field of Hint.to_dict) of every
suggestion of the fixtures (their expected parses and, through the parser, their source texts), of
tests/data and of any extra folders of real replies given on the command line, one JSON line each, so
that a change meant for the strict variant alone can be shown to leave the default hints byte-identical:

    python scripts/dump_default_hints.py [FOLDER ...] > before.jsonl   (then after, and diff)

The hints' evidence quotes the texts: a dump that includes private real replies stays outside git (compare
it with `cmp` and keep only the count of differing lines).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc_review.store.aids.evaluate import DEFAULT_FIXTURES, EXPECTED_SUFFIX, _reply_from_expected  # noqa: E402
from cppcc_review.store.aids.hints import suggest_rating  # noqa: E402
from cppcc_review.store.model import Reply  # noqa: E402
from cppcc_review.store.reading.extract import extract_file  # noqa: E402
from cppcc_review.store.reading.parser import parse_reply  # noqa: E402


def hints_of(key: str, reply: Reply):
    for s in reply.suggestions:
        hint = suggest_rating(reply, s, strict=False)
        yield key, s.index, hint.to_dict() if hint is not None else None


def parsed(path: Path) -> Reply | None:
    try:
        text, _src = extract_file(path)
        return parse_reply(text)
    except Exception:  # a file the parser refuses has no hints either way
        return None


def sources() -> list[tuple[str, Reply]]:
    out: list[tuple[str, Reply]] = []
    for expected in sorted(DEFAULT_FIXTURES.glob("*" + EXPECTED_SUFFIX)):
        name = expected.name[: -len(EXPECTED_SUFFIX)]
        out.append((f"fixture:{name}", _reply_from_expected(yaml.safe_load(expected.read_text(encoding="utf-8")) or {})))
        for src in sorted(p for p in expected.parent.glob(name + ".*") if not p.name.endswith(EXPECTED_SUFFIX)):
            reply = parsed(src)
            if reply is not None:
                out.append((f"fixture-parsed:{src.name}", reply))
    for path in sorted((ROOT / "tests" / "data").rglob("*")):
        if path.is_file() and path.suffix.lower() in {".txt", ".html", ".htm", ".docx", ".pdf", ".doc", ".md"}:
            reply = parsed(path)
            if reply is not None:
                out.append((f"tests-data:{path.relative_to(ROOT)}", reply))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    pairs = sources()
    for folder in args.folders:
        for path in sorted(folder.glob("[a-z][0-9][0-9][0-9]*.txt")):
            reply = parsed(path)
            if reply is not None:
                pairs.append((f"{folder.name}:{path.stem}", reply))
    for key, reply in pairs:
        for k, index, hint in hints_of(key, reply):
            sys.stdout.write(json.dumps([k, index, hint], ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
