"""The command palette's entries (ctrl+p), in the interface's language: "export: ratings as
YAML", "filter: unreviewed", "jump: next reply that needs work" ... and Textual's own
(theme, maximize, screenshot (ours: tui/screenshot.py), quit)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from ..store.model import ReviewState
from .i18n import t
from .inbox_order import CHANGED, SORTS, filter_label
from .screenshot import save_screenshot

if TYPE_CHECKING:
    from .app import ReviewApp


def system_commands(app: ReviewApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    lang = app.context.lang
    yield SystemCommand(t("cmd.export", lang), t("cmd.export.help", lang), app.export_ratings)
    yield SystemCommand(t("cmd.export_to", lang), t("cmd.export_to.help", lang), app.ask_export_path)
    yield SystemCommand(t("cmd.export_all", lang), t("cmd.export.help", lang),
                        lambda: app.export_ratings(all_reviewers=True))
    for state in (ReviewState.UNREVIEWED, ReviewState.IN_PROGRESS, ReviewState.DONE, CHANGED, None):
        yield SystemCommand(t("cmd.filter", lang, name=filter_label(state, lang)), t("cmd.filter.help", lang),
                            lambda s=state: app.set_inbox_filter(s))
    for sort in SORTS:
        name = t(f"col.{sort}", lang)
        yield SystemCommand(t("cmd.sort", lang, name=name), "", lambda s=sort: app.set_inbox_sort(s))
    yield SystemCommand(t("cmd.jump_unreviewed", lang), "", lambda: app.jump_next(unreviewed_only=True))
    yield SystemCommand(t("cmd.jump_work", lang), "", lambda: app.jump_next(unreviewed_only=False))
    yield SystemCommand(t("cmd.import", lang), t("cmd.import.help", lang), app.action_import_files)
    if not app.context.store.readonly:
        yield SystemCommand(t("cmd.import_samples", lang), t("cmd.import_samples.help", lang), app.offer_samples)
    yield SystemCommand(t("cmd.stats", lang), "", app.action_stats)
    yield SystemCommand(t("cmd.disputes", lang), "", app.action_disputes)
    yield SystemCommand(t("cmd.help", lang), "", app.action_help)
    # Textual's own entries, in the interface's language (its "Keys" panel is left out:
    # the help screen above lists the keys of this app)
    yield SystemCommand(t("cmd.theme", lang), t("cmd.theme.help", lang), app.action_change_theme)
    if screen.maximized is not None:
        yield SystemCommand(t("cmd.minimize", lang), "", screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(t("cmd.maximize", lang), "", screen.action_maximize)
    yield SystemCommand(t("cmd.screenshot", lang), t("cmd.screenshot.help", lang),
                        lambda: app.set_timer(0.1, lambda: save_screenshot(app, app.context)))
    yield SystemCommand(t("cmd.quit", lang), t("cmd.quit.help", lang), app.action_quit)
