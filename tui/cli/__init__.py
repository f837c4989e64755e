"""`cppcc-review`: the command line. One module per sub-command.

Each module in COMMANDS exposes `register(subparsers)`, which adds its parser and sets
`func` to a `run(args) -> int`. Textual is imported only when the TUI starts, so the
scriptable commands stay quick. Every run writes to the log file (cppcc_review.tui.logs); `--debug`
raises its level. An error the user can act on is one line on stderr (and the log has
its traceback); an unexpected one is one line that points at the log.

Start-up is most of a one-reply command's time (`rate` does ~1 ms of work), so this
module imports only argparse at its top; the settings, the log and the command's module
(with what it always uses) are loaded by main() with the cyclic garbage collector paused,
and frozen (see `_start_up`).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

# Sub-command modules, in the order `--help` lists them.
COMMANDS = [
    "review_cmd",
    "parse_cmd",
    "import_cmd",
    "list_cmd",
    "rate_cmd",
    "export_cmd",
    "import_ratings_cmd",
    "merge_cmd",
    "stats_cmd",
    "check_cmd",
    "db_cmd",
]


# Each module's command name: a command line names one, and only its module is imported
# (a script calling `cppcc-review rate` 1,000 times pays for one command's imports).
NAMES = {"review": "review_cmd", "parse": "parse_cmd", "import": "import_cmd", "list": "list_cmd", "rate": "rate_cmd",
         "export": "export_cmd", "import-ratings": "import_ratings_cmd", "merge": "merge_cmd",
         "stats": "stats_cmd", "check": "check_cmd", "db": "db_cmd"}


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata: 40 ms)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: object = argparse.SUPPRESS,
                 help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from . import common

        parser.exit(message=f"{parser.prog} {common.tool_version()}\n")


# The options before a sub-command, and those of them that take a value: `--db db stats`
# names the command `stats` (the folder is called db). argparse accepts a unique prefix
# (`--rev NAME`), so a prefix of exactly one of them counts as that option.
GLOBAL_OPTIONS = ("--help", "--version", "--db", "--reviewer", "--lang", "--readonly", "--debug")
VALUE_OPTIONS = ("--db", "--reviewer", "--lang")


def _takes_value(arg: str) -> bool:
    """Whether `arg` is a global option whose value is the next argument."""
    if not arg.startswith("--") or "=" in arg:
        return False
    matches = [option for option in GLOBAL_OPTIONS if option.startswith(arg)]
    return arg in VALUE_OPTIONS or (len(matches) == 1 and matches[0] in VALUE_OPTIONS)


def _command_in(argv: list[str]) -> str | None:
    """The sub-command an argument list names (None: none, or asking for help)."""
    args = iter(argv)
    for arg in args:
        if arg in ("-h", "--help"):
            return None
        if arg == "--":
            break
        if _takes_value(arg):
            next(args, None)
        elif arg in NAMES:
            return arg
    return None


def lang_before_parsing(argv: list[str]) -> str:
    """The language of the help and of argparse's usage errors, known before the command line is
    parsed (the help is made with the parser): the last --lang zh|en in `argv` (before or after
    the command, `--lang=en`, a unique prefix), as argparse takes the last one for the command's
    own lines (`--lang zh list --lang en` is English everywhere), else $CPPCC_REVIEW_LANG or the
    config file's `lang`, else Chinese (config.interface_language). A --lang with another value is
    argparse's to refuse (in the language of the other --lang given, else of the environment or the
    config)."""
    given: str | None = None
    args = iter(argv)
    for arg in args:
        if arg == "--":
            break
        name, _, value = arg.partition("=")
        if name in ("--la", "--lan", "--lang"):  # (--l may be a sub-command's --learned)
            named = value if "=" in arg else next(args, "")
            given = named if named in ("zh", "en") else given
        elif _takes_value(arg):
            next(args, None)
    if given is not None:
        return given
    from ..config import interface_language

    return interface_language()


def build_parser(only: str | None = None, lang: str = "zh") -> argparse.ArgumentParser:
    """The whole command line, or with `only` the one sub-command it names; its help and
    usage errors in `lang`."""
    from . import common
    from .cli_parser import CliParser
    from .help_words import help_text

    parser = CliParser(prog="cppcc-review", description=help_text("top", lang), lang=lang)
    parser.add_argument("--version", action=_Version, help=help_text("version", lang))
    common.add_review_options(parser, lang)
    common.add_readonly_option(parser, lang)
    common.add_debug_option(parser, lang)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [NAMES[only]] if only in NAMES else COMMANDS:
        importlib.import_module(f"cppcc_review.tui.cli.{name}").register(sub, lang)
    return parser


def _start_logging(args: argparse.Namespace, lang: str) -> None:
    """The log file, at the level --debug, $CPPCC_REVIEW_DEBUG or `debug` ask for (one that cannot
    be written said in `lang`). A config file that cannot be read is the command's to report
    (some never read it)."""
    from ...store.errors import StoreError
    from ..config import load_settings
    from ..logs import logger, start_logging

    debug = bool(getattr(args, "debug", False))
    if not debug:
        try:
            debug = load_settings().debug
        except StoreError:
            logger("cli").debug("config not read for the log level", exc_info=True)
    start_logging(debug, unwritable=lambda path, reason: _log_unwritable(path, reason, lang))


def _log_unwritable(path: object, reason: str, lang: str) -> str:
    """The warning that the log file cannot be written, in `lang` (the catalogue loaded only then)."""
    from ..i18n import t

    return t("log.unwritable", lang, path=path, reason=reason)


def _start(argv: list[str] | None) -> tuple[argparse.Namespace, Callable[[argparse.Namespace], int | None]]:
    """The parsed command line and the function that runs it, with the log file started
    and the command's modules loaded."""
    given = sys.argv[1:] if argv is None else list(argv)
    lang = lang_before_parsing(given)
    parser = build_parser(_command_in(given), lang)
    args = parser.parse_args(argv)
    _start_logging(args, lang)
    from ..logs import logger

    logger("cli").info("command: %s", " ".join(sys.argv[1:] if argv is None else argv))
    func: Callable[[argparse.Namespace], int | None] | None = getattr(args, "func", None)
    if func is None:  # no sub-command: the TUI
        from . import review_cmd

        func = review_cmd.run
    return args, func


@contextmanager
def _start_up() -> Iterator[None]:
    """Start-up with the cyclic garbage collector paused, then what it built frozen.

    Start-up loads ~180 modules (the command's, the store's): long-lived objects and no
    garbage, yet the collector walked them about 25 times, and all of them once more at
    the process's exit (~8 ms of a ~75 ms `rate` call). Frozen (gc.freeze), they are left
    out of every later collection; reference counting frees them as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _posix_locks_present() -> bool:
    """Whether this system has the flock the store's locks are made of (store/lock.py): Windows has
    not, and without this check its first command would end in a traceback at an import."""
    try:
        import fcntl  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Run one command. Called with `argv` (tests, a script running commands in its own
    process), it hands the objects it froze back to the collector when done (gc.unfreeze);
    as the process's command (the console script, `python -m`) they stay frozen to the
    end, which spares the collection at exit the walk over them."""
    if not _posix_locks_present():
        from .words import say

        sys.stderr.write(say("error.no_posix_locks", lang_before_parsing(sys.argv[1:] if argv is None else list(argv))) + "\n")
        return 2
    try:
        with ExitStack() as command:
            with _start_up():
                from ..config import read_once

                command.enter_context(read_once())  # (the config file: read once, for the whole command)
                args, func = _start(argv)
            return _run(args, func)
    finally:
        if argv is not None:
            gc.unfreeze()


def _run(args: argparse.Namespace, func: Callable[[argparse.Namespace], int | None]) -> int:
    """The command run to its end and its exit status, whether or not the reader of its
    output stays to the end."""
    from .reader_left import outputs_outlive_their_reader

    with outputs_outlive_their_reader():  # (a reader that leaves does not cut the run short: reader_left)
        return _status_of(args, func)


def _status_of(args: argparse.Namespace, func: Callable[[argparse.Namespace], int | None]) -> int:
    """The command, and what its failures become: one line on stderr, the exit code, the
    traceback in the log."""
    from ...store.errors import StoreError
    from ..logs import log_path, logger
    from . import common
    from .words import error_text, say

    log = logger("cli")
    try:
        return int(func(args) or 0)
    except StoreError as exc:
        log.info("refused: %s", exc, exc_info=True)
        lang = common.lang(args)
        common.error(error_text(exc, lang), lang)
        return 1
    except KeyboardInterrupt:
        log.info("interrupted", exc_info=True)
        lang = common.lang(args)
        common.error(say("error.interrupted", lang), lang)
        return 130
    except BrokenPipeError:
        # A write that went round reader_left's streams (straight to sys.stdout.buffer, as an
        # export's YAML does): the reader left, which is not an error. Point stdout at devnull so
        # the interpreter's final flush does not raise again.
        from .reader_left import to_devnull

        log.debug("the reader of stdout left", exc_info=True)
        to_devnull(sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: one line here, the traceback in the log (and with --debug here too)
        log.exception("unexpected error")
        if getattr(args, "debug", False):
            raise
        lang = common.lang(args)
        common.error(say("error.unexpected", lang, name=type(exc).__name__, detail=exc, log=log_path()), lang)
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
