"""A key's binding run as soon as the app reads the key, on a screen that asks for it.

Textual sends a key the app reads to the focused widget (or the screen), which sends it
back up when no widget takes it; only then does the app look for a binding that is not
a priority one. Two more turns of the event loop (~0.3-0.5 ms of a ~2 ms mark on the
review screen, where the rating keys write to the disk) to reach the binding that was
known from the start when nothing has the focus. `run_binding_at_once` takes that
binding at once, through public Textual only (`Screen.active_bindings`, with the
user's keymap applied and each `check_action` asked; `App.run_action`).

Only when the outcome cannot differ from Textual's way: the screen says so (it has
`kept_bindings`), nothing has the focus (a focused note takes `1` and `a` as text),
no widget is maximized, and nothing waits in the app's or the screen's queue (keys read
earlier and not handled yet: `n` then text in one burst must still reach the note, in
order). Any other key takes Textual's way, as before.

`Screen.active_bindings` asks `check_action` of every binding of the screen and the app
(about forty) and applies the keymap each time it is read: ~0.15-0.2 ms of every mark,
for an answer that changes only when the bindings do. A screen that takes its keys at
once therefore keeps it (`KeptBindings`, its `kept_bindings`) until Textual says the
screen's bindings may have changed: the screen's `bindings_updated_signal` (published by
`refresh_bindings()`), which Textual publishes when the focus moves, the screen is
suspended or resumed, the keymap is set or updated (`App.set_keymap` / `update_keymap`),
the app gains or loses the focus, or a reactive declared with `bindings=True` changes, and
which an app whose `check_action` answers differently over time must publish anyway
(Textual's contract for dynamic actions: its footer would be wrong too). The screen's
`stack_updates` (counted at every suspend and resume) is checked as well, for a change
made while the screen was off the stack, when no signal reaches it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.binding import ActiveBinding
from textual.screen import Screen


class KeptBindings:
    """`screen.active_bindings`, read once until the screen says its bindings changed."""

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._kept: dict[str, ActiveBinding] | None = None
        self._stack_updates = -1

    def get(self) -> dict[str, ActiveBinding]:
        screen = self._screen
        if self._kept is None or self._stack_updates != screen.stack_updates:
            # Subscribed again each time (a screen that stopped running lost its
            # subscription); immediate: dropped as the signal is published, not a turn
            # later, when a key read in between would find the old bindings.
            signal = screen.bindings_updated_signal
            signal.unsubscribe(screen)
            signal.subscribe(screen, self.drop, immediate=True)
            self._stack_updates = screen.stack_updates
            self._kept = screen.active_bindings
        return self._kept

    def drop(self, _screen: object = None) -> None:
        self._kept = None


async def run_binding_at_once(app: App[Any], event: events.Key) -> bool:
    """True when `event`'s binding ran here (the key is handled); False: let Textual
    deliver it."""
    screen = app.screen
    kept: KeptBindings | None = getattr(screen, "kept_bindings", None)
    if (kept is None or screen.focused is not None
            or app.message_queue_size or screen.message_queue_size or screen.maximized is not None):
        return False
    active = kept.get().get(event.key)
    if active is None or not active.enabled:
        return False
    if not app.app_focus:
        app.app_focus = True  # as Textual does for a key it reads
    return await app.run_action(active.binding.action, active.node)
