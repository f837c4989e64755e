"""Import reply files from inside the app (`i` in the inbox, or the command palette).

The reviewer types a path or picks a file or a folder in the tree below it (folders are
searched recursively, as `cppcc-review import` does), then enter starts the import in a
worker thread with a progress bar; the summary (imported, updated, unchanged, twins
skipped, failed with their reasons) stays on screen until escape, or until another path
typed there is imported in its place, and the inbox then shows the new replies. The store is the same one the app writes to: an import is one
more writer's action, made durable by `cppcc_review.store.importer` as on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Input, ProgressBar

from ...store.errors import StoreError
from ...store.importer import ImportSummary, collect_files, import_paths, supported_suffixes
from ..context import ReviewContext
from ..i18n import t
from ..import_reasons import reason_text
from ..logs import logger
from ..messages import RepliesChanged
from ..refusal_words import refusal_text
from ..safe_text import display_text
from ..styles import ERROR, MUTED
from ..widgets.text_block import TextBlock
from .base import BaseModal

LOG = logger("import")


class ReplyTree(DirectoryTree):
    """Folders and the files `import` reads; hidden ones left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        suffixes = supported_suffixes()
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in suffixes)]


class ImportScreen(BaseModal["ImportSummary | None"]):
    """Dismisses with the import's summary (cppcc_review.store.importer.ImportSummary), or None."""

    BINDINGS = [Binding("escape", "close", "Back", id="back")]

    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical { width: 90%; max-width: 100; height: 80%; border: round $accent;
                              background: $surface; padding: 0 1; }
    ImportScreen #import-path { margin-top: 1; }
    ImportScreen ReplyTree { height: 1fr; }
    ImportScreen ProgressBar { display: none; }
    ImportScreen.-running ProgressBar, ImportScreen.-done ProgressBar { display: block; }
    ImportScreen.-running ReplyTree, ImportScreen.-done ReplyTree { display: none; }
    ImportScreen #import-result { height: auto; max-height: 12; }
    """

    def __init__(self, ctx: ReviewContext, start: Path | None = None) -> None:
        super().__init__(ctx, id="import-files")
        self.start = (start or Path.cwd()).expanduser()
        self.summary: ImportSummary | None = None
        self.running = False
        self.chosen: Path | None = None
        """The file or folder the import was asked for (the result names files by their path in it)."""

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical():
            yield TextBlock(Text(t("import.title", lang), style="bold"))
            yield TextBlock(Text(t("import.help", lang), style=MUTED))
            yield Input(str(self.start), id="import-path")
            yield ReplyTree(self.start, id="import-tree")
            yield ProgressBar(show_eta=False, id="import-progress")
            yield TextBlock(id="import-result")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(DirectoryTree.FileSelected)
    @on(DirectoryTree.DirectorySelected)
    def picked(self, event: DirectoryTree.FileSelected | DirectoryTree.DirectorySelected) -> None:
        field = self.query_one("#import-path", Input)
        field.value = str(event.path)
        field.focus()

    @on(Input.Submitted, "#import-path")
    def start_import(self, event: Input.Submitted) -> None:
        if self.running:  # (the field stays editable: said, not dropped)
            self.notify(t("import.wait", self.lang), markup=False)
            return
        # After an import, another path imports too; what shows below is then its own result.
        self.remove_class("-done")
        raw = event.value.strip()
        path = Path(raw).expanduser() if raw else None
        result = self.query_one("#import-result", TextBlock)
        refused = f"{ERROR} bold"
        if self.ctx.store.readonly:
            result.update(Text(t("error.readonly", self.lang), style=refused))
            return
        if path is None or not path.exists():
            from ...store.parse_workers import reason_of
            from ...store.reading.extract import missing_file  # (here: the readers load lxml, docx, pypdf)

            why = missing_file(path) if path is not None else None  # (a symbolic link that loops, or to nothing)
            said = (t("import.no_path", self.lang, path=raw) if why is None or why.code == "no_file"
                    else t("import.failed_file", self.lang, path=raw, why=reason_text(reason_of(why), self.lang)))
            result.update(Text(display_text(said, single_line=True), style=refused))  # (the path's controls shown)
            return
        files = collect_files([path])
        if not files:
            result.update(Text(t("import.nothing", self.lang, path=display_text(str(path), single_line=True)), style=refused))
            return
        self.chosen = path
        self.running = True
        self.add_class("-running")
        self.query_one(ProgressBar).update(total=len(files), progress=0)
        result.update(Text(t("import.running", self.lang, n=len(files))))
        self.run_import(files)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, files: list[Path]) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one(ProgressBar).update, total=total, progress=done)

        try:
            summary = import_paths(self.ctx.store, files, on_progress=progress)
        except StoreError as exc:  # the index could not be written (disk full ...)
            LOG.exception("import of %d files failed", len(files))
            self.app.call_from_thread(self.failed, refusal_text(exc, self.lang))
            return
        self.app.call_from_thread(self.finished, summary)

    def failed(self, message: str) -> None:
        self.running = False
        self.remove_class("-running")
        self.query_one("#import-result", TextBlock).update(
            Text(t("import.failed", self.lang, error=display_text(message, single_line=True)), style=f"{ERROR} bold")
        )
        self.ctx.status.refresh()

    def finished(self, summary: ImportSummary) -> None:
        self.running = False
        self.summary = summary
        self.remove_class("-running")
        self.add_class("-done")
        lang = self.lang
        out = Text(t("import.summary", lang, imported=summary.imported, updated=summary.updated,
                     unchanged=summary.unchanged, twins=len(summary.duplicates), failed=len(summary.failed)),
                   style="bold")
        for path, kept in summary.duplicates[:5]:
            out.append("\n" + t("import.twin", lang, path=display_text(self.shown(path), single_line=True),
                                kept=display_text(self.shown(kept), single_line=True)), style=MUTED)
        for path, reason in summary.failed[:8]:
            why = reason_text(reason, lang)
            out.append("\n✖\u00a0" + display_text(t("import.failed_file", lang, path=self.shown(path), why=why), single_line=True), style=ERROR)
        if len(summary.failed) > 8:
            out.append("\n" + t("import.more_failed", lang, n=len(summary.failed) - 8), style=ERROR)
        out.append("\n" + t("import.close", lang), style=MUTED)
        self.query_one("#import-result", TextBlock).update(out)
        self.post_message(RepliesChanged())  # new replies: the inbox reads them all again
        self.ctx.status.refresh()

    def shown(self, path: str | Path) -> str:
        """A file of the import as the result names it: its path in the folder chosen (two
        folders' empty.txt are a/empty.txt and b/empty.txt), its name when a file was chosen."""
        file = Path(path)
        chosen = self.chosen
        if chosen is not None and chosen.is_dir():
            for folder in (chosen, chosen.resolve()):
                try:
                    return str(file.relative_to(folder))
                except ValueError:
                    continue
            return str(file)
        return file.name

    def action_close(self) -> None:
        if self.running:
            self.notify(t("import.wait", self.lang), markup=False)
            return
        self.dismiss(self.summary)
