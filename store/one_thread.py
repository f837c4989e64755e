"""One thread at a time inside a ReviewStore.

A store's state in memory is plain dicts and lists that its reads fill as they go: the shard
and reply caches, the journal's lazy replay (a table decoded when first read), the index's
overlay, the progress scans. Two threads in them at once could see a table half replaced or
lose a cache entry under the other's feet. The write lock (cppcc_review.store.lock) keeps one
writer at a time, across processes and this process's threads, but a read from a cache takes
no lock.

The app folds the journal into the shards on a worker thread while the reviewer pauses
(ReviewStore.maintain, from cppcc_review.tui.store_poll), so that a key pressed meanwhile is
not kept waiting for the fold's fsyncs. So every public method of ReviewStore holds the
store's `_in_use` lock (re-entrant: a method calling another holds it once) for the call, and
an iterator it returns for each chunk of CHUNK items it yields: a call from the app's thread
during a fold waits for the fold to end (a write would wait for its lock anyway), and a fold
never starts while another thread is inside the store. `maintain` and `refresh` take the lock
themselves: `maintain` only when it is free at once (a fold is never worth a wait), `refresh`
within its own `wait` (the app's poll with wait=0 looks again at its next tick).
`batch()` and `bulk()` (context managers) are left as they are: a batch holds the write lock,
which a fold needs too, and its changes go through the store's methods.

Uncontended, the lock costs a fraction of a microsecond a call.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

CHUNK = 256  # items an iterator of the store yields per hold of the lock

T = TypeVar("T")

# Public methods that take the lock themselves, or need none: context managers (see above), and
# fold_due, which reads two sizes (the app asks it every second, also while an import's thread
# is inside the store for seconds).
OWN_LOCKING = frozenset({"maintain", "refresh", "batch", "bulk", "fold_due"})
DUNDERS = frozenset({"__len__", "__contains__"})


def one_thread_at_a_time(cls: type[T]) -> type[T]:
    """Wrap every public method of `cls` (and len(), `in`) to hold `self._in_use` while it runs."""
    for name in dir(cls):
        if (name.startswith("_") and name not in DUNDERS) or name in OWN_LOCKING:
            continue
        method = inspect.getattr_static(cls, name)
        if inspect.isfunction(method):  # (not properties, static methods or plain values)
            setattr(cls, name, _held(method))
    return cls


def _held(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def held(self: Any, *args: Any, **kwargs: Any) -> Any:
        lock: threading.RLock = self._in_use
        with lock:
            result = method(self, *args, **kwargs)
        if inspect.isgenerator(result):
            return _held_steps(lock, result)
        return result

    return held


def _held_steps(lock: threading.RLock, steps: Iterator[Any]) -> Iterator[Any]:
    """`steps`, CHUNK items computed at a time with `lock` held (a per-item hold would cost
    more than the item on a pass over 100,000 replies)."""
    while True:
        with lock:
            chunk = list(itertools.islice(steps, CHUNK))
        yield from chunk
        if len(chunk) < CHUNK:
            return
