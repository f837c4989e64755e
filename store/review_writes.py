"""Writing reviews: ratings, notes, assessments, drafts, split / merge, undo / redo.

A mixin of ReviewStore (store/db.py): every change goes through `_commit`, which applies
its patches to the reply's review table and records the change in the reply's history,
as one journal line, durable before the call returns (inside `batch()`, part of the
batch's line).

Rating records are kept compact: a suggestion's {rating, note, time, hint_accepted,
text_hash, changed} leaves out the values that are the default (no note, not from a
hint, not changed), which SuggestionReview.from_dict fills in again.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum
from typing import Any, Concatenate, ParamSpec, TypeVar

from .anchors import anchors_of
from .assessment_merge import AssessmentSaved, both_kept, confirmed, merged, whole_confirmation_checked
from .atomic import dumps
from .clock import now_iso as _now
from .database.layout import DRAFTS, OPINION_DRAFT, REVIEWS
from .draft_leftovers import DRAFT_INFO, draft_entry, pruned
from .errors import LayoutChangedError, NotFoundError, StoreError
from .model import Assessment, Change, Rating, Review, SuggestionReview
from .review_commit import ReviewCommit, _replace_with

_DEFAULTS = {"note": "", "hint_accepted": False, "changed": False}


_S = TypeVar("_S", bound="ReviewWrites")
_P = ParamSpec("_P")
_T = TypeVar("_T")


def _writes(method: Callable[Concatenate[_S, _P], _T]) -> Callable[Concatenate[_S, _P], _T]:
    """A store method that changes data: it runs under the write lock, after reading what
    other processes wrote since (so it changes the data as it is now). Typed, so that a
    caller still sees the method's own signature and result."""

    @functools.wraps(method)
    def wrapper(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        with self._writing():  # (ReviewStore's, cppcc_review.store.database.sync)
            return method(self, *args, **kwargs)

    return wrapper


def compact_rating(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A rating record without its default values (None stays None)."""
    if record is None:
        return None
    return {k: v for k, v in record.items() if not (k in _DEFAULTS and v == _DEFAULTS[k])}


def compact_assessment(values: dict[str, Any] | None) -> dict[str, Any]:
    """An assessment's stored form: the fields that are set (Assessment.from_dict reads
    the others as unset)."""
    return {k: v for k, v in (values or {}).items() if v is not None and v != ""}


_EMPTY_RATING = SuggestionReview().to_dict()  # (every field at its default: a constant)


def full_rating(record: dict[str, Any] | None) -> dict[str, Any]:
    return {**_EMPTY_RATING, **(record or {})}


class ReviewWrites(ReviewCommit):
    # ---------------------------------------------------------------- writing reviews
    def _anchors_and_hash(self, rid: str, index: int | str,
                          shown: Sequence[Sequence[int]] | None = None) -> tuple[list[str], str]:
        """Every suggestion's anchor, and the text hash of suggestion `index`: from the layout or the
        index entry, without reading the text (an entry from before hashes were kept reads it).
        `shown`: the suggestions' line ranges the caller numbered `index` in (the app's screen);
        LayoutChangedError when the stored ones differ (merged or split elsewhere since)."""
        _, layout = self._layout_doc(rid)
        if layout is not None:
            ranges, hashes = layout["ranges"], layout.get("hashes")
        else:
            entry = self._summary_doc(rid)  # NotFoundError for an unknown reply
            ranges, hashes = entry.get("ranges") or [], entry.get("hashes")
        if not (isinstance(hashes, list) and len(hashes) == len(ranges)):
            reply = self.get_reply(rid)
            ranges = [[s.start, s.end] for s in reply.suggestions]
            hashes = [s.text_hash for s in reply.suggestions]
        check_layout(rid, ranges, shown)
        n = len(ranges)
        if not isinstance(index, int) or not 1 <= index <= n:
            raise NotFoundError(f"reply {rid} has no suggestion {index} (it has {n})", code="no_suggestion", rid=rid,
                                index=index, n=n)
        return anchors_of(ranges), hashes[index - 1]

    def _review_now(self, rid: str, reviewer: str, anchors: list[str]) -> Review:
        """`get_review` after a change that left the layout as it was: the anchors are
        known already (a mark does not look the reply's ranges up a second time)."""
        _, doc = self._review_doc(rid, reviewer)
        return self._make_review(rid, reviewer, doc, anchors)

    @staticmethod
    def _check_reviewer(reviewer: str) -> str:
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise StoreError("a reviewer name is needed: pass --reviewer NAME or set it in the config")
        return reviewer.strip()

    @_writes
    def set_rating(
        self,
        reply_id: str,
        reviewer: str,
        index: int,
        rating: Rating | None,
        *,
        hint_accepted: bool = False,
        note: str | None = None,
        time: str | None = None,
        shown: Sequence[Sequence[int]] | None = None,
    ) -> Review:
        """Rate suggestion `index`; with `note`, also set its note in the same change.

        Rating and note given together are one journal line: after a crash both are
        there or neither is (`cppcc-review rate --note` relies on this). `time` is when
        the judgement was made (default: now); importing another reviewer's export passes
        the exported time so that a round trip keeps it. `shown`: the suggestions' line ranges
        the reviewer saw (the app's screen): refused with LayoutChangedError, nothing stored,
        when the reply's suggestions were merged or split since.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        rating = Rating(rating) if rating is not None else None
        anchors, text_hash = self._anchors_and_hash(reply_id, index, shown)
        anchor = anchors[index - 1]
        _, doc = self._review_doc(reply_id, reviewer)
        old = ((doc or {}).get("ratings") or {}).get(anchor)
        record = full_rating(old)
        now = _now()
        record.update(
            rating=rating.value if rating else None,
            time=time or now,
            hint_accepted=bool(hint_accepted and rating),
            text_hash=text_hash,
            changed=False,
        )
        if note is not None:
            record["note"] = note
        new = compact_rating(record) if record["rating"] or record["note"] else None
        if _same_rating(old, new):
            return self._review_now(reply_id, reviewer, anchors)
        patch = {"k": "rating", "reviewer": reviewer, "anchor": anchor, "before": old, "after": new}
        self._commit(reply_id, reviewer, "rate", index, (old or {}).get("rating"), (new or {}).get("rating"), [patch],
                     now=now)
        return self._review_now(reply_id, reviewer, anchors)

    @_writes
    def set_note(self, reply_id: str, reviewer: str, index: int, note: str, *, time: str | None = None,
                 base: str | None = None, shown: Sequence[Sequence[int]] | None = None) -> Review:
        """Set the note of suggestion `index` (one undoable change); its draft, if any, goes.
        `base`: the note `note` was written over; if another writer changed it since, both are
        kept (`both_kept`), read and decided under the write lock. `shown`: as for `set_rating`
        (LayoutChangedError, nothing stored, when the suggestions were merged or split since)."""
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        note = note or ""
        anchors, text_hash = self._anchors_and_hash(reply_id, index, shown)
        anchor = anchors[index - 1]
        _, doc = self._review_doc(reply_id, reviewer)
        old = ((doc or {}).get("ratings") or {}).get(anchor)
        if base is not None:
            note = both_kept((old or {}).get("note", ""), base, note)
        spent = self._draft_sessions.spent((doc or {}).get(DRAFTS) or {}, anchor, reply_id, reviewer,
                                           whole=note if base is None else None)  # (no base: a ratings file's)
        if (old or {}).get("note", "") == note:
            if spent:
                self.set_draft(reply_id, reviewer, index, None)
            return self.get_review(reply_id, reviewer)
        record = full_rating(old)
        record.update(note=note, time=time or _now())
        if not record.get("text_hash"):
            record["text_hash"] = text_hash
        new = compact_rating(record) if record["rating"] or record["note"] else None
        patch = {"k": "rating", "reviewer": reviewer, "anchor": anchor, "before": old, "after": new, "draft": spent}
        self._commit(reply_id, reviewer, "note", index, (old or {}).get("note", ""), note, [patch])
        return self.get_review(reply_id, reviewer)

    @_writes
    def set_assessment(self, reply_id: str, reviewer: str, assessment: Assessment, *,
                       base: Assessment | None = None, proposed: frozenset[str] = frozenset(),
                       opinion_base: str | None = None, time: str | None = None) -> Review:
        """Set the assessment (one undoable change); the opinion's draft, if any, goes.
        Without `base` the assessment is written whole (a ratings file, `rate`); a confirmed one
        without a required choice is refused (AssessmentRefused, code assessment_incomplete).
        `base`: the stored assessment the writer's form was opened on (or last showed); then only
        what the writer changed since is written, the rest keeps the stored (perhaps another
        writer's newer) value, a choice both changed is this writer's, and an opinion both
        changed keeps both texts (store/assessment_merge.py, decided under the write lock;
        `merge_assessment` also says which choice was replaced). `proposed`: choices the form
        only proposed (not written; a confirmation writes them where none is stored).
        `opinion_base`: without `base`, the opinion the new one was written over; if another
        writer changed it since, both are kept (`both_kept`).
        `time`: when the assessment was made, if not now (importing a ratings file passes the
        file's), kept with the change as `made` (`assessment_time` reads it)."""
        if base is None:
            def whole(stored: Assessment) -> tuple[Assessment, dict[str, Enum]]:
                whole_confirmation_checked(reply_id, assessment, stored)
                if opinion_base is None:
                    return assessment, {}
                return replace(assessment, opinion=both_kept(stored.opinion, opinion_base, assessment.opinion)), {}
            return self._assess(reply_id, reviewer, whole, time, written_whole=True).review
        return self.merge_assessment(reply_id, reviewer, assessment, base=base, proposed=proposed, time=time).review

    @_writes
    def merge_assessment(self, reply_id: str, reviewer: str, assessment: Assessment, *, base: Assessment,
                         proposed: frozenset[str] = frozenset(), time: str | None = None, confirm: bool = False,
                         keep_theirs: frozenset[str] = frozenset()) -> AssessmentSaved:
        """`set_assessment` with `base` (only what the writer changed since `base` is written), and
        the other writer's choices that this writer's own replaced (the app says so).
        `confirm`: this writer confirms the assessment (the reply is then done, at
        `assessment.completed_at`, else now); refused with AssessmentRefused, nothing stored, when a
        required choice would be stored empty or another confirmation with other choices was stored
        since `base` (store/assessment_merge.confirmed), checked under the write lock against the disk.
        `keep_theirs`: choices where another writer's change since `base` stands (the form's undo)."""
        if confirm:
            return self._assess(reply_id, reviewer, lambda stored: confirmed(stored, base, assessment, proposed), time)
        return self._assess(reply_id, reviewer,
                            lambda stored: merged(stored, base, assessment, proposed, keep_theirs), time)

    def _assess(self, reply_id: str, reviewer: str,
                decide: Callable[[Assessment], tuple[Assessment, dict[str, Enum]]],
                time: str | None, *, written_whole: bool = False) -> AssessmentSaved:
        """Store `decide(the stored assessment)` as one change (under the caller's write lock);
        `written_whole`: the opinion's leftover drafts stay unless it holds them (DraftSessions.spent)."""
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        self._summary_doc(reply_id)
        _, doc = self._review_doc(reply_id, reviewer)
        stored = Assessment.from_dict((doc or {}).get("assessment"))
        assessment, replaced = decide(stored)
        old = compact_assessment(stored.to_dict())
        new = compact_assessment(assessment.to_dict())
        spent = self._draft_sessions.spent((doc or {}).get(DRAFTS) or {}, OPINION_DRAFT, reply_id, reviewer,
                                           whole=assessment.opinion if written_whole else None)
        if old == new:
            if spent:
                self.set_draft(reply_id, reviewer, OPINION_DRAFT, None)
            return AssessmentSaved(self.get_review(reply_id, reviewer), replaced)
        patch = {"k": "assessment", "reviewer": reviewer, "before": old, "after": new, "draft": spent}
        self._commit(reply_id, reviewer, "assess", None, old, new, [patch], extra={"made": time} if time else None)
        return AssessmentSaved(self.get_review(reply_id, reviewer), replaced)

    @_writes
    def set_draft(self, reply_id: str, reviewer: str, field: int | str, text: str | None, *,
                  shown: Sequence[Sequence[int]] | None = None) -> Review:
        """Keep what the reviewer is typing, before it becomes a change: the note of
        suggestion `field` (an index), or the assessment's opinion (`field="opinion"`).

        Durable like any change (one fsynced journal line: the reply's review table), but
        not a change: nothing goes into the history or the undo stack, the review's state
        and `updated` stay as they were, and exports leave drafts out. `set_note` /
        `set_assessment` then record the text as one change and drop the draft. `text`
        None, or equal to the saved text, drops the draft. A closed terminal or a kill
        while typing loses at most what was typed since the last call.

        Each open store writes its own draft of a field (store/draft_sessions.py): another
        window's draft of the same note stays, and is not shown here while that window is
        open; a leftover of a session gone that this store's reads showed is replaced.
        `shown`: for a note's draft, as for `set_rating` (LayoutChangedError, nothing stored, when
        the suggestions were merged or split since: the draft would land on another suggestion).
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        doc_id, doc = self._review_doc(reply_id, reviewer)
        if field == OPINION_DRAFT:
            self._summary_doc(reply_id)  # NotFoundError for an unknown reply
            key = OPINION_DRAFT
            saved = Assessment.from_dict((doc or {}).get("assessment")).opinion
        else:
            anchors, _hash = self._anchors_and_hash(reply_id, field, shown)
            key = anchors[field - 1]  # type: ignore[operator]  # (an int: checked there)
            saved = (((doc or {}).get("ratings") or {}).get(key) or {}).get("note", "")
        drafts = dict((doc or {}).get(DRAFTS) or {})
        if text is not None and text != saved:
            self._draft_sessions.own()  # (this store's session file, at its first draft)
        mine = self._draft_sessions.key(key)
        spent = [k for k in self._draft_sessions.spent(drafts, key, reply_id, reviewer) if k != mine]
        info = dict((doc or {}).get(DRAFT_INFO) or {})
        if text is None or text == saved:
            if mine not in drafts and not spent:
                return self.get_review(reply_id, reviewer)
            drafts.pop(mine, None)
        else:
            if drafts.get(mine) == text and not spent:
                return self.get_review(reply_id, reviewer)
            drafts[mine] = str(text)  # with when, and over which saved text (store/draft_leftovers.py)
            info[mine] = draft_entry(saved, _now(), info.get(mine) if mine in (doc or {}).get(DRAFTS, {}) else None)
        for k in spent:
            del drafts[k]
        info = pruned(info, drafts)
        new = json.loads(dumps(doc)) if doc else {
            "type": "review",
            "reviewer": reviewer,
            "ratings": {},
            "assessment": {},
            "updated": None,
        }
        if drafts:
            new[DRAFTS] = drafts
        else:
            new.pop(DRAFTS, None)
        if info:
            new[DRAFT_INFO] = info
        else:
            new.pop(DRAFT_INFO, None)
        with self._transaction(reply_id):
            table = self._rdb.table(REVIEWS + reply_id)
            if doc_id is None:
                table.insert(new)
                self._note_reviewer(reviewer)
            else:
                table.update(_replace_with(new), doc_ids=[int(doc_id)])
        return self.get_review(reply_id, reviewer)

    def next_undo(self, reviewer: str) -> Change | None:
        """The change `undo` would take back now (None: nothing); nothing is written. The app asks
        before an undo reaches a reply other than the one on screen."""
        stack = self._undo.get(reviewer)
        return stack[-1] if stack else None

    def next_redo(self, reviewer: str) -> Change | None:
        """The change `redo` would make again now (None: nothing); nothing is written."""
        stack = self._redo.get(reviewer)
        return stack[-1] if stack else None

    @_writes
    def undo(self, reviewer: str) -> Change | None:
        """Undo `reviewer`'s newest change of this session; returns that change (or None)."""
        return self._undo_redo(reviewer, self._undo, self._redo, "before", "undo")

    @_writes
    def redo(self, reviewer: str) -> Change | None:
        """Redo the change `undo` took back most recently; returns that change (or None)."""
        return self._undo_redo(reviewer, self._redo, self._undo, "after", "redo")


def check_layout(rid: str, stored: Sequence[Sequence[int]], shown: Sequence[Sequence[int]] | None) -> None:
    """Refuse (LayoutChangedError) a change made against `shown`, a layout of the reply's
    suggestions that is not the `stored` one any more; None: the caller numbers by the stored one."""
    if shown is not None and [list(r) for r in shown] != [list(r) for r in stored]:
        raise LayoutChangedError(
            f"reply {rid}: its suggestions were merged or split elsewhere ({len(shown)} shown, "
            f"{len(stored)} now); nothing was saved", code="layout_changed", rid=rid, shown=len(shown),
            stored=len(stored))


def _same_rating(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    if old is None or new is None:
        return old is None and new is None
    keys = ("rating", "note", "hint_accepted", "changed", "text_hash")
    a, b = full_rating(old), full_rating(new)
    return all(a.get(k) == b.get(k) for k in keys)


def full_patches(change: dict[str, Any]) -> list[dict[str, Any]]:
    """A history entry's patches as the change applied them (see stored_patches)."""
    out = []
    for patch in change.get("patches") or []:
        p = dict(patch)
        p.setdefault("reviewer", change.get("reviewer"))
        p.setdefault("before", None)
        after = p.get("after")
        if p.get("k") == "rating" and isinstance(after, dict) and "time" not in after:
            p["after"] = {**after, "time": change.get("time")}
        out.append(p)
    return out


