"""A closed terminal (SIGHUP) or a polite kill (SIGTERM) handled by the app: what is being
typed is saved, then the app leaves. Without a handler Python dies on the spot and a note
being typed is lost."""

from __future__ import annotations

import asyncio
import signal
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
