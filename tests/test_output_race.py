"""What another program does at an output's path while `export -o`, `merge -o` or the app's
export is being written is not lost:

- the path was free when it was checked, and a file was made there before the finished export
  was put in place: that file is kept (the export is linked into place, and a link refuses a
  name that exists), one line names it, exit 1, no temporary file left;
- the file that was checked (or that the app asked about) was changed or replaced by the time
  the export is renamed over it: kept the same way;
- where hard links cannot be made (FAT, exFAT), a new file is still written, and a file made
  before the rename is still kept;
- a replaced file keeps its owner, group and permissions.

The race is made deterministic: `store.output_file.before_publish`, called between the
writing and the rename or link, is where "another program" acts (set with raising=False, so
that on the code before this change, which had no such moment to refuse at, the file made
there is silently replaced and these tests fail on what the user would see)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
import yaml

from cppcc_review.store import output_file
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.confirm import ConfirmScreen
from tests.helpers.cli import run_cli
from tests.helpers.toasts import toasts

DOC = "沪科提复〔2025〕56号"
THEIRS = "另一个程序刚写下的文件：不能被悄悄替换。\n".encode()


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


@pytest.fixture
def rated_db(seed_db, capsys):
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王", "--db", seed_db)[0] == 0
    return seed_db


def _meanwhile(monkeypatch, act) -> list[Path]:
    """Run `act(target)` at the moment between writing the output and putting it in place."""
    seen: list[Path] = []

    def hook(target: Path) -> None:
        seen.append(target)
        act(target)

    monkeypatch.setattr(output_file, "before_publish", hook, raising=False)
    return seen


def _make_theirs(target: Path) -> None:
    target.write_bytes(THEIRS)


def _others(folder: Path, *keep: str) -> list[str]:
    """Names in `folder` besides `keep` (a temporary file left behind would be one)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def _export(capsys, db, out, *more) -> tuple[int, str, str]:
    return run_cli(capsys, "export", "--reviewer", "王", "--db", db, "-o", out, *more)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "a file was made there by another program while the output was written; it was kept and nothing "
           "was written (write it again to replace it)"),
    ("zh", "写入期间另一个程序在那里建了一个文件；已保留它，未写入任何文件（再写一次才会替换它）"),
])
def test_a_file_made_at_a_free_path_during_the_export_is_kept(rated_db, tmp_path, capsys, monkeypatch, lang, words):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", lang)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "wang.yaml"
    _meanwhile(monkeypatch, _make_theirs)
    code, out, err = _export(capsys, rated_db, target)
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert str(target) in err and words in err, err
    assert target.read_bytes() == THEIRS
    assert _others(out_dir, "wang.yaml") == []  # no temporary file left
    # written again, the file now there is checked like any other (not an export: --force)
    monkeypatch.setattr(output_file, "before_publish", lambda target: None, raising=False)
    assert _export(capsys, rated_db, target)[0] == 1 and target.read_bytes() == THEIRS
    code, _out, err = _export(capsys, rated_db, target, "--force")
    assert code == 0, err
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["schema"] == "cppcc-review/ratings/v1"


@pytest.mark.parametrize("how", ["written in place", "replaced by a new file", "deleted"])
def test_an_earlier_export_changed_during_the_export_is_kept(rated_db, tmp_path, capsys, monkeypatch, how):
    target = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, target)[0] == 0
    assert run_cli(capsys, "rate", DOC, "2", "解释说明", "--reviewer", "王", "--db", rated_db)[0] == 0

    def act(where: Path) -> None:
        if how == "written in place":
            with open(where, "ab") as f:
                f.write("# 另一个程序加的一行\n".encode())
        elif how == "replaced by a new file":
            (where.parent / "theirs.tmp").write_bytes(THEIRS)
            os.replace(where.parent / "theirs.tmp", where)
        else:
            where.unlink()

    _meanwhile(monkeypatch, act)
    code, out, err = _export(capsys, rated_db, target)
    if how == "deleted":  # nothing there to lose: the export is written
        assert code == 0, err
        assert yaml.safe_load(target.read_text(encoding="utf-8"))["replies"][0]["suggestions"][1]["rating"] == "explained"
        return
    expected = THEIRS if how == "replaced by a new file" else None
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert str(target) in err and "changed by another program since it was checked; it was kept" in err, err
    if expected is not None:
        assert target.read_bytes() == expected
    else:
        assert target.read_text(encoding="utf-8").endswith("# 另一个程序加的一行\n")
    assert _others(tmp_path, "wang.yaml", "db") == []


def test_merge_keeps_a_file_made_at_its_output_meanwhile(rated_db, tmp_path, capsys, monkeypatch):
    export = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, export)[0] == 0
    merged = tmp_path / "merged.yaml"
    _meanwhile(monkeypatch, _make_theirs)
    code, _out, err = run_cli(capsys, "merge", export, "-o", merged)
    assert code == 1 and str(merged) in err and "made there by another program" in err, err
    assert merged.read_bytes() == THEIRS
    assert _others(tmp_path, "wang.yaml", "merged.yaml", "db") == []


@pytest.mark.parametrize("refusal", [errno.EPERM, errno.EOPNOTSUPP])
def test_without_hard_links_a_new_file_is_still_written_and_one_made_meanwhile_kept(
        rated_db, tmp_path, capsys, monkeypatch, refusal):
    """A USB stick's FAT or exFAT makes no hard links (EPERM, ENOTSUP): renamed into place
    instead, after one more look at the name."""
    def no_links(src, dst, **kwargs):
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "wang.yaml"
    code, _out, err = _export(capsys, rated_db, target)
    assert code == 0, err
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["schema"] == "cppcc-review/ratings/v1"
    other = tmp_path / "li.yaml"
    _meanwhile(monkeypatch, _make_theirs)
    code, _out, err = _export(capsys, rated_db, other)
    assert code == 1 and "made there by another program" in err, err
    assert other.read_bytes() == THEIRS
    assert _others(tmp_path, "wang.yaml", "li.yaml", "db") == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root")
@pytest.mark.parametrize("mode", [0o640, 0o604])
def test_a_replaced_file_keeps_its_owner_group_and_mode(rated_db, tmp_path, capsys, mode):
    target = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, target)[0] == 0
    os.chown(target, 4321, 4322)
    target.chmod(mode)
    assert run_cli(capsys, "rate", DOC, "2", "解释说明", "--reviewer", "王", "--db", rated_db)[0] == 0
    code, _out, err = _export(capsys, rated_db, target)
    assert code == 0 and "replacing the earlier file" in err, err
    st = target.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, mode)
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["replies"][0]["suggestions"][1]["rating"] == "explained"


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "changed by another program since it was checked; it was kept and nothing was written"),
    ("zh", "检查之后被另一个程序改动了；已保留它，未写入任何文件"),
])
async def test_the_app_replaces_only_the_file_it_asked_about(rated_db, tmp_path, capsys, lang, words):
    """The question names a file; the reviewer takes a while to answer y, and meanwhile another
    program writes its own file there: that one is kept, and the toast says why."""
    target = tmp_path / "wang.yaml"
    assert _export(capsys, rated_db, target)[0] == 0
    app = ReviewApp(db_path=rated_db, reviewer="王", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.export_ratings(target) is None  # asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        (tmp_path / "theirs.tmp").write_bytes(THEIRS)
        os.replace(tmp_path / "theirs.tmp", target)  # another program, while the question is shown
        await pilot.press("y")
        await pilot.pause(0.3)
        messages = toasts(app)
        assert any(_squeezed(str(target) + ("：" if lang == "zh" else ": ") + words) in _squeezed(m)
                   for m in messages), messages
    assert target.read_bytes() == THEIRS
    assert _others(tmp_path, "wang.yaml", "db") == []
