"""Ratings in: `import_ratings(store, path)` reads a file with the hardened loader
(cppcc_review.store.ratings.yaml_safe), validates all of it (schema, labels, the count of entries,
every reply found in the database, every suggestion index in range), and only then
applies it through the store's public API. A file with any error changes nothing.

Matching: an entry belongs to the database reply with the same `reply_id` and
`content_hash`; failing that, to the one reply with the same content hash (the text
is what was rated, whatever id another machine computed); failing that, for a reply
without 文号 whose entry carries a `text_key`, to the reply without 文号 whose text says
the same words (its .txt here, its .docx there: cppcc_review.store.model.text_key). A reply whose id matches but
whose text differs is an error: the suggestions may not line up.

What import does to the database: for each entry, the entry's reviewer's rating, note
and assessment of that reply become the file's (the file is that reviewer's own work,
so it wins; values already equal are left alone and cost nothing) - unless what this
database holds is newer than what the file holds: a suggestion's rating and note whose
`time` here is after the file's `time` for it, or at or after the file's `exported_at`
(a rating the file does not hold, made after it was exported), and an assessment changed
here (`ReviewStore.assessment_time`) after the file's (its `completed_at`, else the
export) are kept, and counted in `ImportReport.kept` ("kept 3 newer ratings of 甲 that the
file predates"). Each suggestion keeps the `time` it was judged at, as exported, and an
assessment the time the file gives it; the history records when the import happened.
Entries that hold nothing (unreviewed) for replies this database lacks are skipped.
With `skip_missing` (import-ratings --skip-missing), so are entries with ratings for
replies this database lacks (an office where each reviewer holds a different set of
replies); they are listed in the report, and any other problem still refuses the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..assessment_merge import missing_required
from ..db import ReviewStore
from ..errors import StoreError, coded, detail
from ..model import Assessment, Rating, ReplySummary, Review
from .merge_words import en_count
from .ratings_file import content_problems, fatal_problems, index_problem, short_value
from .yaml_safe import YamlDoc, YamlError, load_yaml_file, located


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
    missing: list[str] = field(default_factory=list)  # with skip_missing: rated replies it does not hold
    applied: bool = False
    kept: dict[str, dict[str, int]] = field(default_factory=dict)
    """reviewer -> {"ratings" / "notes" / "assessments": how many of theirs here are newer than the file's, kept}"""
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
            f"{self.path}: {verb} {en_count(self.ratings, 'rating')}, {en_count(self.notes, 'note')}, "
            f"{en_count(self.assessments, 'assessment')} from {'reviewers' if len(self.reviewers) > 1 else 'reviewer'} "
            f"{who} ({en_count(self.replies, 'reply', 'replies')}, {en_count(self.changes, 'change')}"
        )
        if self.skipped:
            text += f", {en_count(self.skipped, 'empty entry', 'empty entries')} for replies not in this database skipped"
        text += ")"
        if self.missing:
            first = ", ".join(self.missing[:3]) + (", ..." if len(self.missing) > 3 else "")
            text += (f"; skipped {en_count(len(self.missing), 'reply', 'replies')} with ratings that this database "
                     f"does not hold: {first}")
        return text

    def kept_line(self) -> str | None:
        """One line saying what was kept because this database's is newer than the file's
        (None when nothing was): "kept 2 newer ratings and 1 newer note of 甲 that the file predates"."""
        if not self.kept:
            return None
        parts = []
        for reviewer in sorted(self.kept):
            counts = self.kept[reviewer]
            words = [f"{n} newer {kind if n != 1 else kind[:-1]}" for kind in ("ratings", "notes", "assessments")
                     if (n := counts.get(kind, 0))]
            listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
            parts.append(f"{listed} of {reviewer}")
        verb = "kept" if self.applied else "would keep"
        return f"{self.path}: {verb} {'; '.join(parts)} that the file predates"


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


def _when(text: object) -> datetime | None:
    """An ISO time of a file or of the store as a moment (a time without an offset is
    local), or None when there is none or it cannot be read."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _match(
    store: ReviewStore, entry: dict[str, Any], by_id: dict[str, ReplySummary], by_hash: dict[str, list[ReplySummary]],
    at: str,
) -> tuple[str | None, str | None]:
    """(reply_id, None) or (None, the problem, coded, `at` where the entry is)."""
    rid, chash = str(entry.get("reply_id")), str(entry.get("content_hash"))
    summary = by_id.get(rid)
    if summary is not None and summary.content_hash == chash:
        return rid, None
    same_text = by_hash.get(chash, [])
    if len(same_text) > 1 and entry.get("doc_no"):
        same_text = [s for s in same_text if s.doc_no == entry.get("doc_no")] or same_text
    if len(same_text) >= 1:
        return same_text[0].id, None
    label = entry.get("doc_no") or coded("(no 文号)", "ratings.no_doc_no")
    if summary is not None:
        return None, coded(
            f"{at}: reply {label} ({rid}) has a different text in this database (content hash {summary.content_hash}, "
            f"the file has {chash}); its suggestions may not line up - import the same version of the document",
            "ratings.text_differs", at=at, reply=label, rid=rid, here=summary.content_hash, theirs=chash
        )
    return None, coded(
        f"{at}: reply {label} ({rid}, content hash {chash}) is not in this database; import its document first",
        "ratings.not_in_db", at=at, reply=label, rid=rid, hash=chash
    )


def _has_content(entry: dict[str, Any]) -> bool:
    if any(s.get("rating") or s.get("note") for s in entry.get("suggestions") or []):
        return True
    a = entry.get("assessment") or {}
    return any(a.get(k) for k in ("result", "attitude", "communication", "relevance", "opinion", "completed_at"))


def plan_import(store: ReviewStore, path: str | os.PathLike[str], *,
                skip_missing: bool = False) -> tuple[ImportReport, list[_Op]]:
    """Read and validate a ratings file against `store`; nothing is written.

    Returns the report (with `errors` when the file must not be imported) and the list
    of store calls that importing it would make. With `skip_missing`, entries for
    replies the database does not hold are left out and listed (`report.missing`).
    """
    name = str(path)
    report = ImportReport(path=name)
    try:
        doc = load_yaml_file(path)
    except YamlError as exc:
        report.errors.append(detail(exc))  # (a missing file: worded by the command line in its language)
        return report, []
    data = doc.data
    report.errors.extend(fatal_problems(data, name, doc))
    if report.errors:
        return report, []
    report.errors.extend(content_problems(data, name, doc))
    planner = _Planner(store, doc, name, report, data.get("exported_at"))
    planner.skip_missing = skip_missing
    for i, entry in enumerate(data["replies"]):
        planner.entry(i, entry)
    report.reviewers = sorted(planner.reviewers)
    if report.errors:
        return report, []
    return report, planner.ops


class _Planner:
    """The store calls an import would make, entry by entry, with what is wrong."""

    def __init__(self, store: ReviewStore, doc: YamlDoc, name: str, report: ImportReport, exported: object) -> None:
        self.store, self.doc, self.name, self.report = store, doc, name, report
        self.exported_at = exported if isinstance(exported, str) else None
        self.exported = _when(exported)
        summaries = store.summaries()
        self.by_id = {s.id: s for s in summaries}
        self.by_hash: dict[str, list[ReplySummary]] = {}
        for s in summaries:
            self.by_hash.setdefault(s.content_hash, []).append(s)
        self.ops: list[_Op] = []
        self.seen: dict[tuple[str, str], int] = {}
        self.reviewers: set[str] = set()
        self.skip_missing = False
        self.change_times: dict[tuple[str, str], list[str | None]] = {}
        self.keys: dict[str, list[ReplySummary]] | None = None  # text key -> replies without 文号

    def entry(self, i: int, entry: dict[str, Any]) -> None:
        report = self.report
        line = self.doc.line_of(["replies", i])
        at = located(self.name, line)
        self.by_text_key(entry)
        absent = entry["reply_id"] not in self.by_id and entry["content_hash"] not in self.by_hash
        if absent and not _has_content(entry):
            report.skipped += 1
            return
        if absent and self.skip_missing:
            report.missing.append(str(entry.get("doc_no") or entry["reply_id"]))
            return
        rid, problem = _match(self.store, entry, self.by_id, self.by_hash, at)
        if problem or rid is None:
            report.errors.append(problem or at)
            return
        reviewer = entry["reviewer"].strip()
        key = (rid, reviewer)
        if key in self.seen:
            reply = entry.get("doc_no") or rid
            report.errors.append(coded(
                f"{at}: reply {reply} appears twice for reviewer {reviewer!r} (first at line {self.seen[key]})",
                "ratings.reply_twice", at=at, reply=reply, reviewer=repr(reviewer), first=self.seen[key]
            ))
            return
        self.seen[key] = line or 0
        self.reviewers.add(reviewer)
        report.replies += 1
        current = self.store.get_review(rid, reviewer)
        self.suggestions(i, entry, rid, reviewer, current)
        self.assessment(i, entry, rid, reviewer, current)

    def by_text_key(self, entry: dict[str, Any]) -> None:
        """An entry that neither its id nor its content hash finds, of a reply without 文号
        with a `text_key`: the reply here whose text says the same words is it (taken as
        found by its content hash). The keys are read at the first such entry."""
        key = entry.get("text_key")
        if not key or entry.get("doc_no") or entry["content_hash"] in self.by_hash:
            return
        summary = self.by_id.get(entry["reply_id"])
        if summary is not None and summary.content_hash == entry["content_hash"]:
            return
        if self.keys is None:
            self.keys = {}
            for s in self.by_id.values():
                if not s.doc_no:
                    self.keys.setdefault(self.store.text_key(s.id) or "", []).append(s)
        same = self.keys.get(key) or []
        if len(same) == 1:
            self.by_hash[entry["content_hash"]] = same

    def suggestions(self, i: int, entry: dict[str, Any], rid: str, reviewer: str, current: Review) -> None:
        report, name = self.report, self.name
        n = len(current.suggestions)
        headings = None
        indices: set[int] = set()
        for j, s in enumerate(entry["suggestions"]):
            index = s["index"]
            at = located(name, self.doc.line_of(["replies", i, "suggestions", j]))
            problem = index_problem(at, entry.get("doc_no") or rid, index, n, indices)
            if problem is not None:
                report.errors.append(problem)
                continue
            if s.get("heading"):
                if headings is None:
                    headings = self.store.suggestion_headings(rid)
                if headings[index - 1] != s["heading"]:
                    theirs, here = short_value(s["heading"]), short_value(headings[index - 1])
                    report.warnings.append(coded(
                        f"{at}: suggestion {index}'s heading differs from this database's "
                        f"({theirs} vs {here}); check its rating lines up",
                        "ratings.heading_differs", at=at, index=index, theirs=theirs, here=here
                    ))
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
        time = s.get("time") or self.exported_at
        # What is stored here carries its time; a rating and note cleared here carry none,
        # so the history says when (without it an older file's rating came back).
        here = have.time
        if here is None and (rating_differs or note_differs):
            if (rid, reviewer) not in self.change_times:  # one pass over the reply's history
                self.change_times[rid, reviewer] = self.store.suggestion_change_times(rid, reviewer)
            here = self.change_times[rid, reviewer][index - 1]
        if (rating_differs or note_differs) and self.newer_here(here, s.get("time")):
            self.keep(reviewer, ratings=int(rating_differs), notes=int(note_differs))
        elif rating_differs:
            # With the note in the same call when it changes too: one journal line.
            self.ops.append(_Op(rid, reviewer, "rating", index, rating, hint, note if note_differs else None, time))
        elif note_differs:
            self.ops.append(_Op(rid, reviewer, "note", index, note, time=time))
        else:
            report.unchanged += 1

    def newer_here(self, here: str | None, theirs: object) -> bool:
        """Is what this database holds, changed at `here`, newer than the file's value, made
        at `theirs` (None: the file holds nothing there, or no time)? Newer when after the
        file's time for it, or at or after the export (the file cannot hold it: a change in
        the export's second counts as after it, so that nothing newer is lost)."""
        moment = _when(here)
        if moment is None:
            return False
        made = _when(theirs) or self.exported
        return (made is not None and moment > made) or (self.exported is not None and moment >= self.exported)

    def keep(self, reviewer: str, **counts: int) -> None:
        kept = self.report.kept.setdefault(reviewer, {})
        for kind, n in counts.items():
            kept[kind] = kept.get(kind, 0) + n

    def assessment(self, i: int, entry: dict[str, Any], rid: str, reviewer: str, current: Review) -> None:
        assessment = Assessment.from_dict(entry.get("assessment"))
        missing = missing_required(assessment)
        if missing:  # (set_assessment refuses it too: checked here to name the file's line)
            at = located(self.name, self.doc.line_of(["replies", i, "assessment"]))
            reply, fields = entry.get("doc_no") or rid, ", ".join(missing)
            self.report.errors.append(coded(
                f"{at}: reply {reply}: the assessment is confirmed (completed_at) but a required choice is empty "
                f"({fields}); choose it, or remove completed_at", "ratings.assessment_incomplete",
                at=at, reply=reply, fields=fields))
            return
        if assessment != Assessment():
            self.report.assessments += 1
        if assessment == current.assessment:
            self.report.unchanged += 1
        elif current.updated is not None and self.newer_here(  # (a review here: its history may say when)
            self.store.assessment_time(rid, reviewer), assessment.completed_at
        ):
            self.keep(reviewer, assessments=1)
        else:
            self.ops.append(_Op(rid, reviewer, "assessment", None, assessment, time=assessment.completed_at or self.exported_at))



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
                    store.set_assessment(op.reply_id, op.reviewer, op.value, time=op.time)
    except StoreError as exc:
        error = detail(exc)
        report.errors.append(coded(f"{report.path}: import stopped: {exc} - nothing was kept",
                                   "ratings.import_stopped", path=report.path, error=error))
        report.changes = 0
        return
    report.changes = len(ops)
    report.applied = True


def import_ratings(store: ReviewStore, path: str | os.PathLike[str], *, dry_run: bool = False,
                   skip_missing: bool = False) -> ImportReport:
    """Import one ratings file into `store` (all or nothing; with `skip_missing`, the
    entries of the replies it holds); see the module docstring."""
    refresh = getattr(store, "refresh", None)
    if refresh is not None:
        refresh()  # plan against what other processes wrote too
    report, ops = plan_import(store, path, skip_missing=skip_missing)
    if report.errors:
        return report
    if dry_run:
        report.changes = len(ops)
        return report
    _apply(store, ops, report)
    return report
