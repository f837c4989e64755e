"""A number and its measure word stay on one line (QA round 15c, item 9).

On main the palette's 导入：内置示例答复 on a database holding replies asked
    导入内置的 435
    份示例答复？它们会和数据库里的答复列在一起；已有的示例不会重复导
    入。
Rich took the run of Chinese after the space for one word and broke before it, though the line had
room. The dialog is wrapped as Chinese is (tui.cjk_wrap), which never parts a number from the word
after it. A real database on disk, the pilot."""

from __future__ import annotations

import itertools
import re

from textual.command import CommandPalette

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.cjk_wrap import wrap_plain
from cppcc_review.tui.samples import sample_files
from cppcc_review.tui.screens.confirm import ConfirmScreen

from .test_tui import SIZE, make_reply


async def test_the_samples_question_keeps_the_number_with_its_measure_word(tmp_path):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        store.add_reply(make_reply("甲提复〔2025〕1号", "关于第1件事的提案", "市某局", [("一、关于甲", "已完成。")]))
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"内置示例")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = app.screen.query_one("#confirm-question").render().plain.split("\n")
        n = len(sample_files())
        assert shown[0].startswith(f"导入内置的 {n} 份示例答复？它们会"), shown  # the line filled, not cut at 435
        for line, following in itertools.pairwise(shown):
            assert not (re.search(r"\d$", line) and following.startswith("份")), shown


def test_the_wrap_never_parts_a_number_from_the_word_after_it():
    line = "上次导入示例答复没有完成：数据库里有 100 份答复，还缺 335 份示例。"
    for width in range(20, 60):
        for shown in wrap_plain(line, width).split("\n"):
            assert not shown.startswith("份"), (width, wrap_plain(line, width))
