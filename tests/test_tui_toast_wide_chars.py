"""A toast's Chinese text reads whole at every width (QA: at 80x24 the assessment form's
refusal read "请先  择：办理结果满意度……", 选 missing).

Two causes: Textual's compositor divided the toast's line at the edge of a button under
it and blanked the wide character across that edge (tui/textual_private.py, 2.); and our
wrapping (toast_text_width) counted a cell the toast does not have (the toast rack's
scrollbar), so that Textual wrapped our lines again at some widths.
"""

from __future__ import annotations

import html
import re

import pytest
from rich.cells import cell_len

from cppcc_review.tui.app import ReviewApp, toast_text_width
from cppcc_review.tui.screens.assessment import AssessmentScreen
from tests.test_tui import open_first

REFUSAL = "请先选择：办理结果满意度、办理态度满意度、答复是否针对提案"


def _painted_runs(app) -> list[str]:
    """The runs of text the screen paints (the screenshot's text elements, unescaped)."""
    return [html.unescape(run) for run in re.findall(r"<text[^>]*>([^<]*)</text>", app.export_screenshot())]


async def _refusal_toast(pilot):
    await open_first(pilot)
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentScreen)
    await pilot.press("ctrl+s")  # nothing chosen: refused with a toast
    await pilot.pause()
    toasts = list(pilot.app.screen.query("Toast"))
    assert len(toasts) == 1
    return toasts[0]


async def test_the_refusal_toast_at_80x24_loses_no_character(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="zh")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        toast = await _refusal_toast(pilot)
        lines = str(toast.render()).split("\n")
        assert "".join(lines) == REFUSAL
        painted = _painted_runs(app)
        for line in lines:  # each of its lines painted whole (the 选 was two blanks)
            assert any(line in run for run in painted), (line, [r for r in painted if r.strip()][-8:])


@pytest.mark.parametrize("width", [80, 90, 101, 120])
async def test_toast_lines_are_wrapped_to_the_toast_s_real_width(seed_db, width):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="zh")
    async with app.run_test(size=(width, 30), notifications=True) as pilot:
        toast = await _refusal_toast(pilot)
        lines = str(toast.render()).split("\n")
        assert toast_text_width(width) == toast.content_region.width
        # Textual does not wrap our lines again: as many lines on screen as we made.
        assert max(cell_len(line) for line in lines) <= toast.content_region.width
        assert toast.content_region.height == len(lines)
