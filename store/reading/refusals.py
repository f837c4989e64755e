"""Why a file is refused: a stable code for each refusal, with the values its message needs.

The reader raises its errors (cppcc_review.store.errors) with one English line, what the command
line prints, and with one of these codes and the values that line holds (a count, a file type, a
library's detail): `InputError(f"{label}: empty file", code=Refusal.EMPTY_FILE)`. The importer
keeps both in a `Reason`; the app words a refusal from its own catalogue by the code
(cppcc_review.tui.import_reasons), in either language, and never reads the English line.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Refusal(StrEnum):
    """A refusal's code; the value names its message in the app's catalogue (import.reason.<value>),
    and the comment the values it carries."""

    # the text is no reply (store/reading/parse_head.py, parser.py)
    NO_REPLY = "no_reply"
    CITIZEN_LETTER = "citizen_letter"
    PROPOSAL = "proposal"
    EMPTY_TEXT = "empty_text"
    NO_TEXT_LEFT = "no_text_left"
    TOO_MANY_LINES = "too_many_lines"  # n: the lines
    INTERNAL = "internal"  # name: the exception's type
    # the file (extract.py, encoding.py)
    FOLDER = "folder"
    NO_FILE = "no_file"
    SYMLINK_LOOP = "symlink_loop"
    SYMLINK_DANGLING = "symlink_dangling"  # target: where the link points, as it is written
    NOT_REGULAR = "not_regular"  # kind: fifo, char_device, block_device, socket or special (file_kind.<kind>)
    PERMISSION = "permission"
    CANNOT_READ = "cannot_read"  # detail: the system's words
    EMPTY_FILE = "empty_file"
    EMPTY_BLANK = "empty_blank"
    CANNOT_READ_FORMAT = "cannot_read_format"  # fmt: the suffix, detail: the library's error
    UNSUPPORTED = "unsupported"  # suffix: the name's suffix ("" without one), supported: the suffixes read
    TOO_LARGE = "too_large"  # size, limit: in MB, as written
    TOO_LONG = "too_long"  # n: the characters allowed, as written (formats/__init__.py)
    BINARY = "binary"
    BAD_BOM = "bad_bom"  # codec
    UNDECODABLE = "undecodable"
    # a rich format (formats/docx.py, html.py, pdf.py)
    OLD_DOC = "old_doc"
    BAD_DOCX = "bad_docx"  # detail: python-docx's error, as it words it
    BAD_DOCX_XML = "bad_docx_xml"  # detail: python-docx's error opening the package, as it words it
    BAD_DOCX_NOT_ZIP = "bad_docx_not_zip"
    BAD_DOCX_PARTS = "bad_docx_parts"  # n: the parts allowed, as written
    BAD_DOCX_UNPACKED = "bad_docx_unpacked"  # mb: the unpacked size allowed
    BAD_DOCX_MARKUP = "bad_docx_markup"  # n: the XML nodes allowed, as written
    NO_TEXT_DOCUMENT = "no_text_document"
    NO_TEXT_PAGE = "no_text_page"
    BAD_HTML = "bad_html"  # detail
    SCANNED_PDF = "scanned_pdf"
    BAD_PDF = "bad_pdf"  # detail: pypdf's error, as it words it
    BAD_PDF_HEADER = "bad_pdf_header"
    PDF_OBJECTS = "pdf_objects"  # n, limit: as written
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_PAGES = "pdf_pages"  # n: the limit
    PDF_PAGE_DRAWING = "pdf_page_drawing"  # page, mb
    PDF_DRAWING = "pdf_drawing"  # mb
    PDF_SLOW = "pdf_slow"  # s: the seconds allowed
    # the import (store/importer.py, store/parse_workers.py)
    NOT_SAVED = "not_saved"  # detail: the store's error
    COULD_NOT_READ = "could_not_read"  # detail: the unexpected error


class Reason(str):
    """Why a file was not imported: its English line (what `import` prints; a str, compared and shown
    as before) with the refusal's code and values, or no code for a refusal the reader does not name."""

    code: Refusal | None
    values: dict[str, str]

    def __new__(cls, line: str, code: str | None = None, values: Mapping[str, str] | None = None) -> Reason:
        reason = super().__new__(cls, line)
        reason.code = Refusal(code) if code else None
        reason.values = {name: " ".join(value.split()) for name, value in (values or {}).items()}
        return reason
