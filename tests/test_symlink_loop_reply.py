"""A symbolic link that loops (a.docx -> b.docx -> a.docx), given as a reply file, is said as
what it is, not as 文件不存在 / no such file (Path.exists() says False for it, as for nothing):
by `parse`, `import`, `check` and the app's import screen, in Chinese and in English; a link to a
place where there is nothing names where it points. Exit 1, nothing imported.

Real links on disk, a real database."""

from __future__ import annotations

import os

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.screens.import_files import ImportScreen
from tests.helpers.cli import run_cli
from tests.test_tui_daily_use import SIZE, app_as_tester

LOOP_ZH = "a.docx：这是一个循环的符号链接（经过几层链接又指回自己），没有可读的文件"
LOOP_EN = "a.docx: a symbolic link that loops (through links it leads back to itself); there is no file to read"


@pytest.fixture
def links(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink("b.docx", folder / "a.docx")
    os.symlink("a.docx", folder / "b.docx")
    os.symlink(str(tmp_path / "gone" / "x.docx"), folder / "dangling.docx")
    return folder


@pytest.mark.parametrize("command", [["parse"], ["check"], ["import", "--db", "DB"]])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_symlink_loop_is_said_as_such_on_the_command_line(links, tmp_path, capsys, command, lang):
    argv = [str(tmp_path / "db") if a == "DB" else a for a in command]
    code, _out, err = run_cli(capsys, "--lang", lang, *argv, links / "a.docx")
    assert code == 1, err
    assert err.strip().splitlines()[-1].endswith(LOOP_ZH if lang == "zh" else LOOP_EN), err
    assert "不存在" not in err and "no such file" not in err
    if command[0] == "import":
        with ReviewStore(tmp_path / "db", readonly=True) as store:
            assert len(store) == 0


def test_a_link_to_nothing_names_where_it_points(links, tmp_path, capsys):
    code, _out, err = run_cli(capsys, "parse", links / "dangling.docx")
    assert code == 1
    assert err.strip().endswith(f"dangling.docx：这是指向 {tmp_path / 'gone' / 'x.docx'} 的符号链接，但那里没有文件"), err


async def test_the_app_s_import_screen_says_a_symlink_loop_as_such(links, tmp_path):
    app = app_as_tester(tmp_path / "db")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path").value = str(links / "a.docx")
        await pilot.press("enter")
        await pilot.pause()
        # (the line as drawn: a long one wrapped to the dialog's width, Chinese text breaking anywhere)
        result = str(app.screen.query_one("#import-result").render()).replace("\n", "")
        assert result.endswith(LOOP_ZH) and "找不到" not in result, result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_of_a_folder_of_broken_links_says_they_are_broken_links(links, tmp_path, capsys, lang):
    """mn15: `check` given a folder holding only broken links said it had no reply files (此文件夹里没有
    答复文件); it says how many of its entries are broken links, and names each as `import` does."""
    code, out, err = run_cli(capsys, "--lang", lang, "check", links)
    assert code == 1 and out == "", err
    prefix = "cppcc-review：错误：" if lang == "zh" else "cppcc-review: error: "
    dangling = (f"dangling.docx：这是指向 {tmp_path / 'gone' / 'x.docx'} 的符号链接，但那里没有文件" if lang == "zh"
                else f"dangling.docx: a symbolic link to {tmp_path / 'gone' / 'x.docx'}, where there is no file")
    loop = LOOP_ZH if lang == "zh" else LOOP_EN
    head = (f"{links}：此文件夹里没有可读的答复文件：其中 3 个条目是失效的符号链接（见下）" if lang == "zh"
            else f"{links}: no reply file in this folder can be read: 3 of its entries are broken symbolic links (below)")
    assert err.strip().splitlines() == [prefix + head, f"{prefix}{links}/{loop}", f"{prefix}{links}/{loop.replace('a.docx', 'b.docx')}",
                                        f"{prefix}{links}/{dangling}"], err
    assert "没有答复文件" not in err and "no reply files" not in err
