"""Ratings out and in: the YAML export (schema cppcc-review/ratings/v1) and its import.

Export: `export_ratings(store, ...)` builds the document (plain dicts, field order
meaningful), `dump_ratings(doc)` turns it into YAML with Chinese readable, and
`write_ratings(doc, path)` writes it atomically. `stream_ratings(store, out, ...)` and
`export_to_file(store, path, ...)` write the same text entry by entry without building
the document (the CLI's `export`: 10,000 replies in well under a second, memory of one
entry). The YAML is written by `store/ratings/yaml_writer.py`, not PyYAML's emitter (25-45 s for
10,000 replies). The format is documented in docs/ratings-format.md and fixed by
`store/ratings/ratings.schema.json`.

Import: `import_ratings(store, path)` reads a file with the hardened loader
(`store.ratings.yaml_safe`), validates all of it (schema, labels, the count of entries, every
reply found in the database, every suggestion index in range), and only then applies
it through the store's public API. A file with any error changes nothing.

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

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from store.atomic import atomic_output
from store.clock import now_iso as _now_iso
from store.clock import tool_version
from store.errors import InputError, StoreError
from store.labels import zh
from store.model import (
    Assessment,
    Communication,
    Rating,
    Relevance,
    Review,
    ReviewState,
    Satisfaction,
)
from store.ratings.yaml_safe import YamlDoc, YamlError, load_yaml_file

SCHEMA_ID = "cppcc-review/ratings/v1"
MERGED_SCHEMA_ID = "cppcc-review/merged/v1"
SCHEMA_FAMILY = "cppcc-review/ratings/"
MAX_ERRORS_SHOWN = 5
MAX_SCHEMA_ERRORS = 100

_ASSESSMENT_ENUMS = {
    "result": Satisfaction,
    "attitude": Satisfaction,
    "communication": Communication,
    "relevance": Relevance,
}


# ---------------------------------------------------------------------------- helpers
@lru_cache(maxsize=None)
def load_schema(name: str = "ratings") -> dict[str, Any]:
    """The JSON Schema shipped with the package: "ratings" or "merged"."""
    text = resources.files("store.ratings").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _path_text(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error) -> str:
    """A jsonschema ValidationError as a short sentence a reviewer understands."""
    v = error.validator
    if v == "enum":
        allowed = ", ".join("null" if x is None else str(x) for x in error.validator_value)
        return f"{_short(error.instance)} is not allowed (expected one of: {allowed})"
    if v == "const":
        return f"{_short(error.instance)} is not allowed (expected {error.validator_value!r})"
    if v == "required":
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        return "missing field " + ", ".join(repr(k) for k in missing)
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        return "unknown field " + ", ".join(repr(k) for k in extra)
    if v == "type":
        want = error.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"{_short(error.instance)} should be {want}"
    if v == "pattern":
        return f"{_short(error.instance)} does not have the expected form"
    if v in ("minimum", "minLength", "maxLength"):
        return f"{_short(error.instance)} is out of range ({v} {error.validator_value})"
    if v == "anyOf":
        return f"{_short(error.instance)} is not a valid value"
    return error.message


def schema_errors(
    data: Any, name: str, doc: YamlDoc | None = None, schema: str = "ratings", limit: int = MAX_SCHEMA_ERRORS
) -> list[str]:
    """The schema violations as `<file>: line N: <where>: <what>`, in file order.

    At most `limit` (a file of 50,000 empty entries has 50,000, and jsonschema takes
    50 µs over each; five are shown), then one line saying that more were not listed.
    """
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(load_schema(schema))
    validator = validator_cls(load_schema(schema))
    found = []
    stopped = False
    for error in validator.iter_errors(data):
        if len(found) == limit:
            stopped = True
            break
        path = list(error.absolute_path)
        line = doc.line_of(path) if doc is not None else None
        where = f"{name}: line {line}" if line else name
        found.append((line or 0, f"{where}: {_path_text(path)}: {_describe(error)}"))
    found.sort(key=lambda item: item[0])
    texts = [text for _, text in found]
    if stopped:
        texts.append(f"{name}: more problems not listed (the check stops after {limit})")
    return texts


# ---------------------------------------------------------------------------- export
def _rating_dict(index: int, heading: str | None, sr) -> dict[str, Any]:
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


def export_entry(summary, review: Review, headings: list[str | None]) -> dict[str, Any]:
    """One (reply, reviewer) entry of the export."""
    state = review.state
    return {
        "doc_no": summary.doc_no,
        "proposal_no": summary.proposal_no,
        "title": summary.title,
        "proposers": list(summary.proposers),
        "handler": summary.handler,
        "date": summary.date,
        "declared_result": summary.declared_result,
        "content_hash": summary.content_hash,
        "reply_id": summary.id,
        "suggestions": [
            _rating_dict(i, headings[i - 1] if i - 1 < len(headings) else None, sr)
            for i, sr in enumerate(review.suggestions, start=1)
        ],
        "assessment": _assessment_dict(review.assessment),
        "reviewer": review.reviewer,
        "state": state.value,
        "state_zh": zh(state),
    }


def _emit_entry(parts: list[str], summary, review: Review, headings: list[str | None]) -> int:
    """Append the YAML of `export_entry(summary, review, headings)` as an item of the
    top-level `replies` list: the same text `yaml_writer.emit_item` writes for that dict
    (the tests compare them), without building the dict. Returns the ratings given."""
    from store.ratings.yaml_writer import emit_scalar_line as line

    line(parts, "- doc_no:", summary.doc_no, 2)
    line(parts, "  proposal_no:", summary.proposal_no, 2)
    line(parts, "  title:", summary.title, 2)
    if summary.proposers:
        parts.append("  proposers:\n")
        for name in summary.proposers:
            line(parts, "  -", name, 2)
    else:
        parts.append("  proposers: []\n")
    line(parts, "  handler:", summary.handler, 2)
    line(parts, "  date:", summary.date, 2)
    line(parts, "  declared_result:", summary.declared_result, 2)
    line(parts, "  content_hash:", summary.content_hash, 2)
    line(parts, "  reply_id:", summary.id, 2)
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


def _sort_key(summary) -> tuple:
    return (summary.handler or "", summary.date or "", summary.doc_no or "", summary.id)


def _check_export_args(store, reviewer: str | None, all_reviewers: bool, status: str) -> str | None:
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


def _selection(store, reviewer: str | None, status: str) -> tuple[list[tuple[Any, list[str] | None]], list[str]]:
    """([(summary, the reviewers whose entries it gets, None = `reviewer`)], the file's
    `reviewers`): what the export holds, known before a line is written so that the
    header's `count` and `reviewers` come first, as the format wants."""
    summaries = sorted(store.summaries(), key=_sort_key)
    if reviewer is not None and status == "all":  # every reply, one entry each
        return [(s, None) for s in summaries], [reviewer]
    plan: list[tuple[Any, list[str] | None]] = []
    seen: set[str] = set()
    for summary in summaries:
        reviews = store.reviews_of(summary.id) if reviewer is None else [store.get_review(summary.id, reviewer)]
        if status == "done":
            reviews = [r for r in reviews if r.state is ReviewState.DONE]
        if reviews:
            names = [r.reviewer for r in reviews]
            plan.append((summary, names))
            seen.update(names)
    return plan, sorted(seen) if reviewer is None else [reviewer]


def _planned_reviews(store, plan, reviewer: str | None):
    """(summary, review, headings) for each entry of the plan, a reply at a time: its
    reviews are read when it comes, its headings from the store's index."""
    for summary, names in plan:
        if reviewer is not None:
            reviews = [store.get_review(summary.id, reviewer)]
        else:
            wanted = set(names or ())
            reviews = [r for r in store.reviews_of(summary.id) if r.reviewer in wanted]
        headings = store.suggestion_headings(summary.id)
        for review in reviews:
            yield summary, review, headings


def _entries(store, plan, reviewer: str | None):
    """The export's entries as dicts, one at a time."""
    for summary, review, headings in _planned_reviews(store, plan, reviewer):
        yield export_entry(summary, review, headings)


_FLUSH_PARTS = 4096  # lines gathered before a write (some 100 KB)


def _write_entries(write, store, plan, reviewer: str | None, count: int) -> tuple[int, int]:
    """Write the `replies:` list entry by entry; (entries, ratings) written."""
    if count == 0:
        write("replies: []\n")
        return 0, 0
    write("replies:\n")
    parts: list[str] = []
    entries = rated = 0
    for summary, review, headings in _planned_reviews(store, plan, reviewer):
        rated += _emit_entry(parts, summary, review, headings)
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
        "exported_at": _now_iso(now),
        "tool_version": tool_version(),
        "reviewers": reviewers,
        "status": status,
        "count": count,
    }


def export_ratings(
    store,
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
    reviewer = _check_export_args(store, reviewer, all_reviewers, status)
    plan, reviewers = _selection(store, reviewer, status)
    entries = list(_entries(store, plan, reviewer))
    doc = _header(reviewers, status, len(entries), now)
    doc["replies"] = entries
    return doc


@dataclass
class ExportSummary:
    """What `stream_ratings` wrote: for the CLI's one-line message."""

    count: int  # entries under `replies`
    rated: int  # non-null ratings in them
    reviewers: list[str]


def stream_ratings(
    store,
    out,
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
    from store.ratings import yaml_writer

    reviewer = _check_export_args(store, reviewer, all_reviewers, status)
    plan, reviewers = _selection(store, reviewer, status)
    count = sum(1 if names is None else len(names) for _, names in plan)
    write = yaml_writer.writer_for(out)
    yaml_writer.stream_mapping(write, _header(reviewers, status, count, now).items())
    entries, rated = _write_entries(write, store, plan, reviewer, count)
    if entries != count:  # cannot happen with a read-only snapshot; never write a lying count
        raise StoreError(f"{store.path}: the database changed during the export ({entries} entries, not {count}); export again")
    return ExportSummary(count=count, rated=rated, reviewers=reviewers)


def export_to_file(store, path: str | os.PathLike[str], **options: Any) -> ExportSummary:
    """`stream_ratings` into `path` atomically: a temporary file in the same folder,
    fsynced, then renamed over `path` (never a torn file; NotSavedError on a full disk).
    A path inside the database folder is refused (InputError)."""
    from store.folder import refuse_output_inside

    refuse_output_inside(store.path, path)
    with atomic_output(path) as f:
        return stream_ratings(store, f, **options)


def dump_ratings(doc: dict[str, Any]) -> str:
    """YAML text of a ratings (or merged) document: UTF-8, Chinese as written, order kept,
    multi-line notes as literal blocks, no anchors (see store/ratings/yaml_writer.py)."""
    from store.ratings import yaml_writer

    return yaml_writer.dump(doc)


def write_ratings(doc: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write `doc` to `path` atomically (temp file, fsync, rename): never a torn file.
    The text is streamed: a big list (the entries) is never joined into one string."""
    from store.ratings import yaml_writer

    with atomic_output(path) as f:
        yaml_writer.stream_mapping(yaml_writer.writer_for(f), doc.items())


# ---------------------------------------------------------------------------- import
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


def _load(path: str | os.PathLike[str]) -> YamlDoc:
    return load_yaml_file(path)


def _check_header(data: Any, name: str, doc: YamlDoc) -> str | None:
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "empty"
        return f"{name}: line 1: not a ratings export (the top level is {kind}, expected a mapping with 'schema: {SCHEMA_ID}')"
    schema = data.get("schema")
    line = doc.line_of(["schema"]) or 1
    if schema is None:
        return f"{name}: line 1: not a ratings export (no 'schema' field; expected 'schema: {SCHEMA_ID}')"
    if schema == MERGED_SCHEMA_ID:
        return (
            f"{name}: line {line}: this is a merged file ({MERGED_SCHEMA_ID}), not a reviewer's export; "
            "import the reviewers' own exports"
        )
    if isinstance(schema, str) and schema.startswith(SCHEMA_FAMILY) and schema != SCHEMA_ID:
        return (
            f"{name}: line {line}: schema {schema!r} is not supported by this cppcc-review "
            f"(it reads {SCHEMA_ID}); upgrade cppcc-review or export again with this version"
        )
    if schema != SCHEMA_ID:
        return f"{name}: line {line}: not a ratings export (schema {_short(schema)}, expected {SCHEMA_ID})"
    return None


def _check_labels(data: dict, name: str, doc: YamlDoc) -> list[str]:
    """The *_zh labels must agree with the English keys they stand beside."""
    problems = []

    def check(path: list, obj: dict, key: str, kind) -> None:
        label = obj.get(key + "_zh")
        if label is None:
            return
        value = obj.get(key)
        expected = zh(kind(value)) if value else None
        if label != expected:
            line = doc.line_of(path + [key + "_zh"])
            problems.append(
                f"{name}: line {line}: {_path_text(path + [key])}: {value!r} and its label {key}_zh {label!r} "
                f"disagree; change both (the English key is the one that counts) or delete {key}_zh"
            )

    for i, entry in enumerate(data.get("replies") or []):
        base = ["replies", i]
        for j, s in enumerate(entry.get("suggestions") or []):
            check(base + ["suggestions", j], s, "rating", Rating)
        for key, kind in _ASSESSMENT_ENUMS.items():
            check(base + ["assessment"], entry.get("assessment") or {}, key, kind)
        check(base, entry, "state", ReviewState)
    return problems


def _match(store, entry: dict, by_id: dict, by_hash: dict) -> tuple[str | None, str | None]:
    """(reply_id, None) or (None, problem)."""
    rid, chash = entry.get("reply_id"), entry.get("content_hash")
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


def _has_content(entry: dict) -> bool:
    if any(s.get("rating") or s.get("note") for s in entry.get("suggestions") or []):
        return True
    a = entry.get("assessment") or {}
    return any(a.get(k) for k in ("result", "attitude", "communication", "relevance", "opinion", "completed_at"))


def plan_import(store, path: str | os.PathLike[str]) -> tuple[ImportReport, list[_Op]]:
    """Read and validate a ratings file against `store`; nothing is written.

    Returns the report (with `errors` when the file must not be imported) and the list
    of store calls that importing it would make.
    """
    name = str(path)
    report = ImportReport(path=name)
    try:
        doc = _load(path)
    except YamlError as exc:
        report.errors.append(str(exc))
        return report, []
    data = doc.data
    header = _check_header(data, name, doc)
    if header:
        report.errors.append(header)
        return report, []
    report.errors.extend(schema_errors(data, name, doc))
    if report.errors:
        return report, []
    report.errors.extend(_check_labels(data, name, doc))
    entries = data["replies"]
    if data["count"] != len(entries):
        report.errors.append(
            f"{name}: line {doc.line_of(['count'])}: the file says it holds {data['count']} replies but has "
            f"{len(entries)}: it was cut short or edited; export it again"
        )
    summaries = store.summaries()
    by_id = {s.id: s for s in summaries}
    by_hash: dict[str, list] = {}
    for s in summaries:
        by_hash.setdefault(s.content_hash, []).append(s)

    ops: list[_Op] = []
    seen: dict[tuple[str, str], int] = {}
    reviewers: set[str] = set()
    for i, entry in enumerate(entries):
        line = doc.line_of(["replies", i])
        where = f"{name}: line {line}"
        if not _has_content(entry) and entry["reply_id"] not in by_id and entry["content_hash"] not in by_hash:
            report.skipped += 1
            continue
        rid, problem = _match(store, entry, by_id, by_hash)
        if problem:
            report.errors.append(f"{where}: {problem}")
            continue
        reviewer = entry["reviewer"].strip()
        key = (rid, reviewer)
        if key in seen:
            report.errors.append(
                f"{where}: reply {entry.get('doc_no') or rid} appears twice for reviewer {reviewer!r} "
                f"(first at line {seen[key]})"
            )
            continue
        seen[key] = line or 0
        reviewers.add(reviewer)
        report.replies += 1
        current = store.get_review(rid, reviewer)
        n = len(current.suggestions)
        headings = None
        indices: set[int] = set()
        for j, s in enumerate(entry["suggestions"]):
            index = s["index"]
            s_line = doc.line_of(["replies", i, "suggestions", j])
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
                    headings = store.suggestion_headings(rid)
                if headings[index - 1] != s["heading"]:
                    report.warnings.append(
                        f"{name}: line {s_line}: suggestion {index}'s heading differs from this database's "
                        f"({_short(s['heading'])} vs {_short(headings[index - 1])}); check its rating lines up"
                    )
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
                ops.append(_Op(rid, reviewer, "rating", index, rating, hint, note if note_differs else None, s.get("time")))
            elif note_differs:
                ops.append(_Op(rid, reviewer, "note", index, note, time=s.get("time")))
            else:
                report.unchanged += 1
        a = entry.get("assessment") or {}
        assessment = Assessment(
            **{k: (kind(a[k]) if a.get(k) else None) for k, kind in _ASSESSMENT_ENUMS.items()},
            opinion=a.get("opinion") or "",
            completed_at=a.get("completed_at"),
        )
        if assessment != Assessment():
            report.assessments += 1
        if assessment != current.assessment:
            ops.append(_Op(rid, reviewer, "assessment", None, assessment))
        else:
            report.unchanged += 1
    report.reviewers = sorted(reviewers)
    if report.errors:
        return report, []
    return report, ops


def _apply(store, ops: list[_Op], report: ImportReport) -> None:
    """Make the file's changes as one transaction (`ReviewStore.batch()`: one journal
    line): after an error, a full disk or a kill, all of them are in the database or none."""
    try:
        with store.batch():
            for op in ops:
                if op.kind == "rating":
                    store.set_rating(
                        op.reply_id, op.reviewer, op.index, op.value, hint_accepted=op.hint, note=op.note, time=op.time
                    )
                elif op.kind == "note":
                    store.set_note(op.reply_id, op.reviewer, op.index, op.value, time=op.time)
                else:
                    store.set_assessment(op.reply_id, op.reviewer, op.value)
    except StoreError as exc:
        report.errors.append(f"{report.path}: import stopped: {exc} - nothing was kept")
        report.changes = 0
        return
    report.changes = len(ops)
    report.applied = True


def import_ratings(store, path: str | os.PathLike[str], *, dry_run: bool = False) -> ImportReport:
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


def load_ratings_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], YamlDoc]:
    """A validated ratings document (no database needed; used by merge). Raises InputError
    with every problem on one line each (the first few)."""
    name = str(path)
    doc = _load(path)
    data = doc.data
    header = _check_header(data, name, doc)
    if header:
        raise InputError(header)
    problems = schema_errors(data, name, doc)
    if not problems:
        problems = _check_labels(data, name, doc)
        if data["count"] != len(data["replies"]):
            problems.append(
                f"{name}: line {doc.line_of(['count'])}: the file says it holds {data['count']} replies but has "
                f"{len(data['replies'])}: it was cut short or edited; export it again"
            )
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError(problems[0] + more)
    return data, doc


__all__ = [
    "ImportReport",
    "MERGED_SCHEMA_ID",
    "SCHEMA_ID",
    "ExportSummary",
    "dump_ratings",
    "export_entry",
    "export_ratings",
    "export_to_file",
    "import_ratings",
    "load_ratings_file",
    "load_schema",
    "plan_import",
    "schema_errors",
    "stream_ratings",
    "tool_version",
    "write_ratings",
]
