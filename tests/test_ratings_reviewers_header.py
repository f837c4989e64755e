"""A hand-edited top-level `reviewers:` that disagrees with the entries' `reviewer` (QA round b,
10): `reviewers: [李审阅2]` over entries by 李审阅 was imported and merged without a word. It is
refused in one line naming the file and the line, as a `rating_zh` that disagrees with its
`rating` is, and nothing is imported or written."""

from __future__ import annotations

from tests.helpers.cli import run_cli

DOC = "沪科提复〔2025〕56号"


def _export(capsys, db, reviewer, out):
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", reviewer, "--db", db)
    code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", out, "--db", db)
    assert code == 0, err
    return out


def test_reviewers_that_disagree_with_the_entries_are_refused_by_import_and_merge(seed_db, tmp_path, capsys):
    jia = _export(capsys, seed_db, "甲", tmp_path / "jia.yaml")
    yi = _export(capsys, seed_db, "乙", tmp_path / "yi.yaml")
    text = yi.read_text(encoding="utf-8")
    assert "reviewers:\n- 乙\n" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("reviewers:\n- 乙\n", "reviewers:\n- 乙2\n", 1), encoding="utf-8")
    line = text.splitlines().index("reviewers:") + 1
    code, out, err = run_cli(capsys, "import-ratings", bad, "--dry-run", "--db", seed_db)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"cppcc-review：错误：{bad}：第 {line} 行：reviewers 列的是 乙2，条目的评审人却是 乙；请改成一致（以条目的 reviewer 为准），"
        "或删去 reviewers；未导入任何内容"]
    merged = tmp_path / "merged.yaml"
    code, out, err = run_cli(capsys, "merge", jia, bad, "-o", merged, "--lang", "en")
    assert code == 1 and out == "" and not merged.exists()
    assert err.splitlines()[0] == (
        f"cppcc-review: error: {bad}: line {line}: reviewers lists 乙2 but the entries are by 乙; make them the same "
        "(the entries' reviewer is the one that counts) or delete reviewers")


def test_files_whose_reviewers_agree_or_that_have_none_still_import_and_merge(seed_db, tmp_path, capsys):
    jia = _export(capsys, seed_db, "甲", tmp_path / "jia.yaml")
    yi = _export(capsys, seed_db, "乙", tmp_path / "yi.yaml")
    both = tmp_path / "both.yaml"
    code, _out, err = run_cli(capsys, "export", "--all-reviewers", "-o", both, "--db", seed_db)
    assert code == 0, err
    bare = tmp_path / "bare.yaml"
    bare.write_text(yi.read_text(encoding="utf-8").replace("reviewers:\n- 乙\n", "", 1), encoding="utf-8")
    for path in (jia, both, bare):
        code, _out, err = run_cli(capsys, "import-ratings", path, "--dry-run", "--db", seed_db)
        assert code == 0, err
    code, _out, err = run_cli(capsys, "merge", jia, bare)
    assert code == 0, err
