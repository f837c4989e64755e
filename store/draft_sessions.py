"""Whose drafts are being typed now: a draft's writer session, alive or gone.

A draft (ReviewStore.set_draft) is kept so that a hard stop loses nothing: the next
session puts it back. But two windows of one reviewer on one database each write drafts
of the same note; the second window took the first one's live draft for a leftover, put
it in its own box, and both saves then stored the text twice. So each draft names the
session that writes it, and a draft is a leftover only when that session is gone.

A session is known to be alive by a lock, not by a pid or a heartbeat: a writing store
holds an exclusive flock on `<db>/sessions/<id>` (its id: 16 random hex digits) from its
first draft until it closes. The kernel drops the flock when the process dies however it
dies (kill -9, a closed terminal, a crash), so "the file can be locked" means "its writer
is gone" at once, with no clock to wait for and no pid to be reused. A closing store
removes its file; a file left by a hard stop is removed by the next session that starts
writing drafts (when it can lock it and it is older than a minute: a file made an
instant ago may not be locked yet). On a folder shared between machines the flock is as
good as the file system's (NFS passes it on, as for the database's write lock); where it
is not passed on, the other machine's live draft is taken for a leftover as before: text
shown twice, never lost.

A draft is stored in the review's `drafts` object under `<field>@<session id>` (the
field: a suggestion's anchor or "opinion"); a key without `@` is a draft of an older
release (no session): a leftover. Several leftovers of one field are all shown, joined
(store/draft_leftovers.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # (Windows: no flock; drafts are written without a session, as an older release wrote them)
    fcntl = None  # type: ignore[assignment]

from .draft_leftovers import shown_leftovers

SESSIONS = "sessions"
"""The folder of the session files (in the database folder; made at the first draft)."""
SEP = "@"
STALE_AFTER = 60.0
"""Seconds after which an unlocked session file is removed (younger: its writer may not have locked it yet)."""
_ID = re.compile(r"[0-9a-f]{16}")
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def draft_key(field: str, session: str | None) -> str:
    """The key of `field`'s draft written by `session` (None: without a session, as an older release)."""
    return f"{field}{SEP}{session}" if session else field


def split_key(key: str) -> tuple[str, str | None]:
    """(field, session or None) of a draft's key."""
    field, sep, session = key.rpartition(SEP)
    return (field, session) if sep else (key, None)


class DraftSessions:
    """This store's session (made at its first draft) and the liveness of others'."""

    def __init__(self, db_path: Path) -> None:
        self.folder = db_path / SESSIONS
        self.id = secrets.token_hex(8)
        self._fd: int | None = None
        self._unavailable = False  # the folder or the flock failed: drafts are written without a session
        self._gone: set[str] = set()  # sessions seen gone (they never come back)
        self.handed_out: set[tuple[str, str, str]] = set()
        """(reply id, reviewer, draft key) of the leftovers this store's reads gave as a field's draft:
        the writer's box started from them, so its own draft or save of that field replaces them."""

    def own(self) -> str | None:
        """This store's session id, its file made and locked on the first call (None when that fails:
        drafts are then written as an older release wrote them)."""
        if self._fd is None and not self._unavailable:
            try:
                self._start()
            except OSError:
                self._unavailable = True
        return self.id if self._fd is not None else None

    def _start(self) -> None:
        if fcntl is None:
            raise OSError(errno.ENOSYS, "no flock here")
        self.folder.mkdir(exist_ok=True)
        self._sweep()
        fd = os.open(self.folder / self.id, os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(self.folder / self.id)
            raise
        self._fd = fd

    def alive(self, session: str) -> bool:
        """True when `session` is this store's or another open store's (its file is locked)."""
        if session == self.id:
            return True
        if session in self._gone or not _ID.fullmatch(session) or fcntl is None:
            return False  # (without flock no window can be told alive: a leftover, shown, never lost)
        try:
            fd = os.open(self.folder / session, os.O_RDONLY | NOFOLLOW | CLOEXEC)
        except OSError:
            self._gone.add(session)  # no file: closed, or swept after a hard stop
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            return exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
        finally:
            os.close(fd)
        self._gone.add(session)
        return False

    def _sweep(self) -> None:
        """Remove the files of sessions gone a while (a hard stop leaves its file)."""
        now = time.time()
        for name in os.listdir(self.folder):
            path = self.folder / name
            if not _ID.fullmatch(name):
                continue
            try:
                fd = os.open(path, os.O_RDONLY | NOFOLLOW | CLOEXEC)
            except OSError:
                continue
            try:
                if now - os.fstat(fd).st_mtime < STALE_AFTER:
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(path)
            except OSError:
                pass  # alive (locked), or already removed
            finally:
                os.close(fd)

    def close(self) -> None:
        """This store closes: its drafts are leftovers from now on (its file goes, then its lock)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.folder / self.id)
            os.close(fd)

    def key(self, field: str) -> str:
        """The key this store's draft of `field` has (or gets: call `own` first to write one)."""
        return draft_key(field, self.id if self._fd is not None else None)

    def sort(self, drafts: dict[str, str], reply_id: str, reviewer: str, saved: Callable[[str], str],
             info: Any = None) -> tuple[dict[str, str], set[str], set[str]]:
        """({field: the draft a window of this store shows}, the fields another open session drafts,
        the fields whose shown draft joins several texts). A field shows this store's own draft, else
        its leftovers (no session, or one gone): one as it is, several (or one typed over another
        saved text than `saved(field)`, asked only then) joined, none dropped (store/draft_leftovers.py); they are
        then `handed_out`. Another live session's draft is not shown. `info`: the review's draft_info."""
        own: dict[str, str] = {}
        leftovers: dict[str, list[str]] = {}
        elsewhere: set[str] = set()
        for key, text in drafts.items():
            field, session = split_key(key)
            if session == self.id:
                own[field] = text
            elif session is not None and self.alive(session):
                elsewhere.add(field)
            else:
                leftovers.setdefault(field, []).append(key)
        joined: set[str] = set()
        for field, keys in leftovers.items():
            if field not in own:
                own[field], several = shown_leftovers(keys, drafts, info, saved(field))
                if several:
                    joined.add(field)
                self.handed_out.update((reply_id, reviewer, key) for key in keys)
        return own, elsewhere, joined

    def spent(self, drafts: dict[str, str], field: str, reply_id: str, reviewer: str, *,
              whole: str | None = None) -> list[str]:
        """The keys of `field`'s drafts that this store's draft or save of the field replaces: its own,
        and the leftovers its reads showed (the writer's box started from them). Another live
        session's draft, and a leftover this store never showed, stay. `whole`: the text of a value
        written whole (a ratings file: import-ratings reads the review to plan, but no box showed
        its leftovers, which used to be dropped unseen): only the leftovers that text holds go."""
        mine = self.key(field)
        return [k for k in drafts if k == mine or (split_key(k)[0] == field and (reply_id, reviewer, k) in self.handed_out
                                                   and (whole is None or drafts[k] in whole))]
