"""A TextArea for a reviewer's own text (the note, the opinion) that never sends a control
character to the terminal.

A TextArea draws its document as it is: a note stored with an ESC[31m (`rate --note`, an
imported ratings file) recoloured the screen, a BEL rang and the box's border moved. The
screens load such a text as visible stand-ins (tui.safe_text.box_text, keeping the stored
bytes while the box shows them unchanged: text_from_box); a paste is made visible here as it
arrives, as a typed key cannot carry a control character.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from ..safe_text import pasted_text


class PlainTextArea(TextArea):
    def on_paste(self, event: events.Paste) -> None:
        """Before TextArea's own paste (a subclass's handler runs first): the text with its
        controls visible, its line ends (CR from a terminal) newlines."""
        event.text = pasted_text(event.text)
