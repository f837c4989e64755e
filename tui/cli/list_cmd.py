"""`cppcc-review list`: the replies in the database, with the id `rate` takes.

A reply without a 文号 (many published replies have none) can only be named by its id;
this is where a script or a person finds it, with the reviewer's progress beside it.
A table on a terminal, YAML for scripts (--format yaml, or when stdout is not a
terminal). Titles and names come from documents: every cell is plain text, never markup.
"""

from __future__ import annotations

import argparse
import os
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


# Below these widths a name is cut before anything else gives way (cells of a terminal).
TITLE_KEPT = 20
HANDLER_KEPT = 8
TITLE_FLOOR = 6


def column_widths(natural: list[int], width: int | None) -> list[int]:
    """Each column's width for a table `width` cells wide (None: as wide as its rows need).

    Columns: id, rated, state, 文号, unit, title. The id, counts and state are never cut;
    the 文号 is what `rate` takes, so it keeps its full width too and gives way only when
    the title would shrink below TITLE_FLOOR. The title is cut first (down to TITLE_KEPT),
    then the unit (down to HANDLER_KEPT), then the title again.
    """
    if width is None:
        return list(natural)
    ident, rated, state, doc_no, handler, title = natural
    # SIMPLE_HEAD draws one cell on either edge and one between columns; each column but the
    # last has one cell of right padding (pad_edge=False).
    overhead = 2 + 2 * (len(natural) - 1)
    room = width - overhead - ident - rated - state - doc_no
    if room >= handler + title:
        return list(natural)
    handler = min(handler, max(HANDLER_KEPT, room - min(title, TITLE_KEPT)))
    title = room - handler
    if title < TITLE_FLOOR:
        doc_no = max(1, doc_no - (TITLE_FLOOR - title))
        title = TITLE_FLOOR
    return [ident, rated, state, doc_no, handler, title]


def _table(listed: list[dict[str, Any]], lang: str = "zh", width: int | None = None) -> Table:
    """The replies as a table `width` cells wide (None: nothing cut, for a pipe)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from ...store.labels import label
    from ...store.model import ReviewState
    from ..doc_no_text import doc_no_text
    from ..safe_text import display_text
    from .words import say

    def cell(value: object) -> Text:
        # One line each, cut with "…" when the column is narrower than the text.
        shown = display_text(str(value), single_line=True) if value not in (None, "") else "—"
        return Text(shown, no_wrap=True, overflow="ellipsis")

    heads = [say(key, lang) for key in ("list.id", "list.rated", "list.state", "list.doc_no", "list.handler", "list.title")]
    body = [[cell(r["id"]), Text(f"{r['rated']}/{r['suggestions']}"), Text(label(ReviewState(r["state"]), lang)),
             cell(doc_no_text(r["doc_no"], r["proposal_no"], lang)), cell(r["handler"]), cell(r["title"] or r["source"])]
            for r in listed]
    natural = [max([cell_len(head)] + [cell_len(row[i].plain) for row in body]) for i, head in enumerate(heads)]
    widths = column_widths(natural, width)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    for i, (head, w) in enumerate(zip(heads, widths, strict=True)):
        table.add_column(Text(head), no_wrap=True, width=w, justify="right" if i == 1 else "left")
    for row in body:
        table.add_row(*row)
    return table


def run(args: argparse.Namespace) -> int:
    reviewer = common.reviewer_name(args)
    with common.open_store(args, readonly=True) as store:
        # (no look for a reply pack gone here: that reads the whole index, more than doubling the time of
        # every `list` for a thing `db check`, `export`, `rate` and the app all say; the list needs no text)
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
    # On a terminal the table fits its width (the title is cut first, the 文号 kept whole);
    # to a pipe or a file nothing is cut, whatever terminal the command ran from (Rich would
    # take the width of the terminal on stdin), unless $COLUMNS asks for a width.
    columns = os.environ.get("COLUMNS", "")
    width: int | None = None
    if sys.stdout.isatty() or columns.isdigit():
        console = Console()
        width = console.width
    else:
        console = Console(width=100_000)
    reviewer = display_text(reviewer, single_line=True)
    if not listed:
        if args.status != "all":
            state = label(ReviewState(args.status), lang)
            console.print(Text(say("list.none_in_state", lang, status=args.status, state=state, reviewer=reviewer)))
        else:
            console.print(Text(say("list.empty", lang)))
        return 0
    console.print(_table(listed, lang, width))
    console.print(Text(say("list.footer", lang, n=len(listed), reviewer=reviewer)))
    return 0
