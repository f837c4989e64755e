"""Statistics (`t` in the inbox): per handling unit, proposer or year, the shares of
adopted / partially adopted / explained suggestions as bars (of all the unit's suggestions:
the rest, not rated or disputed with no majority, is dotted; under them the disputed
figure in the words `merge` and `stats` use), and the satisfaction
rates as offices report them. The figures come from cppcc_review.store.stats, as `cppcc-review stats`."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from ...store.labels import unknown_group
from ...store.ratings.merge import disputed_words
from ...store.stats import GroupStats, stats_report
from ..context import ReviewContext
from ..i18n import t
from ..logs import logger
from ..safe_text import display_text
from ..styles import ADOPTED, EXPLAINED, FAINT, PARTIAL, behind
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine
from ..widgets.strip_view import Rows
from ..widgets.table_view import TableView
from ..widgets.text_line import TextLine
from .base import BaseScreen

GROUPINGS = ["handler", "proposer", "year"]
BAR_WIDTH = 20
MIN_NAME = 14  # cells the group's name keeps however narrow the screen
BAR_COLOURS = (ADOPTED, PARTIAL, EXPLAINED)
LOG = logger("stats")


# A cell's left k eighths (k = 1..7); a whole cell is "█".
EIGHTHS = " ▏▎▍▌▋▊▉"


def share_ends(counts: tuple[int, ...], total: int, width: int) -> list[int]:
    """Where each share of `total` ends on a bar `width` cells wide, in eighths of a cell from its start.

    Cumulative, so the rounding of one share never shifts the next (all rated: the last one
    ends at the edge). Then every share there is gets an eighth at least, and one that would
    start and end inside a cell after another's end runs to that cell's end: a cell shows two
    colours at most (a block on another's colour), and such a share, thinner than a cell
    between two others, was not drawn at all (nor one under a sixteenth of a cell)."""
    edge = 8 * width
    ends, running = [], 0
    for n in counts:
        running += n
        ends.append(round(edge * running / total))
    start = 0
    for i, n in enumerate(counts):
        end = max(ends[i], start)
        if n:
            end = max(end, start + 1)
            if start % 8 and end // 8 == start // 8 and end % 8:  # a third colour in start's cell
                end = (start // 8 + 1) * 8
        ends[i] = start = min(end, edge)
    return ends


def share_bar(adopted: int, partial: int, explained: int, width: int = BAR_WIDTH, total: int | None = None) -> Text:
    """A stacked bar over `total` suggestions (default: the rated ones): adopted, partially
    adopted, explained, then faint dots for the rest (not rated, or disputed).

    Drawn to scale, to the nearest eighth of a cell: a share's end inside a cell is a
    partial block (▏ … ▉) in its colour on the next share's colour. Every share there is
    is drawn, an eighth of a cell at least (share_ends). (Rounding each share up to a whole
    cell made 6 rated of 817 look like 15%.)"""
    counts = (adopted, partial, explained)
    total = max(total if total is not None else 0, sum(counts))
    if not total:
        return Text("·" * width, style=FAINT)
    ends = share_ends(counts, total, width)

    def owner(eighth: int) -> int:
        """The share (0..2) that covers this eighth of the bar; 3: the rest."""
        return next((i for i, end in enumerate(ends) if eighth < end), len(ends))

    cells: list[tuple[str, str]] = []
    for cell in range(width):
        first, last = owner(8 * cell), owner(8 * cell + 7)
        if first == len(ends):
            cells.append(("·", FAINT))
        elif first == last:
            cells.append(("█", BAR_COLOURS[first]))
        else:
            under = f" {behind(BAR_COLOURS[last])}" if last < len(ends) else ""
            cells.append((EIGHTHS[ends[first] - 8 * cell], BAR_COLOURS[first] + under))
    bar = Text()
    for style, run in groupby(cells, key=lambda c: c[1]):
        bar.append("".join(char for char, _ in run), style=style)
    return bar


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class StatsScreen(BaseScreen[None]):
    TITLE_KEY = "stats.title"

    BINDINGS = [
        Binding("v", "group", "Group by", id="group"),
        Binding("q,escape,t", "app.pop_screen", "Back", id="back"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="cursor_down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="cursor_up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="page_up"),
        Binding("home,g", "edge(0)", "First", show=False, id="first"),
        Binding("end,G", "edge(1)", "Last", show=False, id="last"),
    ]

    DEFAULT_CSS = """
    StatsScreen #stats-title { height: 1; padding: 0 1; background: $primary-background; }
    """

    def __init__(self, ctx: ReviewContext) -> None:
        super().__init__(ctx, id="stats-screen")
        self.by = "handler"

    def compose(self) -> ComposeResult:
        yield TextLine(id="stats-title")
        yield TableView(id="stats-table")
        yield StatusLine(self.ctx.status)
        yield KeyFooter(self.lang, self.FOOTER_FIRST)

    def on_mount(self) -> None:
        self.show()

    def action_group(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        self.show()

    def action_scroll(self, delta: int) -> None:
        view = self.query_one(TableView)
        view.scroll_to(y=view.scroll_y + delta, animate=False, immediate=True)

    def action_page(self, pages: int) -> None:
        self.query_one(TableView).page(pages)

    def action_edge(self, end: int) -> None:
        view = self.query_one(TableView)
        view.scroll_to(y=view.max_scroll_y if end else 0, animate=False, immediate=True)

    def show(self) -> None:
        lang = self.lang
        title = Text(t("stats.title", lang), style="bold")
        title.append("  " + t("stats.by", lang, name=t(f"stats.by.{self.by}", lang)) + "  ")
        for key, colour in zip(("key.rate_adopted", "key.rate_partial", "key.rate_explained"), BAR_COLOURS, strict=True):
            title.append("█", style=colour)
            title.append(t(key, lang) + " ")
        self.query_one("#stats-title", TextLine).set(title)
        try:
            groups, overall = stats_report(self.ctx.store, by=self.by)
        except Exception as exc:  # statistics must never end a review session
            LOG.exception("statistics by %s failed", self.by)
            message = Text(t("stats.unavailable", lang, error=display_text(str(exc), single_line=True)))
            self.query_one(TableView).show(lambda _width: message)
            return
        # Fitted to the screen's width whenever it changes (TableView lays it out again).
        # (its header row stays in view while the groups scroll under it)
        self.query_one(TableView).show(lambda width: self.rows(groups, overall, width), pinned=1)

    def table(self, groups: list[GroupStats], overall: GroupStats, width: int = 120) -> Table:
        """The figures, every row in one table (what `rows` shows a line at a time); `width`:
        the screen's (the bars' width depends on it)."""
        bar_width = self._bar_width(width)
        table = self._columns(bar_width, caption=self._caption(overall, bar_width))
        for cells, style in self._cells(groups, overall, bar_width):
            table.add_row(*cells, style=style)
        return table

    def rows(self, groups: list[GroupStats], overall: GroupStats, width: int) -> Rows | Table:
        """The table as Rows: its column widths worked out once from the widest cells (what
        laying out every row would give), then each line laid out when it comes on screen;
        its header is line 0, the total the last row, the note on the bars below it. (1,124
        proposers took 1.4 s to lay out whole.) The whole table when the widths cannot be had."""
        bar_width = self._bar_width(self.size.width)
        cells = self._cells(groups, overall, bar_width)
        caption = self._caption(overall, bar_width)
        probe = self._columns(bar_width, caption=caption)
        for i in sorted(_widest_rows([c for c, _ in cells])):
            probe.add_row(*cells[i][0], style=cells[i][1])
        widths = column_widths(probe, self.app.console, width)
        if widths is None:
            return self.table(groups, overall, self.size.width)

        def line(i: int) -> Table:
            table = self._columns(bar_width, widths, header=i == 0)
            if i:
                table.add_row(*cells[i - 1][0], style=cells[i - 1][1])
            return table

        return Rows(1 + len(cells), line, tail=self._columns(bar_width, widths, header=False, caption=caption))

    @staticmethod
    def _bar_width(width: int) -> int:
        """Below 100 columns the bars are half as wide, so that the names (the column that
        says what a row is) keep at least MIN_NAME cells."""
        return BAR_WIDTH if width >= 100 or not width else BAR_WIDTH // 2

    def _caption(self, overall: GroupStats, bar_width: int) -> Text:
        """The note under the table: what the bars are of, their scale (a cell of a bar
        `bar_width` cells wide), and the disputed figure in the words `merge` and `stats` use."""
        disputed = disputed_words(overall.disputed, overall.disputed_majority, self.lang)
        return Text(t("stats.bar_over", self.lang, disputed=disputed, cell=f"{100 / bar_width:g}"), style="dim")

    def _columns(self, bar_width: int, widths: list[int] | None = None, *, header: bool = True,
                 caption: Text | None = None) -> Table:
        """An empty table of the statistics' columns (at `widths` when given: one line of it),
        with `caption` under it when given."""
        lang = self.lang
        fixed = widths is not None
        table = Table(box=None, expand=not fixed, header_style="bold", padding=(0, 1), caption_justify="left",
                      show_header=header)
        if caption is not None:
            table.caption = caption
        w: list[int | None] = list(widths) if widths else [None] * 7
        table.add_column(t("stats.group", lang), ratio=None if fixed else 1, min_width=None if fixed else MIN_NAME,
                         width=w[0], overflow="ellipsis", no_wrap=True)
        for n, key in enumerate(("stats.replies", "stats.suggestions"), 1):
            table.add_column(t(key, lang), justify="right", no_wrap=True, width=w[n])
        table.add_column(t("stats.shares", lang), no_wrap=True, width=w[3] if fixed else bar_width)
        for n, key in enumerate(("stats.satisfaction", "stats.satisfaction2", "stats.todo"), 4):
            table.add_column(t(key, lang), justify="right", no_wrap=True, width=w[n])
        return table

    def _cells(self, groups: list[GroupStats], overall: GroupStats, bar_width: int
               ) -> list[tuple[tuple[Text | str, ...], str]]:
        """Each row's cells and style: the groups, then the total (in the interface's
        language: the store names it 合计)."""
        lang = self.lang

        def row(group: GroupStats, style: str = "") -> tuple[tuple[Text | str, ...], str]:
            name = display_text(group.group, single_line=True) if group.group else unknown_group(lang)
            return (
                Text(name, style=style),
                str(group.replies),
                str(group.suggestions),
                self.styled(share_bar(group.adopted, group.partially_adopted, group.explained, bar_width,
                                      total=group.suggestions)),
                percent(group.satisfaction_rate),
                percent(group.satisfied_or_basic_rate),
                str(group.to_review),
            ), style

        return [*(row(g) for g in groups), row(replace(overall, group=t("stats.total", lang)), style="bold")]


def _widest_rows(rows: list[tuple[Text | str, ...]]) -> set[int]:
    """The rows that hold each column's widest cell and its longest word: a table of only
    these measures its columns as the whole table does."""
    picked: set[int] = set()
    for column in range(len(rows[0]) if rows else 0):
        texts = [cell.plain if isinstance(cell, Text) else cell for cell in (r[column] for r in rows)]
        picked.add(max(range(len(texts)), key=lambda i: cell_len(texts[i])))
        picked.add(max(range(len(texts)), key=lambda i: max((cell_len(w) for w in texts[i].split()), default=0)))
    return picked


def column_widths(table: Table, console: Console, width: int) -> list[int] | None:
    """The widths Rich gives `table`'s columns at `width` cells (its padding left out), or
    None if this Rich has no such method. Rich has no public way to ask: its own
    `_calculate_column_widths` (what rendering the table runs) is used, and
    tests/test_stats_lazy_rows.py fails if the lines laid out one at a time differ from the whole table's."""
    calculate = getattr(table, "_calculate_column_widths", None)
    if calculate is None:
        return None
    widths = calculate(console, console.options.update_width(width))
    return [w - 2 for w in widths]  # (padding (0, 1): one cell each side)
