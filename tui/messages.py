"""Messages that cross screens: what one screen changed that another one shows.

A screen posts them (`self.post_message(RatingSaved(...))`); they bubble to the app,
whose handlers (`@on(RepliesChanged)` in tui/app.py) tell the inbox which replies to
read again. The inbox reads them when it is shown next, so a rating costs nothing
more while the reviewer stays on the review screen.
"""

from __future__ import annotations

from textual.message import Message

from ..store.model import Rating


class RepliesChanged(Message):
    """What the store holds about some replies changed (a rating, a note, the assessment,
    a split or merge, an undo, a settled dispute) or new replies arrived (an import)."""

    def __init__(self, reply_ids: frozenset[str] | None = None) -> None:
        super().__init__()
        self.reply_ids = reply_ids
        """The replies concerned; None when any may have (an import)."""


class RatingSaved(RepliesChanged):
    """A suggestion's rating is on disk."""

    def __init__(self, reply_id: str, index: int, rating: Rating | None) -> None:
        super().__init__(frozenset({reply_id}))
        self.reply_id = reply_id
        self.index = index
        self.rating = rating


class ReplyCompleted(RepliesChanged):
    """The reviewer confirmed a reply's assessment: the reply is done."""

    def __init__(self, reply_id: str) -> None:
        super().__init__(frozenset({reply_id}))
        self.reply_id = reply_id


class StoreChanged(RepliesChanged):
    """Another process wrote (the command line, an import, a second app): ReviewApp's poll
    of ReviewStore.refresh found these replies changed. Their index entries may have
    changed too, or be new, so the inbox reads all its rows again."""

    def __init__(self, reply_ids: frozenset[str]) -> None:
        super().__init__(reply_ids)


class OpenReply(Message):
    """Open reply `reply_id` on the review screen, at suggestion `index` (default: its
    first unrated one); the app does it, from wherever the request came."""

    def __init__(self, reply_id: str, index: int | None = None) -> None:
        super().__init__()
        self.reply_id = reply_id
        self.index = index


class PlaceMoved(Message):
    """The reviewer opened a reply or moved to another suggestion: the app writes down where
    they are a moment later (cppcc_review.tui.place_keeper), so that a killed app comes back there."""
