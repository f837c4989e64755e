"""`merge -o` into a database folder (qa14 item 7): `export -o db/x.yaml` was refused, `merge -o
db/m.yaml` wrote the merged file among the database's own files (with --force, over one of them).
Both now refuse it in one line, before anything is read or written, each naming what it writes:
the export, or the merged ratings file (mn15: merge's line said 导出文件 too). Each test failed
before the fix."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


def _files(folder):
    """Every file under `folder` with its sha256: what a refused command must leave as it was."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_exports(seed_db, tmp_path, capsys):
    """甲's and 乙's exports of the seed database (outside it)."""
    exports = []
    for reviewer, rating in (("甲", "采纳"), ("乙", "解释说明")):
        assert run_cli(capsys, "rate", DOC, "1", rating, "--reviewer", reviewer, "--db", seed_db)[0] == 0
        out = tmp_path / f"{reviewer}.yaml"
        assert run_cli(capsys, "export", "--reviewer", reviewer, "-o", out, "--db", seed_db)[0] == 0
        exports.append(out)
    return exports


def test_merge_into_the_database_folder_is_refused_naming_the_merged_file(seed_db, two_exports, capsys):
    before = _files(seed_db)
    inside = seed_db / "m.yaml"
    code, out, err = run_cli(capsys, "merge", *two_exports, "-o", inside)
    assert code == 1 and out == "" and not inside.exists()
    assert err.strip() == (f"cppcc-review：错误：{inside}：位于数据库文件夹 {seed_db} 之内；那里的文件属于数据库，"
                           "请把合并后的评定文件写到别处")
    # export -o refuses that path alike, naming what it writes
    code, _out, export_err = run_cli(capsys, "export", "--reviewer", "甲", "-o", inside, "--db", seed_db)
    assert code == 1 and export_err.strip() == (f"cppcc-review：错误：{inside}：位于数据库文件夹 {seed_db} 之内；"
                                                "那里的文件属于数据库，请把导出文件写到别处")
    assert _files(seed_db) == before


def test_a_database_file_is_not_replaced_even_with_force_nor_through_a_link_or_a_subfolder(
        seed_db, two_exports, tmp_path, capsys):
    before = _files(seed_db)
    link = tmp_path / "looks-harmless.yaml"
    os.symlink(seed_db / "manifest.json", link)
    for target in (seed_db / "manifest.json", seed_db / "backups" / "m.yaml", link,
                   tmp_path / "elsewhere" / ".." / "db" / "m.yaml"):
        code, out, err = run_cli(capsys, "merge", *two_exports, "-o", target, "--force", "--lang", "en")
        assert code == 1 and out == "", target
        assert err.strip() == (f"cppcc-review: error: {target}: inside the database folder {seed_db}; "
                               "the database's files are its own - write the merged ratings file somewhere else")
    assert _files(seed_db) == before
    assert link.is_symlink()


def test_merge_beside_the_database_is_written(seed_db, two_exports, tmp_path, capsys):
    beside = tmp_path / "m.yaml"
    code, _out, err = run_cli(capsys, "merge", *two_exports, "-o", beside)
    assert code == 0 and beside.read_text("utf-8").startswith("schema: cppcc-review/merged/v1")
    assert err.strip().endswith(f"合并结果已写入 {beside}")


def test_export_into_another_database_folder_is_refused_too(seed_db, two_exports, tmp_path, capsys):
    """`export --db A -o B/manifest.json --force` replaced database B's manifest (B no longer opened):
    B's files are B's own as A's are A's."""
    other = tmp_path / "other-db"
    shutil.copytree(seed_db, other)
    before = _files(other)
    for target in (other / "manifest.json", other / "m.yaml"):
        code, out, err = run_cli(capsys, "export", "--reviewer", "甲", "--db", seed_db, "-o", target, "--force")
        assert code == 1 and out == "", target
        assert err.strip() == f"cppcc-review：错误：{target}：位于数据库文件夹 {other} 之内；那里的文件属于数据库，请把导出文件写到别处"
    assert _files(other) == before
    assert run_cli(capsys, "list", "--db", other)[0] == 0
