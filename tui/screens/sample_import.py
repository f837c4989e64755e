"""The bundled sample replies imported on a worker thread, with a progress bar (tui.samples asks first).

On the app's own thread the 435 samples took 4-5 s in which the app answered no key and showed
nothing; a new user who thought it hung and killed it left the import cut short (QA round 14).
Here a dialog says how many of them are stored so far (its bar moving to and fro until the first
count: the helper processes starting); escape hides it and the import goes on (the inbox lists
the samples when it ends, with a toast); q quits once the import has ended: it stops after the
file it is at, the dialog saying so meanwhile, the batches stored stay, and the marker
(tui.samples) makes the next start offer the rest - or, the import having stored them all (q at
435 / 435, while its last batch and the index were written), the marker goes before the app
does. The thread and the app never call each other: the thread counts, the app looks at the
count ten times a second (a call into an app that has stopped would wait for ever).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import ProgressBar

from ...store.errors import StoreError
from ...store.importer import ImportSummary, import_paths
from ..context import ReviewContext
from ..i18n import t
from ..import_reasons import reason_text
from ..logs import logger
from ..styles import MUTED
from ..widgets.text_block import TextBlock
from .base import BaseModal

if TYPE_CHECKING:
    from ..app import ReviewApp

LOG = logger("samples")
LOOK_SECONDS = 0.1  # how often the app looks at the thread's count
STOP_WAIT_SECONDS = 30.0  # the app quitting waits this long for the file being stored


class _Stopped(Exception):
    """Raised in the import's progress callback: the app is quitting."""


class SampleImport:
    """One import of the samples: the thread's count, the dialog showing it, and its end said."""

    def __init__(self, app: ReviewApp, files: list[Path], finished: Callable[[ImportSummary, bool], None]) -> None:
        self.app = app
        self.files = files
        self.finished = finished
        """Called on the app's thread with the summary once the import has run to its end (the marker
        forgotten there when every file was stored); `quitting=True`: the app is closing, nothing to say."""
        self.quitting = False
        """q in the dialog: the app quits once the import has ended and its end is told."""
        self.done = 0
        """The samples stored so far (counted a batch at a time, as each is written: what the dialog says)."""
        self.read = 0
        """The files read so far (from 1: the bar is indeterminate until the first, the helper processes starting)."""
        self.total = len(files)
        self.summary: ImportSummary | None = None
        self.error: StoreError | None = None
        self.stop = threading.Event()
        self.ended = threading.Event()
        self.dialog: SampleImportScreen | None = None
        self._timer: Timer | None = None

    @property
    def running(self) -> bool:
        return self._timer is not None

    def start(self) -> None:
        inbox = self.app.inbox()
        if inbox is not None:  # (read again when the dialog is hidden, or the import ends)
            inbox.samples_coming = True
        self.dialog = SampleImportScreen(self.app.context, self)
        self.app.push_screen(self.dialog)
        self._timer = self.app.set_interval(LOOK_SECONDS, self._look)
        # The dialog drawn first: the import's first moments (its helper processes starting) would delay it.
        self.app.call_after_refresh(self.app.run_worker, self._run, thread=True, group="samples", exit_on_error=False)

    def _run(self) -> None:
        try:
            self.summary = import_paths(self.app.context.store, self.files, on_progress=self._progress,
                                        on_stored=self._stored)
        except _Stopped:
            LOG.info("sample import stopped, %d of %d stored: the app is quitting", self.done, self.total)
        except StoreError as exc:  # the index could not be written (disk full ...)
            LOG.exception("sample import failed, %d of %d stored", self.done, self.total)
            self.error = exc
        finally:
            self.ended.set()

    def _progress(self, done: int, total: int) -> None:
        if self.stop.is_set():
            raise _Stopped
        self.read = done

    def _stored(self, stored: int) -> None:
        # Not the files read: q stops the import after the file it is at, and the batch not yet
        # written is not stored; a count of files read said 126 where 100 were kept (QA round 15c).
        self.done = stored

    def _look(self) -> None:
        if self.dialog is not None and self.read:
            self.dialog.show(self.done, self.total)
        if not self.ended.is_set():
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        # The inbox reads them all (the batches stored before an error too), now or when shown again: told
        # here, not by a RepliesChanged message, which could arrive as the app closes.
        self._tell_inbox(coming=False)
        self.close_dialog()
        if self.error is not None:
            self.app.context.write.refused(self.error, "import_paths")
        elif self.summary is not None:  # (told once: the timer is stopped above, so stop_and_wait will not)
            self.finished(self.summary, self.quitting)  # (q in the dialog: the app closes, nothing to say)
        self.app.context.status.refresh()
        if self.quitting:
            self.app.call_later(self.app.action_quit)

    def hidden(self) -> None:
        """The dialog closed by escape: the import goes on, and the reviewer is told so."""
        self.dialog = None
        self._tell_inbox(coming=True)  # what is stored so far, or that the samples are coming (not "press i")
        self.app.notify(t("demo.background", self.app.context.lang, done=self.done, total=self.total), markup=False)

    def _tell_inbox(self, coming: bool) -> None:
        """The inbox reads the replies again (now if shown, else when it is) and knows whether samples are on their way."""
        inbox = self.app.inbox()
        if inbox is not None:
            inbox.samples_coming = coming
            inbox.replies_changed(None)

    def close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and dialog.is_attached and self.app.screen is dialog:
            dialog.dismiss(None)

    def quit_when_ended(self) -> None:
        """q in the dialog: the import stops after the file it is at, and the app quits once its
        end is told (the marker forgotten when it had stored every file)."""
        self.quitting = True
        self.stop.set()

    def stop_and_wait(self) -> None:
        """The app is closing: the import stops after the file it is at (its batches stored stay;
        the marker stays, so the next start offers the rest), before the store is closed. An import
        that ran to its end meanwhile is told so (the marker forgotten when every file was stored)."""
        self.stop.set()
        if not self.ended.wait(STOP_WAIT_SECONDS):
            LOG.error("the sample import did not stop in %.0f s", STOP_WAIT_SECONDS)
        elif self.running and self.summary is not None:  # (not told by the look yet)
            self.finished(self.summary, True)  # (quitting: only the marker)


def not_all_imported(summary: ImportSummary, lang: str) -> str | None:
    """What to say when some samples were not stored (a batch the full disk refused), else None."""
    if not summary.failed:
        return None
    return t("demo.not_all", lang, n=len(summary.failed), why=reason_text(summary.failed[0][1], lang))


class SampleImportScreen(BaseModal[None]):
    """How many samples are stored so far; escape hides it (the import goes on), q quits."""

    BINDINGS = [
        Binding("escape", "hide", "Hide", id="hide"),
        Binding("q", "quit_when_ended", "Quit", id="quit"),
    ]

    DEFAULT_CSS = """
    SampleImportScreen { align: center middle; }
    SampleImportScreen > Vertical { width: 70; max-width: 95%; height: auto; border: round $accent;
                                    background: $surface; padding: 1 2; }
    SampleImportScreen ProgressBar { margin-top: 1; }
    SampleImportScreen #sample-import-keys { margin-top: 1; }
    """

    def __init__(self, ctx: ReviewContext, job: SampleImport) -> None:
        super().__init__(ctx, id="sample-import")
        self.job = job

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical():
            yield TextBlock(self._said(0, self.job.total), id="sample-import-count")
            # (no total until the first count: indeterminate while the helper processes start)
            yield ProgressBar(total=None, show_eta=False, id="sample-import-progress")
            yield TextBlock(Text(t("demo.importing_keys", lang), style=MUTED), id="sample-import-keys")

    def _said(self, done: int, total: int) -> Text:
        return Text(t("demo.importing", self.lang, done=done, total=total), style="bold")

    def show(self, done: int, total: int) -> None:
        # (a look can come before the dialog's widgets are mounted, or as it closes: the next look shows it)
        try:
            count, bar = self.query_one("#sample-import-count", TextBlock), self.query_one(ProgressBar)
        except NoMatches:
            return
        count.update(self._said(done, total))
        bar.update(total=total, progress=done)

    @property
    def said(self) -> str:
        """The count as shown (for tests)."""
        return self.query_one("#sample-import-count", TextBlock).text.plain

    def action_hide(self) -> None:
        self.dismiss(None)
        self.job.hidden()

    def action_quit_when_ended(self) -> None:
        """q: the app quits once the import has stopped after its file (or ended), said meanwhile."""
        self.job.quit_when_ended()
        self.query_one("#sample-import-keys", TextBlock).update(Text(t("demo.stopping", self.lang), style="bold"))
