"""Rating keys typed fast while background work runs (docs/performance.md, branch mk12):
every mark is on disk, in the order typed, undo takes back the last one; the app's shorter
thread switch interval lasts only while it runs; the hint learner's fit runs at the lowest
CPU priority and still answers."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from textual import events

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from cppcc_review.tui import thread_turns
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.screens.review import ReviewScreen

SIZE = (120, 40)


async def test_a_burst_of_rating_keys_while_a_worker_thread_runs_lands_in_order_and_undo_takes_the_last(seed_db):
    with ReviewStore(seed_db, readonly=True) as store:
        rid = store.summaries()[0].id
        total = len(store.get_reply(rid).suggestions)
    assert total >= 3
    before = sys.getswitchinterval()
    stop = threading.Event()

    def busy() -> None:  # a worker thread running Python all along, as the learner's does after a fit
        n = 0
        while not stop.is_set():
            n += 1

    app = ReviewApp(db_path=seed_db, reviewer="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert sys.getswitchinterval() == thread_turns.KEY_SWITCH_INTERVAL
        worker = threading.Thread(target=busy, daemon=True)
        worker.start()
        try:
            # one burst, as a fast typist's: each rating moves on to the next suggestion
            for key in ["1", "2", "3", "u"]:
                app.post_message(events.Key(key, key))
            await pilot.pause(0.3)
        finally:
            stop.set()
            worker.join()
        assert app.screen.view.review.suggestions[2].rating is None  # undone, and the screen says so
    assert sys.getswitchinterval() == before  # the test runner's own again
    with ReviewStore(seed_db) as store:
        ratings = [s.rating for s in store.get_review(rid, "tester").suggestions[:3]]
        assert ratings == [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, None]
        trail = [(c.action, c.index, c.after) for c in store.history(rid) if c.reviewer == "tester"]
        assert [(a, i) for a, i, _ in trail] == [("rate", 1), ("rate", 2), ("rate", 3), ("undo", 3)]
        assert [after for _, _, after in trail[:3]] == ["adopted", "partially_adopted", "explained"]


def test_the_fit_runs_at_the_lowest_cpu_priority_and_still_answers(monkeypatch):
    """The child's own start lowers its priority (a stand-in fit reports the niceness it ran at)."""
    from cppcc_review.store.aids import hint_learner

    stand_in = (
        "import os, sys\n"
        "from cppcc_review.store.aids import learner_fit\n"
        "learner_fit.fit = lambda rows: {'classes': ['adopted'], 'cv_accuracy': 1.0, 'cv_confident': [0, 0], 'ngrams': [], 'idf': [],"
        " 'coef': [[]], 'dense_coef': [[]], 'intercept': [0.0], 'niceness': os.nice(0), 'rows': rows}\n"
        "sys.exit(learner_fit.main())\n"
    )
    monkeypatch.setattr(hint_learner, "fit_command", lambda: [sys.executable, "-c", stand_in])
    rows = {"texts": ["暂不列入计划"], "dense": [[0.0]], "labels": ["explained"], "settings": {}}
    data = hint_learner.fit_in_child(rows)
    assert data is not None
    assert data["niceness"] == 19
    assert data["rows"] == json.loads(json.dumps(rows))


def test_a_fit_whose_app_is_gone_stops_instead_of_running_on():
    """The app closed (or was killed) while its fit computed: the child does not run on as an
    orphan (a stand-in fit that would take 60 s; its parent exits once it is computing)."""
    import os
    import subprocess
    import time

    stand_in = (
        "import sys, time\n"
        "from cppcc_review.store.aids import learner_fit\n"
        "learner_fit.fit = lambda rows: time.sleep(60) or {}\n"
        "sys.exit(learner_fit.main())\n"
    )
    parent = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', {stand_in!r}], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)\n"
        "child.stdin.write(b'{}'); child.stdin.close()\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(1.0)\n"  # (the child has read its rows and is computing)
    )
    out = subprocess.run([sys.executable, "-c", parent], capture_output=True, check=True, timeout=60)
    child = int(out.stdout.split()[0])

    def alive() -> bool:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return False
        stat = Path(f"/proc/{child}/stat")
        return not (stat.exists() and stat.read_text().split(") ")[1].startswith("Z"))

    deadline = time.monotonic() + 15
    while alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    still = alive()
    if still:
        os.kill(child, 9)
    assert not still, "the fit's child ran on after its app was gone"
