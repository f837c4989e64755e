"""Statistics (`t` in the inbox): per handling unit, proposer or year, the shares of
adopted / partially adopted / explained suggestions as bars, and the satisfaction
rates as offices report them. The figures come from store.stats, as `cppcc-review stats`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import t
from tui.safe_text import display_text
from tui.screens.base import BaseScreen
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_line import StatusLine

GROUPINGS = ["handler", "proposer", "year"]
BAR_WIDTH = 20
BAR_COLOURS = ("#98c379", "#e5c07b", "#61afef")


def share_bar(adopted: int, partial: int, explained: int, width: int = BAR_WIDTH) -> Text:
    """A stacked bar: adopted, partially adopted, explained (each a share of the rated)."""
    total = adopted + partial + explained
    bar = Text()
    if not total:
        return Text("·" * width, style="#5c6370")
    cells = [round(width * n / total) for n in (adopted, partial, explained)]
    cells[0] = width - cells[1] - cells[2]
    for count, colour in zip(cells, BAR_COLOURS):
        bar.append("█" * max(count, 0), style=colour)
    return bar


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class StatsScreen(BaseScreen):
    TITLE_KEY = "stats.title"

    BINDINGS = [
        Binding("g", "group", "Group by", id="group"),
        Binding("q,escape,t", "app.pop_screen", "Back", id="back"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="cursor_down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="cursor_up"),
    ]

    DEFAULT_CSS = """
    StatsScreen #stats-title { height: 1; padding: 0 1; background: $primary-background; }
    StatsScreen #stats { height: 1fr; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="stats-screen")
        self.by = "handler"

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="stats-title")
        with VerticalScroll(id="stats", can_focus=False):
            yield Static(Text(""), id="stats-table")
        yield StatusLine()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()

    def action_group(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        self.show()

    def action_scroll(self, delta: int) -> None:
        view = self.query_one("#stats", VerticalScroll)
        view.scroll_to(y=view.scroll_y + delta, animate=False)

    def show(self) -> None:
        lang = self.lang
        title = Text(t("stats.title", lang), style="bold")
        title.append("  " + t("stats.by", lang, name=t(f"stats.by.{self.by}", lang)))
        self.query_one("#stats-title", Static).update(title)
        try:
            from store.stats import stats_report

            groups, overall = stats_report(self.app.store, by=self.by)
        except Exception as exc:  # noqa: BLE001 - statistics must never end a review session
            message = t("stats.unavailable", lang, error=display_text(str(exc), single_line=True))
            self.query_one("#stats-table", Static).update(Text(message))
            return
        self.query_one("#stats-table", Static).update(self.table(groups, overall))

    def table(self, groups, overall) -> Table:
        lang = self.lang
        table = Table(box=None, expand=True, header_style="bold", padding=(0, 1))
        table.add_column(t("stats.group", lang), ratio=3, overflow="ellipsis", no_wrap=True)
        table.add_column(t("stats.replies", lang), justify="right")
        table.add_column(t("stats.suggestions", lang), justify="right")
        legend = Text()
        for key, colour in zip(("key.rate_adopted", "key.rate_partial", "key.rate_explained"), BAR_COLOURS):
            legend.append("█", style=colour)
            legend.append(t(key, lang) + " ")
        table.add_column(legend, no_wrap=True, width=BAR_WIDTH)
        table.add_column(t("stats.satisfaction", lang), justify="right")
        table.add_column(t("stats.satisfaction2", lang), justify="right")
        table.add_column(t("stats.todo", lang), justify="right")

        def row(group, style: str = "") -> None:
            name = display_text(group.group, single_line=True) if group.group else t("none", lang)
            table.add_row(
                Text(name, style=style),
                str(group.replies),
                str(group.suggestions),
                share_bar(group.adopted, group.partially_adopted, group.explained),
                percent(group.satisfaction_rate),
                percent(group.satisfied_or_basic_rate),
                str(group.to_review),
                style=style,
            )

        for group in groups:
            row(group)
        overall_row = overall
        if overall_row.group is None:
            from dataclasses import replace

            overall_row = replace(overall, group="∑")
        row(overall_row, style="bold")
        return table
