"""Recovery as a reviewer meets it, through the command line on real files and a real
database: `db restore --from` refuses another database's backup and keeps the state it
replaces (with the command that brings it back); a journal cut short that a backup
witnessed is reported by `db check` and brought back by `db restore`; a damaged reply pack
is rebuilt by `db restore`, so the advice `db check` gives works."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh; db, check and the store's refusals since fixl), so they run it
    in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

# Two replies written for these tests (not published letters).
LETTER = """关于在{street}增设路灯的提案的答复

测交复〔2025〕{no}号
李四委员：

您提出的关于在{street}增设路灯的提案收悉。现答复如下：

一是关于增设路灯。我局已在{street}南段新装路灯二十盏，已于今年四月投入使用。

二是关于夜间维护。我局将安排专人每月巡查一次，发现损坏及时更换。

感谢您对城市照明工作的关心和支持。

某市城市管理局
2025年5月20日
"""


def write_letter(folder: Path, name: str, street: str, no: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(LETTER.format(street=street, no=no), encoding="utf-8")
    return path


def doc_no(no: int) -> str:
    return f"测交复〔2025〕{no}号"


def ratings(capsys, db: Path) -> list[str]:
    code, out, err = run_cli(capsys, "export", "--db", db, "--all-reviewers")
    assert code == 0, err
    found = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.strip().startswith("rating:")]
    return [value for value in found if value != "null"]


def rate(capsys, db: Path, no: int, index: int, value: str) -> None:
    code, _out, err = run_cli(capsys, "rate", doc_no(no), index, value, "--reviewer", "王", "--db", db)
    assert code == 0, err


def newest_backup(db: Path) -> Path:
    return max((db / "backups").glob("backup-*.json"), key=lambda p: p.name)


def test_a_backup_of_another_database_is_refused_and_nothing_changes(tmp_path, capsys):
    mine, other = tmp_path / "mine", tmp_path / "other"
    run_cli(capsys, "import", write_letter(tmp_path / "docs", "a.txt", "柳荫路", 31), "--db", mine)
    rate(capsys, mine, 31, 1, "adopted")
    rate(capsys, mine, 31, 2, "explained")
    run_cli(capsys, "import", write_letter(tmp_path / "docs2", "b.txt", "桂花巷", 32), "--db", other)
    assert run_cli(capsys, "db", "backup", "--db", other)[0] == 0
    before = {p.relative_to(mine): p.read_bytes() for p in mine.rglob("*") if p.is_file() and p.name != "lock"}

    code, out, err = run_cli(capsys, "db", "restore", "--db", mine, "--from", newest_backup(other))

    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "a backup of another database" in err and "nothing was changed" in err
    after = {p.relative_to(mine): p.read_bytes() for p in mine.rglob("*") if p.is_file() and p.name != "lock"}
    assert after == before
    assert ratings(capsys, mine) == ["adopted", "explained"]


def test_restoring_an_older_backup_keeps_the_newer_state_and_names_the_command_that_brings_it_back(tmp_path, capsys):
    db = tmp_path / "db"
    run_cli(capsys, "import", write_letter(tmp_path / "docs", "a.txt", "柳荫路", 31), "--db", db)
    rate(capsys, db, 31, 1, "adopted")
    run_cli(capsys, "db", "backup", "--db", db)
    older = newest_backup(db)
    rate(capsys, db, 31, 2, "explained")

    code, out, err = run_cli(capsys, "db", "restore", "--db", db, "--from", older)

    assert code == 0, err
    assert ratings(capsys, db) == ["adopted"]  # the older backup's reviews
    [kept] = [line for line in out.splitlines() if line.startswith("kept ")]
    command = kept.split("`")[1]
    assert command.startswith("cppcc-review db restore --db ") and " --from " in command
    code, out, err = run_cli(capsys, *command.split()[1:])
    assert code == 0, err
    assert ratings(capsys, db) == ["adopted", "explained"]
    code, out, _err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and out.rstrip().endswith("ok")


def test_a_journal_cut_short_that_a_backup_witnessed_fails_check_and_restore_brings_it_back(tmp_path, capsys):
    db = tmp_path / "db"
    run_cli(capsys, "import", write_letter(tmp_path / "docs", "a.txt", "柳荫路", 31), "--db", db)
    rate(capsys, db, 31, 1, "adopted")
    rate(capsys, db, 31, 2, "explained")
    run_cli(capsys, "db", "backup", "--db", db)
    journal = db / "reviews.journal"
    raw = journal.read_bytes()
    journal.write_bytes(raw[: raw.rstrip(b"\n").rfind(b"\n") + 1])  # the last change's line gone, whole

    code, out, err = run_cli(capsys, "db", "check", "--db", db)

    assert code == 1 and not out.rstrip().endswith("ok")
    [line] = err.strip().splitlines()
    assert str(journal) in line and "cut short" in line and "db restore" in line
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0, err
    assert "cut short: 1 change brought back" in out
    assert ratings(capsys, db) == ["adopted", "explained"]
    assert run_cli(capsys, "db", "check", "--db", db)[0] == 0


def test_a_damaged_reply_pack_is_repaired_as_db_check_advises(tmp_path, capsys):
    db, docs = tmp_path / "db", tmp_path / "docs"
    write_letter(docs, "a.txt", "柳荫路", 31)
    write_letter(docs, "b.txt", "桂花巷", 32)
    run_cli(capsys, "import", docs, "--db", db)
    rate(capsys, db, 32, 1, "adopted")
    [pack] = (db / "replies").glob("p-*.json")
    raw = bytearray(pack.read_bytes())
    raw[120:123] = b"\xff\xfe\xfd"  # inside the first reply's text
    pack.write_bytes(bytes(raw))

    code, _out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 1 and f"db restore --db {db}" in err
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)  # what check advised

    assert code == 0, err
    assert "nothing to restore" not in out and str(pack) in out
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and out.rstrip().endswith("ok"), err
    assert "adopted" in ratings(capsys, db)
    code, out, err = run_cli(capsys, "parse", docs / "a.txt")
    assert code == 0
    code, out, err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    assert code == 0 and out.count("id:") >= 2


def test_after_reimporting_a_damaged_packs_documents_check_and_restore_agree(tmp_path, capsys):
    db, docs = tmp_path / "db", tmp_path / "docs"
    write_letter(docs, "a.txt", "柳荫路", 31)
    write_letter(docs, "b.txt", "桂花巷", 32)
    run_cli(capsys, "import", docs, "--db", db)
    [pack] = (db / "replies").glob("p-*.json")
    raw = bytearray(pack.read_bytes())
    raw[120:123] = b"\xff\xfe\xfd"
    pack.write_bytes(bytes(raw))
    (docs / "a.txt").rename(tmp_path / "a.txt")  # its document is not where it was imported from

    run_cli(capsys, "import", tmp_path / "a.txt", docs / "b.txt", "--db", db)
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    if code != 0:  # the pack still named by an unchanged reply: restore moves it, never "every file is good"
        code, out, err = run_cli(capsys, "db", "restore", "--db", db)
        assert code == 0 and "nothing to restore" not in out, err
        code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0 and out.rstrip().endswith("ok"), err


def test_a_journal_cut_below_what_the_shards_hold_fails_check_and_restore_starts_a_new_one(tmp_path, capsys):
    from cppcc_review.store import shards
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.model import Rating
    from tests.helpers.replies import make_reply

    db = tmp_path / "db"
    with ReviewStore(db) as s:
        a, _ = s.add_reply(make_reply(doc_no="测甲〔2025〕1号"))
        b, _ = s.add_reply(make_reply(doc_no="测乙〔2025〕2号", variant="乙"))
        s.fold_all()
        s.set_rating(b, "alice", 1, Rating.EXPLAINED)
        s.set_rating(a, "alice", 1, Rating.ADOPTED)
        s.set_rating(a, "alice", 2, Rating.ADOPTED)
        with s._writing():
            s._fold(parts=[shards.prefix(a)])  # reply a's changes into its shards; the journal stays
    journal = db / "reviews.journal"
    raw = journal.read_bytes()
    journal.write_bytes(raw[: raw.rstrip(b"\n").rfind(b"\n") + 1])  # a's last line, folded, cut off

    code, _out, err = run_cli(capsys, "db", "check", "--db", db)

    assert code == 1 and str(journal) in err and "cut short" in err and "db restore" in err
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0 and "a new journal started" in out, err
    with ReviewStore(db) as s:  # a change saved now counts
        s.set_rating(b, "alice", 2, Rating.ADOPTED)
    with ReviewStore(db, readonly=True) as r:
        assert [x.rating for x in r.get_review(a, "alice").suggestions[:2]] == [Rating.ADOPTED, Rating.ADOPTED]
        assert [x.rating for x in r.get_review(b, "alice").suggestions[:2]] == [Rating.EXPLAINED, Rating.ADOPTED]
    assert run_cli(capsys, "db", "check", "--db", db)[0] == 0
