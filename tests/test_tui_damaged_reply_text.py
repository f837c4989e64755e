"""A reply whose stored text is damaged or missing is refused with a toast; the app goes on (QA round 15, item 2).

On main, enter on such a reply (a byte flipped in its line of the reply pack, or the pack deleted) ended
the app with a traceback (CorruptError / NotFoundError from ReviewScreen.on_mount). README, Data safety:
"a reply's text gone or damaged" is a refusal in the app (a toast, the red status line). Now: a one-line
toast in the interface's language naming the reply, the reviewer stays where they were (the inbox; the
reply shown, for ] / [); the other replies of the same pack open as before. A real database on disk,
damaged the way a disk or a hand damages it, the app driven by the pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.reply_list import ReplyList
from tests.helpers.disputes import disputes_read
from tests.helpers.toasts import toasts

FILES = ["001_parking_label_a.txt", "002_elderly_care_b_class.txt", "003_flood_resolved_adopted.txt"]
WORDS = {"zh": ("无法打开", "的正文已损坏", "答复的正文缺失"),
         "en": ("cannot open", "not a valid reply", "the reply's text is missing")}


def _database(tmp_path: Path) -> Path:
    """Three replies, in one pack."""
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        assert import_paths(store, [FIXTURES_DIR / name for name in FILES]).imported == 3
    return db


def _pack(db: Path) -> Path:
    packs = sorted((db / "replies").glob("p-*.json"))
    assert len(packs) == 1, packs
    return packs[0]


def _damage_text_of(db: Path, rid: str) -> None:
    """A byte of reply `rid`'s line in its pack changed (a comma of its JSON), the others' lines left as they were."""
    pack = _pack(db)
    raw = pack.read_bytes()
    start = raw.index(b'{"v":2,"id":"' + rid.encode())
    comma = raw.index(b'","', start + 100)
    pack.write_bytes(raw[:comma + 1] + b";" + raw[comma + 2:])  # (that line no longer parses; the others do)


async def _rows(app) -> list[str]:
    replies = app.screen.query_one(ReplyList)
    return [row.id for row in replies.rows]


def _toast_texts(app) -> str:
    """The toasts' words without spaces (a wrapped English toast's lines are joined without one)."""
    return "".join("".join(text.split()) for text in toasts(app))


def _said(words: str) -> str:
    return "".join(words.split())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("how", ["damaged", "missing"])
async def test_opening_a_reply_whose_text_is_damaged_or_missing_says_so_and_stays(tmp_path, lang, how):
    db = _database(tmp_path)
    opener, damaged_words, missing_words = (_said(words) for words in WORDS[lang])
    app = ReviewApp(db_path=db, reviewer="tester", lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        rows = await _rows(app)
        assert len(rows) == 3
        second = rows[1]
        if how == "damaged":
            _damage_text_of(db, second)
        else:
            _pack(db).unlink()
        app.context.store._reply_cache.clear()  # (what the app read at start is not the text; as after a restart)
        await pilot.press("j", "enter")  # the second reply
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen), app.screen  # still running, on the inbox
        said = _toast_texts(app)
        assert opener in said and (damaged_words if how == "damaged" else missing_words) in said, said
        assert "Traceback" not in said
        if how == "damaged":
            await pilot.press("k", "enter")  # the first reply, in the same pack: opens as before
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == rows[0]
            await pilot.press("right_square_bracket")  # next reply: the damaged one; the first stays shown
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == rows[0]
            assert damaged_words in _toast_texts(app), _toast_texts(app)
            await pilot.press("right_square_bracket")  # (still on the first: ] tries the damaged one again)
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, InboxScreen)
    assert app.return_code in (0, None)


async def test_the_disputes_of_a_reply_whose_text_is_damaged_are_still_listed(tmp_path):
    """The disputes screen read every disputed reply's text for its headings: one damaged reply made the
    whole list "unavailable". The headings come from the index now; the damaged reply's disputes are listed."""
    from cppcc_review.store.model import Rating
    from cppcc_review.tui.screens.disputes import DisputesScreen

    db = _database(tmp_path)
    with ReviewStore(db) as store:
        ids = [s.id for s in store.summaries()]
        for rid in ids:
            store.set_rating(rid, "李审阅", 1, Rating.ADOPTED)
            store.set_rating(rid, "王审阅", 1, Rating.EXPLAINED)
    _damage_text_of(db, ids[0])
    app = ReviewApp(db_path=db, reviewer="李审阅")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await disputes_read(pilot)
        screen = app.screen
        assert isinstance(screen, DisputesScreen)
        assert screen.error is None and {d.reply_id for d in screen.items} == set(ids)


def test_a_reply_whose_text_is_damaged_is_left_out_of_the_hints_fit_not_the_fit(tmp_path):
    """The learned hints' samples read each rated reply's text: a damaged one ended the fit (the rules
    answered for every reply). Its ratings are left out now, the others' kept."""
    from cppcc_review.store.aids.hint_learner import latest_samples, samples_from_store
    from cppcc_review.store.model import Rating

    db = _database(tmp_path)
    with ReviewStore(db) as store:
        ids = [s.id for s in store.summaries()]
        for rid in ids:
            store.set_rating(rid, "tester", 1, Rating.ADOPTED)
    _damage_text_of(db, ids[1])
    with ReviewStore(db, readonly=True) as store:
        kept = {store.summary(ids[0]).title, store.summary(ids[2]).title}
        assert {s.reply.title for s in samples_from_store(store, "tester")} == kept
        assert {s.reply.title for s in latest_samples(store, "tester", 100)[0]} == kept
