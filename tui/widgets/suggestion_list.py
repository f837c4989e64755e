"""The side list of a reply's suggestions, with their ratings and the cursor."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

from ...store.model import Rating, Reply, Review
from ..i18n import enum_label, t
from ..safe_text import display_text
from ..styles import ADOPTED, EXPLAINED, MUTED, PARTIAL, styled
from .reply_list import fit

RATING_COLOUR = {Rating.ADOPTED: ADOPTED, Rating.PARTIALLY_ADOPTED: PARTIAL, Rating.EXPLAINED: EXPLAINED}
"""The span style (cppcc_review.tui.styles) of each rating."""
RATING_MARK: dict[Rating | None, tuple[str, str]] = {
    Rating.ADOPTED: ("●", ADOPTED),
    Rating.PARTIALLY_ADOPTED: ("◐", PARTIAL),
    Rating.EXPLAINED: ("○", EXPLAINED),
    None: ("·", MUTED),
}
NOTE_MARK = "✎"
"""The side list's mark of a suggestion with a note (the help screen's legend says so)."""
NOTE_DRAFT_MARK = "✎…"
"""... and of one whose note is a draft, not saved as the note yet."""
RATING_STYLE = {rating: f"{colour} bold" for rating, colour in RATING_COLOUR.items()}


_ABOUT = re.compile(r"^((?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])?)\s*关于")


def short_heading(heading: str) -> str:
    """A heading without its leading 关于 (after an ordinal such as 一、): nearly every heading
    starts with it, so in a narrow list it hid the words that tell them apart."""
    return _ABOUT.sub(r"\1", heading, count=1)


def suggestion_list_lines(
    reply: Reply, review: Review | None, current: int, lang: str = "zh", unsaved: AbstractSet[int] = frozenset(),
    width: int = 28,
) -> list[Text]:
    """The title line, then two lines per suggestion: marker, index, rating label; then the
    heading cut to `width` cells."""
    title = Text(no_wrap=True, overflow="ellipsis")
    title.append(t("review.suggestions", lang), style="bold")
    lines = [title]
    for suggestion in reply.suggestions:
        i = suggestion.index
        sr = review.suggestions[i - 1] if review and i - 1 < len(review.suggestions) else None
        rating = sr.rating if sr else None
        mark, colour = RATING_MARK.get(rating, RATING_MARK[None])
        line_style = "reverse" if i == current else ""
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("▶" if i == current else " ", style=line_style)
        line.append(f"{i:>2} ", style=line_style)
        line.append(mark, style=colour)
        label = enum_label(rating, lang) if rating else t("review.unrated", lang)
        if review is not None and i in review.note_drafts:
            note = " " + NOTE_DRAFT_MARK  # a draft (typed, or left by a hard stop), not saved as the note
        elif sr and sr.note:
            note = " " + NOTE_MARK
        else:
            note = ""
        unsaved_mark = "!" if i in unsaved else ""
        # The label gives way (cut with …), never the marks after it: "◐ partially adopted ✎" is
        # 21 cells, and an 80-column screen's list has 18 (the ✎ was cut off).
        room = width - line.cell_len - 1 - cell_len(unsaved_mark + note)
        if cell_len(label) > room:
            label = fit(label, max(room, 1))
        line.append(f" {label}{unsaved_mark}", style=RATING_STYLE[rating] if rating else MUTED)
        line.append(note)
        lines.append(line)
        heading = short_heading(display_text(suggestion.heading or suggestion.text[:60], single_line=True))
        second = Text(no_wrap=True, overflow="ellipsis")
        second.append("    " + fit(heading, max(width - 4, 4)).rstrip(), style=MUTED if i != current else "")
        lines.append(second)
    return lines


def suggestion_list_text(
    reply: Reply, review: Review | None, current: int, lang: str = "zh", unsaved: AbstractSet[int] = frozenset(),
    width: int = 28,
) -> Text:
    """The side list as one text (the lines of `suggestion_list_lines`)."""
    return Text("\n").join(suggestion_list_lines(reply, review, current, lang, unsaved, width))


def _same(a: Text, b: Text) -> bool:
    return a == b and a.style == b.style


class SuggestionList(ScrollView, can_focus=False):
    """A Line-API list: `show()` repaints only the lines that changed (the old and the new
    cursor, a new rating), and asks for a re-layout only when the number of lines changes
    (another reply)."""

    DEFAULT_CSS = """
    SuggestionList {
        width: 30;
        border-right: vkey $panel-lighten-2;
        padding: 0 1 0 0;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._strip_width = -1
        self._shown: tuple[Reply, Review | None, int, str, AbstractSet[int]] | None = None

    def render(self) -> Text:
        # Not used to paint (render_line does); the plain text for tests and tools.
        return Text("\n").join(self._lines)

    def show_review(self, reply: Reply, review: Review | None, current: int, lang: str, unsaved: AbstractSet[int]) -> None:
        """Show `reply`'s suggestions (suggestion_list_lines) cut to this list's width; drawn again
        when the list is first laid out (a reply opened this frame: its width was not known yet,
        and a line cut to a guess lost its ✎)."""
        self._shown = (reply, review, current, lang, unsaved)
        width = self.scrollable_content_region.width or 28
        self.show(suggestion_list_lines(reply, review, current, lang, unsaved, width), current)

    def on_resize(self) -> None:
        if self._shown is not None and self.scrollable_content_region.width:
            self.show_review(*self._shown)

    def show(self, lines: list[Text], current: int) -> None:
        old, self._lines = self._lines, lines
        if len(old) != len(lines):
            self._strips.clear()
            self.virtual_size = Size(self.scrollable_content_region.width, len(lines))
            self.refresh()
        else:
            for y, (before, after) in enumerate(zip(old, lines, strict=True)):
                if not _same(before, after):
                    self._strips.pop(y, None)
                    self.refresh_line(y)
        # two lines a suggestion after the title line
        self.scroll_to(y=max(0, 1 + (current - 1) * 2 - 3), animate=False)

    def notify_style_update(self) -> None:
        """Another theme (or style): the drawn lines hold the old colours."""
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        style = self.visual_style.rich_style
        if width != self._strip_width:
            self._strips.clear()
            self._strip_width = width
        index = y + self.scroll_offset.y
        if not 0 <= index < len(self._lines) or width <= 0:
            return Strip.blank(max(width, 0), style)
        strip = self._strips.get(index)
        if strip is None:
            visual = visualize(self, styled(self, self._lines[index]), markup=False)
            rendered = Visual.to_strips(self, visual, width, 1, self.visual_style)
            strip = rendered[0] if rendered else Strip.blank(width, style)
            self._strips[index] = strip
        return strip.crop_extend(0, width, style)
