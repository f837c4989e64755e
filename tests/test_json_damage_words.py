"""A damaged shard whose content is not JSON is named in the interface's language: the JSON
parser's words in Chinese ("从此处开始的字符串没有结束"), or, for a phrase not worded here, its
whole message quoted and marked as its words. The Chinese line carried an English fragment cut
mid-phrase ("JSON 在第 2 行第 95 列无效：Unterminated string starting at"; the English line
ended the same way), and a summary shard's was English whole ("not a valid summary (Expecting
',' delimiter: …)"). QA round 15, bug 10."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cppcc_review.store.errors import CorruptError, json_detail
from cppcc_review.tui.cli.words import error_text
from tests.helpers.cli import run_cli
from tests.helpers.files import shard

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    db = tmp_path / "db"
    files = [FIXTURES / n for n in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt")]
    assert run_cli(capsys, "import", *files, "--db", db)[0] == 0
    return db


def _key(db: Path, kind: str) -> str:
    manifest = json.loads((db / "manifest.json").read_text())
    return next(k for k in sorted(manifest["shards"]) if k.startswith(kind))


@pytest.mark.parametrize("kind", ["index/", "names/"])
def test_a_shard_cut_inside_a_string_is_said_in_chinese_and_whole_in_english(db, capsys, kind):
    path = shard(db, _key(db, kind))
    raw = path.read_bytes()
    cut = raw.index(b'":"', raw.index(b"\n") + 1) + 3  # (just inside the second line's first string value)
    path.write_bytes(raw[:cut])
    code, _out, err = run_cli(capsys, "list", "--db", db)
    assert code == 1 and f"{path}：JSON " in err and "从此处开始的字符串没有结束" in err, err
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", err.split("`")[0]), err  # (no English words but the command)
    code, _out, err = run_cli(capsys, "--lang", "en", "list", "--db", db)
    assert code == 1 and "Unterminated string starting there;" in err and "starting at;" not in err, err


def test_a_summary_shard_that_is_not_json_is_said_in_chinese(db, capsys):
    path = shard(db, _key(db, "summary/"))
    raw = bytearray(path.read_bytes())
    raw[raw.rindex(b",")] = ord(" ")  # (a comma gone: the parser expects one there)
    path.write_bytes(bytes(raw))
    code, _out, err = run_cli(capsys, "list", "--db", db)
    assert code == 1 and f"{path}：不是有效的摘要分片（JSON 在第" in err and "此处应有逗号" in err, err
    assert "not a valid summary" not in err and "Expecting" not in err, err


def test_a_phrase_not_worded_here_is_quoted_whole_as_the_parser_s(capsys):
    exc = json.JSONDecodeError("Some newer parser complaint", '{"a": 1}', 3)
    line = error_text(CorruptError("x.json: bad", code="damaged_file", file="x.json", problem=json_detail(exc),
                                   db="db"), "zh")
    assert "JSON 在第 1 行第 4 列无效：JSON 解析器的原话：“Some newer parser complaint: line 1 column 4 (char 3)”" in line
