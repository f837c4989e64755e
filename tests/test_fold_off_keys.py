"""A long journal is folded by the writer that made it long, or by the app in a pause:
never by the app's next rating key (which used to fold inside its handler)."""

from __future__ import annotations

import json
import threading
import time

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen
from tests.helpers.files import journal_changes
from tests.helpers.replies import crash, make_reply

NOTE = "办理单位答复中只列出了已经做过的工作，没有说明下一步的安排和时间表，需要再问一次。" * 40  # ~1.7 KB


def write_long_journal(db, *, notes: int = 100, fold_on_write: bool = False) -> str:
    """One reply, then `notes` notes in one batch (one journal line past the fold size of
    a small database, ~128 KB). Returns the reply's id."""
    with ReviewStore(db, fold_on_write=fold_on_write) as s:
        rid, _ = s.add_reply(make_reply(n=3))
        s.fold_all()
        with s.batch():
            for i in range(notes):
                s.set_note(rid, "alice", 1 + i % 3, f"{i} {NOTE}")
    return rid


def app_not_paused(db) -> ReviewApp:
    """The app on `db` as tester, counted as not paused until a key or the test says so (at its
    start no key has come yet: on a loaded machine its own poll could fold before the test's
    keys, and a held fold would hold the opening of the reply)."""
    app = ReviewApp(db_path=db, reviewer="tester")
    app.context.status.last_key_at = time.monotonic() + 3600
    return app


def manifest(db) -> dict:
    return json.loads((db / "manifest.json").read_text(encoding="utf-8"))


def test_a_batch_that_makes_the_journal_long_folds_it_at_its_end(tmp_path):
    db = tmp_path / "db"
    rid = write_long_journal(db, fold_on_write=True)
    assert (db / "reviews.journal").stat().st_size < 4096  # started again: everything is in the shards
    with ReviewStore(db) as s:
        assert s.get_review(rid, "alice").suggestions[0].note.startswith("99 ")
        assert s.check()["ok"]


def test_a_crash_inside_the_batchs_fold_loses_none_of_the_batch(tmp_path, monkeypatch):
    import cppcc_review.store.folder

    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=3))
        s.fold_all()
    real = cppcc_review.store.folder.atomic_write

    def killed_before_the_new_journal(path, data, **kw):
        if path.name == "reviews.journal":
            raise KeyboardInterrupt("killed")
        return real(path, data, **kw)

    s = ReviewStore(db)
    monkeypatch.setattr(cppcc_review.store.folder, "atomic_write", killed_before_the_new_journal)
    with pytest.raises(KeyboardInterrupt), s.batch():  # killed in the fold after the batch's line
        for i in range(100):
            s.set_note(rid, "alice", 1 + i % 3, f"{i} {NOTE}")
    monkeypatch.undo()
    crash(s)
    assert journal_changes(db) == 1  # the batch's one line, still there
    with ReviewStore(db) as s:
        review = s.get_review(rid, "alice")
        assert [x.note[:3] for x in review.suggestions] == ["99 ", "97 ", "98 "]
        assert s.check()["ok"]


def test_a_store_that_does_not_fold_on_write_leaves_it_to_maintain(tmp_path):
    db = tmp_path / "db"
    rid = write_long_journal(db)
    before = manifest(db)
    with ReviewStore(db, fold_on_write=False) as s:
        s.set_rating(rid, "bob", 1, Rating.ADOPTED)  # past the fold size: folded nothing
        assert manifest(db) == before
        assert s.maintain(budget=10.0)  # the idle fold
        assert manifest(db) != before
    with ReviewStore(db) as s:
        assert s.get_review(rid, "bob").suggestions[0].rating is Rating.ADOPTED


async def test_a_rating_key_on_a_long_journal_does_not_fold_the_app_folds_in_a_pause(tmp_path):
    db = tmp_path / "db"
    rid = write_long_journal(db)
    journal_before = (db / "reviews.journal").stat().st_size
    before = manifest(db)
    app = app_not_paused(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("1", "2")
        await pilot.pause()
        # the poll right after the keys: no pause yet (however long a loaded machine takes here), no fold
        app.context.status.last_key_at = time.monotonic() + 3600
        app.notice_store_changes()
        assert manifest(db) == before  # no fold on the keys' way
        assert (db / "reviews.journal").stat().st_size > journal_before  # each rating on disk
        with ReviewStore(db, readonly=True) as other:
            assert [x.rating for x in other.get_review(rid, "tester").suggestions[:2]] == [
                Rating.ADOPTED, Rating.PARTIALLY_ADOPTED]
        app.context.status.last_key_at = time.monotonic() - 60  # the reviewer has paused
        for _ in range(50):
            app.notice_store_changes()  # a fold on a worker thread
            await app.workers.wait_for_complete()
            await pilot.pause()
            if (db / "reviews.journal").stat().st_size < 4096:
                break
        assert (db / "reviews.journal").stat().st_size < 4096  # folded, between keys
    with ReviewStore(db) as s:
        assert [x.rating for x in s.get_review(rid, "tester").suggestions[:2]] == [
            Rating.ADOPTED, Rating.PARTIALLY_ADOPTED]
        assert s.get_review(rid, "alice").suggestions[0].note.startswith("99 ")
        assert s.check()["ok"]


async def test_the_polls_first_tick_is_no_pause_the_fold_waits_for_one(tmp_path, monkeypatch):
    """The app has just started (however long that took) and no key has come yet: the reviewer is about
    to open a reply, and a fold now would hold it. The first tick starts the count; a pause after it folds."""
    monkeypatch.setattr("cppcc_review.tui.app.STORE_POLL_SECONDS", 3600.0)  # the test's ticks only
    db = tmp_path / "db"
    write_long_journal(db)
    before = manifest(db)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.notice_store_changes()  # the first tick, no key yet
        assert not app.idle_fold.running
        await app.workers.wait_for_complete()
        assert manifest(db) == before
        app.context.status.last_key_at -= 60  # a pause since that tick
        app.notice_store_changes()
        assert app.idle_fold.running  # a fold on a worker thread
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert manifest(db) != before


class HeldFold:
    """The store's fold (cppcc_review.store.fold.fold) held at its start until `let_go()`; `done`
    records, in order, each fold's end and each change's write (ReviewStore._commit) meanwhile."""

    def __init__(self, monkeypatch) -> None:
        import cppcc_review.store.fold

        self.started = threading.Event()
        self.gate = threading.Event()
        self.folds = 0
        self.done: list[str] = []
        fold, commit = cppcc_review.store.fold.fold, ReviewStore._commit

        def held_fold(*args, **kwargs):
            self.folds += 1
            self.started.set()
            assert self.gate.wait(60)
            folded = fold(*args, **kwargs)
            self.done.append("fold")
            return folded

        def recorded_commit(store, *args, **kwargs):
            self.done.append("write")
            return commit(store, *args, **kwargs)

        monkeypatch.setattr(cppcc_review.store.fold, "fold", held_fold)
        monkeypatch.setattr(ReviewStore, "_commit", recorded_commit)

    def let_go_after(self, seconds: float) -> threading.Timer:
        """Let the fold go on after `seconds` from another thread (a fold on the app's own thread,
        as before, holds up the test's keys until then: the test then fails, it does not hang)."""
        timer = threading.Timer(seconds, self.gate.set)
        timer.start()
        return timer


async def _until_started(pilot, held: HeldFold) -> None:
    """Until the fold has started (on a worker thread, which starts once the app's loop turns; on
    the app's own thread, as before, it starts at once)."""
    for _ in range(400):
        if held.started.is_set():
            return
        await pilot.pause(0.05)
    raise AssertionError("the fold never started")


async def _paused_on_a_reply(pilot, app) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen) and screen.index == 1
    app.context.status.last_key_at -= 60  # the reviewer has paused
    return screen


async def test_a_key_pressed_during_the_idle_fold_is_answered_before_the_fold_ends(tmp_path, monkeypatch):
    db = tmp_path / "db"
    write_long_journal(db)
    held = HeldFold(monkeypatch)
    app = app_not_paused(db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _paused_on_a_reply(pilot, app)
        timer = held.let_go_after(20.0)
        app.notice_store_changes()  # the poll's tick in a pause: the fold starts
        await _until_started(pilot, held)
        await pilot.press("j")
        assert screen.index == 2 and not held.gate.is_set()  # answered while the fold is held
        app.notice_store_changes()  # the next tick: the store is the fold's, no second one
        assert not app.context.store.maintain()  # (nor from another thread: it would not wait)
        assert held.folds == 1 and held.done == []
        held.gate.set()
        timer.cancel()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert held.done == ["fold"] and not app.idle_fold.running
        assert (db / "reviews.journal").stat().st_size < 4096  # folded
    with ReviewStore(db) as s:
        assert s.check()["ok"]


async def test_a_rating_key_during_the_idle_fold_is_written_after_it_and_kept(tmp_path, monkeypatch):
    db = tmp_path / "db"
    rid = write_long_journal(db)
    held = HeldFold(monkeypatch)
    app = app_not_paused(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _paused_on_a_reply(pilot, app)
        app.notice_store_changes()
        await _until_started(pilot, held)
        held.let_go_after(0.5)  # the key's write waits for the fold to end, never runs inside it
        await pilot.press("1")
        await pilot.pause()
        assert held.done == ["fold", "write"]
    with ReviewStore(db) as s:
        assert s.get_review(rid, "tester").suggestions[0].rating is Rating.ADOPTED
        assert s.check()["ok"]
