"""The reading aids of the review screen: the checks' findings and the suggested ratings.

Both read the reply through the configured result scheme (`result_scheme`, validated at
start by cppcc_review.tui.config), as `cppcc-review check` does. The suggested ratings come from
cppcc_review.store.aids.hint_learner's HintService: the rubric's rules (`hint_rubric`), or learned from this
reviewer's own ratings (`hint_learning`), fitted on a worker thread so that no key press
waits for scikit-learn; `hints_shown` says which to show. They are advice: a check or a
hint that fails is logged with its traceback and the review goes on without it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..store.aids.checks import Finding, check_reply
from ..store.aids.hint_learner import HintService
from ..store.aids.hints import Hint, scheme_names
from ..store.db import ReviewStore
from ..store.errors import InputError
from ..store.model import Reply, Suggestion
from .config import Settings
from .logs import logger
from .parse_notes import ParseNote, parse_notes

LOG = logger("aids")


# Seconds between two counts of the reviewer's ratings after a saved change (whether the
# learned model is due for retraining looks over every reply's progress).
RECOUNT_SECONDS = 10.0


class ReadingAids:
    def __init__(self, lang: str, settings: Settings, store: ReviewStore, reviewer: str) -> None:
        scheme = settings.result_scheme
        if scheme not in scheme_names():  # refused at start: a typo must not silently turn off every hint
            raise InputError(f"unknown result_scheme {scheme!r}; known: {', '.join(scheme_names())}")
        self.lang = lang
        self.scheme = scheme
        self.hints = HintService(
            store, reviewer, scheme=scheme, rubric=settings.hint_rubric, learning=settings.hint_learning,
            show=settings.hints_shown, background=True, recount_every=RECOUNT_SECONDS,
        )
        """The suggested ratings: the rules, or learned from this reviewer's ratings."""

    def findings(self, reply: Reply) -> Sequence[Finding | ParseNote]:
        """The checks' findings on `reply`, then its parse warnings (cppcc_review.tui.parse_notes)."""
        notes = parse_notes(reply, self.lang)
        try:
            found = check_reply(reply, lang=self.lang, scheme=self.scheme)
        except Exception:
            LOG.exception("check_reply failed on %s", reply.doc_no or reply.title)
            return notes
        return [*found, *notes]

    def hint(self, reply: Reply, suggestion: Suggestion) -> Hint | None:
        """The suggested rating of `suggestion`, or None."""
        try:
            return self.hints.hint(reply, suggestion)
        except Exception:
            LOG.exception("suggest_rating failed on %s #%s", reply.doc_no or reply.title, suggestion.index)
            return None
