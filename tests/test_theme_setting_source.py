"""QA round 3, bug 5: an unknown theme was refused without saying where it came from, while
every other wrong setting names its source ($CPPCC_REVIEW_HINTS_SHOWN：…, …/config.toml：…).
The theme is checked by the app (it needs Textual's themes); the line now names the variable
or the config file in the same form, in both languages. Run through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(tmp_path: Path, *options: str, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPPCC_REVIEW_")}
    env.update(HOME=str(tmp_path), CPPCC_REVIEW_CONFIG=str(tmp_path / "config.toml"), **variables)
    return subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", "--db", str(tmp_path / "db"), *options],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_an_unknown_theme_from_the_environment_names_the_variable(tmp_path):
    done = start(tmp_path, CPPCC_REVIEW_THEME="nosuch")
    assert done.returncode != 0
    assert done.stderr.startswith("cppcc-review：错误：$CPPCC_REVIEW_THEME：未知的主题 'nosuch'；可用的：")
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "db").exists()  # refused before anything opened


def test_an_unknown_theme_from_the_config_file_names_the_file_in_either_language(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('theme = "nosuch"\n', encoding="utf-8")
    done = start(tmp_path)
    assert done.returncode != 0
    assert done.stderr.startswith(f"cppcc-review：错误：{config}：未知的主题 'nosuch'；可用的：")
    english = start(tmp_path, "--lang", "en")
    assert english.stderr.startswith(f"cppcc-review: error: {config}: theme 'nosuch' is not known; known: ")
    # the variable overrides the file, and the line names the one that counted
    overridden = start(tmp_path, CPPCC_REVIEW_THEME="nosuch2")
    assert overridden.stderr.startswith("cppcc-review：错误：$CPPCC_REVIEW_THEME：未知的主题 'nosuch2'")
