"""The status line: where the data lives, when it was last saved, and save errors."""

from __future__ import annotations

from ..status import SaveStatus
from .text_line import TextLine


class StatusLine(TextLine):
    """One line at the bottom of every screen, showing `SaveStatus.text()`; it follows the
    status through its `changed` signal.

    Repainted only when its text or level changed, and never re-laid out (fixed height)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    StatusLine.-error { background: $error; color: $text; text-style: bold; }
    StatusLine.-readonly { background: $warning-muted; color: $text; }
    """

    def __init__(self, status: SaveStatus) -> None:
        super().__init__()
        self.status = status

    def on_mount(self) -> None:
        self.status.changed.subscribe(self, self.refresh_status, immediate=True)
        self.refresh_status()

    def refresh_status(self, _data: object = None) -> None:
        text, level = self.status.text()
        self.set_class(level == "error", "-error")  # no-ops when the class is unchanged
        self.set_class(level == "readonly", "-readonly")
        self.set(text)
