"""`cppcc-review review` (and no sub-command): the keyboard-driven review app."""

from __future__ import annotations

import argparse

from . import common


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "review",
        help="open the review app (the default when no sub-command is given)",
        description=(
            "Open the terminal review app: rate each suggestion of each reply, write notes, "
            "fill the satisfaction assessment. Keys are listed in the footer and by `?`."
        ),
    )
    common.add_review_options(p)
    common.add_readonly_option(p)
    common.add_debug_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = common.settings(args)
    reviewer = common.reviewer_name(args)

    from ..app import ReviewApp  # Textual is imported only here

    app = ReviewApp(db_path=settings.db_path, reviewer=reviewer, lang=settings.lang, settings=settings,
                    readonly=bool(getattr(args, "readonly", False)))
    app.run()
    return int(app.return_code or 0)
