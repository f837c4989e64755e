"""Options and helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from store.errors import StoreError

ENV_DB = "CPPCC_REVIEW_DB"


def tool_version() -> str:
    from importlib import metadata  # 40 ms: only for --version and exports

    try:
        return metadata.version("cppcc-review")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0.0.0+src"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="DB",
        default=argparse.SUPPRESS,
        help=f"database directory (default: ${ENV_DB}, else the user data folder)",
    )


def add_review_options(parser: argparse.ArgumentParser) -> None:
    """--db, --reviewer and --lang: accepted before or after the sub-command."""
    add_db_option(parser)
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="your name as recorded with each rating (default: config file, else the OS user name)",
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=argparse.SUPPRESS,
        help="interface language (default: config file, else zh)",
    )


def add_readonly_option(parser: argparse.ArgumentParser, what: str = "browse without changing anything") -> None:
    parser.add_argument(
        "--readonly",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"open the database read-only: {what}; works while another program writes it",
    )


def db_path(args: argparse.Namespace) -> Path:
    """--db, else $CPPCC_REVIEW_DB, else the user data folder (platformdirs)."""
    value = getattr(args, "db", None) or os.environ.get(ENV_DB)
    if value:
        return Path(value).expanduser()
    from tui.config import default_db_path

    return default_db_path()


RESERVED_REVIEWERS = ("consensus",)
"""Names the tool itself records under (store.merge.CONSENSUS: settled disputes)."""


def reviewer_name(args: argparse.Namespace) -> str:
    """--reviewer, else the config file's `reviewer`, else the OS user name. An empty name
    or a reserved one given on the command line is refused, not silently replaced."""
    from store.errors import InputError

    value = getattr(args, "reviewer", None)
    if value is not None:
        value = value.strip()
        if not value:
            raise InputError("--reviewer is empty; give your name (or leave the option out to use the configured one)")
        if value.casefold() in RESERVED_REVIEWERS:
            raise InputError(
                f"--reviewer {value}: this name is reserved for settled disputes (set in the app, D); "
                "use your own name"
            )
        return value
    from tui.config import load_config

    configured = load_config().reviewer
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "reviewer"


def require_database(path: Path) -> None:
    """Refuse a folder that holds no database: a mistyped --db must not make an empty one
    (only `import` and the app create a database)."""
    # Any of its files: one with meta.json missing is the store's to report as damaged.
    if not any((path / name).exists() for name in ("meta.json", "index.json", "reviews.json", "reviews.journal")):
        raise StoreError(
            f"{path}: no database here; check --db (a database is made by "
            f"`cppcc-review import FILES --db {path}` or by the app)"
        )


def check_output_folder(output: str | os.PathLike[str]) -> None:
    """-o FILE in a folder that does not exist: say so before anything is done."""
    folder = Path(output).expanduser().parent
    if not folder.is_dir():
        raise StoreError(f"{output}: the folder {folder} does not exist; nothing was written")


def open_store(args: argparse.Namespace, *, readonly: bool = False, lock_timeout: float = 3.0, create: bool = False):
    """The database of --db (see db_path); `create=True` (import) makes it when missing,
    every other command refuses a folder without one."""
    from store.db import ReviewStore

    if not create:
        require_database(db_path(args))

    keep = 5
    if not readonly:
        # The same number of rotating backups as the app keeps (config `backups`).
        from tui.config import load_config

        keep = load_config().backups
    return ReviewStore(db_path(args), readonly=readonly, lock_timeout=lock_timeout, backups=keep)


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name.

    Messages quote file names and file contents: control characters (ESC, BEL ...) are
    shown as visible stand-ins, never sent to the terminal raw.
    """
    from tui.safe_text import display_text

    line = display_text(" ".join(str(message).split()), single_line=True)
    print(f"cppcc-review: error: {line}", file=sys.stderr)


def fail(message: str) -> int:
    error(message)
    return 1


__all__ = ["StoreError", "add_db_option", "add_readonly_option", "check_output_folder", "require_database", "add_review_options", "db_path", "error", "fail", "open_store", "reviewer_name", "tool_version"]
