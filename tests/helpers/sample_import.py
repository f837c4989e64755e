"""Waiting in a pilot test for the samples' import, which runs on a worker thread (tui.screens.sample_import)."""

from __future__ import annotations


async def sample_import_ended(pilot, app) -> None:
    """Wait until the samples' import has ended and the app has said so (toast, inbox read again)."""
    for _ in range(1200):  # (a bound, not a timing: 60 s for 435 files)
        job = app.sample_import
        if job is not None and job.ended.is_set() and not job.running:
            break
        await pilot.pause(0.05)
    assert app.sample_import is not None and not app.sample_import.running
    await pilot.pause()
