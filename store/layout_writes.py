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
from .database.layout import DRAFTS
from .draft_sessions import draft_key, split_key
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


def _merged(first: dict[str, Any] | None, second: dict[str, Any] | None, index: int, *, now: str,
            lang: str) -> dict[str, Any] | None:
    return first if second is None else merged_record(first, second, index, now=now, lang=lang)


def merged_drafts(drafts: dict[str, str], first: dict[str, Any] | None, second: dict[str, Any] | None,
                  anchors: tuple[str, str], index: int, *, now: str, lang: str) -> dict[str, str] | None:
    """One reviewer's drafts after suggestion `index` (anchor `anchors[0]`, record `first`) is merged
    with the next one (`anchors[1]`, `second`); None when the merge leaves them as they are.

    A draft is the text its window will save over the note. So each session's (store/draft_sessions.py)
    drafts of the two become its draft of the merged suggestion, made as `merged_record` makes the
    merged note, with the drafts in place of the notes they were written over: saved later, it
    replaces the merged note without dropping the other suggestion's note or the former ratings'
    line. One equal to the merged note is no draft (as set_draft). Unsaved text typed for the
    merged-away suggestion is thus on the merged one at once, not hidden under a number that is gone."""
    kept, dropped = anchors
    touched = {key for key in drafts if split_key(key)[0] in anchors}
    if not touched:
        return None
    out = {key: text for key, text in drafts.items() if key not in touched}
    saved = (_merged(first, second, index, now=now, lang=lang) or {}).get("note", "")
    for session in sorted({split_key(key)[1] or "" for key in touched}):
        a, b = drafts.get(draft_key(kept, session)), drafts.get(draft_key(dropped, session))
        ours_first = first if a is None else {**(first or {}), "note": a}
        ours_second = second if b is None else {**(second or {}), "note": b}
        text = (_merged(ours_first, ours_second, index, now=now, lang=lang) or {}).get("note", "")
        if text != saved:
            out[draft_key(kept, session)] = text
    return out


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
            name = doc["reviewer"]
            if second is not None:  # (else the first suggestion's record, if any, stays as it is)
                combined = merged_record(first, second, index, now=now, lang=lang)
                patches.append({"k": "rating", "reviewer": name, "anchor": dropped, "before": second, "after": None})
                patches.append({"k": "rating", "reviewer": name, "anchor": kept, "before": first, "after": combined})
            drafts = merged_drafts(doc.get(DRAFTS) or {}, first, second, (kept, dropped), index, now=now, lang=lang)
            if drafts is not None:  # (drafts are not history: _commit keeps them out of it, undo leaves them)
                patches.append({"k": "drafts", "reviewer": name, "before": None, "after": drafts})
        self._commit(reply_id, reviewer, "merge", index, ranges, after, patches, now=now)
        return self.get_reply(reply_id)
