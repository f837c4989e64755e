"""What a tester met running the app on ~900 real replies (report qa106), each test failing
before its fix: driven with Textual's Pilot on a real database on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cppcc_review.store.model import ReviewState
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.inbox import InboxScreen
from tests.test_tui_daily_use import SIZE, app_as_tester, rows_of, three_replies_one_rated


# --- pickers move with j/k ----------------------------------------------------------
async def test_filter_and_sort_pickers_move_with_j_and_k(tmp_path):
    """`f j j enter` re-applied the current filter: only the arrows moved in a picker."""
    from cppcc_review.tui.screens.picker import Picker

    db, ids = three_replies_one_rated(tmp_path, 0)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("j", "j", "j", "k", "enter")  # all, unreviewed, [in progress], done
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.screen.filter == ReviewState.IN_PROGRESS
        assert [r.id for r in rows_of(app)] == [ids[0]]
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("G", "g", "j", "j", "enter")  # doc_no date [title]
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.screen.sort_name == "title"


# --- import failures in the interface's language -----------------------------------
REPRO = Path(__file__).resolve().parent / "data" / "qa106"


async def _import_folder(app, pilot, folder: Path) -> str:
    """`i`, the folder's path, enter; the result block's text once the import is done."""
    from cppcc_review.tui.screens.import_files import ImportScreen

    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportScreen)
    app.screen.query_one("#import-path").value = str(folder)
    await pilot.press("enter")
    for _ in range(200):
        await pilot.pause(0.05)
        if app.screen.summary is not None:
            break
    assert app.screen.summary is not None
    return str(app.screen.query_one("#import-result").render())


def _three_refused(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPRO / "title_only.txt", folder / "title_only.txt")  # the reader finds no reply in it
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_import_failures_are_told_in_the_interfaces_language(tmp_path, lang):
    """After 新导入 0…失败 3 the reasons were the reader's English lines in the Chinese interface."""
    folder = _three_refused(tmp_path)
    app = ReviewApp(db_path=tmp_path / "db", reviewer="tester", offer_demo=False, settings=Settings(lang=lang))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        result = await _import_folder(app, pilot, folder)
    failures = [line for line in result.split("\n") if line.startswith("✖")]
    assert len(failures) == 3, result
    shown = dict(line[2:].split(": ", 1) for line in failures)
    if lang == "zh":
        assert shown == {
            "binary.txt": "不是文本文件（二进制数据）",
            "empty.txt": "空文件",
            "title_only.txt": "不像一份答复：没有对委员的称呼、没有答复提案的开头、没有答复标题",
        }
    else:
        assert shown["empty.txt"] == "empty file" and shown["binary.txt"] == "not a text document (binary data)"
        assert shown["title_only.txt"].startswith("no reply found: no salutation to a member")


def test_every_refusal_the_reader_words_has_chinese_words():
    """Each refusal line the reader (store/reading) can give, as the importer records it,
    reads in Chinese; one not known keeps its words inside a Chinese sentence."""
    from cppcc_review.tui.import_reasons import reason_text

    lines = {
        "the text is a proposal (案由 / 提案人 / 建议), not a reply to one": "这是提案本身",
        "too many lines for one reply (5001); is this several documents?": "行数过多（5001 行）",
        "a.pdf: scanned PDF: no text layer; OCR it first": "a.pdf: 扫描版 PDF",
        "unsupported file type (.doc); supported: .txt .md": "不支持的文件类型（.doc）；支持：.txt .md",
        "file too large (30.0 MB > 20.0 MB limit)": "文件过大（30.0 MB，上限 20.0 MB）",
        "not a valid .docx (zip/XML error: not a zip archive)": "不是有效的 .docx 文件（zip/XML error: not a zip archive）",
        "cannot decode text (not UTF-8, GB18030/GBK or Big5); save it as UTF-8": "无法解码",
        "not saved: disk full": "未保存：disk full",
        "something new: the reader learnt a word": "无法导入（something new: the reader learnt a word）",
    }
    for line, start in lines.items():
        assert reason_text(line, "zh").startswith(start), (line, reason_text(line, "zh"))
        assert reason_text(line, "en") == line
