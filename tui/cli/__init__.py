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


def build_parser() -> argparse.ArgumentParser:
    from tui.cli import common

    parser = argparse.ArgumentParser(
        prog="cppcc-review",
        description=(
            "Review how government units answered CPPCC proposals, suggestion by suggestion. "
            "Without a sub-command, opens the review app. "
            "政协提案答复评审工具:不带子命令时打开评审界面。"
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {common.tool_version()}")
    common.add_review_options(parser)
    common.add_readonly_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
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

    parser = build_parser()
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
