"""The inbox's header repeats the search as the reviewer typed it (QA 2026-12-04: `ABC Def` was shown
as `abc def`); the match itself still ignores case."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.widgets.reply_list import ReplyList

from .test_tui import SIZE, make_reply


async def test_search_header_keeps_the_typed_case(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        hit = store.add_reply(make_reply("甲提复〔2025〕1号", "关于ABC Def平台的提案", "市某局", [("一、关于甲", "已完成。")]))[0]
        store.add_reply(make_reply("甲提复〔2025〕2号", "关于其他事项的提案", "市某局", [("一、关于乙", "将推进。")]))
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"abc Def")
        await pilot.pause()
        assert [r.id for r in app.screen.query_one(ReplyList).rows] == [hit]  # case ignored in the match
        header = str(app.screen.query_one("#inbox-title").render())
        assert "abc Def" in header and "abc def" not in header
