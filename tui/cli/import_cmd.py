"""`cppcc-review import PATH...`: read reply files and folders into the database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import common
from .check_cmd import _SUPPORTED
from .help_words import help_text

if TYPE_CHECKING:
    from ...store.db import ReviewStore
    from ...store.importer import ImportSummary

ImportPaths = Callable[..., "ImportSummary"]

# Below this many files a progress bar is noise; above it, a reviewer wants to see motion.
PROGRESS_THRESHOLD = 5


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("import", help=help_text("import", lang), description=help_text("import.about", lang))
    p.add_argument("paths", nargs="+", metavar="PATH", help=help_text("import.paths", lang))
    p.add_argument("--allow-non-reply", action="store_true", help=help_text("import.non_reply", lang))
    common.add_db_option(p, lang)
    common.add_lang_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...store.importer import ImportInterrupted, collect_files, import_paths
    from .words import say

    lang = common.lang(args)
    files = collect_files(args.paths)
    # A folder with no reply files is said as `check` says it; with nothing at all to
    # import, no database is created.
    empty = _empty_folders(args.paths, collect_files) if len(args.paths) > 1 or not files else []
    for folder in empty:
        common.error(say("import.empty_folder", lang, folder=folder, kinds=", ".join(_SUPPORTED)), lang)
    if not files:
        return 1
    stopped: ImportInterrupted | None = None
    with common.open_store(args, create=True) as store:
        allow = getattr(args, "allow_non_reply", False)
        try:
            if len(files) > PROGRESS_THRESHOLD and sys.stderr.isatty():
                summary = _import_with_progress(store, files, import_paths, allow, lang)
            else:
                summary = import_paths(store, files, allow_non_reply=allow)
        except ImportInterrupted as stop:
            # Ctrl-C: what was stored before it is kept; say what, not only "interrupted"
            summary, stopped = stop.summary, stop
        where = store.path
    code = 1 if _report(summary, where, lang) or empty else 0
    if stopped is not None:
        handled, saved = summary.total, summary.imported + summary.updated + summary.unchanged
        said = ("import.interrupted_all" if handled >= stopped.files else
                "import.interrupted" if saved else "import.interrupted_none")
        common.error(say(said, lang, done=handled, files=stopped.files), lang)
        return 130
    return code


def _report(summary: ImportSummary, where: Path, lang: str) -> int:
    """The summary line, the twins and the files that failed; the exit code they make."""
    from ..import_reasons import reason_text
    from .words import say

    skipped = say("import.skipped", lang, n=len(summary.duplicates)) if summary.duplicates else ""
    print(say("import.summary", lang, imported=summary.imported, updated=summary.updated, unchanged=summary.unchanged,
              skipped=skipped, failed=len(summary.failed), where=where))
    for path, kept in summary.duplicates:
        # Not an error: the twin (same 文号 and unit, or without 文号 the same text) is the
        # same reply; one is kept so that a re-import does not flip between them and
        # report "updated" every time.
        twin = "import.twin_text" if path in summary.same_text else "import.twin"
        print(say(twin, lang, path=path, kept=kept), file=sys.stderr)
    for path, reason in summary.failed:
        # English: the reader's own line, as before; else its code worded in the language
        common.error(f"{path}: {reason}" if lang == "en" else say("import.failed", lang, path=path,
                                                                   reason=reason_text(reason, lang)), lang)
    return 1 if summary.failed else 0


def _empty_folders(paths: list[str], collect_files: Callable[..., list[Path]]) -> list[str]:
    return [raw for raw in paths if Path(raw).expanduser().is_dir() and not collect_files([raw])]


def _import_with_progress(store: ReviewStore, files: list[Path], import_paths: ImportPaths,
                          allow_non_reply: bool = False, lang: str = "zh") -> ImportSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .words import say

    with Progress(
        TextColumn(say("import.progress", lang)), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
    ) as progress:
        task = progress.add_task("import", total=len(files))

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return import_paths(store, files, on_progress=advance, allow_non_reply=allow_non_reply)
