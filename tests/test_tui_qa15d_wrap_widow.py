"""No line of a wrapped dialog is one character and its closing bracket (QA round 15d, item 5).

On main the sample-import dialog at 80x24 showed its key hint as
    esc：隐藏此窗口，在后台继续导入    q：退出（下次启动时导入其余
    的）
the closing bracket had taken the character before it down (避头尾), leaving it alone. The wrap now
gives such a last line more: the phrase after a space whole when it fits (q：退出（…的）on its own
line), else the character before too. A real empty database on disk, the pilot at 80x24."""

from __future__ import annotations

import pytest

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.cjk_wrap import NO_LINE_START, wrap_plain
from cppcc_review.tui.screens.sample_import import SampleImportScreen
from cppcc_review.tui.widgets.text_block import TextBlock
from tests.test_tui_samples_in_background import Gate


def _alone(line: str) -> bool:
    """One character or none, besides closing punctuation."""
    return len([ch for ch in line.strip() if ch not in NO_LINE_START]) <= 1


async def test_the_sample_import_dialogs_key_hint_keeps_the_q_hint_whole_at_80x24(tmp_path, isolated_config,
                                                                                   monkeypatch):
    gate = Gate(monkeypatch)  # (the import held after 150 files, the dialog open)
    app = ReviewApp(db_path=tmp_path / "db", reviewer="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await gate.reached_by(pilot)
        assert isinstance(app.screen, SampleImportScreen)
        keys = app.screen.query_one("#sample-import-keys", TextBlock)
        shown = keys.render().plain.split("\n")
        gate.open()
        await pilot.press("escape")  # (the import goes on in the background)
        await pilot.pause()
    assert len(shown) == 2 and not any(_alone(line) for line in shown), shown
    assert shown[1].strip() == "q：退出（下次启动时导入其余的）", shown


@pytest.mark.parametrize("text", [
    "esc：隐藏此窗口，在后台继续导入    q：退出（下次启动时导入其余的）",
    "您提出的关于改善乡镇卫生院住院条件的提案收悉，现答复如下（详见附件）。",
])
def test_no_wrapped_line_is_one_character_and_its_closing_punctuation(text):
    for width in range(8, 80):
        lines = wrap_plain(text, width).split("\n")
        assert not any(_alone(line) for line in lines), (width, lines)
        assert not any(line[:1] in NO_LINE_START for line in lines[1:]), (width, lines)
