"""The reading aids of the review screen: the checks' findings and the suggested ratings.

Both read the reply through the configured result scheme (`result_scheme`, validated at
start by tui.config), as `cppcc-review check` does. They are advice: a check or a hint
that fails is logged with its traceback and the review goes on without it.
"""

from __future__ import annotations

from collections.abc import Sequence

from store.checks import Finding, check_reply
from store.errors import InputError
from store.hints import Hint, scheme_names, suggest_rating
from store.model import Reply, Suggestion
from tui.logs import logger
from tui.parse_notes import ParseNote, parse_notes

LOG = logger("aids")


class ReadingAids:
    def __init__(self, lang: str, scheme: str) -> None:
        if scheme not in scheme_names():  # refused at start: a typo must not silently turn off every hint
            raise InputError(f"unknown result_scheme {scheme!r}; known: {', '.join(scheme_names())}")
        self.lang = lang
        self.scheme = scheme

    def findings(self, reply: Reply) -> Sequence[Finding | ParseNote]:
        """The checks' findings on `reply`, then its parse warnings (tui.parse_notes)."""
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
            return suggest_rating(reply, suggestion, scheme=self.scheme)
        except Exception:
            LOG.exception("suggest_rating failed on %s #%s", reply.doc_no or reply.title, suggestion.index)
            return None
