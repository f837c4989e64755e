"""What the reviewer sees of notifications: the toasts on the screen, as text."""

from __future__ import annotations


def toasts(app) -> list[str]:
    """What each toast on the current screen says (its title, then its message; the lines
    of a wrapped message joined)."""
    return [str(toast.render()).replace("\n", "") for toast in app.screen.query("Toast")]
