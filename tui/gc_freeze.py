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
