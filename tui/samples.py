"""The bundled sample replies, offered on an empty database so that a first start has
something to review; offered again, the ones missing, when their import was cut short (the
app killed or its terminal closed while importing: the batches written before stay). A
marker in the user's state folder, one per database, says an import of the samples began
and has not finished."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.db import ReviewStore
    from ..store.importer import ImportSummary
    from .app import ReviewApp

# (the bundled samples' list and YAML are imported where used: every writable start imports this
# module only to look for the marker, and they cost ~25 ms there)
from .logs import logger
from .user_dirs import user_state_dir

LOG = logger("samples")


_TITLE_LINE = re.compile(r"^title:[^\n]*", re.MULTILINE)
_NO_TITLE = frozenset({"", "null", "~", "''", '""'})


def _has_title(path: Path) -> bool:
    """Whether the fixture's expected parse gives the letter a title, read from its `title:` line
    alone: parsing the whole YAML of every fixture took 0.7-1.4 s, before the first start could
    ask its question. A value that line cannot settle (a block scalar, a quoted title wrapped
    onto the next lines) is read by parsing the whole file."""
    import yaml

    from ..samples import expected_path, load_expected

    text = expected_path(path).read_text(encoding="utf-8")
    line = _TITLE_LINE.search(text)
    if line is not None:
        raw = line.group(0)[len("title:"):].strip()
        if raw in _NO_TITLE:
            return False
        if raw[0] not in "|>'\"&*!":
            value = yaml.safe_load(line.group(0))["title"]
            if isinstance(value, str):
                return bool(value)
    return bool(load_expected(path).get("title"))


def sample_files() -> list[Path]:
    """The bundled sample replies a first start imports.

    Plain-text fixtures only: the .docx/.html/.pdf twins in fixtures/formats are the same
    replies and would only show up as "updated". A fixture written to reproduce a parser
    trap in which the letter has no title at all is left out: the inbox would show its
    file name ("070_no_salutation_quoting_line") where a reviewer expects a title.
    """
    from ..samples import fixture_files

    return [path for path in fixture_files() if _has_title(path)]


def importing_marker(db_path: Path) -> Path:
    """The file that says an import of the samples into `db_path` began and has not finished."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(db_path))).hexdigest()[:16]
    return Path(user_state_dir()) / "samples-importing" / key


def samples_missing(store: ReviewStore) -> list[Path]:
    """The sample replies `store` lacks (by their file names: no sample is read but those)."""
    held = {name for (name,) in store.iter_summary_values(("source_name",))}
    from ..samples import fixture_files

    return [path for path in fixture_files() if path.name not in held and _has_title(path)]


def offer_samples(app: ReviewApp, files: list[Path] | None = None, held: int = 0) -> None:
    """Ask whether to import the sample replies (an empty database; from the palette, any) or,
    given `files`, the ones an import cut short left out (`held` are there); y imports them."""
    from .i18n import t
    from .screens.confirm import ConfirmScreen

    ctx = app.context
    path = str(ctx.db_path)
    if files is not None:
        key = "demo.rest_question" if held else "demo.rest_question_none"
        question = t(key, ctx.lang, held=held, n=len(files), path=path)
    else:
        files = sample_files()
        key = "demo.question" if len(ctx.store) == 0 else "demo.question_more"
        question = t(key, ctx.lang, n=len(files), path=path)
    chosen = files

    def answered(yes: object) -> None:
        if yes is True:
            import_samples(app, chosen)

    app.push_screen(ConfirmScreen(ctx, question, t("demo.yes", ctx.lang), t("demo.no", ctx.lang)), answered)


def offer_at_start(app: ReviewApp) -> None:
    """An empty database: the samples; one an import of the samples left unfinished: the rest."""
    ctx = app.context
    marker = importing_marker(ctx.db_path)
    # The marker first: an import cut short before its first batch was stored leaves the database
    # empty, and the plain empty-database question said nothing of the import (QA round 15c).
    if marker.exists():
        missing = samples_missing(ctx.store)
        if missing:
            offer_samples(app, missing, held=len(ctx.store))
        else:  # (finished by another window, or the command line)
            _forget(marker)
    elif len(ctx.store) == 0:
        offer_samples(app)


def _mark(marker: Path, db_path: Path) -> None:
    """The marker on disk before the first sample is written (a kill -9 keeps it; so does a power cut:
    store.atomic writes the file and its folder's entry durably)."""
    from ..store.atomic import atomic_write
    from ..store.errors import StoreError

    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(marker, (os.path.abspath(db_path) + "\n").encode("utf-8"))
    except (OSError, StoreError):  # a nicety: the import goes on without it
        LOG.exception("could not write %s", marker)


def _forget(marker: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()


def import_samples(app: ReviewApp, files: list[Path]) -> None:
    """Import `files` (samples) on a worker thread, a dialog showing how many are stored
    (tui.screens.sample_import); the marker is on disk before the first, gone after the last."""
    from .i18n import t
    from .screens.sample_import import SampleImport, not_all_imported

    ctx = app.context
    running = app.sample_import
    if running is not None and running.running:
        app.notify(t("import.wait", ctx.lang), markup=False)
        return
    if ctx.store.readonly:
        ctx.write.refused_readonly("readonly.import")
        return
    marker = importing_marker(ctx.db_path)
    _mark(marker, ctx.db_path)

    def finished(summary: ImportSummary, quitting: bool) -> None:
        missed = not_all_imported(summary, ctx.lang)
        if missed is None:
            _forget(marker)  # (every sample stored: also when the app is closing, q at 435 / 435)
        if quitting:
            return
        if missed is not None:  # (a batch the disk refused: the marker stays, the next start offers the rest)
            ctx.status.set_error(missed)
            app.bell()
            app.notify(missed, severity="error", markup=False)
            return
        new = summary.imported + summary.updated
        key = "demo.done" if new else "demo.all_there"  # (from the palette, on a database holding them)
        app.notify(t(key, ctx.lang, n=new or summary.unchanged), markup=False)

    app.sample_import = SampleImport(app, files, finished)
    app.sample_import.start()
