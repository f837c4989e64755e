"""Drive the real app in a real terminal (tmux): open the seed, rate its three
suggestions by key, quit, and find the ratings in the store."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
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
        f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m cppcc_review.tui.cli "
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
        f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m cppcc_review.tui.cli "
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
        _back_to_the_inbox_and_quit(tmux)
    finally:
        tmux.kill()
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
        assert store.get_review(rid, "tester").suggestions[0].rating == Rating.ADOPTED


def _back_to_the_inbox_and_quit(tmux: Tmux) -> None:
    """From a reply: `q` back to the inbox, `q` again, and the app is gone."""
    tmux.keys("q")
    tmux.wait_for("答复列表")
    tmux.keys("q")
    tmux.wait_exit()


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
        apps = _processes_naming(seed_db)
        assert apps, "the app's process was not found"
    finally:
        tmux.kill()  # the terminal goes away: SIGHUP
    # The app saves as it goes; a reader sees each saved change (writers take turns).
    review = _wait_for_review(seed_db, lambda r: r.suggestions[0].note == "关闭终端前写的")
    assert review.suggestions[0].note == "关闭终端前写的"
    # ... and then ends: it used to hang for good in Textual's shutdown, waiting to write to
    # the terminal that was gone (a process left behind for every closed window).
    import time

    deadline = time.monotonic() + 10
    while _processes_naming(seed_db) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _processes_naming(seed_db)
    for pid in left:  # (not left behind by a failing test either)
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
    assert not left, f"the app was still running 10 s after its terminal closed: {left}"


def _processes_naming(path) -> list[int]:
    """The processes whose command line names `path` (the app started on that database)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state != b"Z" and os.fsencode(str(path)) in args:
            found.append(int(entry.name))
    return found


def _wait_for_review(db, done, timeout: float = 15.0):
    """tester's review of the first reply, read again until `done(review)` or the timeout."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        with ReviewStore(db, readonly=True) as store:
            review = store.get_review(store.summaries()[0].id, "tester")
        if done(review) or time.monotonic() > deadline:
            return review
        time.sleep(0.1)


def _wait_until_dead(pid: int, timeout: float = 30.0) -> None:
    """Until `pid` has exited (gone, or a zombie: its files, and so its locks, are closed)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still running {timeout} s after SIGKILL")


def test_a_killed_app_keeps_the_note_draft_and_offers_it_back(seed_db):
    """SIGKILL (nothing can be saved then): what was typed more than a moment before is a
    durable draft, and the next session puts it back in the note box."""
    import json
    import signal

    from cppcc_review.tui.drafts import DRAFT_DELAY

    tmux = Tmux(f"cppcc-review-kill-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        _open_note_and_type(tmux, "被杀之前")
        # the draft is on disk (the app wrote it, so `lock` names the app as the last writer); to
        # another process it is the draft of a window still open (store/draft_sessions.py)
        typing = _wait_for_review(seed_db, lambda r: r.notes_elsewhere == {1}, timeout=10 + DRAFT_DELAY)
        assert typing.notes_elsewhere == {1} and typing.note_drafts == {}
        pid = json.loads((seed_db / "lock").read_text(encoding="utf-8"))["pid"]
        assert pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        _wait_until_dead(pid)  # (a process killed in an fsync dies when the fsync returns: its lock until then)
        tmux.kill()
        # Once no process holds the killed window's session file the draft is a leftover; a
        # child the app was starting as it was killed may hold it for a moment (seen under load).
        gone = _wait_for_review(seed_db, lambda r: r.note_drafts == {1: "被杀之前"}, timeout=15)
        assert gone.note_drafts == {1: "被杀之前"}, (gone.note_drafts, gone.notes_elsewhere)
        with ReviewStore(seed_db, lock_timeout=15) as store:
            rid = store.summaries()[0].id
            review = store.get_review(rid, "tester")
            assert review.note_drafts == {1: "被杀之前"} and review.suggestions[0].note == ""
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("沪科提复〔2025〕56号")  # back on the reply being read (its place was written when it opened)
        tmux.wait_for("建议 1/3")
        tmux.wait_for("被杀之前")
        tmux.wait_for("已放回上次未保存的备注草稿")
        tmux.wait_for("已放回上次的备注草稿，尚未保存为备注")  # the status line: a draft, not the note yet
        tmux.keys("Escape")  # saves it as the note and stays on the reply, as after `n`
        tmux.wait_for("已保存")
        _back_to_the_inbox_and_quit(tmux)
    finally:
        tmux.kill()
    with ReviewStore(seed_db, readonly=True) as store:
        review = store.get_review(rid, "tester")
    assert review.suggestions[0].note == "被杀之前" and review.note_drafts == {}


def test_a_killed_app_comes_back_on_the_reply_and_suggestion_being_read(seed_db):
    """kill -9 while reading suggestion 2 of a reply: the next start opens that reply on that
    suggestion. The place was written only when a reply was left, so it came back in the inbox."""
    import json
    import signal
    import time

    from cppcc_review.tui.session_state import load_place

    tmux = Tmux(f"cppcc-review-place-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("Enter")
        tmux.wait_for("建议 1/3")
        tmux.keys("j")
        tmux.wait_for("建议 2/3")
        deadline = time.monotonic() + 15  # the place is written a moment after the move, by a thread
        while (place := load_place(seed_db, "tester")) is None or place.index != 2:
            assert time.monotonic() < deadline, f"the place was not written: {place}"
            time.sleep(0.1)
        assert place.screen == "review"
        pid = json.loads((seed_db / "lock").read_text(encoding="utf-8"))["pid"]
        assert pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        _wait_until_dead(pid)
        tmux.kill()
        tmux.start(app_command(seed_db, "--reviewer", "tester"), app_env())
        tmux.wait_for("建议 2/3")  # on the reply, at the suggestion being read
        _back_to_the_inbox_and_quit(tmux)
    finally:
        tmux.kill()


def test_the_note_mark_shows_when_a_reply_opens_at_80_columns_in_english(seed_db):
    """The side list was first cut to a guessed width (28 cells, the list not laid out yet): the
    ✎ of "◐ partially adopted ✎" was lost on an 80-column screen until the next key."""
    with ReviewStore(seed_db) as store:
        rid = store.summaries()[0].id
        store.set_rating(rid, "tester", 1, Rating.PARTIALLY_ADOPTED)
        store.set_note(rid, "tester", 1, "列了四项")
    tmux = Tmux(f"cppcc-review-mark-{os.getpid()}")
    try:
        tmux.start(app_command(seed_db, "--reviewer", "tester", "--lang", "en"), app_env(), size=(80, 24))
        tmux.wait_for("沪科提复〔2025〕56号")
        tmux.keys("/")
        tmux.wait_for("enter: open")  # the search box
        tmux.keys("-l", "2025")
        tmux.wait_for("search: 2025")
        tmux.keys("Enter")  # opens the match
        screen = tmux.wait_for("Suggestion 2/3")
        screen = tmux.wait_for("partially… ✎")  # (on the first frame or the next: no key pressed)
        assert "✎" in screen
        tmux.keys("q")
        tmux.wait_for("Replies")
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()


def test_a_realistic_session_at_80x24(tmp_path):
    """A reviewer's morning in a real 80x24 terminal: open a reply, rate every suggestion,
    write a note, assess, confirm and go on to the next reply (ctrl+n), rate there, quit;
    start again and land where they left off. Checked on the screen and in the export."""
    import yaml

    from cppcc_review.store.importer import import_paths
    from tests.conftest import seed_file

    db = tmp_path / "db"
    with ReviewStore(db) as store:
        summary = import_paths(store, [seed_file(), REPO / "fixtures" / "005_greenway_cohandler_opinion.txt"])
        assert summary.imported == 2
    tmux = Tmux(f"cppcc-review-session-{os.getpid()}")
    env = app_env()
    try:
        tmux.start(app_command(db, "--reviewer", "tester"), env, size=(80, 24))
        screen = tmux.wait_for("答复列表")
        assert screen.index("京园林会〔2024〕12号") < screen.index("沪科提复〔2025〕56号")  # 文号 order
        tmux.keys("j", "Enter")  # the second row: the seed reply
        screen = tmux.wait_for("建议 1/3")
        assert "沪科提复〔2025〕56号" in screen and "2025-07-10" in screen  # the header keeps the date
        screen = tmux.wait_for("u/^z 撤销")
        footer = [line for line in screen.splitlines() if line.strip()][-1]
        assert footer.startswith("1/a 采纳 2/p 部分采纳 3/e 解释说明 n 备注 u/^z 撤销"), footer  # the keys that matter first
        tmux.keys("1")
        tmux.wait_for("建议 2/3")
        tmux.keys("2")
        tmux.wait_for("建议 3/3")
        tmux.keys("3")
        screen = tmux.wait_for("评定：解释说明")
        tmux.keys("n")
        tmux.wait_for("esc 保存并离开备注")
        tmux.keys("-l", "列了四项")
        tmux.wait_for("列了四项")
        tmux.keys("Escape")
        # The review screen's own keys again: the note has let the focus go (the status line's
        # "已保存" alone may be the draft's, still typing: a key sent then is the note's text).
        tmux.wait_for("q/esc 返回 s 测评")
        screen = tmux.wait_for("已保存")
        assert "编辑中" not in screen
        tmux.keys("s")
        screen = tmux.wait_for("满意度测评  沪科提复〔2025〕56号")
        assert "采纳 1 · 部分采纳 1 · 解释说明 1 · 未评 0" in screen
        tmux.keys("C-n")  # confirm and open the next reply that needs work
        screen = tmux.wait_for("仍然确认完成吗")  # communication was not chosen: asked first
        assert "沟通方式" in screen
        tmux.keys("y")
        screen = tmux.wait_for("会办意见  京园林会〔2024〕12号  提案第1087号  2024-04-02")  # its kind, its number
        assert "建议 1/2" in screen
        tmux.keys("1")
        tmux.wait_for("建议 2/2")
        tmux.keys("C-q")  # quit on the second suggestion of the second reply
        tmux.wait_exit()
        tmux.kill()

        tmux.start(app_command(db, "--reviewer", "tester"), env, size=(80, 24))
        screen = tmux.wait_for("建议 2/2")  # back where it was left
        assert "京园林会〔2024〕12号" in screen and "1 ● 采纳" in screen.replace("▶", " ").replace("  ", " ")
        tmux.keys("q")
        screen = tmux.wait_for("答复列表")
        seed_row = next(line for line in screen.splitlines() if "沪科提复〔2025〕56号" in line)
        assert "3/3" in seed_row and "已完成" in seed_row
        tmux.keys("q")
        tmux.wait_exit()
    finally:
        tmux.kill()

    exported = tmp_path / "tester.yaml"
    code = __import__("cppcc_review.tui.cli", fromlist=["main"]).main(
        ["export", "--reviewer", "tester", "-o", str(exported), "--db", str(db)]
    )
    assert code == 0
    doc = yaml.safe_load(exported.read_text(encoding="utf-8"))
    entries = {e["doc_no"]: e for e in doc["replies"]}
    seed = entries["沪科提复〔2025〕56号"]
    assert [s["rating"] for s in seed["suggestions"]] == ["adopted", "partially_adopted", "explained"]
    assert seed["suggestions"][2]["note"] == "列了四项"
    assert seed["state"] == "done" and seed["assessment"]["result"] == "basically_satisfied"
    greenway = entries["京园林会〔2024〕12号"]
    assert [s["rating"] for s in greenway["suggestions"]] == ["adopted", None]
    assert greenway["state"] == "in_progress"
