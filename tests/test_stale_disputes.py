"""A dispute settled from a list read before the reviewers came to agree (QA round d, bug 1).

On main the disputes screen settled the suggestion its list showed, whatever the reviewers'
ratings were by then: with both reviewers now rating 解释说明, `1` stored a consensus 采纳 that
overrode them in the statistics. Now the key looks at the ratings as they are: refused with
one line, nothing written, the list read again. A real database on disk, a second writer (the
command line's part) through its own store, the app driven by the pilot."""

from __future__ import annotations

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from cppcc_review.store.ratings.merge import disputes, merge_exports, resolve_dispute
from cppcc_review.store.ratings.ratings_io import export_ratings, load_ratings_file, write_ratings
from cppcc_review.store.stats import compute_stats
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.disputes import DisputesScreen
from cppcc_review.tui.widgets.dispute_list import DisputeList
from tests.helpers.disputes import disputes_read

FILES = sorted(FIXTURES_DIR.glob("0[0-4]?_*.txt"))[:3]


def _database(tmp_path):
    """Three replies; on suggestion 1 of each, 李审阅 says adopted and 王审阅 explained."""
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, FILES)
        rids = [s.id for s in store.summaries()]
        for rid in rids:
            store.set_rating(rid, "李审阅", 1, Rating.ADOPTED)
            store.set_rating(rid, "王审阅", 1, Rating.EXPLAINED)
    return db


async def test_settling_a_suggestion_the_reviewers_now_agree_on_is_refused(tmp_path):
    db = _database(tmp_path)
    app = ReviewApp(db_path=db, reviewer="裁定人", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await disputes_read(pilot)
        screen = app.screen
        assert isinstance(screen, DisputesScreen)
        assert len(screen.items) == 3
        stale = screen.items[0]
        with ReviewStore(db) as other:  # meanwhile, elsewhere: 李审阅 comes round to explained
            other.set_rating(stale.reply_id, "李审阅", 1, Rating.EXPLAINED)
        shown = []
        app.notify = lambda message, **kw: shown.append(str(message))  # type: ignore[method-assign]
        await pilot.press("1")
        await disputes_read(pilot, lambda s: len(s.items) == 2)
        assert any("not disputed any more" in line for line in shown), shown
        assert (stale.reply_id, stale.index) not in [(d.reply_id, d.index) for d in screen.items]
    with ReviewStore(db, readonly=True) as store:
        consensus = [r for r in store.reviews_of(stale.reply_id) if r.reviewer == "consensus"]
        assert not consensus or consensus[0].suggestions[0].rating is None  # nothing written


async def test_a_suggestion_still_disputed_is_settled(tmp_path):
    db = _database(tmp_path)
    app = ReviewApp(db_path=db, reviewer="裁定人")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await disputes_read(pilot)
        first = app.screen.items[0]
        await pilot.press("1")
        await pilot.pause()
    with ReviewStore(db, readonly=True) as store:
        assert store.get_review(first.reply_id, "consensus").suggestions[0].rating == Rating.ADOPTED


def _settled_then_agreed(tmp_path):
    """Suggestion 1 of the first reply settled as adopted, then 李审阅 comes round to explained:
    both reviewers now say explained, the resolution (adopted) is still stored."""
    db = _database(tmp_path)
    with ReviewStore(db) as store:
        rid = sorted(store.summaries(), key=lambda s: (s.handler or "", s.date or "", s.doc_no or "", s.id))[0].id
        resolve_dispute(store, rid, 1, Rating.ADOPTED, "裁定人")
        store.set_rating(rid, "李审阅", 1, Rating.EXPLAINED)
    return db, rid


def test_an_outdated_resolution_does_not_override_the_reviewers_who_now_agree(tmp_path):
    db, rid = _settled_then_agreed(tmp_path)
    with ReviewStore(db) as store:
        handler = store.summary(rid).handler
        group = next(g for g in compute_stats(store) if g.group == handler)
        # suggestion 1 of this reply: agreed explained (on main: adopted, the resolution's)
        assert (group.adopted, group.explained, group.disputed) == (0, 1, 0)
        # the resolution is kept, listed as outdated (so that 0 can clear it), not as a dispute to settle
        listed = {(d.reply_id, d.index): d for d in disputes(store)}
        assert listed[(rid, 1)].outdated and listed[(rid, 1)].resolution == Rating.ADOPTED
        exported = export_ratings(store, all_reviewers=True)
    path = tmp_path / "all.yaml"
    write_ratings(exported, path)
    merged = merge_exports([load_ratings_file(path)[0]])
    one = next(s for r in merged["replies"] if r["reply_id"] == rid for s in r["suggestions"] if s["index"] == 1)
    assert (one["status"], one["consensus"], one["consensus_by"]) == ("agreed", "explained", "agreed")


async def test_the_disputes_screen_shows_an_outdated_resolution_and_0_clears_it(tmp_path):
    db, rid = _settled_then_agreed(tmp_path)
    app = ReviewApp(db_path=db, reviewer="裁定人", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await disputes_read(pilot)
        screen = app.screen
        assert [(d.reply_id, d.index) for d in screen.items][0] == (rid, 1)
        assert "outdated: the reviewers agree now" in screen.query_one(DisputeList).plain
        await pilot.press("0")
        await disputes_read(pilot, lambda s: len(s.items) == 2)
        assert rid not in [d.reply_id for d in screen.items]
    with ReviewStore(db, readonly=True) as store:
        assert store.get_review(rid, "consensus").suggestions[0].rating is None
