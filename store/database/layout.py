"""The database's fixed names and the small functions every part of the store shares:
the schema version, table prefixes, meta.json's version, the reply id, a summary row's
fields. Imported by the store's parts (cppcc_review.store.database.*), maintenance and restore, so
that none of them needs cppcc_review.store.db (the façade that imports them)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import summary
from ..anchors import anchors_of
from ..atomic import fsync_dir
from ..clock import now_iso, tool_version
from ..errors import Problem, StoreError
from ..journal import HISTORY_PREFIX, JOURNAL
from ..manifest import MANIFEST, Manifest
from ..model import Change, Reply, Suggestion

# 1: the first release. 2: manifest.json with every file's checksum, a journal that names
# itself in its first line, reply checksums in the index. 3: shards, reply packs, the
# summary (cppcc_review.store.migrate upgrades 1 and 2 to 3).
SCHEMA_VERSION = 3

REPLY_CACHE = 64  # parsed replies kept in memory (the reviewer moves between a few)
SHARD_CACHE_BYTES = 4 << 20  # checked shard bytes kept in memory (some 10 of the largest shards at 100,000 replies; one is read and checked in about a millisecond)
META_TABLE = "_meta"
REVIEWS = "r:"  # + reply id: the reply's reviews and layout (small; journaled whole)
HISTORY = HISTORY_PREFIX  # "h:" + reply id: the reply's change documents (only grow; journaled by append)
DRAFTS = "drafts"  # key of a review doc: {anchor or "opinion": text being typed} (set_draft)
OPINION_DRAFT = "opinion"




def compute_reply_id(reply: Reply) -> str:
    """The reply's id: the parser's `reply_id` (the rule in docs/architecture.md)."""
    from ..reading.parser import reply_id

    return reply_id(reply)


def build_suggestion(lines: list[str], start: int, end: int, index: int) -> Suggestion:
    # Imported when a split / merge is applied, not at start: the parser's modules are
    # not needed to read and write reviews.
    from ..reading.parse_sections import build_suggestion as build

    return build(lines, start, end, index)


def layout_suggestions(lines: list[str], ranges: Sequence[Sequence[int]], parsed: Sequence[Suggestion]) -> list[Suggestion]:
    """The suggestions a reviewer's split / merge (`ranges`) makes of a reply's `lines`: each range
    built as the parser builds one, except that a range merged from a `parsed` suggestion and what
    follows it keeps that suggestion's heading (the parser reads a range of 一是… then 二是… as a list
    whose first item is no heading: the merged one showed （无标题）)."""
    from ..reading.parse_sections import build_suggestion as build

    by_start = {s.start: s for s in parsed}
    out = []
    for i, (start, end) in enumerate(ranges, start=1):
        built = build(lines, start, end, i)
        first = by_start.get(start)
        if built.heading is None and first is not None and first.heading and start < first.end < end:
            head = build(lines, start, first.end, i)
            if head.heading == first.heading:
                text = "\n".join(part for part in (head.text, *lines[first.end:end]) if part)
                built = replace(built, heading=head.heading, text=text)
        out.append(built)
    return out


def meta_version(raw: bytes) -> int | None:
    """The integer schema_version of meta.json's bytes (None: not a valid meta file)."""
    try:
        version = json.loads(raw.decode("utf-8"))["schema_version"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    return version if type(version) is int else None


def make_folder(path: Path) -> None:
    """Create the database folder (and its parents), durably: a folder is a name in its
    parent, which must be fsynced for the name to survive a power cut."""
    if path.is_dir():
        return
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        at = at.parent
    blocking = next((at for at in [path, *path.parents] if at.exists() and not at.is_dir()), None)
    if blocking is not None:  # (mkdir would only say "File exists")
        if blocking == path:
            raise StoreError(f"{path}: is a file, not a database folder; give --db a folder", code="db_is_file_give",
                             path=path)
        raise StoreError(f"{path}: cannot create the database folder: {blocking} is a file", code="db_blocked",
                         path=path, blocking=blocking)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database folder ({exc.strerror})", code="db_uncreatable",
                         path=path, reason=exc.strerror) from exc
    for made in reversed(missing):
        fsync_dir(made.parent)


OLDER_DATA = ("index.json", "reviews.json", "history.json")
"""An older release's data files (schema 1 and 2: one file each, before shards)."""
OUR_FILES = ("meta.json", JOURNAL, MANIFEST, *OLDER_DATA)
"""The files at the top of a database folder of ours (this release's and an older one's)."""
_OURS = (*OUR_FILES, "backups", "index", "reviews", "changes", "names", "summary", "replies", "history")
"""Names that only a database of ours (or one cut short while being made) holds: `lock` and `sessions` are
not among them (an older release made them even in a folder it then refused)."""

# What marks a folder as a database of ours besides meta.json (a common name alone): this
# release's journal or manifest, or an older release's index or reviews (history.json alone,
# a common name too, is not enough).
_DATABASE_MARKS = tuple(name for name in OUR_FILES if name not in ("meta.json", "history.json"))


def database_holding(path: str | os.PathLike[str]) -> Path | None:
    """The database folder that `path` names or lies in (its folder or one above it, once `~`,
    `..` and symbolic links are resolved: meta.json and one of _DATABASE_MARKS), or None."""
    at = Path(os.path.realpath(Path(path).expanduser()))
    for folder in (at, *at.parents):
        if (folder / "meta.json").is_file() and any((folder / name).exists() for name in _DATABASE_MARKS):
            return folder
    return None


def foreign_manifest(path: Path) -> bool:
    """Whether the folder's manifest.json is another program's (a JSON object whose `format` is not
    one of ours) and nothing else of a database is there: a folder made by another program, not a
    damaged database (`db restore` would move that program's file aside and write ours among its files)."""
    if any((path / name).exists() for name in OUR_FILES if name != MANIFEST):
        return False
    try:
        data = json.loads((path / MANIFEST).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False  # missing, unreadable or damaged: not known to be another program's
    return not isinstance(data, dict) or not str(data.get("format", "")).startswith("cppcc-review/")


def refuse_foreign(path: Path) -> None:
    """Refuse (StoreError not_our_database) a folder another program made (foreign_manifest): opening
    it would call it damaged, and restoring it would write a database among that program's files."""
    if foreign_manifest(path):
        raise StoreError(f"{path}: not a cppcc-review database (its manifest.json is another program's); "
                         "choose another folder with --db", code="not_our_database", path=path)


def refuse_not_empty(path: Path) -> None:
    """Refuse (StoreError folder_not_empty) to make a new database in a folder that holds other
    files and nothing of a database (`import --db .` in a project's folder would write meta.json,
    reviews.journal and six folders among them). Hidden files (.DS_Store) do not count."""
    try:
        names = [entry.name for entry in os.scandir(path)]
    except (FileNotFoundError, NotADirectoryError):
        return  # (made new, or not a folder: said elsewhere)
    except OSError:
        return  # (unreadable: the opening says why)
    if any(name in _OURS for name in names):
        return
    others = sorted(n for n in names if not n.startswith(".") and n not in ("lock", "sessions"))
    if others:
        raise StoreError(f"{path}: holds other files ({others[0]}, {len(others)} in all) and no database; "
                         "give a new or empty folder with --db", code="folder_not_empty", path=path,
                         example=others[0], n=len(others))


def has_data(path: Path) -> bool:
    """Whether the folder holds a database's data (not only a creation cut short)."""
    if any((path / name).exists() for name in (*OLDER_DATA, MANIFEST)):
        try:
            if (path / MANIFEST).exists() and not any((path / n).exists() for n in OLDER_DATA[:2]):  # (index, reviews)
                return bool(Manifest.from_bytes((path / MANIFEST).read_bytes()).shards)
        except (OSError, Problem):
            return True
        return True
    try:
        with open(path / JOURNAL, "rb") as f:
            f.readline()
            return bool(f.read(1))  # a line after the first
    except OSError:
        return False


def anchors(ranges: list[list[int]]) -> list[str]:
    return anchors_of(ranges)


# How summary_values() reads each ReplySummary field from a summary row (cppcc_review.store.summary.FIELDS).
_AT = {name: i for i, name in enumerate(summary.FIELDS)}
_SUMMARY_FIELDS: dict[str, str] = {
    "id": f"row[{_AT['id']}]",
    "doc_no": f"row[{_AT['doc_no']}]",
    "proposal_no": f"row[{_AT['proposal_no']}]",
    "kind": f"(row[{_AT['kind']}] or 'reply')",
    "title": f"row[{_AT['title']}]",
    "proposers": f"tuple(row[{_AT['proposers']}] or ())",
    "handler": f"row[{_AT['handler']}]",
    "date": f"row[{_AT['date']}]",
    "declared_result": f"row[{_AT['declared_result']}]",
    "n_suggestions": f"count_of(row[{_AT['ranges']}])",
    "content_hash": f"(row[{_AT['content_hash']}] or '')",
    "source_name": f"row[{_AT['source_name']}]",
    "ranges": f"unpack_ranges(row[{_AT['ranges']}])",  # the parsed suggestions' line ranges (None: not kept)
}
ROW_FIELDS = ("id", "doc_no", "proposal_no", "kind", "title", "proposers", "handler", "date", "declared_result",
               "n_suggestions", "content_hash", "source_name")
_GETTERS: dict[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] = {}


def summary_getter(fields: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """One function that reads `fields` from a summary row into a tuple: a single call per
    reply instead of one per field (100,000 replies x 9 fields)."""
    getter = _GETTERS.get(fields)
    if getter is None:
        parts = "".join(_SUMMARY_FIELDS[name] + ", " for name in fields)  # only the fixed expressions above
        namespace: dict[str, Any] = {"tuple": tuple, "count_of": summary.count_of, "unpack_ranges": summary.unpack_ranges}
        exec(f"def getter(row):\n    return ({parts})\n", namespace)
        getter = _GETTERS[fields] = namespace["getter"]
    return getter


def change_from_doc(doc: dict[str, Any], reply_id: str = "", seq: int = 0) -> Change:
    before, after = change_values(doc)
    return Change(
        seq=doc.get("seq", seq),
        time=doc.get("time", ""),
        reviewer=doc.get("reviewer", ""),
        reply_id=doc.get("reply_id", reply_id),
        action=doc.get("action", ""),
        index=doc.get("index"),
        before=before,
        after=after,
    )




def new_meta() -> dict[str, Any]:
    """meta.json of a new database."""
    return {"schema_version": SCHEMA_VERSION, "created": now_iso(), "tool_version": tool_version()}


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


def make_summary_doc(rid: str, reply: Reply, content_hash: str | None = None) -> dict[str, Any]:
    """A reply's index entry (what every command reads without the text)."""
    entry = {
        "id": rid,
        "doc_no": reply.doc_no,
        "proposal_no": reply.proposal_no,
        "kind": reply.kind.value,
        "title": reply.title,
        "proposers": list(reply.proposers),
        "handler": reply.handler,
        # kept even when empty: an entry without the key is older, and its text says (ReviewStore.co_handlers)
        "co_handlers": list(reply.co_handlers),
        "date": reply.date,
        "declared_result": reply.declared_result,
        "n_suggestions": len(reply.suggestions),
        "content_hash": content_hash or reply.content_hash,
        # a reply without 文号 is recognised by what its text says (cppcc_review.store.reply_links)
        "text_key": None if reply.doc_no else reply.text_key,
        "source_name": reply.source.name if reply.source else None,
        # The parsed suggestions' line ranges, headings and text hashes: progress,
        # exports and `rate` need them without reading the text.
        "ranges": [[s.start, s.end] for s in reply.suggestions],
        "headings": [s.heading for s in reply.suggestions],
        "hashes": [s.text_hash for s in reply.suggestions],
    }
    # What is not there reads as None (and the kind as "reply"): left out.
    return {k: v for k, v in entry.items() if v is not None and not (k == "kind" and v == "reply")}

