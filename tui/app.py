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

from store.errors import InputError, LockedError, NotSavedError, StoreError
from store.model import ReviewState
from tui.cjk_wrap import wrap_plain
from tui.config import Settings, default_db_path
from tui.i18n import enum_label, t
from tui.keymap import binding_ids, check_keymap, keymap_collisions, localize
from tui.safe_text import display_text


# How often the app looks for changes another process made (`cppcc-review rate`, an
# import): two stats when there are none (ReviewStore.refresh).
STORE_POLL_SECONDS = 1.0


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return "reviewer"


TOAST_SECONDS = 3.0
TOAST_SECONDS_ERROR = 8.0
TOAST_WIDTH = 60  # app.tcss: Toast { width: 60; max-width: 50%; padding: 1 1; } and a 1-cell left border


def toast_text_width(screen_width: int) -> int:
    """Cells a toast's text has on a screen `screen_width` wide (Toast's width, padding, border)."""
    return min(TOAST_WIDTH, screen_width // 2) - 3


def locked_message(exc: LockedError, lang: str) -> str:
    """Why the app opened read-only, in the interface's language: who holds the lock
    (pid, host, since when, which program) and what to do."""
    holder = getattr(exc, "holder", None)
    if not isinstance(holder, dict):
        return t("error.locked_readonly", lang, detail=display_text(str(exc), single_line=True))
    since = holder.get("since")
    try:
        since = datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M") if since else "?"
    except (TypeError, ValueError):
        since = str(since)
    values = {key: display_text(holder.get(key, "?"), single_line=True) for key in ("pid", "host", "program")}
    return t("error.locked_by", lang, since=since, **values)


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
        remember_place: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.lang = lang or self.settings.lang or "zh"
        self.reviewer = display_text(reviewer or self.settings.reviewer or _default_reviewer(), single_line=True)
        self.db_path = Path(db_path).expanduser() if db_path else default_db_path()
        if self.settings.keymap:  # (the built-in keys do not clash: nothing to import and check without one)
            clashes = keymap_collisions(self.settings.keymap, self.screen_chains(self.lang), self.lang)
            if clashes:  # refused before anything opens: a key that does two things is a trap
                raise InputError(clashes[0])
        self.readonly_reason: str | None = None
        self.status_error: str | None = None
        self.order: list[str] = []
        """Reply ids in the inbox's current order and filter (for ] / [ / N)."""
        self.inbox_dirty = False
        self.last_reply_id: str | None = None
        self.offer_demo = offer_demo
        self.remember_place = remember_place
        self.keymap_problems: list[str] = []
        self.resume_place = None
        """Where this reviewer left off in this database (tui.session_state), read at start."""
        self.editing: set[str] = set()
        """Text fields (note, opinion) typed into and not on disk yet (tui.drafts)."""
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
            self.readonly_reason = t("error.readonly_flag" if readonly else "error.readonly", self.lang)
        self._bindings = localize(self._bindings, self.lang)
        self.title = t("app.title", self.lang)

    # store ------------------------------------------------------------
    def _open_store(self, readonly: bool):
        from store.db import ReviewStore

        try:
            return ReviewStore(self.db_path, readonly=readonly, backups=self.settings.backups)
        except LockedError as exc:
            # Someone else is writing: browse read-only rather than refuse outright.
            self.readonly_reason = locked_message(exc, self.lang)
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
            # Between keys, a little of the journal goes into the store's shards (when it
            # has grown): compaction off the reviewer's path (store.fold).
            maintain = getattr(self.store, "maintain", None)
            if maintain is not None and not self.editing:
                maintain()
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
            if not getattr(self.store, "replies_changed", True) and hasattr(screen, "reload_rows"):
                screen.reload_rows(changed)  # reviews only: those rows, not 100,000
            else:
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
        if self.editing:
            text.append(t("status.editing", lang), style="bold")
        elif saved:
            text.append(t("status.saved", lang, time=saved.strftime("%H:%M:%S")))
        else:
            text.append(t("status.not_saved_yet", lang))
        text.append("  · " + t("status.reviewer", lang, name=self.reviewer))
        text.append("  · " + t("status.db", lang, path=display_text(str(self.db_path), single_line=True)))
        if self.readonly_reason:
            text = Text(t("status.readonly", lang, reason=self.readonly_reason) + "  · ", no_wrap=True, overflow="ellipsis") + text
            return text, "readonly"
        return text, ""

    def set_editing(self, field: str, dirty: bool) -> None:
        """Field `field` holds typing that is not on disk yet (or no longer): the status says so."""
        if dirty == (field in self.editing):
            return
        if dirty:
            self.editing.add(field)
        else:
            self.editing.discard(field)
        self.refresh_status()

    def save_all(self) -> None:
        """Save what every open screen holds unsaved (a note, the opinion) as changes, and
        where the reviewer is (for the next start)."""
        for screen in reversed(self.screen_stack):
            save = getattr(screen, "save_now", None)
            if save is not None:
                try:
                    save()
                except Exception:  # noqa: BLE001 - one screen failing must not stop the others
                    self.log.error("save_now failed")
        self.save_place()

    def save_place(self, inbox_row: str | None = None) -> None:
        """Remember the reply and suggestion, filter, sort and search (tui.session_state);
        `inbox_row`: the inbox's row to come back to (else its cursor's)."""
        if not self.remember_place:
            return
        from tui.screens.review import ReviewScreen
        from tui.session_state import Place, save_place

        inbox = self.inbox()
        if inbox is None or not inbox.is_mounted:
            return
        place = Place(**inbox.view_place())
        review = next((s for s in self.screen_stack if isinstance(s, ReviewScreen) and s.reply is not None), None)
        if review is not None:
            place.screen, place.reply_id, place.index = "review", review.reply_id, review.index
        else:
            from tui.widgets.reply_list import ReplyList

            row = inbox.query_one(ReplyList).current
            place.reply_id = inbox_row or (row.id if row else self.last_reply_id)
        save_place(self.db_path, self.reviewer, place)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """One toast at a time, briefly (they covered the text as they piled up); a Chinese
        message wrapped with Chinese line-breaking rules (no line starts with ，。)."""
        if timeout is None:
            timeout = TOAST_SECONDS if severity != "error" else TOAST_SECONDS_ERROR
        if self.lang != "en" and not markup and message:
            width = toast_text_width(self.size.width)
            if width > 0:
                message = wrap_plain(message, width)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_notify(self, event) -> None:
        """After Textual added a toast (App._on_notify): drop the older ones, so that they
        never pile up over the text. Textual has no public way to remove one toast; this
        is the only use of App._notifications / _unnotify."""
        for older in [n for n in self._notifications if n is not event.notification]:
            self._unnotify(older, refresh=False)
        self._refresh_notifications()

    def refresh_status(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_status", None)
            if refresh is not None:
                refresh()

    # reading aids (issue 5): optional, never fatal -------------------
    def reply_findings(self, reply) -> list:
        from tui.parse_notes import parse_notes  # the parse warnings (issue 12), after the checks

        notes = parse_notes(reply, self.lang)
        try:
            from store.checks import check_reply
        except ImportError:
            return notes
        try:
            return list(check_reply(reply, lang=self.lang)) + notes
        except Exception:  # noqa: BLE001 - a broken check must not stop a review
            self.log.error("check_reply failed")
            return notes

    def suggest_rating(self, reply, suggestion):
        """The hint to show (store.hint_learner.HintService: the rules, or learned from
        this reviewer's ratings; the config's hint_rubric / hint_learning / hints_shown)."""
        try:
            service = self._hint_service
        except AttributeError:
            try:
                from store.hint_learner import HintService

                settings = self.settings
                service = self._hint_service = HintService(
                    self.store, self.reviewer, scheme=settings.result_scheme,
                    rubric=getattr(settings, "hint_rubric", "default"),
                    learning=getattr(settings, "hint_learning", True),
                    show=getattr(settings, "hints_shown", "all"),
                    # fitted on a worker thread: no key press waits for scikit-learn
                    background=True, recount_every=10.0,
                )
            except Exception:  # noqa: BLE001 - no hints rather than no review
                self.log.error("hint service unavailable")
                service = self._hint_service = None
        if service is None:
            return None
        try:
            return service.hint(reply, suggestion)
        except Exception:  # noqa: BLE001
            self.log.error("suggest_rating failed")
            return None

    # start and stop ---------------------------------------------------
    def on_mount(self) -> None:
        from tui.screens.inbox import InboxScreen

        self.apply_keymap(self.settings.keymap)
        self._catch_hangup()
        if self.remember_place and len(self.store):
            from tui.session_state import load_place

            self.resume_place = load_place(self.db_path, self.reviewer)
        self.push_screen(InboxScreen())
        place = self.resume_place
        if place is not None and place.screen == "review" and place.reply_id in self.store:
            self.call_after_refresh(self.open_reply, place.reply_id, place.index)
        self.set_interval(STORE_POLL_SECONDS, self.notice_store_changes)
        if self.readonly_reason:
            self.notify(self.readonly_reason, severity="warning", markup=False)
        for problem in self.keymap_problems:
            self.notify(problem, severity="warning", markup=False)
        if self.offer_demo and len(self.store) == 0 and not self.store.readonly:
            self.call_after_refresh(self.offer_samples)

    def apply_keymap(self, keymap: dict[str, str]) -> None:
        """Apply the config's keymap (binding id -> keys); unknown ids are reported, not fatal."""
        if not keymap:  # the screens' modules are imported when first used, not at start
            return
        usable, self.keymap_problems = check_keymap(keymap, binding_ids(self.screen_classes()))
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

        from tui.screens.import_files import ImportScreen
        from tui.screens.picker import Picker

        classes = [ImportScreen, BaseScreen, InboxScreen, ReviewScreen, AssessmentScreen, HelpScreen, OriginalScreen, SplitPicker,
                   Picker]
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

    @classmethod
    def screen_chains(cls, lang: str = "zh") -> list[tuple[str, list[type]]]:
        """Per screen, the classes whose bindings are active together there (for keymap checks)."""
        from tui.screens.assessment import AssessmentScreen
        from tui.screens.confirm import ConfirmScreen, PathPrompt
        from tui.screens.disputes import DisputesScreen
        from tui.screens.help import HelpScreen
        from tui.screens.inbox import InboxScreen
        from tui.screens.original import OriginalScreen
        from tui.screens.review import ReviewScreen
        from tui.screens.import_files import ImportScreen
        from tui.screens.picker import Picker
        from tui.screens.split_picker import SplitPicker
        from tui.screens.stats import StatsScreen
        from tui.widgets.reply_list import ReplyList

        def title(screen: type) -> str:
            return t(getattr(screen, "TITLE_KEY", "app.title"), lang)

        chains: list[tuple[str, list[type]]] = [(title(InboxScreen), [cls, InboxScreen, ReplyList])]
        for screen in (ReviewScreen, AssessmentScreen, OriginalScreen, StatsScreen, DisputesScreen, HelpScreen,
                       SplitPicker, Picker, ImportScreen, ConfirmScreen, PathPrompt):
            chains.append((title(screen), [cls, screen]))
        return chains

    def offer_samples(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        files = sample_files()
        if not files:
            return
        question = t("demo.question", self.lang, n=len(files), path=str(self.db_path))

        def answered(yes: bool | None) -> None:
            if yes:
                self.import_samples(files)

        self.push_screen(ConfirmScreen(question, t("demo.yes", self.lang), t("demo.no", self.lang)), answered)

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
        self.save_all()
        self.exit()

    def _catch_hangup(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM): save what is being typed,
        then leave. Without this Python dies on the spot and a note being typed is lost."""
        import asyncio
        import signal

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is None:  # not on this platform
                continue
            try:
                loop.add_signal_handler(number, self._hung_up, number)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread (tests), or no signals here

    def _hung_up(self, number: int) -> None:
        self.save_all()  # on disk now, whether or not the exit below can still draw
        self.exit(return_code=128 + number)

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

    def action_import_files(self) -> None:
        """`i` in the inbox (and the palette): import files or a folder, with a progress bar."""
        from tui.screens.import_files import ImportScreen

        if self.store.readonly:
            self.notify(self.readonly_reason or t("error.readonly", self.lang), severity="warning", markup=False)
            return

        def closed(summary=None) -> None:
            inbox = self.go_inbox()
            if summary is not None and inbox is not None:
                self.inbox_dirty = False
                inbox.load()

        self.push_screen(ImportScreen(), closed)

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
        if not path.parent.is_dir():
            self.notify(t("export.no_folder", self.lang, folder=str(path.parent)), severity="error", markup=False)
            return None
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
        yield SystemCommand(t("cmd.export_to", lang), t("cmd.export_to.help", lang), self.ask_export_path)
        yield SystemCommand(
            t("cmd.export_all", lang), t("cmd.export.help", lang), lambda: self.export_ratings(all_reviewers=True)
        )
        from tui.screens.inbox import CHANGED, SORTS, filter_label

        for state in (ReviewState.UNREVIEWED, ReviewState.IN_PROGRESS, ReviewState.DONE, CHANGED, None):
            yield SystemCommand(
                t("cmd.filter", lang, name=filter_label(state, lang)), t("cmd.filter.help", lang),
                lambda s=state: self.set_inbox_filter(s),
            )
        for sort in SORTS:
            name = t(f"col.{sort}", lang)
            yield SystemCommand(t("cmd.sort", lang, name=name), "", lambda s=sort: self.set_inbox_sort(s))
        yield SystemCommand(t("cmd.jump_unreviewed", lang), "", lambda: self.jump_next(True))
        yield SystemCommand(t("cmd.jump_work", lang), "", lambda: self.jump_next(False))
        yield SystemCommand(t("cmd.import", lang), t("cmd.import.help", lang), self.action_import_files)
        yield SystemCommand(t("cmd.stats", lang), "", self.action_stats)
        yield SystemCommand(t("cmd.disputes", lang), "", self.action_disputes)
        yield SystemCommand(t("cmd.help", lang), "", self.action_help)
        # Textual's own entries, in the interface's language (its "Keys" panel is left out:
        # the help screen above lists the keys of this app)
        yield SystemCommand(t("cmd.theme", lang), t("cmd.theme.help", lang), self.action_change_theme)
        if screen.maximized is not None:
            yield SystemCommand(t("cmd.minimize", lang), "", screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(t("cmd.maximize", lang), "", screen.action_maximize)
        yield SystemCommand(t("cmd.screenshot", lang), t("cmd.screenshot.help", lang),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
        yield SystemCommand(t("cmd.quit", lang), t("cmd.quit.help", lang), self.action_quit)

    def action_help_quit(self) -> None:
        """ctrl+c (a reflex): say how to quit, in the interface's language."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(t("app.quit_hint", self.lang, key=self.get_key_display(active.binding)), markup=False)
                return
