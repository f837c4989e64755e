"""`cppcc-review`: the command line. One module per sub-command.

Each module in COMMANDS exposes `register(subparsers)`, which adds its parser and sets
`func` to a `run(args) -> int`. Textual is imported only when the TUI starts, so the
scriptable commands stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from store.errors import StoreError

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

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from tui.cli import common

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
    from tui.cli import common

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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [NAMES[only]] if only in NAMES else COMMANDS:
        try:
            module = importlib.import_module(f"tui.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"tui.cli.{name}":
                continue  # a command not built yet is simply not offered
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from tui.cli import common

    parser = build_parser(_command_in(sys.argv[1:] if argv is None else list(argv)))
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:  # no sub-command: the TUI
        from tui.cli import review_cmd

        func = review_cmd.run
    try:
        return int(func(args) or 0)
    except StoreError as exc:
        common.error(str(exc))
        return 1
    except KeyboardInterrupt:
        common.error("interrupted; nothing half-written was kept")
        return 130
    except BrokenPipeError:
        # `cppcc-review stats | head`: the reader left; that is not an error. Point stdout
        # at devnull so the interpreter's final flush does not raise again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
