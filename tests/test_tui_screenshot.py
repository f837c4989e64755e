"""QA round 3, bug 4: the palette's 截图 (help: 保存在当前目录) went through Textual's
deliver_screenshot, which writes to ~/Downloads, failed when that folder was missing, and
said so in English ("Failed to save screenshot"). It now writes the SVG to the current
folder, as the exports do, and says where in the interface's language; a folder that cannot
be written is refused with the reason. Real database on disk, the palette driven by the pilot."""

from __future__ import annotations

import os

import pytest

from cppcc_review.tui.app import ReviewApp
from tests.helpers.toasts import toasts
from tests.test_tui_daily_use import SIZE


def squeezed(text: str) -> str:
    """A toast's text as drawn loses the space where it wraps."""
    return "".join(text.split())


ENTRY = {"zh": "截图：把当前界面存为", "en": "screenshot: save this screen"}


async def take_screenshot(app: ReviewApp, lang: str) -> list[str]:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*ENTRY[lang])
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.5)
        return toasts(app)


@pytest.mark.parametrize(("lang", "saved"), [("zh", "截图已保存到 "), ("en", "screenshot saved to ")])
async def test_the_palettes_screenshot_goes_to_the_current_folder(seed_db, tmp_path, monkeypatch, lang, saved):
    home = tmp_path / "home"  # no ~/Downloads, as on the QA tester's machine
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    messages = await take_screenshot(ReviewApp(db_path=seed_db, reviewer="王", lang=lang, offer_demo=False), lang)
    [svg] = list(here.iterdir())
    assert svg.suffix == ".svg" and svg.read_text(encoding="utf-8").startswith("<svg")
    assert any(squeezed(m) == squeezed(saved + str(svg)) for m in messages), messages
    assert list(home.iterdir()) == []


async def test_a_current_folder_that_is_gone_is_refused_in_the_interfaces_words(seed_db, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    monkeypatch.setenv("PWD", str(gone))
    os.rmdir(gone)
    messages = await take_screenshot(ReviewApp(db_path=seed_db, reviewer="王", offer_demo=False), "zh")
    assert any(squeezed(m).startswith(squeezed(f"截图没有保存：文件夹 {gone} 不存在")) for m in messages), messages
