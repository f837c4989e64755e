"""The project's exceptions. Each message is one line a person can act on."""

from typing import Any


class StoreError(Exception):
    """Base class: anything the CLI reports as a one-line error with a non-zero exit.

    A refusal of the reader also carries its stable code and the values its line holds
    (cppcc_review.store.reading.refusals), for the app to word it in its own catalogue."""

    def __init__(self, *args: object, code: str | None = None, **values: object) -> None:
        super().__init__(*args)
        self.code = code
        self.values = _value_texts(values)  # (a coded line among them, a damage detail, keeps its code)


class CodedLine(str):
    """A problem's line kept as text (a report's list of problems), with its code and values, for
    the command line to word it in the interface's language. Made by `coded` (a line written as
    such) or `detail` (an error's line): the two ways in, one kind of line."""

    code: str | None
    values: dict[str, str]

    def __new__(cls, line: str, code: str | None, values: dict[str, object]) -> "CodedLine":
        made = super().__new__(cls, line)
        made.code, made.values = code, _value_texts(values)
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # (pickled whole: its line, code and values)
        return CodedLine, (str(self), self.code, self.values)


def _value_texts(values: dict[str, object]) -> dict[str, Any]:
    """An error's or a line's values as text; a value that is a coded line itself (a damage detail)
    keeps its code."""
    return {name: value if isinstance(value, CodedLine) else str(value) for name, value in values.items()}


def coded(line: str, code: str, /, **values: object) -> CodedLine:
    """A report's line (a problem or a note of `db check`, a step of `db restore`) as it reads in
    English, with its code and values for the command line to word it in the interface's language.
    A value that is itself such a line (a detail: why a file is damaged) keeps its code too."""
    return CodedLine(line, code, values)


class ParseError(StoreError):
    """The text is not a reply document (empty, binary, no recognisable reply)."""


class NotAReplyError(ParseError):
    """The text is readable but is something else: the proposal itself, a notice, a report.
    `import --allow-non-reply` / `parse --allow-non-reply` read it anyway."""


class InputError(StoreError):
    """A file could not be read or decoded (too large, binary, unsupported format)."""


class NotFoundError(StoreError):
    """No reply (or reviewer, suggestion) matches the reference given."""


class LayoutChangedError(NotFoundError):
    """A change named a suggestion by its number in a layout of the reply that is no longer the
    stored one (another window or process merged or split its suggestions since): refused, nothing
    changed, so that a key never lands on another suggestion than the one the reviewer saw.
    Code `layout_changed`, values `rid`, `shown` and `stored` (the two numbers of suggestions)."""


class LockedError(StoreError):
    """Another process holds the database's writer lock."""

    holder: dict[str, Any]  # what the lock file says of the holder (set by cppcc_review.store.lock)


class CorruptError(StoreError):
    """A database file is torn, not JSON, or breaks the schema."""


class NotSavedError(StoreError):
    """A change could not be written (disk full, read-only folder); nothing was changed."""


class Problem(Exception):
    """What is wrong with a file's content (a phrase, no file name); cppcc_review.store.backups and the
    manifest and schema checks raise it, their callers name the file. The common ones carry a code
    and values (`detail` keeps them with the phrase, for the command line to word it)."""

    def __init__(self, *args: object, code: str | None = None, **values: object) -> None:
        super().__init__(*args)
        self.code = code
        self.values = values


def detail(exc: BaseException) -> str:
    """What an exception (a StoreError, a Problem) says, as a line: a CodedLine with its code and
    values when it has a code, else its text."""
    code = getattr(exc, "code", None)
    return CodedLine(str(exc), code, getattr(exc, "values", {})) if code else str(exc)


def json_detail(exc: BaseException) -> CodedLine:
    """What the JSON parser said of bytes that should be JSON, as a detail line with a code: a
    json.JSONDecodeError by where it stopped and its own words (`detail.json_at`: the command line
    words the common ones in the interface's language and quotes any other whole, marked as the
    parser's); any other exception's text whole (`detail.library`, quoted the same way). Its
    English: the parser's phrase, whose last word ("... starting at") pointed at the position
    it had cut off, ending in "there"."""
    msg, line, column = getattr(exc, "msg", None), getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if isinstance(msg, str) and isinstance(line, int):
        return CodedLine(f"not valid JSON at line {line} column {column}: {parser_phrase(msg)}", "detail.json_at",
                         {"line": line, "column": column, "msg": msg, "whole": str(exc)})
    return CodedLine(str(exc), "detail.library", {"whole": str(exc)})


def parser_phrase(msg: str) -> str:
    """The JSON parser's phrase as a detail line ends it: its last word ("... starting at") pointed
    at the position it had cut off, so it ends in "there" instead."""
    return msg[:-3] + " there" if msg.endswith(" at") else msg


class NotAReply(ValueError):
    """A reply's stored bytes that are JSON but not a reply (its text, lines or suggestions
    missing): its own words, not a library's. Not NotAReplyError, a document being read that is
    no reply."""


def reply_problem(exc: BaseException) -> CodedLine:
    """Why a reply's stored bytes are not a reply, as a detail line with a code (the command line
    words it in the interface's language: the JSON parser's words worded or quoted as its own)."""
    if isinstance(exc, NotAReply):
        return coded(str(exc), "detail.reply_fields_missing")
    return json_detail(exc)
