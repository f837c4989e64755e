"""The option list of every picker (filter, sort, split): moved with `j`/`k` as well as the
arrows, and `g`/`G` as well as Home/End, as the lists of the app are."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """An OptionList that takes the app's list keys too (Textual's own keep working)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("g", "first", "First", show=False, id="first"),
        Binding("G", "last", "Last", show=False, id="last"),
    ]
