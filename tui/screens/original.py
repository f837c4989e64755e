"""The original document (the reply's cleaned lines), scrolled to the current suggestion,
whose lines are marked (cppcc_review.tui.widgets.original_text)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from ...store.model import Reply
from ..context import ReviewContext
from ..i18n import t
from ..safe_text import display_text
from ..styles import WARNING
from ..widgets.key_footer import KeyFooter
from ..widgets.original_text import OriginalText
from ..widgets.status_line import StatusLine
from ..widgets.text_line import TextLine
from .base import BaseScreen


class OriginalScreen(BaseScreen[None]):
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
    """

    def __init__(self, ctx: ReviewContext, reply: Reply, start: int = 0, end: int = 0) -> None:
        super().__init__(ctx, id="original-screen")
        self.reply = reply
        self.start = start
        self.end = end

    def compose(self) -> ComposeResult:
        title = Text(t("original.title", self.lang), style="bold")
        name = self.reply.source.name if self.reply.source else (self.reply.doc_no or "")
        title.append("  " + display_text(name, single_line=True))
        if self.end > self.start:
            key = "original.here" if self.end > self.start + 1 else "original.here_one"  # 第 6 行, not 第 6–6 行
            title.append("  " + t(key, self.lang, first=self.start + 1, last=self.end), style=WARNING)
        yield TextLine(title, id="original-title")
        lines = self.reply.lines or (self.reply.text or "").split("\n")
        yield OriginalText(lines, self.start, self.end, id="original")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_start)

    def _scroll_to_start(self) -> None:
        view = self.query_one(OriginalText)
        # a line of context above the suggestion
        view.scroll_to(y=max(0, view.first_row(self.start) - 1), animate=False)

    def action_scroll(self, delta: int) -> None:
        view = self.query_one(OriginalText)
        view.scroll_to(y=view.scroll_y + delta, animate=False)

    def action_page(self, delta: int) -> None:
        view = self.query_one(OriginalText)
        view.scroll_to(y=view.scroll_y + delta * max(1, view.size.height - 1), animate=False)
