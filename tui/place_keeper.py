"""Where the reviewer is, written down a moment after it changes, so that even a killed app
(kill -9, a power cut: nothing runs then) comes back on the reply and suggestion being read.

The place (cppcc_review.tui.session_state) used to be written only when a reply was left and
when the app quit: killed while reading, the app came back in the inbox. Now opening a reply
and moving to another suggestion ask for it to be written too, `PLACE_DELAY` seconds after
the last such move (holding `j` down writes it once, when the moves stop), by a thread of its
own, so a key never waits for the file's write and fsync. Every write, the thread's and the
ones made when the app quits or its terminal closes (which wait for theirs), goes through one
queue, in the order asked: an older place never lands over a newer one.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from . import later_imports
from .logs import logger
from .session_state import Place, save_place

if TYPE_CHECKING:
    from .app import ReviewApp

LOG = logger("place_keeper")

PLACE_DELAY = 0.5
"""Seconds of quiet after a move (a reply opened, another suggestion) before the place is written."""
WAIT_AT_EXIT = 5.0
"""At most this long (seconds) the app waits, when it quits, for the place to be on disk."""


class PlaceKeeper:
    """Writes where the reviewer is in `app` (its inbox and review screen) for `db_path` and
    `reviewer`, unless `app.remember_place` is off; the app runs the debounce timer."""

    def __init__(self, app: ReviewApp, db_path: Path, reviewer: str) -> None:
        self.app = app
        self.db_path = db_path
        self.reviewer = reviewer
        self._timer: Timer | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._written: Place | None = None
        """The last place handed to the writer (the same place again is not written twice)."""

    def place(self, inbox_row: str | None = None) -> Place | None:
        """Where the reviewer is (None: nothing to remember); `inbox_row`: the inbox on that row
        (else its cursor's), unless a review screen is open."""
        app = self.app
        inbox = app.inbox()
        if not app.remember_place or inbox is None or not inbox.is_mounted:
            return None
        place = inbox.view_place(inbox_row)
        review_screen = later_imports.review_screen()
        review = next((s for s in app.screen_stack if isinstance(s, review_screen) and s.view is not None), None)
        if review is not None:
            place.screen, place.reply_id, place.index = "review", review.reply_id, review.index
        return place

    def moved(self) -> None:
        """The reviewer opened a reply or moved to another suggestion: write the place soon."""
        if self._timer is not None:
            self._timer.stop()
        if self.app.remember_place:
            self._timer = self.app.set_timer(PLACE_DELAY, self.write_soon)

    def write_soon(self, inbox_row: str | None = None) -> Future[None] | None:
        """Hand the place as it is now (`inbox_row`: the inbox on that row) to the writing thread
        (its future; None: nothing to write)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        place = self.place(inbox_row)
        if place is None or place == self._written:
            return None
        self._written = place
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="place")
        return self._writer.submit(save_place, self.db_path, self.reviewer, place)

    def write_now(self) -> None:
        """Write the place and wait for it (the app is quitting, its terminal closed)."""
        future = self.write_soon()
        if future is not None:
            try:
                future.result(timeout=WAIT_AT_EXIT)
            except Exception:  # a convenience (save_place logs its own failures)
                LOG.warning("where the reviewer left off was not saved in time", exc_info=True)

    def close(self) -> None:
        """The app ends: the writes asked for finish first."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
