"""Four small things a QA tester saw on main: the note's closed box showed the end of a long
note; the original text's header said 第 6–6 行; `q` from a reply opened from the disputes
list went to the inbox; the app's import result named two folders' empty.txt alike."""

from __future__ import annotations

import html
import re

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.disputes import DisputesScreen
from cppcc_review.tui.screens.original import OriginalScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.text_line import TextLine
from tests.helpers.disputes import disputes_read
from tests.helpers.tui_import import import_in_app
from tests.test_tui import SIZE, open_first, seed_id

ONE_LINE_LETTER = "\n".join([
    "王小红委员：",
    "您提出的关于在河滨路增设休息座椅的提案收悉。现答复如下：",
    "一是关于增设座椅。我局已在河滨路沿线新设座椅二十张，已于今年四月投入使用。",
    "二是关于加强维护。我局将安排专人每月巡查，损坏的座椅在一周内修复。",
    "感谢您对城市管理工作的关心和支持。",
    "某市城市管理局",
    "2025年5月20日",
]) + "\n"


def _painted(app) -> str:
    return "\n".join(html.unescape(run) for run in re.findall(r"<text[^>]*>([^<]*)</text>", app.export_screenshot()))


async def test_the_closed_note_box_shows_the_beginning_of_a_long_note(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.press("n")
        await pilot.pause()
        editor = review.note.editor
        editor.insert("备注开头这一行\n" + "\n".join(f"第{i}行备注" for i in range(2, 10)))  # as typed: the cursor at the end
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert not editor.has_focus and editor.scroll_offset.y == 0
        assert "备注开头这一行" in _painted(app) and "第9行备注" not in _painted(app)
        await pilot.press("n")  # writing again goes on at the end, in view
        await pilot.pause()
        await pilot.pause()
        await pilot.press("好")
        assert editor.text.endswith("第9行备注好")
        assert "第9行备注好" in _painted(app)


async def test_the_original_text_names_a_one_line_suggestion_by_its_line(tmp_path):
    letter = tmp_path / "座椅.txt"
    letter.write_text(ONE_LINE_LETTER, "utf-8")
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [letter])
    app = ReviewApp(db_path=db, reviewer="tester", lang="zh", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OriginalScreen) and screen.end == screen.start + 1
        title = screen.query_one("#original-title", TextLine).render()
        assert f"当前建议：第 {screen.end} 行" in str(title) and "–" not in str(title)


async def test_q_from_a_reply_opened_from_the_disputes_list_goes_back_to_it(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_rating(rid, "王芳", 1, Rating.ADOPTED)
        store.set_rating(rid, "李明", 1, Rating.EXPLAINED)
    app = ReviewApp(db_path=seed_db, reviewer="lead")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("D")
        await disputes_read(pilot)
        assert isinstance(app.screen, DisputesScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.index == 1
        await pilot.press("2")  # the lead rates it too: a third voice in the dispute
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, DisputesScreen)
        await disputes_read(pilot, lambda screen: "lead" in screen.items[0].ratings)
        assert "lead" in app.screen.items[0].ratings  # read again on the way back


async def test_the_import_result_names_files_by_their_path_in_the_folder_chosen(tmp_path, seed_db):
    chosen = tmp_path / "replies"
    for folder in ("a", "b"):
        (chosen / folder).mkdir(parents=True)
        (chosen / folder / "empty.txt").write_bytes(b"")
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        result = await import_in_app(app, pilot, chosen)
    assert "✖\u00a0a/empty.txt：" in result and "✖\u00a0b/empty.txt：" in result, result
