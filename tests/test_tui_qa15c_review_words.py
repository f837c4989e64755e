"""The review screen's words QA round 15c found wrong (items 8, 7 and 10), on a real database on disk.

- 8: a phrase written many times back to back (很长的一行文字 ×400) was listed as the same finding once per
  pair of copies: ⚠ “很长的一行文字很长的一行文字”连写了两遍 shown twice (five findings in all).
- 7: the English header said "proposal 第321号": the 第…号 is Chinese grammar; a plain number reads
  "proposal no. 321", an unusual one (15-3-204号) stays as printed.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.findings_band import FindingsBand
from cppcc_review.tui.widgets.text_line import TextLine

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


NO_DOC_NO = """关于市政协十五届三次会议第15-3-204号提案的答复
李四委员：
您提出的“关于完善测试设施的提案”收悉。现答复如下：
一、关于增加测试站点
我局已新建测试站点12个。
测试市测试局
2025年6月1日
"""


@pytest.fixture
def odd_db(tmp_path, isolated_config):
    letter = tmp_path / "odd.txt"
    letter.write_text(LETTER.format(long="很长的一行文字" * 400), encoding="utf-8")
    other = tmp_path / "no_doc_no.txt"
    other.write_text(NO_DOC_NO, encoding="utf-8")
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        assert import_paths(store, [letter, other]).imported == 2
    return db


async def _header_line(db, lang: str, doc_no_shown: str) -> str:
    """The header's first line of the reply whose 文号 or proposal number holds `doc_no_shown`."""
    from cppcc_review.tui.widgets.reply_list import ReplyList

    app = ReviewApp(db_path=db, reviewer="tester", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(ReplyList).rows
        index = next(i for i, row in enumerate(rows) if doc_no_shown in (row._doc_no or "") + (row._proposal_no or ""))
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        header = app.screen.query_one("#review-header", TextLine)
        return "".join(s.text for s in header.render_line(0)).strip()


@pytest.mark.parametrize(("lang", "plain", "unusual"), [
    ("en", "测政复〔2025〕77号  proposal no. 321  2025-06-01", "proposal 15-3-204号 (no doc no.)  2025-06-01"),
    ("zh", "测政复〔2025〕77号  提案第321号  2025-06-01", "提案15-3-204号（无文号）  2025-06-01"),
])
async def test_the_proposal_number_in_the_header_reads_in_the_interface_language(odd_db, lang, plain, unusual):
    first = await _header_line(odd_db, lang, "77")
    assert first.startswith(plain), first
    first = await _header_line(odd_db, lang, "204")
    assert first.startswith(unusual), first


async def test_a_phrase_written_many_times_over_is_one_finding_shown_once(odd_db):
    from cppcc_review.tui.widgets.reply_list import ReplyList

    app = ReviewApp(db_path=odd_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(ReplyList).rows
        index = next(i for i, row in enumerate(rows) if "77号" in (row._doc_no or ""))
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "77号" in app.screen.query_one("#review-header", TextLine).text.plain
        band = app.screen.query_one(FindingsBand).text.plain
        assert band.count("连写了两遍") == 1, band


@pytest.mark.parametrize(("lang", "said"), [("zh", "（已采用建议评定）"), ("en", " (suggested rating accepted)")])
async def test_an_accepted_hint_is_marked_in_brackets_of_the_interface_language(seed_db, lang, said):
    """Item 10: 评定：解释说明 (已采用建议评定), ASCII brackets among full-width ones (建议评定：…（回车采用）)."""
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")  # the suggested rating taken
        await pilot.pause()
        await pilot.press("k")  # (back to it, were the next one shown)
        await pilot.pause()
        bar = app.screen.query_one("#rating-bar", TextLine).text.plain
        assert said in bar, bar
        if lang == "zh":
            assert "(" not in bar and ")" not in bar, bar
