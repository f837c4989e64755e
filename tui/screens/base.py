"""What every screen shares: bindings described in the interface language, the
status line, and `?` for help."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from tui.keymap import localize


class LocalizedBindings:
    """Mixin: after construction, binding descriptions come from the catalogue."""

    def _localize_bindings(self) -> None:
        lang = getattr(self.app, "lang", "zh")
        self._bindings = localize(self._bindings, lang)

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "zh")


class BaseScreen(LocalizedBindings, Screen):
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    #: the title shown by the help screen (a catalogue key)
    TITLE_KEY = "app.title"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localize_bindings()

    def refresh_status(self) -> None:
        from tui.widgets.status_line import StatusLine

        for line in self.query(StatusLine):
            line.refresh_status()


class BaseModal(LocalizedBindings, ModalScreen):
    TITLE_KEY = "app.title"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localize_bindings()

    def refresh_status(self) -> None:
        pass
