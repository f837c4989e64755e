"""A note (or the assessment's opinion) that another writer changes while the app shows it (fixg,
problem 1): `cppcc-review rate … --note` on the suggestion on screen updated the rating within a
second, but the note box and its editor kept the old note, and a small edit in the app then stored
"补充旧备注" over the command line's note. Now the poll shows the stored note (box closed or open and
untouched), the editor opens on it, and a note being written when the other writer saves is never
silently thrown away: saving keeps both, the other writer's first, and says so. Driven with Textual's
Pilot on a real database on disk; the other writer is the command line itself (in-process) or a
second store, as a second app of the same reviewer is."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Rating, Satisfaction
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.assessment import AssessmentScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.note_editor import NoteEditor
from tests.helpers.cli import run_cli
from tests.test_tui import seed_id
from tests.test_tui_daily_use import SIZE, app_as_tester, status_of, three_replies


def said(app, words: str) -> bool:
    """A toast on screen says `words` (its lines joined as Chinese or as English text)."""
    shown = [str(toast.render()) for toast in app.screen.query("Toast")]
    # (a line may break at a space inside Chinese text, "（原 3 条）": compared without whitespace too)
    bare = "".join(words.split())
    return any(words in text.replace("\n", "") or words in text.replace("\n", " ") or bare in "".join(text.split())
               for text in shown)


def _on_disk(db, rid):
    with ReviewStore(db, readonly=True) as other:  # what another process sees on disk
        return other.get_review(rid, "tester")


async def _review_on(pilot, rid, index) -> ReviewScreen:
    await pilot.pause()
    pilot.app.open_reply(rid, index)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen) and screen.index == index
    return screen


async def test_a_note_rated_from_the_command_line_shows_in_the_open_app_and_the_editor_opens_on_it(
        seed_db, capsys):
    rid = seed_id(seed_db)
    run_cli(capsys, "rate", rid, "1", "adopted", "--note", "旧备注", "--reviewer", "tester", "--db", seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        editor = review.query_one(NoteEditor)
        assert editor.text == "旧备注" and review.focused is None
        code, _out, err = run_cli(capsys, "rate", rid, "1", "explained", "--note", "命令行新备注",
                                  "--reviewer", "tester", "--db", seed_db)
        assert code == 0, err
        app.notice_store_changes()  # the poll's tick
        await pilot.pause()
        assert review.view.current().rating is Rating.EXPLAINED
        assert editor.text == "命令行新备注"  # in the closed box, as the rating is in the bar
        await pilot.press("n", *"补充", "escape")
        await pilot.pause()
    assert _on_disk(seed_db, rid).suggestions[0].note == "命令行新备注补充"


async def test_a_note_changed_elsewhere_while_it_is_written_keeps_both_and_says_so(seed_db, capsys):
    rid = seed_id(seed_db)
    run_cli(capsys, "rate", rid, "1", "adopted", "--note", "旧备注", "--reviewer", "tester", "--db", seed_db)
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        editor = review.query_one(NoteEditor)
        await pilot.press("n", *"补充")
        run_cli(capsys, "rate", rid, "1", "explained", "--note", "命令行新备注", "--reviewer", "tester",
                "--db", seed_db)
        app.notice_store_changes()
        await pilot.pause()
        assert editor.text == "旧备注补充" and review.focused is editor  # what the reviewer typed stays
        assert said(app, "这条备注刚被另一处改过")
        await pilot.press("escape")
        await pilot.pause()
        assert editor.text == "命令行新备注\n旧备注补充"
        assert said(app, "两者都已保存")
    saved = _on_disk(seed_db, rid)
    assert saved.suggestions[0].note == "命令行新备注\n旧备注补充" and saved.note_drafts == {}
    assert saved.suggestions[0].rating is Rating.EXPLAINED


async def test_a_second_app_of_the_same_reviewer_saving_between_two_polls_loses_nothing(seed_db):
    """The other writer saves after this app's last poll: the store decides under its write lock."""
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_note(rid, "tester", 1, "旧备注")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        await pilot.press("n", *"我的补充")
        with ReviewStore(seed_db) as second_app:  # what the second app's esc calls
            second_app.set_note(rid, "tester", 1, "另一个窗口的备注")
        await pilot.press("escape")  # no poll in between
        await pilot.pause()
        assert review.query_one(NoteEditor).text == "另一个窗口的备注\n旧备注我的补充"
    assert _on_disk(seed_db, rid).suggestions[0].note == "另一个窗口的备注\n旧备注我的补充"


async def test_the_opinion_changed_elsewhere_is_shown_and_kept_when_the_form_saves(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_rating(rid, "tester", 1, Rating.ADOPTED)
        store.set_assessment(rid, "tester", Assessment(result=Satisfaction.SATISFIED, opinion="旧意见"))
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, settings=Settings(lang="en"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _review_on(pilot, rid, 1)
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        opinion = form.query_one("#opinion")
        with ReviewStore(seed_db) as other:
            other.set_assessment(rid, "tester", Assessment(result=Satisfaction.SATISFIED, opinion="另一处的意见"))
        app.notice_store_changes()
        await pilot.pause()
        assert opinion.text == "另一处的意见"  # not being typed in: shown as stored
        opinion.focus()
        await pilot.pause()
        await pilot.press("end", *" mine")
        with ReviewStore(seed_db) as other:
            other.set_assessment(rid, "tester", Assessment(result=Satisfaction.SATISFIED, opinion="第三次"))
        app.notice_store_changes()
        await pilot.pause()
        assert opinion.text == "另一处的意见 mine"
        assert said(app, "the opinion was just changed elsewhere")
        await pilot.press("escape")  # leaves the form, saving the opinion
        await pilot.pause()
    assert _on_disk(seed_db, rid).assessment.opinion == "第三次\n另一处的意见 mine"


async def test_a_choice_in_the_form_keeps_an_opinion_written_elsewhere_meanwhile(seed_db):
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_rating(rid, "tester", 1, Rating.ADOPTED)
        store.set_assessment(rid, "tester", Assessment(result=Satisfaction.SATISFIED, opinion="旧意见"))
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _review_on(pilot, rid, 1)
        await pilot.press("s")
        await pilot.pause()
        with ReviewStore(seed_db) as other:  # no poll before the reviewer's choice
            other.set_assessment(rid, "tester", Assessment(result=Satisfaction.SATISFIED, opinion="另一处的意见"))
        await pilot.press("right", "enter")  # 满意 -> 基本满意
        await pilot.pause()
    saved = _on_disk(seed_db, rid).assessment
    assert saved.result is Satisfaction.BASICALLY_SATISFIED and saved.opinion == "另一处的意见"


@pytest.mark.parametrize(("lang", "said_"), [
    ("zh", "只读：不能写备注（按 --readonly 打开"),
    ("en", "read-only: notes cannot be written (opened with --readonly"),
])
async def test_read_only_n_says_so_and_opens_no_note_editor(seed_db, lang, said_):
    """fixg, problem 2: --readonly opened the note editor and offered "esc Save note, leave"
    although nothing could be saved; ctrl+q then quit without a word about the typed note."""
    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_note(rid, "tester", 1, "旧备注")
        store.set_draft(rid, "tester", 2, "上次的草稿")  # a restored draft does not open either
    app = ReviewApp(db_path=seed_db, reviewer="tester", offer_demo=False, readonly=True,
                    settings=Settings(lang=lang))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        editor = review.query_one(NoteEditor)
        assert review.focused is None and editor.text == "上次的草稿"
        review.load_reply(rid, 1)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert review.focused is None and editor.text == "旧备注"
        assert said_ in status_of(app)
        assert all(a.binding.id != "note_leave" for a in app.screen.active_bindings.values())
        await pilot.click(NoteEditor)
        assert review.focused is None
    assert _on_disk(seed_db, rid).suggestions[0].note == "旧备注"


@pytest.mark.parametrize(("lang", "last", "first"), [
    ("zh", "已是这次搜索的最后一份答复", "已是这次搜索的第一份答复"),
    ("en", "this is the last reply of this search", "this is the first reply of this search"),
])
async def test_next_reply_at_the_end_of_a_search_says_it_is_the_searchs_last(tmp_path, lang, last, first):
    """fixg, problem 3: `]` on the last result of a search said 已是最后一份答复 (the last reply)."""
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, remember_place=False,
                    settings=Settings(lang=lang))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"安徽", "enter")  # opens the match
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.reply_id == ids[1]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert review.reply_id == ids[1] and said(app, last)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert said(app, first)
        await pilot.press("q", "escape")  # the search cleared: the inbox's last reply is the last one
        await pilot.pause()
        app.open_reply(ids[2], 1)
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert said(app, "已是最后一份答复" if lang == "zh" else "this is the last reply")
        assert not said(app, last)


def _side_line(review, index) -> str:
    from cppcc_review.tui.widgets.suggestion_list import SuggestionList

    return review.query_one(SuggestionList).render().plain.split("\n")[2 * index - 1]


async def test_a_note_draft_is_marked_apart_from_a_saved_note_in_the_side_list_and_the_legend_says_so(seed_db):
    """fixg, problem 3: a restored draft was not marked in the side list (only saved notes got ✎)."""
    from cppcc_review.tui.widgets.text_block import TextBlock

    rid = seed_id(seed_db)
    with ReviewStore(seed_db) as store:  # a saved note on 1, a killed app's draft on 3
        store.set_note(rid, "tester", 1, "列了四项")
        store.set_draft(rid, "tester", 3, "时限不明")
    app = app_as_tester(seed_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 2)
        assert _side_line(review, 1).endswith(" ✎") and _side_line(review, 3).endswith(" ✎…")
        assert "✎" not in _side_line(review, 2)
        await pilot.press("j", "n", *"补上", "escape")  # saved as the note
        await pilot.pause()
        assert _side_line(review, 3).endswith(" ✎") and not _side_line(review, 3).endswith("…")
        await pilot.press("question_mark")
        await pilot.pause()
        legend = app.screen.query_one("#help-legend", TextBlock).text.plain
        assert "✎ 有备注" in legend and "✎… 备注草稿，尚未保存为备注" in legend


@pytest.mark.parametrize("size", [(140, 42), (80, 24)])
async def test_a_toast_stands_above_the_rating_line_and_the_note_box_not_over_them(tmp_path, size):
    """fixg, problem 3: the notice box covered the end of the rating / hint line."""
    db = tmp_path / "db"
    ids, _replies = three_replies(db)
    with ReviewStore(db) as store:
        store.set_note(ids[0], "tester", 1, "答复只列了过去的做法，没有下一步的时限")
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, remember_place=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        review = await _review_on(pilot, ids[0], 1)
        await pilot.press("left_square_bracket")  # the first reply already: a toast says so
        await pilot.pause()
        await pilot.pause()
        toast = review.query_one("Toast")
        assert said(app, "已是第一份答复")
        for widget in (review.query_one("#rating-bar"), review.query_one(NoteEditor)):
            assert widget.region.height and not toast.region.overlaps(widget.region), widget


_LETTER = """关于在河畔路增设路灯的提案的答复

某建复〔2025〕7号
李红委员：

您提出的关于在河畔路增设路灯的提案收悉。现答复如下：

一是关于增设路灯。我局已在河畔路南段新装路灯十二盏，已于今年四月点亮。

二是关于夜间巡查。我局将会同街道安排夜间巡查，发现损坏及时修复。

感谢您对城市建设工作的关心和支持。

某市城市管理局
2025年5月8日
"""


async def test_merging_keeps_the_first_suggestions_heading_and_split_gives_both_back(tmp_path):
    """fixg, problem 3: after `m` the merged suggestion's heading was （无标题） (a range of 一是… then
    二是… reads as a list to the parser); `S` restored it."""
    from cppcc_review.store.importer import import_paths
    from cppcc_review.tui.screens.split_picker import SplitPicker

    letter = tmp_path / "路灯答复.txt"
    letter.write_text(_LETTER, encoding="utf-8")
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [letter])
        rid = store.summaries()[0].id
        assert [s.heading for s in store.get_reply(rid).suggestions] == ["关于增设路灯", "关于夜间巡查"]
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await _review_on(pilot, rid, 1)
        await pilot.press("m")
        await pilot.pause()
        assert review.view.total == 1
        shown = review.view.body(1).plain  # the heading is the body's first line
        assert shown.startswith("关于增设路灯") and "无标题" not in shown
        assert "二是关于夜间巡查" in review.reply.suggestions[0].text
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SplitPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert [s.heading for s in review.reply.suggestions] == ["关于增设路灯", "关于夜间巡查"]
    with ReviewStore(db, readonly=True) as store:  # what the next session (and an export) reads
        store_headings = store.suggestion_headings(rid)
    assert store_headings == ["关于增设路灯", "关于夜间巡查"]
