"""`import-ratings --skip-missing`: an office where each reviewer holds a different set of
replies takes the ratings of the replies it holds and is told which it skipped.

A colleague rated two letters (tests/data/agreement, our own words); this database holds
only one of them. By default the file is refused as before (and the error names the
option); with --skip-missing the held reply's ratings are imported and the other named.
Any other problem (a rating the format does not know) still refuses the whole file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default since fixh (these tests came with fixi, merged beside it), so they
    run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

DATA = Path(__file__).parent / "data" / "agreement"
PARKS, TRAFFIC = DATA / "parks_six.txt", DATA / "traffic_eight.txt"


def _colleague_export(capsys, tmp_path: Path) -> Path:
    with ReviewStore(tmp_path / "colleague") as store:
        import_paths(store, [PARKS, TRAFFIC])
        for s in store.summaries():
            store.set_rating(s.id, "李", 1, Rating.ADOPTED)
            store.set_rating(s.id, "李", 2, Rating.EXPLAINED, note="只说明了原因")
    out = tmp_path / "李.yaml"
    assert run_cli(capsys, "export", "--db", tmp_path / "colleague", "--reviewer", "李", "-o", out)[0] == 0
    return out


def _mine(tmp_path: Path) -> Path:
    db = tmp_path / "mine"
    with ReviewStore(db) as store:
        import_paths(store, [PARKS])
    return db


def _li(db: Path) -> list[tuple[str | None, list[Rating | None]]]:
    with ReviewStore(db, readonly=True) as store:
        return [(s.handler, [x.rating for x in store.get_review(s.id, "李").suggestions[:2]]) for s in store.summaries()]


def test_by_default_the_file_is_refused_and_the_option_is_named(tmp_path, capsys):
    export, db = _colleague_export(capsys, tmp_path), _mine(tmp_path)
    code, out, err = run_cli(capsys, "import-ratings", export, "--db", db)
    assert code == 1 and out == ""
    assert "is not in this database" in err and "nothing was imported" in err
    assert "--skip-missing imports the ratings of the replies this database holds" in err
    assert _li(db) == [("某市园林绿化局", [None, None])]


def test_skip_missing_imports_what_applies_and_lists_what_it_skipped(tmp_path, capsys):
    export, db = _colleague_export(capsys, tmp_path), _mine(tmp_path)
    code, out, err = run_cli(capsys, "import-ratings", export, "--db", db, "--skip-missing")
    assert code == 0, err
    assert "imported 2 ratings, 1 note, 0 assessments from reviewer 李 (1 reply, 2 changes)" in out
    assert "skipped 1 reply with ratings that this database does not hold: " in out
    assert _li(db) == [("某市园林绿化局", [Rating.ADOPTED, Rating.EXPLAINED])]
    # importing it again changes nothing and still says what it skipped
    code, out, _err = run_cli(capsys, "import-ratings", export, "--db", db, "--skip-missing")
    assert code == 0 and "0 changes" in out and "skipped 1 reply" in out


def test_skip_missing_still_refuses_a_file_with_any_other_problem(tmp_path, capsys):
    export, db = _colleague_export(capsys, tmp_path), _mine(tmp_path)
    text = export.read_text("utf-8")
    export.write_text(text.replace("rating: explained", "rating: maybe", 1), "utf-8")
    code, out, err = run_cli(capsys, "import-ratings", export, "--db", db, "--skip-missing")
    assert code == 1 and out == ""
    assert "'maybe' is not allowed" in err and "nothing was imported" in err
    assert _li(db) == [("某市园林绿化局", [None, None])]
