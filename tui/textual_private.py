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

2. `keep_wide_characters_whole()`: a wide (Chinese) character of a toast drawn over
   other widgets is not lost. Textual's compositor cuts every line of the screen at the
   left and right edge of every widget on it (`Compositor.cuts`) and divides each
   widget's line at those cuts (`_render_chops`), the front widget's piece winning each
   stretch. An edge of a widget *under* a toast cuts the toast's own line too, and a
   wide character across that cut is split into two blanks (Rich's `Segment.divide`):
   at 80x24 the assessment form's buttons end under the toast and its
   "请先选择" read "请先  择" (Textual issue 6357, open for 8.x). The replacement
   cuts a line only where the widget in front changes, so a widget's visible stretch is
   never divided; what is drawn is otherwise the same.

3. `keep_pastes_whole()`: a bracketed paste reaches the focused widget as one Paste
   event, escape characters and all. Textual's terminal parser (`textual._xterm_parser`,
   used by `textual.drivers.linux_driver`) sends an escape sequence found inside a paste
   as key events, ESC itself as `^`, ahead of the rest of the paste: pasting
   `A␛[31mRED␛[0mB` into the note gave `^[31mRED^[0mBA` (the A last), and outside a text
   box the letters were screen keys (`m` merges). There is no public hook for the
   terminal's input; `PasteKeepingParser` takes each paste out of the input before
   Textual's parser sees it and sends it as `events.Paste` (public), the text unchanged
   but for NULs, as Textual does; the widgets then show its controls as stand-ins
   (tui.safe_text). Everything outside a paste is Textual's parser's, unchanged.

4. `NO_MATCHES_ID`: the id of the line the command palette adds when nothing matches
   (`CommandPalette._NO_MATCHES`), which says "No matches found" in English whatever the
   interface's language and has no argument to word it. tui.palettes words it: its list
   (a public CommandList subclass) takes the line with this id in the app's words.

5. `log_unexpected_errors(app, log)`: an exception no handler of the app caught is written
   to the log file with its traceback before Textual stops the app. Textual prints such a
   traceback on the terminal as the app exits (`App._handle_exception`, private, is where
   every one of them arrives) and has no public hook for it, so the log said only "app
   closed": a crash reported by a reviewer (a paste undone in the note) left nothing to
   read afterwards. The wrapper logs, then hands the error to Textual's own handling.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from textual import events
from textual._compositor import Compositor
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.command import CommandPalette
from textual.drivers import linux_driver
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: the private names used here, by the Textual class that has them (checked by the test)
PRIVATE_NAMES: dict[type, tuple[str, ...]] = {
    ScrollView: ("_scroll_update",),
    Compositor: ("cuts", "_render_chops", "_get_renders", "visible_widgets"),
    CommandPalette: ("_NO_MATCHES",),
    App: ("_handle_exception",),
}
#: the private module global replaced (3.): the parser class the Linux driver makes
PRIVATE_GLOBALS = ((linux_driver, "XTermParser"),)


def set_scroll_range(widget: ScrollView, size: Size) -> None:
    """Give `widget` the scrollable (virtual) size `size` and update its scrollbars,
    without asking for a layout (see 1. above)."""
    widget.set_reactive(ScrollView.virtual_size, size)
    widget._scroll_update(size)


def _front_cuts(self: Compositor) -> list[list[int]]:
    """Per line of the screen, where the front widget changes (its first and last cell +1):
    Textual's `Compositor.cuts` without the edges of widgets hidden under another one."""
    if self._cuts is not None:
        return self._cuts
    width, height = self.size
    cuts = [{0, width} for _ in range(height)]
    covered: list[list[tuple[int, int]]] = [[] for _ in range(height)]  # per line, sorted, disjoint
    for region, clip in self.visible_widgets.values():  # front to back
        x, y, region_width, region_height = Region.intersection(region, clip)
        if not (region_width and region_height):
            continue
        for line in range(max(y, 0), min(y + region_height, height)):
            start, end = x, x + region_width
            spans = covered[line]
            for left, right in _uncovered(spans, start, end):
                cuts[line].update((left, right))
            spans.append((start, end))
            covered[line] = _merged(spans)
    self._cuts = [sorted(line_cuts) for line_cuts in cuts]
    return self._cuts


def _uncovered(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) outside the sorted, disjoint `spans`."""
    out = []
    at = start
    for left, right in spans:
        if right <= at:
            continue
        if left >= end:
            break
        if left > at:
            out.append((at, left))
        at = max(at, right)
        if at >= end:
            break
    if at < end:
        out.append((at, end))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for left, right in sorted(spans):
        if out and left <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], right))
        else:
            out.append((left, right))
    return out


def _render_front_chops(self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
                        ) -> Sequence[Mapping[int, Strip]]:
    """Textual 8.2.8's `Compositor._render_chops` for the cuts above: a widget whose edge
    is hidden (not a cut) gives its piece from that edge to nobody, as it is not in front
    there; the rest is Textual's."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = Region.intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            inner = [cut for cut in cuts[y] if first_cut < cut < last_cut]
            pieces = strip.divide([cut - render_x for cut in inner] + [last_cut - render_x])
            # Painting front to back: the first piece for a cut wins.
            for cut, piece in zip([first_cut, *inner], pieces, strict=False):
                if cut in chops_line and chops_line[cut] is None:
                    chops_line[cut] = piece
    return cast("Sequence[Mapping[int, Strip]]", chops)


def keep_wide_characters_whole() -> None:
    """Cut the screen's lines only where the front widget changes (see 2. above); for the
    whole process, once (the app calls it before it starts)."""
    Compositor.cuts = property(_front_cuts)  # type: ignore[method-assign,assignment]
    Compositor._render_chops = _render_front_chops  # type: ignore[method-assign]


NO_MATCHES_ID: str = CommandPalette._NO_MATCHES
"""The palette's "No matches found" line's option id (see 4. above)."""

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _marker_prefix_at_end(data: str, marker: str, shortest: int) -> int:
    """How many characters at the end of `data` begin `marker` (a marker cut by a read), if
    at least `shortest`; else 0."""
    for size in range(min(len(marker) - 1, len(data)), shortest - 1, -1):
        if data.endswith(marker[:size]):
            return size
    return 0


class PasteKeepingParser(XTermParser):
    """Textual's terminal parser, with each bracketed paste taken out first and sent whole
    as one Paste event (see 3. above)."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasted: list[str] | None = None
        """The paste read so far (None: not in a paste)."""
        self._held = ""
        """The end of the last read that may begin a paste marker the next read completes."""

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input: a paste cut off there is still the user's text
            if self._pasted is not None:
                yield events.Paste("".join([*self._pasted, self._held]).replace("\x00", ""))
            self._pasted, self._held = None, ""
            yield from super().feed(data)
            return
        data, self._held = self._held + data, ""
        while data:
            if self._pasted is None:
                start = data.find(PASTE_START)
                if start < 0:
                    # "\x1b[2" and longer is no key's whole sequence: held until the next read
                    held = _marker_prefix_at_end(data, PASTE_START, 3)
                    data, self._held = data[: len(data) - held], data[len(data) - held :]
                    if data:
                        yield from super().feed(data)
                    return
                if start:
                    yield from super().feed(data[:start])
                self._pasted, data = [], data[start + len(PASTE_START) :]
            else:
                end = data.find(PASTE_END)
                if end < 0:
                    held = _marker_prefix_at_end(data, PASTE_END, 1)
                    self._pasted.append(data[: len(data) - held])
                    self._held = data[len(data) - held :]
                    return
                text = "".join([*self._pasted, data[:end]])
                self._pasted, data = None, data[end + len(PASTE_END) :]
                yield events.Paste(text.replace("\x00", ""))  # NULs dropped, as Textual does


def keep_pastes_whole() -> None:
    """Make the Linux driver read the terminal with PasteKeepingParser (see 3. above); for
    the whole process, once (the app calls it before it starts)."""
    linux_driver.XTermParser = PasteKeepingParser  # type: ignore[attr-defined]  # a module global (see 3.)


def log_unexpected_errors(app: App[Any], log: logging.Logger) -> None:
    """Log an exception that reaches Textual uncaught, with its traceback, before Textual's
    own handling stops `app` (see 5. above)."""
    handle = app._handle_exception

    def logged(error: Exception) -> None:
        log.error("unexpected error, the app stops: %r", error, exc_info=error)
        handle(error)

    app._handle_exception = logged  # type: ignore[method-assign]  # (see 5.)
