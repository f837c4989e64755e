"""The reading aids of the review screen: the checks' findings and the suggested ratings.

Both read the reply through the configured result scheme (`result_scheme`, validated at
start by cppcc_review.tui.config), as `cppcc-review check` does. The suggested ratings come from
cppcc_review.store.aids.hint_learner's HintService: the rubric's rules (`hint_rubric`), or learned from this
reviewer's own ratings (`hint_learning`), read and fitted by a child process (a worker thread
waits for it) so that no key press waits for the reading or for scikit-learn; `hints_shown` says which to show. They are advice: a check or a
hint that fails is logged with its traceback and the review goes on without it.

Both cost about 5 s per MB of text, milliseconds for a reply of the usual 2-20 KB. A reply
of more than LARGE_REPLY_CHARS characters is read off the key path (`reads_later`, `request`:
a child process reads it, cppcc_review.tui.aids_child, driven by the review screen's worker
thread, cppcc_review.tui.screens.review_reading) and shows "checking…" until the shown
suggestion's hint and the findings are in (benchmarks/large_reply.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..store.aids.schemes import scheme_names
from ..store.db import ReviewStore
from ..store.errors import InputError
from ..store.model import Reply, Suggestion
from .aids_child import AidsRequest, check_reply, read_hint, reply_findings
from .config import Settings
from .logs import logger
from .parse_notes import ParseNote

if TYPE_CHECKING:
    from ..store.aids.checks import Finding
    from ..store.aids.hint_learner import HintReader, HintService
    from ..store.aids.hints import Hint

LOG = logger("aids")


# Seconds between two counts of the reviewer's ratings after a saved change (whether the
# learned model is due for retraining looks over every reply's progress).
RECOUNT_SECONDS = 10.0

# Characters of text above which a reply's reading aids are read by a child process: some
# 90 KB of Chinese, a few tenths of a second of checks and hints, four times the longest
# usual reply; below it they are read at once, as they always were.
LARGE_REPLY_CHARS = 30_000


class ReadingAids:
    def __init__(self, lang: str, settings: Settings, store: ReviewStore, reviewer: str) -> None:
        scheme = settings.result_scheme
        if scheme not in scheme_names():  # refused at start: a typo must not silently turn off every hint
            # (a config file's or variable's value is refused before, naming where it came from: config.scheme;
            # this is a Settings made by a program, ReviewApp(settings=...))
            known = ", ".join(scheme_names())
            raise InputError(f"unknown result_scheme {scheme!r}; known: {known}", code="result_scheme_unknown",
                             scheme=repr(scheme), known=known)
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

    @property
    def hints_version(self) -> int:
        """Changes when the learned model's fit ends (in the background): hints read before are the rules'
        (or the last model's), to be read again (the review screen looks once a second)."""
        return self._hints.model_version if self._hints is not None else 0

    def findings(self, reply: Reply) -> Sequence[Finding | ParseNote]:
        """The checks' findings on `reply`, then its parse warnings (cppcc_review.tui.parse_notes)."""
        return reply_findings(reply, lang=self.lang, scheme=self.scheme, vague=self._settings.vague_check,
                              check=check_reply)  # (this module's name: a test may put a broken check there)

    def hint(self, reply: Reply, suggestion: Suggestion) -> Hint | None:
        """The suggested rating of `suggestion`, or None."""
        try:
            read = self.hints.reader()
        except Exception:
            LOG.exception("the hints could not be read for %s", reply.doc_no or reply.title)
            return None
        return read_hint(read, reply, suggestion)

    @staticmethod
    def reads_later(reply: Reply) -> bool:
        """Whether `reply`'s aids are read off the key path (`request`): it is large."""
        return len(reply.text) > LARGE_REPLY_CHARS

    def request(self, reply: Reply, first: int) -> AidsRequest:
        """What a child process needs to read `reply`'s findings and every suggestion's hint
        (cppcc_review.tui.aids_child), suggestion `first`'s hint first: the hints' reader is taken
        here, on the caller's thread (it asks the store); the reading reads no store."""
        read: HintReader | None
        try:
            read = self.hints.reader()
        except Exception:
            LOG.exception("the hints could not be read for %s", reply.doc_no or reply.title)
            read = None
        return AidsRequest(reply, read, self.lang, self.scheme, self._settings.vague_check, first)
