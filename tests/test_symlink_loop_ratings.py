"""A ratings file given as a symbolic link that loops (a.yaml -> b.yaml -> a.yaml) or leads nowhere is
said as what it is by `import-ratings` and `merge`, in the words a reply file given so gets
(store.reading.extract.missing_file, tests/test_symlink_loop_reply.py); it said the OS's "无法读取
（Too many levels of symbolic links）；请检查它的权限" and, for one to nowhere, 文件不存在 (mn15).
Exit 1, nothing imported, nothing written. Real links on disk, a real database."""

from __future__ import annotations

import os

import pytest

from tests.helpers.cli import run_cli
from tests.test_merge_output_inside_db import _files

LOOP = {"zh": "a.yaml：这是一个循环的符号链接（经过几层链接又指回自己），没有可读的文件",
        "en": "a.yaml: a symbolic link that loops (through links it leads back to itself); there is no file to read"}


@pytest.fixture
def links(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink("b.yaml", folder / "a.yaml")
    os.symlink("a.yaml", folder / "b.yaml")
    os.symlink(str(tmp_path / "gone" / "x.yaml"), folder / "dangling.yaml")
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_ratings_says_a_looping_link_as_such(seed_db, links, capsys, lang):
    before = _files(seed_db)
    code, out, err = run_cli(capsys, "--lang", lang, "import-ratings", links / "a.yaml", "--db", seed_db)
    assert code == 1 and out == ""
    tail = "；未导入任何内容" if lang == "zh" else "; nothing was imported"
    assert err.strip().splitlines() == [("cppcc-review：错误：" if lang == "zh" else "cppcc-review: error: ")
                                        + f"{links}/{LOOP[lang]}{tail}"], err
    assert "Too many levels" not in err
    assert _files(seed_db) == before


def test_import_ratings_names_where_a_link_to_nothing_points(seed_db, links, tmp_path, capsys):
    code, _out, err = run_cli(capsys, "import-ratings", links / "dangling.yaml", "--db", seed_db)
    assert code == 1
    assert err.strip() == (f"cppcc-review：错误：{links / 'dangling.yaml'}：这是指向 {tmp_path / 'gone' / 'x.yaml'} "
                           "的符号链接，但那里没有文件；未导入任何内容"), err


def test_merge_says_both_as_such(links, tmp_path, capsys):
    merged = tmp_path / "m.yaml"
    code, out, err = run_cli(capsys, "merge", links / "a.yaml", links / "dangling.yaml", "-o", merged)
    assert code == 1 and out == "" and not merged.exists()
    assert err.strip().splitlines() == [
        f"cppcc-review：错误：{links}/{LOOP['zh']}",
        f"cppcc-review：错误：{links / 'dangling.yaml'}：这是指向 {tmp_path / 'gone' / 'x.yaml'} 的符号链接，但那里没有文件",
        "cppcc-review：错误：2/2 个文件无法合并；未写入任何文件",
    ], err


def test_a_file_that_is_not_there_is_still_no_such_file(seed_db, tmp_path, capsys):
    code, _out, err = run_cli(capsys, "import-ratings", tmp_path / "none.yaml", "--db", seed_db)
    assert code == 1 and err.strip() == f"cppcc-review：错误：{tmp_path / 'none.yaml'}：文件不存在；未导入任何内容"
