"""The one module that touches Textual's private API (tui/textual_private.py) fails here,
loudly and by name, if a Textual upgrade removes or changes what it relies on; and the
rest of tui/ is checked to use none."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from textual.geometry import Size
from textual.scroll_view import ScrollView

from cppcc_review.tui import textual_private
from cppcc_review.tui.textual_private import PRIVATE_NAMES, set_scroll_range

TUI = Path(__file__).resolve().parent.parent / "tui"
UPGRADE = "tui/textual_private.py relies on it; see its docstring for why, and find the new way in this Textual"


def test_every_private_name_it_uses_still_exists_with_the_same_signature():
    for cls, names in PRIVATE_NAMES.items():
        for name in names:
            assert hasattr(cls, name), f"Textual has no {cls.__name__}.{name} any more: {UPGRADE}"
    params = list(inspect.signature(ScrollView._scroll_update).parameters)
    assert params == ["self", "virtual_size"], f"ScrollView._scroll_update{params} changed: {UPGRADE}"
    # log_unexpected_errors wraps the one method every uncaught exception reaches
    from textual.app import App

    params = list(inspect.signature(App._handle_exception).parameters)
    assert params == ["self", "error"], f"App._handle_exception{params} changed: {UPGRADE}"
    from textual import message_pump

    assert "self.app._handle_exception(error)" in inspect.getsource(message_pump), UPGRADE
    # keep_wide_characters_whole replaces these two with copies of Textual 8.2.8's (the
    # instance's _cuts is their cache): a Textual that renders otherwise needs a new look.
    from textual import __version__
    from textual._compositor import Compositor

    assert "_cuts" in inspect.getsource(Compositor.__init__), UPGRADE
    assert __version__ == "8.2.8", f"Compositor.cuts and _render_chops are 8.2.8's: {UPGRADE}"
    # keep_pastes_whole replaces the parser class the Linux driver makes, and calls its feed
    from textual._xterm_parser import XTermParser

    for module, name in textual_private.PRIVATE_GLOBALS:
        assert getattr(module, name, None) in (XTermParser, textual_private.PasteKeepingParser), \
            f"{module.__name__} makes no {name} any more: {UPGRADE}"
    assert list(inspect.signature(XTermParser.feed).parameters) == ["self", "data"], UPGRADE
    assert "parser.feed" in inspect.getsource(textual_private.linux_driver.LinuxDriver.run_input_thread), UPGRADE
    # the palette's no-matches line is still added as an option with that id (tui.palettes words it)
    from textual.command import CommandPalette

    assert "add_option" in inspect.getsource(CommandPalette._start_no_matches_countdown), UPGRADE


async def test_set_scroll_range_moves_the_scrollbar_without_a_layout():
    from textual.app import App, ComposeResult

    class Lines(ScrollView):
        DEFAULT_CSS = "Lines { height: 10; overflow-y: scroll; }"

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Lines()

    app = Probe()
    async with app.run_test(size=(40, 12)) as pilot:
        view = app.query_one(Lines)
        await pilot.pause()
        set_scroll_range(view, Size(38, 100))
        assert view.virtual_size == Size(38, 100), f"the scroll range was not set: {UPGRADE}"
        assert view.vertical_scrollbar.window_virtual_size == 100, f"the scrollbar did not follow: {UPGRADE}"
        view.scroll_to(y=50, animate=False, immediate=True)
        assert view.scroll_y == 50, f"the new range does not scroll: {UPGRADE}"


def test_no_other_module_of_tui_uses_textual_private_api():
    """No `from textual.x._y import` and no private attribute of Textual's classes anywhere
    in tui/ but textual_private.py (names our own classes define are ours)."""
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import ModalScreen, Screen
    from textual.widget import Widget
    from textual.widgets import Footer, Input, OptionList, Static, TextArea

    private_import = re.compile(r"^\s*(from textual[\w.]*\._\w+ import|import textual[\w.]*\._)", re.M)
    textual_names = {
        name
        for cls in (App, Screen, ModalScreen, Widget, DOMNode, ScrollView, TextArea, Footer, Input, OptionList, Static)
        for name in dir(cls)
        if name.startswith("_") and not name.startswith("__")
    }
    sources = {path: path.read_text(encoding="utf-8") for path in TUI.rglob("*.py")}
    defined = re.compile(r"def (_[a-z]\w*)\(|self\.(_[a-z]\w*)\s*(?::|=(?!=))")
    ours = {a or b for text in sources.values() for a, b in defined.findall(text)}
    offenders = []
    for path, text in sources.items():
        if path.name == Path(textual_private.__file__).name:
            continue
        if private_import.search(text):
            offenders.append(f"{path.name}: imports a private Textual module")
        offenders += [f"{path.name}: {name}" for name in set(re.findall(r"\.(_[a-z]\w*)\b", text))
                      if name in textual_names and name not in ours]
    assert not offenders, offenders
