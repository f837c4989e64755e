"""Behaviour tests of the review app, driven headless with Textual's Pilot.

Each test asserts on what reached the store (reopened after the app quit), not
only on what the screen shows.
"""

from __future__ import annotations

import time

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotSavedError
from cppcc_review.store.model import Rating, Reply, ReviewState, Satisfaction, Suggestion
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.assessment import AssessmentScreen, propose
from cppcc_review.tui.screens.help import HelpScreen
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.original import OriginalScreen
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.note_editor import NoteEditor
from cppcc_review.tui.widgets.reply_list import ReplyList
from cppcc_review.tui.widgets.status_line import StatusLine

SIZE = (120, 40)
EVIL = "[bold]粗[/ [@click=app.quit]x[/] \x1b[31m红"


def make_reply(doc_no: str, title: str, handler: str, bodies: list[tuple[str, str]], proposer="张三委员") -> Reply:
    """A reply built by hand: one (heading, text) pair per suggestion."""
    lines = [doc_no, f"{proposer}:", f"你提出的“{title}”收悉。现答复如下:"]
    suggestions = []
    for index, (heading, text) in enumerate(bodies, 1):
        start = len(lines)
        lines.append(heading)
        lines.extend(text.split("\n"))
        suggestions.append(Suggestion(index=index, heading=heading, text=text, start=start, end=len(lines)))
    lines += [handler, "2025年7月10日"]
    return Reply(
        doc_no=doc_no,
        title=title,
        proposers=[proposer],
        handler=handler,
        date="2025-07-10",
        suggestions=suggestions,
        lines=lines,
        text="\n".join(lines),
    )


def plain(widget) -> str:
    """The text a Static-like widget shows."""
    visual = widget.render()
    return getattr(visual, "plain", str(visual))


def seed_id(db) -> str:
    with ReviewStore(db, readonly=True) as store:
        return store.summaries()[0].id


async def open_first(pilot) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_rate_undo_note_assess_quit_and_reopen(seed_db):
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        assert review.index == 1
        await pilot.press("1")  # adopted, advances to 2
        assert review.index == 2
        await pilot.press("p")  # partially, advances to 3
        await pilot.press("3")  # explained
        assert [s.rating for s in app.context.store.get_review(rid, "tester").suggestions] == [
            Rating.ADOPTED,
            Rating.PARTIALLY_ADOPTED,
            Rating.EXPLAINED,
        ]
        await pilot.press("u")  # undo the third rating
        assert app.context.store.get_review(rid, "tester").suggestions[2].rating is None
        await pilot.press("u", "ctrl+y")  # undo the second, redo it
        assert app.context.store.get_review(rid, "tester").suggestions[1].rating == Rating.PARTIALLY_ADOPTED
        await pilot.press("j")  # back on the third suggestion (the redo left the second one shown)
        assert review.index == 3
        await pilot.press("e")
        await pilot.press("n")
        assert isinstance(app.focused, NoteEditor)
        await pilot.press(*"措施具体")  # CJK typed key by key
        app.focused.insert(",已核实。")  # as an input method commits text
        await pilot.press("escape")
        assert app.focused is None
        assert app.context.store.get_review(rid, "tester").suggestions[2].note == "措施具体,已核实。"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.values["result"] == Satisfaction.BASICALLY_SATISFIED  # proposed
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # communication was not chosen: asked first
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        row = app.screen.query_one(ReplyList).current
        assert row.state == ReviewState.DONE and row.rated == 3
        await pilot.press("q")
    assert app.return_code == 0
    with ReviewStore(seed_db) as store:
        saved = store.get_review(rid, "tester")
        assert [s.rating for s in saved.suggestions] == [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
        assert saved.suggestions[2].note == "措施具体,已核实。"
        assert saved.assessment.result == Satisfaction.BASICALLY_SATISFIED
        assert saved.assessment.completed_at is not None
        assert saved.state == ReviewState.DONE


async def test_rating_keys_type_text_in_the_note(seed_db):
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("n", "1", "a", "q", "s", "u", "question_mark")
        assert isinstance(app.screen, ReviewScreen)
        assert app.focused.text == "1aqsu?"
        assert app.context.store.get_review(rid, "tester").suggestions[0].rating is None
        await pilot.press("escape")
        await pilot.press("2")  # focus left the note: now it rates
    with ReviewStore(seed_db) as store:
        first = store.get_review(rid, "tester").suggestions[0]
        assert first.note == "1aqsu?"
        assert first.rating == Rating.PARTIALLY_ADOPTED


async def test_markup_and_escape_sequences_show_literally(tmp_path):
    db = tmp_path / "db"
    reply = make_reply(
        "沪[bold]提复〔2025〕1号",
        "关于" + EVIL + "的提案",
        "市[/]局",
        [("一、关于" + EVIL, "正文" + EVIL + "\n下一步将[@click=app.quit]继续[/]。")],
        proposer="[@click=app.quit]x[/]委员",
    )
    with ReviewStore(db) as store:
        store.add_reply(reply)
    app = ReviewApp(db_path=db, reviewer="[@click=app.quit]me[/]\x1b[2J")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reply_list = app.screen.query_one(ReplyList)
        row_line = "".join(segment.text for segment in reply_list.render_line(1))
        assert "[bold]" in row_line and "[@click=app.q" in row_line  # the columns cut the rest
        review = await open_first(pilot)
        header = plain(review.query_one("#review-header"))
        assert "[@click=app.quit]x[/]委员" in header and "市[/]局" in header and "␛[31m" in header
        assert "\x1b" not in header
        body = plain(review.query_one("#suggestion-body"))
        assert "一、关于[bold]粗[/ [@click=app.quit]x[/] ␛[31m红" in body
        assert "[@click=app.quit]继续[/]" in body
        await pilot.press("n", *"[b]", "escape")
        await pilot.click("#suggestion-body")  # a click on the text must not run an action
        await pilot.pause()
        assert app.is_running
        status = plain(review.query_one(StatusLine))
        assert "[@click=app.quit]me[/]␛[2J" in status
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    with ReviewStore(db) as store:
        rid = store.summaries()[0].id
        assert store.get_review(rid, "[@click=app.quit]me[/]␛[2J").suggestions[0].note == "[b]"


async def test_help_lists_every_binding_of_the_screen(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {row.binding_id: row for row in help_screen.rows if row.binding_id}
        for binding_id in (
            "rate_adopted", "rate_partial", "rate_explained", "rate_clear", "accept_hint",
            "next_suggestion", "prev_suggestion", "next_reply", "prev_reply", "next_work",
            "note", "assess", "undo", "redo", "original", "merge", "split", "back", "help",
        ):
            assert binding_id in rows, binding_id
        assert rows["rate_adopted"].keys == ["1", "a"]
        assert rows["rate_adopted"].description == "Adopted"
        assert set(rows["undo"].keys) == {"u", "^z"}
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


def test_the_keymap_check_covers_every_screen_the_app_shows():
    """A configured key is checked against the bindings of every screen (tui.keymap_check.SCREENS):
    a screen left out could have a key given to two of its bindings unnoticed."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import Screen

    import cppcc_review.tui.screens as screens
    from cppcc_review.tui.keymap_check import SCREENS
    from cppcc_review.tui.screens.base import BaseModal, BaseScreen

    shown = set()
    for module_info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{module_info.name}")
        shown |= {c for c in vars(module).values()
                  if inspect.isclass(c) and issubclass(c, Screen) and c.__module__ == module.__name__}
    assert shown - {BaseScreen, BaseModal} <= {screen for screen, _widgets in SCREENS}


def test_an_unknown_keymap_entry_is_refused_at_start(seed_db):
    """A typo in a binding id used to leave the key as it was, with a toast that went by."""
    from cppcc_review.store.errors import InputError

    with pytest.raises(InputError, match="unknown binding id 'nonsense'"):
        ReviewApp(db_path=seed_db, reviewer="tester", settings=Settings(keymap={"rate_adopted": "y", "nonsense": "z"}, lang="en"))


async def test_keymap_override_changes_keys_and_help(seed_db):
    rid = seed_id(seed_db)
    settings = Settings(keymap={"rate_adopted": "y"})
    app = ReviewApp(db_path=seed_db, reviewer="tester", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1")  # no longer bound
        assert app.context.store.get_review(rid, "tester").suggestions[0].rating is None
        await pilot.press("y")
        assert app.context.store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED
        await pilot.press("question_mark")
        await pilot.pause()
        rows = {row.binding_id: row for row in app.screen.rows if row.binding_id}
        assert rows["rate_adopted"].keys == ["y"]


async def test_a_keymap_changed_while_reviewing_takes_effect_at_the_next_key(seed_db):
    """The review screen keeps its bindings between keys (cppcc_review.tui.keys_at_once):
    a keymap changed while it is open, or while another screen is over it, must be the
    one the next key meets."""
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")

    def rating(index):
        return app.context.store.get_review(rid, "tester").suggestions[index - 1].rating

    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        await pilot.press("1")  # adopted, on to 2: the screen's bindings are kept now
        assert rating(1) == Rating.ADOPTED and review.index == 2
        app.update_keymap({"rate_adopted": "y"})
        await pilot.press("1")  # no longer bound
        assert rating(2) is None and review.index == 2
        await pilot.press("y")
        assert rating(2) == Rating.ADOPTED and review.index == 3
        await pilot.press("s")  # the assessment over the review screen
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        app.update_keymap({"rate_adopted": "1"})  # said to the screen on top only
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is review
        await pilot.press("y")  # back to "1" alone
        assert rating(3) is None
        await pilot.press("1")
        assert rating(3) == Rating.ADOPTED


async def test_filter_and_search(tmp_path):
    db = tmp_path / "db"
    replies = [
        make_reply("甲提复〔2025〕1号", "关于发展夜间经济的提案", "市商务委", [("一、关于夜市", "已建成夜市十处。")]),
        make_reply("乙提复〔2025〕2号", "关于养老服务的提案", "市民政局", [("一、关于社区食堂", "将新建社区食堂。")]),
        make_reply("丙提复〔2025〕3号", "关于公交线路的提案", "市交通委", [("一、关于线路", "优化微循环公交,新增接驳线。")]),
    ]
    with ReviewStore(db) as store:
        ids = [store.add_reply(r)[0] for r in replies]
        store.set_rating(ids[1], "tester", 1, Rating.ADOPTED)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        inbox = app.screen
        reply_list = inbox.query_one(ReplyList)
        assert len(reply_list.rows) == 3
        await pilot.press("f", "down", "enter")  # the filter picker: unreviewed
        assert {r.id for r in reply_list.rows} == {ids[0], ids[2]}
        await pilot.press("f", "down", "enter")  # in progress (the picker opens on the current one)
        assert [r.id for r in reply_list.rows] == [ids[1]]
        await pilot.press("f", "home", "enter")  # all again
        assert len(reply_list.rows) == 3
        await pilot.press("slash", *"民政")  # instant, over the summaries
        assert [r.id for r in reply_list.rows] == [ids[1]]
        await pilot.press("escape")
        assert len(reply_list.rows) == 3
        await pilot.press("slash", *"微循环")  # only in the text: found by the worker
        deadline = time.monotonic() + 5
        while [r.id for r in reply_list.rows] != [ids[2]] and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert [r.id for r in reply_list.rows] == [ids[2]]
        await pilot.press("enter")  # from the search box: opens the hit
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.reply_id == ids[2]


async def test_reply_navigation_and_next_to_do(tmp_path):
    db = tmp_path / "db"
    replies = [
        make_reply(f"丁提复〔2025〕{n}号", f"关于第{n}件事的提案", "市某局", [("一、关于甲", "已完成。"), ("二、关于乙", "将推进。")])
        for n in (1, 2, 3)
    ]
    with ReviewStore(db) as store:
        ids = [store.add_reply(r)[0] for r in replies]
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        first = review.reply_id
        await pilot.press("right_square_bracket")
        assert review.reply_id == app.context.order.ids[1]
        await pilot.press("left_square_bracket")
        assert review.reply_id == first
        await pilot.press("1", "1")  # both rated: not done until assessed
        await pilot.press("N")
        assert review.reply_id == app.context.order.ids[1]
        await pilot.press("j")
        assert review.index == 2
        await pilot.press("k")
        assert review.index == 1
    assert set(app.context.order.ids) == set(ids)


async def test_not_saved_error_is_shown_and_the_app_goes_on(seed_db, monkeypatch):
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)

        def disk_full(*args, **kwargs):
            raise NotSavedError("/tmp/db/reviews.journal: cannot write (No space left on device); nothing was changed")

        monkeypatch.setattr(app.context.store._jstore, "_append", disk_full)
        await pilot.press("1")
        await pilot.pause()
        status = review.query_one(StatusLine)
        assert status.has_class("-error")
        assert "No space left" in plain(status)
        assert "未保存" in plain(review.query_one("#rating-bar"))
        assert review.index == 1  # no advance on a failed save
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("1")
        assert not status.has_class("-error")
        assert app.context.store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED
    with ReviewStore(seed_db) as store:
        assert store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED


async def test_merge_split_and_original(seed_db):
    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        await pilot.press("m")
        assert len(review.reply.suggestions) == 2
        await pilot.press("u")
        assert len(review.reply.suggestions) == 3
        await pilot.press("j", "S")  # split suggestion 2 at a chosen paragraph
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert len(review.reply.suggestions) == 4
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OriginalScreen)
        from cppcc_review.tui.widgets.original_text import OriginalText

        assert len(app.screen.query_one(OriginalText).here_rows()) > 0
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    with ReviewStore(seed_db) as store:
        assert len(store.get_reply(rid).suggestions) == 4


async def test_empty_database_offers_the_samples(tmp_path):
    from cppcc_review.tui.screens.confirm import ConfirmScreen
    from tests.helpers.sample_import import sample_import_ended

    app = ReviewApp(db_path=tmp_path / "db", reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await sample_import_ended(pilot, app)
        assert isinstance(app.screen, InboxScreen)
        assert len(app.screen.query_one(ReplyList).rows) >= 1


async def test_english_labels(seed_db):
    app = ReviewApp(db_path=seed_db, reviewer="tester", lang="en")
    async with app.run_test(size=SIZE) as pilot:
        review = await open_first(pilot)
        await pilot.press("1")
        assert "Suggestion 2/3" in plain(review.query_one("#suggestion-title"))
        assert "Proposer" in plain(review.query_one("#review-header"))


def test_proposed_assessment():
    assert propose([]) is None
    assert propose([Rating.ADOPTED, Rating.ADOPTED]).result == Satisfaction.SATISFIED
    assert propose([Rating.EXPLAINED, Rating.EXPLAINED]).result == Satisfaction.UNSATISFIED
    mostly_explained = propose([Rating.ADOPTED, Rating.EXPLAINED, Rating.EXPLAINED])
    assert mostly_explained.result == Satisfaction.BASICALLY_SATISFIED
    assert propose([Rating.ADOPTED, None]) is None  # an unrated suggestion: nothing proposed yet


@pytest.mark.parametrize("rows", [10_000])
async def test_inbox_first_frame_with_many_replies(tmp_path, rows):
    """The virtual list renders only what is visible: 10,000 rows mount at once (how fast
    the first frame comes is a benchmark figure, benchmarks/, not asserted here)."""
    from cppcc_review.store.model import ReplySummary

    class ManyReplies:
        """Stands in for the store's fast index (summaries + progress) at 10,000 replies."""

        readonly = False
        last_saved = None

        def __init__(self, n):
            self.items = [
                ReplySummary(f"{i:012d}", f"沪提复〔2025〕{i}号", None, "reply", f"关于第{i}件事的提案",
                             ("某委员",), "上海市某局", "2025-07-10", None, 3, "0" * 16)
                for i in range(n)
            ]

        def summaries(self):
            return self.items

        def summary_values(self, fields):
            return [tuple(getattr(s, name) for name in fields) for s in self.items]

        def iter_summary_values(self, fields):
            return iter(self.summary_values(fields))

        def first_summary_values(self, fields, n):
            return self.summary_values(fields)[:n], len(self.items)

        def refresh(self, wait=None):  # the app's poll of other processes' writes: none here
            return set()

        def fold_due(self):  # the app's idle fold: nothing to fold here
            return False

        def maintain(self, budget=0.02):
            return False

        def progress_of(self, reviewer, reply_id):
            return None

        def progress(self, reviewer):
            return {}

        def reviewers_progress(self):
            return {}

        def others_progress(self, reviewer):
            return {}

        def changed_after_rating(self, reviewer):
            return set()

        def __len__(self):
            return len(self.items)

        def close(self):
            pass

    app = ReviewApp(db_path=tmp_path / "db", reviewer="tester", store=ManyReplies(rows))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reply_list = app.screen.query_one(ReplyList)
        # the first screen's rows first (cppcc_review.tui.inbox_loading), every row once that frame is painted
        assert 0 < len(reply_list.rows) <= rows
        for _ in range(200):  # (a loaded machine: up to 10 s)
            if len(reply_list.rows) == rows:
                break
            await pilot.pause(0.05)
        assert len(reply_list.rows) == rows
        await pilot.press("end")
        assert reply_list.cursor == rows - 1
        assert "沪提复〔2025〕9999号" in "".join(s.text for s in reply_list.render_line(reply_list.size.height - 1))


async def test_locked_database_opens_read_only(seed_db):
    """A writer of an older release holds the database (its lock for its whole session):
    the app browses read-only and says so; keys do not write."""
    from tests.helpers.holders import older_release_holder

    rid = seed_id(seed_db)
    with older_release_holder(seed_db):  # the other writer
        app = ReviewApp(db_path=seed_db, reviewer="tester")
        assert app.context.store.readonly
        async with app.run_test(size=SIZE) as pilot:
            review = await open_first(pilot)
            status = review.query_one(StatusLine)
            assert status.has_class("-readonly")
            await pilot.press("1")
            await pilot.pause()
            # refused, said after 只读 (QA 15 #12): not the red of a write the disk refused
            assert status.has_class("-readonly") and not status.has_class("-error")
            assert "不能评定" in status.text.plain
            assert app.is_running
    with ReviewStore(seed_db) as store:
        assert store.get_review(rid, "tester").suggestions[0].rating is None


async def test_fast_typing_around_the_note_goes_where_it_belongs(seed_db):
    """Keys that arrive in one burst (a fast typist, a paste): those after `n` are note
    text, those after `escape` are review keys again."""
    from textual import events

    rid = seed_id(seed_db)
    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        for key in ["n", "快", "速", "1", "a"]:
            app.post_message(events.Key(key, key))
        await pilot.pause(0.3)
        assert app.focused.text == "快速1a"
        for key, char in [("escape", None), ("2", "2")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
    with ReviewStore(seed_db) as store:
        first = store.get_review(rid, "tester").suggestions[0]
        assert first.note == "快速1a"
        assert first.rating == Rating.PARTIALLY_ADOPTED


def test_which_samples_have_a_title_is_read_as_their_whole_yaml_says():
    """The first start reads each fixture's `title:` line, not its whole expected YAML (0.7-1.8 s before
    the question): the same samples either way, the four letters without a title left out."""
    from cppcc_review.samples import fixture_files, load_expected
    from cppcc_review.tui.samples import sample_files

    assert sample_files() == [path for path in fixture_files() if load_expected(path).get("title")]
    assert len(fixture_files()) - len(sample_files()) == 4


def test_the_samples_offered_all_have_a_title(tmp_path):
    """The first-start samples show titles in the inbox, never a fixture's file name."""
    from cppcc_review.store.importer import import_paths
    from cppcc_review.tui.samples import sample_files

    files = sample_files()
    assert "070_no_salutation_quoting_line.txt" not in {path.name for path in files}
    with ReviewStore(tmp_path / "db") as store:
        import_paths(store, files)
        titles = [summary.title for summary in store.summaries(headings=False)]
    assert len(titles) == len(files) and all(titles)
