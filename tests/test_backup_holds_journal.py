"""Every backup holds the state at its time: the automatic backup a fold makes of the state
before it (the first fold of a session: at the end of `import`, of `import-ratings`, the
app's idle fold, a writer past the journal's limit) carries the journal's lines the shards
do not hold yet, as `db backup` does. It named the manifest alone ("journal": null), so the
ratings still in the journal were not in it, and `db restore --from` it brought back the new
replies without the ratings made before them, saying nothing (QA round 15, bug 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cppcc_review.store import backups, journal_held
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli
from tests.test_tui import make_reply

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


def _newest_backup(db: Path) -> Path:
    return backups.list_manifests(db)[0]


def _rated(db: Path) -> dict[str, int]:
    """{reply id: how many of its suggestions are rated (by anyone)}."""
    with ReviewStore(db, readonly=True) as store:
        return {s.id: sum(x.rating is not None for reviewer in store.reviewers()
                          for x in store.get_review(s.id, reviewer).suggestions)
                for s in store.summaries()}


def test_the_backup_an_import_makes_keeps_the_ratings_made_before_it(tmp_path, capsys):
    db = tmp_path / "r1"
    first = [FIXTURES / n for n in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt",
                                    "003_flood_resolved_adopted.txt")]
    assert run_cli(capsys, "import", *first, "--db", db)[0] == 0
    ids = list(_rated(db))
    for rid in ids:
        code, _out, err = run_cli(capsys, "rate", rid, "1", "adopted", "--db", db)
        assert code == 0, err
    assert run_cli(capsys, "import", FIXTURES / "004_heritage_reference.txt", "--db", db)[0] == 0
    made = _newest_backup(db)
    header = json.loads(made.read_bytes().split(b"\n", 1)[0])
    assert header["journal"] is not None, header  # (it said null: the three ratings were not in it)

    code, out, err = run_cli(capsys, "db", "restore", "--db", db, "--from", made)
    assert code == 0, err
    rated = _rated(db)
    assert len(rated) == 4
    assert [rated[rid] for rid in ids] == [1, 1, 1], (rated, out)  # (0, 0, 0 before)


def _replies(n: int):
    return [make_reply(f"沪科提复〔2025〕{k}号", f"关于第{k}件事的提案", "市科委",
                       [(f"一、关于甲{k}", "我们将研究。"), (f"二、关于乙{k}", "已经采纳。")])
            for k in range(1, n + 1)]


def _ratings(db: Path, ids: list[str]) -> list:
    with ReviewStore(db, readonly=True) as store:
        return [[(s.rating, s.note) for s in store.get_review(rid, "alice").suggestions] for rid in ids]


@pytest.mark.parametrize("held", [True, False], ids=["journal-held", "journal-long"])
@pytest.mark.parametrize("whole", [True, False], ids=["fold-all", "fold-some"])
def test_a_session_s_first_fold_backs_up_the_state_with_its_journal(tmp_path, capsys, monkeypatch, held, whole):
    """A later session's first fold (of everything, as an import's end makes; or of a few
    prefixes, as the app's idle fold) keeps the state before it whole: restored, every rating
    is back, and the change made after it is not. A journal longer than the store holds in
    memory (HOLD_MAX, made tiny here) is read from its file, or, folded whole, the state after
    the fold is kept instead (the same reviews, a new journal)."""
    if not held:
        monkeypatch.setattr(journal_held, "HOLD_MAX", 64)
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        ids = [store.add_reply(r)[0] for r in _replies(6)]
        store.fold_all()
    with ReviewStore(db) as store:  # a new session: ratings in the journal only
        for k, rid in enumerate(ids):
            for s in (1, 2):
                store.set_rating(rid, "alice", s, Rating.ADOPTED if k % 2 else Rating.EXPLAINED, note=f"理由 {k}-{s}")
    rated = _ratings(db, ids)
    before = set(backups.list_manifests(db))
    with ReviewStore(db) as store:  # the next session folds: its first fold keeps a backup
        if whole:
            store.fold_all()
        else:
            monkeypatch.setattr(ReviewStore, "fold_due", lambda self: True)
            assert store.maintain(budget=0.0)
            assert store._jstore.dirty_parts(store._folder.manifest.folded)  # (some left in the journal)
        store.set_rating(ids[0], "alice", 1, None, note="")  # (a change after that backup)
    made = set(backups.list_manifests(db)) - before
    assert len(made) == 1, made
    code, _out, err = run_cli(capsys, "db", "restore", "--db", db, "--from", made.pop())
    assert code == 0, err
    assert _ratings(db, ids) == rated
