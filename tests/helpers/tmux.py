"""A private tmux server for tests that drive the real app in a real terminal."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def app_env() -> dict[str, str]:
    """The environment the app gets inside tmux: this checkout on the path, a UTF-8
    terminal, and the test's own (isolated) home, config and data folders."""
    return {
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "HOME": os.environ["HOME"],
        "CPPCC_REVIEW_CONFIG": os.environ["CPPCC_REVIEW_CONFIG"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
    }


class Tmux:
    """A private tmux server (its own socket, no user config) with one session (120x40 unless told)."""

    def __init__(self, name: str) -> None:
        self.socket = name
        self.session = name

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, check=check, timeout=10,
            env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        )

    def start(self, command: str, env: dict[str, str], size: tuple[int, int] = (120, 40)) -> None:
        flags = [f"-e{key}={value}" for key, value in env.items()]
        width, height = size
        self.run("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), *flags, command)

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
        """Stop the server and wait until it is gone: a server still exiting answers the next
        `new-session` on the same socket with "server exited unexpectedly"."""
        self.run("kill-server", check=False)
        socket = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}" / self.socket
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            gone = self.run("list-sessions", check=False)
            if not socket.exists() or "no server running" in gone.stderr or "error connecting" in gone.stderr:
                return
            time.sleep(0.05)
