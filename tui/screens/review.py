"""The review screen: one suggestion at a time, rated with one key.

Each change goes to the store in the key handler itself (a journal append of about
a millisecond), so it is on disk before the next key is read. When the store says
it could not save, the rating is shown as unsaved and the status line turns red;
the session goes on.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical


from store.model import Rating, ReviewState
from tui.cjk_wrap import wrap_lines, wrap_text
from tui.drafts import DraftKeeper
from tui.i18n import enum_label, t
from tui.keymap import keys_of
from tui.safe_text import display_text
from tui.screens.base import BaseScreen
from tui.widgets.note_editor import NoteEditor
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_line import StatusLine
from tui.widgets.suggestion_body import SuggestionBody, findings_text, suggestion_text
from tui.widgets.suggestion_list import RATING_STYLE, SuggestionList, suggestion_list_lines
from tui.widgets.text_line import TextLine

#: at most this many lines of findings under the text (the rest are cut)
MAX_FINDINGS_LINES = 4
#: rows of the note box while it is written in (with its border)
NOTE_ROWS = 5

UNSET = object()


def header_text(reply, lang: str) -> Text:
    """文号 · title on the first line; proposer, handler, declared result, date on the second."""
    out = Text(no_wrap=True, overflow="ellipsis")
    doc = display_text(reply.doc_no or reply.proposal_no or t("none", lang), single_line=True)
    out.append(doc, style="bold #61afef")
    if reply.date:  # next to the 文号, so that a narrow screen keeps it
        out.append("  " + display_text(reply.date, single_line=True), style="#8a8f98")
    out.append("  ")
    out.append(display_text(reply.title or "", single_line=True), style="bold")
    out.append("\n")
    fields = [
        ("review.proposer", "、".join(reply.proposers)),
        ("review.handler", reply.handler),
        ("review.declared", reply.declared_result),
    ]
    first = True
    for key, value in fields:
        if not first:
            out.append("  · ", style="#8a8f98")
        first = False
        out.append(t(key, lang) + ("：" if lang != "en" else ": "), style="#8a8f98")
        out.append(display_text(value or t("none", lang), single_line=True))
    return out


def hint_origin(hint, lang: str) -> str:
    """"[把握较大 · 依据规则]" / "[weak · learned from your 120 ratings]": how far to trust
    a suggested rating and where it comes from (store.hint_learner)."""
    strength = t("hint.confident" if getattr(hint, "confident", False) else "hint.weak", lang)
    if getattr(hint, "source", "rules") == "learned":
        source = t("hint.learned", lang, n=getattr(hint, "n_ratings", 0))
    else:
        source = t("hint.rules", lang)
    return f"[{strength} · {source}]"


def first_unrated(review, total: int, after: int = 0) -> int | None:
    """The first unrated suggestion after `after` (wrapping round), or None when all are rated."""
    for step in range(1, total + 1):
        index = (after + step - 1) % total + 1
        if index - 1 >= len(review.suggestions) or review.suggestions[index - 1].rating is None:
            return index
    return None


class ReviewScreen(BaseScreen):
    TITLE_KEY = "review.title"
    #: the footer's first keys: what a narrow terminal must still show
    FOOTER_FIRST = ("undo", "original", "back", "assess", "rate_adopted", "rate_partial", "rate_explained", "note")
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
    ReviewScreen #review-detail { width: 1fr; max-width: 110; }
    ReviewScreen #suggestion-title { height: 1; padding: 0 1; color: $text-muted; }
    ReviewScreen #findings { height: 0; padding: 0 1; }
    ReviewScreen #rating-bar { height: 1; padding: 0 1; background: $boost; }
    ReviewScreen.-narrow SuggestionList { width: 20; }
    ReviewScreen.-tiny SuggestionList { display: none; }
    ReviewScreen NoteEditor { height: 0; border: none; }
    """
    # #review-detail's max-width is the reading measure: on a very wide terminal the text
    # keeps lines of some fifty characters instead of running across the whole screen.

    def __init__(self, reply_id: str, index: int | None = None) -> None:
        super().__init__(id="review")
        self.reply_id = reply_id
        self.start_index = index
        self.reply = None
        self.review = None
        self.index = 1
        self.findings: list = []
        self.hints: dict[int, object] = {}
        self.unsaved: dict[int, Rating | None] = {}
        self.texts: dict[int, Text] = {}  # the body of each suggestion, built once per reply
        self._note_loaded = ""  # the note as saved (a change); the editor may show its draft
        self._note_draft: DraftKeeper | None = None

    def compose(self) -> ComposeResult:
        # Fixed-size widgets only: moving to the next suggestion repaints them, it never
        # re-lays out the screen (see docs/performance.md, "Next suggestion").
        yield TextLine(id="review-header")
        with Horizontal(id="review-main"):
            yield SuggestionList(id="suggestion-list")
            with Vertical(id="review-detail"):
                yield TextLine(id="suggestion-title")
                yield SuggestionBody(id="suggestion-body")
                yield TextLine(id="findings")
                yield TextLine(id="rating-bar")
                yield NoteEditor(lang=self.lang, id="note", placeholder=t("review.note_empty", self.lang))
        yield StatusLine()
        yield KeyFooter()

    def on_mount(self) -> None:
        self._header = self.query_one("#review-header", TextLine)
        self._title = self.query_one("#suggestion-title", TextLine)
        self._body = self.query_one(SuggestionBody)
        self._findings = self.query_one("#findings", TextLine)
        self._bar = self.query_one("#rating-bar", TextLine)
        self._side = self.query_one(SuggestionList)
        self._editor = self.query_one(NoteEditor)
        self._findings_height = 0
        self._note_draft = DraftKeeper(self, "note", lambda: self._editor.text, self._save_note_draft)
        self.load_reply(self.reply_id, self.start_index)
        self.set_focus(None)

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < 100, "-narrow")
        self.set_class(event.size.width < 70, "-tiny")  # 60 columns: the text, not the list
        self._size_note()
        if self.reply is not None:
            self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        self._size_findings()  # the findings may wrap to another number of lines
        self._findings.set(self._wrapped_findings(self.index))
        self.show_ratings()

    # loading ----------------------------------------------------------
    @property
    def store(self):
        return self.app.store

    @property
    def suggestion(self):
        if self.reply and 1 <= self.index <= len(self.reply.suggestions):
            return self.reply.suggestions[self.index - 1]
        return None

    def load_reply(self, reply_id: str, index: int | None = None) -> None:
        """Show reply `reply_id` at suggestion `index` (default: its first unrated one)."""
        if not hasattr(self, "_header"):
            # Not composed yet (Enter twice in one burst: the second open arrives before the
            # screen the first one pushed is mounted): on_mount shows this reply.
            self.reply_id, self.start_index = reply_id, index
            return
        self.save_note()
        self.reply_id = reply_id
        self.app.last_reply_id = reply_id
        self.reply = self.store.get_reply(reply_id)
        self.review = self.store.get_review(reply_id, self.app.reviewer)
        self.hints = {}
        self.texts = {}
        self.unsaved = {}
        self.findings = self.app.reply_findings(self.reply)
        total = len(self.reply.suggestions)
        if index is None:
            index = first_unrated(self.review, total) if total else 1
            index = index or 1
        self.index = max(1, min(index, max(total, 1)))
        self._header.set(header_text(self.reply, self.lang))
        self._size_findings()
        self.show_suggestion()

    def reload(self, index: int | None = None) -> None:
        """Re-read the reply (its layout may have changed) and this reviewer's review."""
        self.reply = self.store.get_reply(self.reply_id)
        self.review = self.store.get_review(self.reply_id, self.app.reviewer)
        self.hints = {}
        self.texts = {}
        self.findings = self.app.reply_findings(self.reply)
        total = len(self.reply.suggestions)
        if index is not None:
            self.index = index
        self.index = max(1, min(self.index, max(total, 1)))
        self._size_findings()
        self.show_suggestion()

    def hint_for(self, index: int):
        if index not in self.hints:
            suggestion = self.reply.suggestions[index - 1] if self.reply and 0 < index <= len(self.reply.suggestions) else None
            self.hints[index] = self.app.suggest_rating(self.reply, suggestion) if suggestion else None
        return self.hints[index]

    def text_for(self, index: int) -> Text:
        """The body of suggestion `index` (built once per reply: it depends on the text,
        the hint and the findings, not on the rating)."""
        if index not in self.texts:
            total = len(self.reply.suggestions) if self.reply else 0
            suggestion = self.reply.suggestions[index - 1] if 0 < index <= total else None
            hint = self.hint_for(index) if suggestion else None
            self.texts[index] = suggestion_text(self.reply, suggestion, self.lang, hint=hint, findings=self.findings)
        return self.texts[index]

    # drawing ----------------------------------------------------------
    def show_suggestion(self) -> None:
        """Redraw everything that depends on the current suggestion: a repaint of
        fixed-size widgets, no re-layout (one frame)."""
        total = len(self.reply.suggestions) if self.reply else 0
        self._title.set(self._title_text())
        self._body.show(self.text_for(self.index))
        self._findings.set(self._wrapped_findings(self.index))
        note = self.current_review().note if self.current_review() else ""
        draft = self.review.note_drafts.get(self.index) if self.review else None
        shown = draft if draft is not None else note
        editor = self._editor
        self._note_loaded = note
        self._note_draft.reset(shown)  # before load_text: its Changed then finds nothing new
        if editor.text != shown:
            editor.load_text(shown)
        self._size_note()
        if draft is not None:
            self.notify(t("review.draft_restored", self.lang), markup=False)
        self.show_ratings()
        self.call_after_refresh(self._prepare_neighbours, self.reply_id, self.index)

    def _prepare_neighbours(self, reply_id: str, index: int) -> None:
        """After the frame is painted: wrap the next (and previous) suggestion's text so
        that `j` (or `k`) only has to paint it."""
        if reply_id != self.reply_id or index != self.index or not self.is_current:
            return  # the reviewer has moved on already
        total = len(self.reply.suggestions) if self.reply else 0
        for near in (index + 1, index - 1):
            if 1 <= near <= total:
                self._body.prepare(self.text_for(near))

    def _title_text(self) -> Text:
        """"Suggestion 2/3", and when this reviewer has confirmed the assessment: that the
        reply is done (a changed rating then leaves the assessment to look at again)."""
        total = len(self.reply.suggestions) if self.reply else 0
        title = Text(t("review.suggestion_n", self.lang, i=self.index if total else 0, n=total), no_wrap=True,
                     overflow="ellipsis")
        review = self.review
        if review is not None and review.state == ReviewState.DONE:
            from tui.screens.assessment import local_time

            when = local_time(review.assessment.completed_at)
            title.append("   ✓ " + t("review.done", self.lang, time=when), style="#98c379")
        return title

    def _size_note(self) -> None:
        """The note box takes no rows while it is empty and not being written (80x24 needs
        them for the text); it grows to its text (at most NOTE_ROWS) and to NOTE_ROWS
        while it has the focus."""
        editor = getattr(self, "_editor", None)
        if editor is None:
            return
        if editor.has_focus:
            rows = NOTE_ROWS
        elif not editor.text:
            rows = 0
        else:
            width = max(editor.content_region.width or self._body.content_region.width - 2, 10)
            lines = len(wrap_lines(Text(editor.text), width))
            rows = min(lines, NOTE_ROWS - 2) + 2
        if rows != getattr(self, "_note_rows", None):
            self._note_rows = rows
            editor.styles.height = rows
            editor.styles.border = ("round", "#5c6370") if rows else None

    def _wrapped_findings(self, index: int | None) -> Text:
        """The findings of suggestion `index` (and the reply's), wrapped for the band's width
        with Chinese line-breaking rules."""
        text = findings_text(self.findings, index, self.lang)
        width = self._findings.content_region.width or self._body.content_region.width
        return wrap_text(text, width) if width > 0 and text else text

    def _findings_here(self) -> list:
        return [f for f in self.findings if f.suggestion in (None, self.index)]

    def _size_findings(self) -> None:
        """Give #findings one height for the whole reply: the most lines the findings of
        one suggestion take once wrapped (at most MAX_FINDINGS_LINES). Moving within the
        reply never resizes it; only another reply or another width may."""
        if self.reply is None:
            return
        total = len(self.reply.suggestions)
        widget = self._findings
        width = widget.content_region.width
        height = 0
        for index in range(0, total + 1):
            text = findings_text(self.findings, index or None, self.lang)
            if not text:
                continue
            if width > 0:
                lines = len(wrap_lines(text, width))
            else:  # not laid out yet: one line a finding; the first resize measures again
                lines = text.plain.count("\n") + 1
            height = max(height, lines)
            if height >= MAX_FINDINGS_LINES:
                height = MAX_FINDINGS_LINES
                break
        if height != self._findings_height:
            self._findings_height = height
            self._findings.styles.height = height

    def current_review(self):
        if self.review and 1 <= self.index <= len(self.review.suggestions):
            return self.review.suggestions[self.index - 1]
        return None

    def show_ratings(self) -> None:
        """Redraw the rating bar, the title line and the side list (cheap: no re-layout)."""
        lang = self.lang
        self._title.set(self._title_text())
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append(t("review.rating", lang))
        sr = self.current_review()
        if self.index in self.unsaved:
            rating = self.unsaved[self.index]
            bar.append(enum_label(rating, lang) or t("review.unrated", lang), style="bold #e06c75")
            bar.append(" " + t("review.unsaved", lang), style="bold #e06c75")
        elif sr is not None and sr.rating is not None:
            bar.append(enum_label(sr.rating, lang), style=RATING_STYLE.get(sr.rating, "bold"))
            if sr.hint_accepted:
                bar.append(" (" + t("review.hint_accepted", lang) + ")", style="#8a8f98")
            if sr.changed:
                bar.append(" ⚠ " + t("review.changed", lang), style="#e5c07b")
        else:
            bar.append(t("review.unrated", lang), style="#8a8f98")
        hint = self.hint_for(self.index) if self.suggestion else None
        if hint is not None and getattr(hint, "rating", None) is not None:
            bar.append("   ")
            bar.append(t("review.hint", lang, rating=enum_label(hint.rating, lang)), style="italic #8a8f98")
            bar.append(" " + hint_origin(hint, lang), style="#8a8f98" if getattr(hint, "confident", False) else "dim #8a8f98")
        self._bar.set(bar)
        if self.reply is not None:
            side = self._side
            width = side.scrollable_content_region.width or 28
            side.show(suggestion_list_lines(self.reply, self.review, self.index, lang, set(self.unsaved), width), self.index)
        self.refresh_status()

    # rating -----------------------------------------------------------
    def action_rate(self, value: str) -> None:
        self.rate(Rating(value) if value else None)

    def rate(self, rating: Rating | None, hint_accepted: bool = False) -> None:
        if self.suggestion is None:
            return
        index = self.index
        was_done = self.state == ReviewState.DONE
        ok, review = self.app.write(
            self.store.set_rating, self.reply_id, self.app.reviewer, index, rating, hint_accepted=hint_accepted
        )
        done_changed = ok and was_done and review.suggestions[index - 1].rating != self.review.suggestions[index - 1].rating
        if done_changed:
            self.notify(t("review.done_rating_changed", self.lang), severity="warning", markup=False)
        if not ok:
            self.unsaved[index] = rating
            self.show_ratings()
            return
        self.unsaved.pop(index, None)
        self.review = review
        self.app.inbox_dirty = True
        if rating is not None and self.app.settings.auto_advance:
            nxt = first_unrated(review, len(self.reply.suggestions), after=index)
            if nxt is None:
                if not done_changed:  # (that message already says to press s)
                    self.notify(t("review.all_rated", self.lang), markup=False)
            elif nxt != index:
                self.index = nxt
                self.show_suggestion()
                return
        self.show_ratings()

    def action_accept_hint(self) -> None:
        """Enter takes the suggested rating, on an unrated suggestion only: a rating chosen
        by hand (or an accepted hint) is never replaced by a key meant for "yes, that one"."""
        hint = self.hint_for(self.index) if self.suggestion else None
        if hint is None or getattr(hint, "rating", None) is None:
            self.notify(t("review.no_hint", self.lang), markup=False)
            return
        current = self.current_review()
        if self.index in self.unsaved:
            return  # the last try did not reach the disk: rate again with a rating key
        if current is not None and current.rating is not None:
            lang = self.lang
            if current.rating == hint.rating:
                self.notify(t("review.hint_same", lang, rating=enum_label(current.rating, lang)), markup=False)
            else:
                key = self.rating_key(hint.rating)
                self.notify(
                    t("review.hint_not_over", lang, rating=enum_label(current.rating, lang),
                      hint=enum_label(hint.rating, lang), key=key),
                    markup=False,
                )
            return
        self.rate(hint.rating, hint_accepted=True)

    def rating_key(self, rating: Rating) -> str:
        """The first key that rates `rating` on this screen (after the user's keymap)."""
        binding_id = {Rating.ADOPTED: "rate_adopted", Rating.PARTIALLY_ADOPTED: "rate_partial",
                      Rating.EXPLAINED: "rate_explained"}[rating]
        keys = keys_of(self._binding_chain, binding_id, self.app.get_key_display)
        return keys[0] if keys else "?"

    # moving -----------------------------------------------------------
    def action_move(self, delta: int) -> None:
        total = len(self.reply.suggestions) if self.reply else 0
        new = max(1, min(total, self.index + delta))
        if total and new != self.index:
            self.index = new
            self.show_suggestion()

    def action_reply(self, direction: int) -> None:
        target = self.app.neighbour_reply(self.reply_id, direction)
        if target is None:
            key = "review.last_reply" if direction > 0 else "review.first_reply"
            self.notify(t(key, self.lang), markup=False)
            return
        self.load_reply(target)

    def action_next_work(self) -> None:
        target = self.app.neighbour_reply(self.reply_id, 1, needs_work=True)
        if target is None:
            self.notify(t("review.no_work_left", self.lang), markup=False)
            return
        self.load_reply(target)

    def action_scroll_text(self, direction: int) -> None:
        body = self._body
        body.scroll_to(y=body.scroll_y + direction * max(1, body.size.height - 2), animate=False)

    def action_back(self) -> None:
        self.save_note()
        reply_id = self.reply_id
        self.app.pop_screen()
        self.app.save_place(inbox_row=reply_id)  # back in the inbox, on this reply

    # note -------------------------------------------------------------
    def action_note(self) -> None:
        if self.suggestion is not None:
            # synchronously (not widget.focus(), which waits a turn): the keys typed
            # right after `n` must reach the note, not fire review bindings
            self.set_focus(self.query_one(NoteEditor))

    def save_note(self) -> None:
        """Store the note as a change if it differs from the saved one (its draft goes with it)."""
        if self.reply is None or not self.is_mounted or self._note_draft is None:
            return
        keeper = self._note_draft
        text = self._editor.text
        if self.suggestion is None:
            return
        if text == self._note_loaded:
            if keeper.on_disk != text:  # a draft on disk that the reviewer typed away again
                ok, review = self.app.write(self.store.set_draft, self.reply_id, self.app.reviewer, self.index, None)
                if ok:
                    self.review = review
                    keeper.reset(text)
            else:
                keeper.reset(text)
            return
        ok, review = self.app.write(self.store.set_note, self.reply_id, self.app.reviewer, self.index, text)
        if ok:
            self._note_loaded = text
            keeper.reset(text)
            self.review = review
            self.app.inbox_dirty = True
            self.show_ratings()

    def save_now(self) -> None:
        """The app is closing (quit, a closed terminal): the note being typed becomes a change."""
        self.save_note()

    @on(NoteEditor.Changed)
    def note_typed(self, event: NoteEditor.Changed) -> None:
        if self._note_draft is not None and self.reply is not None and self.suggestion is not None:
            self._note_draft.typed()

    def _save_note_draft(self, text: str) -> bool:
        ok, review = self.app.write(self.store.set_draft, self.reply_id, self.app.reviewer, self.index, text)
        if ok:
            self.review = review
        return ok

    @on(NoteEditor.Leave)
    def note_left(self, event: NoteEditor.Leave) -> None:
        self.save_note()  # already saved by the editor; harmless if nothing changed

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, NoteEditor):
            self.save_note()
            self._size_note()

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, NoteEditor):
            self._size_note()

    # history ----------------------------------------------------------
    def action_undo(self) -> None:
        self._history(self.store.undo, "review.undone", "review.nothing_to_undo")

    def action_redo(self) -> None:
        self._history(self.store.redo, "review.redone", "review.nothing_to_redo")

    def _history(self, method, done_key: str, none_key: str) -> None:
        self.save_note()
        ok, change = self.app.write(method, self.app.reviewer)
        if not ok:
            return
        if change is None:
            self.notify(t(none_key, self.lang), markup=False)
            return
        self.app.inbox_dirty = True
        what = t(f"action.{change.action}", self.lang)
        if change.index:
            what += f" #{change.index}"
        if change.reply_id != self.reply_id:
            self.load_reply(change.reply_id, change.index)
        else:
            self.reload(change.index)
        self.notify(t(done_key, self.lang, what=what), markup=False)

    # layout fixes -----------------------------------------------------
    def action_merge(self) -> None:
        if self.reply is None or self.index >= len(self.reply.suggestions):
            self.notify(t("review.cannot_merge", self.lang), markup=False)
            return
        self.save_note()
        index = self.index
        ok, _reply = self.app.write(self.store.merge_suggestion, self.reply_id, self.app.reviewer, index)
        if ok:
            self.app.inbox_dirty = True
            self.reload(index)
            self.notify(t("review.merged", self.lang, i=index, j=index + 1), markup=False)

    def action_split(self) -> None:
        suggestion = self.suggestion
        if suggestion is None:
            return
        first = suggestion.start + (2 if suggestion.heading else 1)
        candidates = [n for n in range(first, suggestion.end) if 0 <= n < len(self.reply.lines)]
        if not candidates:
            self.notify(t("review.cannot_split", self.lang), markup=False)
            return
        from tui.screens.split_picker import SplitPicker

        index = self.index

        def chosen(at_line: int | None) -> None:
            if at_line is None:
                return
            self.save_note()
            ok, _reply = self.app.write(self.store.split_suggestion, self.reply_id, self.app.reviewer, index, at_line)
            if ok:
                self.app.inbox_dirty = True
                self.reload(index)
                self.notify(t("review.split", self.lang, i=index, line=at_line + 1), markup=False)

        self.app.push_screen(SplitPicker(self.reply.lines, candidates), chosen)

    # other screens ----------------------------------------------------
    def action_original(self) -> None:
        from tui.screens.original import OriginalScreen

        suggestion = self.suggestion
        line = suggestion.start if suggestion else 0
        end = suggestion.end if suggestion else 0
        self.app.push_screen(OriginalScreen(self.reply, line, end))

    def action_assess(self) -> None:
        from tui.screens.assessment import AssessmentScreen

        self.save_note()

        def closed(result=None) -> None:
            self.review = self.store.get_review(self.reply_id, self.app.reviewer)
            self.show_ratings()
            if result == "next":  # confirmed with ctrl+n: on to the next reply that needs work
                self.action_next_work()

        self.app.push_screen(AssessmentScreen(self.reply_id), closed)

    def on_screen_resume(self) -> None:
        self.refresh_status()

    @property
    def state(self) -> ReviewState:
        return self.review.state if self.review else ReviewState.UNREVIEWED
