"""`cppcc-review merge` reads and parses each export once (perfd). It used to read every
file a second time for the check that refuses one export given twice, after parsing
them all (also the second copy of a file given twice). Real exports on disk; the opens
and parses are counted around the command. Each test failed before the change."""

from __future__ import annotations

import io
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from cppcc_review.store.ratings import yaml_safe
from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


@pytest.fixture
def counted(monkeypatch):
    """(opens, parses): how often each file was opened (any way Python opens a file by
    name) and parsed as YAML, by real path, while the test runs the command."""
    opens: Counter[str] = Counter()
    parses: Counter[str] = Counter()
    real_open, real_os_open, real_parse = io.open, os.open, yaml_safe.load_yaml_text

    def count(name) -> None:
        if isinstance(name, (str, os.PathLike)):
            opens[os.path.realpath(name)] += 1

    def counted_open(file, *args, **kwargs):
        count(file)
        return real_open(file, *args, **kwargs)

    def counted_os_open(path, *args, **kwargs):
        count(path)
        return real_os_open(path, *args, **kwargs)

    def counted_parse(text, name="<text>"):
        parses[os.path.realpath(name)] += 1
        return real_parse(text, name)

    monkeypatch.setattr(io, "open", counted_open)
    monkeypatch.setattr("builtins.open", counted_open)
    monkeypatch.setattr(os, "open", counted_os_open)
    monkeypatch.setattr(yaml_safe, "load_yaml_text", counted_parse)
    return opens, parses


def _exports(capsys, db, tmp_path, reviewers) -> list[Path]:
    paths = []
    for k, reviewer in enumerate(reviewers):
        run_cli(capsys, "rate", DOC, "1", ("采纳", "部分采纳", "解释说明")[k % 3], "--reviewer", reviewer, "--db", db)
        run_cli(capsys, "rate", DOC, "2", "采纳", "--reviewer", reviewer, "--db", db)
        path = tmp_path / f"{reviewer}.yaml"
        code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", path, "--db", db)
        assert code == 0, err
        paths.append(path)
    return paths


def test_three_exports_are_each_opened_and_parsed_once(seed_db, tmp_path, capsys, counted):
    files = _exports(capsys, seed_db, tmp_path, ["甲", "乙", "丙"])
    merged = tmp_path / "merged.yaml"
    opens, parses = counted
    opens.clear()
    code, out, err = run_cli(capsys, "merge", *files, "-o", merged, "--lang", "en")
    assert code == 0, err
    assert [opens[os.path.realpath(f)] for f in files] == [1, 1, 1]  # was [2, 2, 2]
    assert [parses[os.path.realpath(f)] for f in files] == [1, 1, 1]
    document = yaml.safe_load(merged.read_text(encoding="utf-8"))
    assert document["reviewers"] == ["丙", "乙", "甲"]
    assert [s["file"] for s in document["sources"]] == [str(f) for f in files]
    assert document["summary"]["disputed"] == 1 and document["summary"]["agreed"] == 1


def test_one_export_given_twice_is_refused_before_it_is_parsed(seed_db, tmp_path, capsys, counted):
    (jia,) = _exports(capsys, seed_db, tmp_path, ["甲"])
    copy = tmp_path / "copy.yaml"
    shutil.copy(jia, copy)
    merged = tmp_path / "m.yaml"
    opens, parses = counted
    opens.clear()  # (the copy above read it)
    code, _out, err = run_cli(capsys, "merge", jia, jia, "-o", merged)
    assert code == 1 and not merged.exists()
    assert err.strip() == f"cppcc-review：错误：{jia} 与 {jia} 是同一份导出，每个文件只需给一次；未写入任何文件"
    assert opens[os.path.realpath(jia)] == 1 and not parses  # was 4 opens and 2 parses
    opens.clear()
    code, _out, err = run_cli(capsys, "merge", jia, copy, "-o", merged, "--lang", "en")
    assert code == 1 and not merged.exists()
    assert err.strip() == f"cppcc-review: error: {jia} and {copy} are the same export; name each file once; nothing was written"
    assert opens[os.path.realpath(jia)] == opens[os.path.realpath(copy)] == 1 and not parses


def test_a_file_that_cannot_be_read_is_named_once_and_the_others_still_checked(seed_db, tmp_path, capsys, counted):
    (jia,) = _exports(capsys, seed_db, tmp_path, ["甲"])
    missing, broken = tmp_path / "missing.yaml", tmp_path / "broken.yaml"
    broken.write_text("schema: [unclosed\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "merge", missing, jia, missing, broken, "-o", tmp_path / "m.yaml", "--lang", "en")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == f"cppcc-review: error: {missing}: no such file"
    assert lines[1].startswith(f"cppcc-review: error: {broken}: line ")
    assert lines[2] == "cppcc-review: error: 2 of 4 files cannot be merged; nothing was written"
