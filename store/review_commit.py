"""How a review change is committed (a part of ReviewStore, under cppcc_review.store.review_writes):
its patches applied to the reply's review table and recorded in the reply's history, as
one journal line (or part of a batch's line), with the undo / redo entries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

from tinydb import TinyDB

from .atomic import dumps
from .clock import now_iso as _now
from .database.layout import DRAFTS, HISTORY, META_TABLE, OPINION_DRAFT, REVIEWS, change_values
from .database.parts import StoreParts
from .draft_leftovers import DRAFT_INFO, pruned
from .errors import StoreError
from .model import Change, Suggestion
from .undo_guard import (
    UndoOvertakenError,
    changed_since,
    patch_value_now,
    records_at,
    relaid_since,
    same,
    touched_anchors,
)


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def transform(current: MutableMapping[str, Any]) -> None:
        if current is not doc:
            current.clear()
            current.update(doc)

    return transform


def _drop_drafts(doc: dict[str, Any], keys: str | list[str] | None) -> None:
    """Drop the drafts `keys` (a patch's "draft": the keys DraftSessions.spent gave; one
    key in a patch made before drafts named their session)."""
    spent = {keys} if isinstance(keys, str) else set(keys or ())
    drafts = doc.get(DRAFTS)
    if drafts and spent & drafts.keys():
        drafts = {k: v for k, v in drafts.items() if k not in spent}
        if drafts:
            doc[DRAFTS] = drafts
        else:
            del doc[DRAFTS]
        _prune_info(doc, drafts)


def _prune_info(doc: dict[str, Any], drafts: dict[str, str], before: dict[str, str] | None = None) -> None:
    """The drafts' info (store/draft_leftovers.py) without the entries of drafts gone, or (`before`:
    the drafts a merge replaced) of drafts whose text changed: a merged draft was typed over no one
    saved text (taken as typed over the text saved now)."""
    if DRAFT_INFO not in doc:
        return
    info = {k: v for k, v in pruned(doc[DRAFT_INFO], drafts).items()
            if before is None or before.get(k) == drafts.get(k)}
    if info:
        doc[DRAFT_INFO] = info
    else:
        del doc[DRAFT_INFO]


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
    to drop, a merge's drafts: drafts are no history). `full_patches` gives them back whole."""
    out = []
    for patch in patches:
        if patch["k"] == "drafts":
            continue
        p = {k: v for k, v in patch.items()
             if k != "draft" and not (k == "reviewer" and v == reviewer) and not (k == "before" and v is None)}
        after = p.get("after")
        if p.get("k") == "rating" and isinstance(after, dict) and after.get("time") == time:
            p["after"] = {k: v for k, v in after.items() if k != "time"}
        out.append(p)
    return out




def _check_not_relaid(change: Change, by: str | None) -> None:
    """Refuse (`undo_relaid`) an undo or redo of `change` when `by` merged or split the reply's suggestions
    since (None: nobody did)."""
    if by is not None:
        raise UndoOvertakenError(
            f"reply {change.reply_id}: not undone: its suggestions were merged or split again since (by {by}); "
            f"taking back this {change.action} would overwrite that; nothing was changed, and this step can no "
            "longer be undone or redone", code="undo_relaid", rid=change.reply_id, action=change.action,
            index=change.index or "", who=by)


def _new_review_doc(reviewer: str) -> dict[str, Any]:
    return {"type": "review", "reviewer": reviewer, "ratings": {}, "assessment": {}, "updated": None}


def _patched(old: dict[str, Any] | None, patch: dict[str, Any], now: str) -> dict[str, Any]:
    """The review document a rating / ratings / assessment `patch` makes of `old`: a new
    object. `old` and the records the two share are not changed: a table's documents are
    replaced whole, never edited in place (so a copy of the top level and of the ratings is
    enough, not a deep copy)."""
    if old is None:
        doc = _new_review_doc(patch["reviewer"])
    else:
        doc = dict(old)
        if isinstance(doc.get("ratings"), dict):
            doc["ratings"] = dict(doc["ratings"])
    kind, value = patch["k"], patch["after"]
    if kind == "drafts":  # (a merge's drafts: not a change of the review, whose `updated` stays)
        before = dict(doc.get(DRAFTS) or {})
        if value:
            doc[DRAFTS] = dict(value)
        else:
            doc.pop(DRAFTS, None)
        _prune_info(doc, dict(value or {}), before)
        return doc
    if kind == "rating":
        if value is None:
            doc["ratings"].pop(patch["anchor"], None)
        else:
            doc["ratings"][patch["anchor"]] = dict(value)
        _drop_drafts(doc, patch.get("draft"))  # a note saved: its drafts are done with
    elif kind == "ratings":
        doc["ratings"] = json.loads(dumps(value))
    elif kind == "assessment":
        doc["assessment"] = dict(value)
        _drop_drafts(doc, patch.get("draft", [OPINION_DRAFT]))
    else:
        raise ValueError(f"unknown patch kind {kind!r}")
    doc["updated"] = now
    return doc


class ReviewCommit(StoreParts):
    def _current_ranges(self, rid: str) -> list[list[int]]:
        return [[s.start, s.end] for s in self.get_reply(rid).suggestions]

    def _undo_redo(self, reviewer: str, source: dict[str, list[Change]], target: dict[str, list[Change]],
                   side: str, action: str) -> Change | None:
        self._writable()
        stack = source.get(reviewer)
        if not stack:
            return None
        change = stack[-1]
        # (a merge's drafts stay where the merge put them: a draft typed since is never put back
        # to what it was, and none is hidden again under a suggestion number the merge took away)
        patches = [p for p in self._patches[change.seq] if p["k"] != "drafts"]
        try:
            self._check_not_overtaken(change, patches, "after" if side == "before" else "before", reviewer)
        except UndoOvertakenError:
            # It can never be taken back without overwriting that work: off the stack, so that the
            # next undo reaches the change before it (the refusal says so).
            self._forget_changes([stack.pop()])
            raise
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
        if change.seq in self._layout_left:  # what the next redo / undo of it must find
            self._layout_left[change.seq] = self._records_touched(change)
        return change

    def _forget_changes(self, changes: list[Change]) -> None:
        """`changes` can no longer be undone or redone (off their stack): what was kept to do it goes
        from memory too (their patches, a merge's or split's records), not kept to the session's end."""
        for change in changes:
            self._patches.pop(change.seq, None)
            self._layout_left.pop(change.seq, None)

    def _records_touched(self, change: Change) -> dict[str, dict[str, Any]]:
        """Every reviewer's records of the suggestions a merge or split `change` made or unmade."""
        return records_at(self._review_docs(change.reply_id), touched_anchors(change.before, change.after))

    def _check_not_overtaken(self, change: Change, patches: list[dict[str, Any]], expected: str,
                             reviewer: str) -> None:
        """Refuse (UndoOvertakenError, store/undo_guard.py) an undo or redo of `change` when what it
        would write over is no longer the patches' `expected` side (another writer changed it since),
        or, for a merge or split, when any reviewer's records of the suggestions it made changed."""
        rid = change.reply_id
        own: set[str] = set()
        others: set[str] = set()
        for patch in patches:
            if patch["k"] == "layout":  # (the suggestions as the change saw and left them: the change's own values)
                if not same(self._current_ranges(rid), change.after if expected == "after" else change.before):
                    _check_not_relaid(change, str((self._layout_doc(rid)[1] or {}).get("by") or "?"))
                continue
            who = patch.get("reviewer") or change.reviewer
            _doc_id, doc = self._review_doc(rid, who)
            if not same(patch_value_now(patch, doc), patch[expected]):
                (own if who == reviewer else others).add(who)
        left = self._layout_left.get(change.seq)
        if left is not None:
            for who in changed_since(left, self._records_touched(change)):
                (own if who == reviewer else others).add(who)
        elif own or others:  # (a record moved by a merge or split made since: say that, and who made it)
            _check_not_relaid(change, relaid_since(self._jstore.history_table(HISTORY + rid), change.seq))
        if others:
            names = sorted(others | own)
            raise UndoOvertakenError(
                f"reply {rid}: not undone: {', '.join(names)} changed what this {change.action} changed since; "
                "taking it back would overwrite that later work; nothing was changed, and this step can no "
                "longer be undone or redone", code="undo_overtaken", rid=rid, action=change.action,
                index=change.index or "", who="、".join(names))
        if own:
            raise UndoOvertakenError(
                f"reply {rid}: not undone: what this {change.action} changed was changed again since, in another "
                "window or with the command line; taking it back would overwrite that later change; nothing "
                "was changed, and this step can no longer be undone or redone", code="undo_overtaken_own", rid=rid,
                action=change.action, index=change.index or "", who=reviewer)

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

    def _commit(self, rid: str, reviewer: str, action: str, index: int | None, before: Any, after: Any,
                patches: list[dict[str, Any]], *, undoable: bool = True, extra: dict[str, Any] | None = None,
                index_entry: dict[str, Any] | None = None, now: str | None = None) -> Change:
        """Apply `patches` and record the change, as one journal line (durable on return;
        inside `batch()`, part of the batch's line). `index_entry`: the reply's new index
        entry, carried by the same line (a re-import). `now`: the change's time (default:
        the clock's, read here)."""
        with self._writing():  # callers hold it already (@_writes); a new caller gets it here
            return self._commit_locked(rid, reviewer, action, index, before, after, patches, undoable=undoable,
                                       extra=extra, index_entry=index_entry, now=now)

    def _commit_locked(self, rid: str, reviewer: str, action: str, index: int | None, before: Any, after: Any,
                       patches: list[dict[str, Any]], *, undoable: bool, extra: dict[str, Any] | None,
                       index_entry: dict[str, Any] | None, now: str | None = None) -> Change:
        now = now or _now()
        direct = self._line_first(rid, patches, index_entry)
        if direct is not None:
            change = self._commit_line_first(rid, reviewer, action, index, before, after, patches[0], now, extra,
                                             *direct)
        else:
            change = self._commit_in_place(rid, reviewer, action, index, before, after, patches, now, extra,
                                           index_entry)
        if undoable:
            # Kept for undo as they are: nothing edits a patch or its records once made
            # (undo and redo build new patches; _patched copies what it stores).
            saved_patches = patches

            # A merge's or split's reach is wider than its patches: what every reviewer holds of the
            # suggestions it made, which its undo must find unchanged (store/undo_guard.py).
            left = self._records_touched(change) if action in ("merge", "split") else None

            def remember() -> None:
                self._patches[change.seq] = saved_patches
                if left is not None:
                    self._layout_left[change.seq] = left
                self._undo.setdefault(reviewer, []).append(change)
                self._forget_changes(self._redo.pop(reviewer, []))  # (a new change: no redo past it)

            if self._batch_done is not None:
                self._batch_done.append(remember)  # once the batch's line is written
            else:
                remember()
        self._rescan([rid])
        if self._batch_done is None and not self._jstore.in_transaction:
            self._fold_after_change()  # a long session's journal is folded as it grows (a few prefixes)
        return change

    def _line_first(self, rid: str, patches: list[dict[str, Any]], index_entry: dict[str, Any] | None
                    ) -> tuple[dict[str, Any], str, dict[str, Any], dict[str, Any]] | None:
        """(review table, the patched document's id, that document, the `_meta` table) when
        the change can be written before memory is touched (`_commit_line_first`): one
        rating or assessment patch on a reviewer's existing review, outside a batch or
        transaction, `_meta` in place; else None (`_commit_in_place`)."""
        if (len(patches) != 1 or index_entry is not None or self._batch_done is not None
                or self._jstore.in_transaction or patches[0]["k"] not in ("rating", "assessment")):
            return None
        tables = self._jstore.read()
        table = tables.load(REVIEWS + rid)
        meta = tables.load(META_TABLE)
        if table is None or meta is None or not isinstance(meta.get("1"), dict) or len(meta) != 1:
            return None
        doc_id, doc = self._review_doc(rid, patches[0]["reviewer"])
        if doc_id is None or doc is None:
            return None
        return table, doc_id, doc, meta

    def _commit_line_first(self, rid: str, reviewer: str, action: str, index: int | None, before: Any, after: Any,
                           patch: dict[str, Any], now: str, extra: dict[str, Any] | None, table: dict[str, Any],
                           doc_id: str, doc: dict[str, Any], meta: dict[str, Any]) -> Change:
        """A mark's write (one patch on an existing review): the review table's and
        `_meta`'s new versions are built as new objects beside the current ones, written as
        one fsynced journal line, and only then put in memory (JournalStorage.commit_tables).
        The same line `_commit_in_place` writes, without its snapshot of the tables for a
        roll-back, TinyDB's update of each table or the JSON round trips: ~0.2 ms of a
        mark's ~1 ms before its fsync."""
        new_table = dict(table)
        new_table[doc_id] = _patched(doc, patch, now)
        meta_doc = meta["1"]
        seq = max(int(meta_doc.get("seq", 0)), self._jstore.last_known_id(HISTORY + rid)) + 1
        change = Change(seq, now, reviewer, rid, action, index, before, after)
        history = {**_change_doc(change, [patch]), "patches": stored_patches([patch], reviewer, now)}
        if extra:
            history.update(extra)
        # (no JSON round trip: a rating or assessment patch holds only JSON's own types)
        self._jstore.commit_tables({REVIEWS + rid: new_table, META_TABLE: {"1": {**meta_doc, "seq": seq}}},
                                   {HISTORY + rid: {str(seq): history}})
        self._saved()
        return change

    def _commit_in_place(self, rid: str, reviewer: str, action: str, index: int | None, before: Any, after: Any,
                         patches: list[dict[str, Any]], now: str, extra: dict[str, Any] | None,
                         index_entry: dict[str, Any] | None) -> Change:
        """Any change: applied to the tables in memory inside a journal transaction (put
        back if the line cannot be written)."""
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
                doc: dict[str, Any] = {"type": "layout", "ranges": [list(r) for r in value], "by": reviewer,
                                       "time": now}
                # The new suggestions' headings and text hashes, so that exports and ratings
                # read no text.
                built = self._layout_suggestions(rid, doc["ranges"])
                if built is not None:
                    doc["headings"] = [s.heading for s in built]
                    doc["hashes"] = [s.text_hash for s in built]
            else:
                doc_id, old = self._review_doc(rid, patch["reviewer"])
                if old is None:
                    self._note_reviewer(patch["reviewer"])
                doc = _patched(old, patch, now)
            if doc_id is None:
                table.insert(doc)
            else:
                # remove + insert-with-id replaces the whole document (update() would merge keys).
                table.update(_replace_with(doc), doc_ids=[int(doc_id)])

    def _layout_suggestions(self, rid: str, ranges: list[list[int]]) -> list[Suggestion] | None:
        """The suggestions `ranges` make of the reply's text (None if it cannot be read)."""
        from .database.layout import layout_suggestions

        try:
            parsed = self._read_reply_file(rid)  # the parser's suggestions: a merged one keeps its heading
        except StoreError:
            return None
        return layout_suggestions(parsed.lines, ranges, parsed.suggestions)
