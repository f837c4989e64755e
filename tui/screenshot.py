"""The palette's 截图 entry: this screen as SVG, written where its help says, the current folder
(outside the database folder, as the exports: store.output_file.default_output_folder),
atomically, and said in the interface's language. Textual's own deliver_screenshot wrote to
~/Downloads, failed without that folder and spoke English."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from ..store.errors import StoreError
from ..store.output_file import default_output_folder, write_output_file
from .context import ReviewContext
from .i18n import t
from .logs import logger
from .refusal_words import refusal_text

LOG = logger("screenshot")


def screenshot_path(folder: Path, now: datetime | None = None) -> Path:
    """screenshot-<date-time>.svg in `folder`, never one already there (two in one second: -2, -3 …)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = folder / f"screenshot-{stamp}.svg"
    n = 2
    while path.exists():
        path = folder / f"screenshot-{stamp}-{n}.svg"
        n += 1
    return path


def save_screenshot(app: App[Any], ctx: ReviewContext) -> Path | None:
    """Write the screen as SVG and say where in a toast; a folder that cannot be written is
    refused with the reason (the store's not_saved line), and nothing is left behind."""
    folder = Path(os.environ.get("PWD") or ".")  # (named in the refusal when the current folder is gone)
    try:
        folder = default_output_folder(ctx.store.path)
        if not folder.is_dir():
            raise FileNotFoundError(f"no folder {folder}")
        path = screenshot_path(folder)
        svg = app.export_screenshot().encode("utf-8")
        # (the one writer of an output file: atomic, and a file that appeared at the name meanwhile is refused)
        write_output_file(path, lambda out: out.write(svg), expect=None)
    except FileNotFoundError:
        app.notify(t("screenshot.failed", ctx.lang, reason=t("export.no_folder", ctx.lang, folder=str(folder))),
                   severity="error", markup=False, timeout=None)
        return None
    except StoreError as exc:
        LOG.warning("screenshot not saved: %s", exc)
        app.notify(t("screenshot.failed", ctx.lang, reason=refusal_text(exc, ctx.lang)), severity="error",
                   markup=False, timeout=None)
        return None
    LOG.info("screenshot saved: %s", path)
    app.notify(t("screenshot.saved", ctx.lang, path=str(path)), markup=False, timeout=8)
    return path
