"""The configured keymap, checked against every screen before the app opens anything.

An unknown binding id and a key given to two bindings of one screen are refused with
one line (`InputError`): the first would silently leave the key as it was, the second
would hide one binding behind the other.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..store.errors import InputError
from .i18n import t
from .keymap import binding_ids, keymap_collisions, keymap_problems
from .screens.assessment import AssessmentScreen
from .screens.base import BaseScreen
from .screens.confirm import CarefulConfirm, ConfirmScreen, PathPrompt
from .screens.disputes import DisputesScreen
from .screens.help import HelpScreen
from .screens.import_files import ImportScreen
from .screens.inbox import InboxScreen
from .screens.original import OriginalScreen
from .screens.picker import Picker
from .screens.review import ReviewScreen
from .screens.sample_import import SampleImportScreen
from .screens.split_picker import SplitPicker
from .screens.stats import StatsScreen
from .widgets.note_editor import NoteEditor
from .widgets.reply_list import ReplyList

#: every screen, with the classes whose bindings are active together on it (after the app's)
SCREENS: tuple[tuple[type, tuple[type, ...]], ...] = (
    (InboxScreen, (ReplyList,)),
    (ReviewScreen, ()),
    (AssessmentScreen, ()),
    (OriginalScreen, ()),
    (StatsScreen, ()),
    (DisputesScreen, ()),
    (HelpScreen, ()),
    (SplitPicker, ()),
    (Picker, ()),
    (ImportScreen, ()),
    (SampleImportScreen, ()),
    (ConfirmScreen, ()),
    (CarefulConfirm, ()),
    (PathPrompt, ()),
)


def screen_chains(app_class: type, lang: str) -> list[tuple[str, list[type]]]:
    """Per screen (by its title), the classes whose bindings are active together there.
    (The note editor's own binding applies while it has the focus, nearest the focus: it
    shadows the screen's keys rather than clashing with them.)"""
    chains: list[tuple[str, list[type]]] = []
    for screen, widgets in SCREENS:
        title = t(getattr(screen, "TITLE_KEY", "app.title"), lang)
        chains.append((title, [app_class, screen, *widgets]))
    return chains


def known_binding_ids(app_class: type) -> set[str]:
    classes: list[type] = [app_class, BaseScreen, NoteEditor]
    for screen, widgets in SCREENS:
        classes += [screen, *widgets]
    return binding_ids(classes)


def check_keymap(keymap: Mapping[str, str], app_class: type, lang: str) -> None:
    """Refuse (InputError, one line) a keymap the app cannot apply as written."""
    if not keymap:
        return
    problems = keymap_problems(keymap, known_binding_ids(app_class), lang)
    if not problems:
        problems = keymap_collisions(keymap, screen_chains(app_class, lang), lang)
    if problems:
        raise InputError(problems[0])
