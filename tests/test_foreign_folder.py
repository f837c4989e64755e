"""A folder another program made, holding its own manifest.json (QA 2026-12-04): it was called a damaged
database ("meta.json：在数据库已有数据时缺失 … 请运行 db restore"), and `db restore` then moved the other
program's manifest aside and wrote a database among its files. Now every command says it is not a
cppcc-review database and writes nothing there."""

from __future__ import annotations

import pytest

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import StoreError
from cppcc_review.store.reading.parser import parse_reply
from tests.helpers.cli import run_cli


def _foreign(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text('{"foo": 1}\n', encoding="utf-8")
    (other / "data.txt").write_text("x\n", encoding="utf-8")
    return other


@pytest.mark.parametrize("argv", [
    ["import", str(FIXTURES_DIR / "001_parking_label_a.txt")],
    ["db", "check"],
    ["db", "restore"],
])
def test_a_folder_of_another_program_is_not_called_a_damaged_database(tmp_path, capsys, argv):
    other = _foreign(tmp_path)
    code, out, err = run_cli(capsys, *argv, "--db", other)
    assert code == 1
    assert err.strip().endswith("这不是 cppcc-review 的数据库（其中的 manifest.json 属于另一个程序）；请用 --db 另选一个文件夹")
    assert (other / "manifest.json").read_text(encoding="utf-8") == '{"foo": 1}\n'
    assert not (other / "meta.json").exists() and not (other / "reviews.journal").exists()
    assert not (other / "backups").exists()
    assert sorted(p.name for p in other.iterdir()) == ["data.txt", "manifest.json"]  # not even a lock file


def test_the_store_refuses_it_and_still_calls_its_own_damaged_manifest_damaged(tmp_path):
    with pytest.raises(StoreError) as refused:
        ReviewStore(_foreign(tmp_path))
    assert refused.value.code == "not_our_database"
    db = tmp_path / "ours"
    with ReviewStore(db) as store:  # a database of ours with a reply, then its meta.json lost: damaged, as before
        store.add_reply(parse_reply((FIXTURES_DIR / "001_parking_label_a.txt").read_text(encoding="utf-8")))
    (db / "meta.json").unlink()
    with pytest.raises(StoreError) as damaged:
        ReviewStore(db)
    assert damaged.value.code != "not_our_database"


def test_a_new_database_is_made_only_in_a_new_or_empty_folder(tmp_path, capsys):
    """QA 2026-12-04: `import --db` into a project's folder (README.md, src/) made a database among its files."""
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "README.md").write_text("mine\n", encoding="utf-8")
    letter = FIXTURES_DIR / "001_parking_label_a.txt"
    code, _out, err = run_cli(capsys, "import", letter, "--db", project)
    assert code == 1
    assert err.strip().endswith("这里已有别的文件（如 README.md，共 2 个），没有数据库；请用 --db 给一个新的或空的文件夹")
    assert sorted(p.name for p in project.iterdir()) == ["README.md", "src"]
    empty = tmp_path / "empty"
    (empty / ".DS_Store").parent.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0")  # a hidden file does not count
    assert run_cli(capsys, "import", letter, "--db", empty)[0] == 0
    assert run_cli(capsys, "import", letter, "--db", tmp_path / "new")[0] == 0
    assert run_cli(capsys, "import", letter, "--db", tmp_path / "new")[0] == 0  # (its own files: fine)
