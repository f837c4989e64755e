"""A log folder that cannot be written is said once on stderr and the program goes on (tui/logs.py):
the warning was English under the Chinese interface ("cppcc-review: warning: no log file (...)"
between Chinese lines). It is said in the interface's language, by the command line and by the
app. Failed before the fix (mn15).

Real folders: the state folder is a file, so the log's folder cannot be made."""

from __future__ import annotations

import pytest

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.logs import stop_logging
from tests.helpers.cli import run_cli


@pytest.fixture
def unwritable_log(tmp_path, monkeypatch):
    """$XDG_STATE_HOME is a file: <it>/cppcc-review/log cannot be made. The log file this process
    attached (an earlier test's) detached, so that this start looks for it."""
    blocker = tmp_path / "state"
    blocker.write_text("a file where a folder should be\n", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    stop_logging()
    yield blocker / "cppcc-review" / "log" / "cppcc-review.log"
    stop_logging()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_line_says_it_in_the_interface_language(seed_db, unwritable_log, capsys, lang):
    code, out, err = run_cli(capsys, "--lang", lang, "list", "--db", seed_db)
    assert code == 0 and out  # the command goes on
    expected = (f"cppcc-review：警告：没有日志文件（{unwritable_log}：Not a directory）" if lang == "zh"
                else f"cppcc-review: warning: no log file ({unwritable_log}: Not a directory)")
    assert err.strip().splitlines() == [expected], err


def test_the_config_file_s_language_is_the_warning_s(seed_db, unwritable_log, capsys, monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")
    code, _out, err = run_cli(capsys, "list", "--db", seed_db)
    assert code == 0 and err.startswith("cppcc-review: warning: no log file ("), err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_app_says_it_in_the_interface_language(seed_db, unwritable_log, capsys, lang):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang=lang)
    try:
        err = capsys.readouterr().err
    finally:
        app.context.store.close()  # (the store the app opened: closed here, it never ran)
    expected = (f"cppcc-review：警告：没有日志文件（{unwritable_log}：Not a directory）" if lang == "zh"
                else f"cppcc-review: warning: no log file ({unwritable_log}: Not a directory)")
    assert err.strip().splitlines() == [expected], err


def test_said_once_when_the_command_line_opens_the_app(seed_db, unwritable_log, capsys):
    """`cppcc-review` (the app) starts logging on the command line's way, then in the app: the
    warning was printed twice, one under the other."""
    code, _out, first = run_cli(capsys, "list", "--db", seed_db)  # (the command line's start, in this process)
    assert code == 0 and first.count("没有日志文件") == 1, first
    app = ReviewApp(db_path=seed_db, reviewer="tester")  # (the app's own start, as `review` makes it)
    app.context.store.close()
    assert capsys.readouterr().err == ""
