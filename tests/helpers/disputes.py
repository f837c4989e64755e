"""Waiting for the disputes screen's list, read on a worker thread (tui.screens.disputes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


async def disputes_read(pilot: Any, ready: Callable[[Any], bool] | None = None, rounds: int = 200) -> None:
    """Pause until the disputes screen has read its list (and `ready(screen)` holds, when given)."""
    from cppcc_review.tui.screens.disputes import DisputesScreen

    for _ in range(rounds):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, DisputesScreen) and screen.loaded and (ready is None or ready(screen)):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the disputes were not read; the screen is {pilot.app.screen}")
