"""Exporting ratings from the app (the palette's "export" entries), as `cppcc-review export`
does: YAML in the schema cppcc-review/ratings/v1, written atomically. A file already at the
path is replaced only when the reviewer answers y (store.output_file says what is there)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from ..store.errors import StoreError
from ..store.output_file import (
    CHECK_AT_START,
    ExistingOutput,
    Unchecked,
    default_output_folder,
    existing_output,
    refuse_output_in_database,
    refuse_output_inside,
)
from ..store.ratings.ratings_io import export_to_file
from .context import ReviewContext
from .i18n import t
from .logs import logger
from .output_words import replaced_words
from .refusal_words import refusal_text

LOG = logger("export")


def default_export_path(ctx: ReviewContext, all_reviewers: bool, now: datetime | None = None) -> Path:
    """ratings-<reviewer or all>-<date-time>.yaml in the current folder (outside the database
    folder: started in it, the home folder, store.output_file.default_output_folder)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    who = "all" if all_reviewers else "".join(c if c.isalnum() else "_" for c in ctx.reviewer)
    return default_output_folder(ctx.store.path) / f"ratings-{who}-{stamp}.yaml"


def prompt_path(ctx: ReviewContext) -> str:
    """What the path prompt offers first: ratings.yaml in the current folder (outside the database folder)."""
    return str(default_output_folder(ctx.store.path) / "ratings.yaml")


def export_or_ask(app: App[Any], ctx: ReviewContext, target: Path, all_reviewers: bool = False,
                  replace: bool = False, confirmed: ExistingOutput | Unchecked | None = CHECK_AT_START) -> Path | None:
    """Export to `target` and say so in a toast (the path, or None when nothing was written). A
    file already there is replaced only when the reviewer says so: unless `replace`, the app
    asks first (y replaces, n / esc keep it and say so) and None is returned at once. The file
    asked about (`confirmed`, with which the answer comes back here: the target and the reviewers
    are not looked at again) is the one replaced: one made or changed there by another program
    since is kept, and the toast says so."""
    from .screens.confirm import CarefulConfirm

    target = target.expanduser()
    if confirmed is CHECK_AT_START:
        nothing = nothing_to_export(ctx, all_reviewers)
        if nothing is not None:  # as `cppcc-review export` refuses: no file, no question about one
            app.notify(nothing, severity="warning", markup=False, timeout=8)
            return None
        question, refused, confirmed = replace_question(ctx, target)
        if refused is not None:
            app.notify(refused, severity="error", markup=False, timeout=None)
            return None
        if question is not None and not replace:
            existing = confirmed

            def answered(yes: bool | None) -> None:
                if yes:
                    export_or_ask(app, ctx, target, all_reviewers, replace=True, confirmed=existing)
                else:
                    app.notify(t("export.kept", ctx.lang, path=str(target)), markup=False, timeout=8)

            lang = ctx.lang
            app.push_screen(CarefulConfirm(ctx, question, t("export.replace_yes", lang), t("export.replace_no", lang)),
                            answered)
            return None
    ok, message = export_to(ctx, target, all_reviewers, confirmed)
    app.notify(message, severity="information" if ok else "error", markup=False, timeout=8 if ok else None)
    return target if ok else None


def nothing_to_export(ctx: ReviewContext, all_reviewers: bool = False) -> str | None:
    """Why there is nothing to export (None: there is): this reviewer has rated nothing, or
    (all reviewers) nobody has. A file of replies all `rating: null` is not what was asked
    for, and would replace an earlier export with nothing; the command line refuses it too."""
    try:
        known = ctx.store.reviewers()
    except StoreError as exc:
        return t("export.failed", ctx.lang, error=refusal_text(exc, ctx.lang))
    if all_reviewers:
        return None if known else t("export.nothing_by_anyone", ctx.lang)
    if ctx.reviewer in known:
        return None
    names = ("、" if ctx.lang != "en" else ", ").join(known)
    there = t("export.reviewers_there", ctx.lang, names=names) if known else t("export.nobody_yet", ctx.lang)
    return t("export.nothing_by_reviewer", ctx.lang, reviewer=ctx.reviewer, there=there)


def replace_question(ctx: ReviewContext, path: Path) -> tuple[str | None, str | None, ExistingOutput | None]:
    """Before an export to `path`: (the question to ask first when a file is there, why
    `path` cannot take the export, the file the question is about). All None: a new file,
    export at once."""
    path = path.expanduser()
    try:
        refuse_output_inside(ctx.store.path, path)  # the database's own files: refused, never asked about
        refuse_output_in_database(path)  # and another database's (`B/manifest.json`: y had destroyed B)
        existing = existing_output(path)  # a folder, a device, a pipe or a socket, or no such folder: refused
    except StoreError as exc:
        return None, _not_a_file(ctx, path, exc), None
    if existing is None:
        return None, None, None
    return t("export.replace_ours" if existing.ours else "export.replace_foreign", ctx.lang, path=str(path)), None, existing


def export_to(ctx: ReviewContext, path: Path, all_reviewers: bool, existing: ExistingOutput | None) -> tuple[bool, str]:
    """Write the ratings to `path`: (True, what to tell) or (False, why not). `existing`: the file
    there that the reviewer was asked about (None: no file was there), the only one replaced, and
    the message says so; the caller looked at the target and the reviewers (export_or_ask)."""
    try:
        # the command line's writer: streamed, atomic, and refusing a path inside the database itself
        if all_reviewers:
            export_to_file(ctx.store, path, all_reviewers=True, expect=existing)
        else:
            export_to_file(ctx.store, path, reviewer=ctx.reviewer, expect=existing)
    except (StoreError, OSError) as exc:
        LOG.exception("export to %s failed", path)
        return False, t("export.failed", ctx.lang, error=refusal_text(exc, ctx.lang))
    LOG.info("exported ratings to %s%s", path, " (replaced)" if existing else "")
    return True, t("export.done", ctx.lang, path=str(path)) + replaced_words(existing, ctx.lang)


def _not_a_file(ctx: ReviewContext, path: Path, exc: StoreError) -> str:
    """Why `path` cannot take the export, in the interface's language."""
    if exc.code == "output_inside_db":  # the command line's own line (tui.refusal_words)
        return refusal_text(exc, ctx.lang)
    if exc.code == "output_is_folder":
        return t("export.is_folder", ctx.lang, path=str(path), example=str(path / "ratings.yaml"))
    if exc.code == "output_not_a_file":
        return t("export.not_a_file", ctx.lang, path=str(path), what=t(f"file_kind.{exc.values['kind']}", ctx.lang))
    if exc.code == "output_no_folder":
        return t("export.no_folder", ctx.lang, folder=exc.values["folder"])
    return t("export.failed", ctx.lang, error=refusal_text(exc, ctx.lang))
