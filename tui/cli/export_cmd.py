"""`cppcc-review export`: the ratings as YAML (schema cppcc-review/ratings/v1).

The format is described in docs/ratings-format.md. The YAML is streamed entry by entry
(cppcc_review.store.ratings.ratings_io.stream_ratings), so memory does not grow with the database. With -o
the file is written atomically (streamed into a temporary file in the same folder,
fsynced, then renamed): a crash leaves the old file or the new one, never half of it.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import common
from .help_words import help_text


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("export", help=help_text("export", lang), description=help_text("export.about", lang))
    common.add_output_options(p, "FILE", "export.output", lang)
    who = p.add_mutually_exclusive_group()
    who.add_argument("--reviewer", metavar="NAME", default=argparse.SUPPRESS, help=help_text("export.reviewer", lang))
    who.add_argument("--all-reviewers", action="store_true", help=help_text("export.all", lang))
    p.add_argument("--status", choices=["done", "all"], default="all", help=help_text("export.status", lang))
    common.add_db_option(p, lang)
    common.add_lang_option(p, lang)
    common.add_readonly_option(p, lang, "readonly.reads")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...store.output_file import means_stdout
    from ...store.ratings.merge_words import en_count
    from ...store.ratings.ratings_io import export_to_file, stream_ratings
    from ..output_words import replaced_words
    from .words import say

    lang = common.lang(args)
    output = None if args.output is None or means_stdout(args.output) else args.output
    replaced = common.check_output(output, force=args.force) if output else None
    with common.open_store(args, readonly=True) as store:
        reviewer = None if args.all_reviewers else common.reviewer_name(args)
        if reviewer is None and not store.reviewers():
            # as for one reviewer: an export of nobody's ratings is not what was asked for
            return common.fail(say("export.no_ratings_any", lang, path=store.path))
        if reviewer is not None:
            known = store.reviewers()
            if reviewer not in known:
                # An export of nobody's ratings is not what was asked for: refuse, write nothing.
                there = say("export.reviewers", lang, names=", ".join(known)) if known else say("export.no_reviewers", lang)
                return common.fail(say("export.no_ratings", lang, reviewer=reviewer, path=store.path, there=there))
        options = dict(reviewer=reviewer, all_reviewers=args.all_reviewers, status=args.status)
        # Entry by entry, straight to the file or stdout: the document is never held whole.
        if output:
            done = export_to_file(store, output, **options)
            who = ", ".join(done.reviewers) or say("export.nobody", lang)
            print(say("export.done", lang, count=done.count, rated=done.rated, who=who, path=output,
                      replies_en=en_count(done.count, "reply", "replies"), ratings_en=en_count(done.rated, "rating"))
                  + replaced_words(replaced, lang), file=sys.stderr)
            return 0
        try:
            sys.stdout.flush()
            out = getattr(sys.stdout, "buffer", sys.stdout)  # UTF-8 bytes whatever the locale
            stream_ratings(store, out, **options)
            out.flush()
        except BrokenPipeError:  # `export | head`: the reader left; not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
