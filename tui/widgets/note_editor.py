"""The note editor: an ordinary TextArea (so input methods work) that saves on escape.

While it has focus, printable keys are text: Textual drops screen bindings for keys
a focused TextArea consumes, so `1`, `a`, `q` ... type into the note.
"""

from __future__ import annotations

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

    def action_leave(self) -> None:
        self.post_message(self.Leave(self))
