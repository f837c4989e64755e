"""The note of the current suggestion on the review screen.

It is shown with its draft when one was left (cppcc_review.tui.drafts), kept as a durable draft while
it is typed, and saved as a change when the reviewer leaves it (escape, another
suggestion or reply, another screen, quitting). The box takes no rows while the note is
empty and not being written: an 80x24 terminal needs them for the text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...store.model import Review
from ..cjk_wrap import wrap_lines
from ..context import ReviewContext
from ..drafts import DraftKeeper
from ..review_model import ReplyView
from ..widgets.note_editor import NoteEditor

#: rows of the note box while it is written in (with its border)
NOTE_ROWS = 5


class ReviewNote:
    def __init__(self, ctx: ReviewContext, timers: Widget, editor: NoteEditor) -> None:
        self.ctx = ctx
        self.editor = editor
        self.view: ReplyView | None = None
        self.loaded = ""
        """The note as saved (a change); the editor may show its draft."""
        self.drafts = DraftKeeper(timers, ctx.status, "note", lambda: editor.text, self._save_draft)
        self.rows = -1

    def show(self, view: ReplyView) -> bool:
        """Put the current suggestion's note (or its draft) in the editor; True when a draft
        was brought back."""
        self.view = view
        note, draft = view.note_shown()
        shown = draft if draft is not None else note
        self.loaded = note
        self.drafts.reset(shown)  # before load_text: its Changed then finds nothing new
        if self.editor.text != shown:
            self.editor.load_text(shown)
        self.ctx.status.set_restored("note", draft is not None)
        return draft is not None

    def typed(self) -> None:
        if self.view is not None and self.view.suggestion is not None:
            self.drafts.typed()

    def save(self) -> Review | None:
        """Store the note as a change if it differs from the saved one (its draft goes with
        it); the review as it now is when the note changed, else None."""
        view = self.view
        if view is None or view.suggestion is None:
            return None
        text = self.editor.text
        self.ctx.status.set_restored("note", False)  # what the box holds is the note from here on
        if text == self.loaded:
            if self.drafts.on_disk != text:  # a draft on disk that the reviewer typed away again
                saved = self.ctx.write(self.ctx.store.set_draft, view.reply_id, self.ctx.reviewer, view.index, None)
                if saved is not None:
                    view.review = saved.value
                    self.drafts.reset(text)
            else:
                self.drafts.reset(text)
            return None
        saved_note = self.ctx.write(self.ctx.store.set_note, view.reply_id, self.ctx.reviewer, view.index, text)
        if saved_note is None:
            return None
        self.loaded = text
        self.drafts.reset(text)
        view.review = saved_note.value
        return saved_note.value

    def _save_draft(self, text: str) -> bool:
        view = self.view
        if view is None:
            return False
        saved = self.ctx.write(self.ctx.store.set_draft, view.reply_id, self.ctx.reviewer, view.index, text)
        if saved is not None:
            view.review = saved.value
        return saved is not None

    def fit(self, fallback_width: int) -> None:
        """Size the box: no rows while empty and not being written, its text (at most
        NOTE_ROWS) otherwise, NOTE_ROWS while it has the focus."""
        editor = self.editor
        if editor.has_focus:
            rows = NOTE_ROWS
        elif not editor.text:
            rows = 0
        else:
            width = max(editor.content_region.width or fallback_width - 2, 10)
            rows = min(len(wrap_lines(Text(editor.text), width)), NOTE_ROWS - 2) + 2
        if rows != self.rows:
            self.rows = rows
            editor.styles.height = rows
            editor.set_class(rows > 0, "-open")  # the border (app.tcss)
