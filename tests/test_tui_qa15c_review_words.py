"""The review screen's words QA round 15c found wrong (items 8, 7 and 10), on a real database on disk.

- 8: a phrase written many times back to back (很长的一行文字 ×400) was listed as the same finding once per
  pair of copies: ⚠ “很长的一行文字很长的一行文字”连写了两遍 shown twice (five findings in all).
"""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.findings_band import FindingsBand

from .test_tui import SIZE

LETTER = """关于政协第九届三次会议第321号提案的答复
测政复〔2025〕77号
张三委员：
您提出的“关于完善测试设施的提案”收悉。现答复如下：
一、关于增加测试站点
我局已新建测试站点12个。{long}
二、关于加强测试保障
我局将在2026年继续推进相关工作。
测试市测试局
2025年6月1日
"""


@pytest.fixture
def odd_db(tmp_path, isolated_config):
    letter = tmp_path / "odd.txt"
    letter.write_text(LETTER.format(long="很长的一行文字" * 400), encoding="utf-8")
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        assert import_paths(store, [letter]).imported == 1
    return db


async def test_a_phrase_written_many_times_over_is_one_finding_shown_once(odd_db):
    app = ReviewApp(db_path=odd_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        band = app.screen.query_one(FindingsBand).text.plain
        assert band.count("连写了两遍") == 1, band
