"""The original document (the reply's cleaned lines), scrolled to the current suggestion.

One Static a line, so the view can scroll exactly to the suggestion's first line
however long lines wrap; the suggestion's lines are marked.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import t
from tui.safe_text import display_text
from tui.screens.base import BaseScreen
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_line import StatusLine


class OriginalScreen(BaseScreen):
    TITLE_KEY = "original.title"

    BINDINGS = [
        Binding("q,escape,o", "app.pop_screen", "Back", id="back"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="cursor_down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="cursor_up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="page_up"),
    ]

    DEFAULT_CSS = """
    OriginalScreen #original-title { height: 1; padding: 0 1; background: $primary-background; }
    OriginalScreen #original { height: 1fr; padding: 0 1; }
    OriginalScreen .line { width: 100%; }
    OriginalScreen .line.-here { background: $boost; }
    """

    def __init__(self, reply, start: int = 0, end: int = 0) -> None:
        super().__init__(id="original-screen")
        self.reply = reply
        self.start = start
        self.end = end

    def compose(self) -> ComposeResult:
        title = Text(t("original.title", self.lang), style="bold")
        name = self.reply.source.name if self.reply.source else (self.reply.doc_no or "")
        title.append("  " + display_text(name, single_line=True))
        yield Static(title, id="original-title")
        lines = self.reply.lines or (self.reply.text or "").split("\n")
        with VerticalScroll(id="original", can_focus=False):
            width = len(str(len(lines)))
            for number, line in enumerate(lines):
                # number and text as one "word", so a long CJK line folds beside its number
                text = Text(f"{number + 1:>{width}}│", style="#8a8f98")
                text.append(display_text(line))
                here = self.start <= number < self.end
                yield Static(text, classes="line -here" if here else "line", id=f"line-{number}")
        yield StatusLine()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_start)

    def _scroll_to_start(self) -> None:
        lines = self.query(".line")
        if 0 <= self.start < len(lines):
            self.query_one("#original", VerticalScroll).scroll_to_widget(
                lines[self.start], animate=False, top=True
            )

    def action_scroll(self, delta: int) -> None:
        view = self.query_one("#original", VerticalScroll)
        view.scroll_to(y=view.scroll_y + delta, animate=False)

    def action_page(self, delta: int) -> None:
        view = self.query_one("#original", VerticalScroll)
        view.scroll_to(y=view.scroll_y + delta * max(1, view.size.height - 1), animate=False)
