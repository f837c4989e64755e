"""The inbox's list of replies: a virtual list drawn with Textual's Line API.

Only the visible rows are rendered (`render_line`), so 10,000 or 100,000 replies
mount as fast as ten. Row 0 of the widget is the column header; it stays put while
the rows scroll under it. Cells are cut to their column width by terminal cells,
so Chinese text (two cells a character) lines up.
"""

from __future__ import annotations


from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.model import ReviewState
from tui.i18n import enum_label, t
from tui.keymap import localize
from tui.safe_text import display_text


class InboxRow:
    """One reply as the inbox shows it (from the store's summary and progress).

    Built for every reply at start, so it stays cheap: the shown texts (`doc_no`,
    `title`, `proposers`, `handler`: made safe by `display_text`) and the search
    `haystack` are computed the first time they are read, i.e. for the rows painted,
    sorted by or searched, and then kept. Progress (`rated`, `total`, `state`) is given,
    or read through `lookup(id)` the first time it is needed (the rows painted first;
    the inbox fills in the rest from one `store.progress()` right after that frame).
    """

    __slots__ = (
        "id", "date", "_progress", "_lookup", "_n",
        "_doc_no", "_proposal_no", "_title", "_source_name", "_proposers", "_handler",
        "_show_doc_no", "_show_title", "_show_proposers", "_show_handler", "_haystack", "_natural",
        "others", "_sort_keys",
    )

    def __init__(self, id, doc_no, proposal_no, title, source_name, proposers, handler, date,
                 n_suggestions: int = 0, progress=None, lookup=None) -> None:
        self.id = id
        self._doc_no = doc_no
        self._proposal_no = proposal_no
        self._title = title
        self._source_name = source_name
        self._proposers = proposers
        self._handler = handler
        self.date = date or ""
        self._n = n_suggestions
        self._progress = progress
        self._lookup = lookup
        self._show_doc_no = self._show_title = self._show_proposers = self._show_handler = None
        self._haystack = self._natural = None
        self.others = ""
        """Colleagues' progress on this reply, as the inbox shows it ("✓1 …2")."""
        self._sort_keys = None

    @classmethod
    def from_summary(cls, summary, progress=None) -> InboxRow:
        """From a store.model.ReplySummary and its Progress (None: not reviewed)."""
        return cls(
            summary.id, summary.doc_no, summary.proposal_no, summary.title, summary.source_name,
            summary.proposers, summary.handler, summary.date, summary.n_suggestions, progress,
        )

    # progress: given, or asked for (`lookup(id)`) when first read -------------
    def _known(self):
        progress = self._progress
        if progress is None and self._lookup is not None:
            progress = self._progress = self._lookup(self.id)
            self._lookup = None
        return progress

    @property
    def rated(self) -> int:
        progress = self._known()
        return progress.rated if progress else 0

    @property
    def total(self) -> int:
        progress = self._known()
        return progress.total if progress else self._n

    @property
    def state(self) -> ReviewState:
        progress = self._known()
        return ReviewState(progress.state) if progress else ReviewState.UNREVIEWED

    @property
    def progress_known(self) -> bool:
        return self._progress is not None or self._lookup is None

    def set_progress(self, progress) -> None:
        """Fill in progress not read yet (from a bulk `store.progress()`)."""
        if self._progress is None:
            self._progress = progress
            self._lookup = None

    @property
    def doc_no(self) -> str:
        if self._show_doc_no is None:
            self._show_doc_no = _shown(self._doc_no or self._proposal_no or "")
        return self._show_doc_no

    @property
    def title(self) -> str:
        if self._show_title is None:
            self._show_title = _shown(self._title or self._source_name or "")
        return self._show_title

    @property
    def proposers(self) -> str:
        if self._show_proposers is None:
            self._show_proposers = _shown("、".join(self._proposers or ()))
        return self._show_proposers

    @property
    def handler(self) -> str:
        if self._show_handler is None:
            self._show_handler = _shown(self._handler or "")
        return self._show_handler

    @property
    def haystack(self) -> str:
        """Lower-cased text the instant search looks in."""
        if self._haystack is None:
            self._haystack = " ".join(
                (self.doc_no, self.title, self.proposers, self.handler, self._proposal_no or "")
            ).lower()
        return self._haystack

    @property
    def doc_no_key(self) -> str:
        """The inbox's default order as one string (compared in C, kept for the next sort):
        sorting by it gives the order of `(doc_no == "", natural(doc_no), title)`. It is the
        store's own order (store.order), in which the store lists the replies."""
        if self._natural is None:
            self._natural = inbox_key(self._doc_no, self._proposal_no, self._title, self._source_name)
        return self._natural

    def sort_key(self, name: str, make) -> object:
        """The key `make(self)` for sort `name`, made once per row (pinyin keys are not free)."""
        keys = self._sort_keys
        if keys is None:
            keys = self._sort_keys = {}
        key = keys.get(name)
        if key is None:
            key = keys[name] = make(self)
        return key

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InboxRow):
            return NotImplemented
        return (self.id, self.doc_no, self.title, self.proposers, self.handler, self.date, self.rated,
                self.total, self.state) == (other.id, other.doc_no, other.title, other.proposers,
                                            other.handler, other.date, other.rated, other.total, other.state)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"InboxRow(id={self.id!r}, doc_no={self.doc_no!r}, rated={self.rated}, total={self.total}, state={self.state})"


def _shown(text: str) -> str:
    """display_text(text, single_line=True); most index texts have nothing to replace
    (no control, format, tab or newline character: all of them are "not printable")."""
    return text if text.__class__ is str and text.isprintable() else display_text(text, single_line=True)


# The natural order of 文号 (第2号 before 第10号) is the store's (store.order): the inbox sorts
# as the store lists the replies.
from store.order import inbox_key, natural, natural_text  # noqa: E402,F401 (importable from here as before)


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` terminal cells, with … when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


# (column key, width or 0 for "the rest", priority: columns with a higher number go first when narrow)
COLUMNS = [
    ("doc_no", 24, 0),  # 沪水务提复〔2021〕123号 is 23 cells: the 文号 is how staff name a reply
    ("title", 0, 0),
    ("proposer", 14, 3),
    ("handler", 18, 2),
    ("date", 10, 4),
    ("others", 7, 5),
    ("progress", 5, 1),
    ("state", 6, 0),  # widened to the longest state label of the interface's language
]
MIN_TITLE = 18


def state_width(lang: str) -> int:
    """Cells the state column needs: its longest label (未评/进行中/已完成, or unreviewed ...)."""
    return max(cell_len(enum_label(state, lang)) for state in ReviewState)


def others_text(progress: dict) -> str:
    """Colleagues' progress on a reply, short: ✓ done, … started ("✓2 …1"); "" when none."""
    done = sum(1 for p in progress.values() if ReviewState(p.state) == ReviewState.DONE)
    started = len(progress) - done
    parts = ([f"✓{done}"] if done else []) + ([f"…{started}"] if started else [])
    return " ".join(parts)


def layout_columns(width: int, state_cells: int = 6) -> list[tuple[str, int]]:
    """Column widths for a list `width` cells wide, dropping optional columns when narrow."""
    columns = [(k, state_cells if k == "state" else w, p) for k, w, p in COLUMNS]
    while True:
        fixed = sum(w for _k, w, _p in columns if w) + len(columns)  # one space between columns
        rest = width - fixed
        droppable = [c for c in columns if c[2] > 0]
        if rest >= MIN_TITLE or not droppable:
            break
        columns.remove(max(droppable, key=lambda c: c[2]))
    return [(key, w if w else max(rest, 4)) for key, w, _p in columns]


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

    def __init__(self, lang: str = "zh", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self._bindings = localize(self._bindings, lang)
        self.rows: list[InboxRow] = []
        self.empty_message = ""
        self._state_cells = state_width(lang)

    # data -------------------------------------------------------------
    def set_rows(self, rows: list[InboxRow], keep_id: str | None = None) -> None:
        """Show `rows`; keep the cursor on `keep_id` (or the current row) if it is still there."""
        current = keep_id or (self.current.id if self.current else None)
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

    def update_row(self, row: InboxRow) -> None:
        for i, old in enumerate(self.rows):
            if old.id == row.id:
                self.rows[i] = row
                self.refresh()
                return

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

    def on_click(self, event) -> None:
        index = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    # drawing ----------------------------------------------------------
    def _cells(self, row: InboxRow, columns) -> list[str]:
        values = {
            "doc_no": row.doc_no,
            "title": row.title,
            "proposer": row.proposers,
            "handler": row.handler,
            "date": row.date,
            "others": row.others,
            "progress": f"{row.rated}/{row.total}",
            "state": enum_label(row.state, self.lang),
        }
        return [fit(values[key], width) for key, width in columns]

    def _header(self, columns) -> list[str]:
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

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        columns = layout_columns(width, self._state_cells)
        if y == 0:
            style = base + self.get_component_rich_style("reply-list--header")
            text = " ".join(self._header(columns))
            return Strip([Segment(text, style)]).crop_extend(0, width, style)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if not self.rows and y == 1 and self.empty_message:
                style = base + self.get_component_rich_style("reply-list--dim")
                return Strip([Segment(fit(" " + self.empty_message, width), style)])
            return Strip.blank(width, base)
        row = self.rows[index]
        cells = self._cells(row, columns)
        state_class = {
            ReviewState.UNREVIEWED: "reply-list--unreviewed",
            ReviewState.IN_PROGRESS: "reply-list--in-progress",
            ReviewState.DONE: "reply-list--done",
        }[row.state]
        row_style = base
        if index == self.cursor:
            row_style = base + self.get_component_rich_style("reply-list--cursor")
        state_style = row_style + self.get_component_rich_style(state_class)
        if index == self.cursor and self.has_focus:
            state_style = row_style
        segments: list[Segment] = []
        for (key, _w), cell in zip(columns, cells):
            if segments:
                segments.append(Segment(" ", row_style))
            style = state_style if key in ("progress", "state") else row_style
            if key == "others" and index != self.cursor:
                style = base + self.get_component_rich_style("reply-list--dim")
            segments.append(Segment(cell, style))
        return Strip(segments).crop_extend(0, width, row_style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
