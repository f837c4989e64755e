"""The review screen: one suggestion at a time, rated with one key.

Each change goes to the store in the key handler itself (a journal append of about
a millisecond), so it is on disk before the next key is read. When the store says
it could not save, the rating is shown as unsaved and the status line turns red;
the session goes on. What the inbox must show again travels as messages (cppcc_review.tui.messages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget

from ...store.aids.checks import Finding
from ...store.aids.hints import Hint
from ...store.model import Rating, Reply, Review
from ..context import ReviewContext
from ..i18n import t
from ..keys_at_once import KeptBindings
from ..messages import PlaceMoved, RepliesChanged
from ..parse_notes import ParseNote
from ..refusal_words import read_or_say
from ..review_model import ReplyView, first_unrated
from ..review_texts import fitted_rating_bar, header_text, title_text
from ..widgets.findings_band import FindingsBand
from ..widgets.key_footer import KeyFooter
from ..widgets.note_editor import NoteEditor
from ..widgets.status_line import StatusLine
from ..widgets.suggestion_body import SuggestionBody
from ..widgets.suggestion_list import SuggestionList
from ..widgets.text_line import TextLine
from .base import BaseScreen
from .review_assess import open_assessment
from .review_changes import ReviewChanges
from .review_note import ReviewNote
from .review_reading import AidsReader, prepare_neighbours

__all__ = ["ReviewScreen", "first_unrated", "header_text"]

T = TypeVar("T")
HINTS_LOOK_SECONDS = 1.0  # how often the screen looks whether the learned model arrived (an int compared)


def clear_of_toasts(screen: Screen[object], line: Widget) -> None:
    """Toasts stand above the rating and hint line (and the note box under it), not over its end:
    the toast rack's bottom margin is what lies below the line's top (it moves with the note box)."""
    if line.region.height and screen.size.height:
        below = max(1, screen.size.height - line.region.y)
        for rack in screen.query("ToastRack"):  # Textual's holder of the toasts, one per screen
            if rack.styles.margin.bottom != below:
                rack.styles.margin = (0, 0, below, 0)


class ReviewScreen(BaseScreen[str]):
    TITLE_KEY = "review.title"
    LEGEND_KEY = "review.legend"  # the side list's marks, under the keys in the help screen
    # What a narrow footer keeps (80 columns: the first five or six): the ratings and the note, then the rest
    FOOTER_FIRST = ("rate_adopted", "rate_partial", "rate_explained", "note", "undo", "back", "assess", "original")
    AUTO_FOCUS = ""  # nothing focused: rating keys are screen keys until `n` focuses the note

    BINDINGS = [
        Binding("1,a", "rate('adopted')", "Adopted", id="rate_adopted"),
        Binding("2,p", "rate('partially_adopted')", "Partially", id="rate_partial"),
        Binding("3,e", "rate('explained')", "Explained", id="rate_explained"),
        Binding("0,x", "rate('')", "Clear", id="rate_clear"),
        Binding("enter", "accept_hint", "Accept hint", show=False, id="accept_hint"),
        Binding("j,down,pagedown", "move(1)", "Next", show=False, id="next_suggestion"),
        Binding("k,up,pageup", "move(-1)", "Previous", show=False, id="prev_suggestion"),
        Binding("right_square_bracket", "reply(1)", "Next reply", show=False, id="next_reply"),
        Binding("left_square_bracket", "reply(-1)", "Previous reply", show=False, id="prev_reply"),
        Binding("N", "next_work", "Next to do", show=False, id="next_work"),
        Binding("n", "note", "Note", id="note"),
        Binding("s", "assess", "Assess", id="assess"),
        Binding("u,ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo"),
        Binding("o", "original", "Original", id="original"),
        Binding("m", "merge", "Merge with next", show=False, id="merge"),
        Binding("S", "split", "Split", show=False, id="split"),
        Binding("space", "scroll_text(1)", "Scroll", show=False, id="scroll_down"),
        Binding("b", "scroll_text(-1)", "Scroll back", show=False, id="scroll_up"),
        Binding("q,escape", "back", "Back", id="back"),
    ]

    DEFAULT_CSS = """
    ReviewScreen #review-header { height: 2; padding: 0 1; background: $primary-background; }
    ReviewScreen #review-main { height: 1fr; }
    ReviewScreen #review-detail { width: 1fr; max-width: 110; }  /* a reading measure on a wide terminal */
    ReviewScreen #suggestion-title { height: 1; padding: 0 1; color: $text-muted; }
    ReviewScreen #rating-bar { height: 1; padding: 0 1; background: $boost; }
    ReviewScreen.-narrow SuggestionList { width: 20; }
    ReviewScreen.-tiny SuggestionList { display: none; }
    ReviewScreen NoteEditor { height: 0; border: none; }
    ReviewScreen NoteEditor.-open { border: round $panel-lighten-2; }
    ReviewScreen NoteEditor.-open:focus { border: round $accent; }
    """

    def __init__(self, ctx: ReviewContext, reply_id: str, index: int | None = None) -> None:
        super().__init__(ctx, id="review")
        self._start = (reply_id, index)
        self.view: ReplyView | None = None
        self.changes = ReviewChanges(self)
        self.aids = AidsReader(self)  # a large reply's findings and hints, read by a child process
        self.kept_bindings = KeptBindings(self)  # its keys run as read, by bindings kept (tui.keys_at_once)

    def compose(self) -> ComposeResult:
        # Fixed-size widgets only: moving to the next suggestion repaints them, it never
        # re-lays out the screen (see docs/performance.md, "Next suggestion").
        yield TextLine(id="review-header")
        with Horizontal(id="review-main"):
            yield SuggestionList(id="suggestion-list")
            with Vertical(id="review-detail"):
                yield TextLine(id="suggestion-title")
                yield SuggestionBody(id="suggestion-body")
                yield FindingsBand(self.lang, id="findings")
                yield TextLine(id="rating-bar")
                yield NoteEditor(save=self.save_note, placeholder=t("review.note_empty", self.lang), id="note")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    def on_mount(self) -> None:
        self._header = self.query_one("#review-header", TextLine)
        self._title = self.query_one("#suggestion-title", TextLine)
        self._body = self.query_one(SuggestionBody)
        self._findings = self.query_one(FindingsBand)
        self._bar = self.query_one("#rating-bar", TextLine)
        self._side = self.query_one(SuggestionList)
        self.note = ReviewNote(self.ctx, self, self.query_one(NoteEditor), self.changes.follow_layout)
        self.note.editor.can_focus = not self.ctx.store.readonly  # (a click would open it too)
        self.set_focus(None)
        self.load_reply(*self._start, opened=True)
        self.set_interval(HINTS_LOOK_SECONDS, self.aids.follow_model)

    def on_unmount(self) -> None:
        self.aids.stop()  # a large reply's aids no one will see: its child process is killed

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")
        self.set_class(event.size.width < 70, "-tiny")  # 60 columns: the text, not the list
        if self.view is not None:
            self.note.fit(self._body.content_region.width)
            self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        if self.view is not None:
            self._findings.fit(self.view.findings, self.view.total)  # they may wrap to other lines now
            self._findings.show(self.index, self._body.content_region.width)
        self.show_ratings()

    # what tests and the app read ---------------------------------------
    @property
    def reply_id(self) -> str:
        return self.view.reply_id if self.view is not None else self._start[0]

    @property
    def index(self) -> int:
        return self.view.index if self.view is not None else 1

    @property
    def reply(self) -> Reply | None:
        return self.view.reply if self.view is not None else None

    @property
    def findings(self) -> list[Finding | ParseNote]:
        return list(self.view.findings) if self.view is not None else []

    def hint_for(self, index: int) -> Hint | None:
        return self.view.hint(index) if self.view is not None else None

    # loading ----------------------------------------------------------
    def load_reply(self, reply_id: str, index: int | None = None, *, opened: bool = False) -> None:
        """Show reply `reply_id` at suggestion `index` (default: its first unrated one); `opened`: the
        reviewer opened it (enter in the inbox, a jump), not paged to it (], [, N) or was taken there (undo)."""
        if not hasattr(self, "note"):
            # Not mounted yet (Enter twice in one burst: the second open arrives before the
            # screen the first one pushed is mounted): on_mount shows this reply.
            self._start = (reply_id, index)
            return
        self.save_note()
        if (view := self._read(reply_id, lambda: ReplyView(self.ctx, reply_id, index))) is None:
            if self.view is None:  # (the screen's first reply, its text gone or damaged: back where it was asked for)
                self.dismiss(reply_id)
            return
        self.ctx.order.last_opened = reply_id
        self.view = view
        self.aids.start(self.view)
        self._header.set(header_text(self.view.reply, self.lang))
        self._findings.fit(self.view.findings, self.view.total)
        self.show_suggestion(opened=opened)

    def _read(self, reply_id: str, read: Callable[[], T]) -> T | None:
        return read_or_say(self, self.ctx.store, reply_id, read, self.lang)  # (None: said, nothing changed)

    def changed_elsewhere(self, reply_ids: frozenset[str]) -> None:
        """Another process wrote (tui.store_poll) to the reply shown: its layout (ReviewChanges.follow_layout),
        ratings and note are read again and redrawn (a note being written stays, ReviewNote)."""
        if (view := self.view) is not None and view.reply_id in reply_ids:
            # (a note being written follows the layout as after a refused save; else the screen does)
            (self.note.followed_layout if self.note.editor.has_focus else self.changes.follow_layout)()
            view.review = self.ctx.store.get_review(view.reply_id, self.ctx.reviewer)
            self.note.changed_elsewhere(view)
            self.note.fit(self._body.content_region.width)
            self.show_ratings()

    def note_saved_later(self, reply_id: str, index: int, review: Review) -> None:
        self.note.saved_later(reply_id, index, review)  # (tui.unsaved_notes; redrawn by changed_elsewhere next)

    def review_shown(self) -> Review | None:
        return self.view.review if self.view is not None else None

    def reload(self, index: int | None = None, *, keep_note: bool = False) -> None:
        """Re-read the reply (its layout may have changed) and this reviewer's review (`show_suggestion`)."""
        if (view := self.view) is not None:
            if self._read(view.reply_id, lambda: view.reload(index)) is None:
                return  # (its text damaged or deleted since it was opened: the screen stays as shown)
            self.aids.start(view)
            self._findings.fit(view.findings, view.total)
            self.show_suggestion(keep_note=keep_note)

    # drawing ----------------------------------------------------------
    def show_suggestion(self, *, opened: bool = False, keep_note: bool = False) -> None:
        """Redraw everything that depends on the current suggestion: a repaint of fixed-size widgets, no re-layout
        (one frame). `opened`: the reviewer opened the reply here; `keep_note`: a note being written stays."""
        view = self.view
        if view is None:
            return
        self.aids.follow(view.index)  # (a large reply's aids being read: this suggestion's next)
        self._body.show(view.body(view.index))
        self._findings.show(view.index, self._body.content_region.width)
        if (not (keep_note and self.note.editor.has_focus) and self.note.show(view) and opened and (view.reply_id, view.index) not in self.ctx.drafts_opened
                and not self.ctx.store.readonly):
            # A draft left by a hard stop opens in its box, being written, as after `n`, once: when
            # its reply is opened on it. Esc saves it as the note and stays here (the screen's esc
            # would leave). Paging onto a draft (j/k, ]/[, a rating's advance) only shows it: the
            # next keys move and rate, and `n` opens it.
            self.ctx.drafts_opened.add((view.reply_id, view.index))
            joined = view.review is not None and view.index in view.review.drafts_joined
            self.notify(t("review.drafts_joined" if joined else "review.draft_restored", self.lang), markup=False)
            self.set_focus(self.note.editor)
            self.note.editor.move_cursor(self.note.editor.document.end)  # typing goes on after it
        self.note.fit(self._body.content_region.width)
        self.show_ratings()
        self.call_after_refresh(prepare_neighbours, self, view.reply_id, view.index)
        self.post_message(PlaceMoved())  # written down a moment later, off the key path

    def show_ratings(self) -> None:
        """Redraw the rating bar, the title line and the side list (cheap: no re-layout)."""
        view = self.view
        if view is None:
            return
        self._title.set(title_text(view, self.lang))
        hint = view.hint(view.index) if view.suggestion else None
        bar = fitted_rating_bar(view, hint, self.lang, self._bar.content_region.width)
        rows = bar.plain.count("\n") + 1  # two when the hint's mark would be cut off (narrow)
        self._bar.styles.height = rows  # a layout only when it changes (Textual compares the rule)
        self._bar.set(bar)
        self._side.show_review(view.reply, view.review, view.index, self.lang, set(view.unsaved))
        self.call_after_refresh(clear_of_toasts, self, self._bar)

    # changes (cppcc_review.tui.screens.review_changes) -------------------------------
    def action_rate(self, value: str) -> None:
        self.changes.rate(Rating(value) if value else None)

    def action_accept_hint(self) -> None:
        self.changes.accept_hint()

    def action_undo(self) -> None:
        self.changes.undo()

    def action_redo(self) -> None:
        self.changes.redo()

    def action_merge(self) -> None:
        self.changes.merge()

    def action_split(self) -> None:
        self.changes.split()

    # moving -----------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self.view is not None and self.view.move(delta):
            self.show_suggestion()

    def action_reply(self, direction: int) -> None:
        if (target := self.ctx.order.neighbour(self.reply_id, direction)) is None:
            self.notify(t(self.ctx.order.end_message(self.reply_id, direction), self.lang), markup=False)
        else:
            self.load_reply(target)

    def action_next_work(self) -> None:
        target, none_left = self.ctx.order.next_or_none_left(self.reply_id, self.lang, not_after=True)
        if target is None:  # (this one is the only one left: nothing to go to)
            self.notify(none_left, markup=False)
        else:
            self.load_reply(target)

    def action_scroll_text(self, direction: int) -> None:
        self._body.page(direction)

    def action_back(self) -> None:
        self.save_note()
        self.dismiss(self.reply_id)  # the app puts the inbox's cursor on this reply

    # note -------------------------------------------------------------
    def action_note(self) -> None:
        if self.note.refused_readonly():
            return
        if self.view is not None and self.view.suggestion is not None:
            # synchronously (not widget.focus(), which waits a turn): the keys typed
            # right after `n` must reach the note, not fire review bindings
            self.set_focus(self.note.editor)
            if not self.note.opened:  # the stored note, or last time's draft: typing goes on after it
                self.note.editor.move_cursor(self.note.editor.document.end)

    def save_note(self, leaving: bool = False) -> None:
        """Store the note as a change if it differs from the saved one (its draft goes with it); `leaving`: esc."""
        if self.view is None or not self.is_mounted:
            return
        if self.note.save(leaving) is not None:
            self.post_message(RepliesChanged(frozenset({self.view.reply_id})))
            self.show_ratings()

    save_now = save_note  # the app is closing (quit, a closed terminal): the note being typed becomes a change

    @on(NoteEditor.Changed)
    def note_typed(self) -> None:
        self.note.typed()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, NoteEditor) and not event.widget.has_focus:  # (not given back: ReviewNote.save)
            self.save_note()
            self.note.fit(self._body.content_region.width)
            self.call_after_refresh(clear_of_toasts, self, self._bar)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, NoteEditor):
            self.note.open()
            self.note.fit(self._body.content_region.width)
            self.call_after_refresh(clear_of_toasts, self, self._bar)

    # other screens ----------------------------------------------------
    def action_original(self) -> None:
        from .original import OriginalScreen

        if self.view is not None:
            self.app.push_screen(OriginalScreen(self.ctx, self.view.reply, *self.view.lines_shown()))

    def action_assess(self) -> None:
        open_assessment(self)
