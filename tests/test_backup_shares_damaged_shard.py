"""Backups share the state's unchanged shard files. One of them damaged after a good backup
was taken: `db check` named the backup "a backup that did not finish … cut short by a power
cut" (a note), and `db restore` rebuilt the shard but set the complete backup aside as
unfinished ("restored …backup-….json from nothing: a backup that did not finish"). Now a
backup whose own file is whole is never called unfinished; the shard rebuilt (the same
content, the same file) makes it whole again and it is kept; one that still names a damaged
file is set aside saying so (QA round 15, bug 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli
from tests.helpers.files import shard

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def _flip_middle(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 4
    path.write_bytes(bytes(raw))


def _rated_db(tmp_path: Path, capsys) -> tuple[Path, str]:
    db = tmp_path / "db"
    files = [FIXTURES / n for n in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt")]
    assert run_cli(capsys, "import", *files, "--db", db)[0] == 0
    code, out, err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    rid = next(line.split()[-1] for line in out.splitlines() if line.startswith("- id"))
    assert run_cli(capsys, "rate", rid, "1", "adopted", "--db", db)[0] == 0
    assert run_cli(capsys, "db", "backup", "--db", db)[0] == 0
    return db, rid


@pytest.mark.parametrize("how", ["appended", "bit-flipped"])
@pytest.mark.parametrize("key", ["names/", "summary/"])
def test_a_backup_sharing_a_damaged_shard_is_kept_once_the_shard_is_rebuilt(tmp_path, capsys, key, how):
    db, rid = _rated_db(tmp_path, capsys)
    kept = backups.list_manifests(db)
    with ReviewStore(db, readonly=True) as store:
        named = sorted(k for k in store._folder.manifest.shards if k.startswith(key))
    damaged = shard(db, named[0])
    if how == "appended":
        with open(damaged, "ab") as f:
            f.write(b"\x00junk")
    else:
        _flip_middle(damaged)
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 1 and "did not finish" not in out + err, (out, err)
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0, err
    assert "did not finish" not in out and "backups" not in out, out  # (only the shard is named)
    assert backups.list_manifests(db) == kept  # (the backup of the rated state was set aside)
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and "note" not in out, (out, err)
    assert run_cli(capsys, "db", "restore", "--db", db, "--from", kept[0])[0] == 0


def test_a_backup_naming_a_file_damaged_for_good_is_set_aside_saying_so(tmp_path, capsys):
    """A shard version only an older backup names (the state has moved on) cannot be rebuilt:
    that backup is set aside, and the line says a file it names is damaged, not that it did
    not finish, nor that it was "restored from nothing"."""
    db, rid = _rated_db(tmp_path, capsys)
    with ReviewStore(db) as store:
        store.fold_all()  # (the rating into its review shard)
    assert run_cli(capsys, "db", "backup", "--db", db)[0] == 0
    older = backups.list_manifests(db)[0]
    with ReviewStore(db) as store:
        old_key = next(k for k in store._folder.manifest.shards if k.startswith("reviews/") and rid.startswith(k[8:]))
        old_file = shard(db, old_key)
        store.set_rating(rid, "root", 2, None, note="later")
        store.fold_all()
    assert shard(db, old_key) != old_file and old_file.exists()
    _flip_middle(old_file)
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 1 and "did not finish" not in out + err and "cannot be used" in err, (out, err)
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0, err
    line = next(x for x in out.splitlines() if older.name in x)
    assert line.startswith(f"{older}: not usable: a file it names is gone or damaged ({old_file}"), line
    assert "did not finish" not in out and "from nothing" not in line, out
    assert older not in backups.list_manifests(db)
    assert run_cli(capsys, "db", "check", "--db", db)[0] == 0
