"""`cppcc-review`: the command line. One module per sub-command.

Each module in COMMANDS exposes `register(subparsers)`, which adds its parser and sets
`func` to a `run(args) -> int`. Textual is imported only when the TUI starts, so the
scriptable commands stay quick. Every run writes to the log file (cppcc_review.tui.logs); `--debug`
raises its level. An error the user can act on is one line on stderr (and the log has
its traceback); an unexpected one is one line that points at the log.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from cppcc_review.store.errors import StoreError
from cppcc_review.tui.config import load_settings
from cppcc_review.tui.logs import log_path, logger, start_logging

LOG = logger("cli")

# Sub-command modules, in the order `--help` lists them.
COMMANDS = [
    "review_cmd",
    "parse_cmd",
    "import_cmd",
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
NAMES = {"review": "review_cmd", "parse": "parse_cmd", "import": "import_cmd", "rate": "rate_cmd",
         "export": "export_cmd", "import-ratings": "import_ratings_cmd", "merge": "merge_cmd",
         "stats": "stats_cmd", "check": "check_cmd", "db": "db_cmd"}


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata: 40 ms)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: object = argparse.SUPPRESS,
                 help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from cppcc_review.tui.cli import common

        parser.exit(message=f"{parser.prog} {common.tool_version()}\n")


def _command_in(argv: list[str]) -> str | None:
    """The sub-command an argument list names (None: none, or asking for help)."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if arg in NAMES:
            return arg
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` the one sub-command it names."""
    from cppcc_review.tui.cli import common

    parser = argparse.ArgumentParser(
        prog="cppcc-review",
        description=(
            "Review how government units answered CPPCC proposals, suggestion by suggestion. "
            "Without a sub-command, opens the review app. "
            "政协提案答复评审工具:不带子命令时打开评审界面。"
        ),
    )
    parser.add_argument("--version", action=_Version, help="show the program's version and exit")
    common.add_review_options(parser)
    common.add_readonly_option(parser)
    common.add_debug_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [NAMES[only]] if only in NAMES else COMMANDS:
        importlib.import_module(f"cppcc_review.tui.cli.{name}").register(sub)
    return parser


def _start_logging(args: argparse.Namespace) -> None:
    """The log file, at the level --debug, $CPPCC_REVIEW_DEBUG or `debug` ask for. A config
    file that cannot be read is the command's to report (some never read it)."""
    debug = bool(getattr(args, "debug", False))
    if not debug:
        try:
            debug = load_settings().debug
        except StoreError:
            LOG.debug("config not read for the log level", exc_info=True)
    start_logging(debug)


def main(argv: list[str] | None = None) -> int:
    from cppcc_review.tui.cli import common

    parser = build_parser(_command_in(sys.argv[1:] if argv is None else list(argv)))
    args = parser.parse_args(argv)
    _start_logging(args)
    LOG.info("command: %s", " ".join(sys.argv[1:] if argv is None else argv))
    func = getattr(args, "func", None)
    if func is None:  # no sub-command: the TUI
        from cppcc_review.tui.cli import review_cmd

        func = review_cmd.run
    try:
        return int(func(args) or 0)
    except StoreError as exc:
        LOG.info("refused: %s", exc, exc_info=True)
        common.error(str(exc))
        return 1
    except KeyboardInterrupt:
        LOG.info("interrupted", exc_info=True)
        common.error("interrupted; nothing half-written was kept")
        return 130
    except BrokenPipeError:
        # `cppcc-review stats | head`: the reader left; that is not an error. Point stdout
        # at devnull so the interpreter's final flush does not raise again.
        LOG.debug("the reader of stdout left", exc_info=True)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: one line here, the traceback in the log (and with --debug here too)
        LOG.exception("unexpected error")
        if getattr(args, "debug", False):
            raise
        common.error(f"unexpected error ({type(exc).__name__}: {exc}); the details are in {log_path()}")
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
