"""Where `export -o`, `merge -o` and the app's export write (QA 113, problem 1): through a
symbolic link to its target (the link stays a link), never over a device, a named pipe or
a socket (refused in one line naming it, nothing written: as root, `export -o /dev/null`
had turned the node into a regular file), and a folder is named as a folder, with the
advice to give a file name, not "free some disk space". Each test failed before the fix."""

from __future__ import annotations

import os
import socket
import stat

import pytest
import yaml

from cppcc_review.tui.app import ReviewApp
from tests.helpers.cli import run_cli
from tests.helpers.toasts import toasts


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


DOC = "沪科提复〔2025〕56号"


@pytest.fixture
def rated_db(seed_db, capsys):
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王", "--db", seed_db)[0] == 0
    return seed_db


def _export(capsys, db, out) -> tuple[int, str, str]:
    return run_cli(capsys, "export", "--reviewer", "王", "--db", db, "-o", out)


def _fifo(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path, stat.S_ISFIFO, "named pipe"


def _socket(tmp_path):
    path = tmp_path / "sock.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the node stays
    return path, stat.S_ISSOCK, "socket"


def _device(tmp_path):
    path = tmp_path / "mynull"
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null (root only)
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path, stat.S_ISCHR, "character device"


@pytest.mark.parametrize("make", [_fifo, _socket, _device])
def test_a_device_pipe_or_socket_is_refused_and_stays_what_it_was(rated_db, tmp_path, capsys, make):
    node, is_kind, words = make(tmp_path)
    code, _out, err = _export(capsys, rated_db, node)
    assert code == 1 and err.count("\n") == 1 and str(node) in err and words in err and "nothing was written" in err
    assert is_kind(os.lstat(node).st_mode)
    good = tmp_path / "good.yaml"
    assert _export(capsys, rated_db, good)[0] == 0
    code, _out, err = run_cli(capsys, "merge", good, "-o", node)
    assert code == 1 and str(node) in err and words in err
    assert is_kind(os.lstat(node).st_mode)
    link = tmp_path / "link-to-node.yaml"
    link.symlink_to(node.name)
    code, _out, err = _export(capsys, rated_db, link)
    assert code == 1 and str(link) in err and words in err
    assert link.is_symlink() and is_kind(os.lstat(node).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_a_symlink_is_written_through_and_stays_a_link(rated_db, tmp_path, capsys):
    target = tmp_path / "shared" / "wang.yaml"
    target.parent.mkdir()
    target.write_text("schema: cppcc-review/ratings/v1\ncount: 0\nreplies: []\n", encoding="utf-8")  # an earlier export
    target.chmod(0o640)
    link = tmp_path / "wang.yaml"
    link.symlink_to(os.path.join("shared", "wang.yaml"))
    assert _export(capsys, rated_db, link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == os.path.join("shared", "wang.yaml")
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert doc["schema"] == "cppcc-review/ratings/v1" and doc["replies"][0]["suggestions"][0]["rating"] == "adopted"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target keeps its permissions
    merged = tmp_path / "merged.yaml"
    merged.symlink_to(target.parent / "merged-real.yaml")  # a link to a file not made yet
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(target.read_bytes())
    assert run_cli(capsys, "merge", copy, "-o", merged)[0] == 0
    assert merged.is_symlink()
    assert yaml.safe_load((target.parent / "merged-real.yaml").read_text(encoding="utf-8"))["schema"] == (
        "cppcc-review/merged/v1"
    )


def test_a_folder_is_named_as_a_folder(rated_db, tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    for argv in (["export", "--reviewer", "王", "--db", rated_db, "-o", folder],
                 ["merge", __file__, "-o", folder]):
        code, _out, err = run_cli(capsys, *argv)
        assert code == 1 and err.count("\n") == 1
        assert "is a folder" in err and "give a file name" in err and "disk space" not in err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("lang", "words"), [("zh", "是一个文件夹：请给出文件名"), ("en", "is a folder: give a file name")])
async def test_the_apps_export_to_a_folder_says_it_is_a_folder(rated_db, tmp_path, lang, words):
    folder = tmp_path / "exports"
    folder.mkdir()
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.ask_export_path()
        await pilot.pause()
        path_box = app.screen.query_one("#path")
        path_box.value = str(folder)
        await pilot.press("enter")
        await pilot.pause(0.3)
        messages = toasts(app)
        assert any(words in m and str(folder) in m for m in messages), messages
        assert not any("磁盘" in m or "disk space" in m for m in messages), messages
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("lang", "words"), [("zh", "是命名管道（FIFO），不是普通文件"), ("en", "is a named pipe (FIFO), not a regular file")])
async def test_the_apps_export_to_a_pipe_is_refused(rated_db, tmp_path, lang, words):
    node, is_kind, _words = _fifo(tmp_path)
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.export_ratings(node) is None
        await pilot.pause(0.3)
        messages = toasts(app)
        assert any(words in m for m in messages), messages
    assert is_kind(os.lstat(node).st_mode)
