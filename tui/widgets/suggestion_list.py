"""The side list of a reply's suggestions, with their ratings and the cursor."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.model import Rating
from tui.i18n import enum_label, t
from tui.safe_text import display_text
from tui.widgets.reply_list import fit

RATING_MARK = {
    Rating.ADOPTED: ("●", "#98c379"),
    Rating.PARTIALLY_ADOPTED: ("◐", "#e5c07b"),
    Rating.EXPLAINED: ("○", "#61afef"),
    None: ("·", "#8a8f98"),
}
RATING_STYLE = {
    Rating.ADOPTED: "bold #98c379",
    Rating.PARTIALLY_ADOPTED: "bold #e5c07b",
    Rating.EXPLAINED: "bold #61afef",
}


def suggestion_list_text(
    reply, review, current: int, lang: str = "zh", unsaved: set[int] = frozenset(), width: int = 28
) -> Text:
    """Two lines per suggestion: marker, index, rating label; then the heading cut to `width` cells."""
    out = Text()
    out.append(t("review.suggestions", lang), style="bold")
    for suggestion in reply.suggestions:
        i = suggestion.index
        sr = review.suggestions[i - 1] if review and i - 1 < len(review.suggestions) else None
        rating = sr.rating if sr else None
        mark, colour = RATING_MARK.get(rating, RATING_MARK[None])
        line_style = "reverse" if i == current else ""
        out.append("\n")
        out.append("▶" if i == current else " ", style=line_style)
        out.append(f"{i:>2} ", style=line_style)
        out.append(mark, style=colour)
        label = enum_label(rating, lang) if rating else t("review.unrated", lang)
        if i in unsaved:
            label += "!"
        out.append(f" {label}", style=(RATING_STYLE.get(rating, "#8a8f98")))
        if sr and sr.note:
            out.append(" ✎")
        heading = display_text(suggestion.heading or suggestion.text[:60], single_line=True)
        out.append("\n    " + fit(heading, max(width - 4, 4)).rstrip(), style="#8a8f98" if i != current else "")
    return out


class SuggestionList(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    SuggestionList { width: 30; border-right: vkey $panel-lighten-2; padding: 0 1 0 0; }
    SuggestionList > Static { width: 100%; }
    """

    def compose(self):
        yield Static(Text(""), id="suggestion-list-body")

    def show(self, text: Text, current: int) -> None:
        self.query_one(Static).update(text)
        # two lines a suggestion after the title line
        self.scroll_to(y=max(0, 1 + (current - 1) * 2 - 3), animate=False)
