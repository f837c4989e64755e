"""A ratings file's content problems in the interface's language: `import-ratings` and `merge` said
them in English under the Chinese default (not a ratings export, a schema line, a label that
disagrees with its key, a count, a reply or suggestion the database does not hold as the file
does). Each in Chinese by default and, word for word as before, in English with --lang en; on a
real export of a real database, which the refused import leaves byte for byte as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


def _files(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file() and p.name != "lock"}


@pytest.fixture
def export(seed_db, capsys, tmp_path) -> str:
    """甲's export of the seed database (suggestion 1 adopted), as text."""
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "甲", "--db", seed_db)[0] == 0
    out = tmp_path / "jia.yaml"
    assert run_cli(capsys, "export", "--reviewer", "甲", "--db", seed_db, "-o", out)[0] == 0
    return out.read_text(encoding="utf-8")


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return edit


CASES = [
    (lambda text: "hello\n",
     "第 1 行：不是评定导出文件（顶层是文本，应是含有 `schema: cppcc-review/ratings/v1` 的映射）；未导入任何内容",
     "line 1: not a ratings export (the top level is str, expected a mapping with 'schema: cppcc-review/ratings/v1'); "
     "nothing was imported"),
    (lambda text: "a: 1\n",
     "第 1 行：不是评定导出文件（没有 schema 字段；应是 `schema: cppcc-review/ratings/v1`）",
     "line 1: not a ratings export (no 'schema' field; expected 'schema: cppcc-review/ratings/v1')"),
    (_replace("ratings/v1", "merged/v1"),
     "第 1 行：这是合并文件（cppcc-review/merged/v1），不是评审人的导出文件；请导入评审人各自的导出文件",
     "line 1: this is a merged file (cppcc-review/merged/v1), not a reviewer's export; import the reviewers' own exports"),
    (_replace("ratings/v1", "ratings/v2"),
     "第 1 行：这个版本的 cppcc-review 不支持 schema 'cppcc-review/ratings/v2'（它读取 cppcc-review/ratings/v1）；"
     "请升级 cppcc-review，或用这个版本重新导出",
     "line 1: schema 'cppcc-review/ratings/v2' is not supported by this cppcc-review (it reads cppcc-review/ratings/v1); "
     "upgrade cppcc-review or export again with this version"),
    (_replace("cppcc-review/ratings/v1", "notes"),
     "第 1 行：不是评定导出文件（schema 是 'notes'，应是 cppcc-review/ratings/v1）",
     "line 1: not a ratings export (schema 'notes', expected cppcc-review/ratings/v1)"),
    (_replace("rating: adopted", "rating: great"),
     "第 27 行：replies[0].suggestions[0].rating：'great' 不是允许的值（应是以下之一：adopted, partially_adopted, explained, null）",
     "line 27: replies[0].suggestions[0].rating: 'great' is not allowed (expected one of: adopted, partially_adopted, "
     "explained, null)"),
    (_replace("status: all\n", "status: all\nfoo: 1\n"),
     "第 1 行：（顶层）：未知的字段 'foo'", "line 1: (top level): unknown field 'foo'"),
    (_replace("  reply_id: 5d22c37ca292\n", ""),
     "第 9 行：replies[0]：缺少字段 'reply_id'", "line 9: replies[0]: missing field 'reply_id'"),
    (_replace("  - index: 1\n", "  - index: one\n"),
     "第 25 行：replies[0].suggestions[0].index：'one' 应是整数", "line 25: replies[0].suggestions[0].index: 'one' should be integer"),
    (_replace("  - index: 1\n", "  - index: 0\n"),
     "第 25 行：replies[0].suggestions[0].index：0 超出范围（最小为 1）",
     "line 25: replies[0].suggestions[0].index: 0 is out of range (minimum 1)"),
    (_replace("content_hash: 72836c5dd2d49e92", "content_hash: xyz"),
     "第 22 行：replies[0].content_hash：'xyz' 的格式不对", "line 22: replies[0].content_hash: 'xyz' does not have the expected form"),
    (_replace("proposal_no: null", "proposal_no: 7"),
     "第 10 行：replies[0].proposal_no：7 应是文本或null（空值）", "line 10: replies[0].proposal_no: 7 should be string or null"),
    (_replace("rating_zh: 采纳", "rating_zh: 解释说明"),
     "第 28 行：replies[0].suggestions[0].rating：'adopted' 与它的标签 rating_zh '解释说明' 不一致；请两个都改（以英文的键为准），"
     "或删去 rating_zh",
     "line 28: replies[0].suggestions[0].rating: 'adopted' and its label rating_zh '解释说明' disagree; change both "
     "(the English key is the one that counts) or delete rating_zh"),
    (_replace("count: 1", "count: 5"),
     "第 7 行：文件说它有 5 份答复，实际有 1 份：它被截短或改动过；请重新导出",
     "line 7: the file says it holds 5 replies but has 1: it was cut short or edited; export it again"),
    (_replace("  - index: 3\n", "  - index: 4\n"),
     f"第 39 行：答复 {DOC} 在本库中有 3 条建议，文件却评定了建议 4（它的建议是否拆分得不同？）；未导入任何内容",
     f"line 39: reply {DOC} has 3 suggestions in this database, the file rates suggestion 4; "
     "were its suggestions split differently?; nothing was imported"),
    (_replace("  - index: 3\n", "  - index: 2\n"),
     "第 39 行：建议 2 在这份答复中出现了两次", "line 39: suggestion 2 appears twice in this reply"),
    (_replace("content_hash: 72836c5dd2d49e92", "content_hash: abcdefabcdef0123"),
     f"第 9 行：答复 {DOC}（5d22c37ca292）在本库中的正文不同（内容哈希 72836c5dd2d49e92，文件中是 abcdefabcdef0123）；"
     "它的建议可能对不上，请导入同一版本的文件",
     f"line 9: reply {DOC} (5d22c37ca292) has a different text in this database (content hash 72836c5dd2d49e92, "
     "the file has abcdefabcdef0123); its suggestions may not line up - import the same version of the document"),
]


CASE_NAMES = ["top_level_text", "no_schema", "merged_file", "newer_schema", "other_schema", "enum", "unknown_field",
              "missing_field", "type", "minimum", "pattern", "type_or_null", "label", "count", "split_differently",
              "suggestion_twice", "text_differs"]


@pytest.mark.parametrize(("edit", "chinese", "english"), CASES, ids=CASE_NAMES)
def test_import_ratings_says_a_files_problem_in_the_language(seed_db, export, capsys, tmp_path, edit, chinese,
                                                              english):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit(export), encoding="utf-8")
    before = _files(seed_db)
    code, out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db)
    assert code == 1 and out == ""
    assert err.startswith(f"cppcc-review：错误：{bad}：{chinese}"), err
    assert err.splitlines()[0].endswith("；未导入任何内容")
    code, out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db, "--lang", "en")
    assert code == 1 and out == ""
    assert err.startswith(f"cppcc-review: error: {bad}: {english}"), err
    assert err.splitlines()[0].endswith("; nothing was imported")
    assert _files(seed_db) == before


def test_a_reply_not_in_the_database_and_its_hint_in_the_language(seed_db, export, capsys, tmp_path):
    bad = tmp_path / "other.yaml"
    bad.write_text(export.replace("72836c5dd2d49e92", "abcdefabcdef0123").replace("5d22c37ca292", "aaaaaaaaaaaa"),
                   encoding="utf-8")
    code, _out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db)
    assert code == 1
    assert err.splitlines() == [
        f"cppcc-review：错误：{bad}：第 9 行：答复 {DOC}（aaaaaaaaaaaa，内容哈希 abcdefabcdef0123）不在本库中；请先导入它的文件；"
        "未导入任何内容",
        f"cppcc-review：提示：{bad}：--skip-missing 只导入本库已有答复的评定，并列出其余的",  # (advice, not a 2nd error)
    ]
    code, _out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db, "--lang", "en")
    assert err.splitlines() == [
        f"cppcc-review: error: {bad}: line 9: reply {DOC} (aaaaaaaaaaaa, content hash abcdefabcdef0123) is not in this "
        "database; import its document first; nothing was imported",
        f"cppcc-review: note: {bad}: --skip-missing imports the ratings of the replies this database holds and lists the others",
    ]


def test_every_listed_problem_and_a_heading_warning_in_the_language(seed_db, export, capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(export.replace("  - index: 2\n", "  - index: x\n").replace("  - index: 3\n", "  - index: y\n"),
                   encoding="utf-8")
    _code, _out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db)
    assert err.splitlines() == [
        f"cppcc-review：错误：{bad}：第 32 行：replies[0].suggestions[1].index：'x' 应是整数（另有 1 个问题）；未导入任何内容",
        f"cppcc-review：错误：{bad}：第 39 行：replies[0].suggestions[2].index：'y' 应是整数",
    ]
    _code, _out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db, "--lang", "en")
    assert err.splitlines() == [
        f"cppcc-review: error: {bad}: line 32: replies[0].suggestions[1].index: 'x' should be integer "
        "(and 1 more problems); nothing was imported",
        f"cppcc-review: error: {bad}: line 39: replies[0].suggestions[2].index: 'y' should be integer",
    ]
    heading = tmp_path / "heading.yaml"
    heading.write_text(export.replace("heading: 关于强化企业主体地位,壮大产业创新发展主力军", "heading: 别的标题"),
                       encoding="utf-8")
    code, out, _err = run_cli(capsys, "import-ratings", heading, "--db", seed_db, "--dry-run")
    assert code == 0
    assert out.splitlines()[1] == (f"  警告：{heading}：第 32 行：建议 2 的标题与本库的不同（'别的标题' 与 "
                                   "'关于强化企业主体地位,壮大产业创新发展主力军'）；请核对它的评定是否对得上")
    code, out, _err = run_cli(capsys, "import-ratings", heading, "--db", seed_db, "--dry-run", "--lang", "en")
    assert out.splitlines()[1] == (f"  warning: {heading}: line 32: suggestion 2's heading differs from this database's "
                                   "('别的标题' vs '关于强化企业主体地位,壮大产业创新发展主力军'); check its rating lines up")


def test_merge_says_a_files_problems_in_the_language(export, capsys, tmp_path):
    good, bad, top = tmp_path / "good.yaml", tmp_path / "bad.yaml", tmp_path / "notes.txt"
    good.write_text(export.replace("甲", "乙"), encoding="utf-8")
    bad.write_text(export.replace("rating_zh: 采纳", "rating_zh: 解释说明").replace("count: 1", "count: 2"),
                   encoding="utf-8")
    top.write_text("notes\n", encoding="utf-8")
    merged = tmp_path / "merged.yaml"
    code, out, err = run_cli(capsys, "merge", good, bad, top, "-o", merged)
    assert code == 1 and out == "" and not merged.exists()
    assert err.splitlines() == [
        f"cppcc-review：错误：{bad}：第 28 行：replies[0].suggestions[0].rating：'adopted' 与它的标签 rating_zh '解释说明' "
        "不一致；请两个都改（以英文的键为准），或删去 rating_zh（另有 1 个问题）",
        f"cppcc-review：错误：{top}：第 1 行：不是评定导出文件（顶层是文本，应是含有 `schema: cppcc-review/ratings/v1` 的映射）",
        "cppcc-review：错误：2/3 个文件无法合并；未写入任何文件",
    ]
    code, out, err = run_cli(capsys, "merge", good, bad, top, "-o", merged, "--lang", "en")
    assert code == 1 and not merged.exists()
    assert err.splitlines() == [
        f"cppcc-review: error: {bad}: line 28: replies[0].suggestions[0].rating: 'adopted' and its label rating_zh "
        "'解释说明' disagree; change both (the English key is the one that counts) or delete rating_zh (and 1 more problems)",
        f"cppcc-review: error: {top}: line 1: not a ratings export (the top level is str, expected a mapping with "
        "'schema: cppcc-review/ratings/v1')",
        "cppcc-review: error: 2 of 3 files cannot be merged; nothing was written",
    ]
