"""After a file is replaced atomically, its folder is fsynced: without that, a power cut
can lose the rename itself (the new name is only in the folder's page cache), and a change
reported as saved would come back as the old file. The order is what counts: the file's
own fsync, then the rename, then the folder's fsync. Checked on cppcc_review.store.atomic's behaviour
(which system calls reach which file, in which order), not on its code."""

from __future__ import annotations

import os
import stat

import pytest

from cppcc_review.store.atomic import atomic_write
from cppcc_review.store.output_file import atomic_output


@pytest.fixture
def calls(monkeypatch, tmp_path):
    """Every fsync (of the folder under test, or of a file), rename and hard link, in order."""
    folder = tmp_path / "db"
    folder.mkdir()
    log: list[str] = []
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            log.append("fsync folder" if info.st_ino == folder.stat().st_ino else "fsync other folder")
        else:
            log.append("fsync file")
        real_fsync(fd)

    def replace(src, dst) -> None:
        real_replace(src, dst)
        log.append("replace")

    def link(src, dst) -> None:
        real_link(src, dst)
        log.append("link")

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    return folder, log


def test_the_folder_is_fsynced_after_each_atomic_replace(calls):
    folder, log = calls
    target = folder / "index.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert log == ["fsync file", "replace", "fsync folder"] * 2


def test_a_streamed_file_is_replaced_the_same_way(calls):
    """A new output file is linked into place (a name that exists by then is not replaced),
    an existing one renamed over: the folder's fsync after either."""
    folder, log = calls
    for _ in range(2):
        with atomic_output(folder / "ratings.yaml") as out:
            out.write(b"schema: x\n")
    assert log == ["fsync file", "link", "fsync folder", "fsync file", "replace", "fsync folder"]


def test_a_caller_writing_many_files_fsyncs_the_folder_once_itself(calls):
    """`sync_dir=False` leaves the folder to the caller (one fsync for many files)."""
    folder, log = calls
    atomic_write(folder / "a.json", b"a", sync_dir=False)
    atomic_write(folder / "b.json", b"b", sync_dir=False)
    assert log == ["fsync file", "replace"] * 2
