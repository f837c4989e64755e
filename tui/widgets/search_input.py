"""The inbox's search box: typing filters the list, and ↑ / ↓ (PgUp / PgDn) move the
list's cursor without leaving the box, so the reviewer can search and pick in one go."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


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
