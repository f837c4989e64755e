"""Bytes of a reply file -> the text a reader sees, plus where it came from.

`extract_file(path)` and `extract_bytes(data, name)` accept .txt / .md (UTF-8 with or
without BOM, UTF-16 with or without BOM, GB18030/GBK, Big5), .docx, .html / .htm / .shtml and
.pdf with a text layer. They return `(text, SourceInfo)`; the text has LF line ends and
no BOM, and is handed to `cppcc_review.store.reading.parser.parse_reply` unchanged.

Every failure is a `cppcc_review.store.errors.InputError` whose message is one line that starts with
the file and says what is wrong (and, where there is one, what to do).

Control characters other than NUL are kept in the text: the parser needs the text as
written and display code sanitises it (`cppcc_review.tui.safe_text`). A file in which they dominate
is not a document and is refused as binary.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from ..errors import InputError
from ..log import route_library_warnings
from ..model import SourceInfo
from .encoding import decode_text
from .formats import TextBudget, docx, html, pdf
from .refusals import Refusal
from .regular_file import NotRegularFile, open_regular, size_in_mb

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".html", ".htm", ".shtml", ".pdf")

# A reply is a few pages: the largest real ones (PDFs with a scanned letterhead) are a
# few MB. 20 MB leaves ample room while keeping a stray video or database dump from
# being read into memory: a larger file is refused from its size alone, unread.
MAX_BYTES = 20 * 1024 * 1024

_FORMAT_OF_SUFFIX = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
}


def missing_file(path: Path, label: str | None = None) -> InputError:
    """Why there is no file at `path` (named `label`, its path as given by default), said as what
    is there: a symbolic link that loops (through links it leads back to itself; `exists()` says
    False for it, as for nothing), one to a place where there is nothing, or no such file."""
    label = str(path) if label is None else label
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(f"{label}: a symbolic link that loops (through links it leads back to itself); "
                              "there is no file to read", code=Refusal.SYMLINK_LOOP)
        if path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return InputError(f"{label}: a symbolic link to {target}, where there is no file",
                              code=Refusal.SYMLINK_DANGLING, target=target)
    return InputError(f"{label}: no such file", code=Refusal.NO_FILE)


def extract_file(path: str | os.PathLike[str]) -> tuple[str, SourceInfo]:
    """Read one reply file and return its text and SourceInfo.

    Checks the suffix and the size before reading anything, so an unsupported or huge
    file costs one stat(). Error messages name the path as given.
    """
    p = Path(path)
    label = str(path)
    try:
        _format_of(p.name, label)
    except InputError:  # a folder or a missing file is said as such, not as a file type (a folder has no suffix)
        if p.is_dir():
            raise InputError(f"{label}: is a folder, not a file", code=Refusal.FOLDER) from None
        if not p.exists():
            raise missing_file(p, label) from None
        raise
    try:
        with open_regular(p) as f:  # a FIFO or a device is refused by name, never waited on
            size = os.fstat(f.fileno()).st_size
            _check_size(size, label)
            # Read one byte past the limit: a file that grew since stat() is still caught.
            data = f.read(MAX_BYTES + 1)
    except NotRegularFile as exc:
        raise InputError(f"{label}: {exc}", code=Refusal.NOT_REGULAR, kind=exc.kind) from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not a file", code=Refusal.FOLDER) from None
    except FileNotFoundError:
        raise missing_file(p, label) from None
    except PermissionError:
        raise InputError(f"{label}: permission denied", code=Refusal.PERMISSION) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise missing_file(p, label) from None
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})", code=Refusal.CANNOT_READ, detail=exc.strerror or exc) from None
    return _extract(data, p.name, label)


def extract_bytes(data: bytes, name: str) -> tuple[str, SourceInfo]:
    """Extract the text of a file's bytes; `name` (a file name) gives the format."""
    return _extract(data, Path(name).name, name)


def _extract(data: bytes, name: str, label: str) -> tuple[str, SourceInfo]:
    fmt = _format_of(name, label)
    _check_size(len(data), label)
    if not data:
        raise InputError(f"{label}: empty file", code=Refusal.EMPTY_FILE)
    if not data.strip(b" \t\r\n"):
        raise InputError(f"{label}: empty file (only blank lines)", code=Refusal.EMPTY_BLANK)
    encoding: str | None = None
    if fmt in ("txt", "md"):
        text, encoding = decode_text(data, label)
    else:
        text, encoding = _extract_rich(fmt, data, label)
    info = SourceInfo(
        name=name,
        format=fmt,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )
    return text, info


def _extract_rich(fmt: str, data: bytes, label: str) -> tuple[str, str | None]:
    """.docx / .html / .pdf: their libraries' warnings go to the log, never the terminal;
    any error is one line naming the file (one bad file must not stop a folder's import);
    the text they yield is held to MAX_TEXT_CHARS like the text of a .txt file is held to
    MAX_BYTES."""
    route_library_warnings()
    encoding: str | None = None
    try:
        if fmt == "html":
            text, encoding = html.extract(data, label)
        elif fmt == "docx":
            text = docx.extract(data, label)
        else:
            text = pdf.extract(data, label)
    except InputError:
        raise
    except Exception as exc:  # a reader bug or a library's surprise: still one line
        detail = (str(exc).splitlines() or [""])[0][:120]
        raise InputError(f"{label}: cannot read this .{fmt} file ({type(exc).__name__}: {detail})", code=Refusal.CANNOT_READ_FORMAT,
                         fmt=fmt, detail=f"{type(exc).__name__}: {detail}") from None
    TextBudget(label).take(len(text))
    return text, encoding


def _format_of(name: str, label: str) -> str:
    suffix = Path(name).suffix.lower()
    fmt = _FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None:
        kind = f"'{suffix}' files" if suffix else "files without a suffix"
        supported = " ".join(SUPPORTED_SUFFIXES)
        raise InputError(f"{label}: unsupported file type ({kind}); supported: {supported}", code=Refusal.UNSUPPORTED,
                         suffix=suffix, supported=supported)
    return fmt


def _mb(n: int) -> str:
    return f"{size_in_mb(n)} MB"


def _check_size(size: int, label: str) -> None:
    if size > MAX_BYTES:
        raise InputError(f"{label}: file too large ({_mb(size)} > {_mb(MAX_BYTES)} limit)", code=Refusal.TOO_LARGE,
                         size=_mb(size), limit=_mb(MAX_BYTES))


