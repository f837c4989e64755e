"""The colour themes this app adds to Textual's: read from tui/themes.toml (colours are
data, not code), registered with the app so that the palette's theme picker and the
`theme` setting both offer them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any

from textual.theme import Theme


def app_themes() -> list[Theme]:
    data: dict[str, dict[str, Any]] = tomllib.loads(resources.files("cppcc_review.tui").joinpath("themes.toml").read_text("utf-8"))
    return [Theme(name=name, **values) for name, values in data.items()]


def check_theme(name: str, available: Iterable[str], where: str | None = None) -> None:
    """Refuse (InputError, coded theme_unknown: worded in the interface's language) a theme not known;
    `where` (the config file, $CPPCC_REVIEW_THEME) heads the line, as for every other setting."""
    from ..store.errors import InputError

    if name not in available:
        known = ", ".join(sorted(available))
        if where is not None:
            raise InputError(f"{where}: theme {name!r} is not known; known: {known}", code="theme_unknown_from",
                             where=where, theme=repr(name), known=known)
        raise InputError(f"theme {name!r} is not known; known: {known}", code="theme_unknown", theme=repr(name),
                         known=known)
