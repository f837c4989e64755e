"""The findings under the review screen's text: the checks' findings on the current
suggestion and the reply-wide ones, wrapped with Chinese line-breaking rules.

The band has one height for the whole reply: the most lines the findings of any one
suggestion take once wrapped (at most MAX_LINES). Moving within the reply therefore never
resizes it, and never re-lays out the screen; only another reply or another width may.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ...store.aids.checks import Finding
from ..cjk_wrap import wrap_lines, wrap_text
from ..parse_notes import ParseNote
from .suggestion_body import findings_text
from .text_line import TextLine

#: at most this many lines of findings under the text (the rest are cut)
MAX_LINES = 4


class FindingsBand(TextLine):
    DEFAULT_CSS = """
    FindingsBand { height: 0; padding: 0 1; }
    """

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.findings: Sequence[Finding | ParseNote] = ()
        self.rows = 0

    def wrapped(self, index: int | None, fallback_width: int = 0) -> Text:
        """The findings of suggestion `index` (and the reply's), wrapped to the band's width."""
        text = findings_text(self.findings, index, self.lang)
        width = self.content_region.width or fallback_width
        return wrap_text(text, width) if width > 0 and text else text

    def fit(self, findings: Sequence[Finding | ParseNote], total: int) -> None:
        """Take the findings of a reply with `total` suggestions and size the band for them."""
        self.findings = findings
        width = self.content_region.width
        rows = 0
        for index in range(0, total + 1):
            text = findings_text(findings, index or None, self.lang)
            if not text:
                continue
            # not laid out yet: one line a finding; the first resize measures again
            lines = len(wrap_lines(text, width)) if width > 0 else text.plain.count("\n") + 1
            rows = min(max(rows, lines), MAX_LINES)
            if rows == MAX_LINES:
                break
        if rows != self.rows:
            self.rows = rows
            self.styles.height = rows

    def show(self, index: int, fallback_width: int = 0) -> None:
        self.set(self.wrapped(index, fallback_width))
