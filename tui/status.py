"""What the status line says, and the one way screens write to the store.

`SaveStatus` holds the last save error, the fields being typed and not on disk yet, and
why the database is read-only; each status line subscribes to its `changed` signal.
`StoreWriter` calls a store method that changes data and turns a refusal into what the
reviewer sees (a bell, a red status line, a toast), so that no screen handles
NotSavedError itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, ParamSpec, Protocol, TypeVar

from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.signal import Signal

from ..store.db import ReviewStore
from ..store.errors import NotSavedError, StoreError
from .i18n import t
from .logs import logger
from .refusal_words import refusal_text
from .safe_text import display_text

P = ParamSpec("P")
T = TypeVar("T")
LOG = logger("status")


# What a store method refused in a read-only database is said as (the catalogue's key); others: readonly.change
READONLY_REFUSALS = {
    "set_rating": "readonly.rate",
    "set_note": "review.note_readonly",
    "merge_suggestion": "readonly.layout",
    "split_suggestion": "readonly.layout",
    "resolve_dispute": "readonly.settle",
    "undo": "readonly.undo",
    "redo": "readonly.undo",
}


class SaveStatus:
    """The state the status line shows; `changed` is published whenever it changes."""

    def __init__(self, owner: DOMNode, store: ReviewStore, lang: str, reviewer: str, db_path: Path,
                 readonly_reason: str | None) -> None:
        self.changed: Signal[None] = Signal(owner, "save-status-changed")
        self.store = store
        self.lang = lang
        self.reviewer = reviewer
        self.db_path = db_path
        self.readonly_reason = readonly_reason
        """Why the database is read-only (the lock's holder, --readonly), or None."""
        self.error: str | None = None
        """The last write that failed, until the next one succeeds."""
        self.refusal: str | None = None
        """What the last key asked that a read-only database cannot do (不能评定): said after 只读 with
        the reason, never as the failed save's 未保存！ (nothing was tried); until another screen shows."""
        self.editing: set[str] = set()
        """Text fields (note, opinion) typed into and not on disk yet (cppcc_review.tui.drafts)."""
        self.last_key_at: float | None = None
        """time.monotonic() of the app's last key: housekeeping waits for a pause (cppcc_review.tui.store_poll);
        None until the first key or the poll's first tick (a pause is counted from the app's start, not from 0)."""
        self.unsaved = 0
        """Notes the disk refused, kept in memory until saved (cppcc_review.tui.unsaved_notes): red."""
        self.restored: set[str] = set()
        """Text fields showing a draft brought back from last time (a hard stop): on disk
        as a draft, not saved as the field yet."""

    def set_error(self, error: str | None) -> None:
        self.error = error
        self.changed.publish(None)

    def refuse(self, refusal: str | None) -> None:
        """Read-only: say that `refusal` (what a key asked, worded) cannot be done; None: no longer."""
        if refusal != self.refusal:
            self.refusal = refusal
            self.changed.publish(None)

    def key_came(self, event: events.Key) -> bool:
        """Note when a key came (the store's housekeeping waits for a pause: tui.store_poll);
        True when it is the terminal's own key, not one forwarded from a screen."""
        self.last_key_at = time.monotonic()
        return not event.is_forwarded

    def set_unsaved(self, count: int) -> None:
        """`count` notes are kept unsaved (the disk refused them): the line stays red until none is."""
        if count != self.unsaved:
            self.unsaved = count
            self.changed.publish(None)

    def set_editing(self, field: str, dirty: bool) -> None:
        """Field `field` holds typing that is not on disk yet (or no longer)."""
        self._mark(self.editing, field, dirty)

    def set_restored(self, field: str, restored: bool) -> None:
        """Field `field` shows a draft from last time, not saved as the field (or no longer)."""
        self._mark(self.restored, field, restored)

    def _mark(self, fields: set[str], field: str, on: bool) -> None:
        if on == (field in fields):
            return
        if on:
            fields.add(field)
        else:
            fields.discard(field)
        self.changed.publish(None)

    def refresh(self) -> None:
        self.changed.publish(None)

    def text(self) -> tuple[Text, str]:
        """The status line and its level ("", "error", "readonly"): the save error, or the
        last save, the reviewer and the data folder."""
        lang = self.lang
        folder = t("status.db", lang, path=display_text(str(self.db_path), single_line=True))
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.error:
            text.append(t("status.error", lang, error=self.error))
            text.append("  " + folder)
            return text, "error"
        if self.unsaved:  # (not replaced by 已保存 when a later change fits on the disk)
            text.append(t("status.unsaved_notes", lang, n=self.unsaved))
            text.append("  " + folder)
            return text, "error"
        saved = self.store.last_saved
        if self.editing:
            text.append(t("status.editing", lang), style="bold")
        elif self.restored:
            text.append(t(f"status.restored.{min(self.restored)}", lang), style="bold")
        elif saved:
            text.append(t("status.saved", lang, time=saved.strftime("%H:%M:%S")))
        else:
            text.append(t("status.not_saved_yet", lang))
        text.append("  · " + t("status.reviewer", lang, name=self.reviewer))
        text.append("  · " + folder)
        if self.readonly_reason:
            reason = self.readonly_reason
            if self.refusal:
                reason = t("status.readonly_refused", lang, refusal=self.refusal, reason=reason)
            prefix = Text(t("status.readonly", lang, reason=reason) + "  · ")
            return prefix + text, "readonly"
        return text, ""


class Alerts(Protocol):
    """What the writer needs from the app to tell the reviewer (ReviewApp has both)."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def bell(self) -> None: ...


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A write that reached the disk, with what the store method returned."""

    value: T


class StoreWriter:
    """`write(store.set_rating, ...)`: the change on disk (Saved), or None when it was not
    saved, after the reviewer has been told why."""

    def __init__(self, store: ReviewStore, status: SaveStatus, alerts: Alerts) -> None:
        self.store = store
        self.status = status
        self.alerts = alerts
        self.refused_by_disk = False
        """The last write was not saved because the disk refused it (NotSavedError: full, read-only):
        trying again later may succeed (a note is then kept, cppcc_review.tui.unsaved_notes)."""
        self.refused_for_layout = False
        """The last write was refused as made against a layout of the reply merged or split elsewhere
        since (LayoutChangedError): the screen that made it follows the layout stored now and says so."""

    def __call__(self, method: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Saved[T] | None:
        self.refused_by_disk = self.refused_for_layout = False
        if self.store.readonly:
            self.refused_readonly(READONLY_REFUSALS.get(getattr(method, "__name__", ""), "readonly.change"))
            return None
        try:
            result = method(*args, **kwargs)
        except StoreError as exc:
            self.refused(exc, getattr(method, "__name__", str(method)))
            return None
        if self.status.error is not None:
            self.status.set_error(None)
        else:
            self.status.refresh()  # "saved hh:mm:ss"
        return Saved(result)

    def refused_readonly(self, what: str = "readonly.change") -> None:
        """A key asked for a change (`what`: its refusal's catalogue key) in a database open read-only: the
        status line says it cannot be done, after 只读 and why (--readonly, or another program writing when
        it was opened: who and what to do); the bell. Not 未保存！: no write was tried, nothing was lost."""
        self.status.refuse(t(what, self.status.lang))
        self.alerts.bell()

    def refused(self, exc: StoreError, what: str) -> None:
        """Tell the reviewer that `what` (a store method's name, for the log) was not saved, and why:
        a write's refusal here, or one a worker thread met (the samples' import, tui.sample_import)."""
        lang = self.status.lang
        if isinstance(exc, NotSavedError):
            self.refused_by_disk = True
            LOG.error("not saved: %s", what, exc_info=exc)
            message = refusal_text(exc, lang)
            self.status.set_error(message)
            self.alerts.bell()
            self.alerts.notify(message, title=t("status.error", lang, error=""), severity="error", markup=False)
            return
        # a refused change (e.g. an impossible split): nothing changed
        LOG.info("refused: %s: %s", what, exc)
        if exc.code == "layout_changed":
            self.refused_for_layout = True
            # A change against suggestions merged or split elsewhere: the screen that made it follows
            # them and says so, with what became of the change (ReviewChanges.follow_layout): one toast.
            return
        # (every other refusal as the command line words it, tui.refusal_words)
        self.alerts.notify(refusal_text(exc, lang), severity="warning", markup=False)
