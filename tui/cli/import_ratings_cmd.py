"""`cppcc-review import-ratings FILE...`: read ratings exports into the database.

Each file is checked completely first (YAML, schema, every reply present, every
suggestion in range) while the database is only read; a file with any problem is
reported and changes nothing. Then the good files are applied, one at a time.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from . import common
from .help_words import help_text
from .words import error_text, say

if TYPE_CHECKING:
    from ...store.ratings.ratings_io import ImportReport


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("import-ratings", help=help_text("ratings", lang), description=help_text("ratings.about", lang))
    p.add_argument("files", nargs="+", metavar="FILE", help=help_text("ratings.files", lang))
    p.add_argument("--skip-missing", action="store_true", help=help_text("ratings.skip_missing", lang))
    p.add_argument("--dry-run", action="store_true", help=help_text("ratings.dry_run", lang))
    common.add_db_option(p, lang)
    common.add_lang_option(p, lang)
    p.set_defaults(func=run)


def summary_line(report: ImportReport, lang: str) -> str:
    """The report's one line in `lang` (ImportReport.summary_line is its English)."""
    if report.errors:
        more = say("ratings.more", lang, n=len(report.errors) - 1) if len(report.errors) > 1 else ""
        return say("ratings.refused", lang, problem=error_text(report.errors[0], lang), more=more)
    if lang == "en":
        return report.summary_line()
    skipped = say("ratings.skipped", lang, n=report.skipped) if report.skipped else ""
    return say("ratings.imported" if report.applied else "ratings.would", lang, path=report.path,
               ratings=report.ratings, notes=report.notes, assessments=report.assessments,
               who=", ".join(report.reviewers) or say("export.nobody", lang), replies=report.replies,
               changes=report.changes, skipped=skipped) + _missing(report, lang)


def _missing(report: ImportReport, lang: str) -> str:
    """With --skip-missing: the rated replies this database does not hold, the first three named."""
    if not report.missing:
        return ""
    first = ", ".join(report.missing[:3]) + (", ..." if len(report.missing) > 3 else "")
    return say("ratings.missing", lang, n=len(report.missing), first=first)


def kept_line(report: ImportReport, lang: str) -> str | None:
    """What was kept because this database's work is newer than the file's, in `lang`
    (ImportReport.kept_line is its English), or None."""
    if lang == "en" or not report.kept:
        return report.kept_line()
    parts = []
    for reviewer in sorted(report.kept):
        counts = report.kept[reviewer]
        words = [say(f"ratings.kept_{kind}", lang, n=n) for kind in ("ratings", "notes", "assessments")
                 if (n := counts.get(kind, 0))]
        parts.append(say("ratings.kept_of", lang, reviewer=reviewer, counts="、".join(words)))
    return say("ratings.kept" if report.applied else "ratings.would_keep", lang, path=report.path,
               parts="；".join(parts))


def _print_report(report: ImportReport, lang: str) -> None:
    from ..safe_text import display_text

    if report.ok:
        print(display_text(summary_line(report, lang), single_line=True))
        kept = kept_line(report, lang)
        if kept is not None:
            print(display_text(f"  {kept}", single_line=True))
        for warning in report.warnings:
            print(display_text(say("ratings.warning", lang, text=error_text(warning, lang)), single_line=True))
    else:
        common.error(display_text(summary_line(report, lang), single_line=True), lang)
        for problem in report.errors[1:5]:
            common.error(display_text(error_text(problem, lang), single_line=True), lang)
        if len(report.errors) > 5:
            common.error(say("ratings.more_problems", lang, path=report.path, n=len(report.errors) - 5), lang)
        if any(getattr(problem, "code", None) == "ratings.not_in_db" for problem in report.errors):
            common.note(say("ratings.skip_missing_hint", lang, path=report.path), lang)


def run(args: argparse.Namespace) -> int:
    from ...store.ratings.ratings_io import import_ratings, plan_import

    lang = common.lang(args)
    failed = 0
    # First pass read-only: a file that fails never has the database opened for writing.
    good = []
    with common.open_store(args, readonly=True) as store:
        for path in args.files:
            report, ops = plan_import(store, path, skip_missing=args.skip_missing)
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
                report = import_ratings(store, path, skip_missing=args.skip_missing)
                failed += 0 if report.ok else 1
                _print_report(report, lang)
    return 1 if failed else 0
