"""The bundled sample replies, offered on an empty database so that a first start has
something to review."""

from __future__ import annotations

from pathlib import Path

from ..samples import fixture_files, load_expected


def sample_files() -> list[Path]:
    """The bundled sample replies a first start imports.

    Plain-text fixtures only: the .docx/.html/.pdf twins in fixtures/formats are the same
    replies and would only show up as "updated". A fixture written to reproduce a parser
    trap in which the letter has no title at all is left out: the inbox would show its
    file name ("070_no_salutation_quoting_line") where a reviewer expects a title.
    """
    return [path for path in fixture_files() if load_expected(path).get("title")]
