"""One reply as the inbox shows it: `InboxRow` (its sort key is the store's natural order of 文号, store/order.py).

Built for every reply at start (100,000 of them), so a row stays cheap: what it shows is
made safe (`display_text`) and kept the first time it is read, and its progress is given
or asked for when first needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress
from operator import attrgetter, not_

from ..store.model import Progress, ReplySummary, ReviewState
from ..store.order import inbox_key
from .safe_text import display_text

ProgressLookup = Callable[[str], "Progress | None"]


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
        "_doc_no",
        "_handler",
        "_haystack",
        "_lookup",
        "_n",
        "_natural",
        "_progress",
        "_proposal_no",
        "_proposers",
        "_shown",
        "_sort_keys",
        "_source_name",
        "_title",
        "date",
        "id",
        "others",
    )

    def __init__(self, id: str, doc_no: str | None, proposal_no: str | None, title: str | None,
                 source_name: str | None, proposers: tuple[str, ...] | list[str] | None, handler: str | None,
                 date: str | None, n_suggestions: int = 0, progress: Progress | None = None,
                 lookup: ProgressLookup | None = None) -> None:
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
        self._shown: tuple[str, str, str, str] | None = None  # (doc_no, title, proposers, handler) made safe
        self._haystack: str | None = None
        self._natural: str | None = None
        self.others = ""
        """Colleagues' progress on this reply, as the inbox shows it ("✓1 …2")."""
        self._sort_keys: dict[str, object] | None = None

    @classmethod
    def from_summary(cls, summary: ReplySummary, progress: Progress | None = None) -> InboxRow:
        """From a cppcc_review.store.model.ReplySummary and its Progress (None: not reviewed)."""
        return cls(
            summary.id, summary.doc_no, summary.proposal_no, summary.title, summary.source_name,
            summary.proposers, summary.handler, summary.date, summary.n_suggestions, progress,
        )

    # progress: given, or asked for (`lookup(id)`) when first read -------------
    def _known(self) -> Progress | None:
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

    def set_progress(self, progress: Progress, replace: bool = False) -> None:
        """Fill in progress not read yet (from a bulk `store.progress()`), or with `replace`
        the progress as it is now (the reviewer changed the reply)."""
        if self._progress is None or replace:
            self._progress = progress
            self._lookup = None

    def _texts(self) -> tuple[str, str, str, str]:
        """What the row shows, made safe, all four the first time one is read (one slot,
        not four, in each of 100,000 rows)."""
        shown = self._shown
        if shown is None:
            shown = self._shown = (
                _shown(self._doc_no or ""),  # a 文号 only: a proposal's number is not one (proposal_no)
                _shown(self._title or self._source_name or ""),
                _shown("、".join(self._proposers or ())),
                _shown(self._handler or ""),
            )
        return shown

    @property
    def doc_no(self) -> str:
        return self._texts()[0]

    @staticmethod
    def given_numbers(rows: Sequence[InboxRow]) -> tuple[list[str], list[str]]:
        """The 文号 of `rows`, and the proposal's numbers of those without one, as the summaries hold
        them (to measure: not made safe); in C's loops, not Python's: 100,000 rows at start."""
        doc_nos = list(map(_DOC_NO, rows))
        quoted = compress(map(_PROPOSAL_NO, rows), map(not_, doc_nos))
        return list(filter(None, doc_nos)), list(filter(None, quoted))

    @property
    def proposal_no(self) -> str:
        """The proposal's number the reply quotes (第88号), made safe; "" if none."""
        return _shown(self._proposal_no or "")

    @property
    def title(self) -> str:
        return self._texts()[1]

    @property
    def proposers(self) -> str:
        return self._texts()[2]

    @property
    def handler(self) -> str:
        return self._texts()[3]

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
        sorting by it gives the order of `(doc_no == "", natural(doc_no), title)`."""
        if self._natural is None:  # the store's own order (cppcc_review.store.order), in which it lists the replies
            self._natural = inbox_key(self._doc_no, self._proposal_no, self._title, self._source_name)
        return self._natural

    def sort_key(self, name: str, make: Callable[[InboxRow], object]) -> object:
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



_DOC_NO = attrgetter("_doc_no")
_PROPOSAL_NO = attrgetter("_proposal_no")
