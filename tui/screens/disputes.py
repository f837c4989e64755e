"""Disputes: the suggestions on which this database's reviewers disagree.

A lead reviewer walks them with j / k and settles each with 1 / 2 / 3 (0 takes a
resolution back); the resolution is stored by cppcc_review.store.ratings.merge.resolve_dispute with who
and when. `enter` opens the reply at that suggestion.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from ...store.model import Rating
from ...store.ratings.merge import Dispute, disputes, resolve_dispute
from ..context import ReviewContext
from ..i18n import enum_label, t
from ..logs import logger
from ..messages import OpenReply, RepliesChanged
from ..safe_text import display_text
from ..styles import DONE, MUTED
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine
from ..widgets.text_block import TextBlock
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
        Binding("enter", "open", "Open", id="open"),
        Binding("q,escape", "app.pop_screen", "Back", id="back"),
    ]

    DEFAULT_CSS = """
    DisputesScreen #disputes-title { height: 1; padding: 0 1; background: $primary-background; }
    DisputesScreen #disputes { height: 1fr; padding: 0 1; }
    """

    def __init__(self, ctx: ReviewContext) -> None:
        super().__init__(ctx, id="disputes-screen")
        self.items: list[Dispute] = []
        self.cursor = 0
        self.error: str | None = None
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield TextLine(Text(t("disputes.title", self.lang), style="bold"), id="disputes-title")
        with VerticalScroll(id="disputes", can_focus=False):
            yield TextBlock(id="disputes-list")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        """Back from a reply opened here (enter): read the disputes again, some may be settled now."""
        if self._resumed:
            self.load()
        self._resumed = True  # (the first resume is its opening: on_mount read them)

    def load(self) -> None:
        try:
            self.items = disputes(self.ctx.store)
            self.error = None
        except Exception as exc:  # the list is an aid: a failure is shown, the session goes on
            LOG.exception("listing the disputes failed")
            self.items = []
            self.error = t("disputes.unavailable", self.lang, error=display_text(str(exc), single_line=True))
        self.cursor = min(self.cursor, max(len(self.items) - 1, 0))
        self.show()

    def show(self) -> None:
        lang = self.lang
        out = Text()
        if self.error:
            out.append(self.error)
        elif not self.items:
            out.append(t("disputes.none", lang), style=MUTED)
        for i, d in enumerate(self.items):
            if i:
                out.append("\n")
            here = i == self.cursor
            out.append("▶ " if here else "  ", style="bold")
            votes = "  ".join(
                f"{display_text(name, single_line=True)}={enum_label(rating, lang)}" for name, rating in d.ratings.items()
            )
            doc = display_text(d.doc_no or d.title or d.reply_id, single_line=True)
            out.append(t("disputes.row", lang, doc=doc, i=d.index, votes=votes), style="reverse" if here else "")
            heading = display_text(d.heading or "", single_line=True)
            if heading:
                out.append("\n    " + heading, style=MUTED)
            if d.resolution is not None:
                who = display_text(d.resolved_by or "", single_line=True)
                out.append("\n    ✔ " + t("disputes.settled", lang, rating=enum_label(d.resolution, lang)) + f" ({who})",
                           style=DONE)
        self.query_one("#disputes-list", TextBlock).update(out)

    def action_move(self, delta: int) -> None:
        if self.items:
            self.cursor = max(0, min(len(self.items) - 1, self.cursor + delta))
            self.show()

    def action_settle(self, value: str) -> None:
        if not self.items:
            return
        d = self.items[self.cursor]
        rating = Rating(value) if value else None
        if self.ctx.write(resolve_dispute, self.ctx.store, d.reply_id, d.index, rating, self.ctx.reviewer) is not None:
            self.post_message(RepliesChanged(frozenset({d.reply_id})))
            self.load()
            self.action_move(1)

    def action_open(self) -> None:
        if self.items:
            d = self.items[self.cursor]
            self.post_message(OpenReply(d.reply_id, d.index))
