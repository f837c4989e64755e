"""Cold start in a real terminal: the app in a tmux pane (a private server, its own
socket), timed from just before the pane is created to the moment `tmux capture-pane`
first shows an inbox row. The reference is a minimal Textual app started the same way
(`python -m benchmarks.terminal --empty`), so both figures carry the same tmux and
polling overhead (a few milliseconds).

    python -m benchmarks.terminal DB        # one cold start of `cppcc-review review`
    python -m benchmarks.terminal --empty   # runs the minimal app (what the pane starts)

Peak RSS is read from the app's /proc/PID/status (VmHWM) when the frame appears.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every generated reply has a 文号 such as 沪科提复〔2024〕37号 (see benchmarks.frames).
_INBOX_ROW = re.compile(r"[提建]复[〔【\[(（]\d{4}[〕】\])）]\d+号")


class Terminal:
    """A private tmux server for the cold-start runs (one per benchmark run)."""

    def __init__(self) -> None:
        self.socket = f"i16-bench-{os.getpid()}"
        self.home = tempfile.mkdtemp(prefix="cppcc-bench-home-")
        self._tmux("new-session", "-d", "-s", "idle", "-x", "120", "-y", "40", "sleep 86400")

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True,
                              text=True, check=check, timeout=30, env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})

    def cold_start(self, argv: list[str], timeout: float = 120.0) -> dict:
        """Seconds from the pane's creation to the first screen showing an inbox row, and the
        process's peak RSS then."""
        env = {"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": self.home,
               "XDG_CONFIG_HOME": self.home + "/config", "XDG_DATA_HOME": self.home + "/data",
               "CPPCC_REVIEW_CONFIG": self.home + "/config.toml"}
        flags = [f"-e{k}={v}" for k, v in env.items()]
        command = " ".join(_quote(a) for a in ["exec", *argv])
        t0 = time.perf_counter()
        self._tmux("new-session", "-d", "-s", "cold", "-x", "120", "-y", "40", *flags, command)
        pid = int(self._tmux("list-panes", "-t", "cold", "-F", "#{pane_pid}").stdout.split()[0])
        try:
            while True:
                screen = self._tmux("capture-pane", "-p", "-t", "cold", check=False).stdout
                if _INBOX_ROW.search(screen):
                    seconds = time.perf_counter() - t0
                    break
                if time.perf_counter() - t0 > timeout:
                    raise RuntimeError(f"no inbox row after {timeout:.0f} s; the screen was:\n{screen}")
                time.sleep(0.005)
            rss = _peak_rss_mb(pid)
        finally:
            self._tmux("kill-session", "-t", "cold", check=False)
        return {"first_frame": seconds, "maxrss_mb": rss}

    def close(self) -> None:
        self._tmux("kill-server", check=False)
        shutil.rmtree(self.home, ignore_errors=True)


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./=:,+-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def app_argv(db: str, reviewer: str) -> list[str]:
    return [sys.executable, "-m", "cppcc_review.tui.cli", "--db", db, "review", "--reviewer", reviewer]


def empty_argv() -> list[str]:
    return [sys.executable, "-m", "benchmarks.terminal", "--empty"]


def _run_empty() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("沪科提复〔2025〕56号")

    Empty().run()


if __name__ == "__main__":
    if sys.argv[1:] == ["--empty"]:
        _run_empty()
    else:
        term = Terminal()
        try:
            print(term.cold_start(empty_argv()))
            print(term.cold_start(app_argv(sys.argv[1], "bench")))
        finally:
            term.close()
