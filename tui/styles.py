"""Styles of text spans, by purpose; their colours come from the theme, in app.tcss.

Texts are built as `rich.text.Text` (plain text, never markup) whose spans name a purpose
instead of a colour: `MUTED`, `DONE`, `FIGURE` ... Each name is a component class, styled
in tui/app.tcss with theme variables (`.span--muted { color: $text-muted; }`), so the
theme picker of the command palette, a light theme and the high-contrast theme all
recolour them. A screen resolves the names when it shows a text (`SpanStyles.styled`);
a span may add Rich attributes that are not colours: `f"{MUTED} italic"`.
"""

from __future__ import annotations

from typing import cast

from rich.style import Style
from rich.text import Span, Text
from textual.widget import Widget

MUTED = "span--muted"
"""Secondary text: labels, line numbers, hints."""
FAINT = "span--faint"
"""What is hardly there: an empty bar."""
TITLE = "span--title"
"""The 文号 that names a reply."""
KEY = "span--key"
"""A key in the help table."""
DONE = "span--done"
"""A finished review, a settled dispute."""
WARNING = "span--warning"
"""Something to look at again: a changed text, a warning finding."""
ERROR = "span--error"
"""Not saved, failed."""
HERE = "span--here"
"""The lines of the current suggestion in the original text."""
FIGURE = "span--figure"
"""Figures in the unit's response (amounts, counts, dates)."""
EVIDENCE = "span--evidence"
"""The words a suggested rating rests on."""
FINDING = "span--finding"
"""The words a finding of the checks is about."""
ADOPTED = "span--adopted"
PARTIAL = "span--partial"
EXPLAINED = "span--explained"

BEHIND = "on-"
"""Before a span name: that purpose's colour as the background (`behind(ADOPTED)`)."""


def behind(name: str) -> str:
    """The span word that puts purpose `name`'s colour behind the text (a bar's cell
    shared by two shares: the first's partial block on the second's colour)."""
    return BEHIND + name


SPAN_CLASSES = frozenset(
    {MUTED, FAINT, TITLE, KEY, DONE, WARNING, ERROR, HERE, FIGURE, EVIDENCE, FINDING, ADOPTED, PARTIAL, EXPLAINED}
)


class SpanStyles:
    """Mixin for the screens (after Screen in the bases, so that Textual's CSS still sees a
    Screen): turns span names into the theme's Rich styles. The class that mixes it in
    declares `COMPONENT_CLASSES = SPAN_CLASSES` (Textual reads them from the CSS bases)."""

    def span_style(self, spec: str | Style) -> Style:
        """The Rich style of `spec`: span names resolved, other words parsed by Rich."""
        if isinstance(spec, Style):
            return spec
        widget = cast(Widget, self)
        style = Style()
        for word in spec.split():
            if word.startswith(BEHIND) and word[len(BEHIND):] in SPAN_CLASSES:
                style += Style(bgcolor=widget.get_component_rich_style(word[len(BEHIND):]).color)
            elif word in SPAN_CLASSES:
                own = widget.get_component_rich_style(word, partial=True)
                if own.color is not None:
                    # A colour such as `auto 60%` ($text-muted) is only worked out against
                    # a background, which the partial style leaves out.
                    own += Style(color=widget.get_component_rich_style(word).color)
                style += own
            else:
                style += Style.parse(word)
        return style

    def styled(self, text: Text) -> Text:
        """A copy of `text` with the theme's styles in place of span names."""
        out = text.copy()
        out.spans = [Span(s.start, s.end, self.span_style(s.style)) for s in text.spans]
        if isinstance(text.style, str) and text.style:
            out.style = self.span_style(text.style)
        return out


def styled(widget: Widget, text: Text) -> Text:
    """`text` with its span names resolved by `widget`'s screen (or by `widget` itself when
    it resolves them); names nobody can resolve are dropped, so Rich never meets them."""
    resolver = widget if isinstance(widget, SpanStyles) else widget.screen if widget.is_attached else None
    if isinstance(resolver, SpanStyles):
        return resolver.styled(text)
    out = text.copy()
    out.spans = [s for s in text.spans if not (isinstance(s.style, str) and _names_a_purpose(s.style))]
    return out


def _names_a_purpose(spec: str) -> bool:
    return any(word in SPAN_CLASSES or word[len(BEHIND):] in SPAN_CLASSES for word in spec.split())
