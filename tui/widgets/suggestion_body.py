"""The text of one suggestion: heading, the unit's response with its figures
highlighted, the evidence of the suggested rating, findings beside the text they
concern, and the listed commitments.

Everything is built as a `rich.text.Text` with style spans: document text is never
parsed as markup. Updating it replaces the renderable of a fixed-size scroll area,
so moving to the next suggestion does not re-layout the screen.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import t
from tui.safe_text import display_text

FIGURE_STYLE = "bold #4fb3bf"
EVIDENCE_STYLE = "underline #d7a65f"
FINDING_STYLE = "on #5f2a2a"
HEADING_STYLE = "bold"
MUTED_STYLE = "#8a8f98"
MAX_COMMITMENT = 60


def _add_spans(text: Text, offset: int, length: int, spans, style: str) -> None:
    for start, end in spans:
        if start is None or end is None:
            continue
        start, end = max(0, int(start)), min(length, int(end))
        if end > start:
            text.stylize(style, offset + start, offset + end)


def suggestion_text(reply, suggestion, lang: str = "zh", hint=None, findings=()) -> Text:
    """The body of the review screen for `suggestion` of `reply` (a rich Text)."""
    out = Text()
    if suggestion is None:
        out.append(t("review.no_suggestions", lang), style=MUTED_STYLE)
        return out
    heading = suggestion.heading
    if heading:
        out.append(display_text(heading), style=HEADING_STYLE)
    else:
        out.append(t("review.no_heading", lang), style=MUTED_STYLE)
    out.append("\n\n")
    offset = len(out)
    body = display_text(suggestion.text)
    out.append(body)
    # figures: every occurrence of each figure the parser found
    for figure in suggestion.figures or []:
        if not figure:
            continue
        for match in re.finditer(re.escape(display_text(figure)), body):
            out.stylize(FIGURE_STYLE, offset + match.start(), offset + match.end())
    if hint is not None:
        spans = [(getattr(e, "start", None), getattr(e, "end", None)) for e in getattr(hint, "evidence", []) or []]
        _add_spans(out, offset, len(body), spans, EVIDENCE_STYLE)
    mine = [f for f in findings if getattr(f, "suggestion", None) == suggestion.index]
    _add_spans(out, offset, len(body), [(f.start, f.end) for f in mine], FINDING_STYLE)
    if suggestion.commitments:
        out.append("\n\n")
        out.append(t("review.commitments", lang), style=HEADING_STYLE)
        for number, item in enumerate(suggestion.commitments, 1):
            line = display_text(item, single_line=True)
            if len(line) > MAX_COMMITMENT:
                line = line[: MAX_COMMITMENT - 1] + "…"
            out.append(f"\n {number}. ")
            out.append(line)
    return out


def findings_text(findings, suggestion_index: int | None, lang: str = "zh") -> Text:
    """The quality findings for one suggestion (and the reply-wide ones), one a line."""
    out = Text()
    icons = {"error": "✖", "warning": "⚠", "info": "ℹ"}
    styles = {"error": "bold #e06c75", "warning": "#e5c07b", "info": MUTED_STYLE}
    for finding in findings:
        if finding.suggestion not in (None, suggestion_index):
            continue
        if out:
            out.append("\n")
        severity = getattr(finding, "severity", "info")
        out.append(icons.get(severity, "•") + " ", style=styles.get(severity, ""))
        out.append(display_text(finding.message, single_line=True), style=styles.get(severity, ""))
        excerpt = getattr(finding, "excerpt", None)
        if excerpt:
            excerpt = display_text(excerpt, single_line=True)
            if len(excerpt) > 40:
                excerpt = excerpt[:39] + "…"
            out.append(f"「{excerpt}」", style=MUTED_STYLE)
    return out


class SuggestionBody(VerticalScroll, can_focus=False):
    """A scroll area holding the suggestion's text; it never takes focus, so j/k stay review keys."""

    DEFAULT_CSS = """
    SuggestionBody { height: 1fr; padding: 0 1; }
    SuggestionBody > #body { width: 100%; }
    """

    def compose(self):
        yield Static(Text(""), id="body")

    def show(self, text: Text) -> None:
        self.query_one("#body", Static).update(text)
        self.scroll_to(y=0, animate=False)
