"""`cppcc-review list`: the replies in the database, with the id `rate` takes.

A reply without a 文号 (many published replies have none) can only be named by its id;
this is where a script or a person finds it, with the reviewer's progress beside it.
A table on a terminal, YAML for scripts (--format yaml, or when stdout is not a
terminal). Titles and names come from documents: every cell is plain text, never markup.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from . import common
from .help_words import help_text

if TYPE_CHECKING:
    from rich.table import Table

    from ...store.db import ReviewStore

STATUSES = ("all", "unreviewed", "in_progress", "done")


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("list", help=help_text("list", lang), description=help_text("list.about", lang))
    p.add_argument("--status", choices=STATUSES, default="all", help=help_text("list.status", lang))
    p.add_argument("--format", choices=["table", "yaml"], default=None, help=help_text("format.table", lang))
    common.add_review_options(p, lang)
    common.add_readonly_option(p, lang, "readonly.reads")
    p.set_defaults(func=run)


def rows(store: ReviewStore, reviewer: str, status: str) -> list[dict[str, Any]]:
    """One plain dict per reply (YAML's shape; the table shows the same values)."""
    progress = store.progress(reviewer)
    out = []
    for s in store.summaries(headings=False):
        p = progress.get(s.id)
        rated, total = (p.rated, p.total) if p is not None else (0, s.n_suggestions)
        state = p.state.value if p is not None else "unreviewed"
        if status != "all" and state != status:
            continue
        out.append({"id": s.id, "doc_no": s.doc_no, "proposal_no": s.proposal_no, "handler": s.handler, "title": s.title, "date": s.date,
                    "suggestions": total, "rated": rated, "state": state, "source": s.source_name})
    return out


def _table(listed: list[dict[str, Any]], lang: str = "zh") -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ...store.labels import label
    from ...store.model import ReviewState
    from ..doc_no_text import doc_no_text
    from ..safe_text import display_text
    from .words import say

    def cell(value: object) -> Text:
        # One line each, cut with "…" (a column that may shrink must be wrapable for Rich;
        # the cell itself does not wrap).
        shown = display_text(str(value), single_line=True) if value not in (None, "") else "—"
        return Text(shown, no_wrap=True, overflow="ellipsis")

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    # The id, the counts and the state come first and are never cut (the id is what a
    # script copies); the names give way, the title last.
    table.add_column(Text(say("list.id", lang)), no_wrap=True, min_width=12)
    table.add_column(Text(say("list.rated", lang)), justify="right", no_wrap=True, min_width=5)
    table.add_column(Text(say("list.state", lang)), no_wrap=True, min_width=6)
    table.add_column(Text(say("list.doc_no", lang)), max_width=22)
    table.add_column(Text(say("list.handler", lang)), max_width=16)
    table.add_column(Text(say("list.title", lang)))
    for r in listed:
        table.add_row(cell(r["id"]), Text(f"{r['rated']}/{r['suggestions']}"), Text(label(ReviewState(r["state"]), lang)),
                      cell(doc_no_text(r["doc_no"], r["proposal_no"], lang)), cell(r["handler"]), cell(r["title"] or r["source"]))
    return table


def run(args: argparse.Namespace) -> int:
    reviewer = common.reviewer_name(args)
    with common.open_store(args, readonly=True) as store:
        listed = rows(store, reviewer, args.status)
    fmt = args.format or ("table" if sys.stdout.isatty() else "yaml")
    if fmt == "yaml":
        import yaml

        yaml.safe_dump({"reviewer": reviewer, "status": args.status, "replies": listed}, sys.stdout,
                       allow_unicode=True, sort_keys=False, width=1000)
        return 0
    from rich.console import Console
    from rich.text import Text

    from ...store.labels import label
    from ...store.model import ReviewState
    from ..safe_text import display_text
    from .words import say

    lang = common.lang(args)
    console = Console()
    reviewer = display_text(reviewer, single_line=True)
    if not listed:
        if args.status != "all":
            state = label(ReviewState(args.status), lang)
            console.print(Text(say("list.none_in_state", lang, status=args.status, state=state, reviewer=reviewer)))
        else:
            console.print(Text(say("list.empty", lang)))
        return 0
    console.print(_table(listed, lang))
    console.print(Text(say("list.footer", lang, n=len(listed), reviewer=reviewer)))
    return 0
