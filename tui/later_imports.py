"""What the inbox's first frame does not need, imported once it is on the screen.

The review screen (with the note editor's TextArea), the checks and the hints cost
~0.1-0.2 s of imports (regular expressions compiled, the bundled model's reader) that
made the start of the app ~1.3x slower than it needs to be at any size
(docs/performance.md, cold start). The inbox imports them when it has shown every row
(InboxScreen._fill_progress), so that neither the start nor the first Enter waits for them; these
functions give the classes the app refers to before that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .screens.review import ReviewScreen
    from .widgets.note_editor import NoteEditor


def review_screen() -> type[ReviewScreen]:
    from .screens.review import ReviewScreen

    return ReviewScreen


def note_editor() -> type[NoteEditor]:
    from .widgets.note_editor import NoteEditor

    return NoteEditor


def load_for_other_screens() -> None:
    """Import the review screen and the reading aids (a no-op once they are)."""
    from ..store.aids import checks, hint_learner  # noqa: F401
    from .screens import review  # noqa: F401
    from .widgets import note_editor  # noqa: F401
