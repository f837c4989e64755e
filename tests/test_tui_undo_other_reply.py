"""`u` on the review screen when the newest change is on another reply (QA 2026-12-04: a second `u` in
one reply jumped to another and took back its whole confirmed assessment, opinion included, with
nothing said before). The first `u` says which reply and what; a second `u` opens it and undoes."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen

from .test_tui import SIZE, make_reply, open_first


def _toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_undo_reaching_another_reply_asks_first(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        ids = [store.add_reply(make_reply(f"丁提复〔2025〕{n}号", f"关于第{n}件事的提案", "市某局",
                                          [("一、关于甲", "已完成。"), ("二、关于乙", "将推进。")]))[0] for n in (1, 2)]
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        first = review.reply_id
        await pilot.press("1")  # on the first reply
        await pilot.press("right_square_bracket", "2")  # on the second
        second = review.reply_id
        assert second != first
        await pilot.press("u")  # the second reply's rating: taken back at once
        await pilot.pause()
        assert app.context.store.get_review(second, "tester").suggestions[0].rating is None
        await pilot.press("u")  # the newest change left is on the first reply: said, not made
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == second
        assert app.context.store.get_review(first, "tester").suggestions[0].rating is Rating.ADOPTED
        assert any("另一份答复 丁提复〔2025〕1号" in m and "评定 #1" in m for m in _toasts(app))
        await pilot.press("u")  # asked again: made
        await pilot.pause()
        assert app.screen.reply_id == first
        assert app.context.store.get_review(first, "tester").suggestions[0].rating is None
    assert set(ids) == {first, second}
