"""argparse's own words in Chinese: the usage prefix, the two section titles, its usage errors,
and help wrapped by display width. The one module that leans on argparse's internals.

Why here, and what breaks if Python changes argparse:
- The section titles "positional arguments" and "options" are the titles of two groups every
  ArgumentParser makes itself (`_positionals`, `_optionals`); there is no public way to name them.
  `retitle` sets them. If Python renames those attributes, `retitle` raises AttributeError at
  start-up (every command): tests/test_cli_help_language.py fails first.
- argparse words its usage errors in English (through gettext, which has no Chinese catalogue we
  could install without changing the process's gettext domain for every library). `translate`
  rewords the messages `ArgumentParser.error` receives, by the English templates of argparse
  3.11-3.13 (TEMPLATES). A template Python rewords no longer matches: the message is then shown
  in English as argparse wrote it (never lost, never wrong); the test that provokes each error
  in Chinese fails loudly.
- HelpFormatter wraps by characters, so a line of Chinese (two cells a character) would run to
  twice the terminal's width; ChineseHelpFormatter overrides `_split_lines` and `_fill_text`
  (the methods argparse's own RawTextHelpFormatter overrides) to wrap by cells, breaking where
  a Chinese reader allows it (cppcc_review.tui.cjk_wrap). If Python renames them, the help is
  wrapped by characters again (too wide, nothing lost); the width test fails.
"""

from __future__ import annotations

import argparse
import functools
import re

SECTION_TITLES = {"zh": ("位置参数", "选项"), "en": ("positional arguments", "options")}
USAGE_PREFIX = "用法："
_PREFIX_EXTRA = len(USAGE_PREFIX)  # (its cells beyond its characters: each is two cells wide)


def retitle(parser: argparse.ArgumentParser, lang: str) -> None:
    """The parser's two default groups titled in `lang` (English: argparse's own titles)."""
    if lang == "en":
        return  # (argparse's titles as they are: the English help unchanged)
    positionals, optionals = SECTION_TITLES["zh"]
    parser._positionals.title = positionals
    parser._optionals.title = optionals


# argparse's usage errors (argparse.py, the strings passed to `_()`), as regular expressions
# over the English line, and the Chinese line with the same values. First match wins.
# Compiled when a usage error is first worded (`patterns`), not at import: every command
# imports this module, and compiling them took ~0.6 ms of each start-up (-X importtime).
_VALUE = r"(?P<value>.+?)"
TEMPLATES: tuple[tuple[str, str], ...] = (
    (r"argument (?P<argument>.+?): (?P<message>.+)", "参数 {argument}：{message}"),
    (rf"invalid choice: {_VALUE} \(choose from (?P<choices>.+)\)", "无效的选择：{value}（可选：{choices}）"),
    (r"the following arguments are required: (?P<names>.+)", "缺少必需的参数：{names}"),
    (r"unrecognized arguments: (?P<args>.*)", "无法识别的参数：{args}"),
    (r"expected one argument", "需要一个值"),
    (r"expected at most one argument", "最多只能给一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected (?P<n>\d+) arguments?", "需要 {n} 个值"),
    (r"invalid int value: (?P<value>.+)", "不是整数：{value}"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "无效的 {type} 值：{value}"),
    (r"not allowed with argument (?P<other>.+)", "不能与参数 {other} 同时使用"),
    (r"one of the arguments (?P<names>.+) is required", "必须给出参数 {names} 之一"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "有歧义的选项：{option} 可以是 {matches} 中的任何一个"),
    (r"ignored explicit argument (?P<value>.+)", "此选项不接受值：{value}"),
    # (our own, check --today's type: cppcc_review.tui.cli.check_cmd._iso_date)
    (r"not a date in the form YYYY-MM-DD: (?P<value>.+)", "不是 YYYY-MM-DD 形式的日期：{value}"),
)


@functools.cache
def patterns() -> list[tuple[re.Pattern[str], str]]:
    """TEMPLATES compiled (once, when first asked for)."""
    return [(re.compile(english + r"\Z", re.S), chinese) for english, chinese in TEMPLATES]


def translate(message: str, lang: str) -> str:
    """argparse's usage error `message` in `lang`; a message no pattern knows stays as it is."""
    if lang == "en":
        return message
    for pattern, chinese in patterns():
        found = pattern.match(message)
        if found:
            values = found.groupdict()
            if "message" in values:  # "argument X: <argparse's message>": that message too
                values["message"] = translate(values["message"], lang)
            return chinese.format(**values)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help with a Chinese usage prefix, wrapped by display cells (see the module's doc)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        if width is None:  # (argparse's width, less the cells the usage's continuation lines move right: format_help)
            import shutil

            width = shutil.get_terminal_size().columns - 2 - _PREFIX_EXTRA
        super().__init__(prog, indent_increment, max_help_position, width)

    def format_help(self) -> str:
        """argparse's text with two things only cells can tell put right: the usage's continuation
        lines under its first argument (argparse indents them by the prefix's characters, 用法：
        is twice as wide), and a full-width colon after the section titles (argparse writes ':')."""
        text = super().format_help()
        if text.startswith(USAGE_PREFIX):
            usage, gap, rest = text.partition("\n\n")
            first, *more = usage.split("\n")
            text = "\n".join([first, *(" " * _PREFIX_EXTRA + line if line.startswith(" ") else line for line in more)])
            text += gap + rest
        for title in SECTION_TITLES["zh"]:
            text = text.replace(f"\n{title}:\n", f"\n{title}：\n")
        return text

    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)  # type: ignore[arg-type]

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(" ".join(text.split()), width - len(indent)))


def _wrap(text: str, width: int) -> list[str]:
    from ..cjk_wrap import break_points  # (only when help is shown: it loads rich)

    starts = break_points(text, max(width, 10))
    return [text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
