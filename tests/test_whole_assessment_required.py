"""An assessment confirmation written whole must hold the required choices, as one made in the form.

The form's confirmation (and merge_assessment confirm=True) refuses a confirmed assessment without
办理结果满意度, 办理态度满意度 or 答复是否针对提案 (what the statistics count). An assessment written
whole was not checked: `import-ratings` of a file whose assessment carries `completed_at` with a
required choice empty, or `set_assessment` without base, stored a reply marked done without its
satisfaction. Now the import is refused with one line naming the file's line, the reply and the
empty choices, in Chinese by default and in English with --lang en (exit 1, the database byte for
byte as it was), and the store refuses such a write (code assessment_incomplete), nothing stored."""

from __future__ import annotations

import pytest

from cppcc_review.store.assessment_merge import AssessmentRefused
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Relevance, Satisfaction
from cppcc_review.tui.refusal_words import refusal_text
from tests.helpers.cli import run_cli
from tests.test_ratings_file_language import DOC, _files

AT_TEN = "2026-12-04T10:00:00+08:00"


@pytest.fixture
def export(seed_db, capsys, tmp_path) -> str:
    """甲's export of the seed database (suggestion 1 adopted, no assessment yet), as text."""
    assert run_cli(capsys, "rate", DOC, "1", "采纳", "--reviewer", "甲", "--db", seed_db)[0] == 0
    out = tmp_path / "jia.yaml"
    assert run_cli(capsys, "export", "--reviewer", "甲", "--db", seed_db, "-o", out)[0] == 0
    return out.read_text(encoding="utf-8")


def confirmed_without_relevance(export: str) -> str:
    """The file's assessment chosen and confirmed by hand, but for 答复是否针对提案."""
    edits = [("    result: null\n    result_zh: null\n", "    result: satisfied\n    result_zh: 满意\n"),
             ("    attitude: null\n    attitude_zh: null\n", "    attitude: satisfied\n    attitude_zh: 满意\n"),
             ("    completed_at: null\n", f"    completed_at: '{AT_TEN}'\n")]
    for old, new in edits:
        assert old in export
        export = export.replace(old, new, 1)
    return export


def test_import_ratings_refuses_a_confirmed_assessment_without_a_required_choice(seed_db, export, capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(confirmed_without_relevance(export), encoding="utf-8")
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if text == "  assessment:")
    before = _files(seed_db)
    code, out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"cppcc-review：错误：{bad}：第 {line} 行：答复 {DOC} 的测评已确认完成（completed_at），但必填的选择为空："
        "relevance（答复是否针对提案）；请选上，或删去 completed_at；未导入任何内容"]
    code, out, err = run_cli(capsys, "import-ratings", bad, "--db", seed_db, "--lang", "en")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"cppcc-review: error: {bad}: line {line}: reply {DOC}: the assessment is confirmed (completed_at) but a "
        "required choice is empty (relevance); choose it, or remove completed_at; nothing was imported"]
    assert _files(seed_db) == before
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(store.summaries()[0].id, "甲").assessment == Assessment()


def test_the_same_file_with_the_choice_made_imports(seed_db, export, capsys, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(confirmed_without_relevance(export).replace(
        "    relevance: null\n    relevance_zh: null\n", "    relevance: targeted\n    relevance_zh: 针对\n"), encoding="utf-8")
    assert run_cli(capsys, "import-ratings", good, "--db", seed_db)[0] == 0
    with ReviewStore(seed_db, readonly=True) as store:
        saved = store.get_review(store.summaries()[0].id, "甲").assessment
    assert saved.relevance is Relevance.TARGETED and saved.completed_at == AT_TEN


def test_set_assessment_without_base_refuses_a_confirmation_missing_a_required_choice(seed_db):
    with ReviewStore(seed_db) as store:
        rid = store.summaries()[0].id
        store.set_assessment(rid, "王", Assessment(result=Satisfaction.SATISFIED, opinion="先写的"))
        with pytest.raises(AssessmentRefused) as refused:
            store.set_assessment(rid, "王", Assessment(result=Satisfaction.SATISFIED, completed_at=AT_TEN))
        assert refused.value.code == "assessment_incomplete" and refused.value.fields == ("attitude", "relevance")
        assert refusal_text(refused.value, "zh") == (
            f"答复 {rid} 的测评已确认完成（completed_at），但必填的选择为空：attitude（办理态度满意度）、"
            "relevance（答复是否针对提案）；未保存任何内容")
        assert refusal_text(refused.value, "en") == (
            f"reply {rid}: the assessment is confirmed (completed_at) but a required choice is empty "
            "(attitude, relevance); nothing was stored")
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "王").assessment == Assessment(result=Satisfaction.SATISFIED, opinion="先写的")
