"""The command line's Chinese (its default language) for what three changes made at once:
import-ratings keeping newer work and --skip-missing, an empty folder on import, a twin
without 文号, and -o refusing a pipe or a folder. Each was written with English lines
only; merged with the language change, the Chinese interface printed them in English or
(the majority line of merge) in the wrong words. The English lines are tested in each
feature's own test module, run with --lang en."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from tests.test_import_ratings_skip_missing import _colleague_export, _mine
from tests.test_same_letter_two_formats import PARAGRAPHS

DOC = "沪科提复〔2025〕56号"


@pytest.fixture(autouse=True)
def _default_language(monkeypatch):
    monkeypatch.delenv("CPPCC_REVIEW_LANG", raising=False)


def _rate(capsys, db, index, rating, *more):
    code, _out, err = run_cli(capsys, "rate", DOC, str(index), rating, *more, "--reviewer", "王", "--db", db)
    assert code == 0, err


def test_import_ratings_says_in_chinese_what_it_kept(seed_db, tmp_path, capsys):
    _rate(capsys, seed_db, 1, "adopted")
    old = tmp_path / "old.yaml"
    assert run_cli(capsys, "export", "--reviewer", "王", "--db", seed_db, "-o", old)[0] == 0
    _rate(capsys, seed_db, 2, "explained", "--note", "后来写的")
    code, out, _err = run_cli(capsys, "import-ratings", old, "--dry-run", "--db", seed_db)
    assert code == 0
    assert f"{old}：将保留本库中比文件更新的工作：王 的 1 条评定、1 条备注" in out
    assert "newer" not in out and "predates" not in out


def test_skip_missing_speaks_chinese(tmp_path, capsys):
    export, db = _colleague_export(capsys, tmp_path), _mine(tmp_path)
    code, _out, err = run_cli(capsys, "import-ratings", export, "--db", db)
    assert code == 1 and "--skip-missing 只导入本库已有答复的评定" in err
    code, out, err = run_cli(capsys, "import-ratings", export, "--db", db, "--skip-missing")
    assert code == 0, err
    assert "已导入评审人 李 的 2 条评定" in out and "；跳过 1 份本库没有的已评定答复：" in out


def test_an_empty_folder_and_a_twin_without_doc_no_in_chinese(tmp_path, capsys):
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    code, _out, err = run_cli(capsys, "import", empty, "--db", tmp_path / "db")
    assert code == 1 and f"{empty}：此文件夹里没有答复文件（.txt" in err
    letters = tmp_path / "letters"
    letters.mkdir()
    for name in ("a.txt", "b.txt"):  # the same letter, its line breaks differing
        sep = "\n\n" if name == "a.txt" else "\n"
        (letters / name).write_text(sep.join(PARAGRAPHS) + "\n", "utf-8")
    code, out, err = run_cli(capsys, "import", letters, "--db", tmp_path / "db")
    assert code == 0 and out.startswith("新导入 1，更新 0，未变 0，跳过重复 1")
    assert "是同一份答复（无文号，正文相同）" in err


def test_output_refusals_in_chinese(seed_db, tmp_path, capsys):
    _rate(capsys, seed_db, 1, "adopted")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    code, _out, err = run_cli(capsys, "export", "--reviewer", "王", "--db", seed_db, "-o", pipe)
    assert code == 1 and err.count("\n") == 1
    assert f"{pipe}：这是命名管道（FIFO），不是普通文件；未写入任何文件" in err
    code, _out, err = run_cli(capsys, "export", "--reviewer", "王", "--db", seed_db, "-o", tmp_path)
    assert code == 1 and "这是一个文件夹；请给出要写入的文件名（例如 " in err
    assert str(Path(tmp_path) / "ratings.yaml") in err
