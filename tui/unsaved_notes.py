"""Notes the disk refused (full, read-only): kept in memory until they are saved.

A note is saved when the reviewer leaves its box (esc, another suggestion or reply, another
screen). When the store says it could not save it (NotSavedError: no space left), the text
used to live only in the box, and the next suggestion's note replaced it there: gone, though
the toast said "try again". Now `ReviewNote` hands it here, tied to its reply and suggestion:

- the box shows it again when the reviewer comes back to that suggestion, and esc saves it;
- the status line stays red (未保存) while any note is kept here, whatever else is saved
  meanwhile (SaveStatus.unsaved);
- the app tries again once a second (ReviewApp.notice_store_changes, `save_kept` through
  tui.store_poll.notes_saved_later), quietly:
  the status line already says so, and a toast every second would bury the screen; once there
  is room the note is saved and the status line says 已保存;
- the reply's suggestions merged or split meanwhile (here: at once, `relaid_here`; in another
  window: at the next try, which is refused, LayoutChangedError), the note follows them as a note being typed does: to the
  suggestion that now holds the first line of the one it was written for (two kept notes a merge
  joined become one, in the order of their suggestions), and the retry saves it there, over the
  note stored there now as a typed note would be (`base`: store.assessment_merge.both_kept);
- where it cannot go back (its line is in no suggestion now, or the store refuses it otherwise),
  the reviewer is told in a toast, and the note is held, not retried: shown in the box of the
  nearest suggestion, saved there when the reviewer opens the box and presses esc (or wherever
  they put the text); a note with no suggestion to go back to (the reply imported again holds
  none, or its layout cannot be read: no reply is ever deleted) stays in memory, its text in the toast;
- quitting with a note kept here asks first (`quit_question`); a closed terminal (SIGHUP) or
  a kill cannot ask, so the texts are written to the log file as a last resort.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..store.db import ReviewStore
from ..store.errors import LayoutChangedError, NotSavedError, StoreError
from ..store.model import Review
from .i18n import t
from .logs import logger
from .refusal_words import refusal_text, reply_name
from .safe_text import display_text
from .status import Alerts, SaveStatus

LOG = logger("unsaved_notes")
TOAST_TEXT = 200
"""Characters of a note's text a toast shows (the log file keeps the whole text)."""


@dataclass(frozen=True)
class UnsavedNote:
    reply_id: str
    index: int
    text: str
    base: str
    """The stored note it was written over (ReviewStore.set_note base=: another writer's note kept too)."""
    shown: Sequence[Sequence[int]] | None
    """The layout it was written against (set_note shown=)."""

    @property
    def line(self) -> int | None:
        """The first line of the suggestion it was written for (in `shown`)."""
        shown = self.shown
        return shown[self.index - 1][0] if shown is not None and 0 < self.index <= len(shown) else None


class UnsavedNotes:
    """The reviewer's notes not on disk, by (reply id, suggestion)."""

    def __init__(self, store: ReviewStore, reviewer: str, status: SaveStatus, alerts: Alerts) -> None:
        self.store = store
        self.reviewer = reviewer
        self.status = status
        self.alerts = alerts
        self.notes: dict[tuple[str, int], UnsavedNote] = {}
        self.held: set[tuple[str, int]] = set()
        """Kept notes that could not go back where they were written: not retried, saved where the reviewer
        saves them (the box shows them on their suggestion)."""
        self._refused: set[tuple[str, int]] = set()  # kept notes the store refused, with no place: told once
        self._layouts: dict[str, list[list[int]] | StoreError] | None = None
        """During a try (`save_kept`): each reply's layout as read in it (or why it could not be read), read
        once however many notes it keeps, not once a note and again to follow them; None: read each time."""

    def __len__(self) -> int:
        return len(self.notes)

    def get(self, reply_id: str, index: int) -> UnsavedNote | None:
        return self.notes.get((reply_id, index))

    def keep(self, note: UnsavedNote) -> None:
        """`note` was not saved (the toast and the status line said why)."""
        LOG.warning("note of %s #%d kept unsaved (%d characters)", note.reply_id, note.index, len(note.text))
        key = (note.reply_id, note.index)
        self.notes[key] = note
        self.held.discard(key)  # (saved by the reviewer on this suggestion: where it goes, once there is room)
        self.status.set_unsaved(len(self.notes))

    def drop(self, reply_id: str, index: int) -> None:
        """The note of suggestion `index` is saved (or typed back to the stored one): nothing kept."""
        self.held.discard((reply_id, index))
        self._refused.discard((reply_id, index))
        if self.notes.pop((reply_id, index), None) is not None:
            self.status.set_unsaved(len(self.notes))

    def relaid_here(self, reply_id: str) -> None:
        """This window merged or split `reply_id`'s suggestions (or undid or redid that): its kept notes
        follow the layout now, not at the poll's next try, a second later (meanwhile a box the change
        renumbered showed another suggestion's kept note, and esc saved it there)."""
        if any(key[0] == reply_id and key not in self.held for key in self.notes):
            self._follow(reply_id)

    def save_kept(self) -> list[tuple[UnsavedNote, Review]]:
        """Try each kept note again, quietly (the status line says they are unsaved); the ones now
        on disk, with their reviews as stored, are no longer kept. Notes written against suggestions
        merged or split since follow them first (`_follow`), all of them before any is tried (the disk
        still full, they are kept where they now belong). Each reply's layout is read once (`_layouts`)."""
        self._layouts = {}
        try:
            return self._try_kept()
        finally:
            self._layouts = None

    def _try_kept(self) -> list[tuple[UnsavedNote, Review]]:
        for reply_id in {key[0] for key, note in self.notes.items() if key not in self.held and not self._where_written(note)}:
            self._follow(reply_id)
        saved = []
        for key in list(self.notes):
            note = self.notes.get(key)
            if note is None or key in self.held or not self._where_written(note):
                continue  # (joined to another one; waiting for the reviewer; or no suggestion holds it: said)
            try:
                review = self._save(note)
            except NotSavedError:
                break  # the disk is still full: the others would fail the same way
            except LayoutChangedError:  # merged or split again since the look above: followed, tried next time
                self._forget_layout(note.reply_id)
                self._follow(note.reply_id)
                continue
            except StoreError as exc:  # refused otherwise: told, and held where the reviewer can save it
                self._no_place(self.notes.pop(key), exc)
                continue
            self._refused.discard(key)
            del self.notes[key]
            saved.append((note, review))
        if saved:
            LOG.info("%d kept notes saved", len(saved))
        self.status.set_unsaved(len(self.notes))
        if saved:
            self.status.set_error(None)  # (the disk takes writes again, as StoreWriter clears it on a save)
        return saved

    def _where_written(self, note: UnsavedNote) -> bool:
        """Whether the reply's suggestions are as they were when `note` was written (a reply that cannot
        be read: as if they were, the retry says why)."""
        try:
            return note.shown is None or self._ranges(note.reply_id) == [list(r) for r in note.shown]
        except StoreError:
            return True

    def _ranges(self, reply_id: str) -> list[list[int]]:
        """The reply's layout as stored (during a try, as read first in it)."""
        layouts = self._layouts
        known = layouts.get(reply_id) if layouts is not None else None
        if known is None:
            try:
                known = [list(r) for r in self.store.suggestion_ranges(reply_id)]
            except StoreError as exc:
                known = exc
            if layouts is not None:
                layouts[reply_id] = known
        if isinstance(known, StoreError):
            raise known.with_traceback(None)  # (the one read: not a traceback grown at every raise)
        return known

    def _forget_layout(self, reply_id: str) -> None:
        """The store said the layout changed since it was read in this try: read it again."""
        if self._layouts is not None:
            self._layouts.pop(reply_id, None)

    def _save(self, note: UnsavedNote) -> Review:
        return self.store.set_note(note.reply_id, self.reviewer, note.index, note.text, base=note.base,
                                   shown=note.shown)

    def _follow(self, reply_id: str) -> None:
        """The kept notes of `reply_id` written against suggestions merged or split since, each now kept on
        the suggestion that holds its line in the layout as stored (two that a merge joined become one, in
        the order of their suggestions); where no suggestion holds it, or the reply cannot be read, held
        for the reviewer (`_no_place`). All are taken out before any is put back: a note never joins one
        still numbered by the old layout."""
        failed: StoreError | None = None
        try:
            ranges = self._ranges(reply_id)
        except StoreError as exc:
            ranges, failed = [], exc
        moving = sorted((self.notes.pop(key) for key, note in list(self.notes.items())
                         if key[0] == reply_id and key not in self.held and note.shown is not None
                         and [list(r) for r in note.shown] != ranges), key=lambda note: note.line or 0)
        for note in moving:
            line = note.line
            index = next((i for i, (start, end) in enumerate(ranges, 1) if line is not None and start <= line < end),
                         None)
            if failed is not None or index is None:
                self._no_place(note, failed, ranges)
                continue
            LOG.info("kept note of %s #%d follows the layout to #%d", reply_id, note.index, index)
            self._put(replace(note, index=index, shown=ranges))

    def _put(self, note: UnsavedNote) -> None:
        """Keep `note` on its suggestion, after a kept note already there (their texts, and the texts they
        were written over, one after the other: what a merge of the two suggestions stored)."""
        key = (note.reply_id, note.index)
        there = self.notes.get(key)
        if there is not None:
            note = replace(note, text="\n".join(filter(None, (there.text, note.text))),
                           base="\n".join(filter(None, (there.base, note.base))))
        self.notes[key] = note

    def _no_place(self, note: UnsavedNote, exc: StoreError | None, ranges: Sequence[Sequence[int]] = ()) -> None:
        """`note` (taken out of the kept ones) cannot go back where it was written (`exc`: the store's
        refusal; None: its line is in none of `ranges`, the layout as stored): held on the nearest
        suggestion where there is one (its box shows it there; esc saves it there), else kept in memory
        only, its text in the toast. The reviewer is told, once."""
        if not ranges and exc is not None:
            try:
                ranges = self._ranges(note.reply_id)
            except StoreError:
                ranges = ()
        if ranges:
            index = min(note.index, len(ranges))
            self._put(replace(note, index=index, shown=ranges))
            self.held.add((note.reply_id, index))
        else:
            self._put(note)
        key = (note.reply_id, note.index)
        if key in self._refused:
            return
        self._refused.add(key)
        LOG.warning("kept note of %s #%d cannot go back: %s", note.reply_id, note.index, exc or "its line is gone")
        lang = self.status.lang
        why = refusal_text(exc, lang) if exc is not None else t("unsaved.line_gone", lang)
        doc = reply_name(self.store, note.reply_id)
        if ranges:
            message = t("unsaved.held", lang, doc=doc, i=note.index, why=why, j=min(note.index, len(ranges)))
        else:  # (the whole text is in the log file; a toast of a long note would bury the screen)
            LOG.error("note of %s #%d NOT SAVED, its text: %s", note.reply_id, note.index, note.text)
            text = display_text(note.text if len(note.text) <= TOAST_TEXT else note.text[:TOAST_TEXT] + "…")
            message = t("unsaved.nowhere", lang, doc=doc, i=note.index, why=why, text=text)
        self.alerts.notify(message, severity="warning", timeout=30, markup=False)

    def quit_question(self, screens: Iterable[object] = ()) -> str | None:
        """What to ask before quitting while notes are kept here, or an assessment form among `screens`
        holds an opinion the disk refused (None: nothing would be lost)."""
        lang = self.status.lang
        if self.notes:
            return t("app.quit_unsaved", lang, n=len(self.notes))
        if any(_unsaved_opinion(screen) is not None for screen in screens):
            return t("app.quit_unsaved_opinion", lang)
        return None

    def log_texts(self, screens: Iterable[object] = ()) -> None:
        """The texts of every kept note, and of an opinion the disk refused in an assessment form among
        `screens`, in the log file: the app ends without asking (a closed terminal)."""
        for note in self.notes.values():
            LOG.error("note of %s #%d NOT SAVED, its text: %s", note.reply_id, note.index, note.text)
        for screen in screens:
            text = _unsaved_opinion(screen)
            if text is not None:
                LOG.error("opinion of %s NOT SAVED, its text: %s", getattr(screen, "reply_id", "?"), text)


def _unsaved_opinion(screen: object) -> str | None:
    """An assessment form's opinion the disk refused (AssessmentScreen.unsaved_opinion), else None."""
    check = getattr(screen, "unsaved_opinion", None)
    return check() if callable(check) else None

