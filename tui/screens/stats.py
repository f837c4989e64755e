"""Statistics (`t` in the inbox): per handling unit, proposer or year, the shares of
adopted / partially adopted / explained suggestions as bars (of all the unit's suggestions:
the rest, not rated or disputed, is dotted), and the satisfaction
rates as offices report them. The figures come from cppcc_review.store.stats, as `cppcc-review stats`."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from ...store.labels import unknown_group
from ...store.stats import GroupStats, stats_report
from ..context import ReviewContext
from ..i18n import t
from ..logs import logger
from ..safe_text import display_text
from ..styles import ADOPTED, EXPLAINED, FAINT, PARTIAL
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine
from ..widgets.table_view import TableView
from ..widgets.text_line import TextLine
from .base import BaseScreen

GROUPINGS = ["handler", "proposer", "year"]
BAR_WIDTH = 20
MIN_NAME = 14  # cells the group's name keeps however narrow the screen
BAR_COLOURS = (ADOPTED, PARTIAL, EXPLAINED)
LOG = logger("stats")


def share_bar(adopted: int, partial: int, explained: int, width: int = BAR_WIDTH, total: int | None = None) -> Text:
    """A stacked bar over `total` suggestions (default: the rated ones): adopted, partially
    adopted, explained, then faint dots for the rest (not rated, or disputed). A count above
    zero keeps at least one cell, so a unit with one verdict in a hundred still shows it."""
    counts = (adopted, partial, explained)
    total = max(total if total is not None else 0, sum(counts))
    if not total:
        return Text("·" * width, style=FAINT)
    cells = [max(round(width * n / total), 1 if n else 0) for n in counts]
    while sum(cells) > width:  # rounding up three shares can overfill: take from the largest
        cells[cells.index(max(cells))] -= 1
    if sum(counts) == total:  # every suggestion has a verdict: rounding leaves no gap
        cells[cells.index(max(cells))] += width - sum(cells)
    bar = Text()
    for count, colour in zip(cells, BAR_COLOURS, strict=True):
        bar.append("█" * count, style=colour)
    bar.append("·" * (width - sum(cells)), style=FAINT)
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
        self.query_one(TableView).show(lambda _width: self.table(groups, overall, self.size.width), pinned=1)

    def table(self, groups: list[GroupStats], overall: GroupStats, width: int = 120) -> Table:
        """The figures; below 100 columns the bars are half as wide, so that the names
        (the column that says what a row is) keep at least MIN_NAME cells."""
        lang = self.lang
        bar_width = BAR_WIDTH if width >= 100 or not width else BAR_WIDTH // 2
        table = Table(box=None, expand=True, header_style="bold", padding=(0, 1), caption_justify="left")
        table.caption = Text(t("stats.bar_over", lang), style="dim")
        table.add_column(t("stats.group", lang), ratio=1, min_width=MIN_NAME, overflow="ellipsis", no_wrap=True)
        for key in ("stats.replies", "stats.suggestions"):
            table.add_column(t(key, lang), justify="right", no_wrap=True)
        table.add_column(t("stats.shares", lang), no_wrap=True, width=bar_width)
        for key in ("stats.satisfaction", "stats.satisfaction2", "stats.todo"):
            table.add_column(t(key, lang), justify="right", no_wrap=True)

        def row(group: GroupStats, style: str = "") -> None:
            name = display_text(group.group, single_line=True) if group.group else unknown_group(lang)
            table.add_row(
                Text(name, style=style),
                str(group.replies),
                str(group.suggestions),
                self.styled(share_bar(group.adopted, group.partially_adopted, group.explained, bar_width,
                                      total=group.suggestions)),
                percent(group.satisfaction_rate),
                percent(group.satisfied_or_basic_rate),
                str(group.to_review),
                style=style,
            )

        for group in groups:
            row(group)
        # the total row in the interface's language (the store names it 合计)
        row(replace(overall, group=t("stats.total", lang)), style="bold")
        return table
