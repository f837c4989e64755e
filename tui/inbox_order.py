"""How the inbox orders and filters its rows: the filters by state, the sort keys.

Names sort by pinyin (cppcc_review.tui.pinyin_order), 文号 naturally (第2号 before 第10号); each key
is made once per row and only when its sort is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..store.model import ReviewState
from .i18n import enum_label, t
from .pinyin_order import name_key, text_key  # (pypinyin itself is loaded on first use)
from .widgets.reply_list import InboxRow

CHANGED = "changed"
"""The filter for replies whose text changed after this reviewer rated it (a re-import)."""
FilterValue = ReviewState | str | None
"""A filter of the inbox: a state, CHANGED, or None for every reply."""
FILTERS: list[FilterValue] = [
    None, ReviewState.UNREVIEWED, ReviewState.IN_PROGRESS, ReviewState.DONE, CHANGED,
]
SORTS = ["doc_no", "date", "title", "proposer", "handler", "progress", "state"]
_STATE_ORDER = {ReviewState.UNREVIEWED: 0, ReviewState.IN_PROGRESS: 1, ReviewState.DONE: 2}


FILTER_NAMES: dict[FilterValue, str | None] = {
    None: None, ReviewState.UNREVIEWED: "unreviewed", ReviewState.IN_PROGRESS: "in_progress",
    ReviewState.DONE: "done", CHANGED: CHANGED,
}


def filter_label(value: FilterValue, lang: str) -> str:
    if isinstance(value, ReviewState):
        return enum_label(value, lang)
    return t("filter.changed" if value == CHANGED else "filter.all", lang)


def filter_options(current: FilterValue, lang: str) -> tuple[list[tuple[str, str]], str]:
    """The filter picker's (value, label) options and the current one's value."""
    return [(str(i), filter_label(value, lang)) for i, value in enumerate(FILTERS)], str(FILTERS.index(current))


def sort_options(current: str, reverse: bool, lang: str) -> list[tuple[str, str]]:
    """The sort picker's (name, label) options; the current one shows its direction."""
    arrow = "↓" if reverse else "↑"
    return [(name, t(f"col.{name}", lang) + (f"  {arrow}" if name == current else "")) for name in SORTS]


def sort_key(name: str) -> Callable[[InboxRow], Any]:
    """The key of sort `name`; names are ordered by pinyin (cppcc_review.tui.pinyin_order), computed once
    per row and only when that sort is chosen."""
    if name == "date":
        return lambda r: (r.date or "9999", r.doc_no)
    if name in ("title", "proposer", "handler"):
        make: Callable[[InboxRow], Any] = {
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


# The summary fields an inbox row is made of (InboxRow(*values) takes them in this order).
INBOX_FIELDS = ("id", "doc_no", "proposal_no", "title", "source_name", "proposers", "handler", "date", "n_suggestions")
