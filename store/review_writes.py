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
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Callable, Iterator

from tinydb import TinyDB

from store.anchors import anchors_of
from store.atomic import dumps
from store.errors import NotFoundError, StoreError
from store.model import Assessment, Change, Rating, Reply, Review, SuggestionReview

META_TABLE = "_meta"
REVIEWS = "r:"
HISTORY = "h:"
DRAFTS = "drafts"
OPINION_DRAFT = "opinion"
_DEFAULTS = {"note": "", "hint_accepted": False, "changed": False}


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _writes(method):
    """A store method that changes data: it runs under the write lock, after reading what
    other processes wrote since (so it changes the data as it is now)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._writing():
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


def full_rating(record: dict[str, Any] | None) -> dict[str, Any]:
    return {**SuggestionReview().to_dict(), **(record or {})}


class ReviewWrites:
    # ---------------------------------------------------------------- writing reviews
    def _suggestion(self, rid: str, index: int) -> tuple[str, str]:
        """(anchor, text hash) of suggestion `index`: from the layout or the index entry,
        without reading the text (an entry from before hashes were kept reads it)."""
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
        n = len(ranges)
        if not isinstance(index, int) or not 1 <= index <= n:
            raise NotFoundError(f"reply {rid} has no suggestion {index} (it has {n})")
        return anchors_of(ranges)[index - 1], hashes[index - 1]

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
    ) -> Review:
        """Rate suggestion `index`; with `note`, also set its note in the same change.

        Rating and note given together are one journal line: after a crash both are
        there or neither is (`cppcc-review rate --note` relies on this). `time` is when
        the judgement was made (default: now); importing another reviewer's export passes
        the exported time so that a round trip keeps it.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        rating = Rating(rating) if rating is not None else None
        anchor, text_hash = self._suggestion(reply_id, index)
        _, doc = self._review_doc(reply_id, reviewer)
        old = ((doc or {}).get("ratings") or {}).get(anchor)
        new = full_rating(old)
        new.update(
            rating=rating.value if rating else None,
            time=time or _now(),
            hint_accepted=bool(hint_accepted and rating),
            text_hash=text_hash,
            changed=False,
        )
        if note is not None:
            new["note"] = note
        new = compact_rating(new) if new["rating"] or new["note"] else None
        if _same_rating(old, new):
            return self.get_review(reply_id, reviewer)
        patch = {"k": "rating", "reviewer": reviewer, "anchor": anchor, "before": old, "after": new}
        self._commit(reply_id, reviewer, "rate", index, (old or {}).get("rating"), (new or {}).get("rating"), [patch])
        return self.get_review(reply_id, reviewer)

    @_writes
    def set_note(self, reply_id: str, reviewer: str, index: int, note: str, *, time: str | None = None) -> Review:
        """Set the note of suggestion `index` (one undoable change); its draft, if any, goes."""
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        note = note or ""
        anchor, text_hash = self._suggestion(reply_id, index)
        _, doc = self._review_doc(reply_id, reviewer)
        old = ((doc or {}).get("ratings") or {}).get(anchor)
        if (old or {}).get("note", "") == note:
            if anchor in ((doc or {}).get(DRAFTS) or {}):
                self.set_draft(reply_id, reviewer, index, None)
            return self.get_review(reply_id, reviewer)
        new = full_rating(old)
        new.update(note=note, time=time or _now())
        if not new.get("text_hash"):
            new["text_hash"] = text_hash
        new = compact_rating(new) if new["rating"] or new["note"] else None
        patch = {"k": "rating", "reviewer": reviewer, "anchor": anchor, "before": old, "after": new, "draft": anchor}
        self._commit(reply_id, reviewer, "note", index, (old or {}).get("note", ""), note, [patch])
        return self.get_review(reply_id, reviewer)

    @_writes
    def set_assessment(self, reply_id: str, reviewer: str, assessment: Assessment) -> Review:
        """Set the assessment (one undoable change); the opinion's draft, if any, goes."""
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        self._summary_doc(reply_id)
        _, doc = self._review_doc(reply_id, reviewer)
        old = compact_assessment(Assessment.from_dict((doc or {}).get("assessment")).to_dict())
        new = compact_assessment(assessment.to_dict())
        if old == new:
            if OPINION_DRAFT in ((doc or {}).get(DRAFTS) or {}):
                self.set_draft(reply_id, reviewer, OPINION_DRAFT, None)
            return self.get_review(reply_id, reviewer)
        patch = {"k": "assessment", "reviewer": reviewer, "before": old, "after": new}
        self._commit(reply_id, reviewer, "assess", None, old, new, [patch])
        return self.get_review(reply_id, reviewer)

    @_writes
    def set_draft(self, reply_id: str, reviewer: str, field: int | str, text: str | None) -> Review:
        """Keep what the reviewer is typing, before it becomes a change: the note of
        suggestion `field` (an index), or the assessment's opinion (`field="opinion"`).

        Durable like any change (one fsynced journal line: the reply's review table), but
        not a change: nothing goes into the history or the undo stack, the review's state
        and `updated` stay as they were, and exports leave drafts out. `set_note` /
        `set_assessment` then record the text as one change and drop the draft. `text`
        None, or equal to the saved text, drops the draft. A closed terminal or a kill
        while typing loses at most what was typed since the last call.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        doc_id, doc = self._review_doc(reply_id, reviewer)
        if field == OPINION_DRAFT:
            self._summary_doc(reply_id)  # NotFoundError for an unknown reply
            key = OPINION_DRAFT
            saved = Assessment.from_dict((doc or {}).get("assessment")).opinion
        else:
            key, _hash = self._suggestion(reply_id, field)
            saved = (((doc or {}).get("ratings") or {}).get(key) or {}).get("note", "")
        drafts = dict((doc or {}).get(DRAFTS) or {})
        if text is None or text == saved:
            if key not in drafts:
                return self.get_review(reply_id, reviewer)
            del drafts[key]
        else:
            if drafts.get(key) == text:
                return self.get_review(reply_id, reviewer)
            drafts[key] = str(text)
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
        with self._transaction(reply_id):
            table = self._rdb.table(REVIEWS + reply_id)
            if doc_id is None:
                table.insert(new)
                self._note_reviewer(reviewer)
            else:
                table.update(_replace_with(new), doc_ids=[int(doc_id)])
        return self.get_review(reply_id, reviewer)

    @_writes
    def split_suggestion(self, reply_id: str, reviewer: str, index: int, at_line: int) -> Reply:
        """Split suggestion `index` so that a new one starts at `at_line` (an index into reply.lines).

        The first part keeps the suggestion's ratings; the new part starts unrated.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        ranges = self._current_ranges(reply_id)
        if not isinstance(index, int) or not 1 <= index <= len(ranges):
            raise NotFoundError(f"reply {reply_id} has no suggestion {index} (it has {len(ranges)})")
        start, end = ranges[index - 1]
        if not isinstance(at_line, int) or not start < at_line < end:
            raise NotFoundError(
                f"reply {reply_id}: line {at_line} is not inside suggestion {index} (lines {start + 1}-{end - 1} "
                "can start a new suggestion)"
            )
        after = ranges[: index - 1] + [[start, at_line], [at_line, end]] + ranges[index:]
        patches = [{"k": "layout", "before": self._layout(reply_id), "after": after}]
        # A rating left at that line (from an earlier layout) must not resurface.
        for _doc_id, doc in self._review_docs(reply_id):
            stale = (doc.get("ratings") or {}).get(str(at_line))
            if stale is not None:
                patches.append({"k": "rating", "reviewer": doc["reviewer"], "anchor": str(at_line), "before": stale, "after": None})
        self._commit(reply_id, reviewer, "split", index, ranges, after, patches)
        return self.get_reply(reply_id)

    @_writes
    def merge_suggestion(self, reply_id: str, reviewer: str, index: int) -> Reply:
        """Merge suggestion `index` with `index + 1`; the merged one keeps `index`'s ratings.

        Ratings of `index + 1` (every reviewer's) leave the view; the change's history
        keeps them and undo brings them back.
        """
        self._writable()
        reviewer = self._check_reviewer(reviewer)
        ranges = self._current_ranges(reply_id)
        if not isinstance(index, int) or not 1 <= index < len(ranges):
            raise NotFoundError(
                f"reply {reply_id}: suggestion {index} cannot be merged with the next one (it has {len(ranges)})"
            )
        (start, _), (next_start, next_end) = ranges[index - 1], ranges[index]
        after = ranges[: index - 1] + [[start, next_end]] + ranges[index + 1 :]
        patches: list[dict[str, Any]] = [{"k": "layout", "before": self._layout(reply_id), "after": after}]
        dropped = anchors_of(ranges)[index]
        for _doc_id, doc in self._review_docs(reply_id):
            gone = (doc.get("ratings") or {}).get(dropped)
            if gone is not None:
                patches.append({"k": "rating", "reviewer": doc["reviewer"], "anchor": dropped, "before": gone, "after": None})
        self._commit(reply_id, reviewer, "merge", index, ranges, after, patches)
        return self.get_reply(reply_id)

    def _current_ranges(self, rid: str) -> list[list[int]]:
        return [[s.start, s.end] for s in self.get_reply(rid).suggestions]

    @_writes
    def undo(self, reviewer: str) -> Change | None:
        """Undo `reviewer`'s newest change of this session; returns that change (or None)."""
        return self._undo_redo(reviewer, self._undo, self._redo, "before", "undo")

    @_writes
    def redo(self, reviewer: str) -> Change | None:
        """Redo the change `undo` took back most recently; returns that change (or None)."""
        return self._undo_redo(reviewer, self._redo, self._undo, "after", "redo")

    def _undo_redo(self, reviewer, source, target, side, action) -> Change | None:
        self._writable()
        stack = source.get(reviewer)
        if not stack:
            return None
        change = stack[-1]
        patches = self._patches[change.seq]
        if side == "before":  # apply in reverse, with before and after swapped
            applied = [{**p, "before": p["after"], "after": p["before"]} for p in reversed(patches)]
            before, after = change.after, change.before
        else:
            applied = patches
            before, after = change.before, change.after
        self._commit(change.reply_id, reviewer, action, change.index, before, after, applied, undoable=False,
                     extra={"of": change.seq})
        stack.pop()
        target.setdefault(reviewer, []).append(change)
        return change

    # ---------------------------------------------------------------- the one write path
    @contextmanager
    def _transaction(self, rid: str) -> Iterator[None]:
        name = REVIEWS + rid
        try:
            # The history table is not declared: its new document goes in by append().
            with self._jstore.transaction(name, META_TABLE):
                yield
        except BaseException:
            # Memory went back to the saved state; TinyDB's tables (which cache the next
            # document id) must follow.
            self._rdb = TinyDB(storage=lambda: self._jstore)
            self._reply_cache.pop(rid, None)
            raise
        self._saved()

    def _meta_doc(self) -> dict[str, Any]:
        return dict((self._jstore.read().load(META_TABLE) or {}).get("1") or {})

    def _set_meta(self, **values: Any) -> None:
        """Change the `_meta` document (the change counter, the reviewers' names); the
        caller is inside a transaction that declares META_TABLE."""
        meta = self._rdb.table(META_TABLE)
        doc = {**self._meta_doc(), **values}
        if len(meta):
            meta.update(_replace_with(doc), doc_ids=[1])
        else:
            meta.insert(doc)

    def _note_reviewer(self, reviewer: str) -> None:
        """Keep `reviewer` in `_meta`'s list of reviewers (so reviewers() reads no shard)."""
        meta = self._meta_doc()
        names = meta.get("reviewers")
        if isinstance(names, list) and reviewer not in names:
            self._jstore.include(META_TABLE)
            self._set_meta(reviewers=sorted({*names, reviewer}))
        elif names is None and not self._jstore.read().load(META_TABLE):
            self._jstore.include(META_TABLE)
            self._set_meta(reviewers=[reviewer])

    def _commit(self, rid, reviewer, action, index, before, after, patches, *, undoable=True, extra=None,
                index_entry=None) -> Change:
        """Apply `patches` and record the change, as one journal line (durable on return;
        inside `batch()`, part of the batch's line). `index_entry`: the reply's new index
        entry, carried by the same line (a re-import)."""
        with self._writing():  # callers hold it already (@_writes); a new caller gets it here
            return self._commit_locked(rid, reviewer, action, index, before, after, patches, undoable=undoable,
                                       extra=extra, index_entry=index_entry)

    def _commit_locked(self, rid, reviewer, action, index, before, after, patches, *, undoable, extra,
                       index_entry) -> Change:
        now = _now()
        with self._transaction(rid):
            if index_entry is not None:
                self._jstore.set_index_entry(rid, index_entry)
            self._apply(rid, reviewer, patches, now)
            meta = self._meta_doc()
            # The seq is also the id of the change's document in h:<id>: never reuse one there
            # (restore keeps the counter ahead of the history; this covers what is in memory).
            seq = max(int(meta.get("seq", 0)), self._jstore.last_known_id(HISTORY + rid)) + 1
            self._set_meta(seq=seq)
            change = Change(seq, now, reviewer, rid, action, index, before, after)
            doc = {**_change_doc(change, patches), "patches": stored_patches(patches, reviewer, now)}
            if extra:
                doc.update(extra)
            # The seq is the document's id: unique, so the append need not load history.json.
            self._jstore.append(HISTORY + rid, json.loads(dumps(doc)), doc_id=str(seq))
        if any(p["k"] == "layout" for p in patches):
            self._reply_cache.pop(rid, None)
        if undoable:
            saved_patches = json.loads(dumps(patches))

            def remember() -> None:
                self._patches[seq] = saved_patches
                self._undo.setdefault(reviewer, []).append(change)
                self._redo.pop(reviewer, None)

            if self._batch_done is not None:
                self._batch_done.append(remember)  # once the batch's line is written
            else:
                remember()
        self._rescan([rid])
        if self._batch_done is None and not self._jstore.in_transaction:
            self._fold_after_change()  # a long session's journal is folded as it grows (a few prefixes)
        return change

    def _apply(self, rid: str, reviewer: str, patches: list[dict[str, Any]], now: str) -> None:
        table = self._rdb.table(REVIEWS + rid)
        for patch in patches:
            kind, value = patch["k"], patch["after"]
            if kind == "layout":
                doc_id, _ = self._layout_doc(rid)
                if value is None:
                    if doc_id is not None:
                        table.remove(doc_ids=[int(doc_id)])
                    continue
                doc = {"type": "layout", "ranges": [list(r) for r in value], "by": reviewer, "time": now}
                # The new suggestions' headings and text hashes, so that exports and ratings
                # read no text.
                built = self._layout_suggestions(rid, doc["ranges"])
                if built is not None:
                    doc["headings"] = [s.heading for s in built]
                    doc["hashes"] = [s.text_hash for s in built]
            else:
                doc_id, old = self._review_doc(rid, patch["reviewer"])
                doc = json.loads(dumps(old)) if old else {
                    "type": "review",
                    "reviewer": patch["reviewer"],
                    "ratings": {},
                    "assessment": {},
                    "updated": None,
                }
                if old is None:
                    self._note_reviewer(patch["reviewer"])
                if kind == "rating":
                    if value is None:
                        doc["ratings"].pop(patch["anchor"], None)
                    else:
                        doc["ratings"][patch["anchor"]] = dict(value)
                    if patch.get("draft"):  # a note saved: its draft is done with
                        _drop_draft(doc, patch["draft"])
                elif kind == "ratings":
                    doc["ratings"] = json.loads(dumps(value))
                elif kind == "assessment":
                    doc["assessment"] = dict(value)
                    _drop_draft(doc, OPINION_DRAFT)
                else:
                    raise ValueError(f"unknown patch kind {kind!r}")
                doc["updated"] = now
            if doc_id is None:
                table.insert(doc)
            else:
                # remove + insert-with-id replaces the whole document (update() would merge keys).
                table.update(_replace_with(doc), doc_ids=[int(doc_id)])

    def _layout_suggestions(self, rid: str, ranges: list[list[int]]):
        """The suggestions `ranges` make of the reply's text (None if it cannot be read)."""
        from store.parse_sections import build_suggestion

        cached = self._reply_cache.get(rid)  # the same lines (a layout changes suggestions only)
        try:
            lines = cached.lines if cached is not None else self._read_reply_file(rid).lines
        except StoreError:
            return None
        return [build_suggestion(lines, start, end, i) for i, (start, end) in enumerate(ranges, start=1)]


def _replace_with(doc: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def transform(current: dict[str, Any]) -> None:
        if current is not doc:
            current.clear()
            current.update(doc)

    return transform


def _drop_draft(doc: dict[str, Any], key: str) -> None:
    drafts = doc.get(DRAFTS)
    if drafts and key in drafts:
        drafts = {k: v for k, v in drafts.items() if k != key}
        if drafts:
            doc[DRAFTS] = drafts
        else:
            del doc[DRAFTS]


def _same_rating(old: dict | None, new: dict | None) -> bool:
    if old is None or new is None:
        return old is None and new is None
    keys = ("rating", "note", "hint_accepted", "changed", "text_hash")
    a, b = full_rating(old), full_rating(new)
    return all(a.get(k) == b.get(k) for k in keys)


def _change_doc(change: Change, patches: list[dict[str, Any]]) -> dict[str, Any]:
    """A change as stored in h:<id>, under its number (the table names the reply, the id
    says the number). `before` / `after` are left out when its one patch says them (a rating, a note, an assessment:
    `change_values` reads them back)."""
    doc = {
        "time": change.time,
        "reviewer": change.reviewer,
        "action": change.action,
        "index": change.index,
        "before": change.before,
        "after": change.after,
    }
    derived = change_values({k: v for k, v in doc.items() if k not in ("before", "after")}, patches)
    if derived == (change.before, change.after) and derived != (None, None):
        del doc["before"], doc["after"]
    return doc


def stored_patches(patches: list[dict[str, Any]], reviewer: str, time: str) -> list[dict[str, Any]]:
    """The patches as a change's history entry keeps them: without what the change itself
    says (its reviewer, its time in a rating it sets) or what only memory needs (a draft
    to drop). `full_patches` gives them back whole."""
    out = []
    for patch in patches:
        p = {k: v for k, v in patch.items()
             if k != "draft" and not (k == "reviewer" and v == reviewer) and not (k == "before" and v is None)}
        after = p.get("after")
        if p.get("k") == "rating" and isinstance(after, dict) and after.get("time") == time:
            p["after"] = {k: v for k, v in after.items() if k != "time"}
        out.append(p)
    return out


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


def change_values(doc: dict[str, Any], patches: list[dict[str, Any]] | None = None) -> tuple[Any, Any]:
    """A stored change's (before, after): as stored, or from its one patch."""
    if "before" in doc or "after" in doc:
        return doc.get("before"), doc.get("after")
    patches = doc.get("patches") if patches is None else patches
    action = doc.get("action")
    if not patches or len(patches) != 1:
        return None, None
    patch = patches[0]
    if action == "rate" and patch.get("k") == "rating":
        return (patch.get("before") or {}).get("rating"), (patch.get("after") or {}).get("rating")
    if action == "note" and patch.get("k") == "rating":
        return (patch.get("before") or {}).get("note", ""), (patch.get("after") or {}).get("note", "")
    if action == "assess" and patch.get("k") == "assessment":
        return patch.get("before"), patch.get("after")
    return None, None
