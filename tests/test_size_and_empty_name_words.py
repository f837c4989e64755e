"""Two refusals said right (qa14 item 10). A file just over the 20 MB limit (20,971,530 bytes) was
"20.1 MB" to parse and import but "20.0 MB, over the 20 MB limit" to import-ratings and merge:
now every refusal rounds a size up to the tenth, the same way. And `-o ''` was refused as a folder
("：这是一个文件夹"), naming nothing: now it says the name is empty. Each test failed before the fix."""

from __future__ import annotations

import os

import pytest

from tests.helpers.cli import run_cli

JUST_OVER = 20 * 1024 * 1024 + 10


def _sparse(path, size=JUST_OVER):
    with open(path, "wb") as f:
        f.truncate(size)  # (sparse: 20 MB on paper, instant to make)
    return path


def test_a_file_just_over_the_limit_is_20_1_mb_to_every_command(seed_db, tmp_path, capsys):
    reply, ratings = _sparse(tmp_path / "big.txt"), _sparse(tmp_path / "big.yaml")
    assert run_cli(capsys, "parse", reply)[2].strip() == f"cppcc-review：错误：{reply}：文件过大（20.1 MB，上限 20 MB）"
    code, _out, err = run_cli(capsys, "import-ratings", ratings, "--db", seed_db)
    assert code == 1 and err.strip() == (f"cppcc-review：错误：{ratings}：文件有 20.1 MB，超过评定文件 20 MB 的上限；"
                                         "请分开导出（例如 export --status done）再分别导入；未导入任何内容")
    code, _out, err = run_cli(capsys, "--lang", "en", "merge", ratings)
    assert code == 1
    assert err.splitlines()[0] == (f"cppcc-review: error: {ratings}: file is 20.1 MB, over the 20 MB limit for ratings "
                                   "files; split the export (e.g. export --status done) and import the parts")


@pytest.mark.parametrize(("lang", "line"), [
    ("zh", "cppcc-review：错误：-o 给出的文件名是空的；请给出要写入的文件名（例如 ratings.yaml）；未写入任何文件"),
    ("en", "cppcc-review: error: -o names no file (an empty name); give a file name to write (e.g. ratings.yaml); "
           "nothing was written"),
])
def test_an_empty_output_name_is_called_empty_not_a_folder(seed_db, tmp_path, capsys, monkeypatch, lang, line):
    assert run_cli(capsys, "rate", "沪科提复〔2025〕56号", "1", "采纳", "--reviewer", "甲", "--db", seed_db)[0] == 0
    jia = tmp_path / "jia.yaml"
    assert run_cli(capsys, "export", "--reviewer", "甲", "--db", seed_db, "-o", jia)[0] == 0
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run_cli(capsys, "--lang", lang, "export", "--reviewer", "甲", "--db", seed_db, "-o", "")
    assert (code, out, err.strip()) == (1, "", line)
    code, out, err = run_cli(capsys, "--lang", lang, "merge", jia, "-o", "")
    assert (code, out, err.strip()) == (1, "", line)
    assert os.listdir(here) == []
