"""The one typed object every screen receives: the store and what goes with it.

Screens never read attributes of the app: they are built with a `ReviewContext` and use
its store (through `write` for every change), the settings, the reviewer and the
language, the status line's state, the reading aids and the inbox's order. What one
screen changes that another shows travels as a message (cppcc_review.tui.messages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store.db import ReviewStore
from .aids import ReadingAids
from .config import Settings
from .navigation import ReplyOrder
from .status import SaveStatus, StoreWriter
from .unsaved_notes import UnsavedNotes


@dataclass(frozen=True)
class ReviewContext:
    store: ReviewStore
    """The database; read freely, changed only through `write`."""
    write: StoreWriter
    """`ctx.write(store.set_rating, ...)`: Saved(result), or None when not saved (already told)."""
    settings: Settings
    reviewer: str
    """The name recorded with each change (display-safe)."""
    lang: str
    """Interface language: zh or en."""
    db_path: Path
    status: SaveStatus
    aids: ReadingAids
    order: ReplyOrder
    """The inbox's order and the reply opened last."""
    unsaved: UnsavedNotes
    """Notes the disk refused, kept until saved (the box shows them again; the app tries again)."""
    drafts_opened: set[tuple[str, int]] = field(default_factory=set)
    """(reply id, suggestion) of the note drafts from last time that opened being written in this session:
    a restored draft opens so once, when its reply is opened on it (cppcc_review.tui.screens.review)."""
