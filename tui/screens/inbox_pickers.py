"""The inbox's two pickers (`f` filter, `o` sort): a list to choose from, the current choice
highlighted, instead of cycling blind through them with one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import pinyin_order
from ..i18n import t
from ..inbox_order import FILTERS, filter_options, sort_options

if TYPE_CHECKING:
    from .inbox import InboxScreen


def pick_filter(inbox: InboxScreen) -> None:
    """`f`: a list of the filters, the current one highlighted."""
    from .picker import Picker

    def chosen(value: str | None) -> None:
        if value is not None:
            inbox.set_filter(FILTERS[int(value)])

    options, current = filter_options(inbox.filter, inbox.lang)
    inbox.app.push_screen(Picker(inbox.ctx, t("picker.filter", inbox.lang), options, current), chosen)


def pick_sort(inbox: InboxScreen) -> None:
    """`o`: a list of the sort columns; picking the current one again reverses it."""
    from .picker import Picker

    def chosen(name: str | None) -> None:
        if name is None:
            return
        if name == inbox.sort_name:
            inbox.action_reverse_sort()
        else:
            inbox.set_sort(name, reverse=False)

    options = sort_options(inbox.sort_name, inbox.sort_reverse, inbox.lang)
    pinyin_order.warm()  # a sort by a name column needs pypinyin: loaded while the reviewer chooses
    inbox.app.push_screen(Picker(inbox.ctx, t("picker.sort", inbox.lang), options, inbox.sort_name), chosen)
