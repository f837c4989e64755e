"""Small things a daily user met (QA minors, branch place): one enter opens a search's match,
a killed app comes back on the reply being read, the split picker's lines, the note mark at
80 columns, the inbox's 文号 column at 80 columns, thin shares in the statistics bars.
Driven headless with Textual's Pilot (and one real killed process in tmux, test_tmux_review)."""

from __future__ import annotations

import pytest

from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from tests.test_tui_daily_use import app_as_tester, rows_of, three_replies

SIZE = (120, 40)


async def test_one_enter_in_the_search_box_opens_the_highlighted_match(tmp_path):
    """Enter in the search box only moved the focus to the list: a second enter opened the reply."""
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"第2件事", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == ids[1]
        review = app.context.store.get_review(ids[1], "tester")
        assert all(s.rating is None for s in review.suggestions)  # one enter: no hint accepted
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and [r.id for r in rows_of(app)] == [ids[1]]  # the search stays
        await pilot.press("escape", "slash", *"没有这份", "enter")  # no match: the list takes the focus
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and rows_of(app) == []
        assert app.focused is app.screen.query_one("#replies")


async def test_the_place_is_written_when_a_reply_is_opened_and_the_suggestion_changes(seed_db):
    """Without leaving the reply or quitting (a killed app does neither), the place on disk is the
    reply being read and its suggestion: it used to be written only when a reply was left."""
    from cppcc_review.tui.session_state import load_place

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.index == 1
        place = await _place_written(pilot, lambda p: p is not None and p.screen == "review")
        assert (place.screen, place.reply_id, place.index) == ("review", review.reply_id, 1)
        await pilot.press("j", "j")  # held down: written once, when the moves stop
        place = await _place_written(pilot, lambda p: p.index == 3)
        assert (place.screen, place.reply_id, place.index) == ("review", review.reply_id, 3)
        assert load_place(seed_db, "tester") == place


async def _place_written(pilot, done, timeout: float = 15.0):
    """The place on disk for tester on the app's database, read again until `done(place)`."""
    import time

    from cppcc_review.tui.session_state import load_place

    deadline = time.monotonic() + timeout
    while True:
        place = load_place(pilot.app.context.db_path, "tester")
        if done(place) or time.monotonic() > deadline:
            return place
        await pilot.pause(0.1)


LONG = "结合城市更新，利用边角地、高架下空间新建公共停车场三十六处，新增泊位四千一百个，今年起对新建公共停车场给予建设补贴。"


@pytest.mark.parametrize(("size", "lang"), [((80, 24), "zh"), ((120, 40), "en")])
async def test_the_split_picker_shows_each_paragraph_on_one_line_after_its_number(tmp_path, size, lang):
    """A long paragraph's line number stood alone on the picker's first line, its text wrapped under it."""
    from textual.widgets import OptionList

    from cppcc_review.store.db import ReviewStore
    from cppcc_review.tui.screens.split_picker import SplitPicker
    from tests.test_tui import make_reply

    db = tmp_path / "db"
    reply = make_reply("甲提复〔2025〕1号", "关于停车的提案", "市交通委", [("一、关于泊位", "\n".join([LONG] * 3)), ("二、关于收费", "已完成。")])
    with ReviewStore(db) as store:
        store.add_reply(reply)
    app = ReviewApp(db_path=db, reviewer="tester", lang=lang, offer_demo=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, SplitPicker)
        choices = picker.query_one(OptionList)
        assert choices.option_count == 2  # the second and the third paragraph
        assert choices.virtual_size.height == 2  # one line each
        prompts = [choices.get_option_at_index(i).prompt.plain for i in range(2)]
        assert [p.split()[0] for p in prompts] == ["6", "7"] and all(p.endswith("…") for p in prompts)
        assert all(LONG[:10] in p for p in prompts)
        await pilot.press("down", "enter")  # still picks: the new suggestion starts at the third paragraph
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and len(app.screen.reply.suggestions) == 3


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_note_mark_stays_visible_beside_a_long_rating_at_80_columns(seed_db, lang):
    """English at 80 columns: "◐ partially adopted ✎" was cut after "partially", the ✎ lost."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.model import Rating
    from cppcc_review.tui.widgets.suggestion_list import SuggestionList
    from tests.test_tui import open_first, seed_id

    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_rating(rid, "tester", 1, Rating.PARTIALLY_ADOPTED)
        store.set_note(rid, "tester", 1, "列了四项")
        store.set_rating(rid, "tester", 2, Rating.EXPLAINED)
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang=lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        review = await open_first(pilot)
        side = review.query_one(SuggestionList)
        shown = ["".join(segment.text for segment in side.render_line(y)).rstrip() for y in range(5)]
        first, second = shown[1], shown[3]  # suggestion 1's line and suggestion 2's
        assert first.endswith("✎") and "◐" in first, shown
        assert not second.endswith("✎"), shown
        if lang == "en":
            assert "partially…" in first and "explained" in second, shown
        else:
            assert "部分采纳 ✎" in first, shown


def _inbox_lines(app) -> list[str]:
    from cppcc_review.tui.widgets.reply_list import ReplyList

    replies = app.screen.query_one(ReplyList)
    return ["".join(segment.text for segment in replies.render_line(y)) for y in range(4)]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_doc_no_column_is_as_wide_as_the_doc_nos_and_leaves_the_title_room_at_80_columns(tmp_path, lang):
    """The 文号 column was 24 cells whatever the replies held: at 80 columns a title had 20 and a
    reply without a 文号 (提案15-3-204号（无文号）, the widest) set nothing. Now: the widest 文号, whole."""
    from dataclasses import replace

    from cppcc_review.store.db import ReviewStore
    from tests.test_tui import make_reply

    db = tmp_path / "db"
    title = "关于缓解老旧小区停车难问题和完善社区养老服务的提案"
    with_no = make_reply("沪科提复〔2025〕56号", title, "上海市科学技术委员会", [("一、关于甲", "已完成。")])
    without = replace(make_reply("x", "关于疏通农田灌溉沟渠的提案", "禾丰县水利局", [("一、关于乙", "将推进。")]),
                      doc_no=None, proposal_no="15-3-204号")
    with ReviewStore(db) as store:
        store.add_reply(with_no)
        store.add_reply(without)
    app = ReviewApp(db_path=db, reviewer="tester", lang=lang, offer_demo=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.3)  # every row read (the first screen's, then the rest)
        header, *rows = _inbox_lines(app)
        placeholder = next(r for r in rows if "15-3-204" in r)
        doc_no_row = next(r for r in rows if "沪科提复〔2025〕56号" in r)  # whole
        before_title = doc_no_row[:doc_no_row.index("关于")]
        assert cell_width(before_title) == cell_width("沪科提复〔2025〕56号") + 1  # the title right after it
        if lang == "zh":  # 24 cells, wider than any 文号: cut, as it may be on a narrow list
            assert placeholder.startswith("提案15-3-204号（无") and "…" in placeholder.split("关于")[0], placeholder
        else:  # proposal 15-3-204号 (no doc no.), 33 cells: cut likewise
            assert placeholder.startswith("proposal 15-3-204") and "…" in placeholder.split("关于")[0], placeholder
        shown = "关于缓解老旧小区停车难问" if lang == "zh" else "关于缓解老旧小区停车"  # 4 cells more than before
        assert shown in doc_no_row, doc_no_row
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        header, *rows = _inbox_lines(app)
        placeholder = next(r for r in rows if "15-3-204" in r)
        assert ("提案15-3-204号（无文号）" if lang == "zh" else "proposal 15-3-204号") in placeholder  # whole when wide


def cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


async def test_a_doc_no_over_the_narrow_cap_keeps_its_year_and_number_at_80_columns(tmp_path):
    from cppcc_review.store.db import ReviewStore
    from tests.test_tui import make_reply

    db = tmp_path / "db"
    with ReviewStore(db) as store:
        for doc_no in ("沪水务提复〔2021〕112号", "沪科提复〔2025〕56号"):
            store.add_reply(make_reply(doc_no, "关于提升中心城区排水防涝能力的提案", "上海市水务局", [("一、关于甲", "已完成。")]))
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.3)
        lines = _inbox_lines(app)
        assert any(line.startswith("沪水务提…〔2021〕112号 关于") for line in lines), lines
        assert any(line.startswith("沪科提复〔2025〕56号") for line in lines), lines
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert any(line.startswith("沪水务提复〔2021〕112号") for line in _inbox_lines(app))  # whole when wide
    from cppcc_review.tui.cli.list_cmd import column_widths

    assert column_widths([8, 3, 4, 23, 12, 40], 80)[3] == 23  # the command line's list keeps it whole
