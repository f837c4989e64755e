"""The disputes as a Line-API list: only the lines on screen are laid out, for each frame.

The list was one rich Text of every dispute in a scroll container, built and laid out again for
every j / k: about a second a key at 3,000 disputes (QA round 15). Here a dispute is one to three
lines (its row; its heading; its settling), each made when it comes on screen (StripView's Rows),
and a move of the cursor lays out again only the lines shown (benchmarks/disputes_screen.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rich.text import Text

from ...store.ratings.merge import Dispute
from ..i18n import enum_label, t
from ..safe_text import display_text
from ..styles import DONE, MUTED, WARNING, styled
from .strip_view import Rows, StripView


def dispute_lines(d: Dispute) -> int:
    """How many lines dispute `d` takes: its row, its heading (if any), its settling (if settled)."""
    return 1 + bool(d.heading) + (d.resolution is not None)


def dispute_line(d: Dispute, part: int, here: bool, lang: str) -> Text:
    """Line `part` of dispute `d` (0: its row, marked when the cursor is `here`; then its heading, its settling)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if part == 0:
        line.append("▶ " if here else "  ", style="bold")
        votes = "  ".join(f"{display_text(name, single_line=True)}={enum_label(rating, lang)}"
                          for name, rating in d.ratings.items())
        doc = display_text(d.doc_no or d.title or d.reply_id, single_line=True)
        line.append(t("disputes.row", lang, doc=doc, i=d.index, votes=votes), style="reverse" if here else "")
        return line
    if part == 1 and d.heading:
        line.append("    " + display_text(d.heading, single_line=True), style=MUTED)
        return line
    who = display_text(d.resolved_by or "", single_line=True)
    rating = enum_label(d.resolution, lang) if d.resolution is not None else ""
    if d.outdated:  # (the reviewers agree now: the resolution counts nowhere, 0 clears it)
        line.append("    ⚠ " + t("disputes.outdated", lang, rating=rating, who=who), style=WARNING)
        return line
    line.append("    ✔ " + t("disputes.settled", lang, rating=rating) + f" ({who})", style=DONE)
    return line


class DisputeList(StripView, can_focus=False):
    DEFAULT_CSS = """
    DisputeList { height: 1fr; padding: 0 1; overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1;
                  scrollbar-gutter: stable; }
    """

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.items: Sequence[Dispute] = ()
        self.cursor = 0
        self.message: Text | None = None
        """Shown instead of the list (being read, none, unavailable)."""
        self._starts = [0]  # the line each dispute starts on; the last: the lines in all

    # what is shown --------------------------------------------------------
    def show_items(self, items: Sequence[Dispute], cursor: int) -> None:
        self.items, self.message = items, None
        self.recount()
        self.move_to(cursor)

    def show_message(self, message: Text) -> None:
        self.items, self.message, self.cursor = (), message, 0
        self.recount()

    def recount(self) -> None:
        """The disputes' lines counted again (one settled or taken back: a line more or less)."""
        starts, line = [], 0
        for d in self.items:
            starts.append(line)
            line += dispute_lines(d)
        starts.append(line)
        self._starts = starts
        self.lay_out_again()  # (lazily: the lines on screen)

    @property
    def plain(self) -> str:
        """The list as text (what a reader sees, without colours; every line made: for tests)."""
        if self.message is not None:
            return self.message.plain
        return "\n".join(self._line(i).plain for i in range(self._starts[-1]))

    def _content(self, width: int) -> Text | Rows:
        if self.message is not None:
            return styled(self, self.message)
        return Rows(self._starts[-1], lambda i: styled(self, self._line(i)))  # (span names in the theme's colours)

    def _line(self, i: int) -> Text:
        k = bisect_right(self._starts, i) - 1
        return dispute_line(self.items[k], i - self._starts[k], k == self.cursor, self.lang)

    # the cursor -------------------------------------------------------------
    def move_to(self, cursor: int) -> None:
        """Put the cursor on dispute `cursor` (kept within the list) and its lines in view."""
        before, self.cursor = self.cursor, max(0, min(cursor, len(self.items) - 1))
        if self.items:  # two rows change their marks: only they are laid out again
            self.forget_lines({self._starts[min(before, len(self.items) - 1)], self._starts[self.cursor]})
        self._layout()
        if self.items:
            top, bottom = self._starts[self.cursor], self._starts[self.cursor + 1]
            height = self.scrollable_content_region.height
            y = self.scroll_offset.y
            if top < y:
                self.scroll_to(y=top, animate=False, immediate=True)
            elif height > 0 and bottom > y + height:
                self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def page_target(self, pages: int) -> int:
        """The dispute a screenful of lines away from the cursor (down when `pages` > 0)."""
        if not self.items:
            return 0
        step = max(1, self.scrollable_content_region.height - 1) * pages
        line = max(0, min(self._starts[self.cursor] + step, self._starts[-1] - 1))
        return bisect_right(self._starts, line) - 1
