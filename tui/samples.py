"""The bundled sample replies, offered on an empty database so that a first start has
something to review."""

from __future__ import annotations

from pathlib import Path

from ..samples import fixture_files


def sample_files() -> list[Path]:
    """The bundled sample replies (plain-text fixtures only: the .docx/.html/.pdf twins in
    fixtures/formats are the same replies and would only show up as "updated")."""
    return fixture_files()
