"""A damaged shard file that a command does not read otherwise is refused by it all the same,
with the one line `list` gives and every byte left as it was: `db backup` (a backup names the
state's shard files: it wrote one naming the damaged file, said "wrote …", exit 0, and `db
check` then called it a backup that did not finish) and `rate` (it wrote its journal line
while `list`, `stats` and `export` refused). QA round 15, bug 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.files import digest, shard

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def _flip_middle(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 4
    path.write_bytes(bytes(raw))


@pytest.fixture
def damaged(tmp_path, capsys) -> tuple[Path, Path, str]:
    """A rated database whose summary shard (the inbox's rows) has one bit flipped; `list`'s line."""
    db = tmp_path / "db"
    files = [FIXTURES / n for n in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt")]
    assert run_cli(capsys, "import", *files, "--db", db)[0] == 0
    code, out, err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    rid = next(line.split()[-1] for line in out.splitlines() if line.startswith("- id"))
    assert run_cli(capsys, "rate", rid, "1", "adopted", "--db", db)[0] == 0
    assert run_cli(capsys, "db", "backup", "--db", db)[0] == 0
    damaged_file = shard(db, "summary/0000")
    _flip_middle(damaged_file)
    code, out, err = run_cli(capsys, "list", "--db", db)
    assert code == 1 and len(err.strip().splitlines()) == 1 and str(damaged_file) in err, err
    return db, damaged_file, rid


@pytest.mark.parametrize("command", [["db", "backup"], ["rate", None, "2", "explained"]], ids=["db-backup", "rate"])
def test_a_command_that_does_not_read_the_damaged_shard_refuses_it(damaged, capsys, command):
    db, damaged_file, rid = damaged
    _code, _out, list_err = run_cli(capsys, "list", "--db", db)
    before = digest(db)
    code, out, err = run_cli(capsys, *[rid if a is None else a for a in command], "--db", db)
    assert code == 1 and out == "", out
    assert err == list_err  # the same one line, naming the damaged file and db restore
    assert digest(db) == before  # nothing written: no backup, no journal line
def test_db_check_then_restore_find_nothing_but_the_damaged_shard(damaged, capsys):
    db, damaged_file, _rid = damaged
    run_cli(capsys, "db", "backup", "--db", db)
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 1 and "did not finish" not in out + err, (out, err)
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0 and "summary" in out and "did not finish" not in out, (out, err)
    assert run_cli(capsys, "db", "backup", "--db", db)[0] == 0
    assert run_cli(capsys, "db", "check", "--db", db)[0] == 0
