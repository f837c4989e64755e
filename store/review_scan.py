"""Reading every review at once: progress, who reviewed what, ratings of changed texts.

`ReviewStore.progress(reviewer)` and its kin look at every reply's review table. At
100,000 replies these tables live in 256 shards (cppcc_review.store.shards); a scan decodes each
shard once, lets the journal's tables win over the shard's, and keeps only the result
(a `Progress` per reply), not the tables: the app stays within its memory at that size.
The results are kept per store and updated for the replies that change (the store's
own writes, or what `refresh()` reads), so the next scan is not needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from . import shard_format, shards
from .anchors import anchors_of
from .journal import JournalStorage
from .model import Progress, ReviewState

REVIEWS = "r:"


def progress_of(ranges: list | None, table: dict[str, Any] | None, reviewer: str,
                untouched: dict[int, Progress]) -> Progress:
    """A reply's Progress for `reviewer` from its suggestions' ranges and its review table;
    `untouched` shares the unreviewed ones (one per count of suggestions)."""
    ranges = ranges or []
    review = None
    if table:
        for d in table.values():
            kind = d.get("type")
            if kind == "layout":
                ranges = d["ranges"]
            elif kind == "review" and d.get("reviewer") == reviewer:
                review = d
    if review is None:
        n = len(ranges)
        plain = untouched.get(n)
        if plain is None:
            plain = untouched[n] = Progress(0, n, ReviewState.UNREVIEWED)
        return plain
    ratings = review.get("ratings") or {}
    anchors = anchors_of(ranges)
    rated = 0
    noted = False
    for a in anchors:
        r = ratings.get(a)
        if r:
            if r.get("rating"):
                rated += 1
            if r.get("note"):
                noted = True
    assessment = review.get("assessment") or {}
    if assessment.get("completed_at"):
        state = ReviewState.DONE
    elif rated or noted or any(v for k, v in assessment.items() if k != "completed_at"):
        state = ReviewState.IN_PROGRESS
    else:
        state = ReviewState.UNREVIEWED
    return shared_progress(rated, len(anchors), state)


_PROGRESS: dict[tuple[int, int, ReviewState], Progress] = {}


def shared_progress(rated: int, total: int, state: ReviewState) -> Progress:
    """The one Progress object for these values (Progress is immutable): 100,000 reviewed
    replies hold a few hundred distinct values, not 100,000 objects."""
    key = (rated, total, state)
    p = _PROGRESS.get(key)
    if p is None:
        if len(_PROGRESS) >= 100_000:  # (a bound no real database reaches)
            _PROGRESS.clear()
        p = _PROGRESS[key] = Progress(rated, total, state)
    return p


def review_tables(read: Callable[[str], bytes | None], journal: JournalStorage) -> Iterator[tuple[str, dict[str, Any]]]:
    """(reply id, review table) of every reply that has one: shard by shard, the journal's
    tables winning (a table the journal removed is left out)."""
    journal.force_tables()  # every table's newest line decoded (the journal is read lazily)
    data = journal.read()
    by_part: dict[str, list[str]] = {}
    for name in journal.journal_tables:
        if name.startswith(REVIEWS):
            by_part.setdefault(shards.part_of_table(name), []).append(name)
    for part in shards.PREFIXES:
        raw = read(shards.key("reviews", part))
        tables = shard_format.decode(raw) if raw else {}
        for name in by_part.get(part, ()):
            if dict.__contains__(data, name):
                tables[name] = dict.get(data, name)
            else:
                tables.pop(name, None)
        for name, table in tables.items():
            if table and name.startswith(REVIEWS):
                yield name[len(REVIEWS):], table


class ReviewScans:
    """Per-store results of whole-database scans, kept up to date reply by reply."""

    def __init__(self) -> None:
        self.progress: dict[str, dict[str, Progress]] = {}  # reviewer -> reply id -> Progress (replies with a table)
        # reply id -> ((reviewer, Progress), ...) by name, the same tuple object for equal values
        # (most replies of an archive share a handful: one reviewer, done, n suggestions)
        self.others: dict[str, tuple[tuple[str, Progress], ...]] | None = None
        self.changed: dict[str, set[str]] = {}  # reviewer -> replies with a rating of a changed text
        self.reviewers: set[str] | None = None
        # Replies whose review table changed since the results above were brought up to
        # date (a change only notes its reply here; the next read of a result settles it:
        # ReviewReads._settle_scans).
        self.stale: set[str] = set()

    def clear(self) -> None:
        ReviewScans.__init__(self)

    @property
    def empty(self) -> bool:
        return not self.progress and self.others is None and not self.changed and self.reviewers is None

    def update(self, rid: str, ranges: list | None, table: dict[str, Any] | None) -> None:
        """Reply `rid`'s review table is now `table` (None: it has none)."""
        for reviewer, progress in self.progress.items():
            if table:
                progress[rid] = progress_of(ranges, table, reviewer, {})
            else:
                progress.pop(rid, None)
        docs = [d for d in (table or {}).values() if d.get("type") == "review"]
        if self.others is not None:
            mine = {}
            for d in docs:
                p = progress_of(ranges, table, d.get("reviewer"), {})
                if p.state != ReviewState.UNREVIEWED:
                    mine[d["reviewer"]] = p
            if mine:
                self.others[rid] = shared_pairs(mine)
            else:
                self.others.pop(rid, None)
        for reviewer, ids in self.changed.items():
            if any(d.get("reviewer") == reviewer and _has_changed(d) for d in docs):
                ids.add(rid)
            else:
                ids.discard(rid)
        if self.reviewers is not None:
            self.reviewers.update(d["reviewer"] for d in docs if isinstance(d.get("reviewer"), str))


def _has_changed(doc: dict[str, Any]) -> bool:
    return any((r or {}).get("changed") for r in (doc.get("ratings") or {}).values())


_PAIRS: dict[tuple[tuple[str, Progress], ...], tuple[tuple[str, Progress], ...]] = {}


def shared_pairs(by_reviewer: dict[str, Progress]) -> tuple[tuple[str, Progress], ...]:
    """{reviewer: Progress} as the one tuple of (reviewer, Progress) pairs, by name, kept for
    these values (see `shared_progress`)."""
    pairs = tuple(sorted(by_reviewer.items()))
    kept = _PAIRS.get(pairs)
    if kept is None:
        if len(_PAIRS) >= 100_000:
            _PAIRS.clear()
        kept = _PAIRS[pairs] = pairs
    return kept


def scan(tables: Iterator[tuple[str, dict[str, Any]]], ranges_of: Callable[[str], list | None],
         reviewers: list[str]) -> tuple[dict[str, dict[str, Progress]], dict[str, tuple[tuple[str, Progress], ...]],
                                        dict[str, set[str]], set[str]]:
    """One pass over every review table: (progress of each of `reviewers`, everyone's
    progress, replies with ratings of a changed text per reviewer, every reviewer's name)."""
    progress: dict[str, dict[str, Progress]] = {r: {} for r in reviewers}  # replies with a review table
    others: dict[str, tuple[tuple[str, Progress], ...]] = {}
    changed: dict[str, set[str]] = {}
    names: set[str] = set()
    untouched: dict[int, Progress] = {}
    for rid, table in tables:
        ranges = ranges_of(rid)
        if ranges is None:
            continue  # an orphan table (check reports it)
        for reviewer, mine in progress.items():
            mine[rid] = progress_of(ranges, table, reviewer, untouched)
        touched: dict[str, Progress] = {}
        for d in table.values():
            if d.get("type") != "review":
                continue
            reviewer = d.get("reviewer")
            names.add(reviewer)
            p = progress_of(ranges, table, reviewer, untouched)
            if p.state != ReviewState.UNREVIEWED:
                touched[reviewer] = p
            if _has_changed(d):
                changed.setdefault(reviewer, set()).add(rid)
        if touched:
            others[rid] = shared_pairs(touched)
    return progress, others, changed, names
