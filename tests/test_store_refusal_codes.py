"""The store's refusals a reviewer meets with a database open, in the interface's language.

These refusals reached a Chinese user in English: the database folder moved or deleted while a
store has it open, a write through a read-only or closed store, a change or an export that did
not reach the disk (a full disk: here a file size limit, RLIMIT_FSIZE, which any user can set),
a reply's text gone or damaged, a suggestion that is no longer there, an export aimed inside the
database or at a path that cannot be written, a named pipe given as a reply or ratings file.
Each now carries a code and its values; the command line (tui.cli.words) and the app
(tui.refusal_words) word it in Chinese, and in English as the store says it. Each is met here
for real, on a real database on disk, and both languages are checked."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import StoreError
from cppcc_review.store.lock import DatabaseLock
from cppcc_review.store.model import Rating
from cppcc_review.tui.cli.words import error_text
from cppcc_review.tui.import_reasons import reason_text
from cppcc_review.tui.refusal_words import refusal_text
from tests.helpers.cli import run_cli
from tests.helpers.files import digest

DOC = "沪科提复〔2025〕56号"
ME = "王芳"


def said(exc: StoreError, code: str, chinese: str, english: str) -> None:
    """`exc` has `code`; the command line and the app say `chinese` by default, `english` in English."""
    assert exc.code == code
    assert error_text(exc, "zh") == chinese and refusal_text(exc, "zh") == chinese
    assert error_text(exc, "en") == english and refusal_text(exc, "en") == english


def refused(call, *args, **kwargs) -> StoreError:
    with pytest.raises(StoreError) as caught:
        call(*args, **kwargs)
    return caught.value


def cli_error(capsys, *argv: object, lang: str = "zh") -> str:
    code, out, err = run_cli(capsys, *argv, *(["--lang", "en"] if lang == "en" else []))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    return err.strip()


def reply_id(db: Path) -> str:
    with ReviewStore(db, readonly=True) as store:
        return store.resolve(DOC)


# ---------------------------------------------------------------- the database folder while open
@pytest.mark.parametrize("how", ["moved", "deleted"])
def test_the_database_folder_moved_or_deleted_while_open(seed_db, tmp_path, how):
    rid = reply_id(seed_db)
    store = ReviewStore(seed_db)
    moved = tmp_path / "moved"
    shutil.copytree(seed_db, moved) if how == "deleted" else shutil.move(seed_db, moved)
    shutil.rmtree(seed_db, ignore_errors=True)
    before = digest(moved)
    exc = refused(store.set_rating, rid, ME, 1, Rating.ADOPTED)
    said(exc, "folder_moved", f"{seed_db}：数据库文件夹在打开期间被移动、删除或替换；未做任何修改，请重新打开它",
         f"{seed_db}: the database folder was moved, deleted or replaced while open; nothing was changed - open it again")
    assert digest(moved) == before and not seed_db.exists()


def test_what_the_app_reads_of_other_writers_after_the_folder_or_its_files_went(seed_db, tmp_path):
    """The app's poll (ReviewStore.refresh, once a second; its line in the status line) after the
    folder went: said as that (not as its manifest missing, with a `db restore` of a folder that is
    not there); after its manifest or its journal went: the damaged file, its detail worded too."""
    backup = tmp_path / "copy"
    shutil.copytree(seed_db, backup)
    store = ReviewStore(seed_db)
    shutil.rmtree(seed_db)
    said(refused(store.refresh, wait=0), "folder_moved",
         f"{seed_db}：数据库文件夹在打开期间被移动、删除或替换；未做任何修改，请重新打开它",
         f"{seed_db}: the database folder was moved, deleted or replaced while open; nothing was changed - open it again")
    shutil.copytree(backup, seed_db)
    store = ReviewStore(seed_db)
    manifest, restore = seed_db / "manifest.json", f"`cppcc-review db restore --db {seed_db}`"
    manifest.unlink()
    said(refused(store.refresh, wait=0), "damaged_file",
         f"{manifest}：缺失（这个版本的数据库总有清单文件）；请运行 {restore} 修复（损坏的文件会保留在 backups/ 中）",
         f"{manifest}: missing (a database of this version always has one); run {restore} to repair it "
         "(damaged files are kept in backups/)")
    shutil.rmtree(seed_db)
    shutil.copytree(backup, seed_db)
    store = ReviewStore(seed_db)
    journal = seed_db / "reviews.journal"
    journal.unlink()
    exc = refused(store.refresh, wait=0)
    assert exc.code in ("damaged_file_backup", "damaged_file_no_backup")
    assert error_text(exc, "zh").startswith(f"{journal}：缺失或没有第一行（数据库的清单列有它）；")
    assert refusal_text(exc, "zh") == error_text(exc, "zh")
    assert error_text(exc, "en").startswith(f"{journal}: missing or without its first line (the database's manifest names it); ")


def test_a_database_folder_that_is_not_there_when_the_writer_locks_it(tmp_path):
    gone = tmp_path / "gone"
    lock = DatabaseLock(gone)

    def write() -> None:
        with lock.write(0):
            pass

    said(refused(write), "folder_missing", f"{gone}：数据库文件夹不存在；未做任何修改",
         f"{gone}: the database folder does not exist; nothing was changed")


def test_a_write_through_a_read_only_store(seed_db):
    rid = reply_id(seed_db)
    before = digest(seed_db)
    with ReviewStore(seed_db, readonly=True) as store:
        said(refused(store.set_rating, rid, ME, 1, Rating.ADOPTED), "readonly_flag",
             f"{seed_db}：数据库以只读方式打开（--readonly）；未做任何修改",
             f"{seed_db}: opened read-only (--readonly); nothing was changed")
        # the journal's own guard, behind the store's (a writer's path that skipped the store's check)
        said(refused(store._jstore.write, {}), "readonly", f"{seed_db}：数据库以只读方式打开；未做任何修改",
             f"{seed_db}: opened read-only; nothing was changed")
    assert digest(seed_db) == before


def test_a_write_through_a_closed_store(seed_db):
    rid = reply_id(seed_db)
    store = ReviewStore(seed_db)
    store.close()
    before = digest(seed_db)
    said(refused(store.set_note, rid, ME, 1, "备注"), "db_closed", f"{seed_db}：数据库已关闭；未做任何修改",
         f"{seed_db}: the database is closed; nothing was changed")
    assert digest(seed_db) == before


# ---------------------------------------------------------------- a write that does not reach the disk
def run_limited(limit: int, *argv: object) -> tuple[int, str]:
    """`cppcc-review ARGV` in a process that may not write a file past `limit` bytes (RLIMIT_FSIZE:
    a write past it fails with EFBIG, as a full disk fails with ENOSPC); (exit code, its error line)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (else the process is killed instead of told)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", *map(str, argv)], preexec_fn=limited,
                          capture_output=True, text=True, timeout=120)
    # (the last line: the log file, past the limit too, may have complained before it)
    return done.returncode, done.stderr.strip().splitlines()[-1]


PREFIX = {"zh": "cppcc-review：错误：", "en": "cppcc-review: error: "}


def test_a_change_or_a_file_that_cannot_be_written_is_said_in_the_language(seed_db, tmp_path):
    rid = reply_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_rating(rid, ME, 1, Rating.ADOPTED)
    journal = seed_db / "reviews.journal"
    size = journal.stat().st_size
    before = digest(seed_db)
    for lang, words in (("zh", f"{journal}：修改未保存（File too large）；已保存的数据完好无损；请腾出磁盘空间或检查文件夹的权限，然后重试"),
                        ("en", f"{journal}: change not saved (File too large); the saved data is intact - "
                               "free some disk space or check the folder's permissions, then try again")):
        code, line = run_limited(size, "rate", DOC, 2, "采纳", "--reviewer", ME, "--db", seed_db, "--lang", lang)
        assert (code, line) == (1, f"{PREFIX[lang]}{words}")
    assert digest(seed_db) == before

    out = tmp_path / "ratings.yaml"
    for lang, words in (("zh", f"{out}：未保存（File too large）；之前的版本完好无损；请腾出磁盘空间或检查文件夹的权限，然后重试"),
                        ("en", f"{out}: not saved (File too large); the previous version is intact - "
                               "free some disk space or check the folder's permissions, then try again")):
        code, line = run_limited(100, "export", "-o", out, "--reviewer", ME, "--db", seed_db, "--lang", lang)
        assert (code, line) == (1, f"{PREFIX[lang]}{words}")
    assert not out.exists() and digest(seed_db) == before

    for lang, words in (("zh", "：未保存（File too large）；请腾出磁盘空间或检查文件夹的权限，然后重试"),
                        ("en", ": not saved (File too large) - free some disk space or check the folder's permissions, "
                               "then try again")):
        code, line = run_limited(100, "db", "backup", "--db", seed_db, "--lang", lang)
        assert code == 1 and line.startswith(f"{PREFIX[lang]}{seed_db / 'backups'}/backup-"), line
        assert line.endswith(".json" + words), line
    # (the database's files as they were; a failed backup may leave a copy of the manifest in backups/)
    assert {k: v for k, v in digest(seed_db).items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")}


# ---------------------------------------------------------------- a reply's text
def pack_of(db: Path) -> Path:
    (pack,) = (db / "replies").glob("p-*.json")
    return pack


@pytest.mark.parametrize("damage", ["gone", "changed", "not json"])
def test_a_reply_text_gone_or_damaged(seed_db, damage):
    rid = reply_id(seed_db)
    pack = pack_of(seed_db)
    raw = pack.read_bytes()
    if damage == "gone":
        pack.unlink()
    elif damage == "changed":  # (the same length, still JSON: only the checksum tells)
        pack.write_bytes(raw.replace("建议".encode(), "意见".encode(), 1))
    else:
        at = raw.index(b'{"v"')  # (the reply's own bytes in the pack, after the pack's head)
        pack.write_bytes(raw[:at] + b"x" + raw[at + 1:])
    with ReviewStore(seed_db, readonly=True) as store:
        exc = refused(store.get_reply, rid)
    if damage == "gone":
        said(exc, "text_gone", f"{pack}：答复的正文缺失；请重新导入它的文件",
             f"{pack}: the reply's text is missing; import its document again")
    elif damage == "changed":
        said(exc, "text_checksum", f"{pack}：答复 {rid}：校验和与索引不符（在 cppcc-review 之外被改动，或已损坏）；请重新导入它的文件",
             f"{pack}: reply {rid}: its checksum does not match the index (changed outside cppcc-review, or damaged); "
             "import its document again")
    else:
        why = "Expecting value: line 1 column 1 (char 0)"  # (the JSON reader's words, as it says them)
        said(exc, "text_not_reply", f"{pack}：答复 {rid} 的正文已损坏（JSON 在第 1 行第 1 列无效：此处应有一个值）；"
             "请重新导入它的文件", f"{pack}: reply {rid}: not a valid reply ({why}); import its document again")


# ---------------------------------------------------------------- a suggestion no longer there
def test_a_suggestion_that_is_not_there_or_cannot_be_split_or_merged(seed_db):
    rid = reply_id(seed_db)
    with ReviewStore(seed_db) as store:
        n = len(store.get_reply(rid).suggestions)
        said(refused(store.set_rating, rid, ME, n + 1, Rating.ADOPTED), "no_suggestion",
             f"答复 {rid} 没有建议 {n + 1}（它有 {n} 条）", f"reply {rid} has no suggestion {n + 1} (it has {n})")
        said(refused(store.merge_suggestion, rid, ME, n), "merge_last",
             f"答复 {rid}：建议 {n} 无法与下一条合并（它共有 {n} 条）",
             f"reply {rid}: suggestion {n} cannot be merged with the next one (it has {n})")
        start, end = store.suggestion_ranges(rid)[0]
        said(refused(store.split_suggestion, rid, ME, 1, start), "split_outside",
             f"答复 {rid}：第 {start} 行不在建议 1 之内（第 {start + 1}-{end - 1} 行可以开始一条新建议）",
             f"reply {rid}: line {start} is not inside suggestion 1 (lines {start + 1}-{end - 1} can start a new suggestion)")


# ---------------------------------------------------------------- where an export goes
def test_an_export_inside_the_database_or_where_nothing_can_be_written(seed_db, tmp_path, capsys):
    with ReviewStore(seed_db) as store:
        store.set_rating(reply_id(seed_db), ME, 1, Rating.ADOPTED)
    before = digest(seed_db)
    inside = seed_db / "ratings.yaml"
    argv = ("export", "-o", inside, "--reviewer", ME, "--db", seed_db)
    assert cli_error(capsys, *argv) == (
        f"cppcc-review：错误：{inside}：位于数据库文件夹 {seed_db} 之内；那里的文件属于数据库，请把导出文件写到别处")
    assert cli_error(capsys, *argv, lang="en") == (
        f"cppcc-review: error: {inside}: inside the database folder {seed_db}; the database's files are its own - "
        "write the export somewhere else")
    assert digest(seed_db) == before
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    under = a_file / "ratings.yaml"
    argv = ("export", "-o", under, "--reviewer", ME, "--db", seed_db)
    assert cli_error(capsys, *argv) == f"cppcc-review：错误：{under}：无法写入（Not a directory）；未写入任何文件"
    assert cli_error(capsys, *argv, lang="en") == (
        f"cppcc-review: error: {under}: cannot be written (Not a directory); nothing was written")


# ---------------------------------------------------------------- a named pipe given as a file
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_given_as_a_reply_or_ratings_file(seed_db, tmp_path, capsys, monkeypatch):
    fifo = tmp_path / "reply.txt"
    os.mkfifo(fifo)
    why = ("这是命名管道（FIFO），不是普通文件；只读取普通文件", "is a named pipe (FIFO), not a regular file; only regular files are read")
    for argv in (("parse", fifo), ("check", fifo)):
        assert cli_error(capsys, *argv) == f"cppcc-review：错误：{fifo}：{why[0]}"
        monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")  # (as --lang en, which `parse` does not take)
        assert cli_error(capsys, *argv) == f"cppcc-review: error: {fifo}: {why[1]}"
        monkeypatch.delenv("CPPCC_REVIEW_LANG")
    argv = ("import-ratings", fifo, "--db", seed_db)
    assert cli_error(capsys, *argv) == f"cppcc-review：错误：{fifo}：{why[0]}；未导入任何内容"
    assert cli_error(capsys, *argv, lang="en") == f"cppcc-review: error: {fifo}: {why[1]}; nothing was imported"
    with ReviewStore(seed_db) as store:  # the app's import screen: why the file was not imported
        from cppcc_review.store.importer import import_paths

        ((_, reason),) = import_paths(store, [fifo]).failed
    assert reason_text(reason, "zh") == why[0] and reason_text(reason, "en") == why[1]


def test_a_ratings_file_over_the_size_limit(seed_db, tmp_path, capsys):
    big = tmp_path / "ratings.yaml"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)  # (a sparse file: refused by its size, never read)
    argv = ("import-ratings", big, "--db", seed_db)
    assert cli_error(capsys, *argv) == (
        f"cppcc-review：错误：{big}：文件有 21 MB，超过评定文件 20 MB 的上限；请分开导出（例如 export --status done）再分别导入"
        "；未导入任何内容")
    assert cli_error(capsys, *argv, lang="en") == (
        f"cppcc-review: error: {big}: file is 21 MB, over the 20 MB limit for ratings files; split the export "
        "(e.g. export --status done) and import the parts; nothing was imported")


# ---------------------------------------------------------------- the app
async def test_the_app_says_a_moved_database_folder_in_its_language(seed_db, tmp_path):
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.review import ReviewScreen
    from tests.helpers.toasts import toasts
    from tests.test_tui import open_first

    for lang, words in (("zh", "数据库文件夹在打开期间被移动、删除或替换；未做任何修改，请重新打开它"),
                        ("en", "the database folder was moved, deleted or replaced while open; nothing was changed")):
        app = ReviewApp(db_path=seed_db, reviewer=ME, lang=lang)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            if not isinstance(app.screen, ReviewScreen):  # (the second opening comes back on the reply: its place)
                await open_first(pilot)
            moved = tmp_path / f"moved-{lang}"
            shutil.move(seed_db, moved)
            await pilot.press("1")
            await pilot.pause(0.3)
            assert any(words in toast for toast in toasts(app)), toasts(app)
            shutil.move(moved, seed_db)
        with ReviewStore(seed_db, readonly=True) as store:
            assert store.reviewers() == []  # nothing was stored


# ---------------------------------------------------------------- a journal that cannot be opened for writing
def test_a_journal_that_cannot_be_opened_for_writing(seed_db, capsys):
    """An immutable journal (chattr +i: refused even to root, as a file of another user is refused)."""
    journal = seed_db / "reviews.journal"
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", journal], capture_output=True).returncode:
        pytest.skip("no chattr +i here (it needs root and a file system that keeps the flag)")
    try:
        before = digest(seed_db)
        argv = ("rate", DOC, 1, "采纳", "--reviewer", ME, "--db", seed_db)
        assert cli_error(capsys, *argv) == (
            f"cppcc-review：错误：{journal}：无法打开以写入（Operation not permitted）；请检查文件夹的权限，"
            f"或以只读方式浏览：cppcc-review --readonly --db {seed_db}")
        assert cli_error(capsys, *argv, lang="en") == (
            f"cppcc-review: error: {journal}: cannot open for writing (Operation not permitted); "
            "check the folder's permissions or open with --readonly")
        assert digest(seed_db) == before
    finally:
        subprocess.run(["chattr", "-i", journal], check=True)


# ---------------------------------------------------------------- a ratings file that is not safe YAML
@pytest.mark.parametrize(("content", "chinese", "english"), [
    (b"", "文件是空的", "the file is empty"),
    (b"a: \xff\n", "第 1 行：不是 UTF-8 文本（字节 0xff）；请把文件另存为 UTF-8",
     "line 1: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    (b'a: "x\x1b"\n', "第 1 行第 6 列：YAML 中不允许控制字符 U+001B", "line 1, column 6: control character U+001B is not allowed in YAML"),
    (b"a: [1\n", "第 2 行第 1 列：不是有效的 YAML（PyYAML 的原话：did not find expected ',' or ']' (while parsing a flow sequence)）",
     "line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence)"),
    (b"a: 1\na: 2\n", "第 2 行第 1 列：重复的键 'a'（第一次出现在第 1 行）", "line 2, column 1: duplicate key 'a' (first at line 1)"),
    (b"? [1]\n: 2\n", "第 1 行第 3 列：映射的键必须是普通值", "line 1, column 3: a mapping key must be a plain value"),
    (b"a: !!python/object x\n", "第 1 行第 4 列：评定文件中不接受标签 'tag:yaml.org,2002:python/object'",
     "line 1, column 4: tag 'tag:yaml.org,2002:python/object' is not accepted in a ratings file"),
])
def test_a_ratings_file_that_is_not_safe_yaml(seed_db, tmp_path, capsys, content, chinese, english):
    bad = tmp_path / "ratings.yaml"
    bad.write_bytes(content)
    before = digest(seed_db)
    argv = ("import-ratings", bad, "--db", seed_db)
    assert cli_error(capsys, *argv) == f"cppcc-review：错误：{bad}：{chinese}；未导入任何内容"
    assert cli_error(capsys, *argv, lang="en") == f"cppcc-review: error: {bad}: {english}; nothing was imported"
    assert digest(seed_db) == before
    other = tmp_path / "other.yaml"
    other.write_text("{}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "merge", bad, other, "-o", tmp_path / "merged.yaml")
    assert code == 1 and f"{bad}：{chinese}" in err, err
