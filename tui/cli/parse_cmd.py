"""`cppcc-review parse FILE`: print the parsed reply; never touches a database."""

from __future__ import annotations

import argparse
import json
import sys

import yaml


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "parse",
        help="show how a reply file is read (no database involved)",
        description=(
            "Read one reply file (.txt, .md, .docx, .html, .pdf) and print what the parser found: "
            "文号, proposal number, title, proposers, handler, co-handlers, date, declared result, "
            "contacts and the suggestions with their commitments and figures."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the reply document")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml", help="output format (default: yaml)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from store.extract import extract_file
    from store.parser import parse_reply
    from store.errors import ParseError

    text, _source = extract_file(args.file)
    try:
        reply = parse_reply(text)
    except ParseError as exc:
        raise ParseError(f"{args.file}: {exc}") from exc
    view = reply.parse_view()
    if args.format == "json":
        json.dump(view, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        yaml.safe_dump(view, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
    return 0
