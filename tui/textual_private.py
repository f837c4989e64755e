"""The one place this project touches Textual's private API, and why.

Everything else in tui/ uses Textual's public API (checked against the 8.x API
reference). What is left here has no public counterpart in Textual 8.2.8; each use is
wrapped in a function with the reason, and `tests/test_textual_private.py` fails with
a message naming this module if a Textual upgrade removes or changes what it relies on.

1. `set_scroll_range(widget, size)`: a Line-API scroll view's scrollable size, set
   without a layout of the screen. `ScrollView.virtual_size` is a reactive declared with
   `layout=True`: assigning it re-lays out the whole screen, which made each `j` (next
   suggestion) cost two or three layouts and 54 ms at p50 (docs/performance.md, "next
   suggestion"). The body's size comes from CSS, never from its text, so only the
   scrollbar needs to learn the new range: `Widget.set_reactive` (public) stores the
   value without the layout, and `Widget._scroll_update` (private) is the method
   Textual's own `_size_updated` calls to bring the scrollbars up to date. Without
   it: 8.5 ms at p50.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView

#: the private names used here, by the Textual class that has them (checked by the test)
PRIVATE_NAMES: dict[type, tuple[str, ...]] = {ScrollView: ("_scroll_update",)}


def set_scroll_range(widget: ScrollView, size: Size) -> None:
    """Give `widget` the scrollable (virtual) size `size` and update its scrollbars,
    without asking for a layout (see 1. above)."""
    widget.set_reactive(ScrollView.virtual_size, size)
    widget._scroll_update(size)
