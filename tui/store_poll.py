"""What other processes wrote while the app is open, read once a second.

Writers take turns per write (store/lock.py), so the command line (`cppcc-review rate`,
`import`, `import-ratings`) and a second app write while this one is open. ReviewApp asks
`changes_elsewhere` every STORE_POLL_SECONDS: ReviewStore.refresh costs two stats when
nothing changed, and with `wait=0` it never waits for a writer in the middle of a write
(nothing now; the next tick looks again), so no key press waits for it. The same tick,
once no key has come for IDLE_SECONDS, folds a little of a grown journal into the shards
(`IdleFold`: ReviewStore.maintain on a worker thread): the app's store never folds on a
write (`fold_on_write` False, tui.opening), so a key never waits for that housekeeping,
and a key pressed while the fold writes (60-400 ms of a folder's fsyncs on a busy disk) is
answered meanwhile: only what needs the store waits for the fold to end
(cppcc_review.store.one_thread), as a write would wait for its lock anyway.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.screen import Screen

from ..store.errors import StoreError
from .context import ReviewContext
from .logs import logger
from .messages import StoreChanged
from .refusal_words import refusal_text
from .screens.base import BaseScreen

LOG = logger("store_poll")
STORE_POLL_SECONDS = 1.0
# No key for this long: the reviewer has paused, and a fold (60-400 ms of a folder's fsyncs
# on a busy disk) no longer stands between a key and its screen.
IDLE_SECONDS = 2.0


def idle(ctx: ReviewContext) -> bool:
    """Whether the reviewer has paused: no key for IDLE_SECONDS, nothing being typed. The poll's first
    tick is no pause (however long the start took): it starts the count, as a key would."""
    status = ctx.status
    if status.last_key_at is None:
        status.last_key_at = time.monotonic()
        return False
    return not status.editing and time.monotonic() - status.last_key_at >= IDLE_SECONDS


def drafts_let_go(ctx: ReviewContext, screens: Iterable[Screen[Any]]) -> frozenset[str]:
    """The replies the `screens` show (their reviews as last read: BaseScreen.review_shown) whose note
    or opinion another window was typing, and that window has gone since (killed, a closed terminal):
    its draft is last time's now, to be put back here (the review screen's note box, the assessment
    form's opinion box). No file changed, so `refresh` cannot tell: such a review is read again (a
    lock test per draft, store/draft_sessions.py)."""
    gone = set()
    for screen in screens:
        review = screen.review_shown() if isinstance(screen, BaseScreen) else None
        if review is not None and (review.notes_elsewhere or review.opinion_elsewhere):
            now = ctx.store.get_review(review.reply_id, review.reviewer)
            if (now.notes_elsewhere, now.opinion_elsewhere) != (review.notes_elsewhere, review.opinion_elsewhere):
                gone.add(review.reply_id)
    return frozenset(gone)


def changes_elsewhere(ctx: ReviewContext) -> frozenset[str] | None:
    """The replies other processes changed since the last look (their reviews, layout or
    index entry; new replies too); empty when none did, None when the database could not be
    read: said in the status line (and logged once, not every second)."""
    try:
        changed = ctx.store.refresh(wait=0)
    except StoreError as exc:
        store_failed(ctx, exc, "reading what other processes wrote failed")
        return None
    if changed:
        LOG.debug("other processes changed %d replies", len(changed))
    return frozenset(changed)


def store_failed(ctx: ReviewContext, exc: StoreError, what: str) -> None:
    """`exc` in the status line (logged when it is new, not every second)."""
    message = refusal_text(exc, ctx.status.lang)
    if message != ctx.status.error:
        LOG.warning(what, exc_info=exc)
    ctx.status.set_error(message)


class IdleFold:
    """In a pause, a little of a grown journal folded into the store's shards
    (cppcc_review.store.fold, never waiting for another writer) on a worker thread: compaction
    off the reviewer's path, so that a mark never has to fold on its way, and a key pressed
    during the fold is not kept waiting for it. One fold at a time (`running`); the store
    lets none start while this process writes or reads it (cppcc_review.store.one_thread), and
    its write lock none while another process writes."""

    GROUP = "idle-fold"

    def __init__(self, app: App[Any], ctx: ReviewContext) -> None:
        self.app = app
        self.ctx = ctx
        self.running = False
        """A fold is under way: the poll leaves the store to it (it looks again at its next tick)."""

    def start_if_due(self) -> bool:
        """Start a fold if the reviewer has paused and the journal has grown; whether one started."""
        if self.running or not idle(self.ctx) or not self.ctx.store.fold_due():
            return False
        self.running = True
        self.app.run_worker(self._fold, name="idle fold", group=self.GROUP, thread=True, exit_on_error=False)
        return True

    def _fold(self) -> None:
        """On the worker's thread."""
        failed: StoreError | None = None
        try:
            self.ctx.store.maintain()
        except StoreError as exc:
            failed = exc
        except Exception:
            LOG.exception("the idle fold failed")
        try:
            self.app.call_from_thread(self._done, failed)
        except RuntimeError:  # the app has closed meanwhile
            self.running = False

    def _done(self, failed: StoreError | None) -> None:
        """On the app's thread: the fold is over."""
        self.running = False
        if failed is not None:
            store_failed(self.ctx, failed, "folding the journal failed")


def notice_changes(app: App[Any], ctx: ReviewContext, fold: IdleFold) -> None:
    """Show what other processes wrote meanwhile (ReviewApp.notice_store_changes, every second): the
    inbox's rows, a review's ratings and note (a note another window typed and left, killed), the
    assessment's opinion; in a pause, fold a grown journal on a worker thread (IdleFold). While a
    fold runs the store is its own: the next tick looks."""
    if fold.running:
        return
    elsewhere = changes_elsewhere(ctx)
    changed = (elsewhere or frozenset()) | drafts_let_go(ctx, app.screen_stack) | notes_saved_later(ctx, app.screen_stack)
    if not changed:
        if elsewhere is not None:  # (a database that cannot be read is not folded either)
            fold.start_if_due()
        return
    app.post_message(StoreChanged(changed))
    for screen in app.screen_stack:
        if isinstance(screen, BaseScreen):
            screen.changed_elsewhere(changed)
    app.call_later(fold.start_if_due)  # once the screens (the inbox) have read what changed


def notes_saved_later(ctx: ReviewContext, screens: Iterable[Screen[Any]]) -> frozenset[str]:
    """The notes the disk had refused, tried again (cppcc_review.tui.unsaved_notes); each one saved
    told to the screens (BaseScreen.note_saved_later); the replies whose notes were saved."""
    saved = ctx.unsaved.save_kept() if len(ctx.unsaved) else []
    for note, review in saved:
        for screen in screens:
            if isinstance(screen, BaseScreen):
                screen.note_saved_later(note.reply_id, note.index, review)
    return frozenset(note.reply_id for note, _review in saved)
