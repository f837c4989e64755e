"""`cppcc-review merge` of exports made before and after a merge of the same reply's
suggestions (QA on 沪交提复〔2024〕18号): it lined the suggestions up by number without a word,
comparing root's merged suggestion 1 with 甲's suggestion 1 and counting the rest as rated
by one. Now it refuses, as import-ratings does, in one line naming the reply and the two
layouts, and writes nothing."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli
from tests.test_tui import seed_id

DOC = "沪科提复〔2025〕56号"


def _export(capsys, db, reviewer, out):
    code, _out, err = run_cli(capsys, "export", "--reviewer", reviewer, "-o", out, "--db", db)
    assert code == 0, err


def test_exports_with_the_reply_merged_in_one_are_refused_in_one_line_naming_both_layouts(seed_db, tmp_path, capsys):
    for index, rating in (("1", "采纳"), ("2", "部分采纳"), ("3", "采纳")):
        run_cli(capsys, "rate", DOC, index, rating, "--reviewer", "甲", "--db", seed_db)
        run_cli(capsys, "rate", DOC, index, rating, "--reviewer", "root", "--db", seed_db)
    jia, root, merged = tmp_path / "jia.yaml", tmp_path / "root.yaml", tmp_path / "m.yaml"
    _export(capsys, seed_db, "甲", jia)
    with ReviewStore(seed_db) as store:
        store.merge_suggestion(seed_id(seed_db), "root", 1)
    _export(capsys, seed_db, "root", root)
    code, out, err = run_cli(capsys, "merge", jia, root, "-o", merged)
    assert code == 1 and not merged.exists() and out == ""
    assert err.strip().splitlines() == [
        f"cppcc-review：错误：答复 {DOC}：两份导出中它的建议合并或拆分得不一样：{jia}（甲）有 3 条，{root}（root）有 2 条；"
        "请在两个数据库中把它们改成一样（在应用中按 m / S）后重新导出；未合并任何内容"]
    code, out, err = run_cli(capsys, "merge", root, jia, "--lang", "en")  # (named in the order given)
    assert code == 1 and out == ""
    assert err.strip() == (
        f"cppcc-review: error: reply {DOC}: its suggestions were merged or split differently in the exports: "
        f"{root} (root) has 2, {jia} (甲) has 3; make them the same in both databases (m / S in the app) and "
        "export again; nothing was merged")


def test_exports_of_the_same_layout_still_merge(seed_db, tmp_path, capsys):
    with ReviewStore(seed_db) as store:
        store.merge_suggestion(seed_id(seed_db), "root", 1)
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "甲", "--db", seed_db)
    run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "root", "--db", seed_db)
    jia, root = tmp_path / "jia.yaml", tmp_path / "root.yaml"
    _export(capsys, seed_db, "甲", jia)
    _export(capsys, seed_db, "root", root)
    code, _out, err = run_cli(capsys, "merge", jia, root)
    assert code == 0, err
