"""The reading aids of the review screen: the checks' findings and the suggested ratings.

Both read the reply through the configured result scheme (`result_scheme`, validated at
start by cppcc_review.tui.config), as `cppcc-review check` does. The suggested ratings come from
cppcc_review.store.aids.hint_learner's HintService: the rubric's rules (`hint_rubric`), or learned from this
reviewer's own ratings (`hint_learning`), read and fitted by a child process (a worker thread
waits for it) so that no key press waits for the reading or for scikit-learn; `hints_shown` says which to show. They are advice: a check or a
hint that fails is logged with its traceback and the review goes on without it.

Both cost about 5 s per MB of text, milliseconds for a reply of the usual 2-20 KB. A reply
of more than LARGE_REPLY_CHARS characters is read off the key path (`reads_later`, `later`:
the review screen runs it in a worker thread, cppcc_review.tui.screens.review_reading) and
shows "checking…" until its findings and hints are in (benchmarks/large_reply.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..store.aids.schemes import scheme_names
from ..store.db import ReviewStore
from ..store.errors import InputError
from ..store.model import Reply, Suggestion
from .config import Settings
from .logs import logger
from .parse_notes import ParseNote, parse_notes

if TYPE_CHECKING:
    from ..store.aids.checks import Finding
    from ..store.aids.hint_learner import HintService
    from ..store.aids.hints import Hint

LOG = logger("aids")


# Seconds between two counts of the reviewer's ratings after a saved change (whether the
# learned model is due for retraining looks over every reply's progress).
RECOUNT_SECONDS = 10.0

# Characters of text above which a reply's reading aids are read by a worker thread: some
# 90 KB of Chinese, a few tenths of a second of checks and hints, four times the longest
# usual reply; below it they are read at once, as they always were.
LARGE_REPLY_CHARS = 30_000

#: a large reply's findings, and each suggestion's hint by index (cppcc_review.tui.review_model)
Aids = tuple[Sequence["Finding | ParseNote"], dict[int, "Hint | None"]]


def check_reply(reply: Reply, *, lang: str, scheme: str, vague: bool) -> list[Finding]:
    """cppcc_review.store.aids.checks.check_reply, imported when the first reply is opened."""
    from ..store.aids.checks import check_reply as check

    return check(reply, lang=lang, scheme=scheme, vague=vague)


class ReadingAids:
    def __init__(self, lang: str, settings: Settings, store: ReviewStore, reviewer: str) -> None:
        scheme = settings.result_scheme
        if scheme not in scheme_names():  # refused at start: a typo must not silently turn off every hint
            raise InputError(f"unknown result_scheme {scheme!r}; known: {', '.join(scheme_names())}")
        self.lang = lang
        self.scheme = scheme
        self._settings = settings
        self._store = store
        self._reviewer = reviewer
        self._hints: HintService | None = None
        defaults = Settings()
        if (settings.hint_rubric, settings.hints_shown) != (defaults.hint_rubric, defaults.hints_shown):
            _ = self.hints  # values no config file checked: refused at start, as the scheme is

    @property
    def hints(self) -> HintService:
        """The suggested ratings: the rules, or learned from this reviewer's ratings.

        Made when the first reply is opened, not at start: the checks and hints modules
        (regular expressions, the bundled model's reader) cost ~0.1 s of imports that the
        inbox's first frame does not need (docs/performance.md, cold start)."""
        if self._hints is None:
            from ..store.aids.hint_learner import HintService

            settings = self._settings
            self._hints = HintService(
                self._store, self._reviewer, scheme=self.scheme, rubric=settings.hint_rubric,
                learning=settings.hint_learning, show=settings.hints_shown, background=True,
                recount_every=RECOUNT_SECONDS,
            )
        return self._hints

    def findings(self, reply: Reply) -> Sequence[Finding | ParseNote]:
        """The checks' findings on `reply`, then its parse warnings (cppcc_review.tui.parse_notes)."""
        try:
            found = check_reply(reply, lang=self.lang, scheme=self.scheme, vague=self._settings.vague_check)
        except Exception:
            LOG.exception("check_reply failed on %s", reply.doc_no or reply.title)
            return parse_notes(reply, self.lang)
        return [*found, *parse_notes(reply, self.lang, frozenset(f.kind for f in found))]

    def hint(self, reply: Reply, suggestion: Suggestion) -> Hint | None:
        """The suggested rating of `suggestion`, or None."""
        try:
            read = self.hints.reader()
        except Exception:
            LOG.exception("the hints could not be read for %s", reply.doc_no or reply.title)
            return None
        return _hint(read, reply, suggestion)

    @staticmethod
    def reads_later(reply: Reply) -> bool:
        """Whether `reply`'s aids are read off the key path (`later`): it is large."""
        return len(reply.text) > LARGE_REPLY_CHARS

    def later(self, reply: Reply) -> Callable[[Callable[[], bool]], Aids]:
        """The reading of `reply`'s findings and every suggestion's hint, to run on another thread:
        the hints' model is taken here, on the caller's thread (it asks the store); the reading
        reads no store. Its argument says whether to stop (another reply is shown): the hints not
        read by then are left out."""
        try:
            read: Callable[[Reply, Suggestion], Hint | None] | None = self.hints.reader()
        except Exception:
            LOG.exception("the hints could not be read for %s", reply.doc_no or reply.title)
            read = None

        def work(stop: Callable[[], bool]) -> Aids:
            found = self.findings(reply)
            hints: dict[int, Hint | None] = {}
            for suggestion in reply.suggestions:
                if read is None or stop():
                    break
                hints[suggestion.index] = _hint(read, reply, suggestion)
            return found, hints

        return work


def _hint(read: Callable[[Reply, Suggestion], Hint | None], reply: Reply, suggestion: Suggestion) -> Hint | None:
    try:
        return read(reply, suggestion)
    except Exception:
        LOG.exception("suggest_rating failed on %s #%s", reply.doc_no or reply.title, suggestion.index)
        return None
