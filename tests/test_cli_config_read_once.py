"""A command reads the config file once: its language (before and after parsing), its log
level, its settings and its reviewer's name all come from that one reading (it was read up
to 5 times a command). Each command reads it anew: a file changed between two commands of
one process is seen by the second."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.test_ratings_io import SEED_DOC_NO


@pytest.fixture
def config_reads(isolated_config, monkeypatch) -> list[Path]:
    """The config file (isolated_config, holding a reviewer and a backups count) and a list
    that grows by one each time a command reads it."""
    isolated_config.write_text('reviewer = "王芳"\nbackups = 3\n', encoding="utf-8")
    reads: list[Path] = []
    read_text = Path.read_text

    def counting(self: Path, *args, **kwargs) -> str:
        if self == isolated_config:
            reads.append(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    return reads


@pytest.mark.parametrize(("argv", "status"), [
    (["rate", SEED_DOC_NO, "1", "adopted"], 0),
    (["rate", "no-such-reply", "1", "adopted"], 1),  # (refusals are worded in the configured language)
    (["list"], 0),
    (["stats"], 0),
    (["export", "-o", "-"], 1),  # (王芳 has rated nothing here)
    (["db", "check"], 0),
    (["--lang", "en", "list"], 0),
])
def test_each_command_reads_the_config_file_once(capsys, seed_db, config_reads, argv, status):
    code, _out, err = run_cli(capsys, *argv, "--db", seed_db)
    assert code == status, err
    assert len(config_reads) == 1


def test_check_and_parse_read_it_once_too(capsys, config_reads):
    from tests.conftest import seed_file

    for command in ("check", "parse"):
        config_reads.clear()
        code, _out, err = run_cli(capsys, command, seed_file())
        assert code == 0, err
        assert len(config_reads) == 1, command


def test_the_next_command_reads_the_file_as_it_is_then(capsys, seed_db, isolated_config, config_reads):
    code, out, _err = run_cli(capsys, "rate", SEED_DOC_NO, "1", "adopted", "--db", seed_db)
    assert code == 0 and "王芳" in out
    isolated_config.write_text('reviewer = "李明"\nlang = "en"\n', encoding="utf-8")
    code, out, _err = run_cli(capsys, "rate", SEED_DOC_NO, "2", "explained", "--db", seed_db)
    assert code == 0 and "李明" in out and "explained" in out
    assert len(config_reads) == 2


def test_a_broken_config_file_is_read_once_and_refused_in_one_line(capsys, seed_db, isolated_config, config_reads):
    isolated_config.write_text("reviewer = \n", encoding="utf-8")
    code, out, err = run_cli(capsys, "rate", SEED_DOC_NO, "1", "adopted", "--db", seed_db)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(isolated_config) in err
    assert len(config_reads) == 1
