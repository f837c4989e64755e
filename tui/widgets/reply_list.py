"""The inbox's list of replies: a virtual list drawn with Textual's Line API.

Only the visible rows are rendered (`render_line`), so 10,000 or 100,000 replies
mount as fast as ten. Row 0 of the widget is the column header; it stays put while
the rows scroll under it. Cells are cut to their column width by terminal cells,
so Chinese text (two cells a character) lines up.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...store.model import Progress, ReviewState
from ...store.order import natural, natural_text
from ..doc_no_column import DOC_NO_MAX, doc_no_cells, doc_no_width, fit_doc_no
from ..doc_no_text import doc_no_text
from ..i18n import enum_label, t
from ..inbox_row import InboxRow

__all__ = ["InboxRow", "ReplyList", "fit", "layout_columns", "natural", "natural_text", "others_text"]


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` terminal cells, with … when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


# (column key, width or 0 for "the rest", priority: columns with a higher number go first when narrow)
COLUMNS = [
    ("doc_no", DOC_NO_MAX, 0),  # as wide as the widest 文号 held (cppcc_review.tui.doc_no_column)
    ("title", 0, 0),
    ("proposer", 14, 3),
    ("handler", 18, 2),
    ("date", 10, 4),
    ("others", 7, 5),
    ("progress", 5, 1),
    ("state", 6, 0),  # widened to the longest state label of the interface's language
]
MIN_TITLE = 18
TITLE_ENOUGH = 50
"""Cells that hold nearly every title whole (46 for 98% of the bundled samples' titles); past them a
wide list widens the handler's and the proposer's columns first (GROWN), and the title gets the rest."""
GROWN = (("handler", 30), ("proposer", 20))
"""The widest these columns grow to (98% of the samples' units need 26 cells, their proposers 20): at
200 columns the handler was cut (上海市科学技术委 …) beside a title column with ~100 empty cells."""


def state_width(lang: str) -> int:
    """Cells the state column needs: its longest label (未评/进行中/已完成, or unreviewed ...)."""
    return max(cell_len(enum_label(state, lang)) for state in ReviewState)


def others_text(progress: dict[str, Progress]) -> str:
    """Colleagues' progress on a reply, short: ✓ done, … started ("✓2 …1"); "" when none."""
    done = sum(1 for p in progress.values() if ReviewState(p.state) == ReviewState.DONE)
    started = len(progress) - done
    parts = ([f"✓{done}"] if done else []) + ([f"…{started}"] if started else [])
    return " ".join(parts)


def layout_columns(width: int, state_cells: int = 6, doc_no: int = DOC_NO_MAX) -> list[tuple[str, int]]:
    """Column widths for a list `width` cells wide, dropping optional columns when narrow."""
    fixed_widths = {"state": state_cells, "doc_no": doc_no}
    columns = [(k, fixed_widths.get(k, w), p) for k, w, p in COLUMNS]
    while True:
        fixed = sum(w for _k, w, _p in columns if w) + len(columns)  # one space between columns
        rest = width - fixed
        droppable = [c for c in columns if c[2] > 0]
        if rest >= MIN_TITLE or not droppable:
            break
        columns.remove(max(droppable, key=lambda c: c[2]))
    widths = {key: w for key, w, _p in columns}
    for key, most in GROWN:
        extra = min(most - widths.get(key, most), rest - TITLE_ENOUGH)
        if extra > 0:
            widths[key] += extra
            rest -= extra
    return [(key, widths[key] or max(rest, 4)) for key, _w, _p in columns]


STATE_CLASSES = {
    ReviewState.UNREVIEWED: "reply-list--unreviewed",
    ReviewState.IN_PROGRESS: "reply-list--in-progress",
    ReviewState.DONE: "reply-list--done",
}


@dataclass(frozen=True)
class LineStyles:
    """The Rich styles the list's lines are drawn in, from its CSS and the theme. Made once and
    kept until the CSS or the focus changes (ReplyList._line_styles): a widget's `rich_style`
    walks its ancestors' styles, a third of the list's drawing time when it was read per line."""

    focused: bool
    """Whether the list had the focus (the cursor row is drawn otherwise without it)."""
    base: Style
    header: Style
    dim: Style
    """The empty list's message, and a colleague's progress off the cursor row."""
    cursor: Style
    states: dict[ReviewState, Style]
    """A row's progress and state cells, by its state, off the cursor row."""
    cursor_states: dict[ReviewState, Style]
    """The same on the cursor row."""

    @classmethod
    def of(cls, widget: ReplyList) -> LineStyles:
        base = widget.rich_style
        component = widget.get_component_rich_style
        cursor = base + component("reply-list--cursor")
        focused = widget.has_focus
        return cls(
            focused=focused,
            base=base,
            header=base + component("reply-list--header"),
            dim=base + component("reply-list--dim"),
            cursor=cursor,
            states={state: base + component(name) for state, name in STATE_CLASSES.items()},
            cursor_states={state: cursor if focused else cursor + component(name)
                           for state, name in STATE_CLASSES.items()},
        )


class ReplyList(ScrollView, can_focus=True):
    """All replies (after filter and sort), one line each, with a cursor."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("home,g", "first", "First", show=False, id="first"),
        Binding("end,G", "last", "Last", show=False, id="last"),
        Binding("enter", "select", "Open", id="open"),
    ]

    COMPONENT_CLASSES = {
        "reply-list--header",
        "reply-list--cursor",
        "reply-list--unreviewed",
        "reply-list--in-progress",
        "reply-list--done",
        "reply-list--dim",
    }

    DEFAULT_CSS = """
    ReplyList { height: 1fr; overflow-x: hidden; }
    ReplyList > .reply-list--header { text-style: bold; background: $panel; }
    ReplyList > .reply-list--cursor { background: $block-cursor-blurred-background; }
    ReplyList:focus > .reply-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    ReplyList > .reply-list--unreviewed { color: $text-muted; }
    ReplyList > .reply-list--in-progress { color: $warning; }
    ReplyList > .reply-list--done { color: $success; }
    ReplyList > .reply-list--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row in `rows`."""

    class Highlighted(Message):
        def __init__(self, row: InboxRow | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        def __init__(self, row: InboxRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, lang: str = "zh", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.rows: list[InboxRow] = []
        self.empty_message = ""
        self._state_cells = state_width(lang)
        self._doc_no_header = cell_len(t("col.doc_no", lang))
        """Cells of the 文号 column's header (the column is at least as wide)."""
        self._doc_no_cells: tuple[int, int] | None = None
        """The widest 文号 and the widest 提案第88号（无文号） of every row (None: not measured)."""
        self._columns: tuple[tuple[int, tuple[int, int] | None], list[tuple[str, int]]] | None = None
        """The columns laid out last, with the width and the 文号 measures (_doc_no_cells) they were laid out for."""
        self._styles: LineStyles | None = None
        """The lines' styles (None: to be made when a line is drawn next)."""
        self.on_first = False
        """The cursor was put on the first row (set_rows(first=True)) and the reviewer has not moved it since."""

    def measure_doc_nos(self, rows: list[InboxRow]) -> None:
        """Size the 文号 column to `rows` (every row, not only those a search shows: it stays put)."""
        cells = doc_no_cells(rows, self.lang)
        if cells != self._doc_no_cells:
            self._doc_no_cells = cells
            self.refresh()

    # data -------------------------------------------------------------
    def set_rows(self, rows: list[InboxRow], keep_id: str | None = None, *, first: bool = False) -> None:
        """Show `rows`; the cursor on the first row if `first`, else kept on `keep_id` (or the
        current row) if it is still there."""
        current = None if first else keep_id or (self.current.id if self.current else None)
        self.on_first = first
        self.rows = rows
        index = 0
        if current is not None:
            for i, row in enumerate(rows):
                if row.id == current:
                    index = i
                    break
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = min(index, max(len(rows) - 1, 0))
        self.refresh()

    @property
    def current(self) -> InboxRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # cursor -----------------------------------------------------------
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor(self, cursor: int) -> None:
        top = int(self.scroll_y)
        visible = self._visible_rows()
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def move(self, delta: int) -> None:
        self.on_first = False
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(self._visible_rows())

    def action_page_up(self) -> None:
        self.move(-self._visible_rows())

    def action_first(self) -> None:
        self.move(-len(self.rows))

    def action_last(self) -> None:
        self.move(len(self.rows))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self.on_first = False
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    # drawing ----------------------------------------------------------
    def _cells(self, row: InboxRow, columns: list[tuple[str, int]]) -> list[str]:
        values = {
            "doc_no": row.doc_no or doc_no_text(None, row.proposal_no, self.lang) or t("none", self.lang),
            "title": row.title,
            "proposer": row.proposers,
            "handler": row.handler,
            "date": row.date,
            "others": row.others,
            "progress": f"{row.rated}/{row.total}",
            "state": enum_label(row.state, self.lang),
        }
        if not row.doc_no:
            return [fit(values[key], width) for key, width in columns]
        # a 文号 keeps its year and number (doc_no_column)
        return [fit_doc_no(row.doc_no, width) if key == "doc_no" else fit(values[key], width) for key, width in columns]

    def _header(self, columns: list[tuple[str, int]]) -> list[str]:
        names = {
            "doc_no": "col.doc_no",
            "title": "col.title",
            "proposer": "col.proposer",
            "handler": "col.handler",
            "date": "col.date",
            "others": "col.others",
            "progress": "col.progress",
            "state": "col.state",
        }
        return [fit(t(names[key], self.lang), width) for key, width in columns]

    def notify_style_update(self) -> None:
        """The CSS was applied again (a theme changed, a class or pseudo-class): the styles are made again."""
        self._styles = None
        super().notify_style_update()

    def _line_styles(self) -> LineStyles:
        styles = self._styles
        if styles is None or styles.focused != self.has_focus:
            styles = self._styles = LineStyles.of(self)
        return styles

    def _layout(self, width: int) -> list[tuple[str, int]]:
        """The columns for a list `width` cells wide (laid out again only when it or the 文号 column changed)."""
        key = (width, self._doc_no_cells)
        laid_out = self._columns
        if laid_out is None or laid_out[0] != key:
            doc_no = doc_no_width(width, self._doc_no_cells, self._doc_no_header)
            laid_out = self._columns = (key, layout_columns(width, self._state_cells, doc_no))
        return laid_out[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        styles = self._line_styles()
        columns = self._layout(width)
        if y == 0:
            text = " ".join(self._header(columns))
            return Strip([Segment(text, styles.header)]).crop_extend(0, width, styles.header)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if not self.rows and y == 1 and self.empty_message:
                return Strip([Segment(fit(" " + self.empty_message, width), styles.dim)])
            return Strip.blank(width, styles.base)
        row = self.rows[index]
        cells = self._cells(row, columns)
        if index == self.cursor:
            row_style = others_style = styles.cursor
            state_style = styles.cursor_states[row.state]
        else:
            row_style, others_style = styles.base, styles.dim
            state_style = styles.states[row.state]
        cell_styles = {"progress": state_style, "state": state_style, "others": others_style}
        segments: list[Segment] = []
        for (key, _w), cell in zip(columns, cells, strict=True):
            if segments:
                segments.append(Segment(" ", row_style))
            segments.append(Segment(cell, cell_styles.get(key, row_style)))
        return Strip(segments).crop_extend(0, width, row_style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
