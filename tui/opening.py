"""Opening the database for the app: read-only, with a reason the status line gives, when
another program holds the writer's lock or --readonly was asked for."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..store.db import ReviewStore
from ..store.errors import LockedError
from ..store.index_storage import gc_paused
from . import gc_freeze
from .i18n import t
from .logs import logger
from .safe_text import display_text

LOG = logger("opening")


def locked_message(exc: LockedError, lang: str) -> str:
    """Why the app opened read-only, in the interface's language: who holds the lock
    (pid, host, since when, which program) and what to do."""
    holder = getattr(exc, "holder", None)
    if not isinstance(holder, dict):
        return t("error.locked_readonly", lang, detail=display_text(str(exc), single_line=True))
    since = holder.get("since")
    try:
        since = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M") if since else "?"
    except (TypeError, ValueError):
        since = str(since)
    values = {key: display_text(holder.get(key, "?"), single_line=True) for key in ("pid", "host", "program")}
    return t("error.locked_by", lang, since=since, **values)


def open_store(db_path: Path, *, readonly: bool, backups: int, lang: str) -> tuple[ReviewStore, str | None]:
    """The store, and why it is read-only (None when it is not). Raises what ReviewStore
    raises for a database that cannot be opened at all."""
    reason: str | None = None
    with gc_paused():
        try:
            # No fold at the open or on a key's write: the app folds in a pause (tui.store_poll).
            store = ReviewStore(db_path, readonly=readonly, backups=backups, fold_on_write=False)
        except LockedError as exc:
            # Someone else is writing: browse read-only rather than refuse outright.
            LOG.info("locked by another writer, opening read-only: %s", exc)
            reason = locked_message(exc, lang)
            store = ReviewStore(db_path, readonly=True, backups=backups, locked_out=True)
        # The store's data live as long as the app: out of the collector's walks right
        # away (else its next collection walks all of it, 0.2 s at 100,000).
        gc_freeze.freeze()
    if store.readonly and reason is None:
        reason = t("error.readonly_flag" if readonly else "error.readonly", lang)
    return store, reason
