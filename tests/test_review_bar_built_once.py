"""The review screen's rating bar is built once per key on a narrow terminal too (perfd).

At 80 columns the bar with the suggested rating does not fit; it used to be built whole,
then again without "enter accepts" to measure it, then a third time in the layout chosen:
three builds per key where the wide screen makes one. Counted with the real app on a
real database (the seed reply), key by key; what the bar shows is checked beside it.
Failed before the change (3 builds per key)."""

from __future__ import annotations

import pytest

from cppcc_review.tui import review_texts
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from tests.test_tui import open_first


@pytest.mark.parametrize(("lang", "rows"), [("zh", 1), ("en", 2)])
@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_the_bar_is_built_once_per_key_narrow_or_wide(seed_db, monkeypatch, lang, rows, size):
    builds: list[int] = []
    real = review_texts.rating_bar_text

    def counted(*args, **kwargs):
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(review_texts, "rating_bar_text", counted)
    app = ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(lang=lang))
    async with app.run_test(size=size) as pilot:
        review = await open_first(pilot)
        await pilot.pause()
        bar = review.query_one("#rating-bar")
        assert review.hint_for(review.index) is not None
        per_key = {}
        for key in ("j", "k", "1", "k", "u", "enter", "k", "2"):
            builds.clear()
            await pilot.press(key)
            await pilot.pause()
            per_key[key] = per_key.get(key, []) + [len(builds)]
        assert all(count == [1] * len(count) for count in per_key.values()), per_key
        # and it still shows what it did: the suggested rating's mark, on a second line in
        # English at 80 columns
        await pilot.press("k")
        await pilot.pause()
        mark = "[" + ("仅供参考" if lang == "zh" else "weak")
        confident = "[" + ("把握较大" if lang == "zh" else "confident")
        shown = bar.render().plain
        assert mark in shown or confident in shown, shown
        assert bar.size.height == (rows if size[0] == 80 else 1), shown
