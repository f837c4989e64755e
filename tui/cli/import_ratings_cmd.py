"""`cppcc-review import-ratings FILE...`: read ratings exports into the database.

Each file is checked completely first (YAML, schema, every reply present, every
suggestion in range) while the database is only read; a file with any problem is
reported and changes nothing. Then the good files are applied, one at a time.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from . import common
from .words import error_text, say

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
            "The file's ratings, notes and assessments replace its reviewer's in this database."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="ratings files (.yaml)")
    p.add_argument("--dry-run", action="store_true", help="check the files and say what would change; write nothing")
    common.add_db_option(p)
    common.add_lang_option(p)
    p.set_defaults(func=run)


def summary_line(report: ImportReport, lang: str) -> str:
    """The report's one line in `lang` (ImportReport.summary_line is its English)."""
    if report.errors:
        more = say("ratings.more", lang, n=len(report.errors) - 1) if len(report.errors) > 1 else ""
        return say("ratings.refused", lang, problem=error_text(report.errors[0], lang), more=more)
    skipped = say("ratings.skipped", lang, n=report.skipped) if report.skipped else ""
    return say("ratings.imported" if report.applied else "ratings.would", lang, path=report.path,
               ratings=report.ratings, notes=report.notes, assessments=report.assessments,
               who=", ".join(report.reviewers) or say("export.nobody", lang), replies=report.replies,
               changes=report.changes, skipped=skipped)


def _print_report(report: ImportReport, lang: str) -> None:
    from ..safe_text import display_text

    if report.ok:
        print(display_text(summary_line(report, lang), single_line=True))
        for warning in report.warnings:
            print(display_text(say("ratings.warning", lang, text=warning), single_line=True))
    else:
        common.error(display_text(summary_line(report, lang), single_line=True))
        for problem in report.errors[1:5]:
            common.error(display_text(problem, single_line=True))
        if len(report.errors) > 5:
            common.error(say("ratings.more_problems", lang, path=report.path, n=len(report.errors) - 5))


def run(args: argparse.Namespace) -> int:
    from ...store.ratings.ratings_io import import_ratings, plan_import

    lang = common.lang(args)
    failed = 0
    # First pass read-only: a file that fails never has the database opened for writing.
    good = []
    with common.open_store(args, readonly=True) as store:
        for path in args.files:
            report, ops = plan_import(store, path)
            if report.errors:
                failed += 1
                _print_report(report, lang)
            elif args.dry_run or not ops:
                report.changes = len(ops)
                report.applied = not ops and not args.dry_run
                _print_report(report, lang)
            else:
                good.append(path)
    if good:
        with common.open_store(args) as store:
            for path in good:
                report = import_ratings(store, path)
                failed += 0 if report.ok else 1
                _print_report(report, lang)
    return 1 if failed else 0
