"""The database folder belongs to the store (issue 14 #10).

* `export -o` a path inside the database folder (its own reviews.json, a new file beside
  it, a file in backups/) is refused with one line, and no byte of the folder changes;
* temporary files left by a killed process (our naming pattern: `.<name>.<pid>.<random>.tmp`,
  and the older `.<name>.<random>.tmp`) are removed by the next writer that opens the
  database (those of reply files by its first import), and by the next export to the same
  file; anything else is left alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli
from tests.helpers.files import digest
from tests.helpers.replies import make_reply


def rated_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=3))
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
    with ReviewStore(db) as s:
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED)
    return db, rid


@pytest.mark.parametrize("inside", ["reviews.json", "new.yaml", "backups/x.yaml", "replies/../index.json"])
def test_export_into_the_database_folder_is_refused(tmp_path, capsys, inside):
    db, _ = rated_db(tmp_path)
    before = digest(db)
    for lang, words in (("zh", "之内；那里的文件属于数据库"), ("en", "inside the database folder")):
        code, out, err = run_cli(capsys, "--db", db, "export", "--reviewer", "alice", "-o", db / inside, "--lang", lang)
        lines = err.strip().splitlines()
        assert code == 1 and len(lines) == 1 and words in lines[0], (out, err)
    assert digest(db) == before


def a_dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_temp_files_of_killed_writers_are_removed_at_the_next_open(tmp_path):
    db, rid = rated_db(tmp_path)
    dead = a_dead_pid()
    ours = [
        db / f".reviews.json.{dead}.k2j4h5g6.tmp",
        db / ".history.json.ab12cd34.tmp",  # an older release's name: no pid
        db / "replies" / f".{rid}.json.{dead}.zzzzzzzz.tmp",
        db / "backups" / f".reviews-20250101-000000-000000.json.{dead}.q1w2e3r4.tmp",
    ]
    theirs = [db / ".my-notes.tmp", db / "notes.txt", db / "replies" / ".hidden", db / ".reviews.json.tmp"]
    for path in ours + theirs:
        path.write_bytes(b"{}")
    with ReviewStore(db, readonly=True):
        assert all(p.exists() for p in ours)  # a reader removes nothing
    with ReviewStore(db) as s:  # a writer: those of compactions and backups at open
        assert s.get_review(rid, "alice").suggestions[0].rating is Rating.ADOPTED
        assert [p.name for p in ours if p.exists()] == [ours[2].name]
        s.add_reply(make_reply(n=3))  # the first import of a session: those of reply files
    assert [p.name for p in ours if p.exists()] == []
    assert all(p.exists() for p in theirs)


def test_a_stale_temp_file_of_an_export_is_removed_by_the_next_export(tmp_path, capsys):
    db, _ = rated_db(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dead = a_dead_pid()
    stale = out_dir / f".ratings.yaml.{dead}.abcd1234.tmp"
    other = out_dir / f".other.yaml.{dead}.abcd1234.tmp"
    stale.write_text("half an export")
    other.write_text("another file's")
    code, out, err = run_cli(capsys, "--db", db, "export", "--reviewer", "alice", "-o", out_dir / "ratings.yaml")
    assert code == 0, err
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in out_dir.iterdir()) == [other.name, "ratings.yaml"]
