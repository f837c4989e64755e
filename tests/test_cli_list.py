"""`cppcc-review list`: where a script finds the id of a reply that has no 文号."""

from __future__ import annotations

import pytest
import yaml

from tests.test_ratings_io import ROOT, SEED, SEED_DOC_NO, cli, db_hashes


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

NO_DOC_NO = ROOT / "fixtures" / "039_proposers_deng_n_wei_weiyuan.txt"  # a reply without a 文号


def _db(tmp_path):
    db = tmp_path / "db"
    made = cli("import", str(SEED), str(NO_DOC_NO), "--db", str(db), home=tmp_path)
    assert made.returncode == 0, made.stderr
    return db


def _listed(db, *args, home):
    out = cli("list", "--db", str(db), "--format", "yaml", *args, home=home)
    assert out.returncode == 0, out.stderr
    return yaml.safe_load(out.stdout)


def test_the_listed_id_of_a_reply_without_doc_no_is_what_rate_takes(tmp_path):
    db = _db(tmp_path)
    doc = _listed(db, "--reviewer", "王审阅", home=tmp_path)
    by_title = {r["title"]: r for r in doc["replies"]}
    plain = by_title["关于加快建设区域医疗中心的提案"]
    assert plain["doc_no"] is None and plain["suggestions"] == 2 and plain["state"] == "unreviewed"
    assert plain["source"] == NO_DOC_NO.name
    assert {r["doc_no"] for r in doc["replies"]} == {None, SEED_DOC_NO}

    rated = cli("rate", plain["id"], "1", "采纳", "--db", str(db), "--reviewer", "王审阅", home=tmp_path)
    assert rated.returncode == 0, rated.stderr

    after = {r["id"]: r for r in _listed(db, "--reviewer", "王审阅", home=tmp_path)["replies"]}
    assert (after[plain["id"]]["rated"], after[plain["id"]]["state"]) == (1, "in_progress")
    # Another reviewer's list shows their own progress, not 王审阅's.
    other = {r["id"]: r for r in _listed(db, "--reviewer", "李", home=tmp_path)["replies"]}
    assert other[plain["id"]]["rated"] == 0
    # --status keeps only the replies in that state.
    started = _listed(db, "--reviewer", "王审阅", "--status", "in_progress", home=tmp_path)["replies"]
    assert [r["id"] for r in started] == [plain["id"]]
    assert len(_listed(db, "--reviewer", "王审阅", "--status", "unreviewed", home=tmp_path)["replies"]) == 1


def test_the_table_shows_document_text_as_it_is_not_as_markup(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "关于[bold]整治[/bold]河道的建议的答复\n张明代表:\n您提出的关于[red]整治河道的建议收悉,现答复如下:\n"
        "我局已于2024年5月完成河道清淤,共清理河段3公里。\n感谢您的关心和支持!\n东河区水务局\n2024年6月1日\n",
        encoding="utf-8",
    )
    db = tmp_path / "db"
    assert cli("import", str(letter), "--db", str(db), home=tmp_path).returncode == 0
    out = cli("list", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert out.returncode == 0, out.stderr
    # The title is read from the opening line here; its "[red]" is text, not a colour.
    assert "关于[red]整治河道的建议" in out.stdout and "\x1b" not in out.stdout
    assert "1 replies" in out.stdout


def test_list_without_a_database_is_one_line_and_makes_nothing(tmp_path):
    missing = tmp_path / "nowhere"
    out = cli("list", "--db", str(missing), home=tmp_path)
    assert out.returncode == 1 and out.stderr.startswith("cppcc-review: error: ")
    assert len(out.stderr.strip().splitlines()) == 1 and "no database here" in out.stderr
    assert not missing.exists()


def test_list_changes_no_stored_byte(tmp_path):
    db = _db(tmp_path)
    before = db_hashes(db)
    _listed(db, home=tmp_path)
    assert db_hashes(db) == before


def test_rate_of_an_unknown_reply_points_to_list(tmp_path):
    db = _db(tmp_path)
    out = cli("rate", "关于加快建设区域医疗中心的提案", "1", "采纳", "--db", str(db), home=tmp_path)
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "no reply with this id or 文号" in out.stderr and "`cppcc-review list` shows every reply's id" in out.stderr
