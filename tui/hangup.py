"""A closed terminal (SIGHUP) or a polite kill (SIGTERM) handled by the app: what is being
typed is saved, then the app leaves. Without a handler Python dies on the spot and a note
being typed is lost.

Leaving must not wait on the terminal. With the terminal gone, Textual's output thread
dies on its first write (EIO) and the driver's shutdown then waits forever to hand it
more (seen: app processes left for hours after their window closed, each holding its
memory). After SIGHUP everything typed is on disk, so the process ends at once, as after
a crash, which the store is made for (every acknowledged change is fsynced; the kernel
releases the locks). After SIGTERM the terminal is usually still there and is put back
as usual, with a watchdog in case it is not.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Callable

from .logs import logger

LOG = logger("app")


def catch_hangup(handler: Callable[[int], None]) -> None:
    """Call `handler(signal number)` on SIGHUP and SIGTERM (from the running event loop)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        LOG.debug("no event loop: SIGHUP and SIGTERM not caught", exc_info=True)
        return
    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is None:  # not on this platform
            continue
        try:
            loop.add_signal_handler(number, handler, number)
        except (NotImplementedError, RuntimeError, ValueError) as exc:
            LOG.debug("no handler for %s: %s", name, exc)  # not the main thread (tests), or no signals here


# How long a SIGTERM'd app may take to put the terminal back and close before it is ended.
LEAVE_GRACE_SECONDS = 5.0


def leave(number: int, graceful_exit: Callable[[], None]) -> None:
    """End the process after signal `number`, what was typed being saved already: at once
    after SIGHUP (no terminal to restore), else through `graceful_exit` with a watchdog."""
    code = 128 + number
    if number == getattr(signal, "SIGHUP", None):
        logging.shutdown()  # the log file's last lines (the signal, the save) are written
        os._exit(code)
    watchdog = threading.Timer(LEAVE_GRACE_SECONDS, _end_now, args=(code,))
    watchdog.daemon = True  # a process that ends in time is not held by it
    watchdog.start()
    graceful_exit()


def _end_now(code: int) -> None:
    LOG.warning("the app did not close within %.0f s of the signal; ending it", LEAVE_GRACE_SECONDS)
    logging.shutdown()
    os._exit(code)
