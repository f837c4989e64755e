"""The README's first command, in a fresh virtualenv without the test extras, runs every
sub-command the README shows without a traceback.

The test install (`pip install '.[test]'`) pulls in more than `pip install .` does, so a
module the shipped code needs but only a test extra installs would never show up in the
other tests (jsonschema did exactly that: `merge` and `import-ratings` crashed after the
README's install). This builds a virtualenv with `pip install .` only, from a copy of the
shipped files, and runs each command once on a real database.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import seed_file

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ("pyproject.toml", "README.md", "store", "tui", "fixtures")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    """A virtualenv made with the README's first command (no test extras): its bin folder."""
    root = tmp_path_factory.mktemp("fresh")
    source = root / "src"
    source.mkdir()
    for name in SHIPPED:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(item, source / name)
    venv = root / ".venv"
    # The README's command, `.venv/bin/pip install .`: the same pip resolves from the configured
    # index and wheel folders (a slow mirror gets time) into a virtualenv that has nothing but
    # what `pip install .` puts there. Two steps cost half of this test's minute without
    # changing what lands in site-packages: putting pip itself into the new virtualenv (the
    # running pip installs into it by `--python` instead; pip is not the app's) and compiling
    # every installed module to bytecode ahead of time (Python compiles what a command imports
    # when it runs, as it would after any install; `--no-compile`).
    if importlib.util.find_spec("pip") is not None:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
        pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    else:  # a test environment made without pip: the README's way, pip in the new virtualenv
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        pip = [str(venv / "bin" / "pip")]
    done = subprocess.run(
        [*pip, "install", "--no-input", "--no-compile", "."],
        cwd=source, capture_output=True, text=True, timeout=900,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
        if "Could not find a version" in tail or "No matching distribution" in tail or "Network" in tail:
            pytest.skip(f"pip cannot reach a package index here:\n{tail}")
        raise AssertionError(f"`pip install .` failed:\n{tail}")
    return venv / "bin"


def test_the_install_adds_one_package_of_its_own_name(fresh_venv):
    """PyPI has projects called store, tui and fixtures: the app's folders are installed
    under cppcc_review (store, tui and the bundled samples), never as those names."""
    site = next((fresh_venv.parent / "lib").glob("python3*/site-packages"))
    ours = {p.name for p in site.iterdir()} & {"store", "tui", "fixtures", "samples", "cppcc_review"}
    assert ours == {"cppcc_review"}
    assert sorted(p.name for p in (site / "cppcc_review").iterdir() if p.is_dir()) == ["samples", "store", "tui"]
    assert (site / "cppcc_review" / "samples" / "000_c6de6327335c32eb.txt").is_file()  # package data
    assert (site / "cppcc_review" / "store" / "ratings" / "ratings.schema.json").is_file()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=str(home), CPPCC_REVIEW_CONFIG=str(home / "config.toml"),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"))
    return env


def test_every_readme_command_runs_after_a_plain_install(fresh_venv, tmp_path):
    exe = str(fresh_venv / "cppcc-review")
    home = tmp_path / "home"
    home.mkdir()
    env = _env(home)
    db = tmp_path / "db"
    seed = seed_file()
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str | Path, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        done = subprocess.run([exe, *map(str, args)], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        shown = f"$ cppcc-review {' '.join(map(str, args))}\nexit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr + done.stdout, shown
        assert done.returncode in ok, shown
        return done

    run("--version")
    run("--help")
    assert "沪科提复" in run("parse", seed).stdout
    run("parse", seed, "--format", "json")
    run("import", seed, "--db", db)
    run("rate", "沪科提复〔2025〕56号", "2", "部分采纳", "--note", "列了四项", "--reviewer", "王审阅", "--db", db)
    run("rate", "沪科提复〔2025〕56号", "1", "采纳", "--reviewer", "李审阅", "--db", db)
    run("export", "--reviewer", "王审阅", "-o", work / "王审阅.yaml", "--db", db)
    run("export", "--reviewer", "李审阅", "-o", work / "李审阅.yaml", "--db", db)
    run("export", "--all-reviewers", "--status", "all", "--db", db)
    run("import-ratings", work / "李审阅.yaml", "--db", db)
    run("merge", work / "王审阅.yaml", work / "李审阅.yaml", "-o", work / "merged.yaml", "--resolve", "majority")
    assert (work / "merged.yaml").is_file()
    run("stats", "--by", "handler", "--db", db)
    run("stats", "--by", "year", "--format", "yaml", "--db", db)
    run("check", seed)
    run("check", seed, "--format", "yaml")
    run("db", "check", "--db", db)
    run("db", "backup", "--db", db)
    run("db", "restore", "--db", db)
    _review_app_starts_and_quits(exe, db, env, tmp_path)


def _review_app_starts_and_quits(exe: str, db: Path, env: dict[str, str], tmp_path: Path) -> None:
    """`cppcc-review --db DB`: the TUI, in a real terminal (tmux), opens and quits cleanly."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the TUI part of this test needs a terminal")
    socket = f"cppcc-fresh-{os.getpid()}"
    tmux = ["tmux", "-u", "-L", socket, "-f", "/dev/null"]
    marker = tmp_path / "exit-code"
    command = f"{shlex.quote(exe)} --db {shlex.quote(str(db))}; echo $? > {shlex.quote(str(marker))}"
    flags = [f"-e{k}={v}" for k, v in env.items() if k in ("HOME", "CPPCC_REVIEW_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "LANG", "LC_ALL", "PATH")]
    try:
        subprocess.run([*tmux, "new-session", "-d", "-s", "app", "-x", "100", "-y", "30", *flags,
                        "env", "TERM=xterm-256color", "sh", "-c", command], check=True, timeout=10)
        screen = _wait_for(tmux, "答复列表", timeout=90.0)  # a first start compiles every module: slow on a loaded machine
        assert "沪科提复" in screen
        # q again every 10 s while the app is still there: under load a key sent as the first
        # screen is painted has been seen to go unanswered (a test flake, not a user's case).
        deadline = time.monotonic() + 60
        next_q = 0.0
        while not marker.exists() and time.monotonic() < deadline:
            if time.monotonic() >= next_q:
                subprocess.run([*tmux, "send-keys", "-t", "app", "q"], capture_output=True, timeout=10)
                next_q = time.monotonic() + 10
            time.sleep(0.1)
        assert marker.exists(), "the app did not quit"
        assert marker.read_text().strip() == "0"
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=10)


def _wait_for(tmux: list[str], text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = subprocess.run([*tmux, "capture-pane", "-p", "-t", "app"], capture_output=True, text=True, timeout=10).stdout
        if text in screen:
            return screen
        assert "Traceback" not in screen, screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")
