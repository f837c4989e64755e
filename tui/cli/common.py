"""Options and helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar, cast

from ...store.clock import tool_version
from ...store.errors import InputError, StoreError
from ..config import Settings, interface_language, load_settings, option_reviewer, reviewer_problem
from ..logs import logger
from ..safe_text import display_text
from .help_words import help_text

if TYPE_CHECKING:
    from ...store.db import ReviewStore
    from ...store.output_file import ExistingOutput

T = TypeVar("T")
ENV_DB = "CPPCC_REVIEW_DB"
LOG = logger("cli")


def add_db_option(parser: argparse.ArgumentParser, lang: str) -> None:
    # default=SUPPRESS: an option given before the sub-command is not reset by the
    # sub-command's parser (the same for every option below).
    parser.add_argument("--db", metavar="DB", default=argparse.SUPPRESS, help=help_text("db", lang, env=ENV_DB))


def add_review_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """--db, --reviewer and --lang: accepted before or after the sub-command."""
    add_db_option(parser, lang)
    parser.add_argument("--reviewer", metavar="NAME", default=argparse.SUPPRESS, help=help_text("reviewer", lang))
    parser.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=help_text("lang.global", lang))


def add_debug_option(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=help_text("debug", lang))


def add_readonly_option(parser: argparse.ArgumentParser, lang: str, what: str = "readonly.browse") -> None:
    """--readonly; `what` (a help_words key) says what the command does read-only."""
    parser.add_argument("--readonly", action="store_true", default=argparse.SUPPRESS,
                        help=help_text("readonly", lang, what=help_text(what, lang)))


def settings(args: argparse.Namespace) -> Settings:
    """The settings: defaults < config file < environment < this command line."""
    given = {name: getattr(args, name, None) for name in ("db", "reviewer", "lang")}
    if given["reviewer"] is not None:  # (the option's own refusal, one wording for every command)
        given["reviewer"] = option_reviewer(str(given["reviewer"]))
    return load_settings({**given, "debug": True if getattr(args, "debug", False) else None})


def lang(args: argparse.Namespace) -> str:
    """The language of what the command prints: --lang, else $CPPCC_REVIEW_LANG or the config
    file's `lang`, else Chinese (as the app); also when another setting is refused (a reviewer's
    name the config file gives: its refusal is in the language asked for)."""
    return interface_language(getattr(args, "lang", None))


def add_lang_option(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help=help_text("lang", lang))


def db_path(args: argparse.Namespace) -> Path:
    """--db, else $CPPCC_REVIEW_DB, else `db` in the config file, else the user data folder."""
    return settings(args).db_path


def reviewer_name(args: argparse.Namespace) -> str:
    """--reviewer, else $CPPCC_REVIEW_REVIEWER or the config file's `reviewer`, else the OS
    user name. An empty name, a reserved one or one holding a control character is refused
    from every source (config.reviewer_problem), not silently replaced."""
    given: str | None = getattr(args, "reviewer", None)
    if given is not None:
        return option_reviewer(given)
    configured = load_settings().reviewer  # (checked there: the config file's or the variable's name)
    if configured:
        return configured
    import getpass  # only when no name is given or configured

    try:
        user = getpass.getuser().strip()
    except (KeyError, OSError):  # no user name in this environment (a container without one)
        LOG.info("no OS user name; recording as 'reviewer'", exc_info=True)
        return "reviewer"
    problem = reviewer_problem(user)
    if problem is not None:
        raise InputError(f"the OS user name {user!r} {problem} (--reviewer NAME, or reviewer = in the config file)",
                         code="reviewer_os_user", name=repr(user), problem=problem)
    return user or "reviewer"


def require_database(path: Path) -> None:
    """Refuse a folder that holds no database: a mistyped --db must not make an empty one
    (only `import` and the app create a database)."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a database folder; check --db", code="db_is_file", path=path)
    # Any of its files: one with meta.json missing is the store's to report as damaged.
    if not any((path / name).exists() for name in ("meta.json", "index.json", "reviews.json", "reviews.journal")):
        raise StoreError(
            f"{path}: no database here; check --db (a database is made by "
            f"`cppcc-review import FILES --db {path}` or by the app)", code="no_database", path=path,
        )


def check_output(output: str | os.PathLike[str], *, force: bool = False) -> ExistingOutput | None:
    """-o FILE checked before anything is done: a folder that does not exist, a folder, a
    device, a pipe or a socket (store.output_file.output_target, which the write itself uses: a
    link is written through), or an existing file that is not a ratings export or merged
    file without --force (store.output_file.refuse_foreign), is refused. Returns the file
    that will be replaced, for the summary to say so."""
    from ...store.output_file import refuse_foreign

    return refuse_foreign(output, force=force)


@dataclass(frozen=True)
class Output:
    """Where a command's YAML goes (`export`, `merge -o`): the file of -o, with what is there
    (checked before anything is done: `check_output`), or standard output (`path` None)."""

    path: str | None
    replaces: ExistingOutput | None = None


def output_of(args: argparse.Namespace, *, default_stdout: bool, has_db: bool = False,
              merged: bool = False) -> Output | None:
    """The output -o names (--force allowing a file that is not an export to be replaced),
    checked now; `-`, /dev/stdout: standard output. Without -o: standard output when
    `default_stdout` (export), else None (merge: no merged file). A path in a database folder
    other than the command's own (`has_db`: its --db, export's; merge names none) is refused, even
    with --force (store.output_file.refuse_output_in_database; `merged`: said of a merged file);
    its own, when it is written."""
    from ...store.output_file import means_stdout, refuse_output_in_database

    if args.output is None:
        return Output(None) if default_stdout else None
    if args.output == "":  # (`-o ""`, `-o "$UNSET"`: as a path it is the current folder, and was refused as one)
        raise InputError("-o names no file (an empty name); give a file name to write (e.g. ratings.yaml); "
                         "nothing was written", code="output_empty_name")
    if means_stdout(args.output):
        return Output(None)
    replaces = check_output(args.output, force=args.force)
    refuse_output_in_database(args.output, db_path(args) if has_db else None, merged=merged)
    return Output(args.output, replaces)


def write_output(output: Output, write: Callable[[BinaryIO], T], *, db: Path | None = None) -> T | None:
    """`write(out)` to `output`: its file atomically, replacing only what `output_of` found
    there (store.output_file.atomic_output; with `db`, a path inside that database folder is
    refused), or standard output, as UTF-8 bytes whatever the locale. A reader of standard
    output that leaves (`| head`) is not an error: None."""
    if output.path is not None:
        from ...store.output_file import write_output_file

        return write_output_file(output.path, write, expect=output.replaces, inside_of=db)
    try:
        sys.stdout.flush()
        out = cast("BinaryIO", getattr(sys.stdout, "buffer", sys.stdout))  # (a text stream: tests' capture)
        done = write(out)
        out.flush()
    except BrokenPipeError:  # `export | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return None
    return done


def add_output_options(parser: argparse.ArgumentParser, metavar: str, help_key: str, lang: str) -> None:
    """-o FILE (`-` or /dev/stdout: standard output) and --force."""
    parser.add_argument("-o", "--output", metavar=metavar, help=help_text(help_key, lang))
    parser.add_argument("--force", action="store_true", help=help_text("output.force", lang, metavar=metavar))


def open_store(args: argparse.Namespace, *, readonly: bool = False, lock_timeout: float = 3.0,
               create: bool = False) -> ReviewStore:
    """The database of --db (see db_path); `create=True` (import) makes it when missing,
    every other command refuses a folder without one. It keeps as many rotating backups
    as the app (config `backups`)."""
    from ...store.db import ReviewStore  # (here, not above: `parse` and `check` never load the database code)

    configured = settings(args)
    if not create:
        require_database(configured.db_path)
    return ReviewStore(configured.db_path, readonly=readonly, lock_timeout=lock_timeout, backups=configured.backups)


def error(message: str, lang: str) -> None:
    """One line on stderr, prefixed with the program name and "error" in `lang`
    (`cppcc-review：错误：…`, `cppcc-review: error: …`; a note: "import.twin").

    Messages quote file names and file contents: control characters (ESC, BEL ...) are
    shown as visible stand-ins, never sent to the terminal raw.
    """
    _stderr_line("error.line", message, lang)


def _stderr_line(form: str, message: str, lang: str) -> None:
    """`message` on one line of stderr in the catalogue's `form` (error.line, warning.line, note.line)."""
    from .words import say

    line = display_text(" ".join(str(message).split()), single_line=True)
    print(say(form, lang, prog="cppcc-review", line=line), file=sys.stderr)


def warn(message: str, lang: str) -> None:
    """One line on stderr like `error`'s, "warning" in `lang`: the command goes on (exit 0)."""
    _stderr_line("warning.line", message, lang)


def missing_packs(store: ReviewStore, lang: str) -> None:
    """A warning for each reply pack gone (ReviewStore.missing_packs): `export` goes on."""
    from .words import error_text

    for line in store.missing_packs():
        warn(error_text(line, lang), lang)


def note(message: str, lang: str) -> None:
    """One line of advice on stderr (`cppcc-review：提示：…`, `cppcc-review: note: …`): what to
    do about the error above it, which is not a second error."""
    _stderr_line("note.line", message, lang)


def fail(message: str, lang: str) -> int:
    error(message, lang)
    return 1


__all__ = [
    "ENV_DB",
    "Output",
    "StoreError",
    "add_db_option",
    "add_debug_option",
    "add_lang_option",
    "add_output_options",
    "add_readonly_option",
    "add_review_options",
    "check_output",
    "db_path",
    "error",
    "fail",
    "lang",
    "note",
    "open_store",
    "output_of",
    "require_database",
    "reviewer_name",
    "settings",
    "tool_version",
    "write_output",
]
