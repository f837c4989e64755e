"""The text of one suggestion: heading, the unit's response with its figures
highlighted, the evidence of the suggested rating, findings beside the text they
concern, and the listed commitments.

Everything is built as a `rich.text.Text` with style spans: document text is never
parsed as markup. The body is a Line-API scroll area of a fixed size: moving to the
next suggestion re-wraps the text and repaints it, with no re-layout of the screen.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual, visualize

from ...store.aids.checks import Finding
from ...store.aids.hints import Hint
from ...store.model import Reply, Suggestion
from ..cjk_wrap import NO_BREAK_SPACE, wrap_text
from ..i18n import t
from ..lazy_wrap import LAZY_FROM, Block, LazyStrips, line_of, took_growth
from ..parse_notes import ParseNote
from ..safe_text import display_text
from ..styles import ERROR, EVIDENCE, FIGURE, FINDING, MUTED, WARNING, styled
from ..textual_private import set_scroll_range

FIGURE_STYLE = FIGURE
EVIDENCE_STYLE = EVIDENCE
FINDING_STYLE = FINDING
HEADING_STYLE = "bold"
MUTED_STYLE = MUTED
MAX_COMMITMENT = 60
#: characters of a suggestion's text appended to its body at a time
APPEND_PIECE = 100_000
SEVERITY_STYLES = {"error": f"{ERROR} bold", "warning": WARNING, "info": MUTED}
SEVERITY_ICONS = {"error": "✖", "warning": "⚠", "info": "ℹ"}


def _add_spans(text: Text, offset: int, length: int, spans: Iterable[tuple[int | None, int | None]], style: str) -> None:
    for start, end in spans:
        if start is None or end is None:
            continue
        start, end = max(0, int(start)), min(length, int(end))
        if end > start:
            text.stylize(style, offset + start, offset + end)


def suggestion_text(reply: Reply, suggestion: Suggestion | None, lang: str = "zh", hint: Hint | None = None,
                    findings: Sequence[Finding | ParseNote] = ()) -> Text:
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
    if len(body) <= APPEND_PIECE:
        out.append(body)
    else:  # Rich strips control codes from what is appended with one str.translate: over megabytes,
        # 0.2 s holding the interpreter lock on the aids' worker thread while the keys waited
        for at in range(0, len(body), APPEND_PIECE):
            out.append(body[at:at + APPEND_PIECE])
    # figures: every occurrence of each figure the parser found
    for figure in suggestion.figures or []:
        if not figure:
            continue
        for match in re.finditer(re.escape(display_text(figure)), body):
            out.stylize(FIGURE_STYLE, offset + match.start(), offset + match.end())
    if hint is not None:
        spans: list[tuple[int | None, int | None]] = [(e.start, e.end) for e in hint.evidence]
        _add_spans(out, offset, len(body), spans, EVIDENCE_STYLE)
    mine = [f for f in findings if f.suggestion == suggestion.index]
    _add_spans(out, offset, len(body), [(f.start, f.end) for f in mine], FINDING_STYLE)
    if suggestion.commitments:
        out.append("\n\n")
        out.append(t("review.commitments", lang), style=HEADING_STYLE)
        for item in suggestion.commitments:
            line = display_text(item, single_line=True)
            if len(line) > MAX_COMMITMENT:
                line = line[: MAX_COMMITMENT - 1] + "…"
            # Each item keeps its own marker (一是 / (一) / 1.); a number of ours in front
            # would say it twice, and its space let the wrap strand it on a line of its own.
            out.append("\n")
            out.append(line)
    return out


def findings_text(findings: Sequence[Finding | ParseNote], suggestion_index: int | None, lang: str = "zh") -> Text:
    """The quality findings for one suggestion (and the reply-wide ones), one a line."""
    out = Text()
    icons, styles = SEVERITY_ICONS, SEVERITY_STYLES
    for finding in findings:
        if finding.suggestion not in (None, suggestion_index):
            continue
        if out:
            out.append("\n")
        severity = finding.severity
        # a no-break space: the icon never ends a line alone (cppcc_review.tui.cjk_wrap keeps them together)
        out.append(icons.get(severity, "•") + NO_BREAK_SPACE, style=styles.get(severity, ""))
        out.append(display_text(finding.message, single_line=True), style=styles.get(severity, ""))
        excerpt = finding.excerpt
        if excerpt:
            excerpt = display_text(excerpt, single_line=True)
            if len(excerpt) > 40:
                excerpt = excerpt[:39] + "…"
            out.append(f"「{excerpt}」", style=MUTED_STYLE)
    return out


class SuggestionBody(ScrollView, can_focus=False):
    """The suggestion's text as a Line-API scroll area; it never takes focus, so j/k stay review keys.

    `show()` wraps the text to the width once and repaints: the widget's size comes from
    the layout, never from its content, and its virtual size is set without asking for a
    re-layout (the vertical scrollbar is always there, so the wrap width never depends on
    the text's length). Moving to the next suggestion therefore costs one frame. A text over
    LAZY_FROM characters (a suggestion of megabytes) is wrapped a block at a time as its lines
    are painted (cppcc_review.tui.lazy_wrap), its scroll range corrected after each frame that
    laid out a block.
    """

    DEFAULT_CSS = """
    SuggestionBody {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    """

    #: wrapped texts kept (the neighbours prepared ahead, and the ones just left)
    CACHE_SIZE = 12

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text("")
        self._strips: Sequence[Strip] | None = None
        self._wrap_width = -1
        # (id(text), width) -> (text, strips); the text is kept so that its id stays unique
        self._cache: OrderedDict[tuple[int, int], tuple[Text, Sequence[Strip]]] = OrderedDict()
        self._range_due = False  # a lazy text's line count changed: its scroll range is updated after the frame
        # id(text) -> (text, its blocks) for large texts whose blocks were made beforehand (`adopt`)
        self._blocks: OrderedDict[int, tuple[Text, list[Block]]] = OrderedDict()

    @property
    def text(self) -> Text:
        return self._text

    def render(self) -> Text:
        # Not used to paint (render_line does); the plain text for tests and tools.
        return self._text

    def show(self, text: Text) -> None:
        self._text = text
        self._wrap()
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def adopt(self, text: Text, blocks: list[Block]) -> None:
        """`blocks_of(text)`, made beforehand off the app's thread: laying `text` out lazily starts
        from them instead of cutting it again."""
        self._blocks[id(text)] = (text, blocks)
        while len(self._blocks) > self.CACHE_SIZE:
            self._blocks.popitem(last=False)

    def _blocks_of(self, text: Text) -> list[Block] | None:
        kept = self._blocks.get(id(text))
        return kept[1] if kept is not None and kept[0] is text else None

    def restyle(self, text: Text) -> None:
        """Show `text`, the characters of the text shown with other styles (the reading aids'
        highlights, arrived later): its lines and the scroll place are kept. A lazily laid out
        text keeps its blocks and the line counts found so far (LazyStrips.restyled), so each row
        is the same row of the text; another text is shown from its top (`show`)."""
        width = self.scrollable_content_region.width
        if text.plain != self._text.plain or width <= 0:
            self.show(text)
            return
        old, self._text = self._strips, text
        if isinstance(old, LazyStrips) and self._wrap_width == width:
            strips = old.restyled(text, self._blocks_of(text))
            self._cache[(id(text), width)] = (text, strips)
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
            self._strips = strips
            self._set_range()
        else:
            self._wrap()  # wrapped whole: the same lines, whatever the styles
        self.refresh()

    def page(self, direction: int) -> None:
        """A page on (1) or back (-1), two lines kept from the page left."""
        self.scroll_to(y=self.scroll_y + direction * max(1, self.size.height - 2), animate=False)

    def prepare(self, text: Text) -> None:
        """Wrap `text` ahead of time (the next suggestion, while the reviewer reads this one)."""
        width = self.scrollable_content_region.width
        if width > 0:
            self._wrapped(text, width)

    def _wrapped(self, text: Text, width: int) -> Sequence[Strip]:
        key = (id(text), width)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is text:
            self._cache.move_to_end(key)
            return hit[1]
        strips: Sequence[Strip]
        if len(text) > LAZY_FROM:
            strips = LazyStrips(text, width, lambda piece, _block: self._lay_out(piece, width), self._blocks_of(text))
        else:
            strips = self._lay_out(text, width)
        self._cache[key] = (text, strips)
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return strips

    def _lay_out(self, text: Text, width: int) -> list[Strip]:
        # Wrapped here with the rules of Chinese typesetting (cppcc_review.tui.cjk_wrap); Textual then
        # only draws the lines (none is wider than `width`).
        visual = visualize(self, styled(self, wrap_text(text, width)), markup=False)
        return Visual.to_strips(self, visual, width, None, self.visual_style)

    def _wrap(self) -> None:
        """Wrap the text to the content width (Textual's own wrapping: wide characters count two)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            self._strips, self._wrap_width = None, -1
            return
        self._strips = self._wrapped(self._text, width)
        self._wrap_width = width
        self._set_range()

    def _set_range(self) -> None:
        self._range_due = False
        if self._strips is None:
            return
        size = Size(self._wrap_width, len(self._strips))
        if size != self.virtual_size:
            # no layout: only this widget's scroll range changes, not its size
            set_scroll_range(self, size)

    def on_resize(self) -> None:
        if self._strips is not None and self._wrap_width == self.scrollable_content_region.width:
            # only the height changed (the findings or the rating bar took rows): the lines stay,
            # and a lazily laid out text keeps the line counts found so far, so its rows keep their place
            self.refresh()
            return
        self._cache.clear()  # other widths are of no more use
        self._wrap()
        self.refresh()

    def notify_style_update(self) -> None:
        """Another theme (or style): the wrapped lines hold the old colours."""
        super().notify_style_update()
        self._cache.clear()
        self._strips, self._wrap_width = None, -1

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._strips is None or self._wrap_width != width:
            self._wrap()
        style = self.visual_style.rich_style
        index = y + self.scroll_offset.y
        strip = line_of(self._strips, index, width, style)
        if not self._range_due and took_growth(self._strips):
            self._range_due = True
            self.call_after_refresh(self._set_range)
        return strip
