"""Drive the real app in a real terminal (tmux): open the seed, rate its three
suggestions by key, quit, and find the ratings in the store."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.db import ReviewStore
from store.model import Rating

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    """A private tmux server (its own socket, no user config) with one 120x40 session."""

    def __init__(self, name: str) -> None:
        self.socket = name
        self.session = name

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, check=check, timeout=10,
            env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        )

    def start(self, command: str, env: dict[str, str]) -> None:
        flags = [f"-e{key}={value}" for key, value in env.items()]
        self.run("new-session", "-d", "-s", self.session, "-x", "120", "-y", "40", *flags, command)

    def screen(self) -> str:
        result = self.run("capture-pane", "-p", "-t", self.session, check=False)
        return result.stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen was:\n{screen}")

    def alive(self) -> bool:
        return self.run("has-session", "-t", self.session, check=False).returncode == 0

    def wait_exit(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return
            time.sleep(0.05)
        raise AssertionError("the app did not quit; the screen was:\n" + self.screen())

    def kill(self) -> None:
        self.run("kill-server", check=False)


def test_rate_the_seed_in_a_real_terminal(seed_db):
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
    tmux = Tmux(f"cppcc-review-test-{os.getpid()}")
    env = {
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "HOME": os.environ["HOME"],
        "CPPCC_REVIEW_CONFIG": os.environ["CPPCC_REVIEW_CONFIG"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
    }
    command = (
        f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m tui.cli "
        f"--db {shlex.quote(str(seed_db))} --reviewer tester"
    )
    try:
        tmux.start(command, env)
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("Enter")
        tmux.wait_for("建议 1/3")
        tmux.keys("1")
        tmux.wait_for("建议 2/3")
        tmux.keys("2")
        tmux.wait_for("建议 3/3")
        tmux.keys("3")
        screen = tmux.wait_for("解释说明", timeout=5)
        assert "已保存" in screen
        tmux.keys("q")
        tmux.wait_for("答复列表")
        tmux.wait_for("3/3")
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()
    with ReviewStore(seed_db) as store:
        ratings = [s.rating for s in store.get_review(rid, "tester").suggestions]
    assert ratings == [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
