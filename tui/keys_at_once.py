"""A key's binding run as soon as the app reads the key, on a screen that asks for it.

Textual sends a key the app reads to the focused widget (or the screen), which sends it
back up when no widget takes it; only then does the app look for a binding that is not
a priority one. Two more turns of the event loop (~0.3-0.5 ms of a ~2 ms mark on the
review screen, where the rating keys write to the disk) to reach the binding that was
known from the start when nothing has the focus. `run_binding_at_once` takes that
binding at once, through public Textual only (`Screen.active_bindings`, with the
user's keymap applied and each `check_action` asked; `App.run_action`).

Only when the outcome cannot differ from Textual's way: the screen says so
(`BINDINGS_AT_ONCE`), nothing has the focus (a focused note takes `1` and `a` as text),
no widget is maximized, and nothing waits in the app's or the screen's queue (keys read
earlier and not handled yet: `n` then text in one burst must still reach the note, in
order). Any other key takes Textual's way, as before.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App


async def run_binding_at_once(app: App[Any], event: events.Key) -> bool:
    """True when `event`'s binding ran here (the key is handled); False: let Textual
    deliver it."""
    screen = app.screen
    if (not getattr(screen, "BINDINGS_AT_ONCE", False) or screen.focused is not None
            or app.message_queue_size or screen.message_queue_size or screen.maximized is not None):
        return False
    active = screen.active_bindings.get(event.key)
    if active is None or not active.enabled:
        return False
    if not app.app_focus:
        app.app_focus = True  # as Textual does for a key it reads
    return await app.run_action(active.binding.action, active.node)
