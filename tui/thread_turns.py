"""How soon a key's thread gets the interpreter back from a busy worker thread.

The app's keys are handled on the main thread, the event loop's. Other threads of the
process run Python now and then: the hint learner's worker (since issue 13 only the fitted
weights it reads back from the fit's child, which reads the ratings and builds the training
rows itself; before, seconds of Python after a reply was first opened), the inbox's full-text
search, an import. CPython lets one thread run Python at a
time; a thread that wants to run waits until the one running has had `sys.getswitchinterval()`
(5 ms by default) before it is asked to let go. A rating key that arrives while a worker
runs therefore waits up to 5 ms before its first line of Python, then again at each turn
(measured at 100,000: docs/performance.md, branch mk12). With a 0.5 ms interval a key waits at
most about that long; the workers' own work is the same, switched more often only while
two threads want to run (a switch costs a few microseconds).

`shorten()` sets the interval while the app runs and `restore()` puts back the one found
(the process may be a test runner or a benchmark that goes on after the app).
"""

from __future__ import annotations

import sys

KEY_SWITCH_INTERVAL = 0.0005  # seconds: the longest a key waits for a busy worker thread, per turn

_saved: float | None = None


def shorten() -> None:
    global _saved
    if _saved is None:
        _saved = sys.getswitchinterval()
    sys.setswitchinterval(KEY_SWITCH_INTERVAL)


def restore() -> None:
    global _saved
    if _saved is not None:
        sys.setswitchinterval(_saved)
        _saved = None
