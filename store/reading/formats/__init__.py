"""One module per rich format; each has `extract(data: bytes, label: str)`.

- docx.py: Word documents (python-docx), with Word's auto-numbering rendered as text.
- html.py: saved government web pages (libxml2's HTML parser through lxml), chrome dropped.
- pdf.py: PDFs with a text layer (pypdf), page headers/footers dropped, lines re-joined.

Each imports its library (python-docx, lxml, pypdf) on first use, so reading a .txt never loads them;
layout.py holds what docx and html share (list numbers, form rows).
Each raises `cppcc_review.store.errors.InputError` with a one-line message that starts with `label`.
"""

from __future__ import annotations

import re

from ...errors import InputError
from ..refusals import Refusal

# A 文号 such as 沪科提复〔2025〕56号 / 京政发[2024]3号 / 粤府函【2023】12号.
DOC_NO = re.compile(r"[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\s*\d+\s*号")


def tidy_lines(lines: list[str]) -> str:
    """Join extracted lines into text: trailing blanks stripped, blank lines dropped.

    Rich formats carry layout (indents, empty paragraphs for spacing) that is not part
    of what a reader reads; the parser wants one line per paragraph.
    """
    out = []
    for line in lines:
        line = line.replace("\r", "").rstrip()
        if line.strip():
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


# The text extracted from one document, at most: as many characters as the largest file
# the importer reads (20 MB) holds as GBK text. A reply has a few thousand. Rich formats
# can expand (a list number, a zip, a page drawn 4,000 times), so the limit is counted
# while extracting, not only checked at the end.
MAX_TEXT_CHARS = 10_000_000


class TextBudget:
    """Counts the characters extracted from one document; refuses past MAX_TEXT_CHARS."""

    def __init__(self, label: str, limit: int | None = None) -> None:
        self.label = label
        self.limit = MAX_TEXT_CHARS if limit is None else limit
        self.used = 0

    def take(self, chars: int) -> None:
        self.used += chars
        if self.used > self.limit:
            raise InputError(
                f"{self.label}: the text is too long (over {self.limit:,} characters extracted; a reply has a few thousand)",
                code=Refusal.TOO_LONG, n=f"{self.limit:,}",
            )


# List numbers (Word's w:start, HTML's <ol start>) are kept within this: far beyond any
# real list, and small enough that a number written in letters (aa, aaa ...) stays short.
MAX_LIST_NUMBER = 32767
_INTEGER = re.compile(r"\s*([-+]?)([0-9]+)\s*")


def list_number(value: str | None) -> int | None:
    """An integer attribute (ASCII digits, optional sign) clamped to ±MAX_LIST_NUMBER, or
    None when it is not one. Never converts a long digit string (int() of over 4,300
    digits raises ValueError)."""
    match = _INTEGER.fullmatch(value or "")
    if match is None:
        return None
    digits = match.group(2).lstrip("0") or "0"
    number = MAX_LIST_NUMBER if len(digits) > 5 else min(int(digits), MAX_LIST_NUMBER)
    return -number if match.group(1) == "-" else number
