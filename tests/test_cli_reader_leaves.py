"""A command whose reader leaves early (QA round b, 2): `merge … -o FILE | head -1` exited 0
and never wrote FILE (the report came first, and the BrokenPipeError ended the command), and
`import FOLDER 2>&1 | head -1` of a folder with a file that fails exited 0 where the same
import without the pipe exits 1. The command now runs to its end and keeps its status.

The reader here is a real pipe whose reading end is closed before the command writes a
byte: every write to it fails as it does after `head -1` has gone."""

from __future__ import annotations

import io
import os
import sys

import pytest

from cppcc_review.tui.cli import main
from tests.conftest import seed_file
from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


def _pipe_without_reader() -> io.TextIOWrapper:
    read_end, write_end = os.pipe()
    os.close(read_end)
    return io.TextIOWrapper(io.FileIO(write_end, "w"), encoding="utf-8", line_buffering=True)


@pytest.fixture
def reader_gone(monkeypatch):
    """Standard output and standard error on a pipe nobody reads any more."""
    stream = _pipe_without_reader()
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stderr", stream)
    yield
    monkeypatch.undo()
    _close(stream)


def _close(stream: io.TextIOWrapper) -> None:
    try:
        stream.close()
    except OSError:  # (what the pipe held back: its reader is gone)
        pass


def _exports(capsys, db, folder):
    files = []
    for reviewer, rating in (("甲", "采纳"), ("乙", "解释说明"), ("丙", "采纳")):
        run_cli(capsys, "rate", DOC, "1", rating, "--reviewer", reviewer, "--db", db)
        files.append(folder / f"{reviewer}.yaml")
        code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", files[-1], "--db", db)
        assert code == 0, err
    return files


def test_a_merge_writes_its_file_and_exits_0_when_the_report_has_no_reader(seed_db, tmp_path, capsys,
                                                                           monkeypatch):
    files = _exports(capsys, seed_db, tmp_path)
    merged = tmp_path / "merged.yaml"
    stream = _pipe_without_reader()
    monkeypatch.setattr(sys, "stdout", stream)  # (the report's reader; errors would show)
    assert main(["merge", *map(str, files), "-o", str(merged)]) == 0
    assert merged.exists() and "schema: cppcc-review/merged/v1" in merged.read_text(encoding="utf-8")
    monkeypatch.undo()
    _close(stream)
    code, out, err = run_cli(capsys, "merge", *files, "-o", tmp_path / "again.yaml")
    assert code == 0 and out.startswith("已合并 3 个文件") and (tmp_path / "again.yaml").read_bytes()


def test_an_import_that_failed_keeps_exit_1_when_its_reader_left(tmp_path, reader_gone):
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "reply.txt").write_bytes(seed_file().read_bytes())
    (folder / "broken.docx").write_bytes(b"not a word document")
    assert main(["import", str(folder), "--db", str(tmp_path / "db")]) == 1
    assert main(["import", str(folder), "--db", str(tmp_path / "db")]) == 1  # (the second time too: 1 failed)


def test_a_refusal_keeps_exit_1_when_its_reader_left(tmp_path, reader_gone):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: cppcc-review/ratings/v0\n", encoding="utf-8")
    assert main(["merge", str(bad), str(bad.with_name("other.yaml"))]) == 1
