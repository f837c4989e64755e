"""Reading reviews: one reviewer's review of a reply, everyone's, the change history, and
progress over every reply (the review tables scanned once, then kept up to date reply by
reply: cppcc_review.store.review_scan). A part of ReviewStore (cppcc_review.store.db)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .. import summary
from ..draft_leftovers import DRAFT_INFO
from ..errors import NotFoundError
from ..model import CONSENSUS, Assessment, Change, Progress, Review, ReviewState, SuggestionReview
from ..review_scan import progress_of, review_tables, scan
from ..undo_guard import last_relayout
from .layout import (
    DRAFTS,
    HISTORY,
    META_TABLE,
    OPINION_DRAFT,
    REVIEWS,
    anchors,
    change_from_doc,
)
from .parts import StoreParts


class ReviewReads(StoreParts):
    # ---------------------------------------------------------------- review tables (raw reads)
    def _raw_table(self, rid: str) -> dict[str, dict[str, Any]]:
        return self._jstore.read().load(REVIEWS + rid) or {}

    def _history_table(self, rid: str) -> dict[str, dict[str, Any]]:
        return self._jstore.history_table(HISTORY + rid)

    def _review_docs(self, rid: str) -> list[tuple[str, dict[str, Any]]]:
        return [(k, d) for k, d in self._raw_table(rid).items() if d.get("type") == "review"]

    def _review_doc(self, rid: str, reviewer: str) -> tuple[str | None, dict[str, Any] | None]:
        for doc_id, doc in self._raw_table(rid).items():
            if doc.get("type") == "review" and doc.get("reviewer") == reviewer:
                return doc_id, doc
        return None, None

    def _layout_doc(self, rid: str) -> tuple[str | None, dict[str, Any] | None]:
        for doc_id, doc in self._raw_table(rid).items():
            if doc.get("type") == "layout":
                return doc_id, doc
        return None, None

    def _layout(self, rid: str) -> list[list[int]] | None:
        _, doc = self._layout_doc(rid)
        return [list(r) for r in doc["ranges"]] if doc else None

    def _ranges(self, rid: str) -> list[list[int]]:
        layout = self._layout(rid)
        if layout is not None:
            return layout
        return [list(r) for r in self._summary_doc(rid).get("ranges") or []]

    def suggestion_ranges(self, reply_id: str) -> list[list[int]]:
        """The suggestions' [start, end) line ranges, split / merge applied."""
        return self._ranges(reply_id)

    def _make_review(self, rid: str, reviewer: str, doc: dict[str, Any] | None, anchors: list[str]) -> Review:
        if doc is None:
            return Review(reply_id=rid, reviewer=reviewer, suggestions=[SuggestionReview() for _ in anchors])
        ratings = doc.get("ratings") or {}
        assessment = Assessment.from_dict(doc.get("assessment"))
        def saved(field: str) -> str:  # (asked only for a field whose leftover drafts are shown)
            if field == OPINION_DRAFT:
                return assessment.opinion
            return str((ratings.get(field) or {}).get("note") or "") if field in anchors else ""

        drafts, elsewhere, joined = self._draft_sessions.sort(doc.get(DRAFTS) or {}, rid, reviewer, saved,
                                                              doc.get(DRAFT_INFO))
        return Review(
            reply_id=rid,
            reviewer=reviewer,
            suggestions=[SuggestionReview.from_dict(ratings[a]) if a in ratings else SuggestionReview() for a in anchors],
            assessment=assessment,
            updated=doc.get("updated"),
            note_drafts={i: drafts[a] for i, a in enumerate(anchors, 1) if a in drafts},
            opinion_draft=drafts.get(OPINION_DRAFT),
            drafts_joined=frozenset(i for i, a in enumerate(anchors, 1) if a in joined)
            | ({OPINION_DRAFT} if OPINION_DRAFT in joined else frozenset()),
            notes_elsewhere=frozenset(i for i, a in enumerate(anchors, 1) if a in elsewhere),
            opinion_elsewhere=OPINION_DRAFT in elsewhere,
        )

    # ---------------------------------------------------------------- reading reviews
    def get_review(self, reply_id: str, reviewer: str) -> Review:
        keys = anchors(self._ranges(reply_id))
        _, doc = self._review_doc(reply_id, reviewer)
        return self._make_review(reply_id, reviewer, doc, keys)

    def reviews_of(self, reply_id: str) -> list[Review]:
        keys = anchors(self._ranges(reply_id))
        docs = sorted(self._review_docs(reply_id), key=lambda item: item[1].get("reviewer", ""))
        return [self._make_review(reply_id, d["reviewer"], d, keys) for _, d in docs]

    def review_tables(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(reply id, review table) of every reply that has one (a pass over every shard)."""
        return review_tables(self._shard_uncached, self._jstore)

    def reviewers(self) -> list[str]:
        meta = self._jstore.read().load(META_TABLE) or {}
        names = (meta.get("1") or {}).get("reviewers")
        if isinstance(names, list):
            return sorted(set(names))
        self._ensure_scan()
        return sorted(self._scans.reviewers or ())

    def history(self, reply_id: str) -> list[Change]:
        from ..schema import is_change

        docs = sorted((int(k), d) for k, d in self._history_table(reply_id).items() if is_change(d))
        return [change_from_doc(d, reply_id, seq) for seq, d in docs]

    def last_layout_change(self, reply_id: str) -> tuple[str, str | None] | None:
        """What last changed the reply's suggestions, as the history keeps it: ("merge", None),
        ("split", None), or ("undo" / "redo", the action taken back or done again); None when
        nothing did (or the history does not say). Another window tells its reviewer what
        happened by this, not by the number of suggestions (an undone merge is no split)."""
        history = self._history_table(reply_id)
        doc = last_relayout(history)
        if doc is None:
            return None
        action = str(doc.get("action"))
        if action in ("undo", "redo"):
            of = history.get(str(doc.get("of")))
            return action, str(of.get("action")) if isinstance(of, dict) else None
        return action, None

    def assessment_time(self, reply_id: str, reviewer: str) -> str | None:
        """When `reviewer`'s assessment of the reply was last changed, as the history keeps it:
        the newest change of theirs that set it (an assessment, or its undo / redo), at the
        time the assessment was made (`made`: an imported one carries its file's time), else
        at the change's own time; without any such change, its `completed_at` (or None)."""
        from ..schema import is_change

        history = self._history_table(reply_id)
        for _seq, doc in sorted(((int(k), d) for k, d in history.items() if is_change(d)), reverse=True):
            own = doc.get("reviewer")
            patches = doc.get("patches") or []
            if any(isinstance(p, dict) and p.get("k") == "assessment" and p.get("reviewer", own) == reviewer
                   for p in patches):
                made = doc.get("made")
                return made if isinstance(made, str) and made else doc.get("time")
        return self.get_review(reply_id, reviewer).assessment.completed_at

    def suggestion_change_times(self, reply_id: str, reviewer: str) -> list[str | None]:
        """When `reviewer`'s rating or note of each suggestion (in order) was last changed, as
        the history keeps it (the newest change of theirs to it, an undo or redo included), or
        None; one pass over the reply's history. A rating and note cleared leave no record, so
        no `time` of their own: this is how importing an older export tells that the clearing
        is newer than the file's rating."""
        from ..schema import is_change

        keys = anchors(self._ranges(reply_id))  # (the layout alone: no text read, none needed)
        times: dict[str, str | None] = {}
        history = self._history_table(reply_id)
        for _seq, doc in sorted(((int(k), d) for k, d in history.items() if is_change(d)), reverse=True):
            own, time = doc.get("reviewer"), doc.get("time")
            for p in doc.get("patches") or []:
                anchor = p.get("anchor") if isinstance(p, dict) and p.get("k") == "rating" else None
                if isinstance(anchor, str) and anchor not in times and p.get("reviewer", own) == reviewer:
                    times[anchor] = time if isinstance(time, str) else None
        return [times.get(anchor) for anchor in keys]

    def _ensure_scan(self, reviewer: str | None = None) -> None:
        scans = self._scans
        need = (scans.others is None or scans.reviewers is None
                or (reviewer is not None and reviewer not in scans.progress))
        if not need:
            self._settle_scans()
            return
        scans.stale.clear()  # the scan below reads every table as it is now
        wanted = sorted(set(scans.progress) | ({reviewer} if reviewer else set()))
        at = summary.RANGES
        rows = {row[0]: row for row in self._summary_rows()}

        def tables() -> Iterator[tuple[str, dict[str, Any]]]:
            # each reply under its summary row's id object: the scans' dicts key 100,000
            # replies by the strings the rows already hold, not by copies cut from table names
            for rid, table in self.review_tables():
                row = rows.get(rid)
                yield (row[0] if row is not None else rid), table

        def ranges_of(rid: str) -> list[list[int]] | None:
            row = rows.get(rid)
            if row is None:
                return None
            ranges = summary.unpack_ranges(row[at])
            if ranges is None:  # an index entry written before ranges were kept
                return list(self._summary_doc(rid).get("ranges") or [])
            return ranges

        progress, others, changed, names = scan(tables(), ranges_of, wanted)
        scans.progress, scans.others, scans.reviewers = progress, others, names
        scans.changed = {r: changed.get(r, set()) for r in set(changed) | set(wanted)}

    def _rescan(self, ids: Iterable[str]) -> None:
        """Replies whose review table changed: their scans' results are brought up to date
        when a result is next read (`_settle_scans`), not now: a mark is durable and
        returns without waiting for it (~0.1 ms of a ~2 ms mark), and the inbox asks for
        the reply's progress once the mark is saved."""
        if not self._scans.empty:
            self._scans.stale.update(ids)

    def _settle_scans(self) -> None:
        """Bring the scans' results up to date for the replies changed since they were read
        (every reader of `_scans` calls this first)."""
        stale = self._scans.stale
        if not stale:
            return
        ids = list(stale)
        stale.clear()
        for rid in ids:
            try:
                ranges = self._summary_doc(rid).get("ranges")
            except NotFoundError:
                continue
            table = self._jstore.read().load(REVIEWS + rid)
            self._scans.update(rid, ranges, table)

    def progress(self, reviewer: str) -> dict[str, Progress]:
        """reply id -> Progress for every reply (no text is read; the review tables are
        scanned once, then kept up to date reply by reply).

        Progress is immutable, so the replies nobody reviewed share one object per count
        of suggestions."""
        self._ensure_scan(reviewer)
        mine = self._scans.progress.get(reviewer, {})
        out: dict[str, Progress] = {}
        untouched: dict[int, Progress] = {}
        for row in self._summary_rows():
            rid = row[0]
            p = mine.get(rid)
            if p is None:
                packed = row[summary.RANGES]
                n = summary.count_of(packed) if packed is not None else int(self._summary_doc(rid).get("n_suggestions") or 0)
                p = untouched.get(n)
                if p is None:
                    p = untouched[n] = Progress(0, n, ReviewState.UNREVIEWED)
            out[rid] = p
        return out

    def reviewers_progress(self) -> dict[str, dict[str, Progress]]:
        """reply id -> {reviewer: Progress} for each reviewer who touched the reply (rated,
        noted or assessed something)."""
        self._ensure_scan()
        return {rid: dict(pairs) for rid, pairs in (self._scans.others or {}).items()}

    def others_progress(self, reviewer: str) -> dict[str, dict[str, Progress]]:
        """`reviewers_progress()` without `reviewer`, and only for the replies someone else
        touched: what the inbox's 同事 / Others column shows (empty when nobody else
        reviews, instead of one dict for each of 100,000 replies). A settled dispute's
        record (CONSENSUS) is a decision, not a colleague: left out."""
        self._ensure_scan()
        out: dict[str, dict[str, Progress]] = {}
        for rid, pairs in (self._scans.others or {}).items():
            theirs = {name: p for name, p in pairs if name not in (reviewer, CONSENSUS)}
            if theirs:
                out[rid] = theirs
        return out

    def changed_after_rating(self, reviewer: str) -> set[str]:
        """Ids of the replies where a rating of `reviewer`'s was given to a text that has
        changed since (a re-import; SuggestionReview.changed)."""
        self._ensure_scan(reviewer)
        return set(self._scans.changed.get(reviewer, set()))

    def progress_of(self, reviewer: str, reply_id: str) -> Progress:
        """One reply's entry of `progress(reviewer)` (the inbox asks for the rows it shows first)."""
        self._settle_scans()
        mine = self._scans.progress.get(reviewer)
        if mine is not None:
            p = mine.get(reply_id)
            if p is not None:
                return p
        ranges = self._head_ranges.get(reply_id)
        if ranges is None:
            ranges = self._summary_doc(reply_id).get("ranges")
        table = self._raw_table(reply_id)
        layout = any(d.get("type") == "layout" for d in table.values())
        if layout or reply_id not in self._head_ranges:
            ranges = self._ranges(reply_id)
        return progress_of(ranges, table, reviewer, {})
