"""`cppcc-review merge` given one export twice (qa106): it used to merge it with itself
without a word ("1 reviewers ..."). Each test failed before the fix."""

from __future__ import annotations

import shutil

from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


def _export(capsys, db, reviewer, out):
    code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", out, "--db", db)
    assert code == 0, err


def test_the_same_file_twice_is_refused_in_one_line_and_nothing_is_written(seed_db, tmp_path, capsys):
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "甲", "--db", seed_db)
    jia, merged = tmp_path / "jia.yaml", tmp_path / "m.yaml"
    _export(capsys, seed_db, "甲", jia)
    code, out, err = run_cli(capsys, "merge", jia, jia, "-o", merged)
    assert code == 1 and not merged.exists() and out == ""
    assert err.strip().splitlines() == [f"cppcc-review：错误：{jia} 与 {jia} 是同一份导出，每个文件只需给一次；未写入任何文件"]
    copy = tmp_path / "copy.yaml"
    shutil.copy(jia, copy)  # a copy of it is the same export
    code, _out, err = run_cli(capsys, "merge", jia, copy, "-o", merged, "--lang", "en")
    assert code == 1 and not merged.exists()
    assert err.strip() == f"cppcc-review: error: {jia} and {copy} are the same export; name each file once; nothing was written"


def test_two_exports_of_one_reviewer_are_merged_with_one_warning_naming_both(seed_db, tmp_path, capsys):
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "甲", "--db", seed_db)
    run_cli(capsys, "rate", DOC, "2", "部分采纳", "--reviewer", "甲", "--db", seed_db)
    run_cli(capsys, "rate", DOC, "1", "解释说明", "--reviewer", "乙", "--db", seed_db)
    old, new, yi = tmp_path / "jia-old.yaml", tmp_path / "jia-new.yaml", tmp_path / "yi.yaml"
    _export(capsys, seed_db, "甲", old)
    run_cli(capsys, "rate", DOC, "3", "采纳", "--reviewer", "甲", "--db", seed_db)
    _export(capsys, seed_db, "甲", new)
    _export(capsys, seed_db, "乙", yi)
    merged = tmp_path / "m.yaml"
    code, out, err = run_cli(capsys, "merge", old, new, yi, "-o", merged, "--lang", "en")
    assert code == 0 and merged.exists()
    assert f"warning: {old} and {new} both hold ratings by 甲; where both rated a reply, the newer export's are kept" in err
    assert sum("also rated" in line for line in out.splitlines()) == 1
