"""The command line's help and argparse's usage errors speak the interface's language (clizh):
Chinese by default, English with --lang en, $CPPCC_REVIEW_LANG or the config file's `lang`.

The English help is pinned word for word (it is what every English user and script read);
the Chinese one is checked for what a Chinese reader notices: Chinese descriptions and section
titles, no English sentence of argparse's, lines no wider than the terminal.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from rich.cells import cell_len

from cppcc_review.tui.cli import NAMES
from cppcc_review.tui.cli.argparse_words import TEMPLATES, translate
from cppcc_review.tui.cli.cli_parser import CliParser
from cppcc_review.tui.cli.help_words import HELP, help_text
from tests.helpers.cli import run_cli

CJK = re.compile(r"[\u4e00-\u9fff]")

# `cppcc-review --lang en --help` at 100 columns, as it read before the help spoke Chinese.
ENGLISH_TOP_HELP = """\
usage: cppcc-review [-h] [--version] [--db DB] [--reviewer NAME] [--lang {zh,en}] [--readonly]
                    [--debug]
                    COMMAND ...

Review how government units answered CPPCC proposals, suggestion by suggestion. Without a sub-
command, opens the review app. 政协提案答复评审工具:不带子命令时打开评审界面。

positional arguments:
  COMMAND
    review         open the review app (the default when no sub-command is given)
    parse          show how a reply file is read (no database involved)
    import         import reply files or folders into the database
    list           list the replies with their ids and your progress
    rate           rate one suggestion of a reply (for scripts)
    export         export ratings as YAML (to share with other reviewers or the committee)
    import-ratings
                   import other reviewers' ratings exports (YAML)
    merge          merge several reviewers' exports; report agreement and disputes
    stats          adoption and satisfaction statistics
    check          point out problems in reply files (counts, repeats, missing parts, vague
                   answers)
    db             check, back up or restore the database

options:
  -h, --help       show this help message and exit
  --version        show the program's version and exit
  --db DB          database directory (default: $CPPCC_REVIEW_DB, the config file's db, else the
                   user data folder)
  --reviewer NAME  your name as recorded with each rating (default: config file, else the OS user
                   name)
  --lang {zh,en}   interface language, also of the commands' messages (default: config file, else
                   zh)
  --readonly       open the database read-only: browse without changing anything; works while
                   another program writes it
  --debug          write debug detail to the log file (the user log folder, cppcc-review.log)
"""

COMMANDS = [*NAMES, "db check", "db backup", "db restore"]
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help message", "error: argument",
                    "invalid choice", "the following arguments", "unrecognized arguments", "expected one argument")


@pytest.fixture(autouse=True)
def _columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        run_cli(capsys, *argv, "--help")
    assert done.value.code == 0
    return capsys.readouterr().out


def _usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        run_cli(capsys, *argv)
    captured = capsys.readouterr()
    assert done.value.code == 2 and captured.out == ""
    return captured.err


def test_the_top_level_help_is_chinese_by_default(capsys):
    out = _help(capsys)
    assert out.startswith("用法：cppcc-review [-h] [--version]")
    assert "\n位置参数：\n" in out and "\n选项：\n" in out
    assert "政协提案答复评审工具：逐条评审政府部门对政协提案的答复。不带子命令时打开评审界面。" in out
    assert "-h, --help       显示此帮助并退出" in out
    for name in NAMES:  # every command, with its Chinese line
        line = next(line for line in out.splitlines() if line.strip().startswith(name))
        described = line if CJK.search(line) else out.splitlines()[out.splitlines().index(line) + 1]
        assert CJK.search(described), (name, line)
    assert "    rate           评定一份答复中的一条建议（供脚本使用）" in out
    assert not [word for word in ARGPARSE_ENGLISH if word in out]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_s_help_is_chinese_and_fits_the_terminal(capsys, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "80")
    out = _help(capsys, *command.split())
    assert out.startswith(f"用法：cppcc-review {command} [-h]")
    assert "\n选项：\n" in out and "显示此帮助并退出" in out
    assert not [word for word in ARGPARSE_ENGLISH if word in out]
    # every argument's help is the catalogue's Chinese (no English help line left)
    for line in out.split("\n选项：\n", 1)[1].splitlines():
        if line.startswith("  -") and "  " in line.strip():
            assert CJK.search(line), line
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_the_usage_s_continuation_lines_stand_under_its_first_argument(capsys):
    first, second = _help(capsys).splitlines()[:2]
    # 用法： is three characters but six cells: the wrapped line starts under "[-h]"
    assert cell_len(first[: first.index("[-h]")]) == len(second) - len(second.lstrip())


@pytest.mark.parametrize("how", ["--lang en", "--lang=en", "env", "config", "after"])
def test_english_help_is_unchanged_with_lang_en_the_environment_or_the_config(capsys, monkeypatch, tmp_path, how):
    argv: list[str] = []
    if how == "env":
        monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")
    elif how == "config":
        config = tmp_path / "config.toml"
        config.write_text('lang = "en"\n', encoding="utf-8")
        monkeypatch.setenv("CPPCC_REVIEW_CONFIG", str(config))
    elif how != "after":
        argv = how.split()
    out = _help(capsys, *argv, *(["--lang", "en"] if how == "after" else []))
    assert out == ENGLISH_TOP_HELP


def test_the_command_line_s_lang_overrides_the_config_s(capsys, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    monkeypatch.setenv("CPPCC_REVIEW_CONFIG", str(config))
    assert _help(capsys, "rate", "--lang", "zh").startswith("用法：cppcc-review rate")
    assert _help(capsys, "rate").startswith("usage: cppcc-review rate")


def test_the_last_lang_given_speaks_everywhere_as_argparse_takes_it(capsys, tmp_path):
    """`--lang zh ... --lang en` is English in the help, in argparse's usage errors and in the
    command's own lines (argparse keeps the last --lang); the reverse is Chinese throughout."""
    assert _help(capsys, "--lang", "zh", "rate", "--lang", "en") == _help(capsys, "rate", "--lang", "en")
    assert _help(capsys, "--lang", "en", "--lang=zh").startswith("用法：cppcc-review [-h]")
    err = _usage_error(capsys, "--lang", "zh", "rate", "--lang", "en")
    assert err.splitlines()[-1] == "cppcc-review rate: error: the following arguments are required: REPLY, SUGGESTION, RATING"
    err = _usage_error(capsys, "--lang", "en", "stats", "--lang", "zh", "--nonsense")
    assert err.splitlines()[-1] == "cppcc-review：错误：无法识别的参数：--nonsense"
    code, out, err = run_cli(capsys, "--lang", "zh", "stats", "--db", tmp_path / "nowhere", "--lang", "en")
    assert code == 1 and out == "" and "no database here" in err
    code, out, err = run_cli(capsys, "--lang", "en", "stats", "--db", tmp_path / "nowhere", "--lang", "zh")
    assert code == 1 and out == "" and "no database here" not in err and "数据库" in err


def test_a_mistyped_command_is_refused_in_chinese_with_status_2(capsys):
    err = _usage_error(capsys, "frobnicate")
    assert err.startswith("用法：cppcc-review [-h]")
    assert err.splitlines()[-1].startswith("cppcc-review：错误：参数 COMMAND：无效的选择：'frobnicate'（可选：'review', ")


@pytest.mark.parametrize(("argv", "said"), [
    (["rate"], "cppcc-review rate：错误：缺少必需的参数：REPLY, SUGGESTION, RATING"),
    (["rate", "x", "two", "采纳"], "cppcc-review rate：错误：参数 SUGGESTION：不是整数：'two'"),
    (["stats", "--by"], "cppcc-review stats：错误：参数 --by：需要一个值"),
    (["stats", "--nonsense"], "cppcc-review：错误：无法识别的参数：--nonsense"),
    (["export", "--reviewer", "a", "--all-reviewers"],
     "cppcc-review export：错误：参数 --all-reviewers：不能与参数 --reviewer 同时使用"),
    (["--re", "x"], "cppcc-review：错误：有歧义的选项：--re 可以是 --reviewer, --readonly 中的任何一个"),
    (["db"], "cppcc-review db：错误：缺少必需的参数：ACTION"),
    (["check", "--today", "2024-13-01", "x.txt"], "cppcc-review check：错误：参数 --today：不是 YYYY-MM-DD 形式的日期：'2024-13-01'"),
    (["--lang", "fr", "stats"], "cppcc-review：错误：参数 --lang：无效的选择：'fr'（可选：'zh', 'en'）"),
])
def test_usage_errors_name_the_problem_in_chinese(capsys, argv, said):
    err = _usage_error(capsys, *argv)
    assert err.splitlines()[-1] == said
    assert err.startswith("用法：")


def test_usage_errors_stay_argparse_s_english_with_lang_en(capsys):
    err = _usage_error(capsys, "--lang", "en", "frobnicate")
    assert err.startswith("usage: cppcc-review [-h]")
    assert err.splitlines()[-1].startswith("cppcc-review: error: argument COMMAND: invalid choice: 'frobnicate' (choose from ")
    assert _usage_error(capsys, "rate", "--lang", "en").splitlines()[-1] == (
        "cppcc-review rate: error: the following arguments are required: REPLY, SUGGESTION, RATING")


def _argparse_says(*argv: str) -> str:
    """The message argparse (this Python's) hands to `error` for `argv`, in English."""
    said: list[str] = []

    class Recorder(CliParser):
        def error(self, message: str):  # type: ignore[override]
            said.append(message)
            raise SystemExit(2)

    parser = Recorder(prog="t", lang="en")
    parser.add_argument("--choice", choices=["a", "b"])
    parser.add_argument("--one")
    parser.add_argument("--maybe", nargs="?")
    parser.add_argument("--some", nargs="+")
    parser.add_argument("--two", nargs=2)
    parser.add_argument("--count", type=int)
    parser.add_argument("--ratio", type=float)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--flat", action="store_true")
    either = parser.add_mutually_exclusive_group(required=True)
    either.add_argument("--left", action="store_true")
    either.add_argument("--right", action="store_true")
    parser.add_argument("needed")
    with pytest.raises(SystemExit):
        parser.parse_args(list(argv))
    return said[0]


@pytest.mark.parametrize(("argv", "chinese"), [
    (["--left", "n", "--choice", "c"], "参数 --choice：无效的选择：'c'（可选：'a', 'b'）"),
    (["--left"], "缺少必需的参数：needed"),
    (["--left", "n", "extra"], "无法识别的参数：extra"),
    (["--left", "n", "--one"], "参数 --one：需要一个值"),
    (["--left", "n", "--some"], "参数 --some：至少需要一个值"),
    (["--left", "n", "--two", "x"], "参数 --two：需要 2 个值"),
    (["--left", "n", "--count", "x"], "参数 --count：不是整数：'x'"),
    (["--left", "n", "--ratio", "x"], "参数 --ratio：无效的 float 值：'x'"),
    (["--left", "--right", "n"], "参数 --right：不能与参数 --left 同时使用"),
    (["n"], "必须给出参数 --left --right 之一"),
    (["--left", "n", "--fl"], "有歧义的选项：--fl 可以是 --flag, --flat 中的任何一个"),
    (["--left", "n", "--flag=yes"], "参数 --flag：此选项不接受值：'yes'"),
])
def test_each_argparse_message_this_python_writes_is_worded_in_chinese(argv, chinese):
    """Fails loudly when a Python release rewords one of argparse's messages: the Chinese line
    would silently turn back into argparse's English (argparse_words.TEMPLATES)."""
    assert translate(_argparse_says(*argv), "zh") == chinese


def test_expected_at_most_one_argument_is_worded_too():
    # (no option of ours can provoke it from the command line: argparse raises it for an
    # explicit value given to nargs='?' through a custom action; the template is still known)
    assert translate("argument --maybe: expected at most one argument", "zh") == "参数 --maybe：最多只能给一个值"
    assert len({english for english, _ in TEMPLATES}) == len(TEMPLATES)


def test_the_usage_error_patterns_are_compiled_only_when_an_error_is_worded():
    """Every command imports argparse_words; its 15 patterns cost ~1 ms of the start-up when
    compiled at import. A command that meets no usage error compiles none of them."""
    script = (
        "import re, sys\n"
        "compiled = []\n"
        "compile = re.compile\n"
        "re.compile = lambda pattern, flags=0: compiled.append(pattern) or compile(pattern, flags)\n"
        "from cppcc_review.tui.cli import argparse_words, build_parser\n"
        "build_parser('rate', 'zh').parse_args(['rate', 'x', '1', 'adopted'])\n"
        "print(sum(english + r'\\Z' in compiled for english, _ in argparse_words.TEMPLATES))\n"
        "print(argparse_words.translate('expected one argument', 'zh'))\n"
        "print(sum(english + r'\\Z' in compiled for english, _ in argparse_words.TEMPLATES))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["0", "需要一个值", str(len(TEMPLATES))]


def test_every_help_text_has_its_chinese_and_english():
    for key, (zh, en) in HELP.items():
        assert CJK.search(zh) and zh != en, key
        assert "%" not in zh + en, key  # (argparse %-formats help texts)
        assert "," not in zh, key  # (Chinese takes full-width commas)
    assert help_text("readonly", "zh", what=help_text("readonly.reads", "zh")).startswith("以只读方式打开数据库：")
    assert isinstance(CliParser(prog="t", lang="zh").add_subparsers(), argparse.Action)
