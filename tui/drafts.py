"""Drafts of a text field, made durable while the reviewer types (debounced).

A note or the assessment's opinion used to live only in the editor until escape or
ctrl+s: a closed terminal lost it while the status line said 已保存. A `DraftKeeper`
watches one field: after each change it waits `DRAFT_DELAY` seconds of quiet (or at most
`DRAFT_MAX_WAIT` while the typing goes on) and then hands the text to its `save`
callback, which stores it with `ReviewStore.set_draft` (an fsynced journal line, not a
change). Until then the field is "dirty": the app's status line says 编辑中,尚未保存 /
editing, not saved yet. Leaving the field saves the text as a real change (the screen
calls `reset` with what is then on disk). A note's draft is written against the layout the
screen shows (`shown=`): refused when another window merged or split the suggestions since,
the screen follows them and keeps the text as the draft of the suggestion it was written for
(ReviewNote.relaid).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

from .status import SaveStatus

DRAFT_DELAY = 0.5
"""Seconds of quiet after a keystroke before the draft is written."""
DRAFT_MAX_WAIT = 2.0
"""While typing goes on, a draft is written at least this often (seconds)."""


class DraftKeeper:
    """Debounced, durable drafts of one field; `timers` (the screen) runs the timers and
    `status` shows that the field is being edited."""

    def __init__(self, timers: Widget, status: SaveStatus, name: str, text: Callable[[], str],
                 save: Callable[[str], bool]) -> None:
        self.timers = timers
        self.status = status
        self.name = name
        self._text = text
        self._save = save
        self.on_disk = ""
        """The field's text as it is on disk now: the saved value, or its draft."""
        self._timer: Timer | None = None
        self._since: float | None = None

    @property
    def dirty(self) -> bool:
        return self._since is not None

    def reset(self, on_disk: str) -> None:
        """The field now shows `on_disk`, which is what the store holds: nothing to save."""
        self._cancel()
        self.on_disk = on_disk
        self._set_dirty(False)

    def typed(self) -> None:
        """The field changed: schedule a draft (or write it now after DRAFT_MAX_WAIT)."""
        if self._text() == self.on_disk:
            self._cancel()
            self._set_dirty(False)
            return
        now = time.monotonic()
        if self._since is None:
            self._since = now
            self._set_dirty(True)
        if now - self._since >= DRAFT_MAX_WAIT:
            self.flush()
            return
        self._cancel()
        self._timer = self.timers.set_timer(DRAFT_DELAY, self.flush)

    def flush(self) -> None:
        """Write the draft now if the field differs from the disk (and say so when it fails)."""
        self._cancel()
        text = self._text()
        if text == self.on_disk:
            self._set_dirty(False)
            return
        if self._save(text):
            self.on_disk = text
            self._set_dirty(False)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _set_dirty(self, dirty: bool) -> None:
        if not dirty:
            self._since = None
        self.status.set_editing(self.name, dirty)
