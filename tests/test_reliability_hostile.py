"""Hostile inputs through the command line: a clear one-line error (on stderr, naming the
file), a non-zero exit and a database whose every file hashes the same afterwards.

Already proven at the module level: extraction of binary / empty / oversized / GBK /
Big5 files (tests/test_extract.py), parser robustness (tests/test_parser_robust.py,
tests/test_parser_traps.py), the hardened YAML loader on python tags, alias bombs,
duplicate keys and a 100 MB file (tests/test_ratings_io_yaml.py), markup shown
literally in the TUI's inbox, header, body, status line (tests/test_tui.py). Here the
same inputs go through `cppcc-review import`, `parse` and `import-ratings` as a user
would run them, plus what reaches a terminal from `parse`, `stats`, `rate` and errors.

What reaches the terminal (decided here, documented in docs/data-safety.md):
* errors: one line; control characters in file names or contents are shown as visible
  stand-ins (␛, ␇ ...), never sent raw;
* `parse` prints data for scripts: YAML escapes every C0 / C1 control character, JSON
  escapes C0 (as JSON must) and, here, also DEL, C1 and bidi / zero-width characters;
  the values are the document's text, unchanged (markup included);
* `stats` tables and `rate` lines: plain text, markup never interpreted, controls made
  visible.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.conftest import seed_file
from tests.helpers.cli import run_cli
from tests.helpers.files import digest


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

SEED = None  # the seed reply's text, read once


def seed_text() -> str:
    global SEED
    if SEED is None:
        SEED = seed_file().read_text(encoding="utf-8")
    return SEED


def one_error_line(err: str, names: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("cppcc-review: error: ") and names in line, (line, names)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", line), f"raw control character in {line!r}"
    return line


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """A database with the seed reply and one rating in it (so there is something to protect)."""
    db = tmp_path / "库 with space"
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    assert run_cli(capsys, "--db", db, "import", seed)[0] == 0
    with ReviewStore(db) as s:
        rid = s.summaries()[0].id
        s.set_rating(rid, "alice", 1, Rating.ADOPTED, note="保留")
    return db


def refused(capsys, db: Path, path: Path, problem: str, *, parse: bool = True) -> None:
    """`import` and `parse` each refuse `path` with one line naming it; db unchanged."""
    before = digest(db)
    code, out, err = run_cli(capsys, "--db", db, "import", path)
    assert code == 1 and "imported 0" in out and "failed 1" in out, (out, err)
    line = one_error_line(err, str(path))
    assert problem in line, line
    assert digest(db) == before
    if parse:
        code, out, err = run_cli(capsys, "parse", path)
        assert code == 1 and out == ""
        assert problem in one_error_line(err, str(path))


# ---------------------------------------------------------------- reply documents
def test_binary_file(db, tmp_path, capsys):
    path = tmp_path / "二进制 binary.txt"
    path.write_bytes(bytes(range(256)) * 40)
    refused(capsys, db, path, "binary")


def test_zero_byte_file(db, tmp_path, capsys):
    path = tmp_path / "空 empty.txt"
    path.write_bytes(b"")
    refused(capsys, db, path, "empty")


def test_nul_bytes_in_text(db, tmp_path, capsys):
    path = tmp_path / "nul.txt"
    path.write_bytes(seed_text().encode("utf-8").replace("。".encode(), b"\x00", 3))
    refused(capsys, db, path, "binary")


def test_a_50_mb_text_file_is_refused_fast_with_bounded_memory(db, tmp_path, capsys):
    path = tmp_path / "大 big.txt"
    line = "关于加强科技创新的建议,我们将继续推进相关工作。\n".encode()
    with open(path, "wb") as f:
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size > 50 * 1024 * 1024
    before = digest(db)
    tracemalloc.start()
    start = time.monotonic()
    try:
        code, out, err = run_cli(capsys, "--db", db, "import", path)
        elapsed = time.monotonic() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1 and "too large" in one_error_line(err, str(path)) and "20" in err
    assert elapsed < 2.0, elapsed
    assert peak < 8 * 1024 * 1024, f"{peak / 1e6:.1f} MB allocated: the file was read"
    assert digest(db) == before
    code, out, err = run_cli(capsys, "parse", path)
    assert code == 1 and "too large" in one_error_line(err, str(path))


REPETITIVE = {
    "顿号": "一、" * 60_000,
    "parens": "(一)1." * 30_000,
    "关于": "关于" * 100_000,
    "digits": "1" * 100_000 + "亿元",
    "dotted": "1.1" * 50_000,
    "年号": "2025年〔" * 40_000,
    "spaces": " \u3000" * 60_000 + "x",
}


@pytest.mark.parametrize("name", list(REPETITIVE))
def test_repetitive_text_cannot_make_a_regex_backtrack(db, tmp_path, capsys, name):
    """Patterns that would make a careless regex backtrack, alone and inside a real reply
    (so every stage of the parser runs over them): parse + import in a few seconds."""
    junk = REPETITIVE[name]
    alone = tmp_path / f"{name}.txt"
    alone.write_text(junk + "\n", encoding="utf-8")
    inside = tmp_path / f"{name} in a reply.txt"
    lines = seed_text().splitlines()
    middle = len(lines) // 2
    inside.write_text("\n".join(lines[:middle] + [lines[middle] + junk] + lines[middle:]) + "\n", encoding="utf-8")
    start = time.monotonic()
    for path in (alone, inside):
        code, out, err = run_cli(capsys, "parse", path)
        assert code in (0, 1)
        if code:
            one_error_line(err, str(path))
        code, out, err = run_cli(capsys, "--db", db, "import", path)
        assert code in (0, 1)
    assert time.monotonic() - start < 5.0


def test_gbk_text_declared_as_utf8_is_read_as_gbk(db, tmp_path, capsys):
    """An HTML page that says charset=utf-8 but holds GBK bytes: the declaration is wrong,
    the text is not lost or garbled (no U+FFFD), and the reply is imported."""
    body = "".join(f"<p>{line}</p>\n" for line in seed_text().splitlines())
    page = f'<html><head><meta charset="utf-8"><title>答复</title></head><body>{body}</body></html>'
    path = tmp_path / "网页 page.html"
    path.write_bytes(page.encode("gbk"))
    code, out, err = run_cli(capsys, "parse", path, "--format", "json")
    assert code == 0, err
    view = json.loads(out)
    assert view["doc_no"] == "沪科提复〔2025〕56号" and "\ufffd" not in out
    # A text file with a UTF-8 BOM but GBK bytes after it: refused or read, never garbled.
    liar = tmp_path / "bom.txt"
    liar.write_bytes(b"\xef\xbb\xbf" + seed_text().encode("gbk"))
    code, out, err = run_cli(capsys, "parse", liar, "--format", "json")
    if code == 0:
        assert "\ufffd" not in out and "沪科提复" in out
    else:
        one_error_line(err, str(liar))


ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202e\x08"


def test_control_and_escape_characters_never_reach_the_terminal_raw(db, tmp_path, capsys):
    text = seed_text().replace("关于", "关于" + ESCAPES, 2)
    path = tmp_path / "ansi.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "parse", path, "--format", "yaml")
    assert code == 0, err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), "raw control character in parse YAML"
    code, out, err = run_cli(capsys, "parse", path, "--format", "json")
    assert code == 0, err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), "raw control character in parse JSON"
    assert ESCAPES in json.loads(out)["title"]  # the data itself is unchanged
    # A file name carrying an escape sequence: the error line shows it, harmlessly.
    evil = tmp_path / "b\x1b]0;title\x07.txt"
    evil.write_bytes(bytes(range(256)) * 10)
    code, out, err = run_cli(capsys, "--db", db, "import", evil)
    assert code == 1
    line = one_error_line(err, "binary")
    assert "␛]0;title␇.txt" in line


MARKUP = "[bold red]粗[/bold red][link=file:///etc/passwd]链[/link][@click=app.quit]点[/]"


def test_markup_in_every_field_is_printed_literally_by_stats_and_rate(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    db = tmp_path / "db"
    text = (
        seed_text()
        .replace("上海市科学技术委员会", "上海市[bold]科委[/bold]" + "\x1b[31m")
        .replace("九三学社界别", "[i]九三学社[/i]界别")
        .replace("一、", "一、[blink]", 1)
        .replace("沪科提复〔2025〕56号", "沪科提复〔2025〕[red]56[/red]号")
    )
    path = tmp_path / "markup.txt"
    path.write_text(text, encoding="utf-8")
    assert run_cli(capsys, "--db", db, "import", path)[0] == 0
    with ReviewStore(db, readonly=True) as s:
        summary = s.summaries()[0]
    assert "[bold]科委[/bold]" in summary.handler and "[i]" in summary.proposers[0]
    reviewer = "[reverse]审[/reverse]"  # (a name holding a control character is refused: test_reviewer_name_sources)
    code, out, err = run_cli(
        capsys, "--db", db, "rate", summary.id, 1, "adopted", "--note", MARKUP + "\x1b[2J", "--reviewer", reviewer
    )
    assert code == 0, err
    assert MARKUP in out and "[reverse]审[/reverse]" in out and "␛[2J" in out and "\x1b" not in out
    if summary.doc_no:
        assert summary.doc_no in out
    for by, shown in (("handler", "上海市[bold]科委[/bold]␛[31m"), ("proposer", "[i]九三学社[/i]界别")):
        code, out, err = run_cli(capsys, "--db", db, "stats", "--by", by, "--format", "table")
        assert code == 0, err
        assert shown in out, out
        assert "\x1b" not in out
    code, out, err = run_cli(capsys, "--db", db, "stats", "--format", "table", "--reviewer", reviewer)
    assert code == 0 and "\x1b" not in out


def test_paths_with_spaces_and_cjk(tmp_path, capsys):
    folder = tmp_path / "政协 提案" / "答复 文件"
    folder.mkdir(parents=True)
    (folder / "第 1 件 答复.txt").write_text(seed_text(), encoding="utf-8")
    db = tmp_path / "我的 数据库"
    code, out, err = run_cli(capsys, "--db", db, "import", tmp_path / "政协 提案")
    assert code == 0 and "imported 1" in out, err
    with ReviewStore(db, readonly=True) as s:
        rid = s.summaries()[0].id
    code, out, err = run_cli(capsys, "--db", db, "rate", rid, 1, "采纳", "--reviewer", "张 三")
    assert code == 0, err
    export = tmp_path / "导出 ratings.yaml"
    code, out, err = run_cli(capsys, "--db", db, "export", "--reviewer", "张 三", "-o", export)
    assert code == 0, err
    other = tmp_path / "另一个 库"
    assert run_cli(capsys, "--db", other, "import", folder)[0] == 0
    code, out, err = run_cli(capsys, "--db", other, "import-ratings", export)
    assert code == 0, err
    with ReviewStore(other, readonly=True) as s:
        assert s.get_review(rid, "张 三").suggestions[0].rating is Rating.ADOPTED
    missing = tmp_path / "不存在 的 文件.txt"
    code, out, err = run_cli(capsys, "--db", db, "import", missing)
    assert code == 1 and "no such file" in one_error_line(err, str(missing))


# ---------------------------------------------------------------- ratings files
def ratings_refused(capsys, db: Path, path: Path, problem: str, limit: float = 2.0) -> None:
    before = digest(db)
    start = time.monotonic()
    code, out, err = run_cli(capsys, "--db", db, "import-ratings", path)
    assert time.monotonic() - start < limit
    assert code == 1 and out == ""
    line = one_error_line(err, str(path))
    assert problem in line and "nothing was imported" in line, line
    assert digest(db) == before


def test_ratings_yaml_with_python_tags(db, tmp_path, capsys):
    path = tmp_path / "evil.yaml"
    marker = tmp_path / "pwned"
    path.write_text(
        "schema: cppcc-review/ratings/v1\n"
        f"reviewer: !!python/object/apply:os.system ['touch {marker}']\n"
        "replies: []\n",
        encoding="utf-8",
    )
    ratings_refused(capsys, db, path, "is not accepted")
    assert not marker.exists()


def test_ratings_yaml_billion_laughs(db, tmp_path, capsys):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ratings_refused(capsys, db, path, "alias")


def test_ratings_yaml_duplicate_keys(db, tmp_path, capsys):
    path = tmp_path / "dup.yaml"
    path.write_text("schema: cppcc-review/ratings/v1\nreviewer: a\nreviewer: b\nreplies: []\n", encoding="utf-8")
    ratings_refused(capsys, db, path, "duplicate key 'reviewer'")


def test_ratings_yaml_of_100_mb(db, tmp_path, capsys):
    path = tmp_path / "大 big.yaml"
    with open(path, "wb") as f:
        f.write(b"schema: cppcc-review/ratings/v1\nreplies:\n")
        f.truncate(100 * 1024 * 1024)  # sparse: refused from its size, never read
    tracemalloc.start()
    try:
        ratings_refused(capsys, db, path, "20 MB limit")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (bytes(range(256)) * 8, ""),
        (b"schema: cppcc-review/ratings/v1\nreviewer: \xd5\xc5\xc8\xfd\n", "UTF-8"),
        (b"schema: cppcc-review/ratings/v1\nreviewer: a\x00b\n", ""),
    ],
    ids=["empty", "binary", "gbk", "nul"],
)
def test_ratings_file_that_is_not_yaml_text(db, tmp_path, capsys, content, problem):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    ratings_refused(capsys, db, path, problem)
