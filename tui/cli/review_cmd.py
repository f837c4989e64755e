"""`cppcc-review review` (and no sub-command): the keyboard-driven review app."""

from __future__ import annotations

import argparse

from tui.cli import common


def register(sub: argparse._SubParsersAction) -> None:
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.config import load_config

    settings = load_config()
    lang = getattr(args, "lang", None) or settings.lang
    reviewer = common.reviewer_name(args)
    db = common.db_path(args)

    from tui.app import ReviewApp  # Textual is imported only here

    app = ReviewApp(db_path=db, reviewer=reviewer, lang=lang, settings=settings,
                    readonly=bool(getattr(args, "readonly", False)))
    app.run()
    return int(app.return_code or 0)
