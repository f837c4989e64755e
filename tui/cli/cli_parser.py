"""The command line's parser: its help and its usage errors in the interface's language.

Everything here is argparse's public API (`add_help=False` and an -h of our own, `error`,
`formatter_class`, `add_subparsers(parser_class=...)`); the few words that need argparse's
internals are in cppcc_review.tui.cli.argparse_words. The language is decided before parsing
(cppcc_review.tui.cli.lang_before_parsing): a parser's help is made when it is built.
"""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Any, NoReturn

from .argparse_words import ChineseHelpFormatter, retitle, translate
from .help_words import help_text


class CliParser(argparse.ArgumentParser):
    """An ArgumentParser speaking `lang` (zh, en); its sub-commands' parsers speak it too."""

    def __init__(self, *, lang: str = "zh", add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.HelpFormatter if lang == "en" else ChineseHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self.lang = lang
        retitle(self, lang)
        if add_help:  # (argparse's own -h, with its help in `lang`)
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=help_text("help", lang))

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(type(self), lang=self.lang))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """The usage and one line naming the problem, on stderr; exit status 2 (as argparse)."""
        from .words import say

        self.print_usage(sys.stderr)
        self.exit(2, say("error.line", self.lang, prog=self.prog, line=translate(message, self.lang)) + "\n")
