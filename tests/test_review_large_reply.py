"""A reply with a multi-megabyte suggestion: the review screen answers its keys while the
reading aids (checks and hints, about 5 s a MB) are read by a child process, says it is
checking meanwhile, and shows them as they come, the shown suggestion's first
(cppcc_review.tui.aids_child, cppcc_review.tui.screens.review_reading).

The reading is held by a gate until the test opens it (its start, and, when asked, each piece
the child sends), so that "before the aids are in" is a state the test controls, not a race.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui import review_model
from cppcc_review.tui.aids_child import EVIDENCE_PIECE, AidsRequest, ChildReading, read_aids
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.lazy_wrap import LAZY_FROM
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.findings_band import FindingsBand

from .test_tui import make_reply, plain

SIZE = (120, 40)
FILLER = "我局认真研究了你提出的建议，已会同有关部门在2025年开展专项行动，投入资金300万元。"
WAIT = 600.0  # seconds: a bound for a broken build, not a speed target (benchmarks/large_reply.py)
# How long a worker waits at a closed gate: longer than any test holds it (a few keys), short
# enough that an assertion failing while it is closed fails the test in minutes, not ten
# (the app's exit waits for its workers).
HOLD = 120.0


def large_reply(doc_no: str, megabytes: float):
    """Three suggestions, the third one line of `megabytes` MB; no closing words (a finding on the reply)."""
    huge = "一是已完成调研。" + FILLER * int(megabytes * 1e6 / len(FILLER.encode()))
    return make_reply(doc_no, "关于完善社区服务的提案", "上海市民政局", [
        ("一、关于加强社区养老服务", "我局将于2019年底前完成全部试点。"),
        ("二、关于增加社区食堂", "我局已在16个区建成社区食堂216家，下一步将继续推进。"),
        ("三、关于其他事项", huge),
    ])


def small_reply(doc_no: str):
    return make_reply(doc_no, "关于加强街道服务的提案", "上海市民政局", [
        ("一、关于街道服务", "我局已在全市推广，累计服务120万人次。"),
    ])


class Gate:
    """The aids' child process held: its start until `open()` (on the worker thread; a start on
    the app's thread is counted and let through), and with `one_by_one`, each piece it sends until
    `let_one()`."""

    def __init__(self, monkeypatch, *, one_by_one: bool = False) -> None:
        self.opened = threading.Event()
        self.waiting = threading.Event()
        self.on_main = 0
        self.pieces = threading.Semaphore(0) if one_by_one else None
        self.children: list = []
        start, pieces = ChildReading._start, ChildReading.pieces

        def gated_start(reading, errors):
            if threading.current_thread() is threading.main_thread():
                self.on_main += 1
            else:
                self.waiting.set()
                assert self.opened.wait(HOLD)
            proc = start(reading, errors)
            self.children.append(proc)
            return proc

        def gated_pieces(reading):
            for piece in pieces(reading):
                if self.pieces is not None:
                    assert self.pieces.acquire(timeout=HOLD)
                yield piece

        monkeypatch.setattr(ChildReading, "_start", gated_start)
        monkeypatch.setattr(ChildReading, "pieces", gated_pieces)

    def open(self) -> None:
        self.opened.set()
        if self.pieces is not None:
            self.pieces.release(1000)  # (a failing test must not leave the worker waiting)

    def let_one(self) -> None:
        self.opened.set()
        assert self.pieces is not None
        self.pieces.release()


def build_db(tmp_path, *replies) -> str:
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        for reply in replies:
            store.add_reply(reply)
    return str(db)


async def until(pilot, condition) -> None:
    for _ in range(int(WAIT * 20)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("never happened")


async def test_keys_are_answered_while_a_huge_reply_is_checked(tmp_path, monkeypatch):
    reply = large_reply("沪民提复〔2025〕1号", 2.0)
    assert len(reply.text.encode()) > 2_000_000
    db = build_db(tmp_path, reply)
    gate = Gate(monkeypatch)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.index == 1
        await pilot.press("j")  # answered before the aids are in
        assert screen.index == 2
        assert "建议 2/3" in plain(screen.query_one("#suggestion-title"))
        assert "社区食堂216家" in plain(screen.query_one("#suggestion-body"))
        bar = plain(screen.query_one("#rating-bar"))
        assert "正在检查……" in bar and "建议评定：" not in bar.replace("质量提示与建议评定：正在检查……", "")
        assert screen.findings == [] and screen.hint_for(2) is None
        assert "未找到结束语" not in plain(screen.query_one(FindingsBand))
        await pilot.press("enter")  # accepting a hint not read yet says so, and rates nothing
        await pilot.press("k", "j")
        assert screen.index == 2
        assert gate.waiting.is_set() and gate.on_main == 0  # the checks run on a worker, held

        gate.open()
        await until(pilot, lambda: not screen.view.checking)
        bar = plain(screen.query_one("#rating-bar"))
        assert "正在检查" not in bar and "建议评定：" in bar  # the hint of the suggestion shown
        assert screen.hint_for(3) is not None  # every suggestion's, the huge one's too
        assert "未找到结束语" in plain(screen.query_one(FindingsBand))  # the reply's finding
        assert app.is_running
    with ReviewStore(db, readonly=True) as store:
        review = store.get_review(store.summaries()[0].id, "tester")
        assert all(s.rating is None for s in review.suggestions)  # enter took no hint while checking


async def test_aids_of_a_reply_left_are_not_shown_on_the_next(tmp_path, monkeypatch):
    db = build_db(tmp_path, large_reply("沪民提复〔2025〕1号", 1.0), small_reply("沪民提复〔2025〕2号"))
    gate = Gate(monkeypatch)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with ReviewStore(db, readonly=True) as store:
            large_id = next(s.id for s in store.summaries() if s.doc_no.endswith("1号"))
        screen = None
        for _ in range(2):  # the large reply opened, whichever row the inbox shows first
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            if screen.reply_id == large_id:
                break
            await pilot.press("escape", "down")
        assert screen.reply_id == large_id and screen.view.checking
        first = screen.view
        await until(pilot, gate.waiting.is_set)
        await pilot.press("right_square_bracket" if screen.ctx.order.neighbour(large_id, 1) else "left_square_bracket")
        assert screen.reply_id != large_id and not screen.view.checking
        shown = (list(screen.findings), screen.hint_for(1))
        gate.open()
        await until(pilot, lambda: not any(w.is_running for w in screen.workers))
        await pilot.pause()
        assert (list(screen.findings), screen.hint_for(1)) == shown
        assert first.checking  # its aids were thrown away, not given to the view left
        assert "正在检查" not in plain(screen.query_one("#rating-bar"))
        await until(pilot, lambda: all(child.poll() is not None for child in gate.children))
        assert gate.children and gate.children[0].returncode != 0  # its child was killed, not left reading


async def test_a_failed_reading_leaves_the_reply_without_aids(tmp_path, monkeypatch, caplog):
    db = build_db(tmp_path, large_reply("沪民提复〔2025〕1号", 0.2))

    def broken() -> list[str]:
        return [sys.executable, "-c", "import sys; sys.exit('checks broke')"]

    monkeypatch.setattr(ChildReading, "command", staticmethod(broken))
    app = ReviewApp(db_path=db, reviewer="tester")
    with caplog.at_level(logging.ERROR):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            await until(pilot, lambda: not screen.view.checking)
            assert screen.findings == [] and screen.hint_for(1) is None
            assert "正在检查" not in plain(screen.query_one("#rating-bar"))
            await pilot.press("j", "1")
            await asyncio.sleep(0)
            assert app.is_running and screen.index in (2, 3)
    assert any("reading aids" in r.getMessage() and r.exc_info and "checks broke" in str(r.exc_info[1])
               for r in caplog.records)


async def test_the_shown_suggestions_aids_come_first(tmp_path, monkeypatch):
    """The reviewer moves while the aids are read: the suggestion shown gets its hint first; the
    findings next; the text keeps its place; the other hints after."""
    db = build_db(tmp_path, large_reply("沪民提复〔2025〕1号", 0.5))
    gate = Gate(monkeypatch, one_by_one=True)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.index == 1
            await until(pilot, gate.waiting.is_set)
            await pilot.press("j")  # on suggestion 2 when the reading starts
            assert screen.index == 2 and screen.view.checking

            gate.let_one()
            await until(pilot, lambda: 2 not in screen.view.hints_due)
            bar = plain(screen.query_one("#rating-bar"))
            # its hint, before the rest; the findings still being read are said until they are in
            assert "建议评定：采纳" in bar and "质量提示：正在检查……" in bar
            assert screen.view.hints_due == {1, 3} and screen.view.findings_due
            assert "未找到结束语" not in plain(screen.query_one(FindingsBand))  # the findings come next

            await pilot.press("j")  # onto the huge one: its hint is read before suggestion 1's
            gate.let_one()
            await until(pilot, lambda: not screen.view.findings_due)
            await pilot.press("k")  # (suggestion 2 again: its hint, the findings in: nothing being checked)
            bar = plain(screen.query_one("#rating-bar"))
            assert "建议评定：采纳" in bar and "正在检查" not in bar
            await pilot.press("j")
            assert "未找到结束语" in plain(screen.query_one(FindingsBand))
            assert screen.view.hints_due == {1, 3}
            assert "正在检查" in plain(screen.query_one("#rating-bar"))  # (3's hint is not in)

            gate.let_one()
            await until(pilot, lambda: 3 not in screen.view.hints_due)
            assert screen.view.hints_due == {1}
            assert "正在检查" not in plain(screen.query_one("#rating-bar"))
            gate.open()
            await until(pilot, lambda: not screen.view.checking)
            assert screen.hint_for(1) is not None
        finally:
            gate.open()


async def test_the_aids_read_by_the_child_are_the_apps_own(tmp_path, monkeypatch):
    """The same findings and hints as the app's own thread reads for a reply (the way it reads
    every reply under LARGE_REPLY_CHARS)."""
    reply = large_reply("沪民提复〔2025〕1号", 0.5)
    assert len(reply.suggestions[2].text) > LAZY_FROM
    db = build_db(tmp_path, reply)
    on_main: list[int] = []  # the sizes of the bodies made on the app's thread
    real_text = review_model.suggestion_text

    def counted(reply, suggestion, *args, **kwargs):
        if threading.current_thread() is threading.main_thread() and suggestion is not None:
            on_main.append(len(suggestion.text))
        return real_text(reply, suggestion, *args, **kwargs)

    monkeypatch.setattr(review_model, "suggestion_text", counted)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.view.checking
        await until(pilot, lambda: not screen.view.checking)
        await pilot.press("j", "j")  # onto the large one: its body with its aids was made by the worker
        await pilot.pause()
        assert screen.index == 3 and "建议评定：" in plain(screen.query_one("#rating-bar"))
        view = screen.view
        from_child = (list(view.findings), {i: view.hint(i) for i in (1, 2, 3)})
        here = (list(screen.ctx.aids.findings(view.reply)),
                {s.index: screen.ctx.aids.hint(view.reply, s) for s in view.reply.suggestions})
        body = view.body(3)
        fresh = real_text(view.reply, view.reply.suggestions[2], "zh", hint=here[1][3], findings=here[0])
    assert from_child == here
    assert len(from_child[0]) > 0 and all(h is not None for h in from_child[1].values())
    assert len(from_child[1][3].evidence) > 1.5 * EVIDENCE_PIECE  # (sent ahead of its hint, in pieces)
    assert body.plain == fresh.plain and body.spans == fresh.spans  # the worker's body is the app's own
    assert body.spans and all(size < LAZY_FROM for size in on_main)  # none of the large one on the app's thread


def test_the_child_reads_the_hint_nearest_to_the_suggestion_shown(tmp_path):
    reply = make_reply("沪民提复〔2025〕1号", "关于完善社区服务的提案", "上海市民政局",
                       [(f"{n}、关于第{n}项", "我局已完成。") for n in "一二三四五六"])
    request = AidsRequest(reply, lambda r, s: None, "zh", "default", False, first=2)
    shown = [2]
    order = []
    for piece in read_aids(request, lambda: shown[0]):
        order.append(piece[1] if piece[0] == "hint" else "findings")
        if len(order) == 3:
            shown[0] = 6  # the reviewer went to the last one meanwhile
    assert order == [2, "findings", 3, 6, 5, 4, 1]


def test_the_large_bodies_are_made_in_the_order_the_child_reads_their_hints(monkeypatch):
    """One rule says which suggestion's aids come first (aids_child.nearness): the worker makes the
    large suggestions' bodies in the order the child reads their hints, whichever is shown."""
    from cppcc_review.tui.screens import review_reading

    monkeypatch.setattr(review_reading, "LAZY_FROM", 10)  # every suggestion here is "large"
    reply = make_reply("沪民提复〔2025〕7号", "关于完善社区服务的提案", "上海市民政局",
                       [(f"{n}、关于第{n}件事", FILLER) for n in "一二三四五六"])
    for shown in range(1, 7):
        request = AidsRequest(reply, lambda _reply, _suggestion: None, "zh", "default", True, shown)
        hints = [piece[1] for piece in read_aids(request, lambda shown=shown: shown) if piece[0] == "hint"]
        bodies = [index for index, _text, _blocks in review_reading.LargeBodies(reply, "zh", set()).without_aids(shown)]
        assert bodies == hints and sorted(hints) == [1, 2, 3, 4, 5, 6]


async def test_a_finished_reading_is_no_longer_told_where_the_reviewer_is(tmp_path, monkeypatch):
    """While the aids are read each key tells the child which suggestion is shown (its hint next);
    once the reading is over, the keys tell nothing (its child has ended)."""
    db = build_db(tmp_path, large_reply("沪民提复〔2025〕1号", 0.2))
    told: list[int] = []
    follow = ChildReading.follow

    def counted(reading, index):
        told.append(index)
        follow(reading, index)

    monkeypatch.setattr(ChildReading, "follow", counted)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await until(pilot, lambda: not screen.view.checking)
        await pilot.pause()
        told.clear()
        await pilot.press("j", "j", "k")
        assert screen.index == 2 and told == []
