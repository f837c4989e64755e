"""The app's export when there is nothing to export (QA, branch live, problem 3).

On main, the palette's "导出：评定结果为 YAML" for a reviewer who had rated nothing wrote a file of
replies all `rating: null` and said it was exported, while `cppcc-review export --reviewer 新人`
refused (`… 里没有 新人 的评定…；未写入任何文件`, exit 1). The app now refuses as the command line
does: a toast saying there is nothing to export, and no file (nor a question about replacing
one). Real databases on disk, the palette driven by the pilot."""

from __future__ import annotations

import pytest

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.confirm import ConfirmScreen
from tests.helpers.cli import run_cli
from tests.helpers.toasts import toasts
from tests.test_tui import seed_id
from tests.test_tui_daily_use import SIZE


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "没有可导出的评定：新人 还没有评定过任何答复（评定过的评审人：王）；没有写入任何文件"),
    ("en", "nothing to export: 新人 has not rated any reply yet (reviewers who have: 王); nothing was written"),
])
async def test_the_palettes_export_of_a_reviewer_without_ratings_writes_no_file(seed_db, tmp_path, monkeypatch,
                                                                                 capsys, lang, words):
    assert run_cli(capsys, "rate", seed_id(seed_db), "1", "采纳", "--reviewer", "王", "--db", seed_db)[0] == 0
    code, _out, err = run_cli(capsys, "export", "--reviewer", "新人", "--db", seed_db, "-o", tmp_path / "cli.yaml")
    assert code == 1 and "未写入任何文件" in err  # the command line, as the QA tester saw it
    out = tmp_path / "out"  # the current folder, where the palette's export writes
    out.mkdir()
    monkeypatch.chdir(out)
    app = ReviewApp(db_path=seed_db, reviewer="新人", lang=lang, offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*("export: ratings as YAML" if lang == "en" else "导出：评定结果为"))
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        messages = toasts(app)
        assert any(_squeezed(words) in _squeezed(m) for m in messages), messages
    assert list(out.iterdir()) == []


async def test_an_export_over_an_earlier_file_with_nothing_to_export_keeps_it_and_asks_nothing(seed_db, tmp_path):
    earlier = tmp_path / "ratings.yaml"
    earlier.write_bytes(b"schema: cppcc-review/ratings/v1\n")
    app = ReviewApp(db_path=seed_db, reviewer="新人", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.export_ratings(earlier) is None
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        words = _squeezed("没有可导出的评定：新人 还没有评定过任何答复（这个数据库里还没有人评定过）")
        assert any(words in _squeezed(m) for m in toasts(app)), toasts(app)
    assert earlier.read_bytes() == b"schema: cppcc-review/ratings/v1\n"


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "没有可导出的评定：这个数据库里还没有人评定过；没有写入任何文件"),
    ("en", "nothing to export: nobody has rated anything in this database yet; nothing was written"),
])
async def test_every_reviewers_export_of_an_unrated_database_writes_no_file(seed_db, tmp_path, lang, words):
    target = tmp_path / "all.yaml"
    app = ReviewApp(db_path=seed_db, reviewer="新人", lang=lang, offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.export_ratings(target, all_reviewers=True) is None
        await pilot.pause()
        assert any(_squeezed(words) in _squeezed(m) for m in toasts(app)), toasts(app)
    assert not target.exists()
