"""Disputes: the suggestions on which this database's reviewers disagree.

A lead reviewer walks them with j / k and settles each with 1 / 2 / 3 (0 takes a
resolution back); the resolution is stored by cppcc_review.store.ratings.merge.resolve_dispute with who
and when. `enter` opens the reply at that suggestion.

At 3,000 disputes (QA round 15) the screen took 2.3 s to open and a second a key: the list was
read on the app's thread and drawn as one text for every key. Now it is read on a worker thread
(the screen answers at once, "reading…" until it is in), drawn a screenful of lines at a time
(tui.widgets.dispute_list), and a settling changes its own dispute in place instead of reading
every reply's reviews again; PgDn / PgUp / g / G move as in the inbox (benchmarks/disputes_screen.py).
"""

from __future__ import annotations

from contextlib import suppress

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from ...store.model import Rating
from ...store.ratings.merge import Dispute, disputes, resolve_dispute
from ..context import ReviewContext
from ..i18n import t
from ..logs import logger
from ..messages import OpenReply, RepliesChanged
from ..safe_text import display_text
from ..styles import MUTED
from ..widgets.dispute_list import DisputeList
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine
from ..widgets.text_line import TextLine
from .base import BaseScreen

LOG = logger("disputes")


class DisputesScreen(BaseScreen[None]):
    TITLE_KEY = "disputes.title"

    BINDINGS = [
        Binding("1,a", "settle('adopted')", "Settle: adopted", id="settle_adopted"),
        Binding("2,p", "settle('partially_adopted')", "Settle: partially", id="settle_partial"),
        Binding("3,e", "settle('explained')", "Settle: explained", id="settle_explained"),
        Binding("0,x", "settle('')", "Clear", show=False, id="rate_clear"),
        Binding("j,down", "move(1)", "Next", show=False, id="next_suggestion"),
        Binding("k,up", "move(-1)", "Previous", show=False, id="prev_suggestion"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("home,g", "edge(0)", "First", show=False, id="first"),
        Binding("end,G", "edge(1)", "Last", show=False, id="last"),
        Binding("enter", "open", "Open", id="open"),
        Binding("q,escape", "app.pop_screen", "Back", id="back"),
    ]

    DEFAULT_CSS = """
    DisputesScreen #disputes-title { height: 1; padding: 0 1; background: $primary-background; }
    """

    GROUP = "disputes"  # one reading at a time: a newer one replaces the last

    def __init__(self, ctx: ReviewContext) -> None:
        super().__init__(ctx, id="disputes-screen")
        self.items: list[Dispute] = []
        self.error: str | None = None
        """Why the list could not be read (shown in its place), or None."""
        self.loaded = False
        """The disputes have been read (at least once): `items` is the list, not its absence."""
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield TextLine(Text(t("disputes.title", self.lang), style="bold"), id="disputes-title")
        yield DisputeList(self.lang, id="disputes")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    @property
    def cursor(self) -> int:
        return self.query_one(DisputeList).cursor

    def on_mount(self) -> None:
        self.query_one(DisputeList).show_message(Text(t("disputes.reading", self.lang), style=MUTED))
        self.load()

    def on_screen_resume(self) -> None:
        """Back from a reply opened here (enter): read the disputes again, some may be settled now."""
        if self._resumed:
            self.load()
        self._resumed = True  # (the first resume is its opening: on_mount read them)

    def load(self) -> None:
        """Read the disputes on a worker thread (a pass over every reply's reviews: about a second at
        3,000 replies), the keys answered meanwhile; shown when read, the cursor on the same dispute."""
        store = self.ctx.store

        def read() -> None:
            try:
                found, error = disputes(store), None
            except Exception as exc:  # the list is an aid: a failure is shown, the session goes on
                LOG.exception("listing the disputes failed")
                found, error = [], t("disputes.unavailable", self.lang, error=display_text(str(exc), single_line=True))
            with suppress(RuntimeError):  # (the app has closed meanwhile)
                self.app.call_from_thread(self._read, found, error)

        self.run_worker(read, name="disputes", group=self.GROUP, thread=True, exclusive=True, exit_on_error=False)

    def _read(self, found: list[Dispute], error: str | None) -> None:
        if not self.is_mounted:
            return
        view = self.query_one(DisputeList)
        shown = self.items[view.cursor] if self.items and view.cursor < len(self.items) else None
        self.items, self.error, self.loaded = found, error, True
        if error:
            view.show_message(Text(error))
        elif not found:
            view.show_message(Text(t("disputes.none", self.lang), style=MUTED))
        else:
            keep = (shown.reply_id, shown.index) if shown is not None else None
            at = next((i for i, d in enumerate(found) if (d.reply_id, d.index) == keep), view.cursor)
            view.show_items(found, at)

    # moving ---------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self.items:
            view = self.query_one(DisputeList)
            view.move_to(view.cursor + delta)

    def action_page(self, pages: int) -> None:
        if self.items:
            view = self.query_one(DisputeList)
            view.move_to(view.page_target(pages))

    def action_edge(self, end: int) -> None:
        if self.items:
            self.query_one(DisputeList).move_to(len(self.items) - 1 if end else 0)

    # settling ----------------------------------------------------------------
    def action_settle(self, value: str) -> None:
        """Settle the dispute under the cursor (0: take its settling back), then go on to the next.
        The list is not read again: the dispute as it now stands replaces it (resolve_dispute's)."""
        if not self.items:
            return
        view = self.query_one(DisputeList)
        at = view.cursor
        d = self.items[at]
        rating = Rating(value) if value else None
        saved = self.ctx.write(resolve_dispute, self.ctx.store, d.reply_id, d.index, rating, self.ctx.reviewer)
        if saved is None:  # refused (told): the list may be out of date, e.g. the reviewers agree now
            if not self.ctx.store.readonly:
                self.load()
            return
        self.post_message(RepliesChanged(frozenset({d.reply_id})))
        if saved.value is None:  # (the reviewers agree now: read the list again)
            self.load()
            return
        self.items[at] = saved.value
        view.recount()
        view.move_to(at + 1)

    def action_open(self) -> None:
        if self.items:
            d = self.items[self.cursor]
            self.post_message(OpenReply(d.reply_id, d.index))
