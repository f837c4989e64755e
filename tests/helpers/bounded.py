"""Run `cppcc-review` in a child process with a deadline, and measure its time and peak RSS.

For hostile inputs, the in-process runner (tests.helpers.cli) cannot tell memory held by
C libraries (lxml, libyaml) nor stop a command that never returns; a child process can
be killed at its deadline and reports its own peak RSS (VmHWM, see _LAUNCHER). Its
address space is capped (`RLIMIT_AS`), so a regression fails the test with a
MemoryError instead of taking the machine's memory from other processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


@dataclass
class Run:
    code: int | None  # None: killed at the deadline
    out: str
    err: str
    seconds: float
    peak_mb: float

    @property
    def err_lines(self) -> list[str]:
        return self.err.strip().splitlines()


def _limit_memory(max_bytes: int):
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    return apply


def run_cli_bounded(
    *argv,
    timeout: float = 30.0,
    address_space_mb: int = 3072,
    pythonpath: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    stdin=subprocess.DEVNULL,
) -> Run:
    """`cppcc-review ARGV...` (this checkout's `cppcc_review.tui.cli.main`) in a child; killed after `timeout` seconds.

    `pythonpath` runs another checkout of the code (e.g. the code before a fix) with
    this virtualenv's libraries.
    """
    child_env = dict(os.environ if env is None else env)
    child_env["PYTHONPATH"] = str(pythonpath or REPO)
    child_env.setdefault("COLUMNS", "200")
    preexec = _limit_memory(address_space_mb * 1024 * 1024) if sys.platform.startswith("linux") else None
    start = time.monotonic()
    fd, report = tempfile.mkstemp(prefix="peak-rss-")
    os.close(fd)
    child_env["BOUNDED_PEAK_FILE"] = report
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, *map(str, argv)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,
        env=child_env,
        cwd=str(pythonpath or REPO),
        start_new_session=True,
    )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    streams: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name=name, pipe=pipe: streams.__setitem__(name, pipe.read()))
        for name, pipe in (("out", proc.stdout), ("err", proc.stderr))
    ]
    for reader in readers:
        reader.start()
    # wait4, not Popen.wait: it returns this child's own resource usage (peak RSS).
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    proc.stdout.close()
    proc.stderr.close()
    seconds = time.monotonic() - start
    try:
        peak_kb = float(Path(report).read_text() or "nan")
    finally:
        os.unlink(report)
    if peak_kb != peak_kb:  # killed before it could say: the kernel's figure, an upper bound
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
        peak_kb = usage.ru_maxrss * scale / 1024
    return Run(
        None if killed.is_set() else proc.returncode,
        streams["out"].decode("utf-8", "replace"),
        streams["err"].decode("utf-8", "replace"),
        seconds,
        peak_kb / 1024,
    )


# The child runs the CLI and, at exit, writes its peak RSS in KB. wait4's ru_maxrss is not
# used when this is there: Linux carries the parent's RSS at fork() over exec() into it,
# so a child of a big pytest process would seem big. VmHWM belongs to the new program.
_LAUNCHER = """
import atexit, os, resource, sys

def _report():
    peak = None
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    with open(os.environ["BOUNDED_PEAK_FILE"], "w") as out:
        out.write(str(peak))

atexit.register(_report)
from cppcc_review.tui.cli import main
sys.exit(main(sys.argv[1:]))
"""
