"""A new user's first start in a real terminal: the question about the bundled samples, y, and
the inbox listing them (branch samp14).

    python -m benchmarks.first_start                                  # this checkout
    python -m benchmarks.first_start --build main=/tmp/base/pkg --build samp14=   # builds interleaved

A build is NAME=PYTHONPATH: a folder holding a `cppcc_review` package (e.g. `git archive main`
unpacked, its store/, tui/ and fixtures/ linked as cppcc_review/store, tui and samples beside an
empty __init__.py), or empty for this checkout's editable install. Each run starts
`python -m cppcc_review.tui.cli --db NEW_DB` in a tmux pane (a private server, 120x40, a scratch
HOME and state folder), polls `tmux capture-pane` every 5 ms and records, in seconds:

- start → question: the pane created to the question on screen (导入示例（y）);
- y → answer: y sent to the first screen that is not the question (the progress dialog, or
  on a build importing on the app's thread, the inbox after the import);
- y → esc answered: esc sent as soon as y is answered, to the inbox on screen (the dialog
  hidden; the same as y → inbox where the import holds the app's thread);
- y → inbox: y sent to the inbox header counting every sample (435/435 份);
- esc answered while importing: the runs whose esc showed the inbox with the toast saying the
  import goes on (not the inbox the import's end showed).

`--busy N` keeps N processes spinning on the CPU through every run: the machine of the QA round
that found the freeze was shared (there the samples took ~6 s; on an idle machine ~1 s).

Prints a table (median and max of the runs per build).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "导入示例（y）"
DIALOG = "正在导入示例答复"
BACKGROUND = "后台继续导入"
_ALL_LISTED = re.compile(r"答复列表\s+(\d+)/\1 份")
_INBOX = re.compile(r"答复列表\s+\d+/\d+ 份")


class Pane:
    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.last = ""

    def tmux(self, *args: str, check: bool = True) -> str:
        return subprocess.run(["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True,
                              text=True, check=check, timeout=30,
                              env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "first", check=False)

    def until(self, found, t0: float, timeout: float = 120.0) -> float:
        while True:
            screen = self.screen()
            if found(screen):
                self.last = screen
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"not seen after {timeout:.0f} s; the screen was:\n{screen}")
            time.sleep(0.005)


def one_run(pythonpath: str) -> dict[str, float]:
    home = tempfile.mkdtemp(prefix="samp14-bench-home-")
    pane = Pane(f"samp14-bench-{os.getpid()}")
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "XDG_CONFIG_HOME": home + "/config",
           "XDG_DATA_HOME": home + "/data", "XDG_STATE_HOME": home + "/state",
           "CPPCC_REVIEW_CONFIG": home + "/config.toml"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    flags = [f"-e{k}={v}" for k, v in env.items()]
    command = f"cd {home} && exec {sys.executable} -m cppcc_review.tui.cli --db {home}/db --reviewer bench"
    try:
        t0 = time.perf_counter()
        pane.tmux("new-session", "-d", "-s", "first", "-x", "120", "-y", "40", *flags, command)
        out = {"question": pane.until(lambda s: QUESTION in s, t0)}
        ty = time.perf_counter()
        pane.tmux("send-keys", "-t", "first", "y")
        out["answer"] = pane.until(lambda s: QUESTION not in s and (DIALOG in s or _INBOX.search(s) is not None), ty)
        te = time.perf_counter()
        pane.tmux("send-keys", "-t", "first", "Escape")
        out["esc"] = pane.until(lambda s: DIALOG not in s and _INBOX.search(s) is not None, te) + (te - ty)
        out["esc_before_end"] = float(BACKGROUND in pane.last)  # (the toast esc shows while it goes on)
        out["inbox"] = pane.until(lambda s: _ALL_LISTED.search(s) is not None, ty)
        return out
    finally:
        pane.tmux("kill-server", check=False)
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="append", default=[], help="NAME=PYTHONPATH (empty: this checkout)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--busy", type=int, default=0, help="processes spinning on the CPU meanwhile")
    args = parser.parse_args()
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        runs = _runs(args)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    print("| build | start → question | y → answer | y → esc answered | y → inbox lists every sample "
          "| esc answered while importing |")
    print("|---|---|---|---|---|---|")
    for name, samples in runs.items():
        cells = []
        for key in ("question", "answer", "esc", "inbox"):
            values = [s[key] for s in samples]
            cells.append(f"{statistics.median(values):.2f} s (max {max(values):.2f})")
        hidden = sum(s["esc_before_end"] for s in samples)
        print(f"| {name} | " + " | ".join(cells) + f" | {hidden:.0f} of {len(samples)} |")
    print(f"\n{args.repeat} runs a build, interleaved, {args.busy} processes spinning; medians (max).")


def _runs(args: argparse.Namespace) -> dict[str, list[dict[str, float]]]:
    builds = [b.split("=", 1) for b in args.build] or [["this checkout", ""]]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in builds}
    for _ in range(args.repeat):
        for name, path in builds:  # interleaved: the machine's load falls on both
            runs[name].append(one_run(str(Path(path).resolve()) if path else ""))
    return runs


if __name__ == "__main__":
    main()
