"""`cppcc-review parse FILE`: print the parsed reply; never touches a database."""

from __future__ import annotations

import argparse
import json
import re
import sys

from . import common
from .help_words import help_text

# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal may act on.
_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("parse", help=help_text("parse", lang), description=help_text("parse.about", lang))
    p.add_argument("file", metavar="FILE", help=help_text("parse.file", lang))
    p.add_argument("--format", choices=["yaml", "json"], default="yaml", help=help_text("parse.format", lang))
    p.add_argument("--allow-non-reply", action="store_true", help=help_text("parse.non_reply", lang))
    common.add_lang_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ...store.errors import InputError, ParseError
    from ...store.reading.extract import extract_file, missing_file
    from ...store.reading.parser import parse_reply

    path = Path(args.file)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; parse reads one file (`check` and `import` take folders)",
                         code="parse_folder", path=path)
    if not path.exists():
        raise missing_file(path)  # (a symbolic link that loops, or to nothing, said as such)
    text, _source = extract_file(args.file)
    try:
        reply = parse_reply(text, allow_non_reply=args.allow_non_reply)
    except ParseError as exc:
        raise ParseError(f"{args.file}: {exc}", code=exc.code, **exc.values) from exc
    view = reply.parse_view()
    if args.format == "json":
        # json escapes C0 controls (ESC included) but leaves DEL, C1 controls (U+009B is
        # an 8-bit CSI) and bidi / zero-width characters raw: escape those too, so the
        # output is safe on a terminal and still the same JSON data.
        text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(view, ensure_ascii=False, indent=2))
        sys.stdout.write(text + "\n")
    else:
        import yaml

        yaml.safe_dump(view, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
    return 0
