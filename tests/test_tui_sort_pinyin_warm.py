"""The inbox's sort picker starts loading pypinyin while the reviewer chooses (QA 2026-12-04: the first
sort by 办理单位 took 1.2 s, most of it that load); the app's start still does not load it."""

from __future__ import annotations

import sys
import threading

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui import pinyin_order
from cppcc_review.tui.app import ReviewApp

from .test_tui import SIZE, make_reply


async def test_the_sort_picker_starts_the_pinyin_load(tmp_path, monkeypatch):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        store.add_reply(make_reply("甲提复〔2025〕1号", "关于甲的提案", "市某局", [("一、关于甲", "已完成。")]))
    loaded = threading.Event()

    def load():  # stands for pypinyin's import, in whatever thread calls it
        loaded.set()
        return lambda text: list(text)

    monkeypatch.delitem(sys.modules, "pypinyin", raising=False)
    monkeypatch.setattr(pinyin_order, "_lazy_pinyin", load)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not loaded.is_set()  # not at start
        await pilot.press("o")  # the picker is open, nothing chosen yet
        assert loaded.wait(10)
        await pilot.press("escape")
