"""Keeping the app's long-lived data out of the cyclic garbage collector's walks.

At 100,000 replies the store's index, the reviews and the inbox's rows are millions of
objects that live as long as the app; the collector would walk them again at each full
collection, a large part of start-up and a pause now and then later. `freeze()` moves
every object alive now out of its reach (`gc.freeze`), once the store is open and again
once the inbox's rows exist; reference counting still frees them as usual, only cycles
among them wait until `unfreeze()` hands them back when the app ends (an app built but
never run keeps them frozen: memory only, no data is involved).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from ..store.index_storage import gc_paused

_frozen = False


def freeze() -> None:
    global _frozen
    gc.freeze()
    _frozen = True


def unfreeze() -> None:
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False


@contextmanager
def paused() -> Iterator[None]:
    """No collection while a worker thread makes hundreds of thousands of objects that live on (a
    large reply's highlights: cppcc_review.tui.screens.review_reading), then those objects frozen
    (`freeze`): a full collection triggered by them walked the whole heap holding the interpreter
    lock, 0.1-0.2 s at a time, which the app's keys waited for."""
    with gc_paused():  # (the store's pause; the objects frozen before the collector is back)
        try:
            yield
        finally:
            freeze()
