"""The note editor: an ordinary TextArea (so input methods work) that saves on escape.

While it has focus, printable keys are text: Textual drops screen bindings for keys
a focused TextArea consumes, so `1`, `a`, `q` ... type into the note.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from tui.keymap import localize


class NoteEditor(TextArea):
    BINDINGS = [Binding("escape", "leave", "Save note, leave", id="note_leave")]

    DEFAULT_CSS = """
    NoteEditor { height: 5; border: round $panel-lighten-2; }
    NoteEditor:focus { border: round $accent; }
    """

    class Leave(Message):
        """The reviewer left the editor (escape); the screen saves the note."""

        def __init__(self, editor: NoteEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, lang: str = "zh", **kwargs) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("show_line_numbers", False)
        kwargs.setdefault("tab_behavior", "focus")
        super().__init__(**kwargs)
        self._bindings = localize(self._bindings, lang)

    async def _on_key(self, event) -> None:
        # A key read while the focus was still here but handled after `escape` moved it
        # away belongs to the review screen: hand it back instead of typing it.
        if self.screen.focused is not self and event.is_printable:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key in self._leave_keys():
            # handled here, in the editor's own queue, so that keys already queued
            # behind it go to the review screen (above), not into the note
            event.stop()
            event.prevent_default()
            self.action_leave()
            return
        await super()._on_key(event)

    def _leave_keys(self) -> set[str]:
        keys = (getattr(self.app, "_keymap", None) or {}).get("note_leave")
        return {k.strip() for k in keys.split(",")} if keys else {"escape"}

    def action_leave(self) -> None:
        # Leave and save synchronously: a key typed right after escape must already be a
        # review key, and the note must be stored before it is handled.
        screen = self.screen
        screen.set_focus(None)
        save = getattr(screen, "save_note", None)
        if save is not None:
            save()
        self.post_message(self.Leave(self))
