"""Daily use without surprises (issue 11): each test replays what a reviewer met in week one
and failed before its fix. Driven headless with Textual's Pilot; assertions on the screen
and on what reached the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating, Relevance, ReviewState
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.drafts import DRAFT_DELAY
from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.findings_band import FindingsBand
from cppcc_review.tui.widgets.note_editor import NoteEditor
from cppcc_review.tui.widgets.reply_list import ReplyList
from cppcc_review.tui.widgets.status_line import StatusLine
from tests.helpers.toasts import toasts
from tests.test_tui import open_first, seed_id

SIZE = (120, 40)


async def test_enter_twice_in_one_burst_opens_the_reply_once(seed_db):
    """Key repeat, a double tap over SSH or a paste: two opens before the review screen is
    composed crashed the app (AttributeError '_header')."""
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        replies = app.screen.query_one(ReplyList)
        replies.action_select()
        replies.action_select()  # the second Enter, handled before the first one's screen mounts
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.reply is not None and screen.index == 1
        assert sum(isinstance(s, ReviewScreen) for s in app.screen_stack) == 1
        await pilot.press("1")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(seed_id(seed_db), "tester").suggestions[0].rating == Rating.ADOPTED


async def test_enter_never_replaces_a_rating_chosen_by_hand(seed_db):
    """Suggestion 1 of the seed is rated 采纳 by hand, its hint is 部分采纳: Enter changed it."""
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(auto_advance=False))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        hint = review.hint_for(1)
        assert hint is not None and hint.rating == Rating.PARTIALLY_ADOPTED
        await pilot.press("1")
        await pilot.pause()
        # the bar no longer offers Enter for the hint once the suggestion is rated
        bar = review.query_one("#rating-bar").text.plain
        assert "建议评定：部分采纳" in bar and "回车采用" not in bar, bar
        await pilot.press("enter")
        await pilot.pause()
        assert app.context.store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED
        messages = toasts(app)
        assert any("回车不会覆盖" in m and "按 2" in m for m in messages), messages
        # on an unrated suggestion Enter still takes the hint
        await pilot.press("j", "enter")
        second = app.context.store.get_review(rid, "tester").suggestions[1]
        assert second.rating == review.hint_for(2).rating and second.hint_accepted
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED


async def open_assessment(pilot, rid: str) -> None:
    """Open suggestion 1 of reply `rid`, then its assessment (`s`)."""
    await pilot.pause()
    pilot.app.open_reply(rid, 1)
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()


def status_of(app) -> str:
    return app.screen.query_one(StatusLine).text.plain


async def test_a_note_being_typed_is_on_disk_within_a_second_and_comes_back(seed_db):
    """Bug 4: a note lived only in the editor until escape; the status said 已保存 meanwhile."""
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("1")  # something saved first, so that 已保存 would show
        await pilot.press("k", "n")
        await pilot.press(*"列了四项")
        assert "编辑中，尚未保存" in status_of(app)
        assert "已保存" not in status_of(app)
        await pilot.pause(DRAFT_DELAY + 0.3)
        assert "编辑中" not in status_of(app) and "已保存" in status_of(app)
        with ReviewStore(seed_db, readonly=True) as other:  # what another process sees on disk:
            # a draft this open window is typing (not last time's: the next app puts the text back)
            assert other.get_review(rid, "tester").notes_elsewhere == {1}
        app.exit()  # as if the process ended here without the usual quit (a kill is in tmux tests)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open_reply(rid, 1)
        await pilot.pause()
        review = app.screen
        assert review.query_one(NoteEditor).text == "列了四项"
        assert any("草稿" in m for m in toasts(app))
        assert review.focused is review.query_one(NoteEditor)  # it opens being written
        await pilot.press("escape")  # saves the draft as the note, and stays on the reply
        await pilot.pause()
        assert app.screen is review
        await pilot.press("q")
        await pilot.pause()
    with ReviewStore(seed_db, readonly=True) as store:
        saved = store.get_review(rid, "tester")
        assert saved.suggestions[0].note == "列了四项" and saved.note_drafts == {}


async def test_the_opinion_being_typed_is_kept_as_a_draft(seed_db):
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        app.screen.query_one("#opinion").focus()
        await pilot.pause()
        await pilot.press(*"希望加快")
        assert "编辑中，尚未保存" in status_of(app)
        await pilot.pause(DRAFT_DELAY + 0.3)
        with ReviewStore(seed_db, readonly=True) as other:  # this open window's draft, on disk
            assert other.get_review(rid, "tester").opinion_elsewhere
        app.exit()
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_assessment(pilot, rid)
        assert app.screen.query_one("#opinion").text == "希望加快"
        await pilot.press("escape")  # back: the opinion is saved with the assessment
        await pilot.pause()
    with ReviewStore(seed_db, readonly=True) as store:
        saved = store.get_review(rid, "tester")
        assert saved.assessment.opinion == "希望加快" and saved.opinion_draft is None


def footer_keys(screen) -> list[tuple[str, str]]:
    """(keys, label) of each key the footer shows."""
    from cppcc_review.tui.widgets.key_footer import FooterKeyLabel

    return [(k.key_display, k.description) for k in screen.query(FooterKeyLabel) if not k.has_class("-command-palette")]


async def test_a_remapped_binding_shows_every_key_in_place(seed_db):
    """The README's own `rate_adopted = "1,y"` moved 采纳 out of the footer (and to the end
    of the help screen) and showed only one of its keys."""
    from cppcc_review.tui.screens.help import HelpScreen

    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(keymap={"rate_adopted": "1,y"}))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_first(pilot)
        await pilot.pause()
        shown = footer_keys(app.screen)
        assert ("1/y", "采纳") in shown, shown
        assert [label for _k, label in shown].index("采纳") < [label for _k, label in shown].index("部分采纳")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = [row.binding_id for row in app.screen.rows]
        adopted = app.screen.rows[ids.index("rate_adopted")]
        assert adopted.keys == ["1", "y"]
        assert ids.index("rate_adopted") < ids.index("rate_partial")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        assert app.context.store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED


def test_a_keymap_that_gives_one_key_two_actions_is_refused_at_start(seed_db, isolated_config, capsys):
    """`rate_adopted = "1,n"`: n would both rate and open the note; one of them silently lost."""
    from cppcc_review.store.errors import InputError
    from tests.helpers.cli import run_cli

    with pytest.raises(InputError) as refused:
        ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(keymap={"rate_adopted": "1,n"}))
    assert "n" in str(refused.value) and "rate_adopted" in str(refused.value) and "note" in str(refused.value)
    isolated_config.write_text('[keymap]\nrate_adopted = "1,n"\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", seed_db)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "按键设置冲突" in lines[0] and "rate_adopted" in lines[0], err
    assert "Traceback" not in err
    # a keymap without a clash is accepted
    ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(keymap={"rate_adopted": "1,y"})).context.store.close()


async def test_a_locked_database_is_explained_in_chinese_and_the_readonly_flag_exists(seed_db):
    """The lock message recommended --readonly, which did not exist, and stayed English in
    the Chinese interface."""
    import os

    from cppcc_review.tui.cli import build_parser
    from tests.helpers.holders import older_release_holder

    rid = seed_id(seed_db)
    # Writers of this release take turns per write; only a writer of an older release
    # holds the database for its whole session, and then the app opens read-only.
    with older_release_holder(seed_db):
        app = ReviewApp(db_path=seed_db, reviewer="tester")
        assert app.context.store.readonly
        reason = app.context.status.readonly_reason
        assert "另一个程序正在写入" in reason and f"进程 {os.getpid()}" in reason, reason
        assert "in use by" not in reason
        app.context.store.close()
    args = build_parser().parse_args(["--readonly", "--db", str(seed_db)])
    assert args.readonly
    assert build_parser().parse_args(["review", "--readonly"]).readonly
    app = ReviewApp(db_path=seed_db, reviewer="tester", readonly=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "--readonly" in status_of(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        assert app.context.status.refusal and not app.context.status.error  # refused, not a failed save
    with ReviewStore(seed_db, readonly=True) as store:
        assert store.get_review(rid, "tester").suggestions[0].rating is None


def test_the_lock_message_names_a_flag_that_exists(tmp_path):
    from cppcc_review.store.errors import LockedError
    from cppcc_review.tui.app import locked_message
    from cppcc_review.tui.cli import build_parser
    from tests.helpers.holders import older_release_holder

    ReviewStore(tmp_path / "db").close()
    with older_release_holder(tmp_path / "db"), pytest.raises(LockedError) as locked:  # holds it for its whole session
        ReviewStore(tmp_path / "db", lock_timeout=0.1)
    message = str(locked.value)
    command = message.split("read-only: ", 1)[1].split()
    assert command[:2] == ["cppcc-review", "--readonly"]
    assert build_parser().parse_args(command[1:]).readonly  # the advice parses
    english = locked_message(locked.value, "en")
    assert "another program is writing" in english and "pid" in english


def test_chinese_messages_use_full_width_punctuation():
    """Chinese text takes ，；：！？（）, not the ASCII forms (commands, keys and placeholders aside)."""
    import re

    from cppcc_review.tui.i18n import MESSAGES

    bad = {}
    for key, (zh, _en) in MESSAGES.items():
        text = re.sub(r"`[^`]*`|\{[^}]*\}|--[a-z-]+|ctrl\+[a-z]", "", zh)
        if re.search(r"[,;:!?()]", text) or " （" in text:
            bad[key] = zh
    assert not bad, bad


async def test_the_chinese_interface_does_not_fall_back_to_english(seed_db):
    """Help rows (Scroll Left, Page Right ...), the palette's built-in entries and the ctrl+c
    toast were English in the Chinese interface."""
    import re

    from cppcc_review.tui.screens.help import HelpScreen

    english = re.compile(r"\b(?!YAML\b|SVG\b|Esc\b|id\b)[A-Za-z]{3,}\b")
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        seen = []
        for keys in ([], ["enter"], ["s"], ["escape", "o"], ["escape", "escape", "t"]):
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            for _keys, text, _id in app.screen.shown:
                seen.append(text)
                assert not english.search(text), (type(app.screen.target).__name__, text)
            await pilot.press("escape")
            await pilot.pause()
        assert "向左滚动" in seen and "上一个选项" in seen
        titles = [c.title for c in app.get_system_commands(app.screen)]
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for title in titles:
            assert not english.search(title), title
        assert helps["导出：评定结果到指定路径……"] != helps["导出：评定结果为 YAML"]
        app.action_help_quit()
        await pilot.pause()
        last = toasts(app)[-1]
        assert "退出" in last and "Press" not in last


def three_replies(db, handlers=("北京市园林绿化局", "安徽省教育厅", "重庆市住房和城乡建设委员会")):
    from tests.test_tui import make_reply

    replies = [
        make_reply(f"甲提复〔2025〕{n}号", f"关于第{n}件事的提案", handler, [("一、关于甲", "已完成。"), ("二、关于乙", "将推进。")])
        for n, handler in enumerate(handlers, 1)
    ]
    with ReviewStore(db) as store:
        ids = [store.add_reply(r)[0] for r in replies]
    return ids, replies


def three_replies_one_rated(tmp_path, rated: int) -> tuple[Path, list[str]]:
    """A fresh database of three_replies(), suggestion 1 of reply `rated` adopted by tester."""
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    with ReviewStore(db) as store:
        store.set_rating(ids[rated], "tester", 1, Rating.ADOPTED)
    return db, ids


def app_as_tester(db: Path) -> ReviewApp:
    """The app on `db` as reviewer tester, without the offer of demo data."""
    return ReviewApp(db_path=db, reviewer="tester", offer_demo=False)


def rows_of(app) -> list:
    return app.screen.query_one(ReplyList).rows


async def test_sort_and_filter_are_picked_from_a_list_and_names_sort_by_pinyin(tmp_path):
    from cppcc_review.tui.screens.picker import Picker

    db, ids = three_replies_one_rated(tmp_path, 0)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "down", "down", "down", "enter")  # doc_no date title proposer [handler]
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.screen.sort_name == "handler"
        assert [r.handler for r in rows_of(app)] == ["安徽省教育厅", "北京市园林绿化局", "重庆市住房和城乡建设委员会"]
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # the current sort again: reversed
        await pilot.pause()
        assert app.screen.sort_reverse and rows_of(app)[0].handler.startswith("重庆")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "down", "enter")  # all, unreviewed, [in progress]
        await pilot.pause()
        assert app.screen.filter == ReviewState.IN_PROGRESS
        assert [r.id for r in rows_of(app)] == [ids[0]]


async def test_text_changed_after_rating_filter_and_colleagues_progress(tmp_path):
    from dataclasses import replace

    from cppcc_review.store.model import Assessment, Satisfaction

    db = tmp_path / "db"
    ids, replies = three_replies(db)
    with ReviewStore(db) as store:
        store.set_rating(ids[1], "tester", 2, Rating.EXPLAINED)
        store.set_rating(ids[0], "李审阅", 1, Rating.ADOPTED)
        store.set_rating(ids[1], "李审阅", 1, Rating.ADOPTED)
        store.set_assessment(ids[1], "李审阅", Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, relevance=Relevance.TARGETED,
                                                            completed_at="2025-07-01T10:00:00+08:00"))
        store.set_rating(ids[1], "张审阅", 1, Rating.ADOPTED)
        # the unit sent a corrected text: suggestion 2 of reply 2 now says something else
        changed = replies[1]
        lines = list(changed.lines)
        second = changed.suggestions[1]
        lines[second.start + 1] = "已于今年建成并投入使用。"
        suggestions = [changed.suggestions[0], replace(second, text="已于今年建成并投入使用。")]
        store.add_reply(replace(changed, lines=lines, text="\n".join(lines), suggestions=suggestions))
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # colleagues' progress is counted off the UI thread: wait for it (a fixed 0.3 s was
        # too short on a loaded machine), at most 10 s
        for _ in range(200):
            others = {r.id: r.others for r in rows_of(app)}
            if others.get(ids[0]) and others.get(ids[1]):
                break
            await pilot.pause(0.05)
        assert others[ids[0]] == "…1" and others[ids[1]] == "✓1 …1" and others[ids[2]] == ""
        app.set_inbox_filter("changed")
        await pilot.pause()
        assert [r.id for r in rows_of(app)] == [ids[1]]
        assert "评定后正文有改动" in str(app.screen.query_one("#inbox-title").render())


async def test_arrows_move_the_list_while_typing_a_search(tmp_path):
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"提案")
        await pilot.pause()
        search = app.screen.query_one("#search")
        assert app.focused is search and len(rows_of(app)) == 3
        await pilot.press("down", "down")
        assert app.focused is search
        assert app.screen.query_one(ReplyList).cursor == 2
        await pilot.press("up", "enter")  # enter in the box opens the highlighted match
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == rows_of_inbox(app)[1].id


def rows_of_inbox(app):
    return app.inbox().query_one(ReplyList).rows


async def test_english_state_column_is_whole_at_120_columns(tmp_path):
    db = tmp_path / "db"
    three_replies(db)
    app = ReviewApp(db_path=db, reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        replies = app.screen.query_one(ReplyList)
        line = "".join(segment.text for segment in replies.render_line(1))
        assert "unreviewed" in line and "unrev…" not in line, line


def test_no_wrapped_line_starts_with_closing_punctuation():
    from rich.cells import cell_len
    from rich.text import Text

    from cppcc_review.tui.cjk_wrap import NO_LINE_START, wrap_lines

    texts = [
        "我局负责滨河绿地的规划建设和养护管理。2023年，全市结合“一河一策”实施滨河绿道建设68公里，新增滨河绿地42公顷。",
        "一是加强统筹，二是完善机制、强化保障，三是狠抓落实。“十四五”期间，将持续推进（详见附件）。",
        "已完成：道路、桥梁、隧道；正在推进：供水、排水……下一步，我们将认真研究你的建议！",
    ]
    for text in texts:
        for width in range(8, 70):
            lines = [line.plain for line in wrap_lines(Text(text), width)]
            assert "".join(lines) == text
            for line in lines:
                assert cell_len(line) <= width, (width, line)
                assert line[:1] not in NO_LINE_START, (width, lines)
                assert line[-1:] not in "（“《【〔", (width, lines)


async def test_the_review_text_and_findings_wrap_by_chinese_rules(seed_db):
    """Textual cut a Chinese run at the cell width: lines began with ，。” and the ⚠ of a
    finding could stand alone on its line."""
    from cppcc_review.tui.cjk_wrap import NO_LINE_START
    from cppcc_review.tui.widgets.suggestion_body import SuggestionBody, findings_text

    class Finding:
        suggestion = None
        severity = "warning"
        excerpt = None
        message = "称“三方面工作”，其后列出四项；" * 3

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_first(pilot)
        review = app.screen
        for width in range(70, 121, 3):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            body = review.query_one(SuggestionBody)
            for index in (1, 2, 3):
                review.view.index = index
                review.show_suggestion()
                for strip in body._strips:
                    line = strip.text.strip()
                    assert line[:1] not in NO_LINE_START, (width, index, line)
        band = review.query_one(FindingsBand)
        band.fit([Finding()], 3)
        wrapped = band.wrapped(1).plain.split("\n")
        assert wrapped[0].startswith("⚠\u00a0称") and all(line.strip() != "⚠" for line in wrapped)
        assert findings_text([Finding()], 1).plain.startswith("⚠\u00a0")


async def test_the_assessment_shows_a_local_time_not_a_raw_iso_stamp(seed_db):
    from cppcc_review.store.model import Assessment, Satisfaction

    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_assessment(rid, "tester", Assessment(result=Satisfaction.SATISFIED, attitude=Satisfaction.SATISFIED, relevance=Relevance.TARGETED,
                                                        completed_at="2025-07-01T02:00:00+00:00"))
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_assessment(pilot, rid)
        title = str(app.screen.query_one("#assess-title").render())
        assert "T02:00:00" not in title and "+00:00" not in title
        assert "2025-07-01 " in title


async def test_confirm_and_next_asks_about_gaps_and_opens_the_next_reply(tmp_path):
    """ctrl+n in the assessment: confirm, then the next reply that needs work; with an
    unrated suggestion or an unchosen field it asks first. The review screen then says
    the reply is done."""
    from cppcc_review.tui.screens.confirm import ConfirmScreen

    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    app = app_as_tester(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_first(pilot)
        assert app.screen.reply_id == ids[0]
        await pilot.press("1")  # suggestion 2 stays unrated
        await pilot.press("s")
        await pilot.pause()
        # (an unrated suggestion: nothing is proposed, the required fields are chosen by hand)
        await pilot.press("enter", "tab", "enter", "tab", "tab", "enter")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "1 条建议未评定" in app.screen.question and "沟通方式" in app.screen.question
        await pilot.press("n")  # not now: back in the form, nothing confirmed
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        assert app.context.store.get_review(ids[0], "tester").state != ReviewState.DONE
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == ids[1]
        assert app.context.store.get_review(ids[0], "tester").state == ReviewState.DONE
        await pilot.press("left_square_bracket")  # back to the first reply: it says it is done
        await pilot.pause()
        assert app.screen.reply_id == ids[0]
        assert "已完成测评" in app.screen.query_one("#suggestion-title").text.plain
        await pilot.press("j", "2")  # changing a rating of a done reply says what that means
        await pilot.pause()
        assert any("复核测评" in m for m in toasts(app))


async def test_the_original_text_reads_at_full_contrast_and_hangs_wrapped_lines(seed_db):
    from cppcc_review.tui.screens.original import OriginalScreen
    from cppcc_review.tui.widgets.original_text import NUMBER_STYLE, OriginalText

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("j", "o")
        await pilot.pause()
        assert isinstance(app.screen, OriginalScreen)
        view = app.screen.query_one(OriginalText)
        texts = [strip.text for strip in view._strips]
        digits = len(str(len(view.lines)))
        here = view.here_rows()
        assert len(here) > 1 and all(texts[row][digits] == "┃" for row in here)
        assert all(text[digits] in "│┃" for text in texts)  # every row: gutter, then text
        continued = [text for text in texts if text[:digits].strip() == ""]
        assert continued, "the seed has long lines: some must wrap"
        # the text part is not drawn in the numbers' muted colour
        strip = view._strips[here[0]]
        text_styles = [seg.style for seg in strip if seg.text.strip() and seg.text[0] not in "┃│0123456789 "]
        muted = app.screen.span_style(NUMBER_STYLE).color
        assert text_styles and all(style.color != muted for style in text_styles)
        elsewhere = view._strips[view.first_row(0)]  # a line outside the suggestion: a muted number
        assert [seg.style.color for seg in elsewhere if seg.text.strip().isdigit()] == [muted]
        assert view.scroll_y <= view.first_row(view.start)  # the suggestion is on screen


async def test_a_relaunch_comes_back_where_the_reviewer_left_off(tmp_path):
    db, ids = three_replies_one_rated(tmp_path, 2)
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.set_filter(ReviewState.UNREVIEWED)
        app.screen.set_sort("handler", reverse=True)
        await pilot.press("slash", *"提案", "tab")  # tab leaves the box (enter would open)
        await pilot.pause()
        assert [r.id for r in rows_of(app)] == [ids[0], ids[1]]  # 北京, 安徽 (reversed pinyin)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.reply_id == ids[1]
        await pilot.press("j")
        await pilot.press("ctrl+q")
        await pilot.pause()
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.reply_id == ids[1] and app.screen.index == 2
        await pilot.press("q")
        await pilot.pause()
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        assert inbox.filter == ReviewState.UNREVIEWED and inbox.sort_name == "handler" and inbox.sort_reverse
        assert inbox.query_text == "提案"
        assert inbox.query_one(ReplyList).current.id == ids[1]
        await pilot.press("escape", "q")  # clear the search, then quit from the inbox
        await pilot.pause()
    app = ReviewApp(db_path=db, reviewer="someone else", offer_demo=False)  # places are per reviewer
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen) and app.screen.filter is None


async def test_import_files_from_inside_the_app(tmp_path):
    """`i` in the inbox: pick a folder, watch the progress, find the replies in the list."""
    import shutil

    from textual.widgets import ProgressBar

    from cppcc_review.tui.screens.import_files import ImportScreen
    from tests.conftest import seed_file

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_file(), folder / "a.txt")
    shutil.copy(seed_file(), folder / "a-twin.md")
    (folder / "broken.txt").write_text("不是答复", encoding="utf-8")
    db = tmp_path / "db"
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert rows_of(app) == []
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        field = app.screen.query_one("#import-path")
        field.value = str(folder)
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.summary is not None:
                break
        summary = app.screen.summary
        assert summary.imported == 1 and len(summary.duplicates) == 1 and len(summary.failed) == 1
        assert app.screen.query_one(ProgressBar).progress == 3
        result = str(app.screen.query_one("#import-result").render())
        assert "新导入 1" in result and "跳过重复 1" in result and "broken.txt" in result
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert [r.doc_no for r in rows_of(app)] == ["沪科提复〔2025〕56号"]
    with ReviewStore(db, readonly=True) as store:
        assert len(store) == 1


async def test_80x24_gives_the_text_most_rows_and_60x16_still_shows_it(seed_db):
    from cppcc_review.tui.widgets.suggestion_body import SuggestionBody
    from cppcc_review.tui.widgets.suggestion_list import SuggestionList

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_first(pilot)
        await pilot.pause()
        review = app.screen
        body = review.query_one(SuggestionBody)
        assert body.size.height >= 15, body.size  # of 24 rows
        assert review.query_one(NoteEditor).outer_size.height == 0  # empty and not written in
        assert review.query_one("#findings").size.height == 0 or review.findings
        header = review.query_one("#review-header").text.plain.split("\n")[0]
        assert "2025-07-10" in header
        labels = [label for _keys, label in footer_keys(review)]
        assert labels[:4] == ["采纳", "部分采纳", "解释说明", "备注"], labels  # the ratings and the note first
        side = review.query_one(SuggestionList).render().plain
        assert "加快人工智能" in side and "关于加快" not in side
        await pilot.press("n")
        await pilot.pause()
        assert review.query_one(NoteEditor).outer_size.height == 5  # room to write while writing
        await pilot.press(*"备注", "escape")
        await pilot.pause()
        assert 0 < review.query_one(NoteEditor).outer_size.height <= 5  # shown with its text
        await pilot.resize_terminal(60, 16)
        await pilot.pause()
        await pilot.pause()
        assert not review.query_one(SuggestionList).display or review.query_one(SuggestionList).size.width == 0
        shown = [strip.text.strip() for strip in body._strips[: body.size.height]]
        assert sum(1 for line in shown if line) >= 3, shown


def test_the_readme_key_tables_match_the_bindings():
    """Every key the README's screen table names is bound on that screen, and every shown
    binding of the screen is in the README (its first key)."""
    import re
    from pathlib import Path

    from cppcc_review.tui.keymap import declared_bindings, key_names
    from cppcc_review.tui.screens.assessment import AssessmentScreen
    from cppcc_review.tui.screens.inbox import InboxScreen
    from cppcc_review.tui.widgets.reply_list import ReplyList

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    screens = {"Inbox 答复列表": [InboxScreen, ReplyList], "Review 逐条评审": [ReviewScreen],
               "Assessment 满意度测评": [AssessmentScreen]}
    names = {"esc": "escape", "enter": "enter", "space": "space"}
    for title, classes in screens.items():
        row = next(line for line in readme.splitlines() if line.startswith(f"| {title} |"))
        bound: dict[str, object] = {}
        from textual.widgets import RadioSet

        for cls in [*classes, ReviewApp, RadioSet]:  # RadioSet: the assessment's arrows and enter
            for binding in declared_bindings(cls):
                for key in binding.key.split(","):
                    bound.setdefault(key.strip(), binding)
        named = set()
        for token in re.findall(r"`([^`]+)`", row):
            for key in ([token] if token == "/" else token.split("/")):
                if key in ("↓", "↑") or " " in key:
                    continue  # arrows are down / up; a phrase in backticks is not a key
                key = names.get(key, key)
                key = key_names(key)[0]
                assert key in bound, (title, token)
                named.add(key)
        for cls in classes:
            for binding in declared_bindings(cls):
                if binding.show and binding.id not in ("help",):
                    first = binding.key.split(",")[0].strip()
                    assert first in named, (title, binding.id, first)


async def test_toasts_come_one_at_a_time_and_the_text_keeps_a_reading_measure(seed_db):
    from cppcc_review.tui.widgets.suggestion_body import SuggestionBody

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=(220, 50), notifications=True) as pilot:
        await open_first(pilot)
        app.notify("第一条", markup=False)
        app.notify("第二条", markup=False)
        await pilot.pause()
        assert toasts(app) == ["第二条"]
        body = app.screen.query_one(SuggestionBody)
        assert body.size.width <= 110 < app.size.width // 2 + 10
        await pilot.pause(4)  # briefly: gone after three seconds
        assert toasts(app) == []


async def test_statistics_at_80_columns_keep_the_names(tmp_path):
    """English statistics at 80 columns showed every handler as "…"."""
    from cppcc_review.tui.screens.stats import StatsScreen

    db = tmp_path / "db"
    three_replies(db)
    app = ReviewApp(db_path=db, reviewer="tester", lang="en", offer_demo=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        shown = app.export_screenshot()
        for name in ("北京市园林绿化局", "安徽省教育厅"):
            assert all(ch in shown for ch in name), name


async def test_english_assessment_at_80_columns_shows_every_choice_whole(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="en")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        labels = [str(label.render()) for label in screen.query(".field > Label")]
        assert len(set(labels)) == 4 and all(label.strip() for label in labels)
        for radio_set in screen.query("RadioSet"):
            assert radio_set.region.right <= 80
            for button in radio_set.query("RadioButton"):
                assert button.region.right <= 80, str(button.label)


async def test_what_another_process_writes_shows_in_the_inbox_and_the_review_screen(tmp_path, caplog):
    """The app's poll (cppcc_review.tui.store_poll): the command line rates, rates for a colleague and
    imports while the app is open. The inbox shows all of it and its cursor stays on the
    row the reviewer is on (it jumped to the reply opened last); the review screen shows
    a new rating of the reply on screen; a database that cannot be read is said once."""
    from cppcc_review.store.errors import StoreError
    from tests.test_tui import make_reply

    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, remember_place=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first reply opened and left: the reply opened last
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "down")
        inbox = app.screen
        assert isinstance(inbox, InboxScreen) and inbox.query_one(ReplyList).current.id == ids[2]
        with ReviewStore(db) as other:  # another process (writers take turns per write)
            other.set_rating(ids[1], "tester", 1, Rating.EXPLAINED)
            other.set_rating(ids[2], "colleague", 1, Rating.ADOPTED)
            other.add_reply(make_reply("甲提复〔2025〕4号", "关于第4件事的提案", "某局", [("一、关于丙", "已完成。")]))
        # Two ticks of the poll: when index.json was replaced too, ReviewStore.refresh reads
        # the journal lines appended with it only at its next call (seen at this merge).
        app.notice_store_changes()
        await pilot.pause()
        app.notice_store_changes()
        await pilot.pause(0.3)
        rows = {r.id: r for r in rows_of(app)}
        assert len(rows) == 4
        assert inbox.query_one(ReplyList).current.id == ids[2]
        assert rows[ids[1]].rated == 1 and rows[ids[1]].state == ReviewState.IN_PROGRESS
        assert rows[ids[2]].others == "…1"
        app.open_reply(ids[1], 1)
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        with ReviewStore(db) as other:
            other.set_rating(ids[1], "tester", 1, Rating.PARTIALLY_ADOPTED)
        app.notice_store_changes()
        await pilot.pause()
        assert review.view.current().rating == Rating.PARTIALLY_ADOPTED
        assert "部分采纳" in review.query_one("#rating-bar").render().plain.split("建议评定")[0]

        def unreadable(**_kwargs):
            raise StoreError(f"{db}: index.json: damaged")

        app.context.store.refresh = unreadable
        for _second in range(3):
            app.notice_store_changes()
        await pilot.pause()
        assert "index.json: damaged" in status_of(app)
    assert sum("reading what other processes wrote failed" in r.getMessage() for r in caplog.records) == 1
