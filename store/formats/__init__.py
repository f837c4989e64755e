"""One module per rich format; each has `extract(data: bytes, label: str)`.

- docx.py: Word documents (python-docx), with Word's auto-numbering rendered as text.
- html.py: saved government web pages (standard-library html.parser), chrome dropped.
- pdf.py: PDFs with a text layer (pypdf), page headers/footers dropped, lines re-joined.

They are imported lazily by `store.extract`, so reading a .txt never loads pypdf.
Each raises `store.errors.InputError` with a one-line message that starts with `label`.
"""

from __future__ import annotations

import re

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
