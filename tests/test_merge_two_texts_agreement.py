"""`merge` of exports where two reviewers rated two versions of one reply's text (QA 2026-12-04): the
report named "2 位评审人（root, 李）" and then said "评审人不足两位，无法计算一致性". Two reviewers who
never rated the same suggestion are still two: the agreement line says none was rated by both."""

from __future__ import annotations

from cppcc_review.samples import FIXTURES_DIR
from tests.helpers.cli import run_cli

DOC = "沪交提复〔2024〕18号"


def test_two_reviewers_of_two_text_versions_are_two(tmp_path, capsys):
    letter = tmp_path / "a.txt"
    letter.write_text((FIXTURES_DIR / "001_parking_label_a.txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "db"
    assert run_cli(capsys, "import", letter, "--db", db)[0] == 0
    for n, rating in ((1, "1"), (2, "1")):
        assert run_cli(capsys, "rate", DOC, n, rating, "--reviewer", "李", "--db", db)[0] == 0
    assert run_cli(capsys, "export", "--reviewer", "李", "-o", tmp_path / "li.yaml", "--db", db)[0] == 0
    letter.write_text(letter.read_text(encoding="utf-8").replace("1800个", "1900个"), encoding="utf-8")
    assert run_cli(capsys, "import", letter, "--db", db)[0] == 0
    for n, rating in ((1, "1"), (2, "2")):
        assert run_cli(capsys, "rate", DOC, n, rating, "--reviewer", "root", "--db", db)[0] == 0
    assert run_cli(capsys, "export", "--reviewer", "root", "-o", tmp_path / "root.yaml", "--db", db)[0] == 0
    code, out, err = run_cli(capsys, "merge", tmp_path / "root.yaml", tmp_path / "li.yaml")
    assert code == 0, err
    assert "2 位评审人（root, 李）" in out
    assert "总体：2 位评审人，没有两人都评定的建议" in out and "评审人不足两位" not in out
    code, out, err = run_cli(capsys, "merge", tmp_path / "root.yaml")  # one reviewer: said as before
    assert "总体：评审人不足两位，无法计算一致性" in out
