"""ReviewApp: the Textual application, its screens wired together, and the store.

`ReviewApp(db_path=..., reviewer=..., lang="zh", settings=None)` is what the
`review` command runs and what tests and benchmarks drive headless. The app reads
and writes data only through `store.db.ReviewStore`; every write is made in the
key handler (`write`), so it is on disk before the next key is handled.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store.errors import LockedError, NotSavedError, StoreError
from store.model import ReviewState
from tui.config import Settings, default_db_path
from tui.i18n import enum_label, t
from tui.keymap import binding_ids, check_keymap, localize
from tui.safe_text import display_text


# How often the app looks for changes another process made (`cppcc-review rate`, an
# import): two stats when there are none (ReviewStore.refresh).
STORE_POLL_SECONDS = 1.0


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "reviewer"


def sample_files() -> list[Path]:
    """The bundled sample replies (plain-text fixtures only: the .docx/.html/.pdf twins in
    fixtures/formats are the same replies and would only show up as "updated")."""
    try:
        import fixtures
    except ImportError:
        return []
    return fixtures.fixture_files()


class ReviewApp(App):
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
        store=None,
        readonly: bool = False,
        offer_demo: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.lang = lang or self.settings.lang or "zh"
        self.reviewer = display_text(reviewer or self.settings.reviewer or _default_reviewer(), single_line=True)
        self.db_path = Path(db_path).expanduser() if db_path else default_db_path()
        self.readonly_reason: str | None = None
        self.status_error: str | None = None
        self.order: list[str] = []
        """Reply ids in the inbox's current order and filter (for ] / [ / N)."""
        self.inbox_dirty = False
        self.last_reply_id: str | None = None
        self.offer_demo = offer_demo
        self.keymap_problems: list[str] = []
        self._own_store = store is None
        if store is None:
            from store.index_storage import gc_paused

            with gc_paused():
                store = self._open_store(readonly)
                # The store's data live as long as the app: out of the collector's walks
                # right away (else its next collection walks all of it, 0.2 s at 100,000).
                self.keep_out_of_gc()
        self.store = store
        if self.store.readonly and self.readonly_reason is None:
            self.readonly_reason = t("error.readonly", self.lang)
        self._bindings = localize(self._bindings, self.lang)
        self.title = t("app.title", self.lang)

    # store ------------------------------------------------------------
    def _open_store(self, readonly: bool):
        from store.db import ReviewStore

        try:
            return ReviewStore(self.db_path, readonly=readonly, backups=self.settings.backups)
        except LockedError as exc:
            # Someone else is writing: browse read-only rather than refuse outright.
            self.readonly_reason = t("error.locked_readonly", self.lang, detail=str(exc))
            return ReviewStore(self.db_path, readonly=True, backups=self.settings.backups)

    def write(self, method, *args, **kwargs) -> tuple[bool, object]:
        """Call a store method that changes data; (True, result) or (False, None) when not saved."""
        if self.store.readonly:
            self.status_error = t("error.readonly", self.lang)
            self.refresh_status()
            self.bell()
            return False, None
        try:
            result = method(*args, **kwargs)
        except NotSavedError as exc:
            self.status_error = display_text(str(exc), single_line=True)
            self.refresh_status()
            self.bell()
            self.notify(self.status_error, title=t("status.error", self.lang, error=""), severity="error", markup=False)
            return False, None
        except StoreError as exc:  # a refused change (e.g. an impossible split): nothing changed
            self.notify(display_text(str(exc), single_line=True), severity="warning", markup=False)
            return False, None
        self.status_error = None
        self.refresh_status()
        return True, result

    def notice_store_changes(self) -> None:
        """Show what another process wrote meanwhile (the command line writes while the app
        is open): the inbox's rows, and the ratings of the reply on screen if it changed."""
        refresh = getattr(self.store, "refresh", None)
        if refresh is None:
            return
        try:
            changed = refresh(wait=0)
        except StoreError as exc:
            self.status_error = display_text(str(exc), single_line=True)
            self.refresh_status()
            return
        if not changed:
            return
        from tui.screens.inbox import InboxScreen
        from tui.screens.review import ReviewScreen
        from tui.widgets.reply_list import ReplyList

        self.inbox_dirty = True
        screen = self.screen
        if isinstance(screen, InboxScreen):
            self.inbox_dirty = False
            current = screen.query_one(ReplyList).current
            screen.load(keep_id=current.id if current else None)
        elif isinstance(screen, ReviewScreen) and screen.reply_id in changed and screen.reply is not None:
            screen.review = self.store.get_review(screen.reply_id, self.reviewer)
            screen.show_ratings()

    def status_text(self) -> tuple[Text, str]:
        """The status line: data folder, last save, reviewer; or the save error."""
        lang = self.lang
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.status_error:
            text.append(t("status.error", lang, error=self.status_error))
            text.append("  " + t("status.db", lang, path=display_text(str(self.db_path), single_line=True)))
            return text, "error"
        saved = getattr(self.store, "last_saved", None)
        if saved:
            text.append(t("status.saved", lang, time=saved.strftime("%H:%M:%S")))
        else:
            text.append(t("status.not_saved_yet", lang))
        text.append("  · " + t("status.reviewer", lang, name=self.reviewer))
        text.append("  · " + t("status.db", lang, path=display_text(str(self.db_path), single_line=True)))
        if self.readonly_reason:
            text = Text(t("status.readonly", lang, reason=self.readonly_reason) + "  · ", no_wrap=True, overflow="ellipsis") + text
            return text, "readonly"
        return text, ""

    def refresh_status(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_status", None)
            if refresh is not None:
                refresh()

    # reading aids (issue 5): optional, never fatal -------------------
    def reply_findings(self, reply) -> list:
        try:
            from store.checks import check_reply
        except ImportError:
            return []
        try:
            return list(check_reply(reply, lang=self.lang))
        except Exception:  # noqa: BLE001 - a broken check must not stop a review
            self.log.error("check_reply failed")
            return []

    def suggest_rating(self, reply, suggestion):
        try:
            from store.hints import suggest_rating
        except ImportError:
            return None
        try:
            return suggest_rating(reply, suggestion, scheme=self.settings.result_scheme)
        except Exception:  # noqa: BLE001
            self.log.error("suggest_rating failed")
            return None

    # start and stop ---------------------------------------------------
    def on_mount(self) -> None:
        from tui.screens.inbox import InboxScreen

        self.apply_keymap(self.settings.keymap)
        self.push_screen(InboxScreen())
        self.set_interval(STORE_POLL_SECONDS, self.notice_store_changes)
        if self.readonly_reason:
            self.notify(self.readonly_reason, severity="warning", markup=False)
        for problem in self.keymap_problems:
            self.notify(problem, severity="warning", markup=False)
        if self.offer_demo and len(self.store) == 0 and not self.store.readonly:
            self.call_after_refresh(self.offer_samples)

    def apply_keymap(self, keymap: dict[str, str]) -> None:
        """Apply the config's keymap (binding id -> keys); unknown ids are reported, not fatal."""
        usable, self.keymap_problems = check_keymap(keymap or {}, binding_ids(self.screen_classes()))
        self.set_keymap(usable)

    @staticmethod
    def screen_classes() -> list[type]:
        from tui.screens.assessment import AssessmentScreen
        from tui.screens.base import BaseScreen
        from tui.screens.help import HelpScreen
        from tui.screens.inbox import InboxScreen
        from tui.screens.original import OriginalScreen
        from tui.screens.review import ReviewScreen
        from tui.screens.split_picker import SplitPicker
        from tui.widgets.note_editor import NoteEditor
        from tui.widgets.reply_list import ReplyList

        classes = [BaseScreen, InboxScreen, ReviewScreen, AssessmentScreen, HelpScreen, OriginalScreen, SplitPicker]
        classes += [NoteEditor, ReplyList]
        try:
            from tui.screens.stats import StatsScreen

            classes.append(StatsScreen)
        except ImportError:
            pass
        try:
            from tui.screens.disputes import DisputesScreen

            classes.append(DisputesScreen)
        except ImportError:
            pass
        return classes

    def offer_samples(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        files = sample_files()
        if not files:
            return
        question = t("demo.question", self.lang, n=len(files), path=str(self.db_path))

        def answered(yes: bool | None) -> None:
            if yes:
                self.import_samples(files)

        self.push_screen(ConfirmScreen(question), answered)

    def import_samples(self, files: list[Path]) -> None:
        from store.importer import import_paths

        ok, summary = self.write(import_paths, self.store, files)
        if ok:
            self.notify(t("demo.done", self.lang, n=summary.imported + summary.updated), markup=False)
            inbox = self.inbox()
            if inbox is not None:
                inbox.load()

    async def _on_key(self, event) -> None:
        """Keys no binding took: text for the note editor if it has focus by now.

        Keys typed right after `n` are read before the note has focus and reach the
        screen; once `n` has moved the focus they belong to the note, not to the void.
        """
        event.prevent_default()  # this replaces App._on_key (Textual would run both)
        if await self._check_bindings(event.key):
            return
        from tui.widgets.note_editor import NoteEditor

        focused = self.focused
        if isinstance(focused, NoteEditor) and event.is_printable and event.character:
            focused.insert(event.character)
            return
        from textual._dispatch_key import dispatch_key

        await dispatch_key(self, event)

    def keep_out_of_gc(self) -> None:
        """Move every object alive now out of the cyclic garbage collector's reach
        (`gc.freeze`), for the rest of this run.

        Called once the store is open and again once the inbox's rows exist: at 100,000
        replies that is millions of long-lived objects (the index, the reviews, the rows)
        that the collector would otherwise walk again at each full collection, a large part
        of start-up and a pause now and then later. Reference counting still frees them as
        usual; only cycles among them wait, until `on_unmount` hands them back (gc.unfreeze;
        an app built but never run keeps them frozen: memory only, no data is involved).
        """
        import gc

        gc.freeze()
        self._gc_frozen = True

    def on_unmount(self) -> None:
        if getattr(self, "_gc_frozen", False):
            import gc

            gc.unfreeze()
            self._gc_frozen = False
        if self._own_store:
            self.store.close()

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            save = getattr(screen, "save_note", None)
            if save is not None:
                save()
        self.exit()

    # navigation -------------------------------------------------------
    def inbox(self):
        from tui.screens.inbox import InboxScreen

        for screen in self.screen_stack:
            if isinstance(screen, InboxScreen):
                return screen
        return None

    def open_reply(self, reply_id: str, index: int | None = None) -> None:
        from tui.screens.review import ReviewScreen

        review = next((s for s in self.screen_stack if isinstance(s, ReviewScreen)), None)
        if review is not None and self.screen is review:
            review.load_reply(reply_id, index)
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, ReviewScreen):
            self.pop_screen()
        if isinstance(self.screen, ReviewScreen):
            self.screen.load_reply(reply_id, index)
        else:
            self.push_screen(ReviewScreen(reply_id, index))

    def neighbour_reply(self, current: str, direction: int = 1, needs_work: bool = False) -> str | None:
        """The reply after (or before) `current` in the inbox's order; with `needs_work`, the
        next one not done (wrapping round)."""
        order = self.order if current in self.order else [s.id for s in self.store.summaries()]
        if current not in order:
            return None
        position = order.index(current)
        if not needs_work:
            target = position + direction
            return order[target] if 0 <= target < len(order) else None
        progress = self.store.progress(self.reviewer)
        for step in range(1, len(order)):
            rid = order[(position + step * direction) % len(order)]
            state = progress[rid].state if rid in progress else ReviewState.UNREVIEWED
            if state != ReviewState.DONE:
                return rid
        return None

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_stats(self) -> None:
        from tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_disputes(self) -> None:
        from tui.screens.disputes import DisputesScreen

        self.push_screen(DisputesScreen())

    def go_inbox(self):
        inbox = self.inbox()
        while self.screen is not inbox and len(self.screen_stack) > 1:
            self.pop_screen()
        return inbox

    def set_inbox_filter(self, state: ReviewState | None) -> None:
        inbox = self.go_inbox()
        if inbox is not None:
            inbox.set_filter(state)

    def set_inbox_sort(self, name: str) -> None:
        inbox = self.go_inbox()
        if inbox is not None:
            inbox.set_sort(name)

    def jump_next(self, unreviewed_only: bool) -> None:
        progress = self.store.progress(self.reviewer)
        order = self.order or [s.id for s in self.store.summaries()]
        current = self.last_reply_id if self.last_reply_id in order else None
        start = order.index(current) + 1 if current else 0
        for step in range(len(order)):
            rid = order[(start + step) % len(order)]
            state = progress[rid].state if rid in progress else ReviewState.UNREVIEWED
            if (state == ReviewState.UNREVIEWED) if unreviewed_only else (state != ReviewState.DONE):
                self.open_reply(rid)
                return
        self.notify(t("review.no_work_left", self.lang), markup=False)

    # export -----------------------------------------------------------
    def export_ratings(self, path: str | Path | None = None, all_reviewers: bool = False) -> Path | None:
        """Write the ratings as YAML (store.ratings_io) to `path` or a file in the current folder."""
        try:
            from store.ratings_io import export_ratings, write_ratings
        except ImportError as exc:
            self.notify(t("export.unavailable", self.lang, error=str(exc)), severity="error", markup=False)
            return None

        if path is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            who = "all" if all_reviewers else "".join(c if c.isalnum() else "_" for c in self.reviewer)
            path = Path.cwd() / f"ratings-{who}-{stamp}.yaml"
        path = Path(path).expanduser()
        try:
            if all_reviewers:
                doc = export_ratings(self.store, all_reviewers=True)
            else:
                doc = export_ratings(self.store, reviewer=self.reviewer)
            write_ratings(doc, path)
        except (StoreError, OSError) as exc:
            message = t("export.failed", self.lang, error=display_text(str(exc), single_line=True))
            self.notify(message, severity="error", markup=False)
            return None
        self.notify(t("export.done", self.lang, path=str(path)), markup=False, timeout=8)
        return path

    def ask_export_path(self) -> None:
        from tui.screens.confirm import PathPrompt

        default = str(Path.cwd() / "ratings.yaml")

        def chosen(path: str | None) -> None:
            if path:
                self.export_ratings(path)

        self.push_screen(PathPrompt(t("export.path_prompt", self.lang), default), chosen)

    # command palette --------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        lang = self.lang
        yield SystemCommand(t("cmd.export", lang), t("cmd.export.help", lang), self.export_ratings)
        yield SystemCommand(t("cmd.export_to", lang), t("cmd.export.help", lang), self.ask_export_path)
        yield SystemCommand(
            t("cmd.export_all", lang), t("cmd.export.help", lang), lambda: self.export_ratings(all_reviewers=True)
        )
        for state in (ReviewState.UNREVIEWED, ReviewState.IN_PROGRESS, ReviewState.DONE, None):
            name = enum_label(state, lang) if state else t("filter.all", lang)
            yield SystemCommand(
                t("cmd.filter", lang, name=name), t("cmd.filter.help", lang), lambda s=state: self.set_inbox_filter(s)
            )
        for sort in ("doc_no", "date", "handler", "progress", "state"):
            name = t(f"col.{sort}", lang)
            yield SystemCommand(t("cmd.sort", lang, name=name), "", lambda s=sort: self.set_inbox_sort(s))
        yield SystemCommand(t("cmd.jump_unreviewed", lang), "", lambda: self.jump_next(True))
        yield SystemCommand(t("cmd.jump_work", lang), "", lambda: self.jump_next(False))
        yield SystemCommand(t("cmd.stats", lang), "", self.action_stats)
        yield SystemCommand(t("cmd.disputes", lang), "", self.action_disputes)
        yield SystemCommand(t("cmd.help", lang), "", self.action_help)
        yield from super().get_system_commands(screen)
