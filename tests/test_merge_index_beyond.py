"""`cppcc-review merge` of an export whose suggestion number is one the reply does not have
(QA round b, 3): a hand edit of 渝住建提复〔2024〕8号's suggestion 2 to `index: 9` merged with
exit 0 into a phantom suggestion 9 (823 suggestions of 822, `single 1`), the reviewer's rating
gone from suggestion 2. Now the merge refuses it as import-ratings does (the same check,
counted against the entry's own list: a merge has no database), in one line naming the file,
its line, the reply and the number, and writes nothing."""

from __future__ import annotations

from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


def _exports(capsys, db, folder):
    files = []
    for reviewer in ("甲", "乙"):
        run_cli(capsys, "rate", DOC, "2", "采纳", "--reviewer", reviewer, "--db", db)
        files.append(folder / f"{reviewer}.yaml")
        code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", files[-1], "--db", db)
        assert code == 0, err
    return files


def _line_of(path, text):
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_suggestion_number_past_the_replys_suggestions_is_refused_naming_file_line_reply_and_number(
        seed_db, tmp_path, capsys):
    jia, yi = _exports(capsys, seed_db, tmp_path)
    yi.write_text(yi.read_text(encoding="utf-8").replace("  - index: 2\n", "  - index: 9\n"), encoding="utf-8")
    line = _line_of(yi, "  - index: 9")
    merged = tmp_path / "merged.yaml"
    code, out, err = run_cli(capsys, "merge", jia, yi, "-o", merged)
    assert code == 1 and out == "" and not merged.exists()
    assert err.splitlines() == [
        f"cppcc-review：错误：{yi}：第 {line} 行：答复 {DOC} 在这份文件中有 3 条建议，文件却评定了建议 9；它被改动过吗？请重新导出",
        "cppcc-review：错误：1/2 个文件无法合并；未写入任何文件"]
    code, _out, err = run_cli(capsys, "merge", jia, yi, "--lang", "en")
    assert code == 1
    assert err.splitlines()[0] == (
        f"cppcc-review: error: {yi}: line {line}: reply {DOC} has 3 suggestions in this file, the file rates "
        "suggestion 9; was it edited? export it again")


def test_a_suggestion_number_given_twice_is_refused_as_import_ratings_refuses_it(seed_db, tmp_path, capsys):
    jia, yi = _exports(capsys, seed_db, tmp_path)
    yi.write_text(yi.read_text(encoding="utf-8").replace("  - index: 3\n", "  - index: 2\n"), encoding="utf-8")
    code, out, err = run_cli(capsys, "merge", jia, yi)
    assert code == 1 and out == ""
    assert "：建议 2 在这份答复中出现了两次" in err.splitlines()[0]
    code, _out, err = run_cli(capsys, "import-ratings", yi, "--db", seed_db)
    assert code == 1 and "：建议 2 在这份答复中出现了两次" in err.splitlines()[0]


def test_ordinary_exports_still_merge(seed_db, tmp_path, capsys):
    jia, yi = _exports(capsys, seed_db, tmp_path)
    code, out, err = run_cli(capsys, "merge", jia, yi)
    assert code == 0, err
    assert "1 份答复，3 条建议" in out.splitlines()[0]
