"""Ratings in: `import_ratings(store, path)` reads a file with the hardened loader
(cppcc_review.store.ratings.yaml_safe), validates all of it (schema, labels, the count of entries,
every reply found in the database, every suggestion index in range), and only then
applies it through the store's public API. A file with any error changes nothing.

Matching: an entry belongs to the database reply with the same `reply_id` and
`content_hash`; failing that, to the one reply with the same content hash (the text
is what was rated, whatever id another machine computed). A reply whose id matches but
whose text differs is an error: the suggestions may not line up.

What import does to the database: for each entry, the entry's reviewer's rating, note
and assessment of that reply become the file's (the file is that reviewer's own work,
so it wins; values already equal are left alone and cost nothing). Each suggestion keeps
the `time` it was judged at, as exported; the history records when the import happened.
Entries that hold nothing (unreviewed) for replies this database lacks are skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from ..db import ReviewStore
from ..errors import CodedLine, StoreError
from ..model import Assessment, Rating, ReplySummary, Review
from .ratings_file import content_problems, fatal_problems, short_value
from .yaml_safe import YamlDoc, YamlError, load_yaml_file


@dataclass
class ImportReport:
    """What importing one file did (or, with errors, why it did nothing)."""

    path: str
    reviewers: list[str] = field(default_factory=list)
    replies: int = 0  # entries matched to a reply of the database
    ratings: int = 0  # non-null ratings in those entries
    notes: int = 0
    assessments: int = 0  # entries with an assessment filled in
    changes: int = 0  # store calls that changed something
    unchanged: int = 0  # values already as in the file
    skipped: int = 0  # empty entries for replies this database does not hold
    applied: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_line(self) -> str:
        """One line for the CLI / the TUI's status line."""
        if self.errors:
            more = f" (and {len(self.errors) - 1} more problems)" if len(self.errors) > 1 else ""
            return f"{self.errors[0]}{more}; nothing was imported"
        who = ", ".join(self.reviewers) or "nobody"
        verb = "imported" if self.applied else "would import"
        text = (
            f"{self.path}: {verb} {self.ratings} ratings, {self.notes} notes, {self.assessments} assessments "
            f"from reviewer {who} ({self.replies} replies, {self.changes} changes"
        )
        if self.skipped:
            text += f", {self.skipped} empty entries for replies not in this database skipped"
        return text + ")"


@dataclass
class _Op:
    reply_id: str
    reviewer: str
    kind: str  # rating, note, assessment
    index: int | None
    value: Any
    hint: bool = False
    note: str | None = None  # with kind "rating": also set the note, in the same change
    time: str | None = None  # when the judgement was made, as exported


def _match(
    store: ReviewStore, entry: dict[str, Any], by_id: dict[str, ReplySummary], by_hash: dict[str, list[ReplySummary]]
) -> tuple[str | None, str | None]:
    """(reply_id, None) or (None, problem)."""
    rid, chash = str(entry.get("reply_id")), str(entry.get("content_hash"))
    summary = by_id.get(rid)
    if summary is not None and summary.content_hash == chash:
        return rid, None
    same_text = by_hash.get(chash, [])
    if len(same_text) > 1 and entry.get("doc_no"):
        same_text = [s for s in same_text if s.doc_no == entry.get("doc_no")] or same_text
    if len(same_text) >= 1:
        return same_text[0].id, None
    label = entry.get("doc_no") or "(no 文号)"
    if summary is not None:
        return None, (
            f"reply {label} ({rid}) has a different text in this database (content hash {summary.content_hash}, "
            f"the file has {chash}); its suggestions may not line up - import the same version of the document"
        )
    return None, (
        f"reply {label} ({rid}, content hash {chash}) is not in this database; import its document first"
    )


def _has_content(entry: dict[str, Any]) -> bool:
    if any(s.get("rating") or s.get("note") for s in entry.get("suggestions") or []):
        return True
    a = entry.get("assessment") or {}
    return any(a.get(k) for k in ("result", "attitude", "communication", "relevance", "opinion", "completed_at"))


def plan_import(store: ReviewStore, path: str | os.PathLike[str]) -> tuple[ImportReport, list[_Op]]:
    """Read and validate a ratings file against `store`; nothing is written.

    Returns the report (with `errors` when the file must not be imported) and the list
    of store calls that importing it would make.
    """
    name = str(path)
    report = ImportReport(path=name)
    try:
        doc = load_yaml_file(path)
    except YamlError as exc:
        report.errors.append(CodedLine(exc))  # (a missing file: worded by the command line in its language)
        return report, []
    data = doc.data
    report.errors.extend(fatal_problems(data, name, doc))
    if report.errors:
        return report, []
    report.errors.extend(content_problems(data, name, doc))
    planner = _Planner(store, doc, name, report)
    for i, entry in enumerate(data["replies"]):
        planner.entry(i, entry)
    report.reviewers = sorted(planner.reviewers)
    if report.errors:
        return report, []
    return report, planner.ops


class _Planner:
    """The store calls an import would make, entry by entry, with what is wrong."""

    def __init__(self, store: ReviewStore, doc: YamlDoc, name: str, report: ImportReport) -> None:
        self.store, self.doc, self.name, self.report = store, doc, name, report
        summaries = store.summaries()
        self.by_id = {s.id: s for s in summaries}
        self.by_hash: dict[str, list[ReplySummary]] = {}
        for s in summaries:
            self.by_hash.setdefault(s.content_hash, []).append(s)
        self.ops: list[_Op] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.reviewers: set[str] = set()

    def entry(self, i: int, entry: dict[str, Any]) -> None:
        report = self.report
        line = self.doc.line_of(["replies", i])
        where = f"{self.name}: line {line}"
        if not _has_content(entry) and entry["reply_id"] not in self.by_id and entry["content_hash"] not in self.by_hash:
            report.skipped += 1
            return
        rid, problem = _match(self.store, entry, self.by_id, self.by_hash)
        if problem or rid is None:
            report.errors.append(f"{where}: {problem}")
            return
        reviewer = entry["reviewer"].strip()
        key = (rid, reviewer)
        if key in self.seen:
            report.errors.append(
                f"{where}: reply {entry.get('doc_no') or rid} appears twice for reviewer {reviewer!r} "
                f"(first at line {self.seen[key]})"
            )
            return
        self.seen[key] = line or 0
        self.reviewers.add(reviewer)
        report.replies += 1
        current = self.store.get_review(rid, reviewer)
        self.suggestions(i, entry, rid, reviewer, current)
        self.assessment(entry, rid, reviewer, current)

    def suggestions(self, i: int, entry: dict[str, Any], rid: str, reviewer: str, current: Review) -> None:
        report, name = self.report, self.name
        n = len(current.suggestions)
        headings = None
        indices: set[int] = set()
        for j, s in enumerate(entry["suggestions"]):
            index = s["index"]
            s_line = self.doc.line_of(["replies", i, "suggestions", j])
            if index in indices:
                report.errors.append(f"{name}: line {s_line}: suggestion {index} appears twice in this reply")
                continue
            indices.add(index)
            if index > n:
                report.errors.append(
                    f"{name}: line {s_line}: reply {entry.get('doc_no') or rid} has {n} suggestions in this "
                    f"database, the file rates suggestion {index}; were its suggestions split differently?"
                )
                continue
            if s.get("heading"):
                if headings is None:
                    headings = self.store.suggestion_headings(rid)
                if headings[index - 1] != s["heading"]:
                    report.warnings.append(
                        f"{name}: line {s_line}: suggestion {index}'s heading differs from this database's "
                        f"({short_value(s['heading'])} vs {short_value(headings[index - 1])}); check its rating lines up"
                    )
            self.suggestion(s, index, rid, reviewer, current)

    def suggestion(self, s: dict[str, Any], index: int, rid: str, reviewer: str, current: Review) -> None:
        report = self.report
        rating = Rating(s["rating"]) if s["rating"] else None
        note = s.get("note") or ""
        hint = bool(s.get("hint_accepted")) and rating is not None
        have = current.suggestions[index - 1]
        if rating:
            report.ratings += 1
        if note:
            report.notes += 1
        rating_differs = have.rating != rating or bool(rating and have.hint_accepted != hint)
        note_differs = (have.note or "") != note
        if rating_differs:
            # With the note in the same call when it changes too: one journal line.
            self.ops.append(_Op(rid, reviewer, "rating", index, rating, hint, note if note_differs else None, s.get("time")))
        elif note_differs:
            self.ops.append(_Op(rid, reviewer, "note", index, note, time=s.get("time")))
        else:
            report.unchanged += 1

    def assessment(self, entry: dict[str, Any], rid: str, reviewer: str, current: Review) -> None:
        assessment = Assessment.from_dict(entry.get("assessment"))
        if assessment != Assessment():
            self.report.assessments += 1
        if assessment != current.assessment:
            self.ops.append(_Op(rid, reviewer, "assessment", None, assessment))
        else:
            self.report.unchanged += 1



def _apply(store: ReviewStore, ops: list[_Op], report: ImportReport) -> None:
    """Make the file's changes as one transaction (`ReviewStore.batch()`: one journal
    line): after an error, a full disk or a kill, all of them are in the database or none."""
    try:
        with store.batch():
            for op in ops:
                if op.kind == "rating" and op.index is not None:
                    store.set_rating(
                        op.reply_id, op.reviewer, op.index, op.value, hint_accepted=op.hint, note=op.note, time=op.time
                    )
                elif op.kind == "note" and op.index is not None:
                    store.set_note(op.reply_id, op.reviewer, op.index, op.value, time=op.time)
                else:
                    store.set_assessment(op.reply_id, op.reviewer, op.value)
    except StoreError as exc:
        report.errors.append(f"{report.path}: import stopped: {exc} - nothing was kept")
        report.changes = 0
        return
    report.changes = len(ops)
    report.applied = True


def import_ratings(store: ReviewStore, path: str | os.PathLike[str], *, dry_run: bool = False) -> ImportReport:
    """Import one ratings file into `store` (all or nothing); see the module docstring."""
    refresh = getattr(store, "refresh", None)
    if refresh is not None:
        refresh()  # plan against what other processes wrote too
    report, ops = plan_import(store, path)
    if report.errors:
        return report
    if dry_run:
        report.changes = len(ops)
        return report
    _apply(store, ops, report)
    return report
