"""Reading the inbox's rows from the store, at archive scale.

At start, the first HEAD_ROWS rows are read from the store's summary without decoding the
rest (ReviewStore.first_summary_values; the store keeps its replies in the inbox's default
order), so that 100,000 replies paint as soon as 10 do; every row comes a moment later,
once that frame is on screen (InboxScreen.load). A row's progress is read when it is
first shown; the others' comes from one store.progress() after that frame.
"""

from __future__ import annotations

from ..store.index_storage import gc_paused
from ..store.model import Progress
from .context import ReviewContext
from .inbox_order import INBOX_FIELDS
from .inbox_row import InboxRow
from .widgets.reply_list import others_text

HEAD_ROWS = 200  # rows read for the first screen (more than a terminal shows)


def first_screen_rows(ctx: ReviewContext, keep_id: str | None) -> tuple[list[InboxRow], int] | None:
    """(the first HEAD_ROWS rows, how many replies there are), or None when the view needs
    every row now (the reply to keep is further down)."""
    store, reviewer = ctx.store, ctx.reviewer
    values, total = store.first_summary_values(INBOX_FIELDS, HEAD_ROWS)
    if keep_id is not None and not any(v[0] == keep_id for v in values):
        return None

    def lookup(reply_id: str) -> Progress:
        return store.progress_of(reviewer, reply_id)

    rows = [
        InboxRow(rid, doc_no, proposal_no, title, source, proposers, handler, date, n, None, lookup)
        for rid, doc_no, proposal_no, title, source, proposers, handler, date, n in values
    ]
    return rows, total


def every_row(ctx: ReviewContext) -> list[InboxRow]:
    """Every reply's row, in the store's order (the default sort's). Rows are cheap: their
    texts are made safe when first shown or sorted by, and each row's progress is read
    when first needed (the rows painted)."""
    store, reviewer = ctx.store, ctx.reviewer

    def lookup(reply_id: str) -> Progress:
        return store.progress_of(reviewer, reply_id)

    with gc_paused():  # 100,000 rows: no reference cycles for the collector to look for
        return [  # the fields in INBOX_FIELDS order
            InboxRow(rid, doc_no, proposal_no, title, source, proposers, handler, date, n, None, lookup)
            for rid, doc_no, proposal_no, title, source, proposers, handler, date, n
            in store.iter_summary_values(INBOX_FIELDS)
        ]


def fill_progress(ctx: ReviewContext, rows: list[InboxRow]) -> None:
    """Progress for the rows not read yet, from one store.progress() (cheaper than one
    lookup per row), so that filtering by state, sorting by progress and N do not wait for
    it; and colleagues' progress (other reviewers in this database) on each reply."""
    me = ctx.reviewer
    with gc_paused():
        progress = ctx.store.progress(me)
        for row in rows:
            p = progress.get(row.id)
            if p is not None:
                row.set_progress(p)
        theirs = ctx.store.others_progress(me)  # only the replies a colleague touched
        for row in rows:
            by_name = theirs.get(row.id)
            row.others = others_text(by_name) if by_name else ""
