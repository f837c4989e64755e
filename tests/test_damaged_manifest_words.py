"""A damaged manifest.json is said in one line in the interface's language (mn15). The store worded
what is wrong with it in English only ("not valid JSON (damaged)" inside the Chinese line of
`cppcc-review list`, `db check` and the app's start): the manifest's reader raises a typed problem
(a code, store/manifest.py), the command line words it (tui/refusal_words.py). Failed before the fix.

A real database on disk, its manifest damaged three ways; nothing stored changes."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import run_cli
from tests.test_merge_output_inside_db import _files

REPAIR_ZH = "；请运行 `cppcc-review db restore --db {db}` 修复（损坏的文件会保留在 backups/ 中）"


def _damage(db, how: str) -> None:
    path = db / "manifest.json"
    raw = path.read_text(encoding="utf-8")
    if how == "json":
        path.write_text(raw[: len(raw) // 2], encoding="utf-8")  # cut short
    elif how == "kind":
        data = json.loads(raw)
        data["format"] = "someone-else/v9"
        path.write_text(json.dumps(data), encoding="utf-8")
    else:  # a byte changed inside: its own checksum no longer matches
        path.write_text(raw.replace('"generation":', '"generation": ', 1), encoding="utf-8")


@pytest.mark.parametrize(("how", "said_zh"), [
    ("json", "不是有效的 JSON（已损坏）"),
    ("kind", "不是这种清单文件（format 为 'someone-else/v9'）"),
    ("checksum", "它自身的校验和不符（已损坏）"),
])
@pytest.mark.parametrize("command", [["list"], ["db", "check"]])
def test_a_damaged_manifest_is_said_whole_in_chinese(seed_db, capsys, how, said_zh, command):
    _damage(seed_db, how)
    before = _files(seed_db)
    code, out, err = run_cli(capsys, *command, "--db", seed_db)
    assert code == 1 and out == ""
    manifest = seed_db / "manifest.json"
    assert err.strip() == f"cppcc-review：错误：{manifest}：{said_zh}" + REPAIR_ZH.format(db=seed_db), err
    assert _files(seed_db) == before


def test_in_english_it_is_the_store_s_own_line(seed_db, capsys):
    _damage(seed_db, "json")
    code, _out, err = run_cli(capsys, "--lang", "en", "list", "--db", seed_db)
    assert code == 1
    assert err.strip() == (f"cppcc-review: error: {seed_db / 'manifest.json'}: not valid JSON (damaged); "
                           f"run `cppcc-review db restore --db {seed_db}` to repair it (damaged files are kept in backups/)")
