"""A paste holding escape characters arrives whole and in order (QA round 14, item 2).

Textual's terminal parser sent an escape sequence inside a bracketed paste as key events
(ESC as `^`) ahead of the rest of the paste: pasting `A␛[31mRED␛[0mB` into the note saved
`^[31mRED^[0mBA`. The real app in a real terminal (tmux's paste-buffer -p sends a bracketed
paste, as a terminal emulator does); the note read back from the database."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.helpers.tmux import Tmux, app_env
from tests.test_tmux_review import _back_to_the_inbox_and_quit, _wait_for_review, app_command

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _paste(tmux: Tmux, text: str) -> None:
    tmux.run("set-buffer", "-b", "qa", "--", text)
    tmux.run("paste-buffer", "-p", "-b", "qa", "-t", tmux.session)


def test_a_paste_with_escapes_is_saved_in_order_with_visible_stand_ins(seed_db):
    tmux = Tmux(f"cppcc-review-paste-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("Enter")
        tmux.wait_for("建议 1/3")
        tmux.keys("n")
        tmux.wait_for("保存并离开备注")
        _paste(tmux, "A\x1b[31mRED\x1b[0mB\nC\x1bD")  # (tmux sends the line end as CR, as terminals do)
        tmux.wait_for("C␛D")
        assert "A␛[31mRED␛[0mB" in tmux.screen() and "␍" not in tmux.screen()
        tmux.keys("Escape")
        tmux.wait_for("已保存")
        _back_to_the_inbox_and_quit(tmux)
    finally:
        tmux.kill()
    review = _wait_for_review(seed_db, lambda r: bool(r.suggestions[0].note))
    assert review.suggestions[0].note == "A␛[31mRED␛[0mB\nC␛D"


def test_a_paste_into_the_inbox_search_is_searched_in_order(seed_db):
    tmux = Tmux(f"cppcc-review-paste-search-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("/")
        tmux.wait_for("回车打开")
        _paste(tmux, "A\x1b[31mB\nsecond line")
        screen = tmux.wait_for("A␛[31mB")
        assert "^[31m" not in screen
        tmux.keys("Escape")
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()


def test_a_paste_cut_across_reads_of_the_terminal_is_still_one_paste():
    """The terminal's bytes arrive in reads of any size: a marker or an escape cut by a read."""
    from cppcc_review.tui.textual_private import PasteKeepingParser

    parser = PasteKeepingParser()
    events = []
    for read in ("x\x1b[200~A\x1b[3", "1mB\x1b[20", "1~y\x1b[2", "00~C\x1b", "D\x1b[201~"):
        events += list(parser.feed(read))
    assert [getattr(e, "text", None) or e.key for e in events] == ["x", "A\x1b[31mB", "y", "C\x1bD"]
