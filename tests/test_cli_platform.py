"""A system without POSIX flock (Windows) gets one line saying where the tool runs, not a traceback."""

from __future__ import annotations

import sys

import pytest

from cppcc_review.tui.cli import main


@pytest.mark.parametrize(("argv", "env", "words"), [
    (["list"], None, "只能在 Linux 或 macOS 上运行"),
    (["--lang", "en", "list"], None, "runs on Linux or macOS for now"),
    (["stats"], "en", "inside WSL"),
])
def test_without_flock_every_command_says_where_it_runs(argv, env, words, monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` fails as on Windows
    if env:
        monkeypatch.setenv("CPPCC_REVIEW_LANG", env)
    monkeypatch.setenv("CPPCC_REVIEW_DB", str(tmp_path / "db"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "db").exists()  # nothing made
