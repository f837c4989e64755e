"""The bundled sample replies, offered on an empty database so that a first start has
something to review."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import ReviewApp

from ..samples import fixture_files, load_expected


def sample_files() -> list[Path]:
    """The bundled sample replies a first start imports.

    Plain-text fixtures only: the .docx/.html/.pdf twins in fixtures/formats are the same
    replies and would only show up as "updated". A fixture written to reproduce a parser
    trap in which the letter has no title at all is left out: the inbox would show its
    file name ("070_no_salutation_quoting_line") where a reviewer expects a title.
    """
    return [path for path in fixture_files() if load_expected(path).get("title")]


def offer_samples(app: ReviewApp) -> None:
    """Ask whether to import the sample replies (an empty database); y imports them."""
    from .i18n import t
    from .screens.confirm import ConfirmScreen

    ctx = app.context
    files = sample_files()
    question = t("demo.question", ctx.lang, n=len(files), path=str(ctx.db_path))

    def answered(yes: object) -> None:
        if yes is True:
            import_samples(app, files)

    app.push_screen(ConfirmScreen(ctx, question, t("demo.yes", ctx.lang), t("demo.no", ctx.lang)), answered)


def import_samples(app: ReviewApp, files: list[Path]) -> None:
    from ..store.importer import import_paths
    from .i18n import t
    from .messages import RepliesChanged

    saved = app.context.write(import_paths, app.context.store, files)
    if saved is not None:
        app.notify(t("demo.done", app.context.lang, n=saved.value.imported + saved.value.updated), markup=False)
        app.post_message(RepliesChanged())
