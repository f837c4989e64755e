"""What other processes wrote while the app is open, read once a second.

Writers take turns per write (store/lock.py), so the command line (`cppcc-review rate`,
`import`, `import-ratings`) and a second app write while this one is open. ReviewApp asks
`changes_elsewhere` every STORE_POLL_SECONDS: ReviewStore.refresh costs two stats when
nothing changed, and with `wait=0` it never waits for a writer in the middle of a write
(nothing now; the next tick looks again), so no key press waits for it. The same tick
folds a little of a grown journal into the shards (ReviewStore.maintain).
"""

from __future__ import annotations

from ..store.errors import StoreError
from .context import ReviewContext
from .logs import logger
from .safe_text import display_text

LOG = logger("store_poll")
STORE_POLL_SECONDS = 1.0


def changes_elsewhere(ctx: ReviewContext) -> frozenset[str]:
    """The replies other processes changed since the last look (their reviews, layout or
    index entry; new replies too); empty when none did. A database that cannot be read
    any more is said in the status line (and logged once, not every second)."""
    try:
        changed = ctx.store.refresh(wait=0)
        # Between keys, a little of the journal goes into the store's shards when it has
        # grown (cppcc_review.store.fold, about 20 ms, never waiting for another writer): compaction
        # off the reviewer's path, so that a mark never has to fold on its way.
        if not ctx.status.editing:
            ctx.store.maintain()
    except StoreError as exc:
        message = display_text(str(exc), single_line=True)
        if message != ctx.status.error:
            LOG.warning("reading what other processes wrote failed", exc_info=True)
        ctx.status.set_error(message)
        return frozenset()
    if changed:
        LOG.debug("other processes changed %d replies", len(changed))
    return frozenset(changed)
