"""The note editor: an ordinary TextArea (so input methods work; controls shown as stand-ins,
PlainTextArea) that saves on escape.

While it has focus, printable keys are text: Textual drops screen bindings for keys
a focused TextArea consumes, so `1`, `a`, `q` ... type into the note. Keys arrive in
bursts (a fast typist, a paste, a slow link), and Textual decides where a key goes when
it takes it from the terminal, which may be before an earlier key moved the focus: the
editor and the review screen hand such keys over (`on_key` here, `ReviewScreen.on_key`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.message import Message

from .plain_text_area import PlainTextArea


class NoteEditor(PlainTextArea):
    BINDINGS = [Binding("escape", "leave", "Save note, leave", id="note_leave")]

    DEFAULT_CSS = """
    NoteEditor { height: 5; border: round $panel-lighten-2; }
    NoteEditor:focus { border: round $accent; }
    """

    class Leave(Message):
        """The reviewer left the editor (escape); the screen has saved the note."""

        def __init__(self, editor: NoteEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, *, save: Callable[[bool], None], placeholder: str = "", id: str | None = None) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", placeholder=placeholder, id=id)
        self._save = save
        """Stores the note (the screen's); called the moment the reviewer leaves, with True: a save refused
        there (the suggestions were merged or split elsewhere) gives the focus back to the box."""

    def on_key(self, event: events.Key) -> None:
        """Runs before TextArea's own key handling (which `prevent_default` skips)."""
        if self.screen.focused is not self and event.is_printable:
            # Read while the focus was still here, handled after escape moved it away: the
            # key belongs to the review screen, not to the note.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
        elif not event.is_printable and event.key in self.leave_keys():
            # Left here, in the editor's own queue, so that keys queued behind escape go
            # to the review screen (above) and not into the note.
            event.stop()
            event.prevent_default()
            self.action_leave()

    def leave_keys(self) -> set[str]:
        """The keys of `note_leave` now (the user's keymap applied)."""
        return {key for key, active in self.screen.active_bindings.items() if active.binding.id == "note_leave"}

    def action_leave(self) -> None:
        # Leave and save synchronously: a key typed right after escape must already be a
        # review key, and the note must be stored before it is handled.
        self.screen.set_focus(None)
        self._save(True)
        self.post_message(self.Leave(self))
