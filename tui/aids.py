"""The reading aids of the review screen: the checks' findings and the suggested ratings.

Both read the reply through the configured result scheme (`result_scheme`, validated at
start by cppcc_review.tui.config), as `cppcc-review check` does. The suggested ratings come from
cppcc_review.store.aids.hint_learner's HintService: the rubric's rules (`hint_rubric`), or learned from this
reviewer's own ratings (`hint_learning`), read and fitted by a child process (a worker thread
waits for it) so that no key press waits for the reading or for scikit-learn; `hints_shown` says which to show. They are advice: a check or a
hint that fails is logged with its traceback and the review goes on without it.
"""

from __future__ import annotations

from collections.abc import Sequence
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
            return self.hints.hint(reply, suggestion)
        except Exception:
            LOG.exception("suggest_rating failed on %s #%s", reply.doc_no or reply.title, suggestion.index)
            return None
