"""What a command's start-up must keep while it was made cheaper (issue 16): every command
is in the log file, a failure leaves its traceback there, the log still rolls over at its
limit though `logging.handlers` is loaded only then, `--debug` still raises, and main()
called in-process hands the garbage collector back as it found it."""

from __future__ import annotations

import gc
import logging
import subprocess
import sys

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui import logs
from cppcc_review.tui.cli import main
from cppcc_review.tui.logs import LogFile, log_path, start_logging, stop_logging
from tests.helpers.cli import run_cli
from tests.test_ratings_io import ROOT, SEED_DOC_NO, cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


@pytest.fixture(autouse=True)
def fresh_log():
    """Each test attaches the log file of its own (isolated) home."""
    stop_logging()
    yield
    stop_logging()


def test_a_refused_rate_leaves_its_command_and_traceback_in_the_log(tmp_path, seed_db):
    """The process as a user starts it (`python -m`): the log file is written by the
    lightweight handler, with the command line and the whole traceback."""
    state = tmp_path / "state"
    out = cli("rate", "沪科提复〔2099〕1号", "1", "adopted", "--db", str(seed_db), "--reviewer", "a",
              home=tmp_path, XDG_STATE_HOME=str(state))
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    text = (state / "cppcc-review" / "log" / "cppcc-review.log").read_text(encoding="utf-8")
    assert "INFO cppcc_review.tui.cli: command: rate 沪科提复〔2099〕1号 1 adopted" in text
    assert "refused: " in text and "Traceback (most recent call last)" in text and "no reply with this id" in text
    assert "DEBUG" not in text


def test_an_unexpected_error_in_rate_is_logged_and_debug_lets_it_through(seed_db, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug in set_rating")

    monkeypatch.setattr(ReviewStore, "set_rating", broken)
    code, out, err = run_cli(capsys, "rate", SEED_DOC_NO, "1", "adopted", "--db", seed_db, "--reviewer", "a")
    assert code == 70 and out == "" and len(err.strip().splitlines()) == 1
    assert "ZeroDivisionError: a bug in set_rating" in err and str(log_path()) in err
    text = log_path().read_text(encoding="utf-8")
    assert "ERROR cppcc_review.tui.cli: unexpected error" in text
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: a bug in set_rating" in text

    with pytest.raises(ZeroDivisionError):
        run_cli(capsys, "--debug", "rate", SEED_DOC_NO, "1", "adopted", "--db", seed_db, "--reviewer", "a")
    assert logging.getLogger("cppcc_review").level == logging.DEBUG
    text = log_path().read_text(encoding="utf-8")
    assert "command: --debug rate" in text and text.count("ZeroDivisionError: a bug in set_rating") == 2


def test_the_log_file_rolls_over_at_its_limit(tmp_path, monkeypatch):
    """Records are appended to the file as they were; the one that would take it past
    MAX_BYTES rolls it over to .1 (.1 to .2 ...), as RotatingFileHandler always did."""
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = tmp_path / "log" / "cppcc-review.log"
    path.parent.mkdir()
    path.write_text("an earlier session's line\n", encoding="utf-8")
    assert start_logging(path=path) == path
    log = logs.logger("test")
    for k in range(12):  # ~100 bytes each: 1,200 bytes, under the limit
        log.info("record %02d %s", k, "x" * 40)
    assert not (tmp_path / "log" / "cppcc-review.log.1").exists()
    first = path.read_text(encoding="utf-8")
    assert first.startswith("an earlier session's line\n") and "record 11" in first
    for k in range(12, 100):
        log.info("record %02d %s", k, "x" * 40)
    files = [path, *(path.with_name(f"cppcc-review.log.{n}") for n in (1, 2, 3))]
    assert all(f.exists() for f in files) and not path.with_name("cppcc-review.log.4").exists()
    assert all(f.stat().st_size <= 2_000 for f in files)
    kept = "".join(f.read_text(encoding="utf-8") for f in reversed(files))
    numbers = [int(line.split("record ")[1][:2]) for line in kept.splitlines() if "record " in line]
    assert numbers == list(range(numbers[0], 100)) and numbers[0] > 0  # in order, none lost but the oldest
    handler = next(h for h in logging.getLogger("cppcc_review").handlers if isinstance(h, LogFile))
    assert handler.rotating is not None


def test_a_one_reply_command_loads_neither_the_rotation_nor_the_interface(tmp_path, seed_db):
    """`rate` imports what it uses: not logging.handlers (until the log is full), Textual,
    YAML, the store's check / restore code, or platformdirs (with tempfile, shutil, bz2,
    lzma) for folders the XDG rules name (cppcc_review.tui.user_dirs)."""
    probe = (
        "import sys\n"
        "from cppcc_review.tui.cli import main\n"
        f"sys.argv = ['cppcc-review', '--db', {str(seed_db)!r}, 'rate', {SEED_DOC_NO!r}, '1', 'adopted',"
        " '--reviewer', 'a']\n"
        "code = main()\n"
        "print(code, sorted(m for m in ('logging.handlers', 'textual', 'yaml', 'cppcc_review.store.maintenance',"
        " 'cppcc_review.store.restore', 'platformdirs', 'tempfile') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
                              "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "0 []"


@pytest.mark.parametrize("enabled", [True, False])
def test_main_in_process_hands_the_collector_back_as_it_found_it(seed_db, capsys, enabled):
    """Start-up runs with the collector paused and its objects frozen; a caller running
    commands in its own process (argv given) gets both back as they were, also when the
    command line is refused."""
    frozen = gc.get_freeze_count()
    if not enabled:
        gc.disable()
    try:
        code, out, _err = run_cli(capsys, "rate", SEED_DOC_NO, "1", "adopted", "--db", seed_db, "--reviewer", "a")
        assert code == 0 and "adopted" in out
        assert gc.isenabled() is enabled and gc.get_freeze_count() == frozen
        with pytest.raises(SystemExit):
            main(["rate", "--no-such-option"])
        assert gc.isenabled() is enabled and gc.get_freeze_count() == frozen
    finally:
        gc.enable()


def test_main_as_the_process_command_keeps_start_up_frozen(seed_db, capsys, monkeypatch):
    """Called as the console script calls it (no argv), what start-up built stays frozen
    to the process's exit (the collection at exit does not walk it)."""
    monkeypatch.setattr(sys, "argv", ["cppcc-review", "rate", SEED_DOC_NO, "2", "explained", "--db", str(seed_db),
                                      "--reviewer", "a"])
    try:
        assert main() == 0
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.unfreeze()
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(store.resolve(SEED_DOC_NO), "a").suggestions[1].rating.value == "explained"


def test_a_database_folder_named_like_a_command_is_not_taken_for_the_command(tmp_path, capsys):
    """`--db db stats` (a folder called db, the natural name) failed with "invalid choice:
    'stats' (choose from 'db')": the start-up looked for the first word naming a command
    and found the option's value. Also an abbreviated option (`--rev`) and `--db=…`."""
    db = tmp_path / "db"
    code, out, err = run_cli(capsys, "--db", db, "import", ROOT / "fixtures" / "001_parking_label_a.txt")
    assert code == 0 and "imported 1" in out, err
    code, out, err = run_cli(capsys, "--db", db, "stats")
    assert code == 0 and out.startswith("by: handler"), err
    code, out, err = run_cli(capsys, "--rev", "check", "--db", db, "stats")
    assert code == 0 and out.startswith("by: handler"), err
    code, out, err = run_cli(capsys, "--lang", "en", f"--db={db}", "stats")
    assert code == 0 and out.startswith("by: handler"), err


def test_every_global_option_that_takes_a_value_is_known_to_the_start_up():
    """The start-up skips the value of --db/--reviewer/--lang when it looks for the command:
    an option added to the main parser with a value must be added to that list too."""
    from cppcc_review.tui import cli as cli_module

    parser = cli_module.build_parser()
    longs = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
    with_value = {o for a in parser._actions if a.nargs != 0 for o in a.option_strings if o.startswith("--")}
    assert set(cli_module.GLOBAL_OPTIONS) == longs
    assert set(cli_module.VALUE_OPTIONS) == with_value
