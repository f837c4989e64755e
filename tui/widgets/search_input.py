"""The inbox's search box: typing filters the list, and ↑ / ↓ (PgUp / PgDn) move the
list's cursor without leaving the box, so the reviewer can search and pick in one go.
A paste's control characters become visible stand-ins (tui.safe_text), as in the note: an
ESC reaching the terminal raw recoloured the box. A paste of several lines arrives whole, its
lines joined by a space (the box has one line)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from ..safe_text import pasted_text


class SearchInput(Input):
    BINDINGS = [
        Binding("down", "move_list(1)", "Down", show=False),
        Binding("up", "move_list(-1)", "Up", show=False),
        Binding("pagedown", "move_list(10)", "Page down", show=False),
        Binding("pageup", "move_list(-10)", "Page up", show=False),
    ]

    def action_move_list(self, delta: int) -> None:
        from .reply_list import ReplyList

        self.screen.query_one(ReplyList).move(delta)

    def on_paste(self, event: events.Paste) -> None:
        """Before Input's own paste (a subclass's handler runs first): the text with its controls
        visible, and its lines joined. Input keeps only a paste's first line, and the rest was
        dropped without a sign; the README promises a paste arrives whole."""
        lines = pasted_text(event.text).split("\n")
        if len(lines) > 1:  # (blank lines, and each line's ends, are no part of a search)
            lines = [_joined([line.strip() for line in lines if line.strip()])]
        event.text = lines[0]


def _joined(lines: list[str]) -> str:
    """A pasted text's lines as one search: a line break inside Chinese text is no space (渝住建 / 提复 is
    渝住建提复, which the search finds), between two words of Latin letters or digits it is one."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out
