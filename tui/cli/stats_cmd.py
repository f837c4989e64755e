"""`cppcc-review stats`: adoption and satisfaction figures per unit, proposer or year.

A table on a terminal, YAML for scripts (--format yaml, or when stdout is not a
terminal and no --format is given). Every cell is plain text: names from documents
are never read as markup.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import common
from .help_words import help_text

if TYPE_CHECKING:  # (rich and the statistics are imported when a table is printed)
    from rich.table import Table
    from rich.text import Text

    from ...store.stats import GroupStats



def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("stats", help=help_text("stats", lang), description=help_text("stats.about", lang))
    p.add_argument("--by", choices=["handler", "proposer", "year"], default="handler", help=help_text("stats.by", lang))
    p.add_argument("--format", choices=["table", "yaml"], default=None, help=help_text("format.table", lang))
    p.add_argument("--reviewer", metavar="NAME", default=None, help=help_text("stats.reviewer", lang))
    common.add_db_option(p, lang)
    common.add_lang_option(p, lang)
    common.add_readonly_option(p, lang, "readonly.reads")
    p.set_defaults(func=run)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _count(n: int, share: float | None) -> str:
    return f"{n} {_pct(share)}" if share is not None else str(n)


# (Chinese header, English header, value of a GroupStats)
COLUMNS: list[tuple[str, str, Callable[[GroupStats], str]]] = [
    ("答复", "Repl.", lambda g: str(g.replies)),
    ("建议", "Sugg.", lambda g: str(g.suggestions)),
    ("采纳", "Adopt.", lambda g: _count(g.adopted, g.adopted_share)),
    ("部分采纳", "Partly", lambda g: _count(g.partially_adopted, g.partially_adopted_share)),
    ("解释说明", "Expl.", lambda g: _count(g.explained, g.explained_share)),
    ("争议", "Disp.", lambda g: str(g.disputed)),
    ("测评", "Assd.", lambda g: str(g.assessed)),
    ("满意率", "Sat.", lambda g: _pct(g.satisfaction_rate)),
    ("满意+\n基本", "+basic", lambda g: _pct(g.satisfied_or_basic_rate)),
    ("待评", "To\ndo", lambda g: str(g.to_review)),
]


def _table(groups: list[GroupStats], total: GroupStats, by: str, lang: str = "zh") -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ...store.labels import unknown_group
    from ..safe_text import display_text
    from .words import say

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0), caption_justify="left")
    first = Text(say(f"stats.by.{by}", lang))
    # At least as wide as its header: at 80 columns a narrower one split 承办单位 into 承办单 / 位 (the
    # group names under it fold, as they must somewhere).
    table.add_column(first, justify="left", min_width=max(6, first.cell_len), overflow="fold")
    for zh, en, _ in COLUMNS:
        table.add_column(Text(en if lang == "en" else zh), justify="right", no_wrap=True)

    def row(g: GroupStats, name: str) -> list[Text]:
        return [Text(display_text(name, single_line=True))] + [Text(value(g)) for _, _, value in COLUMNS]

    for g in groups:
        table.add_row(*row(g, g.group if g.group is not None else unknown_group(lang)))
    table.add_section()
    table.add_row(*row(total, say("stats.total", lang)), style="bold")
    table.caption = Text(say("stats.caption", lang))
    return table


def _opinions_line(groups: list[GroupStats], total: GroupStats, lang: str) -> str:
    """How many of the replies counted are co-handlers' opinions (会办意见), and in which groups:
    a unit's figures then hold its opinions on others' proposals, and the table says so."""
    from ...store.labels import unknown_group
    from .words import say

    named = [f"{g.group if g.group is not None else unknown_group(lang)} {g.co_handler_opinions}"
             for g in groups if g.co_handler_opinions]
    where = ("、" if lang == "zh" else ", ").join(named[:_NAMED_GROUPS])
    if len(named) > _NAMED_GROUPS:
        where += say("stats.co_handler_more", lang, n=len(named))
    return say("stats.co_handler_opinions", lang, n=total.co_handler_opinions, where=where)


_NAMED_GROUPS = 3  # (the groups the line names; --format yaml gives each)


def run(args: argparse.Namespace) -> int:
    import yaml

    from ...store.ratings.agreement_text import agreement_lines, format_agreement
    from ...store.ratings.merge import disputed_words, store_agreement
    from ...store.stats import stats_report

    with common.open_store(args, readonly=True) as store:
        groups, total = stats_report(store, by=args.by, reviewer=args.reviewer)
        overall, by_unit = store_agreement(store)
    fmt = args.format or ("table" if sys.stdout.isatty() else "yaml")
    if fmt == "yaml":
        doc = {
            "by": args.by,
            "reviewer": args.reviewer,
            "groups": [g.to_dict() for g in groups],
            "total": {**total.to_dict(), "group": None},
            "agreement": {
                "overall": overall.to_dict(),
                "by_handler": {g or "(unknown)": a.to_dict() for g, a in by_unit.items()},
            },
        }
        yaml.safe_dump(doc, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
        return 0
    from rich.console import Console
    from rich.text import Text

    from ..cjk_wrap import wrap_text
    from ..safe_text import display_text

    lang = common.lang(args)
    console = Console()

    def said(line: str) -> None:
        # wrapped as Chinese is (Rich broke 其中 18 / 份是会办意见…, at the space before a run of Chinese)
        console.print(wrap_text(Text(line), console.width))

    console.print(_table(groups, total, args.by, lang))
    if total.co_handler_opinions:
        said(display_text(_opinions_line(groups, total, lang), single_line=True))
    said(disputed_words(total.disputed, total.disputed_majority, lang))
    if overall.method is not None:
        for line in agreement_lines(overall, by_unit if len(by_unit) > 1 else None, lang):
            said(display_text(line, single_line=True))
    else:
        said(format_agreement(overall, lang=lang))
    return 0
