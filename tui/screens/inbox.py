"""The inbox: every reply, with progress and state; sort, filter by state, search.

The list is built from the store's summaries (the small index, no texts), so it
appears at once with 10,000 replies. `/` filters instantly over 文号, title,
proposer and handler; the full texts are searched by the store in a worker thread
and their hits join the list when they arrive. What other screens changed reaches it
as messages (cppcc_review.tui.messages, through the app); it reads those replies again when it is
shown next.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from .. import gc_freeze, later_imports
from ..context import ReviewContext
from ..i18n import t
from ..inbox_loading import every_row, fill_progress, first_screen_rows
from ..inbox_order import (
    CHANGED,
    FILTER_NAMES,
    FILTERS,
    INBOX_FIELDS,
    SORTS,
    FilterValue,
    filter_label,
    sort_key,
)
from ..logs import logger
from ..messages import OpenReply
from ..session_state import Place
from ..widgets.key_footer import KeyFooter
from ..widgets.reply_list import InboxRow, ReplyList, natural
from ..widgets.search_input import SearchInput
from ..widgets.status_line import StatusLine
from ..widgets.text_line import TextLine
from .base import BaseScreen
from .inbox_pickers import pick_filter, pick_sort

__all__ = ["CHANGED", "FILTERS", "INBOX_FIELDS", "SORTS", "InboxScreen", "filter_label", "natural", "sort_key"]

FILL_DELAY = 0.1  # seconds after load() before the rows not painted get their progress
LOG = logger("inbox")


class InboxScreen(BaseScreen[None]):
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

    def __init__(self, ctx: ReviewContext, place: Place | None = None) -> None:
        super().__init__(ctx, id="inbox")
        self.place = place
        """Where this reviewer left off last time (cppcc_review.tui.session_state), or None."""
        self.all_rows: list[InboxRow] = []
        self.samples_coming = False
        """The bundled samples are being imported (tui.screens.sample_import): said while the list is empty."""
        self.filter: FilterValue = None
        self.changed_ids: set[str] = set()
        self.query_text = ""
        self.text_hits: set[str] = set()
        self.sort_name = "doc_no"
        self.sort_reverse = False
        self._loaded = False
        self._changed: set[str] = set()
        """Replies other screens changed since the rows were read (cppcc_review.tui.messages)."""
        self._reload = False
        """New replies arrived (an import): read every row again."""
        self._started = False  # the first load has begun (the first screen's rows, or all)
        self._in_store_order = False  # all_rows are in the store's order (the default sort's)
        self.total: int | None = None
        """How many replies while only the first screen's rows are read (None: all_rows has all)."""

    def compose(self) -> ComposeResult:
        yield TextLine(id="inbox-title")
        yield SearchInput(placeholder=t("inbox.search_placeholder", self.lang), id="search")
        yield ReplyList(lang=self.lang, id="replies")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    def on_mount(self) -> None:
        place = self.place
        keep = None
        if place is not None:  # where this reviewer left off last time
            self.restore_view(place)
            keep = place.reply_id
        self.load(keep_id=keep)
        self.query_one(ReplyList).focus()
        if self.query_text:
            self.search_texts(self.query_text)

    def restore_view(self, place: Place) -> None:
        """Filter, sort and search as `place` (cppcc_review.tui.session_state.Place) says."""
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

    def view_place(self, reply_id: str | None = None) -> Place:
        """The filter, sort and search, on row `reply_id` (default: the cursor's)."""
        row = self.query_one(ReplyList).current
        return Place(
            reply_id=reply_id or (row.id if row else self.ctx.order.last_opened),
            filter=FILTER_NAMES[self.filter],
            sort=self.sort_name,
            reverse=self.sort_reverse,
            search=self.query_one("#search", SearchInput).value.strip(),
        )

    # data -------------------------------------------------------------
    def load(self, keep_id: str | None = None, *, first: bool = False) -> None:
        """(Re)build every row from the store's summary (at start the first screen's first: cppcc_review.tui.inbox_loading);
        the cursor on the first row if `first` (apply)."""
        if self._load_first_screen(keep_id):
            return
        self._changed, self._reload = set(), False
        self._started, self._in_store_order, self.total = True, True, None  # the store lists them in the default order
        self.all_rows = rows = every_row(self.ctx)
        self.query_one(ReplyList).measure_doc_nos(rows)
        # After the first frame is on screen (a timer: call_after_refresh can come before
        # the frame that shows the rows); a later load() makes this a no-op.
        self.set_timer(FILL_DELAY, lambda: self._fill_progress(rows))
        self.changed_ids = self.ctx.store.changed_after_rating(self.ctx.reviewer)
        self.apply(keep_id=keep_id, first=first)
        if not self._loaded:  # the first rows live as long as the app: out of the collector's walks
            self._loaded = True
            gc_freeze.freeze()

    def _load_first_screen(self, keep_id: str | None) -> bool:
        """The first paint at start, when the view is the default one (no filter, search
        or sort restored); every row FILL_DELAY after that frame is painted."""
        default = self.filter is None and not self.query_text and self.sort_name == "doc_no" and not self.sort_reverse
        first = first_screen_rows(self.ctx, keep_id) if default and not self._started else None
        if first is None:
            return False
        self.all_rows, self.total = first
        self.query_one(ReplyList).measure_doc_nos(self.all_rows)
        self._started = self._in_store_order = True
        self.apply(keep_id=keep_id)
        # Every row once this frame is painted (call_after_refresh alone can come before it).
        self.call_after_refresh(lambda: self.set_timer(FILL_DELAY, self._load_all))
        return True

    def _load_all(self) -> None:
        self.load(keep_id=getattr(self.query_one(ReplyList).current, "id", None))

    def _fill_progress(self, rows: list[InboxRow]) -> None:
        """Everyone's progress for every row (cppcc_review.tui.inbox_loading), then what other screens
        need is imported (cppcc_review.tui.later_imports); rows a newer load() replaced are left alone."""
        if rows is self.all_rows:
            fill_progress(self.ctx, rows)
            self.query_one(ReplyList).refresh()
            later_imports.load_for_other_screens()

    def apply(self, keep_id: str | None = None, *, first: bool = False) -> None:
        """Filter, search and sort `all_rows` into the list (the cursor on its first row if `first`)."""
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
            reply_list.empty_message = t("empty.importing" if self.samples_coming else "empty.inbox", self.lang)
        else:
            reply_list.empty_message = t("empty.filtered", self.lang)
        reply_list.set_rows(rows, keep_id=keep_id, first=first)
        self.ctx.order.ids, self.ctx.order.search = [r.id for r in rows], query
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
        if self.query_text:  # as typed (the match ignores case; the header does not change it)
            text.append("  · " + t("inbox.search", lang, query=self.query_one("#search", SearchInput).value.strip()))
        self.query_one("#inbox-title", TextLine).set(text)

    # what other screens changed ------------------------------------------
    def replies_changed(self, reply_ids: frozenset[str] | None) -> None:
        """Another screen changed these replies (None: new replies arrived); they are read
        again when the inbox is shown (at once if it is)."""
        if reply_ids is None:
            self._reload = True
        else:
            self._changed |= reply_ids
        if self.is_active:  # (is_current is also true under a screen that lets it show through)
            reply_list = self.query_one(ReplyList)
            current = reply_list.current  # the reviewer is on this row: it stays
            # unless it is a search's first match the reviewer has not moved from: the first match stays
            # highlighted (what enter opens), as when the full-text hits arrive
            self._catch_up(current.id if current else None, first=reply_list.on_first)

    def on_screen_resume(self) -> None:
        self._catch_up()
        self.query_one(ReplyList).focus()

    def _catch_up(self, keep: str | None = None, *, first: bool = False) -> None:
        """Read the changed rows again, keeping the cursor on `keep` (default: the reply
        opened last, as when coming back from the review screen), or on the first row if `first`."""
        if not (self._reload or self._changed):
            return
        current = self.query_one(ReplyList).current
        keep = keep or self.ctx.order.last_opened or (current.id if current else None)
        if self._reload:
            self.load(keep_id=keep, first=first)
            return
        changed, self._changed = self._changed, set()
        self.changed_ids = self.ctx.store.changed_after_rating(self.ctx.reviewer)
        for row in self.all_rows:
            if row.id in changed:
                row.set_progress(self.ctx.store.progress_of(self.ctx.reviewer, row.id), replace=True)
        self.apply(keep_id=keep, first=first)

    # filtering --------------------------------------------------------
    def set_filter(self, state: FilterValue) -> None:
        self.filter = state
        self.apply()

    def action_pick_filter(self) -> None:
        pick_filter(self)

    def action_pick_sort(self) -> None:
        pick_sort(self)

    def set_sort(self, name: str, reverse: bool | None = None) -> None:
        self.sort_name = name
        if reverse is not None:
            self.sort_reverse = reverse
        self.apply()

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
        # A new search: its first match is highlighted (what enter opens) until the reviewer moves.
        self.apply(first=bool(self.query_text))
        if self.query_text:
            self.search_texts(event.value.strip())

    @on(Input.Submitted, "#search")
    def search_done(self, event: Input.Submitted) -> None:
        """Enter: the highlighted match opens (the first, or the one ↓/↑ moved to); no match, or
        nothing typed: the list takes the focus (as tab does)."""
        reply_list = self.query_one(ReplyList)
        if not self.query_text:
            self.remove_class("-searching")
        reply_list.focus()
        if self.query_text and reply_list.current is not None:
            reply_list.action_select()

    @work(thread=True, exclusive=True, group="search")
    def search_texts(self, query: str) -> None:
        """Full-text search in the store, off the UI thread; hits join the list when done."""
        try:
            hits = self.ctx.store.search_text(query)
        except Exception:  # a failed search just keeps the instant results
            LOG.exception("full-text search for %r failed", query)
            return
        self.app.call_from_thread(self._text_hits_arrived, query.lower(), set(hits))

    def _text_hits_arrived(self, query: str, hits: set[str]) -> None:
        if query == self.query_text and hits:
            self.text_hits = hits
            # Hits may sort above the instant ones: the first row stays highlighted unless the
            # reviewer moved (then the cursor stays on the reply moved to).
            self.apply(first=self.query_one(ReplyList).on_first)

    # opening ----------------------------------------------------------
    @on(ReplyList.Selected)
    def open_selected(self, event: ReplyList.Selected) -> None:
        self.post_message(OpenReply(event.row.id))

    def action_next_work(self) -> None:
        """`N`: the first reply after the cursor's that is not done (cppcc_review.tui.navigation)."""
        current = self.query_one(ReplyList).current
        target, none_left = self.ctx.order.next_or_none_left(current.id if current else None, self.lang)
        if target is None:
            self.notify(none_left, markup=False)
            return
        self.post_message(OpenReply(target))
