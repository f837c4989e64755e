"""`cppcc-review import-ratings FILE...`: read ratings exports into the database.

Each file is checked completely first (YAML, schema, every reply present, every
suggestion in range) while the database is only read; a file with any problem is
reported and changes nothing. Then the good files are applied, one at a time.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from . import common

if TYPE_CHECKING:
    from ...store.ratings.ratings_io import ImportReport


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-ratings",
        help="import other reviewers' ratings exports (YAML)",
        description=(
            "Import ratings files written by `cppcc-review export`. Replies are matched by id and "
            "content hash; a file with any problem (bad YAML, wrong schema, unknown rating, a reply "
            "not in this database ...) is reported with its line and changes nothing. "
            "The file's ratings, notes and assessments replace its reviewer's in this database, "
            "except those changed here after the file's (newer work is kept, and said so in one line)."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="ratings files (.yaml)")
    p.add_argument("--skip-missing", action="store_true",
                   help="import the ratings of the replies this database holds and list the ones it does not "
                        "(by default such a file is refused); any other problem still refuses the whole file")
    p.add_argument("--dry-run", action="store_true", help="check the files and say what would change; write nothing")
    common.add_db_option(p)
    p.set_defaults(func=run)


def _print_report(report: ImportReport) -> None:
    from ..safe_text import display_text

    if report.ok:
        print(display_text(report.summary_line(), single_line=True))
        kept = report.kept_line()
        if kept is not None:
            print(display_text(f"  {kept}", single_line=True))
        for warning in report.warnings:
            print(display_text(f"  warning: {warning}", single_line=True))
    else:
        common.error(display_text(report.summary_line(), single_line=True))
        for problem in report.errors[1:5]:
            common.error(display_text(problem, single_line=True))
        if len(report.errors) > 5:
            common.error(f"{report.path}: ... {len(report.errors) - 5} more problems")
        if any("is not in this database" in problem for problem in report.errors):
            common.error(f"{report.path}: --skip-missing imports the ratings of the replies this database holds "
                         "and lists the others")


def run(args: argparse.Namespace) -> int:
    from ...store.ratings.ratings_io import import_ratings, plan_import

    failed = 0
    # First pass read-only: a file that fails never has the database opened for writing.
    good = []
    with common.open_store(args, readonly=True) as store:
        for path in args.files:
            report, ops = plan_import(store, path, skip_missing=args.skip_missing)
            if report.errors:
                failed += 1
                _print_report(report)
            elif args.dry_run or not ops:
                report.changes = len(ops)
                report.applied = not ops and not args.dry_run
                _print_report(report)
            else:
                good.append(path)
    if good:
        with common.open_store(args) as store:
            for path in good:
                report = import_ratings(store, path, skip_missing=args.skip_missing)
                failed += 0 if report.ok else 1
                _print_report(report)
    return 1 if failed else 0
