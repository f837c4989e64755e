"""Fixing a reply's layout: merging a suggestion with the next one, splitting one at a line.

A mixin of ReviewStore (store/db.py), over ReviewWrites. Ratings are kept under the first
line of their suggestion (store/anchors.py), so a split or a merge leaves every other
suggestion's ratings where they were. What the two suggestions of a merge held is combined
for every reviewer, in the same change (one journal line), so that nobody's work leaves the
view and the merging reviewer's undo gives everyone's back exactly (`merged_record`):

- only one of the two rated (or noted): that record becomes the merged suggestion's;
- both rated alike (or one of them only noted): that rating, the notes joined in order;
- rated differently: no rating (the reviewer decides again), the notes joined and a last
  line saying the two former ratings, so that nothing is lost. The app asks before such a
  merge, naming who rated what (`merge_disagreements`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .anchors import anchors_of
from .clock import now_iso as _now
from .errors import NotFoundError
from .labels import label
from .model import Rating, Reply
from .review_writes import ReviewWrites, _writes, check_layout, compact_rating, full_rating

_FORMER = {
    "zh": "（合并前：第 {i} 条评为“{a}”，第 {j} 条评为“{b}”）",
    "en": "(before the merge: suggestion {i} was rated “{a}”, suggestion {j} “{b}”)",
}


@dataclass(frozen=True)
class MergeDisagreement:
    """A reviewer who rated the two suggestions of a merge differently."""

    reviewer: str
    first: Rating
    second: Rating


def _rating_of(record: dict[str, Any] | None) -> Rating | None:
    value = (record or {}).get("rating")
    try:
        return Rating(value) if value else None
    except ValueError:
        return None


def merged_record(first: dict[str, Any] | None, second: dict[str, Any], index: int, *, now: str,
                  lang: str = "zh") -> dict[str, Any] | None:
    """One reviewer's record of the merged suggestion, from their records of suggestion `index`
    (`first`) and of the next one (`second`); see the module's docstring."""
    if first is None:
        return second
    a, b = full_rating(first), full_rating(second)
    rating_a, rating_b = _rating_of(a), _rating_of(b)
    notes = [n for n in (a.get("note") or "", b.get("note") or "") if n]
    record = {**a, "time": now, "changed": bool(a.get("changed") or b.get("changed")),
              "text_hash": a.get("text_hash") or b.get("text_hash")}
    if rating_a is not None and rating_b is not None and rating_a != rating_b:
        notes.append(_FORMER.get(lang, _FORMER["zh"]).format(i=index, j=index + 1, a=label(rating_a, lang),
                                                           b=label(rating_b, lang)))
        record.update(rating=None, hint_accepted=False)
    else:
        kept = a if rating_a is not None else b
        record.update(rating=kept.get("rating"),
                      hint_accepted=bool(kept.get("hint_accepted")
                                         and (rating_a is None or rating_b is None or b.get("hint_accepted"))))
    record["note"] = "\n".join(notes)
    return compact_rating(record) if record["rating"] or record["note"] else None


class LayoutWrites(ReviewWrites):
    @_writes
    def split_suggestion(self, reply_id: str, reviewer: str, index: int, at_line: int, *,
                         shown: Sequence[Sequence[int]] | None = None) -> Reply:
        """Split suggestion `index` so that a new one starts at `at_line` (an index into reply.lines).

        The first part keeps the suggestion's ratings (every reviewer's); the new part starts
        unrated. `shown`: the layout the reviewer saw (LayoutChangedError when it changed since).
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        ranges = self._current_ranges(reply_id)
        check_layout(reply_id, ranges, shown)
        if not isinstance(index, int) or not 1 <= index <= len(ranges):
            raise NotFoundError(f"reply {reply_id} has no suggestion {index} (it has {len(ranges)})", code="no_suggestion",
                                rid=reply_id, index=index, n=len(ranges))
        start, end = ranges[index - 1]
        if not isinstance(at_line, int) or not start < at_line < end:
            raise NotFoundError(
                f"reply {reply_id}: line {at_line} is not inside suggestion {index} (lines {start + 1}-{end - 1} "
                "can start a new suggestion)", code="split_outside", rid=reply_id, line=at_line, index=index,
                first=start + 1, last=end - 1,
            )
        after = [*ranges[:index - 1], [start, at_line], [at_line, end], *ranges[index:]]
        patches = [{"k": "layout", "before": self._layout(reply_id), "after": after}]
        # A rating left at that line (from an earlier layout) must not resurface.
        for _doc_id, doc in self._review_docs(reply_id):
            stale = (doc.get("ratings") or {}).get(str(at_line))
            if stale is not None:
                patches.append({"k": "rating", "reviewer": doc["reviewer"], "anchor": str(at_line), "before": stale, "after": None})
        self._commit(reply_id, reviewer, "split", index, ranges, after, patches)
        return self.get_reply(reply_id)

    def merge_disagreements(self, reply_id: str, index: int) -> list[MergeDisagreement]:
        """The reviewers who rated suggestion `index` and the next one differently (a merge
        clears their rating and keeps both in their note): what the app asks about first."""
        ranges = self._current_ranges(reply_id)
        if not isinstance(index, int) or not 1 <= index < len(ranges):
            return []
        anchors = anchors_of(ranges)
        out = []
        for _doc_id, doc in self._review_docs(reply_id):
            records = doc.get("ratings") or {}
            first, second = _rating_of(records.get(anchors[index - 1])), _rating_of(records.get(anchors[index]))
            if first is not None and second is not None and first != second:
                out.append(MergeDisagreement(str(doc["reviewer"]), first, second))
        return sorted(out, key=lambda d: d.reviewer)

    def merge_moves(self, reply_id: str, index: int) -> list[str]:
        """The reviewers whose rating or note of suggestion `index + 1` a merge with `index` moves
        onto the merged suggestion (the app names them after the merge)."""
        ranges = self._current_ranges(reply_id)
        if not isinstance(index, int) or not 1 <= index < len(ranges):
            return []
        second = anchors_of(ranges)[index]
        return sorted(str(doc["reviewer"]) for _doc_id, doc in self._review_docs(reply_id)
                      if (doc.get("ratings") or {}).get(second) is not None)

    @_writes
    def merge_suggestion(self, reply_id: str, reviewer: str, index: int, *,
                         shown: Sequence[Sequence[int]] | None = None, lang: str = "zh") -> Reply:
        """Merge suggestion `index` with `index + 1`: every reviewer's records of the two become
        their record of the merged one (`merged_record`; a line about differing ratings in
        `lang`), as one change that the merging reviewer's undo takes back whole.
        `shown`: the layout the reviewer saw (LayoutChangedError when it changed since).
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        ranges = self._current_ranges(reply_id)
        check_layout(reply_id, ranges, shown)
        if not isinstance(index, int) or not 1 <= index < len(ranges):
            raise NotFoundError(
                f"reply {reply_id}: suggestion {index} cannot be merged with the next one (it has {len(ranges)})",
                code="merge_last", rid=reply_id, index=index, n=len(ranges),
            )
        (start, _), (_, next_end) = ranges[index - 1], ranges[index]
        after = [*ranges[:index - 1], [start, next_end], *ranges[index + 1:]]
        patches: list[dict[str, Any]] = [{"k": "layout", "before": self._layout(reply_id), "after": after}]
        anchors = anchors_of(ranges)
        kept, dropped = anchors[index - 1], anchors[index]
        now = _now()
        for _doc_id, doc in self._review_docs(reply_id):
            records = doc.get("ratings") or {}
            first, second = records.get(kept), records.get(dropped)
            if second is None:
                continue  # (the first suggestion's record, if any, stays as it is)
            combined = merged_record(first, second, index, now=now, lang=lang)
            name = doc["reviewer"]
            patches.append({"k": "rating", "reviewer": name, "anchor": dropped, "before": second, "after": None})
            patches.append({"k": "rating", "reviewer": name, "anchor": kept, "before": first, "after": combined})
        self._commit(reply_id, reviewer, "merge", index, ranges, after, patches, now=now)
        return self.get_reply(reply_id)
