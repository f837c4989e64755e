"""The note of the current suggestion on the review screen.

It is shown with its draft when one was left (cppcc_review.tui.drafts), kept as a durable draft while
it is typed, and saved as a change when the reviewer leaves it (escape, another
suggestion or reply, another screen, quitting). The box takes no rows while the note is
empty and not being written: an 80x24 terminal needs them for the text.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget

from ...store.assessment_merge import both_kept
from ...store.draft_leftovers import without_time_lines
from ...store.model import Review
from ..cjk_wrap import wrap_lines
from ..context import ReviewContext
from ..drafts import DraftKeeper
from ..i18n import t
from ..review_model import ReplyView
from ..safe_text import box_text, text_from_box
from ..unsaved_notes import UnsavedNote
from ..widgets.note_editor import NoteEditor

#: rows of the note box while it is written in (with its border)
NOTE_ROWS = 5
#: how many layouts a refused note follows in a row (each refusal: another writer merged or split again)
RELAID_TRIES = 3


class ReviewNote:
    def __init__(self, ctx: ReviewContext, timers: Widget, editor: NoteEditor,
                 follow_layout: Callable[[str, int | None], bool]) -> None:
        self.ctx = ctx
        self.editor = editor
        self.follow_layout = follow_layout
        """The screen's (ReviewChanges.follow_layout): shows the layout stored now after a write was refused
        because the suggestions were merged or split elsewhere (a toast: the catalogue key given); False
        when the layout is as shown (another refusal)."""
        self.view: ReplyView | None = None
        self.loaded = ""
        """The note as saved (a change); the editor may show its draft."""
        self.drafts = DraftKeeper(timers, ctx.status, "note", self.text, self._save_draft)
        self.rows = -1
        self._warned: str | None = None
        """The other writer's note the reviewer was last told of while writing (told once)."""
        self.restored = False
        """The box was filled with a draft from last time (a hard stop)."""
        self.opened = False
        """The reviewer opened the box (n, a click, a restored draft opening) since it was filled: until
        then a restored draft in it is only shown, and stays a draft whatever the screen does."""

    def show(self, view: ReplyView) -> bool:
        """Put the current suggestion's note (or its draft) in the editor; True when a draft
        was brought back."""
        self.view = view
        self.opened = self.editor.has_focus
        note, draft = view.note_shown()
        unsaved = self.ctx.unsaved.get(view.reply_id, view.index)
        shown = unsaved.text if unsaved is not None else draft if draft is not None else note
        self.loaded = note
        self.drafts.reset(shown)  # before load_text: its Changed then finds nothing new
        self._put(shown)  # (a note the disk refused: shown again, saved by esc or the app's next try)
        self.restored = draft is not None and unsaved is None
        self._mark_restored(self.restored)
        return self.restored

    def open(self) -> None:
        """The box has the focus: what it holds is written on from here on. Another window still typing
        this note keeps its draft there (not shown here): the reviewer is told, once per opening."""
        view = self.view
        if not self.opened and view is not None and view.index in view.review.notes_elsewhere:
            self.say("review.note_elsewhere")
        self.opened = True
        self._mark_restored(bool(self.ctx.status.restored & {"note", "note_shown"}))

    def _mark_restored(self, restored: bool) -> None:
        """The status line: a draft from last time open to write on (esc saves it), or shown in the closed
        box (n opens it), or neither."""
        self.ctx.status.set_restored("note_shown", restored and not self.opened)
        self.ctx.status.set_restored("note", restored and self.opened)

    def refused_readonly(self) -> bool:
        """True when the database is open read-only: nothing typed could be saved, so the box does not
        open, and the status line says so (as a rating's key does), with the bell."""
        if self.ctx.store.readonly:
            self.ctx.write.refused_readonly("review.note_readonly")
        return self.ctx.store.readonly

    def typed(self) -> None:
        if self.view is not None and self.view.suggestion is not None:
            self.drafts.typed()

    def save(self, leaving: bool = False) -> Review | None:
        """Store the note as a change if it differs from the saved one (its draft goes with
        it); the review as it now is when the note changed, else None. Refused because the
        suggestions were merged or split elsewhere since the screen showed them: `relaid`
        (`leaving`: the reviewer pressed esc; the box is given the focus back)."""
        view = self.view
        if view is None or view.suggestion is None:
            return None
        boxed = self.text()
        # (the time lines above gone windows' drafts joined in the box are the tool's, not the note)
        text = without_time_lines(boxed)
        self._mark_restored(False)  # what the box holds is the note from here on, or no longer shown
        if not self.opened:
            return None  # nothing typed; a draft from last time only shown stays a draft
        if text == self.loaded:
            self.ctx.unsaved.drop(view.reply_id, view.index)  # (typed back to the stored note)
            if self.drafts.on_disk != text:  # a draft on disk that the reviewer typed away again
                saved = self.ctx.write(self.ctx.store.set_draft, view.reply_id, self.ctx.reviewer, view.index, None)
                if saved is not None:
                    view.review = saved.value
                    self.drafts.reset(text)
                    self._put(text)
            else:
                self.drafts.reset(text)
            return None
        saved_note = self.ctx.write(self.ctx.store.set_note, view.reply_id, self.ctx.reviewer, view.index, text,
                                    base=self.loaded, shown=view.layout)
        if saved_note is None:
            if self.relaid(text, "review.note_relaid_not_saved") and leaving:
                self.editor.screen.set_focus(self.editor)  # (before the blur's save_note: it then saves nothing)
                self.editor.move_cursor(self.editor.document.end)
            elif self.ctx.write.refused_by_disk:  # kept, never dropped on the way to another suggestion
                self.ctx.unsaved.keep(UnsavedNote(view.reply_id, view.index, text, self.loaded, view.layout))
                # (no longer "being typed": the status line's 未保存 says it is kept; 编辑中 stayed on after
                # the kept note was saved, on the inbox, where no box was left to clear it)
                self.drafts.reset(self.drafts.on_disk)
            return None
        self.ctx.unsaved.drop(view.reply_id, view.index)
        view.review = saved_note.value
        stored, _draft = view.note_shown()
        self.loaded = stored
        self.drafts.reset(stored)
        if stored != text:  # another writer changed the note while it was written here: both kept
            self._put(stored)
            self.say("review.note_kept_both")
        elif boxed != text:  # (the time lines left out)
            self._put(stored)
        return saved_note.value

    def saved_later(self, reply_id: str, index: int, review: Review) -> None:
        """A note the disk had refused is saved now (the app tried again; `review` as stored). Shown
        here, it is the note saved here, and what the box holds (the same text, or typed on since)
        is saved over it."""
        view = self.view
        if view is None or view.reply_id != reply_id:
            return
        view.review = review
        if view.index == index:
            note, _draft = view.note_shown()
            self.loaded = note
            if self.text() == note:
                self.drafts.reset(note)

    def changed_elsewhere(self, view: ReplyView) -> None:
        """Another writer changed this reply (`view.review` is read again): the box shows the stored
        note (or draft), unless the reviewer is writing in it; then what they write is kept, and
        saving it keeps the other writer's note too (`save` passes the note it was written over)."""
        note, draft = view.note_shown()
        if view is not self.view or (note == self.loaded and (draft or note) == self.drafts.on_disk):
            return
        writing = self.opened and (self.drafts.dirty or self.text() != self.loaded)
        if not writing:
            self.show(view)
            return
        if note != self.loaded and note != self._warned:
            self._warned = note
            self.say("review.note_changed_elsewhere")
        if draft is not None and draft != self.drafts.on_disk:
            self._leftover_added(draft)

    def _leftover_added(self, draft: str) -> None:
        """A gone window's draft of this note, handed to this box by the store while the reviewer types in
        it (no draft of this window's on disk yet): this box's next draft or save replaces it, so it goes
        in the box, after the typed text (as the assessment form's opinion box does), and the reviewer is
        told. Nothing when the box holds it already."""
        if self.editor.append_leftover(box_text(draft)):
            self.drafts.typed()
            self.say("review.draft_added")

    def text(self) -> str:
        """The note the box holds: the stored note's (or its draft's) own bytes while the box shows
        them unchanged, else what was typed (tui.safe_text.text_from_box)."""
        return text_from_box(self.editor.text, self.loaded, self.drafts.on_disk)

    def _put(self, text: str) -> None:
        """Show `text` in the box, its control characters as visible stand-ins (tui.safe_text.box_text)."""
        shown = box_text(text)
        if self.editor.text != shown:
            self.editor.load_text(shown)

    def say(self, key: str) -> None:
        self.editor.notify(t(key, self.ctx.lang), severity="warning", markup=False)

    def _save_draft(self, text: str) -> bool:
        view = self.view
        if view is None:
            return False
        saved = self.ctx.write(self.ctx.store.set_draft, view.reply_id, self.ctx.reviewer, view.index, text,
                               shown=view.layout)
        if saved is None:  # (refused and relaid: the box's text is on disk when both_kept changed nothing)
            return self.relaid(text, "review.note_relaid_draft") and self.drafts.on_disk == text
        view.review = saved.value
        return True

    def followed_layout(self) -> bool:
        """The poll met another writer's change to the reply while its note is being written (the box has
        the focus): where the suggestions were merged or split elsewhere, the note follows them as after
        a refused save (`relaid`), so that its box and its next drafts hold the note stored there now with
        what is typed (a draft of the typed text alone, restored after a closed terminal, would replace
        the note a merge joined to it). False: the same layout (read once)."""
        return self.relaid(self.text(), "review.note_relaid_draft")  # (the stored bytes while shown)

    def relaid(self, text: str, told: str) -> bool:
        """A note (or its draft) `text` was refused: written against suggestions merged or split elsewhere
        since (store: LayoutChangedError), it would have landed on another suggestion. The screen follows
        the stored layout to the suggestion that now holds the text the note was written for (the reviewer
        is told, `told`); the box keeps the text, with the note stored there now in front of it when it
        is another (a merge joined two notes: `both_kept`, what saving it would store), and is kept as
        that suggestion's draft, so that a closed terminal loses nothing; that draft refused in its turn (a
        third writer merged or split again meanwhile: the refusal read that layout), the screen follows
        again, to the suggestion that holds the line the note was written for, and says so. False: not
        that refusal."""
        view, base = self.view, self.loaded
        line = view.suggestion.start if view is not None and view.suggestion is not None else None
        if view is None or not self.follow_layout(told, line):
            return False
        for _again in range(RELAID_TRIES):
            note, draft = view.note_shown()
            # (nothing typed since this window's last draft, which a merge elsewhere made the merged one's
            # (store/layout_writes.merged_drafts): that draft, else the two texts kept as saving keeps them)
            kept = draft if draft is not None and text == self.drafts.on_disk else both_kept(note, base, text)
            self.loaded, self.opened = note, self.editor.has_focus  # (esc's save gives the focus back: opened)
            shown = box_text(kept)
            if self.editor.text != shown:
                row, column = self.editor.cursor_location
                self.editor.load_text(shown)
                if text and kept.endswith(text):  # the other text went in front: typing goes on where it was
                    self.editor.move_cursor((row + kept[:len(kept) - len(text)].count("\n"), column))
            saved = self.ctx.write(self.ctx.store.set_draft, view.reply_id, self.ctx.reviewer, view.index, kept,
                                   shown=view.layout)
            if saved is not None:
                view.review = saved.value
                self.drafts.reset(kept)
            # merged or split again (by a third writer) since the layout just followed: followed too, and said
            if saved is not None or not self.ctx.write.refused_for_layout or not self.follow_layout(told, line):
                break
        return True

    def fit(self, fallback_width: int) -> None:
        """Size the box: no rows while empty and not being written, its text (at most
        NOTE_ROWS) otherwise, NOTE_ROWS while it has the focus."""
        editor = self.editor
        if editor.has_focus:
            rows = NOTE_ROWS
            editor.call_after_refresh(editor.scroll_cursor_visible)  # where the writing goes on
        elif not editor.text:
            rows = 0
        else:
            width = max(editor.content_region.width or fallback_width - 2, 10)
            rows = min(len(wrap_lines(Text(editor.text), width)), NOTE_ROWS - 2) + 2
            # The closed box shows the note's beginning (it stayed scrolled to where the writing
            # ended, the end of a long note); the cursor stays put for the next `n`.
            editor.scroll_to(0, 0, animate=False, immediate=True)
        if rows != self.rows:
            self.rows = rows
            editor.styles.height = rows
            editor.set_class(rows > 0, "-open")  # the border (app.tcss)
