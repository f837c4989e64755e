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
- quitting with a note kept here asks first (`quit_question`); a closed terminal (SIGHUP) or
  a kill cannot ask, so the texts are written to the log file as a last resort.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..store.db import ReviewStore
from ..store.errors import NotSavedError, StoreError
from ..store.model import Review
from .i18n import t
from .logs import logger
from .status import SaveStatus

LOG = logger("unsaved_notes")


@dataclass(frozen=True)
class UnsavedNote:
    reply_id: str
    index: int
    text: str
    base: str
    """The stored note it was written over (ReviewStore.set_note base=: another writer's note kept too)."""
    shown: Sequence[Sequence[int]] | None
    """The layout it was written against (set_note shown=)."""


class UnsavedNotes:
    """The reviewer's notes not on disk, by (reply id, suggestion)."""

    def __init__(self, store: ReviewStore, reviewer: str, status: SaveStatus) -> None:
        self.store = store
        self.reviewer = reviewer
        self.status = status
        self.notes: dict[tuple[str, int], UnsavedNote] = {}
        self._refused: set[tuple[str, int]] = set()  # kept notes the store refused (not the disk): logged once

    def __len__(self) -> int:
        return len(self.notes)

    def get(self, reply_id: str, index: int) -> UnsavedNote | None:
        return self.notes.get((reply_id, index))

    def keep(self, note: UnsavedNote) -> None:
        """`note` was not saved (the toast and the status line said why)."""
        LOG.warning("note of %s #%d kept unsaved (%d characters)", note.reply_id, note.index, len(note.text))
        self.notes[(note.reply_id, note.index)] = note
        self.status.set_unsaved(len(self.notes))

    def drop(self, reply_id: str, index: int) -> None:
        """The note of suggestion `index` is saved (or typed back to the stored one): nothing kept."""
        if self.notes.pop((reply_id, index), None) is not None:
            self.status.set_unsaved(len(self.notes))

    def save_kept(self) -> list[tuple[UnsavedNote, Review]]:
        """Try each kept note again, quietly (the status line says they are unsaved); the ones now
        on disk, with their reviews as stored, are no longer kept."""
        saved = []
        for key, note in list(self.notes.items()):
            try:
                review = self.store.set_note(note.reply_id, self.reviewer, note.index, note.text,
                                             base=note.base, shown=note.shown)
            except NotSavedError:
                break  # the disk is still full: the others would fail the same way
            except StoreError:  # refused (the suggestion merged away ...): kept, the quit question names it
                if key not in self._refused:  # (logged once, not at every second's retry)
                    self._refused.add(key)
                    LOG.warning("kept note of %s #%d refused", note.reply_id, note.index, exc_info=True)
                continue
            self._refused.discard(key)
            del self.notes[key]
            saved.append((note, review))
        if saved:
            LOG.info("%d kept notes saved", len(saved))
            self.status.set_unsaved(len(self.notes))
            self.status.set_error(None)  # (the disk takes writes again, as StoreWriter clears it on a save)
        return saved

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

