"""Importing in the running app as a reviewer does: `i`, the path typed into the box, enter."""

from __future__ import annotations

from pathlib import Path
from typing import Any


async def import_in_app(app: Any, pilot: Any, path: Path) -> str:
    """`i`, the path, enter; the result block's text once the import is done (the import screen stays open)."""
    from cppcc_review.tui.screens.import_files import ImportScreen

    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportScreen)
    app.screen.query_one("#import-path").value = str(path)
    await pilot.press("enter")
    for _ in range(200):
        await pilot.pause(0.05)
        if app.screen.summary is not None:
            break
    assert app.screen.summary is not None
    return str(app.screen.query_one("#import-result").render())
