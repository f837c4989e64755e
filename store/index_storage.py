"""gc_paused(): building many objects that stay (the parsed index, the inbox's rows) with
the cyclic garbage collector paused.

(This module held AtomicJSONStorage, the whole-file TinyDB storage of an older release's
`index.json`; nothing has used it since the index went into shards (schema 3).)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that builds many objects that
    stay (parsing the index, building the inbox's rows). They hold no reference cycles, so
    there is nothing for it to find; left on, it would walk every object built so far again
    and again (at 100,000 replies, a large part of opening). Reference counting still frees
    everything as usual, and the collector's previous state comes back after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
