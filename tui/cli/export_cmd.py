"""`cppcc-review export`: the ratings as YAML (schema cppcc-review/ratings/v1).

The format is described in docs/ratings-format.md. The YAML is streamed entry by entry
(cppcc_review.store.ratings.ratings_io.stream_ratings), so memory does not grow with the database. With -o
the file is written atomically (streamed into a temporary file in the same folder,
fsynced, then renamed): a crash leaves the old file or the new one, never half of it.
"""

from __future__ import annotations

import argparse
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
    from ...store.ratings.merge_words import en_count
    from ...store.ratings.ratings_io import stream_ratings
    from ..output_words import replaced_words
    from .words import say

    lang = common.lang(args)
    output = common.output_of(args, default_stdout=True, has_db=True)
    assert output is not None  # (without -o: standard output)
    with common.open_store(args, readonly=True) as store:
        reviewer = None if args.all_reviewers else common.reviewer_name(args)
        if reviewer is None and not store.reviewers():
            # as for one reviewer: an export of nobody's ratings is not what was asked for
            return common.fail(say("export.no_ratings_any", lang, path=store.path), lang)
        if reviewer is not None:
            known = store.reviewers()
            if reviewer not in known:
                # An export of nobody's ratings is not what was asked for: refuse, write nothing.
                there = say("export.reviewers", lang, names=", ".join(known)) if known else say("export.no_reviewers", lang)
                return common.fail(say("export.no_ratings", lang, reviewer=reviewer, path=store.path, there=there), lang)
        common.missing_packs(store, lang)  # (a pack gone: said, the export goes on)
        # Entry by entry, straight to the file or stdout: the document is never held whole.
        done = common.write_output(output, lambda out: stream_ratings(
            store, out, reviewer=reviewer, all_reviewers=args.all_reviewers, status=args.status), db=store.path)
    if output.path is not None and done is not None:
        who = ", ".join(done.reviewers) or say("export.nobody", lang)
        print(say("export.done_all" if args.all_reviewers else "export.done", lang, count=done.count,
                  replies=done.replies, rated=done.rated, who=who, path=output.path,
                  count_en=en_count(done.count, "review"), replies_en=en_count(done.replies, "reply", "replies"),
                  ratings_en=en_count(done.rated, "rating"))
              + replaced_words(output.replaces, lang) + _left_out(done.left_out, args, reviewer, lang), file=sys.stderr)
    return 0


def _left_out(n: int, args: argparse.Namespace, reviewer: str | None, lang: str) -> str:
    """The replies the file does not hold: with every reviewer, "; 7 replies that nobody has
    reviewed are left out"; one reviewer's with --status done, those that reviewer has not completed
    (without it, one reviewer's export holds every reply). A merge of it counting fewer replies
    is then no surprise."""
    from ...store.ratings.merge_words import en_count
    from .words import say

    if not n or not (args.all_reviewers or args.status == "done"):
        return ""
    key = "export.left_out_mine" if not args.all_reviewers else (
        "export.left_out_done" if args.status == "done" else "export.left_out")
    return say(key, lang, n=n, reviewer=reviewer, replies_en=en_count(n, "reply", "replies"),
               are="is" if n == 1 else "are")
