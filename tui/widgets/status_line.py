"""The status line: where the data lives, when it was last saved, and save errors."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """One line at the bottom of every screen; the app fills it (`ReviewApp.status_text`)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    StatusLine.-error { background: $error; color: $text; text-style: bold; }
    StatusLine.-readonly { background: $warning-muted; color: $text; }
    """

    def on_mount(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        app = self.app
        text, level = app.status_text() if hasattr(app, "status_text") else (Text(""), "")
        self.set_class(level == "error", "-error")
        self.set_class(level == "readonly", "-readonly")
        self.update(text)
