"""`db check|backup|restore`, `check` and the store's common refusals speak the interface's
language (fixl), as the other commands do (tests/test_cli_language.py): Chinese by default,
English with --lang en (before or after the command) or $CPPCC_REVIEW_LANG. Each runs
through the real entry point on a real database on disk; YAML and exit codes do not change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.manifest import Manifest, shard_file
from cppcc_review.store.model import Rating
from cppcc_review.tui.cli.words import CLI_MESSAGES
from tests.helpers.cli import run_cli
from tests.helpers.holders import older_release_holder
from tests.test_cli_language import UNIT, _chinese_only, _english_only, _id_of, _letters

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "000_c6de6327335c32eb.txt"
NOT_A_REPLY = Path(__file__).resolve().parent.parent / "fixtures" / "not_replies" / "074_official_notice.txt"


@pytest.fixture
def rated(tmp_path: Path) -> Path:
    """A database of tests/test_cli_language.py's two letters, rated by 甲, 乙 and 丙."""
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, _letters(tmp_path / "in"))
        for summary in store.summaries():
            for reviewer in ("甲", "乙", "丙"):
                store.set_rating(summary.id, reviewer, 1, Rating.ADOPTED)
    return db


def _index_shard(db: Path) -> Path:
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    key = next(k for k in sorted(manifest.shards) if k.startswith("index"))
    return db / shard_file(key, manifest.shards[key])


def test_db_check_reports_in_chinese_by_default_and_in_english_with_lang_en(rated, capsys):
    code, out, err = run_cli(capsys, "db", "check", "--db", rated)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"数据库    {rated}"
    assert lines[1] == "答复      2 份（文件 2 个）"
    assert lines[2] == "已评      2 份答复，评审人 3 位"
    assert lines[-1] == "正常"
    _chinese_only(out.replace("cppcc-review", ""))
    code, out, err = run_cli(capsys, "db", "check", "--db", rated, "--lang", "en")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"database   {rated}"
    assert lines[1] == "replies    2 (files: 2)"
    assert lines[2] == "reviewed   2 replies by 3 reviewer(s)"
    assert lines[-1] == "ok"
    _english_only(out)
    # (--lang before the command, and the variable, as every command takes them)
    assert run_cli(capsys, "--lang", "en", "db", "check", "--db", rated)[1] == out


def test_db_check_words_a_damaged_shard_in_the_language(rated, capsys, monkeypatch):
    path = _index_shard(rated)
    raw = bytearray(path.read_bytes())
    # One character of a reply's id changed: the same size, valid JSON, another checksum. (A bit
    # flipped at the middle byte sometimes broke the JSON or the UTF-8 instead, and the check
    # then rightly says so in other words: the test failed now and then.)
    at = raw.index(b'"id":"') + len(b'"id":"')
    raw[at] = ord("0") if raw[at] != ord("0") else ord("1")
    path.write_bytes(bytes(raw))
    code, out, err = run_cli(capsys, "db", "check", "--db", rated)
    assert code == 1 and "正常" not in out
    assert (f"cppcc-review：错误：{path}：文件已损坏（校验和与清单不符：在 cppcc-review 之外被改动，或磁盘上已损坏）；"
            f"请运行 `cppcc-review db restore --db {rated}`") in err.splitlines()
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")
    code, out, err = run_cli(capsys, "db", "check", "--db", rated)
    assert code == 1 and "ok" not in out.splitlines()
    assert (f"cppcc-review: error: {path}: its checksum does not match the manifest: changed outside cppcc-review, "
            f"or damaged on disk; run `cppcc-review db restore --db {rated}`") in err.splitlines()
    _english_only(err)
    monkeypatch.delenv("CPPCC_REVIEW_LANG")
    # every other command refuses the damaged file, in the language too (store.backups.corrupt)
    code, _out, err = run_cli(capsys, "stats", "--db", rated)
    assert code == 1 and err.startswith(f"cppcc-review：错误：{path}：校验和与清单不符：在 cppcc-review 之外被改动，或磁盘上已损坏；")
    assert err.strip().endswith(f"请运行 `cppcc-review db restore --db {rated}` 修复（损坏的文件会保留在 backups/ 中）")
    code, _out, err = run_cli(capsys, "--lang", "en", "stats", "--db", rated)
    assert code == 1 and err.startswith(f"cppcc-review: error: {path}: its checksum does not match the manifest")
    assert err.strip().endswith("to repair it (damaged files are kept in backups/)")
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated)
    assert code == 0, err
    assert re.search(rf"^已恢复 {re.escape(str(rated))}/index/\S+，来源：", out, re.M), out
    assert not re.search(r"\b(restored|from|nothing|no backup)\b", re.sub(r"\S*/\S*", "", out)), out
    assert run_cli(capsys, "db", "check", "--db", rated)[1].splitlines()[-1] == "正常"


def test_db_backup_and_restore_say_what_they_did_in_the_language(rated, tmp_path, capsys):
    code, out, err = run_cli(capsys, "db", "backup", "--db", rated)
    assert code == 0, err
    [line] = out.splitlines()
    assert line.startswith(f"已写入 {rated / 'backups'}/backup-")
    code, out, err = run_cli(capsys, "db", "backup", "--db", rated, "--lang", "en")
    assert out.startswith(f"wrote {rated / 'backups'}/backup-")
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated)
    assert code == 0 and out.strip() == "无需恢复：每个文件都完好"
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated, "--lang", "en")
    assert code == 0 and out.strip() == "nothing to restore: every file is good"
    missing = tmp_path / "backup-nonexist.json"
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated, "--from", missing)
    assert code == 1 and err.strip() == f"cppcc-review：错误：{missing}：没有这个备份文件；`cppcc-review db check` 列出所有备份"
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated, "--from", missing, "--lang", "en")
    assert err.strip() == f"cppcc-review: error: {missing}: no such backup file; list them with `cppcc-review db check`"
    code, out, err = run_cli(capsys, "db", "check", "--db", tmp_path / "nowhere")
    assert code == 1 and err.startswith(f"cppcc-review：错误：{tmp_path / 'nowhere'}：这里没有数据库；请检查 --db")


def test_restoring_an_older_backup_names_the_kept_state_in_chinese(rated, capsys):
    run_cli(capsys, "db", "backup", "--db", rated)
    older = max((rated / "backups").glob("backup-*.json"), key=lambda p: p.name)
    code, _out, err = run_cli(capsys, "rate", _id_of(rated, UNIT), "3", "采纳", "--reviewer", "丁", "--db", rated)
    assert code == 0, err
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated, "--from", older)
    assert code == 0, err
    kept = [line for line in out.splitlines() if line.startswith("已保留 ")]
    assert len(kept) == 1 and "：恢复之前的状态；`cppcc-review db restore --db " in kept[0] and kept[0].endswith("可以找回它")
    assert f"已恢复 {rated / 'reviews'}，来源：{older}" in out.splitlines()
    assert "kept" not in out and "restored" not in out


def test_a_backup_of_another_database_is_refused_in_chinese(rated, tmp_path, capsys):
    other = tmp_path / "other"
    with ReviewStore(other) as store:
        import_paths(store, _letters(tmp_path / "in2"))
    run_cli(capsys, "db", "backup", "--db", other)
    theirs = max((other / "backups").glob("backup-*.json"), key=lambda p: p.name)
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated, "--from", theirs)
    assert code == 1 and out == ""
    assert err.startswith(f"cppcc-review：错误：{theirs}：这是另一个数据库的备份（数据库 ")
    assert err.strip().endswith("：未做任何修改；请把它恢复到它所属的数据库")
    code, out, err = run_cli(capsys, "db", "restore", "--db", rated, "--from", theirs, "--lang", "en")
    assert code == 1 and "a backup of another database" in err and "nothing was changed" in err


def test_check_speaks_chinese_by_default_and_english_with_lang_en(tmp_path, capsys):
    missing = tmp_path / "gone.txt"
    code, out, err = run_cli(capsys, "check", SEED, NOT_A_REPLY, missing, "--hints", "--today", "2025-08-01")
    assert code == 1
    assert f"{SEED}：建议2：警告 count_mismatch：称“三方面工作”，其后列出4项 «三方面工作»" in out.splitlines()
    assert re.search(rf"^{re.escape(str(SEED))}：建议1：建议评定 部分采纳 0\.\d\d 仅供参考 \[依据规则\] ", out, re.M)
    assert err.splitlines() == [
        f"cppcc-review：错误：{NOT_A_REPLY}：无法解析：不像一份答复：没有对委员的称呼、没有答复提案的开头、没有答复标题",
        f"cppcc-review：错误：{missing}：文件或文件夹不存在",
    ]
    code, out, err = run_cli(capsys, "check", SEED, NOT_A_REPLY, missing, "--hints", "--today", "2025-08-01",
                             "--lang", "en")
    assert code == 1
    assert f"{SEED}: suggestion 2: warning count_mismatch: says “三方面工作” but lists 4 items «三方面工作»" in out.splitlines()
    assert re.search(rf"^{re.escape(str(SEED))}: suggestion 1: hint partially adopted 0\.\d\d weak \[from the rules\] ",
                     out, re.M)
    assert err.splitlines() == [
        f"cppcc-review: error: {NOT_A_REPLY}: cannot parse: no reply found: no salutation to a member, "
        "no opening that answers a proposal, no reply title",
        f"cppcc-review: error: {missing}: no such file or folder",
    ]
    letter = SEED.parent / "003_flood_resolved_adopted.txt"  # (a letter with nothing to point out)
    assert run_cli(capsys, "check", letter)[1].strip() == f"{letter}：未发现问题"
    assert run_cli(capsys, "--lang", "en", "check", letter)[1].strip() == f"{letter}: no findings"
    code, _out, err = run_cli(capsys, "check", letter, "--scheme", "nonsense")
    assert code == 1 and err.startswith("cppcc-review：错误：未知的申报结果方案 'nonsense'；可用的方案：")


def test_checks_yaml_does_not_change_with_the_language(tmp_path, capsys):
    missing = tmp_path / "gone.txt"
    zh = run_cli(capsys, "check", SEED, NOT_A_REPLY, missing, "--format", "yaml", "--today", "2025-08-01")
    en = run_cli(capsys, "check", SEED, NOT_A_REPLY, missing, "--format", "yaml", "--today", "2025-08-01",
                 "--lang", "en")
    assert zh[0] == en[0] == 1
    assert "error: no such file or folder" in zh[1] and "error: 'cannot parse: no reply found" in zh[1]
    # (the findings' messages follow --lang, as they did; the structure and the errors do not)
    assert [line.split(":")[0] for line in zh[1].splitlines()] == [line.split(":")[0] for line in en[1].splitlines()]


def test_a_file_name_with_control_characters_is_not_sent_to_the_terminal(tmp_path, capsys):
    hostile = tmp_path / "a\x1b[31m[bold]b.txt"
    code, _out, err = run_cli(capsys, "check", hostile)
    assert code == 1 and "\x1b" not in err and "文件或文件夹不存在" in err


def test_rate_words_an_unknown_reply_in_chinese(rated, capsys):
    code, _out, err = run_cli(capsys, "rate", "某某复〔2099〕1号", "1", "采纳", "--reviewer", "丁", "--db", rated)
    assert code == 1
    assert err.strip() == (f"cppcc-review：错误：某某复〔2099〕1号：{rated} 中没有这个 id 或文号的答复；"
                           "`cppcc-review list` 列出每份答复的 id 和文号")
    code, _out, err = run_cli(capsys, "rate", "某某复〔2099〕1号", "1", "采纳", "--reviewer", "丁", "--db", rated,
                              "--lang", "en")
    assert err.strip() == (f"cppcc-review: error: 某某复〔2099〕1号: no reply with this id or 文号 in {rated}; "
                           "`cppcc-review list` shows every reply's id and 文号")


def test_a_database_another_program_writes_is_refused_in_chinese(rated, capsys):
    rid = _id_of(rated, UNIT)
    with older_release_holder(rated, pid=4242):  # another program holds the writer's lock
        code, _out, err = run_cli(capsys, "rate", rid, "1", "采纳", "--reviewer", "丁", "--db", rated)
        assert code == 1
        assert err.startswith(f"cppcc-review：错误：{rated} 正被另一个程序使用（cppcc-review review，进程 4242，主机 ")
        assert err.strip().endswith(f"；请在那里关闭它，或以只读方式浏览：cppcc-review --readonly --db {rated}")
        code, _out, err = run_cli(capsys, "--lang", "en", "rate", rid, "1", "采纳", "--reviewer", "丁", "--db", rated)
        assert code == 1 and err.startswith(f"cppcc-review: error: {rated} is in use by pid 4242 on host ")


def test_the_command_lines_chinese_messages_use_full_width_punctuation():
    """The rule tests/test_tui_daily_use.py applies to the app's catalogue, on the command line's
    (commands, options, placeholders and the {!r} of a name aside)."""
    bad = {}
    for key, (zh, _en) in CLI_MESSAGES.items():
        text = re.sub(r"\s?`[^`]*`|\s?\{[^}]*\}|\s?--[a-z-]+", "", zh)
        if key == "stats.caption":  # a formula: "满意+基本 = （满意 + 基本满意）/ 测评"
            text = text.replace(" = （", "")
        if re.search(r"[,;:!?()]", text) or " （" in text:
            bad[key] = zh
    assert not bad, bad
    assert "error.db.damaged" in CLI_MESSAGES and "check.finding" in CLI_MESSAGES  # (the messages of fixl are read)


def test_check_and_import_say_an_empty_folder_in_the_same_chinese_words(tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")  # not a reply file
    code, _out, err = run_cli(capsys, "check", folder)
    assert code == 1
    assert err.strip() == f"cppcc-review：错误：{folder}：此文件夹里没有答复文件（.txt, .md, .docx, .html, .htm, .shtml, .pdf）"
    assert run_cli(capsys, "import", folder, "--db", tmp_path / "db")[2] == err


def test_a_shard_that_is_not_json_is_named_with_its_line_and_column_in_either_language(rated, capsys):
    path = _index_shard(rated)
    path.write_bytes(b'{"a":\n x}')  # broken at line 2, column 2
    code, _out, err = run_cli(capsys, "stats", "--db", rated)
    assert code == 1 and err.startswith(f"cppcc-review：错误：{path}：JSON 在第 2 行第 2 列无效：此处应有一个值；"), err
    code, _out, err = run_cli(capsys, "stats", "--db", rated, "--lang", "en")
    assert code == 1 and err.startswith(f"cppcc-review: error: {path}: not valid JSON at line 2 column 2: Expecting value;")
