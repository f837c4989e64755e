"""The inbox: every reply, with progress and state; sort, filter by state, search.

The list is built from the store's summaries (the small index, no texts), so it
appears at once with 10,000 replies. `/` filters instantly over 文号, title,
proposer and handler; the full texts are searched by the store in a worker thread
and their hits join the list when they arrive.
"""

from __future__ import annotations


from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from store.index_storage import gc_paused
from store.model import ReviewState
from tui.i18n import enum_label, t
from tui.screens.base import BaseScreen
from tui.widgets.reply_list import InboxRow, ReplyList, natural, others_text  # noqa: F401 (natural: importable from here as before)
from tui.widgets.search_input import SearchInput
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_line import StatusLine

CHANGED = "changed"
"""The filter for replies whose text changed after this reviewer rated it (a re-import)."""
FILTERS: list[ReviewState | str | None] = [
    None, ReviewState.UNREVIEWED, ReviewState.IN_PROGRESS, ReviewState.DONE, CHANGED,
]
SORTS = ["doc_no", "date", "title", "proposer", "handler", "progress", "state"]
_STATE_ORDER = {ReviewState.UNREVIEWED: 0, ReviewState.IN_PROGRESS: 1, ReviewState.DONE: 2}


FILTER_NAMES: dict[ReviewState | str | None, str | None] = {
    None: None, ReviewState.UNREVIEWED: "unreviewed", ReviewState.IN_PROGRESS: "in_progress",
    ReviewState.DONE: "done", CHANGED: CHANGED,
}


def filter_label(value: ReviewState | str | None, lang: str) -> str:
    if value is None:
        return t("filter.all", lang)
    if value == CHANGED:
        return t("filter.changed", lang)
    return enum_label(value, lang)


def sort_key(name: str):
    """The key of sort `name`; names are ordered by pinyin (tui.pinyin_order), computed once
    per row and only when that sort is chosen."""
    if name == "date":
        return lambda r: (r.date or "9999", r.doc_no)
    if name in ("title", "proposer", "handler"):
        from tui.pinyin_order import name_key, text_key

        make = {
            "title": lambda r: (text_key(r.title), r.doc_no_key),
            "proposer": lambda r: (name_key(r.proposers), r.doc_no_key),
            "handler": lambda r: (name_key(r.handler), r.doc_no_key),
        }[name]
        return lambda r: r.sort_key(name, make)
    if name == "progress":
        return lambda r: (r.rated / r.total if r.total else 0.0, r.doc_no)
    if name == "state":
        return lambda r: (_STATE_ORDER[r.state], r.doc_no)
    return lambda r: r.doc_no_key  # (r.doc_no == "", natural(r.doc_no), r.title) as one string


FILL_DELAY = 0.1  # seconds after load() before the rows not painted get their progress
HEAD_ROWS = 200  # rows read for the first screen at start (more than a terminal shows)

# The summary fields an inbox row is made of (InboxRow.from_values takes them in this order).
INBOX_FIELDS = ("id", "doc_no", "proposal_no", "title", "source_name", "proposers", "handler", "date", "n_suggestions")


class InboxScreen(BaseScreen):
    TITLE_KEY = "inbox.title"
    #: the footer's first keys: what a narrow terminal must still show
    FOOTER_FIRST = ("open", "quit", "search", "filter", "sort", "next_work", "import")

    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("slash", "search", "Search", id="search"),
        Binding("f", "pick_filter", "Filter", id="filter"),
        Binding("o", "pick_sort", "Sort", id="sort"),
        Binding("r", "reverse_sort", "Reverse", show=False, id="sort_reverse"),
        Binding("N", "next_work", "Next to do", id="next_work"),
        Binding("t", "app.stats", "Stats", id="stats"),
        Binding("i", "app.import_files", "Import", id="import"),
        Binding("D", "app.disputes", "Disputes", show=False, id="disputes"),
        Binding("escape", "clear_search", "Back", show=False, id="back"),
    ]

    DEFAULT_CSS = """
    InboxScreen #inbox-title { height: 1; padding: 0 1; background: $primary-background; }
    InboxScreen #search { display: none; height: 3; }
    InboxScreen.-searching #search { display: block; }
    """

    def __init__(self) -> None:
        super().__init__(id="inbox")
        self.all_rows: list[InboxRow] = []
        self.filter: ReviewState | str | None = None
        self.changed_ids: set[str] = set()
        self.query_text = ""
        self.text_hits: set[str] = set()
        self.sort_name = "doc_no"
        self.sort_reverse = False
        self._loaded = False
        self._started = False  # the first load has begun (the first screen's rows, or all)
        self._in_store_order = False  # all_rows are in the store's order (the default sort's)
        self.total: int | None = None
        """How many replies while only the first screen's rows are read (None: all_rows has all)."""

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="inbox-title")
        yield SearchInput(placeholder=t("inbox.search_placeholder", self.lang), id="search")
        yield ReplyList(lang=self.lang, id="replies")
        yield StatusLine()
        yield KeyFooter()

    def on_mount(self) -> None:
        place = getattr(self.app, "resume_place", None)
        keep = None
        if place is not None:  # where this reviewer left off last time
            self.restore_view(place)
            keep = place.reply_id
        self.load(keep_id=keep)
        self.query_one(ReplyList).focus()
        if self.query_text:
            self.search_texts(self.query_text)

    def restore_view(self, place) -> None:
        """Filter, sort and search as `place` (tui.session_state.Place) says."""
        by_name = {FILTER_NAMES[value]: value for value in FILTERS}
        self.filter = by_name.get(place.filter)
        self.sort_name = place.sort if place.sort in SORTS else "doc_no"
        self.sort_reverse = bool(place.reverse)
        self.query_text = (place.search or "").strip().lower()
        if self.query_text:
            search = self.query_one("#search", SearchInput)
            with search.prevent(SearchInput.Changed):
                search.value = place.search
            self.add_class("-searching")

    def view_place(self) -> dict:
        """The filter, sort and search, as tui.session_state.Place fields."""
        return {
            "filter": FILTER_NAMES[self.filter],
            "sort": self.sort_name,
            "reverse": self.sort_reverse,
            "search": self.query_one("#search", SearchInput).value.strip(),
        }

    # data -------------------------------------------------------------
    def _default_view(self) -> bool:
        return self.filter is None and not self.query_text and self.sort_name == "doc_no" and not self.sort_reverse

    def _load_first_screen(self, keep_id: str | None) -> bool:
        """The first paint at start: the first HEAD_ROWS rows, read from the store's summary
        without decoding the rest (the store keeps them in this order); every row comes
        FILL_DELAY later (`load`). False when the view needs every row now (a filter,
        search or sort restored, or the reply to keep further down)."""
        first = getattr(self.app.store, "first_summary_values", None)
        if first is None or self._started or not self._default_view():
            return False
        values, total = first(INBOX_FIELDS, HEAD_ROWS)
        if keep_id is not None and not any(v[0] == keep_id for v in values):
            return False
        store, reviewer = self.app.store, self.app.reviewer

        def lookup(rid: str):
            return store.progress_of(reviewer, rid)

        self.all_rows = [InboxRow(*v, None, lookup) for v in values]
        self._in_store_order = True
        self.total = total
        self.apply(keep_id=keep_id)
        self._started = True
        # Once this screen is painted (a refresh, then a moment: call_after_refresh alone
        # can come before the frame that shows the rows), every row.
        self.call_after_refresh(lambda: self.set_timer(FILL_DELAY, self._load_all))
        return True

    def _load_all(self) -> None:
        current = self.query_one(ReplyList).current
        self.load(keep_id=current.id if current else None)

    def load(self, keep_id: str | None = None) -> None:
        """(Re)build every row from the store's index (summary_values) and this reviewer's progress."""
        if self._load_first_screen(keep_id):
            return
        self._started = True
        store = self.app.store
        reviewer = self.app.reviewer
        self.total = None
        with gc_paused():  # 100,000 rows: no reference cycles for the collector to look for
            summary_values = getattr(store, "summary_values", None)
            progress_of = getattr(store, "progress_of", None)
            if summary_values is not None and progress_of is not None:
                # Rows are cheap: their texts are made safe when first shown or sorted by,
                # and each row's progress is read when first needed (the rows painted); the
                # rest comes from one store.progress() once this frame is on screen.
                def lookup(rid: str):
                    return progress_of(reviewer, rid)

                self.all_rows = [InboxRow(*values, None, lookup) for values in summary_values(INBOX_FIELDS)]
                self._in_store_order = True  # the store lists them in the default order
                rows = self.all_rows
                # After the first frame is on screen (a timer: call_after_refresh can come
                # before the frame that shows the rows); a later load() makes this a no-op.
                self.set_timer(FILL_DELAY, lambda: self._fill_progress(rows))
            else:  # a store without them (a stand-in): the same rows from its ReplySummary objects
                progress = store.progress(reviewer).get
                self.all_rows = [InboxRow.from_summary(s, progress(s.id)) for s in store.summaries()]
                self._in_store_order = False
            self.changed_ids = set()  # (from the same scan as everyone's progress, FILL_DELAY later)
            if not hasattr(store, "progress_of"):
                changed = getattr(store, "changed_after_rating", None)
                self.changed_ids = changed(reviewer) if changed is not None else set()
            self.apply(keep_id=keep_id)
            if not self._loaded:  # the first rows live as long as the app: out of the collector's walks
                self._loaded = True
                keep = getattr(self.app, "keep_out_of_gc", None)
                if keep is not None:
                    keep()

    def _fill_progress(self, rows: list[InboxRow]) -> None:
        """Progress for the rows not painted yet, from one store.progress() (cheaper than
        one lookup per row), so that filtering by state, sorting by progress and N do not
        wait for it. Rows a newer load() replaced are left alone."""
        if rows is not self.all_rows:
            return
        with gc_paused():
            store = self.app.store
            progress = store.progress(self.app.reviewer)
            for row in rows:
                p = progress.get(row.id)
                if p is not None:
                    row.set_progress(p)
            changed = getattr(store, "changed_after_rating", None)
            self.changed_ids = changed(self.app.reviewer) if changed is not None else set()
            self._fill_others(rows)
            if self.filter is not None:  # a filter by state, or by changed text: now it knows
                self.apply()

    def reload_rows(self, ids: set[str]) -> None:
        """Another process changed the reviews of these replies: their rows read their
        progress again (the list itself is as it was)."""
        store, me = self.app.store, self.app.reviewer
        everyone = getattr(store, "reviewers_progress", None)
        by_reply = everyone() if everyone is not None else {}
        for row in self.all_rows:
            if row.id in ids:
                row._progress, row._lookup = None, None
                row.set_progress(store.progress_of(me, row.id))
                theirs = {name: p for name, p in by_reply.get(row.id, {}).items() if name != me}
                row.others = others_text(theirs) if theirs else ""
        changed = getattr(store, "changed_after_rating", None)
        if changed is not None:
            self.changed_ids = changed(me)
        self.apply(keep_id=self.query_one(ReplyList).current.id if self.query_one(ReplyList).current else None)

    def _fill_others(self, rows: list[InboxRow]) -> None:
        """Colleagues' progress (other reviewers in this database) on each reply."""
        everyone = getattr(self.app.store, "reviewers_progress", None)
        if everyone is None:
            return
        me = self.app.reviewer
        by_reply = everyone()
        for row in rows:
            theirs = {name: p for name, p in by_reply.get(row.id, {}).items() if name != me}
            row.others = others_text(theirs) if theirs else ""
        self.query_one(ReplyList).refresh()

    def apply(self, keep_id: str | None = None) -> None:
        """Filter, search and sort `all_rows` into the list."""
        rows = self.all_rows
        if self.filter == CHANGED:
            changed = self.changed_ids
            rows = [r for r in rows if r.id in changed]
        elif self.filter is not None:
            rows = [r for r in rows if r.state == self.filter]
        query = self.query_text
        if query:
            hits = self.text_hits
            rows = [r for r in rows if query in r.haystack or r.id in hits]
        if not (self._in_store_order and self.sort_name == "doc_no" and not self.sort_reverse):
            rows = sorted(rows, key=sort_key(self.sort_name), reverse=self.sort_reverse)
        # (else already in that order: the store keeps its replies sorted so)
        reply_list = self.query_one(ReplyList)
        if not self.all_rows:
            reply_list.empty_message = t("empty.inbox", self.lang)
        else:
            reply_list.empty_message = t("empty.filtered", self.lang)
        reply_list.set_rows(rows, keep_id=keep_id)
        self.app.order = [r.id for r in rows]
        self.update_title()

    def update_title(self) -> None:
        lang = self.lang
        shown = len(self.query_one(ReplyList).rows)
        text = Text()
        text.append(t("inbox.title", lang), style="bold")
        total = self.total if self.total is not None else len(self.all_rows)
        if self.total is not None:  # the first screen's rows only, the others a moment later
            shown = total
        text.append("  " + t("inbox.count", lang, shown=shown, total=total))
        text.append("  · " + t("inbox.filter", lang, name=filter_label(self.filter, lang)))
        arrow = "↓" if self.sort_reverse else "↑"
        col = t(f"col.{self.sort_name}", lang)
        text.append("  · " + t("inbox.sort", lang, name=col, dir=arrow))
        if self.query_text:
            text.append("  · " + t("inbox.search", lang, query=self.query_text))
        self.query_one("#inbox-title", Static).update(text)

    def on_screen_resume(self) -> None:
        if getattr(self.app, "inbox_dirty", False):
            self.app.inbox_dirty = False
            current = self.query_one(ReplyList).current
            keep = getattr(self.app, "last_reply_id", None) or (current.id if current else None)
            self.load(keep_id=keep)
        self.refresh_status()
        self.query_one(ReplyList).focus()

    # filtering --------------------------------------------------------
    def set_filter(self, state: ReviewState | None) -> None:
        self.filter = state
        self.apply()

    def action_cycle_filter(self) -> None:
        self.set_filter(FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)])

    def action_pick_filter(self) -> None:
        """`f`: a list of the filters, the current one highlighted (no blind cycling)."""
        from tui.screens.picker import Picker

        lang = self.lang
        options = [(str(i), filter_label(value, lang)) for i, value in enumerate(FILTERS)]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.set_filter(FILTERS[int(value)])

        self.app.push_screen(Picker(t("picker.filter", lang), options, str(FILTERS.index(self.filter))), chosen)

    def action_pick_sort(self) -> None:
        """`o`: a list of the sort columns; picking the current one again reverses it."""
        from tui.screens.picker import Picker

        lang = self.lang
        arrow = "↓" if self.sort_reverse else "↑"
        options = [
            (name, t(f"col.{name}", lang) + (f"  {arrow}" if name == self.sort_name else ""))
            for name in SORTS
        ]

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if name == self.sort_name:
                self.action_reverse_sort()
            else:
                self.set_sort(name, reverse=False)

        self.app.push_screen(Picker(t("picker.sort", lang), options, self.sort_name), chosen)

    def set_sort(self, name: str, reverse: bool | None = None) -> None:
        self.sort_name = name
        if reverse is not None:
            self.sort_reverse = reverse
        self.apply()

    def action_cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.sort_name) + 1) % len(SORTS)])

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.apply()

    def action_search(self) -> None:
        self.add_class("-searching")
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if self.has_class("-searching") or self.query_text:
            search.value = ""
            self.query_text = ""
            self.text_hits = set()
            self.remove_class("-searching")
            self.apply()
        self.query_one(ReplyList).focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip().lower()
        self.text_hits = set()
        self.apply()
        if self.query_text:
            self.search_texts(event.value.strip())

    @on(Input.Submitted, "#search")
    def search_done(self, event: Input.Submitted) -> None:
        if not self.query_text:
            self.remove_class("-searching")
        self.query_one(ReplyList).focus()

    @work(thread=True, exclusive=True, group="search")
    def search_texts(self, query: str) -> None:
        """Full-text search in the store, off the UI thread; hits join the list when done."""
        try:
            hits = self.app.store.search_text(query)
        except Exception:  # noqa: BLE001 - a failed search just keeps the instant results
            return
        self.app.call_from_thread(self._text_hits_arrived, query.lower(), set(hits))

    def _text_hits_arrived(self, query: str, hits: set[str]) -> None:
        if query == self.query_text and hits:
            self.text_hits = hits
            self.apply()

    # opening ----------------------------------------------------------
    @on(ReplyList.Selected)
    def open_selected(self, event: ReplyList.Selected) -> None:
        self.app.open_reply(event.row.id)

    def action_next_work(self) -> None:
        rows = self.query_one(ReplyList).rows
        cursor = self.query_one(ReplyList).cursor
        ordered = rows[cursor + 1 :] + rows[: cursor + 1]
        for row in ordered:
            if row.state != ReviewState.DONE:
                self.app.open_reply(row.id)
                return
        self.notify(t("review.no_work_left", self.lang), markup=False)

    def jump_next_unreviewed(self) -> None:
        reply_list = self.query_one(ReplyList)
        rows = reply_list.rows
        for offset in range(1, len(rows) + 1):
            index = (reply_list.cursor + offset) % len(rows)
            if rows[index].state == ReviewState.UNREVIEWED:
                reply_list.cursor = index
                return
        self.notify(t("review.no_work_left", self.lang), markup=False)
