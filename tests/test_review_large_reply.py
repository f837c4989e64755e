"""A reply with a multi-megabyte suggestion: the review screen answers its keys while the
reading aids (checks and hints, about 5 s a MB) are read by a worker thread, says it is
checking meanwhile, and shows them when they are in (cppcc_review.tui.screens.review_reading).

The checks are held back by a gate until the test opens it, so that "before the aids are
in" is a state the test controls, not a race: on the main thread the gate never holds (the
app's old way, the aids read as the reply opens, would then show no "checking" at all).
"""

from __future__ import annotations

import asyncio
import logging
import threading

from cppcc_review.store.db import ReviewStore
from cppcc_review.tui import aids as aids_module
from cppcc_review.tui.app import ReviewApp
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
    """check_reply held on worker threads until `open()`; run at once on the main thread."""

    def __init__(self, monkeypatch) -> None:
        self.opened = threading.Event()
        self.waiting = threading.Event()
        self.on_main = 0
        real = aids_module.check_reply

        def gated(reply, **kwargs):
            if threading.current_thread() is threading.main_thread():
                self.on_main += 1
            else:
                self.waiting.set()
                assert self.opened.wait(HOLD)
            return real(reply, **kwargs)

        monkeypatch.setattr(aids_module, "check_reply", gated)

    def open(self) -> None:
        self.opened.set()


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


async def test_a_failed_reading_leaves_the_reply_without_aids(tmp_path, monkeypatch, caplog):
    db = build_db(tmp_path, large_reply("沪民提复〔2025〕1号", 0.2))

    def broken(self, reply):
        raise RuntimeError("checks broke")

    monkeypatch.setattr(aids_module.ReadingAids, "findings", broken)
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
