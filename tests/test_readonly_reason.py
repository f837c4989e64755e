"""Read-only says why. The app opens a database read-only when another program is writing
to it; a write refused then said "(--readonly)" (the store's refusal) or only "opened
read-only" (the status line after a key), as if the reviewer had asked for it. Now:

- the store's refusal names the other program as the reason (code readonly_locked), and
  "(--readonly)" only when --readonly was given;
- in the app, a key that would change something, pressed in a database opened read-only,
  leaves the reason on the status line: another program is writing it (which, since when,
  what to do), or --readonly.

In Chinese and English, on a real database held the way an older release's writer holds it."""

from __future__ import annotations

import os

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import StoreError
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.cli.words import error_text
from cppcc_review.tui.refusal_words import refusal_text
from cppcc_review.tui.widgets.status_line import StatusLine
from tests.helpers.files import digest
from tests.helpers.holders import older_release_holder


def _reply_id(db) -> str:
    with ReviewStore(db, readonly=True) as store:
        return store.summaries()[0].id


def _refused(call, *args) -> StoreError:
    with pytest.raises(StoreError) as caught:
        call(*args)
    return caught.value


def test_a_store_opened_read_only_for_a_held_lock_says_so_not_readonly_flag(seed_db):
    rid = _reply_id(seed_db)
    before = digest(seed_db)
    with older_release_holder(seed_db), ReviewStore(seed_db, readonly=True, locked_out=True) as store:
        exc = _refused(store.set_rating, rid, "王芳", 1, Rating.ADOPTED)
    assert exc.code == "readonly_locked"
    for words in (error_text(exc, "zh"), refusal_text(exc, "zh")):
        assert words == (f"{seed_db}：数据库以只读方式打开，因为打开时另一个程序正在写入它；未做任何修改"
                         "（关闭那个程序后重新打开数据库即可修改）")
    assert error_text(exc, "en") == (f"{seed_db}: opened read-only, because another program was writing to it; "
                                     "nothing was changed (close that program, then open the database again)")
    assert "--readonly" not in error_text(exc, "zh") + error_text(exc, "en")
    with ReviewStore(seed_db, readonly=True) as store:  # asked for: the flag is the reason
        exc = _refused(store.set_rating, rid, "王芳", 1, Rating.ADOPTED)
    assert exc.code == "readonly_flag" and "（--readonly）" in error_text(exc, "zh")
    assert digest(seed_db) == before


def _status(app) -> str:
    return app.screen.query_one(StatusLine).text.plain


@pytest.mark.parametrize(("lang", "why"), [
    ("zh", "另一个程序正在写入该数据库（cppcc-review review，进程 {pid}"),
    ("en", "another program is writing this database (cppcc-review review, pid {pid}"),
])
async def test_a_key_in_the_app_read_only_for_a_held_lock_keeps_the_reason(seed_db, lang, why):
    rid = _reply_id(seed_db)
    with older_release_holder(seed_db):
        app = ReviewApp(db_path=seed_db, reviewer="tester", lang=lang)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the reply
            await pilot.pause()
            await pilot.press("1")  # a rating: not saved
            await pilot.pause()
            status = _status(app)
            assert app.context.status.refusal is not None and app.context.status.error is None
            assert why.format(pid=os.getpid()) in status, status
            assert "--readonly" not in status, status
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "tester").suggestions[0].rating is None


@pytest.mark.parametrize(("lang", "why"), [("zh", "按 --readonly 打开"), ("en", "opened with --readonly")])
async def test_a_key_in_the_app_opened_with_readonly_says_so(seed_db, lang, why):
    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True, lang=lang)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.context.status.refusal is not None and why in _status(app), _status(app)
