"""The import dialog imports a second path typed after the first import finished (QA round 14,
item 3).

On main, once an import had finished, enter in the path field did nothing: the new path sat
above the first import's result, which read as the new path's. Real files on disk, a real
database, the app driven by the pilot, the paths typed as a reviewer types them."""

from __future__ import annotations

import shutil

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.samples import sample_files
from cppcc_review.tui.screens.import_files import ImportScreen
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.widgets.reply_list import ReplyList

from .test_tui import SIZE


def _folder(tmp_path, name, files):
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


async def _import(app, pilot, path) -> str:
    """The path typed over what the field holds (ctrl+u clears it), enter, the import's result."""
    await pilot.press("ctrl+u", *str(path), "enter")
    for _ in range(400):
        await pilot.pause(0.05)
        if not app.screen.running:
            break
    return str(app.screen.query_one("#import-result").render())


async def test_a_second_path_after_an_import_is_imported_too(tmp_path):
    samples = sample_files()
    first, second = _folder(tmp_path, "first", samples[:2]), _folder(tmp_path, "second", samples[2:5])
    db = tmp_path / "db"
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert "新导入 2，" in await _import(app, pilot, first)
        result = await _import(app, pilot, second)
        assert "新导入 3，" in result, result
        missing = await _import(app, pilot, tmp_path / "nowhere")  # the result is the new path's
        assert "找不到" in missing and "新导入" not in missing, missing
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert len(app.screen.query_one(ReplyList).rows) == 5
    with ReviewStore(db, readonly=True) as store:
        assert len(store) == 5
