"""Exporting ratings from the app (the palette's "export" entries), as `cppcc-review export`
does: YAML in the schema cppcc-review/ratings/v1, written atomically."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..store.atomic import output_target
from ..store.errors import StoreError
from ..store.ratings.ratings_io import export_ratings, write_ratings
from .context import ReviewContext
from .i18n import t
from .logs import logger
from .safe_text import display_text

LOG = logger("export")


def default_export_path(ctx: ReviewContext, all_reviewers: bool, now: datetime | None = None) -> Path:
    """ratings-<reviewer or all>-<date-time>.yaml in the current folder."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    who = "all" if all_reviewers else "".join(c if c.isalnum() else "_" for c in ctx.reviewer)
    return Path.cwd() / f"ratings-{who}-{stamp}.yaml"


def export_to(ctx: ReviewContext, path: Path, all_reviewers: bool = False) -> tuple[bool, str]:
    """Write the ratings to `path`: (True, what to tell) or (False, why not)."""
    path = path.expanduser()
    try:
        output_target(path)  # no such folder, a folder, a device, a pipe or a socket: refused before the export is made
    except StoreError as exc:
        return False, _not_a_file(ctx, path, exc)
    try:
        if all_reviewers:
            doc = export_ratings(ctx.store, all_reviewers=True)
        else:
            doc = export_ratings(ctx.store, reviewer=ctx.reviewer)
        write_ratings(doc, path)
    except (StoreError, OSError) as exc:
        LOG.exception("export to %s failed", path)
        return False, t("export.failed", ctx.lang, error=display_text(str(exc), single_line=True))
    LOG.info("exported ratings to %s", path)
    return True, t("export.done", ctx.lang, path=str(path))


def _not_a_file(ctx: ReviewContext, path: Path, exc: StoreError) -> str:
    """Why `path` cannot take the export, in the interface's language."""
    if exc.code == "output_is_folder":
        return t("export.is_folder", ctx.lang, path=str(path), example=str(path / "ratings.yaml"))
    if exc.code == "output_not_a_file":
        return t("export.not_a_file", ctx.lang, path=str(path), what=t(f"file_kind.{exc.values['kind']}", ctx.lang))
    if exc.code == "output_no_folder":
        return t("export.no_folder", ctx.lang, folder=exc.values["folder"])
    return t("export.failed", ctx.lang, error=display_text(str(exc), single_line=True))
