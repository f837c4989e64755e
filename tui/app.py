"""ReviewApp: the Textual application, its screens wired together, and the store.

`ReviewApp(db_path=..., reviewer=..., lang="zh", settings=None)` is what the `review`
command runs and what tests and benchmarks drive headless. It opens the store, builds
the one `ReviewContext` every screen receives (cppcc_review.tui.context), and relays what crosses
screens: the messages of cppcc_review.tui.messages (a rating saved, a reply completed, replies
changed, a reply to open). Every write is made in a key handler through
`ReviewContext.write`, so it is on disk before the next key is handled.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen

from ..store.db import ReviewStore
from . import gc_freeze, later_imports, thread_turns
from .aids import ReadingAids
from .cjk_wrap import wrap_plain
from .commands import system_commands
from .config import Settings
from .context import ReviewContext
from .hangup import catch_hangup, leave
from .i18n import t
from .inbox_order import FilterValue
from .keys_at_once import run_binding_at_once
from .logs import logger, start_logging
from .messages import OpenReply, PlaceMoved, RepliesChanged, StoreChanged
from .navigation import ReplyOrder
from .opening import locked_message, open_store
from .palettes import PalettesInLanguage
from .place_keeper import PlaceKeeper
from .refusal_words import read_or_say
from .safe_text import display_text
from .screens.base import BaseScreen
from .screens.inbox import InboxScreen
from .session_state import load_place
from .status import SaveStatus, StoreWriter
from .store_poll import STORE_POLL_SECONDS, IdleFold, notes_saved_later, notice_changes
from .textual_private import keep_pastes_whole, keep_wide_characters_whole, log_unexpected_errors
from .themes import app_themes, check_theme
from .unsaved_notes import UnsavedNotes

if TYPE_CHECKING:
    from ..store.importer import ImportSummary
    from .screens.sample_import import SampleImport

__all__ = ["ReviewApp", "locked_message", "toast_text_width"]

LOG = logger("app")
TOAST_SECONDS = 3.0
TOAST_SECONDS_ERROR = 8.0
TOAST_WIDTH = 60  # app.tcss: Toast { width: 60; max-width: 50%; padding: 1 1; } and a 1-cell left border
# Textual's ToastRack (overflow-y: scroll) keeps a vertical scrollbar's 2 cells: a toast's
# 50% is of the screen less those.
TOAST_RACK_SCROLLBAR = 2


def toast_text_width(screen_width: int) -> int:
    """Cells a toast's text has on a screen `screen_width` wide (Toast's width, padding, border).

    One cell too many (the rack's scrollbar left out) and Textual wrapped our lines again:
    a Chinese line of 42 cells in 41 left its last character alone on a line (90 columns)."""
    return min(TOAST_WIDTH, (screen_width - TOAST_RACK_SCROLLBAR) // 2) - 3


def toast_text(message: str, screen_width: int) -> str:
    """A Chinese toast's `message` wrapped to the toast's width by Chinese rules."""
    width = toast_text_width(screen_width)
    return wrap_plain(message, width) if width > 0 else message


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (a container without one)
        LOG.info("no OS user name; recording as 'reviewer'", exc_info=True)
        return "reviewer"


class ReviewApp(PalettesInLanguage, App[int]):
    """The review app. Screens: inbox, review, assessment, help, original, stats, disputes."""

    CSS_PATH = "app.tcss"
    TITLE = "cppcc-review"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="palette"),
    ]

    def __init__(
        self,
        db_path: str | Path | None = None,
        reviewer: str | None = None,
        lang: str | None = None,
        settings: Settings | None = None,
        *,
        store: ReviewStore | None = None,
        readonly: bool = False,
        offer_demo: bool = True,
        remember_place: bool = True,
    ) -> None:
        keep_wide_characters_whole()  # before any screen is drawn (tui/textual_private.py, 2.)
        keep_pastes_whole()  # before the driver reads the terminal (tui/textual_private.py, 3.)
        super().__init__()
        log_unexpected_errors(self, LOG)  # a crash's traceback in the log file too (tui/textual_private.py, 5.)
        settings = settings or Settings()
        lang = lang or settings.lang
        start_logging(settings.debug, unwritable=lambda path, reason: t("log.unwritable", lang, path=path, reason=reason))
        for theme in app_themes():
            self.register_theme(theme)
        check_theme(settings.theme, self.available_themes, settings.sources.get("theme"))
        # Refused before anything opens: an unknown id or a key that does two things is a trap.
        if settings.keymap:  # (the check imports every screen: only when there is a keymap to check)
            from .keymap_check import check_keymap

            check_keymap(settings.keymap, type(self), lang)
        db = Path(db_path).expanduser() if db_path else settings.db_path
        self._own_store = store is None
        """The app opened the store, so it closes it (a store handed in is its owner's)."""
        if store is None:
            store, reason = open_store(db, readonly=readonly, backups=settings.backups, lang=lang)
        else:
            reason = t("error.readonly_flag" if readonly else "error.readonly", lang) if store.readonly else None
        name = display_text(reviewer or settings.reviewer or _os_user(), single_line=True)
        status = SaveStatus(self, store, lang, name, db, reason)
        self.context = ReviewContext(
            store=store, write=StoreWriter(store, status, self), settings=settings, reviewer=name, lang=lang,
            db_path=db, status=status, aids=ReadingAids(lang, settings, store, name), order=ReplyOrder(store, name),
            unsaved=UnsavedNotes(store, name, status, self),
        )
        """What every screen works with (cppcc_review.tui.context)."""
        self.idle_fold = IdleFold(self, self.context)  # the journal folded in pauses, on a worker thread
        self.offer_demo = offer_demo
        self.sample_import: SampleImport | None = None
        """The samples' import on its worker thread, once started (cppcc_review.tui.samples)."""
        self.remember_place = remember_place
        self.place_keeper = PlaceKeeper(self, db, name)  # writes where the reviewer is
        self.title = t("app.title", lang)
        self.theme = settings.theme
        LOG.info("app: database %s, reviewer %s, %s", db, name, "read-only" if store.readonly else "writing")

    # start and stop ---------------------------------------------------
    def on_mount(self) -> None:
        ctx = self.context
        thread_turns.shorten()  # a key never waits 5 ms for a worker thread's turn (cppcc_review.tui.thread_turns)
        if ctx.settings.keymap:
            self.set_keymap(ctx.settings.keymap)
        catch_hangup(self._hung_up)  # a closed terminal: what is typed is saved first
        place = load_place(ctx.db_path, ctx.reviewer) if self.remember_place and len(ctx.store) else None
        self.push_screen(InboxScreen(ctx, place))
        if place is not None and place.screen == "review" and place.reply_id in ctx.store:
            self.call_after_refresh(self.open_reply, place.reply_id, place.index)
        self.set_interval(STORE_POLL_SECONDS, self.notice_store_changes)
        if ctx.status.readonly_reason:
            self.notify(ctx.status.readonly_reason, severity="warning", markup=False)
        if self.offer_demo and not ctx.store.readonly:  # an empty database, or one a sample import cut short
            from .samples import offer_at_start

            self.call_after_refresh(offer_at_start, self)

    def on_unmount(self) -> None:
        if self.sample_import is not None:  # (stopped before the store it writes to is closed)
            self.sample_import.stop_and_wait()
        self.place_keeper.close()
        gc_freeze.unfreeze()
        thread_turns.restore()
        if self._own_store:
            self.context.store.close()
        LOG.info("app closed")

    async def action_quit(self) -> None:
        from .screens.confirm import CarefulConfirm

        self.save_all()
        notes_saved_later(self.context, self.screen_stack)  # notes the disk refused: tried once more
        question = self.context.unsaved.quit_question(self.screen_stack)  # still refused: lost if the app quits now
        if question is None:
            self.exit()
        elif getattr(self.screen, "question", None) != question:  # (not asked again while it is asked)
            lang = self.context.lang
            self.push_screen(CarefulConfirm(self.context, question, t("app.quit_unsaved_yes", lang),
                                            t("app.quit_unsaved_no", lang)), lambda yes: self.exit() if yes else None)

    def save_all(self) -> None:
        """Save what every open screen holds unsaved (a note, the opinion) and where the reviewer is."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, BaseScreen):
                try:
                    screen.save_now()
                except Exception:  # one screen failing must not stop the others
                    LOG.exception("saving %s failed", type(screen).__name__)
        self.place_keeper.write_now()  # where the reviewer is (the app is leaving)

    @on(PlaceMoved)
    def place_moved(self) -> None:
        """A reply opened, another suggestion shown: written a moment later, off the key path."""
        self.place_keeper.moved()

    def _hung_up(self, number: int) -> None:
        LOG.info("signal %d: saving and leaving", number)
        self.save_all()  # on disk now, whether or not the exit below can still draw
        self.context.unsaved.log_texts(self.screen_stack)  # (refused by the disk: the log file is their last place)
        leave(number, lambda: self.exit(return_code=128 + number))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.context.status.key_came(event) and await run_binding_at_once(self, event):
            return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A key no binding took, once it has bubbled up from the screen: text for the note
        if the note has the focus by now.

        Keys typed right after `n` are read before the note has the focus, go to the
        screen and come back up here; once `n` has moved the focus they belong to the note,
        not to the void. (This handler runs before Textual's own, which `prevent_default`
        then skips: for a printable key and a focused note it would find no binding.)
        """
        focused = self.focused
        if isinstance(focused, later_imports.note_editor()) and event.is_printable and event.character:
            event.prevent_default()
            focused.insert(event.character)

    # toasts -----------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Briefly (they covered the text as they piled up); a Chinese one wrapped by Chinese rules (toast_text)."""
        if timeout is None:
            timeout = TOAST_SECONDS if severity != "error" else TOAST_SECONDS_ERROR
        if self.context.lang != "en" and not markup and message:
            message = toast_text(message, self.size.width)
        (LOG.warning if severity != "information" else LOG.debug)("toast: %s", " ".join(message.split()))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_notify(self, _event: Notify) -> None:
        """Before Textual adds the new toast (its own handler runs after this one): remove
        the ones shown, so that there is never more than one over the text."""
        self.clear_notifications()

    # what crosses screens ----------------------------------------------
    def notice_store_changes(self) -> None:
        """The poll's tick: what other processes wrote, shown; in a pause, a fold (tui.store_poll)."""
        notice_changes(self, self.context, self.idle_fold)

    @on(RepliesChanged)
    def _replies_changed(self, event: RepliesChanged) -> None:
        """A rating saved, a reply completed, replies changed: the inbox reads them again
        (every row after another process wrote: new replies, re-imported ones, colleagues')."""
        inbox = self.inbox()
        if inbox is not None:
            inbox.replies_changed(None if isinstance(event, StoreChanged) else event.reply_ids)

    @on(OpenReply)
    def _open_requested(self, event: OpenReply) -> None:
        self.open_reply(event.reply_id, event.index)

    # navigation -------------------------------------------------------
    def inbox(self) -> InboxScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, InboxScreen)), None)

    def open_reply(self, reply_id: str, index: int | None = None) -> None:
        """Show reply `reply_id` on the review screen (the one open, else a new one; over the disputes list: q)."""
        from .screens.disputes import DisputesScreen

        review_screen = later_imports.review_screen()
        store = self.context.store
        if not isinstance(self.screen, review_screen) and read_or_say(
                self, store, reply_id, lambda: store.get_reply(reply_id), self.context.lang) is None:
            return  # (its text gone or damaged: the toast says so, the reviewer stays; the review screen says it itself)
        while len(self.screen_stack) > 2 and not isinstance(self.screen, (review_screen, DisputesScreen)):
            self.pop_screen()
        if isinstance(self.screen, review_screen):
            self.screen.load_reply(reply_id, index, opened=True)
        else:
            self.push_screen(review_screen(self.context, reply_id, index), self._review_closed)

    def _review_closed(self, reply_id: object) -> None:
        # the inbox on this reply (written by the keeper's thread: the key goes on)
        self.place_keeper.write_soon(inbox_row=reply_id if isinstance(reply_id, str) else None)

    def go_inbox(self) -> InboxScreen | None:
        inbox = self.inbox()
        while self.screen is not inbox and len(self.screen_stack) > 1:
            self.pop_screen()
        return inbox

    def set_inbox_filter(self, state: FilterValue) -> None:
        inbox = self.go_inbox()
        if inbox is not None:
            inbox.set_filter(state)

    def set_inbox_sort(self, name: str) -> None:
        inbox = self.go_inbox()
        if inbox is not None:
            inbox.set_sort(name)

    def jump_next(self, unreviewed_only: bool) -> None:
        """The palette's jumps: the next reply (after the one opened last) that needs work."""
        order = self.context.order
        target, none_left = order.next_or_none_left(order.last_opened, self.context.lang, unreviewed_only=unreviewed_only)
        if target is None:
            self.notify(none_left, markup=False)
        else:
            self.open_reply(target)

    # other screens ----------------------------------------------------
    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.context, self.screen))

    def action_stats(self) -> None:
        from .screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.context))

    def action_disputes(self) -> None:
        from .screens.disputes import DisputesScreen

        self.push_screen(DisputesScreen(self.context))

    def offer_samples(self) -> None:
        """The palette: import the bundled sample replies (asks first; those held are not imported twice)."""
        from .samples import offer_samples

        offer_samples(self)

    def action_import_files(self) -> None:
        """`i` in the inbox (and the palette): import files or a folder, with a progress bar."""
        from .screens.import_files import ImportScreen

        ctx = self.context
        if ctx.store.readonly:  # said as every other writing key says it: 只读：不能导入（why）
            ctx.write.refused_readonly("readonly.import")
            return

        def closed(_summary: ImportSummary | None) -> None:
            self.go_inbox()  # the inbox reads the new replies (the import posted RepliesChanged)

        self.push_screen(ImportScreen(ctx), closed)

    # export -----------------------------------------------------------
    def export_ratings(self, path: str | Path | None = None, all_reviewers: bool = False,
                       replace: bool = False) -> Path | None:
        """Write the ratings as YAML to `path` or a file in the current folder (never the database's); a
        file already there is replaced only when the reviewer says so (export_actions.export_or_ask)."""
        from .export_actions import default_export_path, export_or_ask

        target = Path(path).expanduser() if path is not None else default_export_path(self.context, all_reviewers)
        return export_or_ask(self, self.context, target, all_reviewers, replace=replace)

    def ask_export_path(self) -> None:
        from .export_actions import prompt_path
        from .screens.confirm import PathPrompt

        def chosen(path: object) -> None:
            if isinstance(path, str) and path:
                self.export_ratings(path)

        prompt = PathPrompt(self.context, t("export.path_prompt", self.context.lang), prompt_path(self.context))
        self.push_screen(prompt, chosen)

    # command palette --------------------------------------------------
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def action_help_quit(self) -> None:
        """ctrl+c (a reflex): say how to quit, in the interface's language."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = self.get_key_display(active.binding)
                self.notify(t("app.quit_hint", self.context.lang, key=key), markup=False)
                return
