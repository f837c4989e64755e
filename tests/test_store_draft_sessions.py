"""Two windows of one reviewer type the same note (or opinion): each window's draft is its own
(store/draft_sessions.py). The other window's draft is not a leftover while that window is open,
so it is neither put back here nor saved twice; a draft whose window is gone (killed, crashed,
closed) is put back as before. Two stores on one database on disk are the two windows; a
killed python process is the window that is gone."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.draft_sessions import SESSIONS
from cppcc_review.store.model import Assessment, Satisfaction
from tests.test_store_drafts import REPO, first_id


def _on_disk(db, rid):
    with ReviewStore(db, readonly=True) as store:
        return store.get_review(rid, "王")


def test_another_open_windows_note_draft_is_not_put_back_and_both_notes_are_saved_once(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_draft(rid, "王", 1, "AAA")  # window A types
        b.refresh()  # (the app's poll, about once a second)
        opened = b.get_review(rid, "王")  # window B opens the same note
        assert opened.note_drafts == {} and opened.suggestions[0].note == ""
        assert opened.notes_elsewhere == frozenset({1})
        b.set_draft(rid, "王", 1, "BBB")  # B types: A's draft stays A's
        a.refresh()
        assert a.get_review(rid, "王").note_drafts == {1: "AAA"}
        assert b.get_review(rid, "王").note_drafts == {1: "BBB"}
        b.set_note(rid, "王", 1, "BBB", base="")
        saved = a.set_note(rid, "王", 1, "AAA", base="")
        assert saved.suggestions[0].note == "BBB\nAAA" and saved.note_drafts == {}
        b.refresh()
        assert b.get_review(rid, "王").note_drafts == {} and b.get_review(rid, "王").notes_elsewhere == frozenset()
    after = _on_disk(seed_db, rid)
    assert after.suggestions[0].note == "BBB\nAAA" and after.note_drafts == {}


def test_another_open_windows_opinion_draft_is_not_put_back_and_both_opinions_are_saved_once(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as a, ReviewStore(seed_db) as b:
        a.set_assessment(rid, "王", Assessment(result=Satisfaction.SATISFIED))
        a.set_draft(rid, "王", "opinion", "意见甲")
        b.refresh()
        opened = b.get_review(rid, "王")
        assert opened.opinion_draft is None and opened.opinion_elsewhere
        base = opened.assessment
        b.set_draft(rid, "王", "opinion", "乙意见")
        b.merge_assessment(rid, "王", Assessment(**{**base.__dict__, "opinion": "乙意见"}), base=base)
        saved = a.merge_assessment(rid, "王", Assessment(**{**base.__dict__, "opinion": "意见甲"}), base=base)
        assert saved.review.assessment.opinion == "乙意见\n意见甲" and saved.review.opinion_draft is None
    after = _on_disk(seed_db, rid)
    assert after.assessment.opinion == "乙意见\n意见甲" and after.opinion_draft is None


def _window_killed_later(db, rid, field, text, reviewer="王") -> subprocess.Popen[str]:
    """A window (another process) that has written a draft and waits, until the test kills it."""
    code = (
        "import sys\n"
        "from cppcc_review.store.db import ReviewStore\n"
        f"store = ReviewStore({str(db)!r})\n"
        f"store.set_draft({rid!r}, {reviewer!r}, {field!r}, {text!r})\n"
        "print('typed', flush=True)\n"
        "sys.stdin.read()\n"
    )
    window = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    assert window.stdout is not None and window.stdout.readline() == "typed\n"
    return window


def _kill(window: subprocess.Popen[str]) -> None:
    window.send_signal(signal.SIGKILL)
    assert window.wait(timeout=60) == -9


def test_a_draft_is_put_back_once_its_window_is_killed_and_stays_if_this_window_never_showed_it(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as b:
        window = _window_killed_later(seed_db, rid, 3, "打到一半")
        try:
            b.refresh()
            live = b.get_review(rid, "王")
            assert live.note_drafts == {} and live.notes_elsewhere == frozenset({3})
            b.set_note(rid, "王", 3, "这边的备注", base="")  # B saved while A was still typing
        finally:
            _kill(window)
        gone = b.get_review(rid, "王")  # A's window is gone: its draft is a leftover, put back
        # (typed over the empty note, which B saved since: both texts, the draft under its time)
        assert re.fullmatch(r"这边的备注\n—— \d{4}-\d\d-\d\d \d\d:\d\d ——\n打到一半", gone.note_drafts[3])
        assert gone.drafts_joined == frozenset({3}) and gone.notes_elsewhere == frozenset()
        assert gone.suggestions[2].note == "这边的备注"
    with ReviewStore(seed_db) as c:  # the next window too, until the reviewer saves it
        assert c.get_review(rid, "王").note_drafts == gone.note_drafts
        c.set_note(rid, "王", 3, "这边的备注\n打到一半", base="这边的备注")
    assert _on_disk(seed_db, rid).note_drafts == {}


def test_an_opinion_draft_is_put_back_once_its_window_is_killed(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as b:
        window = _window_killed_later(seed_db, rid, "opinion", "意见打到一半")
        try:
            b.refresh()
            live = b.get_review(rid, "王")
            assert live.opinion_draft is None and live.opinion_elsewhere
        finally:
            _kill(window)
        gone = b.get_review(rid, "王")
        assert gone.opinion_draft == "意见打到一半" and not gone.opinion_elsewhere
        b.set_draft(rid, "王", "opinion", "意见打到一半，接着写")  # written on: the leftover is replaced
    assert _on_disk(seed_db, rid).opinion_draft == "意见打到一半，接着写"
    with ReviewStore(seed_db) as c:  # the next window shows it, the reviewer saves it
        assert c.get_review(rid, "王").opinion_draft == "意见打到一半，接着写"
        c.set_assessment(rid, "王", Assessment(opinion="意见打到一半，接着写"), opinion_base="")
        assert c.get_review(rid, "王").opinion_draft is None
    assert _on_disk(seed_db, rid).opinion_draft is None


def test_session_files_go_with_their_window_and_a_killed_ones_is_swept(seed_db):
    rid = first_id(seed_db)
    with ReviewStore(seed_db) as store:
        store.set_draft(rid, "王", 1, "草稿")
        assert len(os.listdir(seed_db / SESSIONS)) == 1
    assert os.listdir(seed_db / SESSIONS) == []  # closed: its file went
    _kill(_window_killed_later(seed_db, rid, 2, "被杀掉的窗口"))
    [left] = os.listdir(seed_db / SESSIONS)
    an_hour_ago = time.time() - 3600
    os.utime(seed_db / SESSIONS / left, (an_hour_ago, an_hour_ago))
    with ReviewStore(seed_db) as store:
        store.set_draft(rid, "王", 1, "新草稿")  # the first draft of a session sweeps the gone ones
        assert os.listdir(seed_db / SESSIONS) != [left] and len(os.listdir(seed_db / SESSIONS)) == 1
        assert store.get_review(rid, "王").note_drafts == {1: "新草稿", 2: "被杀掉的窗口"}
