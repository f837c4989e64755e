"""The last English lines under the Chinese default (words2): a file type the reader does not read
(`import`, `check`, `parse`: its suffix, or none, was said in English inside the Chinese line),
`parse` given a folder, `parse --lang` (refused as a usage error while every other command
takes it) and a setting the config file, a variable or an option gives wrongly: in the
language the config asks for, else Chinese. Each in Chinese by default and, word for word as
before, in English with --lang en; on real files and a real database on disk."""

from __future__ import annotations

import pytest

from tests.conftest import seed_file
from tests.helpers.cli import run_cli

SUPPORTED = ".txt .md .docx .html .htm .shtml .pdf"


def test_an_unsupported_file_type_is_said_in_the_language(seed_db, capsys, tmp_path):
    dat, bare = tmp_path / "bin.dat", tmp_path / "ff"
    dat.write_text("x\n", encoding="utf-8")
    bare.write_text("x\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "import", dat, bare, "--db", seed_db)
    assert code == 1
    assert err.splitlines() == [f"cppcc-review：错误：{dat}：不支持的文件类型（.dat 文件）；支持：{SUPPORTED}",
                                f"cppcc-review：错误：{bare}：不支持的文件类型（没有扩展名的文件）；支持：{SUPPORTED}"]
    code, _out, err = run_cli(capsys, "import", dat, bare, "--db", seed_db, "--lang", "en")
    assert err.splitlines() == [f"cppcc-review: error: {dat}: unsupported file type ('.dat' files); supported: {SUPPORTED}",
                                f"cppcc-review: error: {bare}: unsupported file type (files without a suffix); "
                                f"supported: {SUPPORTED}"]
    assert run_cli(capsys, "parse", bare)[2] == (f"cppcc-review：错误：{bare}：不支持的文件类型（没有扩展名的文件）；"
                                                 f"支持：{SUPPORTED}\n")
    assert run_cli(capsys, "check", dat)[2] == f"cppcc-review：错误：{dat}：不支持的文件类型（.dat 文件）；支持：{SUPPORTED}\n"


def test_parse_takes_lang_and_says_a_folder_in_the_language(capsys, tmp_path, isolated_config):
    code, out, err = run_cli(capsys, "parse", tmp_path)
    assert (code, out) == (1, "")
    assert err == f"cppcc-review：错误：{tmp_path}：这是文件夹；parse 只读一个文件（`check` 和 `import` 可以读文件夹）\n"
    code, out, err = run_cli(capsys, "parse", tmp_path, "--lang", "en")
    assert (code, out) == (1, "")
    assert err == f"cppcc-review: error: {tmp_path}: is a folder; parse reads one file (`check` and `import` take folders)\n"
    code, out, err = run_cli(capsys, "parse", seed_file(), "--lang", "en")
    assert code == 0 and err == "" and "沪科提复〔2025〕56号" in out


@pytest.mark.parametrize(("setting", "chinese", "english"), [
    ('backups = "x"', "backups 应是 0 或更大的整数，不是 'x'", "backups should be a whole number, 0 or more, not 'x'"),
    ('lang = "fr"', "lang 只能是 zh 或 en，不是 'fr'", None),
    ("auto_advance = 3", "auto_advance 应是 true 或 false，不是 3", "auto_advance should be true or false, not 3"),
    ("theme = 3", "theme 应是文本，不是 3", "theme should be text, not 3"),
    ('result_scheme = "zz"', "未知的 result_scheme 'zz'；可用的：", "unknown result_scheme 'zz'; known: "),
    ('hint_rubric = "zz"', "hint_rubric 只能是 default、strict 之一，不是 'zz'", "hint_rubric must be default or strict, not 'zz'"),
    ('db = " "', "db 是空的", "db is empty"),
    ("foo = 1", "未知的设置 'foo'", "unknown setting 'foo'"),
    ("keymap = 1", "[keymap] 应是 `绑定 id = \"按键\"` 的表", '[keymap] must be a table of binding id = "keys"'),
    ("[keymap]\nrate_1 = 1", "[keymap] rate_1 = 1：值应是按键的文本，例如 `rate_1 = \"1\"`（多个：`\"1,a\"`）",
     '[keymap] rate_1 = 1: the value must be a string of keys, e.g. rate_1 = "1" (several: "1,a")'),
    ("x = ", "无法读取配置文件（Invalid value (at line 1, column 5)）",
     "cannot read the config file: Invalid value (at line 1, column 5)"),
], ids=["count", "lang", "bool", "text", "scheme", "one_of", "empty", "unknown", "keymap_table", "keymap_keys", "toml"])
def test_a_setting_refused_is_said_in_the_language_the_config_asks_for(seed_db, capsys, isolated_config, setting,
                                                                        chinese, english):
    isolated_config.write_text(setting + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "list", "--db", seed_db)
    assert (code, out) == (1, "")
    assert err.startswith(f"cppcc-review：错误：{isolated_config}：{chinese}"), err
    if english is None:  # (the language itself refused: Chinese)
        return
    code, out, err = run_cli(capsys, "list", "--db", seed_db, "--lang", "en")
    assert err.startswith(f"cppcc-review: error: {isolated_config}: {english}"), err
    if not setting.startswith("["):
        isolated_config.write_text(f'lang = "en"\n{setting}\n', encoding="utf-8")
        code, out, err = run_cli(capsys, "list", "--db", seed_db)
        assert err.startswith(f"cppcc-review: error: {isolated_config}: {english}") or "cannot read" in english, err


def test_a_setting_from_the_environment_is_said_in_the_language(seed_db, capsys, isolated_config, monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_BACKUPS", "many")
    assert run_cli(capsys, "list", "--db", seed_db)[2] == (
        "cppcc-review：错误：$CPPCC_REVIEW_BACKUPS：backups 应是 0 或更大的整数，不是 'many'\n")
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")
    assert run_cli(capsys, "list", "--db", seed_db)[2] == (
        "cppcc-review: error: $CPPCC_REVIEW_BACKUPS: backups should be a whole number, 0 or more, not 'many'\n")
