"""`db check` of a pack with one bit flipped inside a reply's text says both of its lines in the
interface's language: the pack's ("已损坏（JSON 在第 38 行第 466 列无效：此处应有逗号）") and the
reply's ("答复 … 的正文已损坏（…）；请重新导入它的文件"). The reply's line was the store's English
whole ("…: reply …: not a valid reply (Expecting ',' delimiter: …); import its document again"),
and the pack's carried the parser's English (QA round 15, bug 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_db_check_says_a_damaged_reply_text_in_chinese(tmp_path, capsys):
    db = tmp_path / "db"
    files = [FIXTURES / n for n in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt")]
    assert run_cli(capsys, "import", *files, "--db", db)[0] == 0
    (pack,) = (db / "replies").glob("p-*.json")
    raw = pack.read_bytes()
    second = raw.index(b"\n", raw.index(b'{"v"')) + 1  # (the second reply's text)
    comma = raw.index(b'",', second + 200)
    pack.write_bytes(raw[:comma + 1] + b";" + raw[comma + 2:])  # (a comma flipped inside its JSON)
    code, out, err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 1
    lines = err.strip().splitlines()
    rid = json.loads(raw[second:raw.index(b"\n", second)].rstrip(b","))["id"]
    assert any(line.startswith(f"cppcc-review：错误：{pack}：答复 {rid} 的正文已损坏（JSON 在第 1 行第") and
               line.endswith("此处应有逗号）；请重新导入它的文件") for line in lines), err
    assert any(f"{pack}：已损坏（JSON 在第 " in line for line in lines), err
    for line in lines:  # (no English words in them but the command to run)
        assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", line.split("`")[0]), line
