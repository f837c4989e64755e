"""What the review screen works out off its keys' path: the neighbours' wrapped texts after a
frame, and a large reply's reading aids in a child process.

A reply above cppcc_review.tui.aids.LARGE_REPLY_CHARS opens at once, its findings and hints
left out and "checking…" in the rating bar; a child process reads them (about 5 s a MB,
cppcc_review.tui.aids_child: the app's interpreter lock is never held by that reading) and a
Textual thread worker, which only waits for the child's pipe, hands each piece to the app's
thread as it comes: the shown suggestion's hint first, then the findings, then the other hints,
the one nearest to the suggestion shown first (`follow` tells the child when the reviewer
moves). A piece is drawn if the reviewer is still on that reading of that reply (another reply,
or the same one read again, kills the child and discards what it sent); the text keeps its
scroll place (SuggestionBody.restyle). A child that fails is logged and the reply stays without
what it had not given, as when a check fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.worker import get_current_worker

from ..aids_child import ChildReading, Piece, nearness
from ..gc_freeze import paused
from ..lazy_wrap import LAZY_FROM, Block, blocks_of
from ..logs import logger
from ..review_model import ReplyView
from ..widgets.findings_band import FindingsBand
from ..widgets.suggestion_body import SuggestionBody, suggestion_text

if TYPE_CHECKING:
    from ...store.aids.checks import Finding
    from ...store.aids.hints import Hint
    from ...store.model import Reply
    from ..parse_notes import ParseNote
    from .review import ReviewScreen

LOG = logger("aids")


def prepare_neighbours(screen: ReviewScreen, reply_id: str, index: int) -> None:
    """After the frame is painted: wrap the next (and previous) suggestion's text so that `j`
    (or `k`) only has to paint it."""
    view = screen.view
    if view is None or reply_id != view.reply_id or index != view.index or not screen.is_current:
        return  # the reviewer has moved on already
    for near in (index + 1, index - 1):
        if 1 <= near <= view.total and not _made_by_worker(view, near):
            screen.query_one(SuggestionBody).prepare(view.body(near))


def _made_by_worker(view: ReplyView, index: int) -> bool:
    """Whether the body of suggestion `index` is being made by the aids' worker (LargeBodies), not
    to be made here: a large suggestion of a large reply, not made yet."""
    return view.late and index not in view.texts and len(view.reply.suggestions[index - 1].text) > LAZY_FROM


#: a large suggestion's body (its index, its text, `blocks_of(text)`), made by the aids' worker
Body = tuple[int, Text, list[Block]]


class LargeBodies:
    """The bodies of a large reply's suggestions over LAZY_FROM characters, made on the aids' worker
    thread: what the app's thread would make when it shows them (ReplyView.body: the text with its
    figures, ~0.4 s at 10 MB, and with a hint's evidence highlighted, ~1 s) and the blocks it is
    laid out from (0.1-0.7 s), made off it. The worker follows the pieces as the view takes them,
    so each body is made with the hint and the findings the view will have then."""

    def __init__(self, reply: Reply, lang: str, made: set[int]) -> None:
        self.reply = reply
        self.lang = lang
        self.large = {s.index: s for s in reply.suggestions if len(s.text) > LAZY_FROM and s.index not in made}
        self.hints: dict[int, Hint | None] = {}
        self.findings: Sequence[Finding | ParseNote] = ()

    def _body(self, index: int) -> Body:
        text = suggestion_text(self.reply, self.large[index], self.lang, hint=self.hints.get(index),
                               findings=self.findings)
        return index, text, blocks_of(text)

    def without_aids(self, shown: int) -> Iterator[Body]:
        """The large suggestions' bodies as they are shown before their aids, in the order their hints are
        read (`nearness`: the nearest to `shown` first)."""
        for index in sorted(self.large, key=nearness(shown)):
            with paused():  # (objects that live on: cppcc_review.tui.gc_freeze)
                body = self._body(index)
            yield body

    def after(self, piece: Piece) -> list[Body]:
        """The large suggestions' bodies that `piece` changes, as they will be shown."""
        if piece[0] == "hint":
            self.hints[piece[1]] = piece[2]
            return [self._body(piece[1])] if piece[1] in self.large else []
        if piece[0] == "findings":
            self.findings = piece[1]
            concerned = {f.suggestion for f in self.findings}
            return [self._body(index) for index in sorted(self.large) if index in concerned]
        return []


class AidsReader:
    """Reads the shown reply's aids in a child process (waited for by a worker thread) when the
    view is `checking`."""

    GROUP = "reading-aids"  # one worker at a time: a new one's start kills the last one's child

    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen
        self.reading: ChildReading | None = None

    def start(self, view: ReplyView) -> None:
        """Read `view`'s aids in a child process if it is waiting for them (the last reply's child,
        if any, is killed: its aids would be thrown away)."""
        self.stop()
        if not view.checking:
            return
        generation = view.generation
        reading = self.reading = ChildReading(self.screen.ctx.aids.request(view.reply, view.index))
        name = view.reply.doc_no or view.reply.title or view.reply_id

        bodies = LargeBodies(view.reply, self.screen.lang, set(view.texts))

        def run() -> None:
            worker = get_current_worker()
            try:
                reading.start()  # the child reads while the bodies without aids are made here
                for index, text, blocks in bodies.without_aids(view.index):
                    if worker.is_cancelled or not self._hand(self.prepared, view, generation, index, text, blocks):
                        return
                for piece in reading.pieces():
                    if worker.is_cancelled:
                        break
                    with paused():  # (the bodies' spans: objects that live on, cppcc_review.tui.gc_freeze)
                        made = bodies.after(piece)
                    if not self._hand(self.arrived, view, generation, piece, made):
                        break
            except Exception:
                LOG.exception("the reading aids of %s failed", name)
            finally:
                if not worker.is_cancelled:
                    self._hand(self.ended, view, generation, reading)

        self.screen.run_worker(run, name=f"reading aids of {name}", group=self.GROUP, thread=True,
                               exclusive=True, exit_on_error=False)

    def _hand(self, method: Callable[..., None], *args: object) -> bool:
        """Run `method` on the app's thread (from the worker's); False when the app has closed."""
        try:
            self.screen.app.call_from_thread(method, *args)
        except RuntimeError:  # the app has closed meanwhile
            return False
        return True

    def follow_model(self) -> None:
        """The learned model's fit ended since the shown reply's hints were read (the first reply of a
        session is read with the rules while it fits, the reply open while a refit ends with the last
        model): its hints, findings and bodies are read again, as `reload` does after a layout change;
        the suggestion shown and a note being typed stay. (Once a second: an int compared.)"""
        screen, view = self.screen, self.screen.view
        if view is not None and screen.is_current and view.hints_outdated():
            screen.reload(keep_note=True)

    def follow(self, index: int) -> None:
        """Suggestion `index` is shown now: its hint is read next if it is not in yet."""
        if self.reading is not None:
            self.reading.follow(index)

    def stop(self) -> None:
        """Kill the reading's child, if any, and cancel its worker (left, or read again)."""
        if self.reading is not None:
            self.reading.stop()
            self.reading = None
        self.screen.workers.cancel_group(self.screen, self.GROUP)

    def prepared(self, view: ReplyView, generation: int, index: int, text: Text, blocks: list[Block]) -> None:
        """On the app's thread: the body of large suggestion `index` before its aids, made by the
        worker (unless the app's thread made it meanwhile: the reviewer went there)."""
        if view is self.screen.view and generation == view.generation and index not in view.texts:
            view.texts[index] = text
            self.screen.query_one(SuggestionBody).adopt(text, blocks)

    def arrived(self, view: ReplyView, generation: int, piece: Piece, bodies: list[Body]) -> None:
        """On the app's thread: draw a piece if `view` is still shown at that reading (`bodies`: the
        large suggestions' bodies it changes, made by the worker)."""
        screen = self.screen
        if view is not screen.view or not screen.is_mounted:
            return
        changed = view.piece_read(generation, piece)
        if changed is None:
            return
        for index, text, blocks in bodies:
            view.texts[index] = text
            screen.query_one(SuggestionBody).adopt(text, blocks)
        if piece[0] == "findings":
            findings = screen.query_one(FindingsBand)
            findings.fit(view.findings, view.total)
            findings.show(view.index, screen.query_one(SuggestionBody).content_region.width)
        self._redraw(view, changed)

    def ended(self, view: ReplyView, generation: int, reading: ChildReading) -> None:
        """On the app's thread: the reading is over; what it did not give is none. Its child has
        ended: the keys no longer tell it where the reviewer is (`follow`)."""
        if self.reading is reading:
            self.reading = None
        screen = self.screen
        if view is screen.view and screen.is_mounted and view.reading_ended(generation):
            self._redraw(view, set())

    def _redraw(self, view: ReplyView, changed: set[int]) -> None:
        screen = self.screen
        if view.index in changed:  # the same text, other highlights: it stays where the reviewer scrolled it
            screen.query_one(SuggestionBody).restyle(view.body(view.index))
        screen.show_ratings()
        if changed & {view.index - 1, view.index + 1}:
            screen.call_after_refresh(prepare_neighbours, screen, view.reply_id, view.index)
