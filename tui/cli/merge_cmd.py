"""`cppcc-review merge FILE... -o MERGED`: combine several reviewers' exports.

Prints the agreement figures and the disputed suggestions; with -o also writes the
merged file (cppcc-review/merged/v1, see docs/ratings-format.md), atomically. Every
input is checked first: one bad file stops the merge before anything is written.
"""

from __future__ import annotations

import argparse
import sys

from . import common


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge",
        help="merge several reviewers' exports; report agreement and disputes",
        description=(
            "Combine ratings exports of several reviewers into one file that keeps every reviewer's "
            "rating, marks each suggestion agreed or disputed and, with --resolve majority, proposes "
            "a consensus where more than half of the reviewers who rated it agree. Prints percentage "
            "agreement and Krippendorff's alpha over every suggestion rated by two or more (Cohen's kappa "
            "with two reviewers), Fleiss' kappa over those all rated, each pair's Cohen's kappa, and the "
            "disputes; fewer than 5 shared suggestions are shown as counts."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="ratings exports (.yaml)")
    p.add_argument("-o", "--output", metavar="MERGED", help="write the merged YAML here (atomically)")
    p.add_argument("--resolve", choices=["majority"], default=None, help="propose a consensus by strict majority")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...store.errors import StoreError
    from ...store.ratings.merge import disputes_report, merge_exports
    from ...store.ratings.ratings_io import load_ratings_file, write_ratings
    from ..safe_text import display_text

    if args.output:
        common.check_output_folder(args.output)
    docs, problems = [], []
    for path in args.files:
        try:
            docs.append(load_ratings_file(path)[0])
        except StoreError as exc:
            problems.append(str(exc))
    if problems:
        for problem in problems:
            common.error(display_text(problem, single_line=True))
        return common.fail(f"{len(problems)} of {len(args.files)} files cannot be merged; nothing was written")
    merged = merge_exports(docs, names=list(args.files), resolve=args.resolve)
    for line in disputes_report(merged, common.settings(args).lang).splitlines():
        print(display_text(line, single_line=True))
    if args.output:
        write_ratings(merged, args.output)
        print(f"merged file written to {args.output}", file=sys.stderr)
    return 0
