"""What the review screen works out off its keys' path: the neighbours' wrapped texts after a
frame, and a large reply's reading aids in a worker thread.

A reply above cppcc_review.tui.aids.LARGE_REPLY_CHARS opens at once, its findings and hints
left out and "checking…" in the rating bar; a Textual thread worker reads them (about 5 s a MB)
while the keys are answered, and they are drawn when it is done, if the reviewer is still on
that reading of that reply (another reply, or the same one read again, discards them). A
worker that fails is logged and the reply stays without aids, as when a check fails.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from ..aids import Aids
from ..logs import logger
from ..review_model import ReplyView
from ..widgets.findings_band import FindingsBand
from ..widgets.suggestion_body import SuggestionBody

if TYPE_CHECKING:
    from .review import ReviewScreen

LOG = logger("aids")


def prepare_neighbours(screen: ReviewScreen, reply_id: str, index: int) -> None:
    """After the frame is painted: wrap the next (and previous) suggestion's text so that `j`
    (or `k`) only has to paint it."""
    view = screen.view
    if view is None or reply_id != view.reply_id or index != view.index or not screen.is_current:
        return  # the reviewer has moved on already
    for near in (index + 1, index - 1):
        if 1 <= near <= view.total:
            screen.query_one(SuggestionBody).prepare(view.body(near))


class AidsReader:
    """Reads the shown reply's aids in a worker thread when the view is `checking`."""

    GROUP = "reading-aids"  # one worker at a time: a new one cancels the last (it stops before its next hint)

    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen

    def start(self, view: ReplyView) -> None:
        """Read `view`'s aids in a worker if it is waiting for them (the last reply's worker, if
        any, stops before its next hint: its aids would be thrown away)."""
        self.screen.workers.cancel_group(self.screen, self.GROUP)
        if not view.checking:
            return
        generation = view.generation
        work = self.screen.ctx.aids.later(view.reply)
        name = view.reply.doc_no or view.reply.title or view.reply_id

        def run() -> None:
            worker = get_current_worker()
            try:
                aids = work(lambda: worker.is_cancelled)
            except Exception:
                LOG.exception("the reading aids of %s failed", name)
                aids = ((), {})
            if not worker.is_cancelled:
                with suppress(RuntimeError):  # the app has closed meanwhile
                    self.screen.app.call_from_thread(self.arrived, view, generation, aids)

        self.screen.run_worker(run, name=f"reading aids of {name}", group=self.GROUP, thread=True,
                               exclusive=True, exit_on_error=False)

    def arrived(self, view: ReplyView, generation: int, aids: Aids) -> None:
        """On the app's thread: draw the aids if `view` is still shown at that reading."""
        screen = self.screen
        if view is not screen.view or not screen.is_mounted or not view.aids_read(generation, aids):
            return
        body = screen.query_one(SuggestionBody)
        findings = screen.query_one(FindingsBand)
        findings.fit(view.findings, view.total)
        findings.show(view.index, body.content_region.width)
        scrolled = body.scroll_y  # the reviewer may have scrolled the text meanwhile: it stays there
        body.show(view.body(view.index))
        body.scroll_to(y=scrolled, animate=False)
        screen.show_ratings()
        screen.call_after_refresh(prepare_neighbours, screen, view.reply_id, view.index)
