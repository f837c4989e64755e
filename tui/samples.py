"""The bundled sample replies, offered on an empty database so that a first start has
something to review; offered again, the ones missing, when their import was cut short (the
app killed or its terminal closed while importing: the batches written before stay). A
marker in the user's state folder, one per database, says an import of the samples began
and has not finished."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.db import ReviewStore
    from .app import ReviewApp

from ..samples import fixture_files, load_expected
from .logs import logger
from .user_dirs import user_state_dir

LOG = logger("samples")


def _has_title(path: Path) -> bool:
    return bool(load_expected(path).get("title"))


def sample_files() -> list[Path]:
    """The bundled sample replies a first start imports.

    Plain-text fixtures only: the .docx/.html/.pdf twins in fixtures/formats are the same
    replies and would only show up as "updated". A fixture written to reproduce a parser
    trap in which the letter has no title at all is left out: the inbox would show its
    file name ("070_no_salutation_quoting_line") where a reviewer expects a title.
    """
    return [path for path in fixture_files() if _has_title(path)]


def importing_marker(db_path: Path) -> Path:
    """The file that says an import of the samples into `db_path` began and has not finished."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(db_path))).hexdigest()[:16]
    return Path(user_state_dir()) / "samples-importing" / key


def samples_missing(store: ReviewStore) -> list[Path]:
    """The sample replies `store` lacks (by their file names: no sample is read but those)."""
    held = {name for (name,) in store.iter_summary_values(("source_name",))}
    return [path for path in fixture_files() if path.name not in held and _has_title(path)]


def offer_samples(app: ReviewApp, files: list[Path] | None = None, held: int = 0) -> None:
    """Ask whether to import the sample replies (an empty database; from the palette, any) or,
    given `files`, the ones an import cut short left out (`held` are there); y imports them."""
    from .i18n import t
    from .screens.confirm import ConfirmScreen

    ctx = app.context
    path = str(ctx.db_path)
    if files is not None:
        question = t("demo.rest_question", ctx.lang, held=held, n=len(files), path=path)
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
    if len(ctx.store) == 0:
        offer_samples(app)
    elif marker.exists():
        missing = samples_missing(ctx.store)
        if missing:
            offer_samples(app, missing, held=len(ctx.store))
        else:  # (finished by another window, or the command line)
            _forget(marker)


def _mark(marker: Path, db_path: Path) -> None:
    """The marker on disk before the first sample is written (a kill -9 keeps it; so does a power cut)."""
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        with open(marker, "w", encoding="utf-8") as f:
            f.write(os.path.abspath(db_path) + "\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError:  # a nicety: the import goes on without it
        LOG.exception("could not write %s", marker)


def _forget(marker: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()


def import_samples(app: ReviewApp, files: list[Path]) -> None:
    from ..store.importer import import_paths
    from .i18n import t
    from .messages import RepliesChanged

    marker = importing_marker(app.context.db_path)
    _mark(marker, app.context.db_path)
    saved = app.context.write(import_paths, app.context.store, files)
    if saved is not None:  # (not saved: part may be; the marker stays, and the next start offers the rest)
        _forget(marker)
        new = saved.value.imported + saved.value.updated
        key = "demo.done" if new else "demo.all_there"  # (from the palette, on a database holding them)
        app.notify(t(key, app.context.lang, n=new or saved.value.unchanged), markup=False)
        app.post_message(RepliesChanged())
