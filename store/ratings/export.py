"""Ratings out: the YAML export (schema cppcc-review/ratings/v1, docs/ratings-format.md).

`export_ratings(store, ...)` builds the document (plain dicts, field order meaningful),
`dump_ratings(doc)` turns it into YAML with Chinese readable, and `write_ratings(doc,
path)` writes it atomically. `stream_ratings(store, out, ...)` and `export_to_file(store,
path, ...)` write the same text entry by entry without building the document (the CLI's
`export`: 10,000 replies in well under a second, memory of one entry). The YAML is
written by store/ratings/yaml_writer.py, not PyYAML's emitter (25-45 s for 10,000 replies).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from ..clock import now_iso, tool_version
from ..db import ReviewStore
from ..errors import InputError, StoreError
from ..labels import zh
from ..model import Assessment, ReplySummary, Review, ReviewState, SuggestionReview
from ..output_file import CHECK_AT_START, ExistingOutput, Unchecked, write_output_file
from . import yaml_writer
from .ratings_file import SCHEMA_ID
from .yaml_writer import emit_scalar_line

# (summary, the reviewers whose entries it gets; None: the one reviewer exported)
_Plan = list[tuple[ReplySummary, list[str] | None]]


def _rating_dict(index: int, heading: str | None, sr: SuggestionReview) -> dict[str, Any]:
    return {
        "index": index,
        "heading": heading,
        "rating": sr.rating.value if sr.rating else None,
        "rating_zh": zh(sr.rating),
        "note": sr.note or "",
        "time": sr.time,
        "hint_accepted": bool(sr.hint_accepted),
    }


def _assessment_dict(a: Assessment) -> dict[str, Any]:
    return {
        "result": a.result.value if a.result else None,
        "result_zh": zh(a.result),
        "attitude": a.attitude.value if a.attitude else None,
        "attitude_zh": zh(a.attitude),
        "communication": a.communication.value if a.communication else None,
        "communication_zh": zh(a.communication),
        "relevance": a.relevance.value if a.relevance else None,
        "relevance_zh": zh(a.relevance),
        "opinion": a.opinion or "",
        "completed_at": a.completed_at,
    }


def export_entry(summary: ReplySummary, review: Review, headings: list[str | None],
                 text_key: str | None = None, co_handlers: list[str] | None = None) -> dict[str, Any]:
    """One (reply, reviewer) entry of the export (`text_key`: a reply without 文号's;
    `co_handlers`: the units the reply names as co-handling it)."""
    state = review.state
    entry: dict[str, Any] = {
        "doc_no": summary.doc_no,
        "proposal_no": summary.proposal_no,
        "kind": summary.kind,
        "title": summary.title,
        "proposers": list(summary.proposers),
        "handler": summary.handler,
        "co_handlers": list(co_handlers or ()),
        "date": summary.date,
        "declared_result": summary.declared_result,
        "content_hash": summary.content_hash,
        "reply_id": summary.id,
        **({"text_key": text_key} if text_key and not summary.doc_no else {}),
        "suggestions": [
            _rating_dict(i, headings[i - 1] if i - 1 < len(headings) else None, sr)
            for i, sr in enumerate(review.suggestions, start=1)
        ],
        "assessment": _assessment_dict(review.assessment),
        "reviewer": review.reviewer,
        "state": state.value,
        "state_zh": zh(state),
    }
    return entry


def _emit_entry(parts: list[str], summary: ReplySummary, review: Review, headings: list[str | None],
                text_key: str | None = None, co_handlers: list[str] | None = None) -> int:
    """Append the YAML of `export_entry(summary, review, headings)` as an item of the
    top-level `replies` list: the same text `yaml_writer.emit_item` writes for that dict
    (the tests compare them), without building the dict. Returns the ratings given."""
    line = emit_scalar_line
    line(parts, "- doc_no:", summary.doc_no, 2)
    line(parts, "  proposal_no:", summary.proposal_no, 2)
    line(parts, "  kind:", summary.kind, 2)
    line(parts, "  title:", summary.title, 2)
    _emit_names(parts, "proposers", summary.proposers)
    line(parts, "  handler:", summary.handler, 2)
    _emit_names(parts, "co_handlers", co_handlers or ())
    line(parts, "  date:", summary.date, 2)
    line(parts, "  declared_result:", summary.declared_result, 2)
    line(parts, "  content_hash:", summary.content_hash, 2)
    line(parts, "  reply_id:", summary.id, 2)
    if text_key and not summary.doc_no:
        line(parts, "  text_key:", text_key, 2)
    rated = 0
    if review.suggestions:
        parts.append("  suggestions:\n")
        n_headings = len(headings)
        for i, sr in enumerate(review.suggestions, start=1):
            rating = sr.rating
            if rating is not None:
                rated += 1
            parts.append(f"  - index: {i}\n")
            line(parts, "    heading:", headings[i - 1] if i - 1 < n_headings else None, 4)
            line(parts, "    rating:", rating.value if rating else None, 4)
            line(parts, "    rating_zh:", zh(rating), 4)
            line(parts, "    note:", sr.note or "", 4)
            line(parts, "    time:", sr.time, 4)
            parts.append("    hint_accepted: true\n" if sr.hint_accepted else "    hint_accepted: false\n")
    else:
        parts.append("  suggestions: []\n")
    parts.append("  assessment:\n")
    a = review.assessment
    for key in ("result", "attitude", "communication", "relevance"):
        value = getattr(a, key)
        line(parts, f"    {key}:", value.value if value else None, 4)
        line(parts, f"    {key}_zh:", zh(value), 4)
    line(parts, "    opinion:", a.opinion or "", 4)
    line(parts, "    completed_at:", a.completed_at, 4)
    line(parts, "  reviewer:", review.reviewer, 2)
    state = review.state
    line(parts, "  state:", state.value, 2)
    line(parts, "  state_zh:", zh(state), 2)
    return rated


def _emit_names(parts: list[str], key: str, names: Sequence[str]) -> None:
    """A list of names (proposers, co-handlers) as yaml_writer writes it: `[]` when empty."""
    if not names:
        parts.append(f"  {key}: []\n")
        return
    parts.append(f"  {key}:\n")
    for name in names:
        emit_scalar_line(parts, "  -", name, 2)


def _sort_key(summary: ReplySummary) -> tuple[str, str, str, str]:
    return (summary.handler or "", summary.date or "", summary.doc_no or "", summary.id)


def _check_export_args(store: ReviewStore, reviewer: str | None, all_reviewers: bool, status: str) -> str | None:
    """The reviewer meant (None with `all_reviewers`); InputError for impossible requests."""
    if status not in ("all", "done"):
        raise InputError(f"status must be 'all' or 'done', not {status!r}")
    if all_reviewers:
        return None
    if not reviewer:
        names = store.reviewers()
        if len(names) > 1:
            raise InputError(
                f"{store.path}: several reviewers ({', '.join(names)}); name one with --reviewer or use --all-reviewers"
            )
        if not names:
            raise InputError(f"{store.path}: nobody has rated anything yet; name the reviewer with --reviewer")
        reviewer = names[0]
    return reviewer


def _selection(store: ReviewStore, reviewer: str | None, status: str) -> tuple[_Plan, list[str], int]:
    """([(summary, the reviewers whose entries it gets, None = `reviewer`)], the file's
    `reviewers`, the replies of the database): what the export holds, known before a line
    is written so that the header's `count` and `reviewers` come first, as the format wants.

    With every reviewer (`reviewer` None) a reply gets the entries of those who reviewed it,
    and one nobody reviewed gets none: an entry is its reviewer's word on the reply, and an
    empty one, imported into that reviewer's own database, would clear the ratings made there
    that this database never received (store.ratings.importing: the file's reviewer wins)."""
    # headings left out: they come one reply at a time from suggestion_headings
    summaries = sorted(store.summaries(headings=False), key=_sort_key)
    if reviewer is not None and status == "all":  # every reply, one entry each
        return [(s, None) for s in summaries], [reviewer], len(summaries)
    plan: _Plan = []
    seen: set[str] = set()
    for summary in summaries:
        reviews = store.reviews_of(summary.id) if reviewer is None else [store.get_review(summary.id, reviewer)]
        if status == "done":
            reviews = [r for r in reviews if r.state is ReviewState.DONE]
        if reviews:
            names = [r.reviewer for r in reviews]
            plan.append((summary, names))
            seen.update(names)
    return plan, sorted(seen) if reviewer is None else [reviewer], len(summaries)


def _planned_reviews(
    store: ReviewStore, plan: _Plan, reviewer: str | None
) -> Iterator[tuple[ReplySummary, Review, list[str | None], str | None, list[str]]]:
    """(summary, review, headings, text key, co-handlers) for each entry of the plan, a reply
    at a time: its reviews are read when it comes, its headings and co-handlers from the
    store's index."""
    for summary, names in plan:
        if reviewer is not None:
            reviews = [store.get_review(summary.id, reviewer)]
        else:
            wanted = set(names or ())
            reviews = [r for r in store.reviews_of(summary.id) if r.reviewer in wanted]
        headings = store.suggestion_headings(summary.id)
        key = None if summary.doc_no or not reviews else store.text_key(summary.id)
        co_handlers = store.co_handlers(summary.id) if reviews else []
        for review in reviews:
            yield summary, review, headings, key, co_handlers


def _entries(store: ReviewStore, plan: _Plan, reviewer: str | None) -> Iterator[dict[str, Any]]:
    """The export's entries as dicts, one at a time."""
    for summary, review, headings, key, co_handlers in _planned_reviews(store, plan, reviewer):
        yield export_entry(summary, review, headings, key, co_handlers)


_FLUSH_PARTS = 4096  # lines gathered before a write (some 100 KB)


def _write_entries(write: Callable[[str], None], store: ReviewStore, plan: _Plan, reviewer: str | None, count: int) -> tuple[int, int]:
    """Write the `replies:` list entry by entry; (entries, ratings) written."""
    if count == 0:
        write("replies: []\n")
        return 0, 0
    write("replies:\n")
    parts: list[str] = []
    entries = rated = 0
    for summary, review, headings, key, co_handlers in _planned_reviews(store, plan, reviewer):
        rated += _emit_entry(parts, summary, review, headings, key, co_handlers)
        entries += 1
        if len(parts) >= _FLUSH_PARTS:
            write("".join(parts))
            parts.clear()
    if parts:
        write("".join(parts))
    return entries, rated


def _header(reviewers: list[str], status: str, count: int, now: datetime | None) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "exported_at": now_iso(now),
        "tool_version": tool_version(),
        "reviewers": reviewers,
        "status": status,
        "count": count,
    }


def export_ratings(
    store: ReviewStore,
    *,
    reviewer: str | None = None,
    all_reviewers: bool = False,
    status: str = "all",
    now: datetime | None = None,
) -> dict[str, Any]:
    """The ratings document of one reviewer (every reply in the database, rated or not)
    or, with `all_reviewers`, one entry per (reply, reviewer) that has a review.

    `status="done"` keeps only reviews whose assessment is completed. With neither a
    reviewer nor `all_reviewers`, the database's only reviewer is meant (InputError if
    there are several). For a file or stdout, `stream_ratings` / `export_to_file` write
    the same document without holding it in memory.
    """
    with store.bulk():  # a pass over every reply: each shard read once
        reviewer = _check_export_args(store, reviewer, all_reviewers, status)
        plan, reviewers, _replies = _selection(store, reviewer, status)
        entries = list(_entries(store, plan, reviewer))
    doc = _header(reviewers, status, len(entries), now)
    doc["replies"] = entries
    return doc


@dataclass
class ExportSummary:
    """What `stream_ratings` wrote: for the CLI's one-line message."""

    count: int  # entries under `replies` (one per reply and reviewer)
    rated: int  # non-null ratings in them
    reviewers: list[str]
    replies: int = 0  # the replies they are of (with every reviewer, fewer than `count` where two reviewed one)
    left_out: int = 0  # the database's replies not in the file (none reviewed them; with status done, none completed)


def stream_ratings(
    store: ReviewStore,
    out: IO[str] | IO[bytes],
    *,
    reviewer: str | None = None,
    all_reviewers: bool = False,
    status: str = "all",
    now: datetime | None = None,
) -> ExportSummary:
    """Write the document `export_ratings` returns, as YAML, to `out` (a binary file
    gets UTF-8, a text file text) entry by entry: memory stays that of one entry,
    whatever the size of the database. The text is what `dump_ratings` gives for
    `export_ratings(...)`'s document."""
    with store.bulk():  # a pass over every reply: each shard read once
        reviewer = _check_export_args(store, reviewer, all_reviewers, status)
        plan, reviewers, replies = _selection(store, reviewer, status)
        count = sum(1 if names is None else len(names) for _, names in plan)
        write = yaml_writer.writer_for(out)
        yaml_writer.stream_mapping(write, _header(reviewers, status, count, now).items())
        entries, rated = _write_entries(write, store, plan, reviewer, count)
    if entries != count:  # cannot happen with a read-only snapshot; never write a lying count
        raise StoreError(f"{store.path}: the database changed during the export ({entries} entries, not {count}); export again")
    return ExportSummary(count=count, rated=rated, reviewers=reviewers, replies=len(plan), left_out=replies - len(plan))


def export_to_file(store: ReviewStore, path: str | os.PathLike[str], *,
                   expect: ExistingOutput | Unchecked | None = CHECK_AT_START, **options: Any) -> ExportSummary:
    """`stream_ratings` into `path` atomically: a temporary file in the same folder,
    fsynced, then renamed over `path` (never a torn file; NotSavedError on a full disk).
    A path inside the database folder is refused (InputError); `expect`: what the caller
    found at `path` (store.output_file.atomic_output)."""
    return write_output_file(path, lambda f: stream_ratings(store, f, **options), expect=expect, inside_of=store.path)


def dump_ratings(doc: dict[str, Any]) -> str:
    """YAML text of a ratings (or merged) document: UTF-8, Chinese as written, order kept,
    multi-line notes as literal blocks, no anchors (see store/ratings/yaml_writer.py)."""
    return yaml_writer.dump(doc)


def write_ratings(doc: dict[str, Any], path: str | os.PathLike[str], *,
                  expect: ExistingOutput | Unchecked | None = CHECK_AT_START) -> None:
    """Write `doc` to `path` atomically (temp file, fsync, rename): never a torn file.
    The text is streamed: a big list (the entries) is never joined into one string.
    `expect`: what the caller found at `path` (store.output_file.atomic_output)."""
    write_output_file(path, lambda f: stream_document(doc, f), expect=expect)


def stream_document(doc: dict[str, Any], out: IO[bytes]) -> None:
    """`doc` (a ratings or merged document) as YAML into the binary stream `out`, streamed: a big
    list (the entries) is never joined into one string."""
    yaml_writer.stream_mapping(yaml_writer.writer_for(out), doc.items())
