"""Drive the real app in a real terminal (tmux): open the seed, rate its three
suggestions by key, quit, and find the ratings in the store."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from store.db import ReviewStore
from store.model import Rating
from tests.helpers.tmux import Tmux, app_env

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_rate_the_seed_in_a_real_terminal(seed_db):
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
    tmux = Tmux(f"cppcc-review-test-{os.getpid()}")
    env = app_env()
    command = (
        f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m tui.cli "
        f"--db {shlex.quote(str(seed_db))} --reviewer tester"
    )
    try:
        tmux.start(command, env)
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("Enter")
        tmux.wait_for("建议 1/3")
        tmux.keys("1")
        tmux.wait_for("建议 2/3")
        tmux.keys("2")
        tmux.wait_for("建议 3/3")
        tmux.keys("3")
        screen = tmux.wait_for("解释说明", timeout=5)
        assert "已保存" in screen
        tmux.keys("q")
        tmux.wait_for("答复列表")
        tmux.wait_for("3/3")
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()
    with ReviewStore(seed_db) as store:
        ratings = [s.rating for s in store.get_review(rid, "tester").suggestions]
    assert ratings == [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]


def app_command(db: Path, *args: str) -> str:
    return (
        f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m tui.cli "
        f"--db {shlex.quote(str(db))} " + " ".join(shlex.quote(a) for a in args)
    )


def test_enter_twice_in_one_burst_does_not_crash(seed_db):
    """`send-keys Enter Enter`: both keys arrive in one read; the app crashed 5 times in 5."""
    tmux = Tmux(f"cppcc-review-enter2-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("Enter", "Enter")
        screen = tmux.wait_for("建议 1/3")
        assert "Traceback" not in screen and "Error" not in screen
        tmux.keys("1")
        tmux.wait_for("建议 2/3")
        tmux.keys("q")
        tmux.wait_for("答复列表")
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
        assert store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED


def _open_note_and_type(tmux: Tmux, text: str) -> None:
    tmux.wait_for("沪科提复〔2025〕56号")
    tmux.keys("Enter")
    tmux.wait_for("建议 1/3")
    tmux.keys("n")
    tmux.keys("-l", text)
    tmux.wait_for(text)


def test_closing_the_terminal_while_typing_a_note_keeps_it(seed_db):
    """SIGHUP (the terminal window closed, an SSH link dropped) while typing: the app saves
    the note before it goes; before, the note was lost and the status had said 已保存."""
    tmux = Tmux(f"cppcc-review-hup-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        _open_note_and_type(tmux, "关闭终端前写的")
    finally:
        tmux.kill()  # the terminal goes away: SIGHUP
    with ReviewStore(seed_db, lock_timeout=15) as store:  # waits for the app to be gone
        rid = store.summaries()[0].id
        review = store.get_review(rid, "tester")
    assert review.suggestions[0].note == "关闭终端前写的"


def test_a_killed_app_keeps_the_note_draft_and_offers_it_back(seed_db):
    """SIGKILL (nothing can be saved then): what was typed more than a moment before is a
    durable draft, and the next session puts it back in the note box."""
    import json
    import signal
    import time

    from tui.drafts import DRAFT_DELAY

    tmux = Tmux(f"cppcc-review-kill-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        _open_note_and_type(tmux, "被杀之前")
        deadline = time.monotonic() + 10
        while "编辑中" in tmux.screen() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(DRAFT_DELAY)
        pid = json.loads((seed_db / "lock").read_text(encoding="utf-8"))["pid"]
        os.kill(pid, signal.SIGKILL)
        tmux.kill()
        with ReviewStore(seed_db, lock_timeout=15) as store:
            rid = store.summaries()[0].id
            review = store.get_review(rid, "tester")
            assert review.note_drafts == {1: "被杀之前"} and review.suggestions[0].note == ""
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("Enter")
        screen = tmux.wait_for("被杀之前")
        assert "草稿" in screen
        tmux.keys("q")
        tmux.wait_for("答复列表")
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()
    with ReviewStore(seed_db, readonly=True) as store:
        review = store.get_review(rid, "tester")
    assert review.suggestions[0].note == "被杀之前" and review.note_drafts == {}
