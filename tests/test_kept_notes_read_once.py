"""The app's retry of kept notes (notes the full disk refused) reads each reply's layout once a tick,
however many notes it keeps: it read it once per note to see whether the suggestions were merged or
split since, and again to follow them. And a note no suggestion holds any more is not written again
at every tick (the store refused each such write: the layout it was written against is gone).
Counted, not timed: benchmarks/kept_notes_tick.py times a tick."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from tests.helpers.replies import make_reply
from tests.test_tui import open_first
from tests.test_tui_daily_use import SIZE, app_as_tester
from tests.test_tui_kept_note_reply_gone import NO_SUGGESTION
from tests.test_tui_note_full_disk import LONG, SmallDisk, _kept_on, ticks_only


def _count(monkeypatch, store, name: str) -> list[object]:
    calls: list[object] = []
    method = getattr(store, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return method(*args, **kwargs)

    monkeypatch.setattr(store, name, counted)
    return calls


async def test_a_tick_reads_the_layout_of_a_reply_with_three_kept_notes_once(tmp_path, monkeypatch):
    from cppcc_review.store.reading.parser import parse_reply

    ticks_only(monkeypatch)
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        rid, _ = store.add_reply(make_reply(n=4))
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        SmallDisk(monkeypatch)
        for index in (2, 3, 4):
            await _kept_on(pilot, review, index, f"第{index}条" + LONG)
        assert len(app.context.unsaved) == 3
        reads = _count(monkeypatch, app.context.store, "suggestion_ranges")
        writes = _count(monkeypatch, app.context.store, "set_note")
        app.notice_store_changes()  # the disk still full: all three kept
        await pilot.pause()
        assert len(app.context.unsaved) == 3
        assert (len(reads), len(writes)) == (1, 1)  # (the first write refused: the others are not tried)
        await pilot.press("q")  # to the inbox (the review screen reads the layout it shows when it changes)
        await pilot.pause()
        again = parse_reply(NO_SUGGESTION)
        again.doc_no = make_reply().doc_no
        with ReviewStore(db) as other:  # imported again: no suggestion holds the notes now
            assert other.add_reply(again) == (rid, "updated")
        for _tick in range(2):
            reads.clear(), writes.clear()
            app.notice_store_changes()
            await pilot.pause()
            assert len(app.context.unsaved) == 3
            assert (len(reads), len(writes)) == (1, 0)
