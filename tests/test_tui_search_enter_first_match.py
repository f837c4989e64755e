"""Search + enter opens the first match unless the reviewer moved (QA round 14, item 1).

On main the cursor went onto the first instant match (a title hit); when the full-text hits
arrived from the worker and sorted above it, the cursor stayed on that reply, so enter opened
the third row although the list showed two others above it and the reviewer had not moved.
A real database on disk, the app driven by the pilot."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.reply_list import ReplyList

from .test_tui import SIZE, make_reply


def _title_hit_sorting_last(tmp_path):
    """Three replies: only the last by handler has 养老 in its title; the two others in their text."""
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        title_hit = store.add_reply(make_reply("甲提复〔2025〕1号", "关于养老服务的提案", "重庆市民政局",
                                               [("一、关于甲", "已完成。")]))[0]
        text_hits = [
            store.add_reply(make_reply(f"甲提复〔2025〕{n}号", f"关于第{n}件事的提案", handler,
                                       [("一、关于乙", "加强社区养老照护。")]))[0]
            for n, handler in ((2, "安徽省民政厅"), (3, "北京市民政局"))
        ]
    return db, title_hit, text_hits


async def _search_sorted_by_handler(app, pilot, extra_keys=()) -> list[str]:
    """Sort by handler (the picker), search 养老, wait for the full-text hits; the rows' ids."""
    await pilot.pause()
    await pilot.press("o", "down", "down", "down", "down", "enter")  # doc_no date title proposer [handler]
    await pilot.pause()
    assert app.screen.sort_name == "handler"
    await pilot.press("slash", *"养老")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press(*extra_keys)
    await pilot.pause()
    return [r.id for r in app.screen.query_one(ReplyList).rows]


async def test_enter_opens_the_first_match_when_text_hits_sort_above_the_title_hit(tmp_path):
    db, title_hit, text_hits = _title_hit_sorting_last(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _search_sorted_by_handler(app, pilot)
        assert rows == [*text_hits, title_hit]  # 安徽, 北京 (text), 重庆 (title)
        assert app.screen.query_one(ReplyList).cursor == 0  # the highlight on the first row
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == text_hits[0]


async def test_a_row_the_reviewer_moved_to_stays_when_the_text_hits_arrive(tmp_path):
    db, title_hit, text_hits = _title_hit_sorting_last(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await _search_sorted_by_handler(app, pilot, extra_keys=("down",))
        assert rows == [*text_hits, title_hit]
        await pilot.press("enter")  # ↓ once from the first: the second row
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == text_hits[1]
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert app.screen.query_one(ReplyList).current.id == text_hits[1]  # back on the reply opened


async def _search_then_import_above(tmp_path, monkeypatch, moved: bool = False):
    """Search 养老 (one title hit), then another process imports a reply whose title matches and
    whose 文号 sorts above it; the poll's catch-up (called by the test: no tick of its own)."""
    monkeypatch.setattr("cppcc_review.tui.app.STORE_POLL_SECONDS", 3600.0)
    db, title_hit, _text_hits = _title_hit_sorting_last(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"养老")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reply_list = app.screen.query_one(ReplyList)
        if moved:
            await pilot.press("down")  # the reviewer moves (↓ from the search field: the list's second row)
            await pilot.pause()
            highlighted = reply_list.current.id
        with ReviewStore(db) as other:  # another window imports a reply
            imported = other.add_reply(make_reply("甲提复〔2025〕0号", "关于养老机构的提案", "上海市民政局",
                                                  [("一、关于丙", "已答复。")]))[0]
        app.notice_store_changes()
        await pilot.pause()
        rows = [r.id for r in reply_list.rows]
        assert rows[0] == imported and title_hit in rows
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        return app.screen.reply_id, imported, (highlighted if moved else None)


async def test_enter_opens_the_first_match_after_another_window_imported_one_that_sorts_above(tmp_path, monkeypatch):
    """The poll's catch-up re-applied the search as if it were a move: the cursor stayed on the match it
    was on, now the second row, and enter opened it, not the first match the list showed."""
    opened, imported, _ = await _search_then_import_above(tmp_path, monkeypatch)
    assert opened == imported


async def test_a_row_the_reviewer_moved_to_stays_after_another_window_imported_one(tmp_path, monkeypatch):
    opened, imported, highlighted = await _search_then_import_above(tmp_path, monkeypatch, moved=True)
    assert opened == highlighted != imported
