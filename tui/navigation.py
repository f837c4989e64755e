"""Which reply comes next: the inbox's order, and "the next reply that needs work".

`next_needing_work` is the one rule behind `N` in the inbox and on the review screen,
ctrl+n in the assessment and the palette's "next unreviewed reply": the first reply
after a given one in the inbox's order (wrapping round, the given one last) that is not
done, or with `unreviewed_only` that nobody has started.

With a search active it looks among the search's results only, as `]` and `[` do: the
reviewer searched to work through those replies (one unit's, one 文号's), and a key that
left the search unasked would take them somewhere the inbox no longer lists. When none
there needs work it says so, and how many replies outside the search still do
(`next_or_none_left`), so that "nothing left" is never said of the whole database by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..store.db import ReviewStore
from ..store.model import Progress, ReviewState
from .i18n import t


def needs_work(state: ReviewState, *, unreviewed_only: bool = False) -> bool:
    """Whether a reply in `state` is one `N` (or, `unreviewed_only`, the palette's "next
    unreviewed reply") goes to."""
    return state == ReviewState.UNREVIEWED if unreviewed_only else state != ReviewState.DONE


def next_needing_work(
    order: Sequence[str],
    state_of: Callable[[str], ReviewState],
    after: str | None,
    *,
    unreviewed_only: bool = False,
) -> str | None:
    """The first reply of `order` after `after` (from the top when `after` is not in it)
    whose state needs work; `after` itself is the last one looked at. None when none does."""
    if not order:
        return None
    start = order.index(after) + 1 if after in order else 0
    for step in range(len(order)):
        reply_id = order[(start + step) % len(order)]
        if needs_work(state_of(reply_id), unreviewed_only=unreviewed_only):
            return reply_id
    return None


class ReplyOrder:
    """The replies in the inbox's current order and filter, and the one opened last
    (for `]` / `[`, `N` and the inbox's cursor when the reviewer comes back)."""

    def __init__(self, store: ReviewStore, reviewer: str) -> None:
        self.store = store
        self.reviewer = reviewer
        self.ids: list[str] = []
        """Reply ids as the inbox lists them now."""
        self.search = ""
        """The inbox's search that `ids` are the results of ("": none)."""
        self.last_opened: str | None = None

    def current(self) -> list[str]:
        """The inbox's order, or every reply when the inbox has not listed any yet."""
        return self.ids or [s.id for s in self.store.summaries()]

    def neighbour(self, reply_id: str, direction: int) -> str | None:
        """The reply after (direction 1) or before (-1) `reply_id`; None at either end."""
        order = self.ids if reply_id in self.ids else [s.id for s in self.store.summaries()]
        if reply_id not in order:
            return None
        target = order.index(reply_id) + direction
        return order[target] if 0 <= target < len(order) else None

    def end_message(self, reply_id: str, direction: int) -> str:
        """What `]` (direction 1) or `[` says at either end: of a search's results when the inbox is
        searching, else of the replies (a message key)."""
        key = "review.last_reply" if direction > 0 else "review.first_reply"
        return key + "_search" if self.search and reply_id in self.ids else key

    def next_or_none_left(self, after: str | None, lang: str, *, unreviewed_only: bool = False,
                          not_after: bool = False) -> tuple[str | None, str]:
        """(the reply `next_needing_work` finds, "") or, when there is none, (None, what `_no_work_left`
        says), with the progress read once for both; `not_after`: `after` itself is none (the review
        screen's N: the reply shown is the only one left)."""
        state_of = self._state_of()
        target = next_needing_work(self.current(), state_of, after, unreviewed_only=unreviewed_only)
        if target is not None and not (not_after and target == after):
            return target, ""
        return None, self._no_work_left(lang, state_of, unreviewed_only=unreviewed_only)

    def _no_work_left(self, lang: str, state_of: Callable[[str], ReviewState], *, unreviewed_only: bool) -> str:
        if not self.search or not self.ids:
            return t("review.no_work_left", lang)
        shown = set(self.ids)
        outside = sum(1 for (reply_id,) in self.store.iter_summary_values(("id",))
                      if reply_id not in shown and needs_work(state_of(reply_id), unreviewed_only=unreviewed_only))
        if not outside:
            return t("review.no_work_left", lang)
        key = "review.no_unreviewed_left_search" if unreviewed_only else "review.no_work_left_search"
        return t(key, lang, n=outside)

    def _state_of(self) -> Callable[[str], ReviewState]:
        """This reviewer's state of a reply (unreviewed when it has no progress)."""
        progress: dict[str, Progress] = self.store.progress(self.reviewer)

        def state_of(reply_id: str) -> ReviewState:
            known = progress.get(reply_id)
            return ReviewState(known.state) if known is not None else ReviewState.UNREVIEWED

        return state_of
