"""The first start's sample import runs on a worker thread with its progress shown (samp14).

On main, y to the samples imported all 435 on the app's own thread: no key was answered and
nothing moved for 4-5 s, and a new user who thought the app hung killed it (QA round 14). Now
a dialog says how many are stored while the import goes on; escape hides it (the import goes
on, the inbox lists the samples when it ends), q quits (the import stops after its file, the
marker stays and the next start offers the rest). A batch the disk refuses is said and keeps
the marker (main forgot it and said "all there"). The import is held part way by a gate in its
progress callback, so that what the reviewer sees meanwhile is looked at, not raced."""

from __future__ import annotations

import threading

from textual.widgets import ProgressBar

import cppcc_review.tui.screens.sample_import as sample_import_mod
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotSavedError
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.samples import importing_marker, sample_files
from cppcc_review.tui.screens.confirm import ConfirmScreen
from cppcc_review.tui.screens.inbox import InboxScreen
from cppcc_review.tui.screens.sample_import import SampleImportScreen
from cppcc_review.tui.widgets.reply_list import ReplyList
from tests.helpers.sample_import import sample_import_ended
from tests.helpers.toasts import toasts

from .test_tui import SIZE

HELD_AT = 150  # the import waits after this many files (one batch of 100 stored)
STORED_AT_GATE = 100


class Gate:
    """import_paths' progress held after HELD_AT files until `open()`, or the app stops the import."""

    def __init__(self, monkeypatch, at: int = HELD_AT) -> None:
        self.opened = threading.Event()
        self.reached = threading.Event()
        real = sample_import_mod.import_paths

        def held_import(store, files, on_progress=None, **kwargs):
            def progress(done, total):
                on_progress(done, total)
                if done == at:
                    self.reached.set()
                    job = on_progress.__self__  # (the SampleImport whose count this is)
                    while not self.opened.wait(0.01) and not job.stop.is_set():
                        pass

            return real(store, files, on_progress=progress, **kwargs)

        monkeypatch.setattr(sample_import_mod, "import_paths", held_import)

    async def reached_by(self, pilot) -> None:
        for _ in range(600):  # (a bound, not a timing: the thread reads 150 files)
            if self.reached.is_set():
                break
            await pilot.pause(0.05)
        assert self.reached.is_set()
        await pilot.pause(0.3)  # the app's next look at the count

    def open(self) -> None:
        self.opened.set()


def _count(db) -> int:
    with ReviewStore(db, readonly=True) as store:
        return len(store)


async def test_the_import_shows_its_progress_escape_hides_it_and_the_inbox_holds_every_sample(tmp_path, monkeypatch):
    db = tmp_path / "db"
    total = len(sample_files())
    gate = Gate(monkeypatch)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"导入内置的 {total} 份示例答复" in app.screen.question
        await pilot.press("y")
        await gate.reached_by(pilot)
        assert isinstance(app.screen, SampleImportScreen)  # the app answers, and says how far it is
        # what is stored (one batch of 100), not the files read (QA round 15c: 126 said, 100 kept)
        assert app.screen.said == f"正在导入示例答复：已导入 {STORED_AT_GATE} / {total} 份"
        assert _count(db) == STORED_AT_GATE
        assert importing_marker(db).exists()
        await pilot.press("escape")  # hidden: the import goes on
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert f"示例答复在后台继续导入（已导入 {STORED_AT_GATE} / {total} 份）" in " ".join(toasts(app))
        gate.open()
        await sample_import_ended(pilot, app)
        assert isinstance(app.screen, InboxScreen)
        assert len(app.screen.query_one(ReplyList).rows) == total
        assert f"已导入 {total} 份示例答复" in " ".join(toasts(app))
        await pilot.press("j", "enter")  # the inbox answers keys
        await pilot.pause()
        assert not isinstance(app.screen, InboxScreen)
    assert not importing_marker(db).exists()
    assert _count(db) == total


async def test_the_dialog_closes_itself_when_the_import_ends_in_english(tmp_path):
    db = tmp_path / "db"
    total = len(sample_files())
    app = ReviewApp(db_path=db, reviewer="tester", lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SampleImportScreen)
        assert app.screen.said.startswith("importing the sample replies: ")
        await sample_import_ended(pilot, app)
        assert isinstance(app.screen, InboxScreen)
        assert len(app.screen.query_one(ReplyList).rows) == total
        assert f"imported {total} sample replies" in " ".join(toasts(app))
    assert not importing_marker(db).exists()


async def test_q_while_importing_quits_and_the_next_start_offers_the_rest(tmp_path, monkeypatch):
    db = tmp_path / "db"
    total = len(sample_files())
    gate = Gate(monkeypatch)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await gate.reached_by(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running  # the app quit
    held = _count(db)
    assert 0 < held < total  # (the batches stored before the quit stay)
    assert importing_marker(db).exists()
    gate.open()  # (the next start's import not held)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"数据库里有 {held} 份答复，还缺 {total - held} 份示例" in app.screen.question
        await pilot.press("y")
        await sample_import_ended(pilot, app)
        assert len(app.screen.query_one(ReplyList).rows) == total
    assert not importing_marker(db).exists()


async def test_q_before_the_first_batch_is_stored_says_none_stored_and_the_next_start_says_it_was_cut_short(
        tmp_path, monkeypatch):
    """QA round 15c: q at 55 / 435 (files read) left 0 replies, and the next start said only
    数据库是空的。. The dialog counts what is stored, and the next start says the import was cut short."""
    db = tmp_path / "db"
    total = len(sample_files())
    gate = Gate(monkeypatch, at=55)  # (a batch is 100 files: none stored yet)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await gate.reached_by(pilot)
        assert isinstance(app.screen, SampleImportScreen)
        assert app.screen.said == f"正在导入示例答复：已导入 0 / {total} 份"
        await pilot.press("q")
        await pilot.pause()
    assert _count(db) == 0
    assert importing_marker(db).exists()
    gate.open()
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert question.startswith("上次导入示例答复没有完成，还没有存入任何答复。"), question
        assert f"导入内置的 {total} 份示例答复？" in question
        await pilot.press("y")
        await sample_import_ended(pilot, app)
        assert len(app.screen.query_one(ReplyList).rows) == total
    assert not importing_marker(db).exists()


async def test_a_batch_the_full_disk_refused_is_said_and_the_marker_stays(tmp_path, monkeypatch):
    db = tmp_path / "db"
    total = len(sample_files())
    real = ReviewStore.add_replies
    calls = []

    def add_replies(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the second batch of 100
            raise NotSavedError("not saved: [Errno 28] No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ReviewStore, "add_replies", add_replies)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await sample_import_ended(pilot, app)
        said = " ".join(toasts(app))
        assert "100 份示例答复未能导入" in said and "下次启动时会再次提供" in said, said
        assert app.context.status.text()[1] == "error"
        assert len(app.screen.query_one(ReplyList).rows) == total - 100
    assert importing_marker(db).exists()  # the next start offers the 100


async def test_an_empty_inbox_under_a_hidden_import_says_the_samples_are_coming(tmp_path, monkeypatch):
    """Escape before the first batch is stored: the inbox said 没有答复。按 i 导入… (QA round 14's
    follow-up); it says the samples are being imported, and lists them when they are."""
    db = tmp_path / "db"
    total = len(sample_files())
    gate = Gate(monkeypatch, at=10)  # (a batch is 100 files: none stored yet)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await gate.reached_by(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        listing = app.screen.query_one(ReplyList)
        assert listing.rows == [] and listing.empty_message == "正在后台导入示例答复，导入完成后会列在这里"
        gate.open()
        await sample_import_ended(pilot, app)
        assert len(app.screen.query_one(ReplyList).rows) == total


async def test_q_at_the_last_file_quits_once_the_import_has_ended_and_forgets_the_marker(tmp_path, monkeypatch):
    """mn15: q at 435 / 435, while the last batch and the index were still being written, quit before
    the import's end was noticed: every sample was stored, yet the marker stayed (and the next start
    found nothing missing and removed it). The dialog now says it is stopping, the app waits for the
    import's end, tells it (the marker goes), then quits."""
    db = tmp_path / "db"
    total = len(sample_files())
    held = threading.Event()
    opened = threading.Event()
    real = sample_import_mod.import_paths

    def held_at_the_end(store, files, on_progress=None, **kwargs):
        def progress(done, count):
            on_progress(done, count)
            if done == count:  # every file counted; the last batch and the index not written yet
                held.set()
                opened.wait(30)

        return real(store, files, on_progress=progress, **kwargs)

    monkeypatch.setattr(sample_import_mod, "import_paths", held_at_the_end)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        for _ in range(1200):  # (a bound, not a timing: the thread reads 435 files)
            if held.is_set():
                break
            await pilot.pause(0.05)
        await pilot.pause(0.3)  # the app's next look at the count
        stored = total - total % 100  # (the last batch not written yet: not counted)
        assert isinstance(app.screen, SampleImportScreen) and app.screen.said == f"正在导入示例答复：已导入 {stored} / {total} 份"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, SampleImportScreen), "the app quit before the import's end"
        keys = app.screen.query_one("#sample-import-keys").text.plain
        assert keys == "正在停止导入：正在写入的示例存好后就退出……"
        opened.set()  # the last batch and the index written
        for _ in range(1200):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
        assert app.return_code is not None  # it quit by itself, once the import had ended
    assert not importing_marker(db).exists()
    assert _count(db) == total


async def test_the_bar_moves_to_and_fro_until_the_first_count(tmp_path, monkeypatch):
    """mn15: the bar stood at 0 while the import's helper processes started (a second or two on a
    slow machine): it is indeterminate until the thread's first count, then counts."""
    db = tmp_path / "db"
    total = len(sample_files())
    start = threading.Event()
    real = sample_import_mod.import_paths

    def slow_to_start(store, files, on_progress=None, **kwargs):
        start.wait(30)
        return real(store, files, on_progress=on_progress, **kwargs)

    monkeypatch.setattr(sample_import_mod, "import_paths", slow_to_start)
    gate = Gate(monkeypatch, at=10)
    app = ReviewApp(db_path=db, reviewer="tester")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause(0.3)  # (three looks at the count, none made yet)
        bar = app.screen.query_one(ProgressBar)
        assert isinstance(app.screen, SampleImportScreen) and bar.total is None  # indeterminate
        start.set()
        await gate.reached_by(pilot)
        assert bar.total == total and bar.progress == 0  # (counting what is stored: none yet)
        gate.open()
        await sample_import_ended(pilot, app)
    assert _count(db) == total
