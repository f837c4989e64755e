"""Work the app did twice on the key and poll paths (review findings), counted by wrapping the store's
and the aids' functions: the poll after another window wrote to the reply on screen reads its text
only when the suggestions were merged or split (and then once, with its aids once); the export reads
the reviewers and what is at its target once (a replace question and its answer too); N with nothing left reads the progress once. Driven with Textual's Pilot on a real
database on disk; the other window is a second store on the same folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui import export_actions
from tests.helpers.toasts import toasts
from tests.test_tui import seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester
from tests.test_tui_next_work_in_search import _one_done, _search_for_the_done_reply
from tests.test_tui_other_writers import _review_on, said


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, calls: Counter[str]) -> None:
    """Count the calls of `owner.name` in `calls[name]` (the attribute wrapped for the test)."""
    method: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return method(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)


async def test_the_poll_reads_the_reply_shown_only_when_its_layout_changed_elsewhere_and_then_once(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 3)
        calls: Counter[str] = Counter()
        count_calls(monkeypatch, app.context.store, "get_reply", calls)
        count_calls(monkeypatch, app.context.aids, "findings", calls)
        with ReviewStore(seed_db) as other:  # another window rates: the layout is as shown
            other.set_rating(rid, "张三", 1, Rating.ADOPTED)
        app.notice_store_changes()  # the poll's tick
        await pilot.pause()
        assert calls == Counter()
        with ReviewStore(seed_db) as other:
            other.merge_suggestion(rid, "root", 1)
        app.notice_store_changes()
        await pilot.pause()
        assert review.view.total == 2 and review.index == 2
        assert said(app, "这条答复的建议在别处被合并了：现有 2 条（原 3 条）")
        assert calls == Counter(get_reply=1, findings=1)


async def test_the_poll_reads_the_layout_once_while_a_note_is_being_written(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        await pilot.press("n", *"写着")
        calls: Counter[str] = Counter()
        count_calls(monkeypatch, app.context.store, "suggestion_ranges", calls)
        with ReviewStore(seed_db) as other:  # another window rates: the layout is as shown
            other.set_rating(rid, "张三", 1, Rating.ADOPTED)
        app.notice_store_changes()  # the poll's tick
        await pilot.pause()
        assert calls == Counter(suggestion_ranges=1)
        assert review.focused is review.note.editor and review.note.editor.text == "写着"


async def test_the_export_reads_the_reviewers_and_the_target_once(seed_db, tmp_path, monkeypatch):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as other:
        other.set_rating(rid, "tester", 1, Rating.ADOPTED)
    monkeypatch.chdir(tmp_path)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        calls: Counter[str] = Counter()
        count_calls(monkeypatch, app.context.store, "reviewers", calls)
        count_calls(monkeypatch, export_actions, "existing_output", calls)  # what is at the target
        written = app.export_ratings(tmp_path / "mine.yaml")
        await pilot.pause()
        assert written == tmp_path / "mine.yaml" and written.is_file()
        assert calls == Counter(reviewers=1, existing_output=1)
        calls.clear()
        app.export_ratings(tmp_path / "all.yaml", all_reviewers=True)
        assert (tmp_path / "all.yaml").is_file() and calls == Counter(reviewers=1, existing_output=1)
        calls.clear()
        before = (tmp_path / "mine.yaml").stat().st_mtime_ns
        assert app.export_ratings(tmp_path / "mine.yaml") is None  # there: asked first
        await pilot.pause()
        await pilot.press("y")  # replaced: what was looked at before the question is not looked at again
        await pilot.pause()
        assert said(app, "替换了原有文件") and (tmp_path / "mine.yaml").stat().st_mtime_ns != before
        assert calls == Counter(reviewers=1, existing_output=1)


async def test_n_with_nothing_left_in_the_search_reads_the_progress_once(tmp_path, monkeypatch):
    db, ids = _one_done(tmp_path)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _search_for_the_done_reply(pilot)
        await pilot.press("enter")  # the done reply, on the review screen
        await pilot.pause()
        calls: Counter[str] = Counter()
        count_calls(monkeypatch, app.context.store, "progress", calls)
        await pilot.press("N")
        await pilot.pause()
        assert app.screen.reply_id == ids[0]
        assert "这次搜索中没有待评审的答复了（搜索之外还有 2 份）" in toasts(app)
        assert calls == Counter(progress=1)
        calls.clear()
        app.jump_next(unreviewed_only=False)  # the palette's "next reply that needs work"
        await pilot.pause()
        assert "这次搜索中没有待评审的答复了（搜索之外还有 2 份）" in toasts(app)
        assert calls == Counter(progress=1)
