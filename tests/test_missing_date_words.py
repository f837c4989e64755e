"""`missing_date` in English says what the Chinese says: no *signing* date (QA round 15, item 13).

Fixture 573's letter has no date under its signature; its date (2019-09-03) is read from elsewhere and
shown in the review screen's header. The finding said "no date found" in English, beside that date,
where the Chinese says 未找到落款日期. A real database on disk, the app driven by the pilot."""

from __future__ import annotations

import pytest

from cppcc_review.samples import FIXTURES_DIR
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.findings_band import FindingsBand
from cppcc_review.tui.widgets.text_line import TextLine

UNDATED = FIXTURES_DIR / "573_county_environment_straw_burning_views_counter_then_time.txt"


@pytest.mark.parametrize(("lang", "words"), [("en", "no signing date found"), ("zh", "未找到落款日期")])
async def test_the_missing_date_finding_names_the_signing_date(tmp_path, lang, words):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        assert import_paths(store, [UNDATED]).imported == 1
    app = ReviewApp(db_path=db, reviewer="tester", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        header = screen.query_one("#review-header", TextLine).text.plain
        assert "2019-09-03" in header, header  # the reply's date is known and shown...
        band = screen.query_one(FindingsBand)
        shown = band.wrapped(screen.index, 110).plain.replace("\n", " ")
        assert words in shown, shown  # ...so the finding says which date is missing
        if lang == "en":
            assert "no date found" not in shown, shown
