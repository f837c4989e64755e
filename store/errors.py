"""The project's exceptions. Each message is one line a person can act on."""

from typing import Any


class StoreError(Exception):
    """Base class: anything the CLI reports as a one-line error with a non-zero exit.

    A refusal of the reader also carries its stable code and the values its line holds
    (cppcc_review.store.reading.refusals), for the app to word it in its own catalogue."""

    def __init__(self, *args: object, code: str | None = None, **values: object) -> None:
        super().__init__(*args)
        self.code = code
        # (a value that is a coded line itself, a damage detail, keeps its code: CodedLine below)
        self.values = {name: value if isinstance(value, CodedLine) else str(value) for name, value in values.items()}


class CodedLine(str):
    """An error's line kept as text (a report's list of problems), with the error's code and values,
    for the command line to word it in the interface's language."""

    code: str | None
    values: dict[str, str]

    def __new__(cls, error: StoreError) -> "CodedLine":
        line = super().__new__(cls, str(error))
        line.code, line.values = error.code, dict(error.values)
        return line

    def __reduce__(self) -> tuple[Any, ...]:  # (pickled whole: its line, code and values)
        return _coded_line, (str(self), self.code, self.values)


def _coded_line(line: str, code: str | None, values: dict[str, str]) -> CodedLine:
    return CodedLine(StoreError(line, code=code, **values))


def coded(line: str, code: str, /, **values: object) -> CodedLine:
    """A report's line (a problem or a note of `db check`, a step of `db restore`) as it reads in
    English, with its code and values for the command line to word it in the interface's language.
    A value that is itself such a line (a detail: why a file is damaged) keeps its code too (StoreError)."""
    return CodedLine(StoreError(line, code=code, **values))


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
    """What an exception says, as a line: with its code when it has one (a Problem's: store.errors.coded)."""
    code = getattr(exc, "code", None)
    return coded(str(exc), code, **getattr(exc, "values", {})) if code else str(exc)
