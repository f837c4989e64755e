"""A TextArea for a reviewer's own text (the note, the opinion) that never sends a control
character to the terminal.

A TextArea draws its document as it is: a note stored with an ESC[31m (`rate --note`, an
imported ratings file) recoloured the screen, a BEL rang and the box's border moved. The
screens load such a text as visible stand-ins (tui.safe_text.box_text, keeping the stored
bytes while the box shows them unchanged: text_from_box); a paste is made visible here as it
arrives, as a typed key cannot carry a control character.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import TextArea

from ..safe_text import pasted_text

TYPING_KEYS = frozenset({"enter", "backspace", "delete"})
"""Keys that change the text besides printable ones (tab moves the focus in these boxes)."""


class PlainTextArea(TextArea):
    refuse_typing: Callable[[], None] | None = None
    """Set on a read-only box (a database opened read-only: nothing typed could be saved):
    called for a key that would type or a paste, which are taken and dropped, so the reviewer
    is told instead of typing into nothing (and a printable key is not a screen's key either)."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if self.read_only and self.refuse_typing is not None:  # (a read-only TextArea takes no key)
            return character is not None and character.isprintable()
        return super().check_consume_key(key, character)

    def on_key(self, event: events.Key) -> None:
        if self.read_only and self.refuse_typing is not None and (event.is_printable or event.key in TYPING_KEYS):
            event.stop()
            event.prevent_default()
            self.refuse_typing()

    def on_paste(self, event: events.Paste) -> None:
        """Before TextArea's own paste (a subclass's handler runs first): the text with its
        controls visible, its line ends (CR from a terminal) newlines."""
        if self.read_only and self.refuse_typing is not None:
            self.refuse_typing()
        event.text = pasted_text(event.text)

    def undo(self) -> None:
        """Textual's undo, with the cursor first put where the undone batch begins.

        Textual 8.2.8's TextArea undoes a batch, then sizes the box (`_refresh_size`) and only
        after that puts the cursor back where it was before the batch. Undoing a paste with a
        line break and a line long enough to wrap took the box's scrollbar away; Textual then
        scrolled to the cursor, still on the pasted line that was gone, and the app crashed
        ("The document line index 1 is out of bounds"). The text before the batch's first
        edit is never changed by the batch, so the cursor is valid there both before and after
        the undo; Textual then restores the cursor as it always does."""
        if batches := self.history.undo_stack:
            self.move_cursor(min(edit.top for edit in batches[-1]))
        super().undo()

    def append_leftover(self, shown: str) -> bool:
        """Put `shown` (a gone window's draft, as the box shows it, handed by the store to this box: the
        box's next draft or save replaces it) after the text typed here, the cursor kept where the
        typing was. False, nothing done, when the box holds it already."""
        if shown in self.text:
            return False
        row, column = self.cursor_location
        self.load_text(f"{self.text}\n{shown}" if self.text else shown)
        self.move_cursor((row, column))  # (typing goes on where it was)
        return True
