"""cppcc_review.store.atomic: the old file survives any failure between writing and replacing."""

import errno
import os

import pytest

from cppcc_review.store import atomic
from cppcc_review.store.atomic import atomic_write, write_json
from cppcc_review.store.errors import NotSavedError


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_replaces_content_and_keeps_permissions(tmp_path):
    target = tmp_path / "index.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_new_file_is_not_owner_only(tmp_path):
    target = tmp_path / "new.json"
    old = os.umask(0o022)
    try:
        atomic_write(target, b"x")
    finally:
        os.umask(old)
    assert os.stat(target).st_mode & 0o777 == 0o644


def test_write_json_keeps_chinese_readable(tmp_path):
    target = tmp_path / "a.json"
    write_json(target, {"handler": "上海市科学技术委员会"})
    assert "上海市科学技术委员会".encode() in target.read_bytes()


def test_crash_between_write_and_replace_leaves_old_file(tmp_path, monkeypatch):
    target = tmp_path / "reviews.json"
    target.write_bytes(b"good")

    def crash(src, dst):
        raise OSError(errno.EIO, "simulated crash before rename")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(NotSavedError) as info:
        atomic_write(target, b"half")
    assert str(target) in str(info.value)
    assert target.read_bytes() == b"good"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
def test_disk_full_or_denied_write(tmp_path, monkeypatch, code):
    target = tmp_path / "index.json"
    target.write_bytes(b"good")

    def fail(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "write", fail)
    with pytest.raises(NotSavedError) as info:
        atomic_write(target, b"new data")
    assert os.strerror(code) in str(info.value)
    assert "\n" not in str(info.value)
    assert target.read_bytes() == b"good"
    assert leftovers(tmp_path) == []


def test_fsync_failure(tmp_path, monkeypatch):
    target = tmp_path / "index.json"
    target.write_bytes(b"good")

    def fail(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(NotSavedError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"good"
    assert leftovers(tmp_path) == []


def test_read_only_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "a.json"
    target.write_bytes(b"good")
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(NotSavedError):
            atomic_write(target, b"new")
    finally:
        os.chmod(folder, 0o700)
    assert target.read_bytes() == b"good"
