"""The review screen's state, apart from its widgets: one reply, this reviewer's review of
it, the current suggestion, and what is worked out once per reply (the findings, the
suggested ratings, the body of each suggestion). Tested without a terminal.

A large reply's findings and hints are read off the key path (cppcc_review.tui.aids,
`reads_later`) and come in a piece at a time (`piece_read`): until all are in, the view is
`checking`, and a suggestion whose hint (or the reply's findings) is not in yet shows none.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ..store.aids.checks import Finding
from ..store.aids.hints import Hint
from ..store.model import Rating, Reply, Review, ReviewState, Suggestion, SuggestionReview
from .aids_child import Piece
from .context import ReviewContext
from .parse_notes import ParseNote
from .widgets.suggestion_body import suggestion_text


def first_unrated(review: Review, total: int, after: int = 0) -> int | None:
    """The first unrated suggestion after `after` (wrapping round), or None when all are rated."""
    for step in range(1, total + 1):
        index = (after + step - 1) % total + 1
        if index - 1 >= len(review.suggestions) or review.suggestions[index - 1].rating is None:
            return index
    return None


class ReplyView:
    """Reply `reply_id` as the review screen shows it, at suggestion `index` (1-based)."""

    def __init__(self, ctx: ReviewContext, reply_id: str, index: int | None = None) -> None:
        self.ctx = ctx
        self.reply_id = reply_id
        self.reply: Reply = ctx.store.get_reply(reply_id)
        self.review: Review = ctx.store.get_review(reply_id, ctx.reviewer)
        self.findings: Sequence[Finding | ParseNote] = ()
        self.hints: dict[int, Hint | None] = {}
        self.texts: dict[int, Text] = {}
        """The body of each suggestion, built once per reply (text, hint and findings, not the rating)."""
        self.findings_due = False
        """The reply is large and its findings are being read elsewhere (`piece_read`)."""
        self.hints_due: set[int] = set()
        """The suggestions whose hints are being read elsewhere."""
        self.late = False  # they were read elsewhere: a hint left out is none, not to be read here
        self.generation = 0  # counts the readings of the reply (the last one's aids are taken)
        self._read_aids()
        self.unsaved: dict[int, Rating | None] = {}
        """Ratings given that did not reach the disk, by suggestion."""
        if index is None:
            index = (first_unrated(self.review, self.total) if self.total else 1) or 1
        self.index = self._clamp(index)

    def reload(self, index: int | None = None) -> ReplyView:
        """Read the reply (its layout may have changed) and the review again (this view, read again)."""
        self.reply = self.ctx.store.get_reply(self.reply_id)
        self.review = self.ctx.store.get_review(self.reply_id, self.ctx.reviewer)
        self._read_aids()
        self.index = self._clamp(self.index if index is None else index)
        return self

    @property
    def layout(self) -> list[list[int]]:
        """The suggestions' line ranges as shown: what a change by number is checked against
        (the store refuses it when another window merged or split them since)."""
        return [[s.start, s.end] for s in self.reply.suggestions]

    def layout_elsewhere(self, line: int | None = None) -> tuple[int, int] | None:
        """When the reply's suggestions were merged or split elsewhere: (the number of suggestions
        shown, the suggestion to show now: the one that holds the current one's first line, or `line`); None
        when the layout is as shown. Only the layout is read (ReviewStore.suggestion_ranges), not
        the text: the poll asks this whenever another process wrote to the reply, and a large
        reply's text costs tenths of a second to read again (the caller reloads it once, if so)."""
        ranges = self.ctx.store.suggestion_ranges(self.reply_id)
        if ranges == self.layout:
            return None
        index, current = self.index, self.suggestion
        if line is None and current is not None:
            line = current.start
        if line is not None:
            index = next((i for i, (start, end) in enumerate(ranges, 1) if start <= line < end), index)
        return self.total, index

    def _read_aids(self) -> None:
        """The findings now (the hints when first shown), or, for a large reply, none until `piece_read`."""
        self.generation += 1
        self.hints_version = self.ctx.aids.hints_version  # (the model the hints are read with from now)
        self.late = self.ctx.aids.reads_later(self.reply)
        self.findings_due = self.late
        self.hints_due = {s.index for s in self.reply.suggestions} if self.late else set()
        self.findings = () if self.late else self.ctx.aids.findings(self.reply)
        self.hints, self.texts = {}, {}

    def hints_outdated(self) -> bool:
        """The learned model arrived since this reply's hints were read (its fit ended in the background):
        they are the rules' and are to be read again. Not while a large reply's reading is under way (it
        ends first; asked again then)."""
        return self.ctx.aids.hints_version != self.hints_version and not self.checking

    @property
    def checking(self) -> bool:
        """Some of a large reply's aids are still being read elsewhere."""
        return self.findings_due or bool(self.hints_due)

    def checking_shown(self) -> bool:
        """The current suggestion's aids (its hint, the reply's findings) are not all in yet."""
        return self.findings_due or self.index in self.hints_due

    def piece_read(self, generation: int, piece: Piece) -> set[int] | None:
        """Take a piece of the aids read elsewhere for reading `generation` of the reply (the
        findings, or one suggestion's hint: cppcc_review.tui.aids_child): the suggestions whose
        body it changes, or None (nothing taken) when the reply has been read again since."""
        if generation != self.generation:
            return None
        if piece[0] == "findings" and self.findings_due:
            self.findings, self.findings_due = piece[1], False
            concerned = {f.suggestion for f in self.findings if f.suggestion is not None}
            for index in concerned:  # (a body shows only its own suggestion's findings)
                self.texts.pop(index, None)
            return concerned
        if piece[0] == "hint" and piece[1] in self.hints_due:
            index = piece[1]
            self.hints_due.discard(index)
            self.hints[index] = piece[2]
            self.texts.pop(index, None)
            return {index}
        return None

    def reading_ended(self, generation: int) -> bool:
        """The reading of `generation` ended (done, or failed): what it did not give is none.
        False when the reply has been read again since, or nothing was left."""
        if generation != self.generation or not self.checking:
            return False
        self.findings_due, self.hints_due = False, set()
        return True

    def _clamp(self, index: int) -> int:
        return max(1, min(index, max(self.total, 1)))

    @property
    def total(self) -> int:
        return len(self.reply.suggestions)

    @property
    def state(self) -> ReviewState:
        return self.review.state

    @property
    def suggestion(self) -> Suggestion | None:
        return self.reply.suggestions[self.index - 1] if 1 <= self.index <= self.total else None

    def current(self) -> SuggestionReview | None:
        """This reviewer's judgement of the current suggestion, if any."""
        if 1 <= self.index <= len(self.review.suggestions):
            return self.review.suggestions[self.index - 1]
        return None

    def move(self, delta: int) -> bool:
        """Go `delta` suggestions on (back when negative); False when that changes nothing."""
        new = self._clamp(self.index + delta)
        if not self.total or new == self.index:
            return False
        self.index = new
        return True

    def hint(self, index: int) -> Hint | None:
        """The suggested rating of suggestion `index` (worked out once; none while `checking`)."""
        if self.late:
            return self.hints.get(index)
        if index not in self.hints:
            suggestion = self.reply.suggestions[index - 1] if 0 < index <= self.total else None
            self.hints[index] = self.ctx.aids.hint(self.reply, suggestion) if suggestion else None
        return self.hints[index]

    def body(self, index: int) -> Text:
        """The body of suggestion `index`: heading, text with its figures, evidence and findings."""
        if index not in self.texts:
            suggestion = self.reply.suggestions[index - 1] if 0 < index <= self.total else None
            hint = self.hint(index) if suggestion else None
            self.texts[index] = suggestion_text(self.reply, suggestion, self.ctx.lang, hint=hint, findings=self.findings)
        return self.texts[index]

    def lines_shown(self) -> tuple[int, int]:
        """(start, end): the current suggestion's lines in reply.lines; (0, 0) without one."""
        suggestion = self.suggestion
        return (suggestion.start, suggestion.end) if suggestion else (0, 0)

    def note_shown(self) -> tuple[str, str | None]:
        """(the note as saved, its draft or None) of the current suggestion."""
        current = self.current()
        return (current.note if current else ""), self.review.note_drafts.get(self.index)

    def split_lines(self) -> list[int]:
        """Lines (indexes into reply.lines) at which the current suggestion can be split."""
        suggestion = self.suggestion
        if suggestion is None:
            return []
        lines = self.reply.lines
        opening = suggestion.text.split("\n", 1)[0]
        # (after a heading on a line of its own, not between it and its text; a heading that opens
        # its first line, as 一是关于…。我局… does, shares it with the text)
        shares = bool(opening) and 0 <= suggestion.start < len(lines) and lines[suggestion.start].endswith(opening)
        first = suggestion.start + (2 if suggestion.heading and not shares else 1)
        return [n for n in range(first, suggestion.end) if 0 <= n < len(self.reply.lines)]
