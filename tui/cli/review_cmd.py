"""`cppcc-review review` (and no sub-command): the keyboard-driven review app."""

from __future__ import annotations

import argparse

from . import common
from .help_words import help_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], lang: str) -> None:
    p = sub.add_parser("review", help=help_text("review", lang), description=help_text("review.about", lang))
    common.add_review_options(p, lang)
    common.add_readonly_option(p, lang)
    common.add_debug_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = common.settings(args)
    reviewer = common.reviewer_name(args)

    from ..app import ReviewApp  # Textual is imported only here

    app = ReviewApp(db_path=settings.db_path, reviewer=reviewer, lang=settings.lang, settings=settings,
                    readonly=bool(getattr(args, "readonly", False)))
    app.run()
    return int(app.return_code or 0)
