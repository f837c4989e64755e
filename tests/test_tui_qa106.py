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
from tests.helpers.tui_import import import_in_app
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


def _three_refused(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPRO / "notice.txt", folder / "notice.txt")  # a notice: the reader finds no reply in it
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_import_failures_are_told_in_the_interfaces_language(tmp_path, lang):
    """After 新导入 0…失败 3 the reasons were the reader's English lines in the Chinese interface."""
    folder = _three_refused(tmp_path)
    app = ReviewApp(db_path=tmp_path / "db", reviewer="tester", offer_demo=False, settings=Settings(lang=lang))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        result = await import_in_app(app, pilot, folder)
    failures = [line for line in result.split("\n") if line.startswith("✖")]
    assert len(failures) == 3, result
    shown = dict(line[2:].split("：" if lang == "zh" else ": ", 1) for line in failures)  # (full-width in Chinese)
    if lang == "zh":
        assert shown == {
            "binary.txt": "不是文本文件（二进制数据）",
            "empty.txt": "空文件",
            "notice.txt": "不像一份答复：没有对委员的称呼、没有答复提案的开头、没有答复标题",
        }
    else:
        assert shown["empty.txt"] == "empty file" and shown["binary.txt"] == "not a text document (binary data)"
        assert shown["notice.txt"].startswith("no reply found: no salutation to a member")


# --- the 文号 column holds a 文号 only --------------------------------------------
def _db_with_four_points(tmp_path: Path) -> tuple[Path, str]:
    """The seed (a 文号) and four_points.txt (no 文号; its proposal is 第88号), imported."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.importer import import_paths
    from tests.conftest import seed_file

    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [seed_file(), REPRO / "four_points.txt"])
        [rid] = [s.id for s in store.summaries(headings=False) if not s.doc_no]
    return db, rid


@pytest.mark.parametrize(("lang", "shown"), [("zh", "提案第88号（无文号）"), ("en", "proposal no. 88 (no doc no.)")])
async def test_the_doc_no_column_marks_a_proposal_number_as_not_a_doc_no(tmp_path, lang, shown):
    """The inbox showed 第88号 under 文号 for a reply with no 文号, and `rate 第88号` refused it."""
    from cppcc_review.tui.widgets.reply_list import ReplyList

    db, rid = _db_with_four_points(tmp_path)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, settings=Settings(lang=lang))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        replies = app.screen.query_one(ReplyList)
        painted = [replies.render_line(y).text for y in range(replies.size.height)]
        [line] = [text for text in painted if "慢行交" in text]
        assert line.startswith(shown), line
        assert [r.doc_no for r in rows_of(app)] == ["沪科提复〔2025〕56号", ""]
        await pilot.press("G", "enter")
        await pilot.pause()
        header = app.screen.query_one("#review-header").text.plain
        assert header.startswith(shown), header


def test_rate_says_a_proposal_number_is_not_a_doc_no_and_list_marks_it(tmp_path):
    from tests.test_ratings_io import cli

    db, rid = _db_with_four_points(tmp_path)
    for ref in ("第88号", "提案第88号（无文号）"):
        out = cli("--lang", "en", "rate", ref, "1", "采纳", "--db", str(db), home=tmp_path)
        assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert "a proposal's number, not a 文号" in out.stderr and rid in out.stderr, out.stderr
    assert cli("rate", rid, "1", "采纳", "--db", str(db), home=tmp_path).returncode == 0
    table = cli("list", "--db", str(db), "--format", "table", home=tmp_path, COLUMNS="200")
    [line] = [line for line in table.stdout.splitlines() if rid in line]
    assert "提案第88号（无文号）" in line, line
    listed = cli("list", "--db", str(db), "--format", "yaml", home=tmp_path)
    assert "doc_no: null\n  proposal_no: 第88号" in listed.stdout.replace(f"id: {rid}\n  ", "")


# --- the statistics page like the lists -------------------------------------------
async def test_statistics_page_with_pgdn_pgup_space_b_g_G_home_end(tmp_path):
    """With hundreds of handling units only j/k moved the statistics, a line at a time."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.screens.stats import StatsScreen
    from cppcc_review.tui.widgets.table_view import TableView
    from tests.test_tui import make_reply

    db = tmp_path / "db"
    with ReviewStore(db) as store:
        store.add_replies([make_reply(f"甲提复〔2025〕{n}号", f"关于第{n}件事的提案", f"第{n:03d}区住房和城乡建设局",
                                      [("一、关于甲", "已完成。")]) for n in range(1, 201)])
    app = app_as_tester(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        view = screen.query_one(TableView)
        height = view.size.height
        assert view.max_scroll_y > 150 and view.scroll_y == 0

        async def press(key: str) -> int:
            await pilot.press(key)
            await pilot.pause()
            return round(view.scroll_y)

        step = height - 2  # a screen of groups under the pinned header, one row of the last kept in view
        assert await press("pagedown") == step
        assert await press("space") == 2 * step
        assert await press("b") == step
        assert await press("pageup") == 0
        assert await press("G") == view.max_scroll_y
        shown = [view.render_line(y).text for y in range(height)]
        last = next(i for i, line in enumerate(shown) if "第200区" in line)  # the last unit, then the total (a caption under it)
        assert "合计" in shown[last + 1], shown[last:]
        assert "分组" in shown[0] and "评定比例" in shown[0]  # the column header stays at the top
        assert await press("g") == 0
        assert await press("end") == view.max_scroll_y
        assert await press("home") == 0
        assert await press("j") == 1 and await press("k") == 0
        await pilot.press("v")  # group by proposer (g is the top now, as in the inbox)
        assert screen.by == "proposer"


# --- a note draft brought back after a hard stop -------------------------------------
async def test_a_restored_note_draft_opens_being_written_and_esc_saves_it_and_stays(seed_db):
    """After a SIGKILL while typing, the draft came back in an unfocused box, the status line
    said 尚无修改, and esc (as the box suggests) saved it and also left for the inbox."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.screens.review import ReviewScreen
    from cppcc_review.tui.widgets.note_editor import NoteEditor
    from tests.test_tui import open_first, seed_id
    from tests.test_tui_daily_use import status_of

    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:  # what the killed app had made durable: a draft, no note
        store.set_draft(rid, "tester", 1, "列了四项")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.pause()
        editor = review.query_one(NoteEditor)
        assert editor.text == "列了四项" and review.focused is editor
        assert "已放回上次的备注草稿，尚未保存为备注" in status_of(app)
        await pilot.press(*"缺第五项")  # typed after the draft
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.focused is None
        assert "已放回" not in status_of(app) and "已保存" in status_of(app)
        with ReviewStore(seed_db, readonly=True) as other:
            saved = other.get_review(rid, "tester")
            assert saved.suggestions[0].note == "列了四项缺第五项" and saved.note_drafts == {}
        await pilot.press("q")  # back to the inbox, as after any note: the app is still running
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.is_running


# --- 80x24: the hint's mark, the three ratings and the note stay in view ----------------
@pytest.mark.parametrize(("lang", "mark", "keys"), [
    ("zh", "[仅供参考 · 依据规则]", ["1/a 采纳", "2/p 部分采纳", "3/e 解释说明", "n 备注"]),
    ("en", "[weak · from the rules]", ["1/a Adopted", "2/p Partial", "3/e Explained", "n Note"]),
])
async def test_at_80x24_the_hint_mark_the_rating_keys_and_the_note_stay_visible(seed_db, lang, mark, keys):
    """At 80 columns the hint line was cut to "suggested: partially adopted (enter a…", and the
    footer dropped 3/e Explained and n Note."""
    from tests.test_tui import open_first
    from tests.test_tui_daily_use import footer_keys

    app = ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(lang=lang))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        review = await open_first(pilot)
        await pilot.pause()
        await pilot.pause()
        assert review.hint_for(review.index) is not None
        bar = review.query_one("#rating-bar")
        width = bar.content_region.width
        shown = [line[:width] for line in bar.render().plain.split("\n")]
        assert any(mark in line for line in shown), shown  # on one line in Chinese, on a second in English
        assert len(shown) == bar.size.height == (1 if lang == "zh" else 2), shown
        shown_keys = [f"{k} {label}" for k, label in footer_keys(review)]
        assert shown_keys[:4] == keys, shown_keys
        painted = app.export_screenshot()
        assert all(key.split(" ", 1)[1] in painted for key in keys)
