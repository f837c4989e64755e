"""The refusals the command line still printed in English only (clizh): opening a database (a
meta file that cannot be read, a lock file that cannot be opened, a --db that is a file), the
reviewer's name refused (from --reviewer, the config file, $CPPCC_REVIEW_REVIEWER or the OS
user) and `db restore`'s lines for a damaged reply pack. Each in Chinese by default and, as the
store words it, in English with --lang en; on real files and a real database on disk.

The OS's own words (strerror: "Is a directory") stay as the OS says them, in brackets."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli
from tests.test_restore_recovery import write_letter

DOC = "沪科提复〔2025〕56号"


def _error(capsys, *argv: object, lang: str = "zh") -> str:
    code, out, err = run_cli(capsys, *argv, *(["--lang", "en"] if lang == "en" else []))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    return err.strip()


def _reviewers(db: Path) -> list[str]:
    with ReviewStore(db, readonly=True) as store:
        return store.reviewers()


@pytest.mark.parametrize(("name", "chinese", "english"), [
    ("consensus", "cppcc-review：错误：--reviewer 'consensus'：这个姓名是保留给已裁定的分歧的（在评审界面中按 D 设定）；请使用你自己的姓名",
     "cppcc-review: error: --reviewer 'consensus': this name is reserved for settled disputes (set in the app, D); "
     "use your own name"),
    ("王\t芳", "cppcc-review：错误：--reviewer '王\\t芳'：这个姓名含有控制字符（U+0009）；请在一行内以纯文本给出姓名",
     "cppcc-review: error: --reviewer '王\\t芳': this name holds a control character (U+0009); "
     "give the name as plain text on one line"),
    (" ", "cppcc-review：错误：--reviewer 是空的；请给出你的姓名（或不写这个选项，使用配置的姓名）",
     "cppcc-review: error: --reviewer is empty; give your name (or leave the option out to use the configured one)"),
])
def test_a_refused_reviewer_option_is_said_in_the_language(seed_db, capsys, name, chinese, english):
    assert _error(capsys, "rate", DOC, "1", "采纳", "--reviewer", name, "--db", seed_db) == chinese
    assert _error(capsys, "rate", DOC, "1", "采纳", "--reviewer", name, "--db", seed_db, lang="en") == english
    assert _reviewers(seed_db) == []
    # export reads --reviewer through the settings: the same words (QA: "--reviewer：reviewer 'consensus' …")
    assert _error(capsys, "export", "--reviewer", name, "--db", seed_db) == chinese
    assert _error(capsys, "export", "--reviewer", name, "--db", seed_db, lang="en") == english


def test_a_refused_name_from_the_environment_or_the_config_is_said_in_the_language(seed_db, capsys, isolated_config,
                                                                                   monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_REVIEWER", "Consensus")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db) == (
        "cppcc-review：错误：$CPPCC_REVIEW_REVIEWER：reviewer 'Consensus' 是保留给已裁定的分歧的（在评审界面中按 D 设定）；"
        "请使用你自己的姓名")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db, lang="en") == (
        "cppcc-review: error: $CPPCC_REVIEW_REVIEWER: reviewer 'Consensus' is reserved for settled disputes "
        "(set in the app, D); use your own name")
    monkeypatch.delenv("CPPCC_REVIEW_REVIEWER")
    isolated_config.write_text('reviewer = "王\\u001b芳"\n', encoding="utf-8")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db) == (
        f"cppcc-review：错误：{isolated_config}：reviewer '王\\x1b芳' 含有控制字符（U+001B）；请在一行内以纯文本给出姓名")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db, lang="en").endswith(
        "holds a control character (U+001B); give the name as plain text on one line")
    isolated_config.write_text('reviewer = " "\n', encoding="utf-8")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db) == (
        f"cppcc-review：错误：{isolated_config}：reviewer 是空的；请给出你的姓名，或删去这一项")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db, lang="en") == (
        f"cppcc-review: error: {isolated_config}: reviewer is empty; give your name or leave it out")
    assert _reviewers(seed_db) == []


def test_a_refused_os_user_name_is_said_in_the_language(seed_db, capsys, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "consensus")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db) == (
        "cppcc-review：错误：操作系统用户名 'consensus' 是保留给已裁定的分歧的（在评审界面中按 D 设定）；请使用你自己的姓名"
        "（请用 --reviewer 姓名，或在配置文件中写 reviewer = 姓名）")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db, lang="en") == (
        "cppcc-review: error: the OS user name 'consensus' is reserved for settled disputes (set in the app, D); "
        "use your own name (--reviewer NAME, or reviewer = in the config file)")


def test_a_db_that_is_a_file_is_said_so_in_the_language(tmp_path, capsys):
    letter = write_letter(tmp_path, "a.txt", "柳荫路", 31)
    assert _error(capsys, "list", "--db", letter) == f"cppcc-review：错误：{letter}：这是一个文件，不是数据库文件夹；请检查 --db"
    assert _error(capsys, "list", "--db", letter, lang="en") == (
        f"cppcc-review: error: {letter}: is a file, not a database folder; check --db")
    assert _error(capsys, "import", letter, "--db", letter) == (
        f"cppcc-review：错误：{letter}：这是一个文件，不是数据库文件夹；请给 --db 一个文件夹")
    assert _error(capsys, "import", letter, "--db", letter / "db") == (
        f"cppcc-review：错误：{letter / 'db'}：无法建立数据库文件夹：{letter} 是一个文件")
    assert letter.read_text(encoding="utf-8").startswith("关于在柳荫路增设路灯")


def test_a_meta_file_that_cannot_be_read_is_said_so_in_the_language(seed_db, capsys):
    meta = seed_db / "meta.json"
    meta.unlink()
    meta.mkdir()  # (read as root too: a folder where the file should be)
    assert _error(capsys, "list", "--db", seed_db) == (
        f"cppcc-review：错误：{meta}：无法读取（Is a directory）；请检查它的权限")
    assert _error(capsys, "list", "--db", seed_db, lang="en") == (
        f"cppcc-review: error: {meta}: cannot read (Is a directory); check its permissions")


def test_a_lock_file_that_cannot_be_opened_is_said_so_in_the_language(seed_db, capsys):
    lock = seed_db / "lock"
    if lock.exists():
        lock.unlink()
    lock.mkdir()  # (opening it to write fails as root too: EISDIR)
    assert _error(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王芳", "--db", seed_db) == (
        f"cppcc-review：错误：{lock}：无法打开锁文件（Is a directory）；请检查文件夹的权限，或以只读方式浏览："
        f"cppcc-review --readonly --db {seed_db}")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--reviewer", "王芳", "--db", seed_db, lang="en") == (
        f"cppcc-review: error: {lock}: cannot open the lock file (Is a directory); check the folder's permissions, "
        f"or browse it read-only: cppcc-review --readonly --db {seed_db}")
    assert _reviewers(seed_db) == []


def _damaged_pack(tmp_path: Path, capsys) -> tuple[Path, Path, Path, str]:
    """A database of two replies in one pack, the first reply's text damaged and its document gone:
    (db, pack, the other document, the first reply's id)."""
    db, docs = tmp_path / "db", tmp_path / "docs"
    first = write_letter(docs, "a.txt", "柳荫路", 31)
    write_letter(docs, "b.txt", "桂花巷", 32)
    assert run_cli(capsys, "import", docs, "--db", db)[0] == 0
    with ReviewStore(db, readonly=True) as store:
        rid = store.resolve("测交复〔2025〕31号")
    [pack] = (db / "replies").glob("p-*.json")
    raw = bytearray(pack.read_bytes())
    at = raw.index("柳荫路南段".encode())
    raw[at:at + 3] = b"\xff\xfe\xfd"
    pack.write_bytes(bytes(raw))
    first.unlink()
    return db, pack, first, rid


def test_db_restore_s_pack_lines_are_chinese_by_default(tmp_path, capsys):
    db, pack, first, rid = _damaged_pack(tmp_path, capsys)
    code, out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if line.startswith(str(pack))]
    assert re.fullmatch(
        rf"{re.escape(str(pack))}：1 份完好的正文已移入新包 {re.escape(str(db))}/replies/p-\w+\.json"
        rf"（损坏的包保留为 {re.escape(str(db))}/backups/\S+）；"
        rf"答复 {rid}：正文已损坏，也没有保留完好的副本：请重新导入它的文件（{re.escape(str(first))}）", line), line


def test_db_restore_s_pack_lines_stay_the_store_s_english_with_lang_en(tmp_path, capsys):
    db, pack, first, rid = _damaged_pack(tmp_path, capsys)
    code, out, err = run_cli(capsys, "db", "restore", "--db", db, "--lang", "en")
    assert code == 0, err
    [line] = [line for line in out.splitlines() if str(pack) in line]
    assert re.fullmatch(
        rf"restored {re.escape(str(pack))} from 1 good text in {re.escape(str(db))}/replies/p-\w+\.json "
        rf"\(the damaged pack kept as {re.escape(str(db))}/backups/\S+\); "
        rf"reply {rid}: its text is damaged and no good copy is kept: import its document again \({re.escape(str(first))}\)",
        line), line


def test_a_config_file_s_refused_name_is_said_in_the_language_that_file_asks_for(seed_db, capsys, isolated_config):
    """The file's `lang` holds even though its reviewer is refused (the settings as a whole are not read)."""
    isolated_config.write_text('lang = "en"\nreviewer = "consensus"\n', encoding="utf-8")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db) == (
        f"cppcc-review: error: {isolated_config}: reviewer 'consensus' is reserved for settled disputes "
        "(set in the app, D); use your own name")
    assert _error(capsys, "rate", DOC, "1", "采纳", "--db", seed_db, "--lang", "zh").startswith(
        f"cppcc-review：错误：{isolated_config}：reviewer 'consensus' 是保留给")


def test_a_meta_file_of_no_schema_or_a_newer_one_is_said_so_in_the_language(seed_db, capsys):
    meta = seed_db / "meta.json"
    meta.write_text('{"schema_version": "two"}', encoding="utf-8")
    assert _error(capsys, "list", "--db", seed_db) == (
        f"cppcc-review：错误：{meta}：不是有效的 meta 文件（需要整数 schema_version）；"
        f"请运行 `cppcc-review db restore --db {seed_db}` 重写它")
    assert _error(capsys, "list", "--db", seed_db, lang="en").startswith(f"cppcc-review: error: {meta}: not a valid meta file")
    meta.write_text('{"schema_version": 999}', encoding="utf-8")
    assert _error(capsys, "list", "--db", seed_db).startswith(
        f"cppcc-review：错误：{seed_db}：由更新版本的 cppcc-review 写入（schema 999，这个版本最多读到 ")
    assert _error(capsys, "list", "--db", seed_db, lang="en").startswith(
        f"cppcc-review: error: {seed_db}: written by a newer cppcc-review (schema 999, this one reads up to ")
