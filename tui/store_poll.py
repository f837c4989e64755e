"""What other processes wrote while the app is open, read once a second.

Writers take turns per write (store/lock.py), so the command line (`cppcc-review rate`,
`import`, `import-ratings`) and a second app write while this one is open. ReviewApp asks
`changes_elsewhere` every STORE_POLL_SECONDS: ReviewStore.refresh costs two stats when
nothing changed, and with `wait=0` it never waits for a writer in the middle of a write
(nothing now; the next tick looks again), so no key press waits for it. The same tick,
once no key has come for IDLE_SECONDS, folds a little of a grown journal into the shards
(ReviewStore.maintain): the app's store never folds on a write (`fold_on_write` False,
tui.opening), so a key never waits for that housekeeping.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from textual.screen import Screen

from ..store.errors import StoreError
from .context import ReviewContext
from .logs import logger
from .refusal_words import refusal_text
from .screens.base import BaseScreen

LOG = logger("store_poll")
STORE_POLL_SECONDS = 1.0
# No key for this long: the reviewer has paused, and a fold (60-400 ms of a folder's fsyncs
# on a busy disk) no longer stands between a key and its screen.
IDLE_SECONDS = 2.0


def idle(ctx: ReviewContext) -> bool:
    """Whether the reviewer has paused: no key for IDLE_SECONDS, nothing being typed."""
    return not ctx.status.editing and time.monotonic() - ctx.status.last_key_at >= IDLE_SECONDS


def drafts_let_go(ctx: ReviewContext, screens: Iterable[Screen[Any]]) -> frozenset[str]:
    """The replies the `screens` show (their reviews as last read: BaseScreen.review_shown) whose note
    another window was typing, and that window has gone since (killed, a closed terminal): its draft is
    last time's now, to be put back here. No file changed, so `refresh` cannot tell: such a review is
    read again (a lock test per draft, store/draft_sessions.py)."""
    gone = set()
    for screen in screens:
        review = screen.review_shown() if isinstance(screen, BaseScreen) else None
        if review is not None and review.notes_elsewhere:
            now = ctx.store.get_review(review.reply_id, review.reviewer)
            if now.notes_elsewhere != review.notes_elsewhere:
                gone.add(review.reply_id)
    return frozenset(gone)


def changes_elsewhere(ctx: ReviewContext) -> frozenset[str]:
    """The replies other processes changed since the last look (their reviews, layout or
    index entry; new replies too); empty when none did. A database that cannot be read
    any more is said in the status line (and logged once, not every second)."""
    try:
        changed = ctx.store.refresh(wait=0)
        # In a pause, a little of the journal goes into the store's shards when it has
        # grown (cppcc_review.store.fold, never waiting for another writer): compaction
        # off the reviewer's path, so that a mark never has to fold on its way.
        if idle(ctx):
            ctx.store.maintain()
    except StoreError as exc:
        message = refusal_text(exc, ctx.status.lang)
        if message != ctx.status.error:
            LOG.warning("reading what other processes wrote failed", exc_info=True)
        ctx.status.set_error(message)
        return frozenset()
    if changed:
        LOG.debug("other processes changed %d replies", len(changed))
    return frozenset(changed)


def notes_saved_later(ctx: ReviewContext, screens: Iterable[Screen[Any]]) -> frozenset[str]:
    """The notes the disk had refused, tried again (cppcc_review.tui.unsaved_notes); each one saved
    told to the screens (BaseScreen.note_saved_later); the replies whose notes were saved."""
    saved = ctx.unsaved.save_kept() if len(ctx.unsaved) else []
    for note, review in saved:
        for screen in screens:
            if isinstance(screen, BaseScreen):
                screen.note_saved_later(note.reply_id, note.index, review)
    return frozenset(note.reply_id for note, _review in saved)
