"""Combining several reviewers' ratings: merged files, disputes, and their resolution.

Files: `merge_exports(docs)` takes validated ratings exports (cppcc-review/ratings/v1,
see `cppcc_review.store.ratings.ratings_io.load_ratings_file`) and returns one document, schema
`cppcc-review/merged/v1` (documented in docs/ratings-format.md, fixed by
store/ratings/merged.schema.json), that keeps every reviewer's rating of every suggestion and
marks each suggestion:

  agreed     two or more reviewers rated it, all alike (the consensus is that rating)
  disputed   two or more reviewers rated it, not all alike
  single     exactly one reviewer rated it
  unrated    nobody rated it

With `resolve="majority"` a disputed suggestion gets a proposed consensus when one
rating was given by more than half of the reviewers who rated it (so never with two
reviewers who disagree). Replies are matched across files by their content hash: the
text that was rated, whatever id each machine computed.

Database: `disputes(store)` lists the suggestions of the database on which its
reviewers disagree (and, marked `outdated`, those they agree on now that still hold a
resolution stored before: it counts nowhere and is listed to be cleared), and `resolve_dispute(store, ...)` settles one. A resolution is
stored through the store's public API as the rating of the reserved reviewer
`CONSENSUS` ("consensus"), with the note "resolved by <who> at <time>[: comment]";
the store's change history keeps the trail. The consensus reviewer is left out of
agreement figures and counts as the verdict in statistics while the reviewers disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from ..clock import now_iso, tool_version
from ..db import ReviewStore
from ..errors import InputError, NotFoundError, StoreError
from ..labels import label
from ..model import CONSENSUS, Rating, ReplySummary, Review
from .agreement import (
    MIN_ITEMS,
    Agreement,
    PairAgreement,
    agreement,
    agreement_by_group,
)
from .agreement_text import agreement_lines
from .merge_words import UNKNOWN_KEY, MergeWarning, en_count, group_name, merge_word, rating_text, warning_text
from .ratings_file import MERGED_SCHEMA_ID

RESOLVE_MODES = ("majority",)

# kind and co_handlers: absent from files exported before they were written (None, [] there)
_META_KEYS = ("doc_no", "proposal_no", "kind", "title", "proposers", "handler", "co_handlers", "date", "declared_result",
              "content_hash", "reply_id")


def classify(ratings: Sequence[str | None]) -> str:
    """agreed / disputed / single / unrated for the ratings of one suggestion."""
    given = [r for r in ratings if r]
    if not given:
        return "unrated"
    if len(given) == 1:
        return "single"
    return "agreed" if len(set(given)) == 1 else "disputed"


_Given = TypeVar("_Given", bound=str)


def majority(ratings: Sequence[_Given | None]) -> _Given | None:
    """The rating given by more than half of those who rated, if any (also stats' rule for
    a suggestion's and a satisfaction's verdict)."""
    given = [r for r in ratings if r]
    if not given:
        return None
    value, count = Counter(given).most_common(1)[0]
    return value if count * 2 > len(given) else None


def merge_exports(
    docs: Sequence[dict[str, Any]],
    *,
    names: Sequence[str] | None = None,
    resolve: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Merge validated ratings documents (`names`: their file names, for the record)."""
    if resolve is not None and resolve not in RESOLVE_MODES:
        raise InputError(f"unknown --resolve mode {resolve!r} (known: {', '.join(RESOLVE_MODES)})")
    names = list(names) if names is not None else [f"#{i + 1}" for i in range(len(docs))]
    warnings: list[str] = []
    replies = _gather(docs, names, warnings)
    all_reviewers = sorted({r for m in replies.values() for r in m["_reviewers"]} - {CONSENSUS})
    tally = _Tally()
    out_replies = [
        _merged_reply(key, merged, resolve, tally)
        for key, merged in sorted(replies.items(), key=lambda kv: (kv[1].get("handler") or "", kv[1].get("date") or "", kv[1].get("doc_no") or "", kv[0]))
    ]
    paired = sorted({r for rated in tally.items.values() for r in rated})
    # two reviewers who never rated the same suggestion are still two: "none rated by both", not "fewer than two"
    overall = agreement(tally.items, paired if len(paired) >= 2 else all_reviewers)
    by_handler = agreement_by_group(tally.items, tally.group_of)
    counts = tally.counts
    return {
        "schema": MERGED_SCHEMA_ID,
        "merged_at": now_iso(now),
        "tool_version": tool_version(),
        "sources": [
            {
                "file": names[i],
                "exported_at": docs[i].get("exported_at"),
                "reviewers": sorted({e["reviewer"].strip() for e in docs[i].get("replies") or []}),
            }
            for i in range(len(docs))
        ],
        "reviewers": all_reviewers,
        "resolve": resolve,
        "summary": {
            "replies": len(out_replies),
            "suggestions": sum(len(r["suggestions"]) for r in out_replies),
            "agreed": counts["agreed"],
            "disputed": counts["disputed"],
            "disputed_majority": counts["disputed_majority"],
            "disputed_none": counts["disputed"] - counts["disputed_majority"],
            "single": counts["single"],
            "unrated": counts["unrated"],
            "consensus_proposed": counts["resolved"],
        },
        "agreement": {
            "overall": overall.to_dict(),
            "by_handler": {g or UNKNOWN_KEY: a.to_dict() for g, a in by_handler.items()},
        },
        "warnings": warnings,
        "replies": out_replies,
    }


def _gather(docs: Sequence[dict[str, Any]], names: list[str], warnings: list[str]) -> dict[str, dict[str, Any]]:
    """Every reviewer's entries gathered by the text they rated (content hash -> reply
    with `_reviewers` and `_suggestions`); a reviewer's newer file wins over an older one."""
    replies: dict[str, dict[str, Any]] = {}  # content hash -> merged reply
    chosen: dict[tuple[str, str], tuple[str, str]] = {}  # (hash, reviewer) -> (exported_at, source)
    ids_to_hashes: dict[str, set[str]] = {}
    # (file, reviewer, file kept, its export time) -> the replies rated in both: one warning per pair of files
    overlaps: dict[tuple[str, str, str, str], list[str]] = {}
    layouts: dict[str, tuple[int, tuple[int, str, str]]] = {}  # the text rated -> (its suggestions, whose file)
    # Newest export first, so that a reviewer's newer file wins over an older one.
    order = sorted(range(len(docs)), key=lambda i: str(docs[i].get("exported_at") or ""), reverse=True)
    for i in order:
        doc, source = docs[i], names[i]
        for entry in doc.get("replies") or []:
            # the text rated; without 文号, what it says (its .txt and its .docx are one reply)
            key = f"key:{entry['text_key']}" if entry.get("text_key") and not entry.get("doc_no") else entry["content_hash"]
            reviewer = entry["reviewer"].strip()
            ids_to_hashes.setdefault(entry["reply_id"], set()).add(key)
            if (key, reviewer) in chosen:
                kept_at, kept_from = chosen[(key, reviewer)]
                overlaps.setdefault((source, reviewer, kept_from, kept_at), []).append(
                    entry.get("doc_no") or entry["reply_id"])
                continue
            chosen[(key, reviewer)] = (str(doc.get("exported_at")), source)
            _same_layout(layouts, key, entry, (i, source, reviewer))
            merged = replies.get(key)
            if merged is None:
                merged = {k: entry.get(k) for k in _META_KEYS}
                merged["proposers"] = list(entry.get("proposers") or [])
                merged["co_handlers"] = list(entry.get("co_handlers") or [])
                merged["_suggestions"] = {}
                merged["_reviewers"] = {}
                replies[key] = merged
            if merged.get("kind") is None and entry.get("kind"):  # (a file exported before kind was written came first)
                merged["kind"], merged["co_handlers"] = entry["kind"], list(entry.get("co_handlers") or [])
            merged["_reviewers"][reviewer] = {
                "state": entry["state"],
                "assessment": entry.get("assessment") or {},
            }
            for s in entry.get("suggestions") or []:
                slot = merged["_suggestions"].setdefault(s["index"], {"heading": s.get("heading"), "ratings": {}, "notes": {}})
                if not slot["heading"] and s.get("heading"):
                    slot["heading"] = s["heading"]
                slot["ratings"][reviewer] = s.get("rating")
                if s.get("note"):
                    slot["notes"][reviewer] = s["note"]
    for (source, reviewer, kept_from, kept_at), rated in overlaps.items():
        warnings.append(MergeWarning("w.overlap", source=source, reviewer=reviewer, count=len(rated), first=rated[0],
                                     kept_from=kept_from, kept_at=kept_at))
    for rid, hashes in sorted(ids_to_hashes.items()):
        if len(hashes) > 1:
            warnings.append(MergeWarning("w.texts", rid=rid, n=len(hashes)))
    return replies


def _same_layout(layouts: dict[str, tuple[int, tuple[int, str, str]]], key: str, entry: dict[str, Any],
                 whose: tuple[int, str, str]) -> None:
    """Refuse the merge (InputError, code merge_layouts) when the reply's suggestions are not the same in
    two exports: its suggestions were merged or split in one database and not (or otherwise) in the
    other, so suggestion 3 of one file is not suggestion 3 of the other, and comparing them by number
    would count agreements and disputes between different texts (as import-ratings refuses them).
    `whose`: (the file's place among the files given, its name, the reviewer); the line names the
    two files in the order they were given."""
    n = len(entry.get("suggestions") or [])
    seen = layouts.setdefault(key, (n, whose))
    if seen[0] != n:
        (first_n, (_, first, first_reviewer)), (second_n, (_, second, second_reviewer)) = sorted(
            [seen, (n, whose)], key=lambda layout: layout[1][0])
        reply = entry.get("doc_no") or entry["reply_id"]
        raise InputError(
            f"reply {reply}: its suggestions were merged or split differently in the exports: {first} "
            f"({first_reviewer}) has {first_n}, {second} ({second_reviewer}) has {second_n}; make them the same "
            "in both databases (m / S in the app) and export again; nothing was merged",
            code="merge_layouts", reply=reply, first=first, first_reviewer=first_reviewer, first_n=first_n,
            second=second, second_reviewer=second_reviewer, second_n=second_n)


@dataclass
class _Tally:
    """What the merged suggestions add up to: the counts of the summary, and the ratings
    of every suggestion two reviewers or more rated (for agreement)."""

    counts: Counter[str] = field(default_factory=Counter)
    items: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    group_of: dict[tuple[str, int], str] = field(default_factory=dict)


def _merged_reply(key: str, merged: dict[str, Any], resolve: str | None, tally: _Tally) -> dict[str, Any]:
    reviewers = sorted(merged["_reviewers"])
    suggestions = []
    for index in sorted(merged["_suggestions"]):
        slot = merged["_suggestions"][index]
        ratings = {r: slot["ratings"].get(r) for r in reviewers if r in slot["ratings"] and r != CONSENSUS}
        status = classify(list(ratings.values()))
        tally.counts[status] += 1
        if status == "disputed" and majority(list(ratings.values())):
            tally.counts["disputed_majority"] += 1
        consensus, by = None, None
        settled = slot["ratings"].get(CONSENSUS)
        if settled and status == "disputed":  # (a resolution of a suggestion now agreed on is outdated)
            consensus, by = settled, "resolution"
        elif status == "agreed":
            consensus, by = next(v for v in ratings.values() if v), "agreed"
        elif status == "disputed" and resolve == "majority":
            consensus = majority(list(ratings.values()))
            by = "majority" if consensus else None
        if status == "disputed" and consensus:
            tally.counts["resolved"] += 1
        rated = {r: v for r, v in ratings.items() if v}
        if len(rated) >= 2:
            tally.items[(key, index)] = rated
            tally.group_of[(key, index)] = merged.get("handler") or ""
        suggestions.append(
            {
                "index": index,
                "heading": slot["heading"],
                "status": status,
                "ratings": dict(ratings.items()),
                "notes": dict(sorted(slot["notes"].items())),
                "consensus": consensus,
                "consensus_zh": label(Rating(consensus)) if consensus else None,
                "consensus_by": by,
            }
        )
    out = {k: merged[k] for k in _META_KEYS}
    out["suggestions"] = suggestions
    out["reviews"] = {
        r: {"state": merged["_reviewers"][r]["state"], "assessment": merged["_reviewers"][r]["assessment"]}
        for r in reviewers
    }
    return out


def _agreement_from_dict(d: dict[str, Any]) -> Agreement:
    over_two = d.get("rated_by_two_or_more") or {}
    return Agreement(
        raters=d["raters"],
        items=d["items"],
        percent=d["percent_agreement"],
        kappa=d["kappa"],
        method=d["method"],
        pairs=[
            PairAgreement(p["a"], p["b"], p["items"], p["percent_agreement"], p["cohen_kappa"], p.get("agreed", 0))
            for p in d["pairs"]
        ],
        agreed=d.get("agreed", 0),
        pairable=over_two.get("items", 0),
        pairable_agreed=over_two.get("agreed", 0),
        alpha=over_two.get("alpha"),
        min_items=d.get("min_items", MIN_ITEMS),
    )


def disputed_words(disputed: int, with_majority: int, lang: str = "en") -> str:
    """The one wording of the disputed figure, in `merge`, `stats` and the app's statistics:
    "disputed 26 (majority 20, none 6)" / "争议 26（多数 20，无多数 6）"."""
    return merge_word("disputed", lang, n=disputed, majority=with_majority, none=disputed - with_majority)


def _proposal(sg: dict[str, Any], lang: str) -> str:
    """What the report proposes for a disputed suggestion: the consensus taken, else the
    majority the reviewers' ratings hold (and how to take it), else that none holds one."""
    if sg["consensus"]:
        return f"       -> {sg['consensus_by']}: {rating_text(sg['consensus'], lang)}"
    given = [v for v in sg["ratings"].values() if v]
    top = majority(given)
    if top is None:
        return merge_word("no_majority", lang)
    count = sum(1 for v in given if v == top)
    return merge_word("majority", lang, count=count, total=len(given), rating=rating_text(top, lang))


def disputes_report(merged: dict[str, Any], lang: str = "en") -> str:
    """The text `cppcc-review merge` prints: totals, agreement, then each disputed suggestion,
    all in `lang` (store/ratings/merge_words.py); names and notes as the files hold them."""
    s = merged["summary"]
    lines = [
        merge_word("merged", lang, files=len(merged["sources"]), n=len(merged["reviewers"]),
                   names=", ".join(merged["reviewers"]) or merge_word("nobody", lang),
                   replies=s["replies"], suggestions=s["suggestions"],
                   files_en=en_count(len(merged["sources"]), "file"),
                   n_en=en_count(len(merged["reviewers"]), "reviewer"),
                   replies_en=en_count(s["replies"], "reply", "replies"),
                   suggestions_en=en_count(s["suggestions"], "suggestion")),
        merge_word("counts", lang, agreed=s["agreed"],
                   disputed=disputed_words(s["disputed"], s.get("disputed_majority", 0), lang),
                   single=s["single"], unrated=s["unrated"], proposed=s["consensus_proposed"]),
        "",
    ]
    ag = merged["agreement"]
    by_group = {group_name(g) or "": _agreement_from_dict(a) for g, a in ag["by_handler"].items()}
    lines += agreement_lines(_agreement_from_dict(ag["overall"]), by_group if len(by_group) > 1 else None, lang)
    disputed = [(r, sg) for r in merged["replies"] for sg in r["suggestions"] if sg["status"] == "disputed"]
    lines.append("")
    if not disputed:
        lines.append(merge_word("no_disputes", lang))
    else:
        lines.append(merge_word("disputes", lang, n=len(disputed)))
        last = None
        for reply, sg in disputed:
            if reply is not last:
                lines.append(f"  {reply.get('doc_no') or reply['reply_id']}  {reply.get('handler') or ''}  {reply.get('title') or ''}".rstrip())
                last = reply
            lines.append(f"    {sg['index']}. {sg.get('heading') or merge_word('no_heading', lang)}")
            lines.append("       " + "; ".join(f"{r}: {rating_text(v, lang)}" for r, v in sg["ratings"].items()))
            for r, note in sg["notes"].items():
                lines.append(merge_word("note", lang, reviewer=r, note=" ".join(note.split())))
            lines.append(_proposal(sg, lang))
    lines += [warning_text(w, lang) for w in merged.get("warnings") or []]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- database
_RESOLVED = re.compile(r"^resolved by (?P<by>.+?) at (?P<at>\d{4}-\d\d-\d\dT\S+)(?:: (?P<comment>.*))?$", re.S)


@dataclass
class Dispute:
    """A suggestion on which the database's reviewers disagree."""

    reply_id: str
    doc_no: str | None
    title: str | None
    handler: str | None
    index: int
    heading: str | None
    ratings: dict[str, Rating]  # reviewer -> rating (reviewers who rated it)
    notes: dict[str, str] = field(default_factory=dict)
    majority: Rating | None = None
    resolution: Rating | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None
    comment: str = ""
    outdated: bool = False
    """Not disputed any more, but a resolution stored before the reviewers came to agree (or before one
    took a rating back) is still there: listed so that it can be cleared; it counts nowhere."""

    @property
    def resolved(self) -> bool:
        return self.resolution is not None


def _resolution_of(review: Review | None, index: int) -> tuple[Rating | None, str | None, str | None, str]:
    if review is None or index > len(review.suggestions):
        return None, None, None, ""
    sr = review.suggestions[index - 1]
    if sr.rating is None:
        return None, None, None, ""
    m = _RESOLVED.match(sr.note or "")
    if not m:
        return sr.rating, None, sr.time, sr.note or ""
    return sr.rating, m.group("by"), m.group("at"), m.group("comment") or ""


def _disputes_of(store: ReviewStore, summary: ReplySummary, reviews: list[Review]) -> list[Dispute]:
    consensus = next((r for r in reviews if r.reviewer == CONSENSUS), None)
    people = [r for r in reviews if r.reviewer != CONSENSUS]
    if len(people) < 2 and consensus is None:
        return []
    found = []
    n = max((len(r.suggestions) for r in reviews), default=0)
    for index in range(1, n + 1):
        ratings = {
            r.reviewer: rating
            for r in people
            if index <= len(r.suggestions) and (rating := r.suggestions[index - 1].rating) is not None
        }
        resolution, by, at, comment = _resolution_of(consensus, index)
        outdated = len(set(ratings.values())) < 2
        if outdated and resolution is None:
            continue
        notes = {r.reviewer: r.suggestions[index - 1].note for r in people if index <= len(r.suggestions) and r.suggestions[index - 1].note}
        top = majority([v.value for v in ratings.values()])
        found.append(
            Dispute(
                reply_id=summary.id,
                doc_no=summary.doc_no,
                title=summary.title,
                handler=summary.handler,
                index=index,
                heading=None,
                ratings=ratings,
                notes=notes,
                majority=Rating(top) if top else None,
                resolution=resolution,
                resolved_by=by,
                resolved_at=at,
                comment=comment,
                outdated=outdated,
            )
        )
    return found


def disputes(store: ReviewStore, *, include_resolved: bool = True) -> list[Dispute]:
    """Every disputed suggestion in the database, in inbox order (handler, date, 文号).

    Reads reviews from memory; only replies with a dispute have their file read (for the
    suggestion headings).
    """
    found: list[Dispute] = []
    for summary in sorted(store.summaries(), key=lambda s: (s.handler or "", s.date or "", s.doc_no or "", s.id)):
        reviews = store.reviews_of(summary.id)
        if len(reviews) < 2:
            continue
        these = _disputes_of(store, summary, reviews)
        if not include_resolved:
            these = [d for d in these if not d.resolved]
        if these:
            headings = _headings(store, summary.id)
            for d in these:
                d.heading = headings[d.index - 1] if d.index <= len(headings) else None
            found.extend(these)
    return found


def _headings(store: ReviewStore, reply_id: str) -> list[str | None]:
    """The reply's suggestion headings, from its index entry (its text is read only for an entry from
    before headings were kept there); none when that text is gone or damaged: its disputes are
    listed without them, not the list refused for one reply's file."""
    try:
        return store.suggestion_headings(reply_id)
    except StoreError:
        return []


def resolve_dispute(
    store: ReviewStore,
    reply_id: str,
    index: int,
    rating: Rating | str | None,
    by: str,
    *,
    comment: str = "",
    now: datetime | None = None,
) -> Dispute | None:
    """Settle suggestion `index` of `reply_id` as `rating` (None takes a resolution back).

    Stored durably as the CONSENSUS reviewer's rating with the note
    "resolved by <by> at <time>[: comment]". Refused (InputError, code not_disputed) when the
    reviewers' ratings, read now, no longer disagree on it; taking a resolution back never is.
    Returns the dispute as it now stands (None if the reviewers no longer disagree on it).
    """
    by = (by or "").strip()
    if not by:
        raise InputError("who resolves the dispute? a reviewer name is needed (--reviewer NAME)")
    if by == CONSENSUS:
        raise InputError(f"{CONSENSUS!r} is reserved for resolutions; resolve under your own name")
    rating = Rating(rating) if rating else None
    rid = store.resolve(reply_id)
    review = store.get_review(rid, by)
    if not 1 <= index <= len(review.suggestions):
        raise NotFoundError(f"reply {rid} has no suggestion {index} (it has {len(review.suggestions)})",
                            code="no_suggestion", rid=rid, index=index, n=len(review.suggestions))
    # Checked and written under the write lock (a batch reads what others wrote first): the
    # reviewers' ratings as they are now, not as a list read earlier showed them; a resolution of
    # a suggestion they agree on would override their common rating.
    with store.batch():
        # (clearing is never refused: the disputes are worked out only for a rating)
        if rating is not None and index not in {
                d.index for d in _disputes_of(store, store.summary(rid), store.reviews_of(rid)) if not d.outdated}:
            raise InputError(f"reply {rid}, suggestion {index}: not disputed any more (the reviewers now agree, "
                             "or only one rated it); not settled, nothing written", code="not_disputed", rid=rid, index=index)
        # Rating and note in one store call (one journal line): a resolution is never
        # stored without who made it.
        if rating is None:
            store.set_rating(rid, CONSENSUS, index, None, note="")
        else:
            stamp = now_iso(now)
            note = f"resolved by {by} at {stamp}" + (f": {comment.strip()}" if comment.strip() else "")
            store.set_rating(rid, CONSENSUS, index, rating, note=note)
    for d in _disputes_of(store, store.summary(rid), store.reviews_of(rid)):
        if d.index == index:
            headings = _headings(store, rid)
            d.heading = headings[index - 1] if index <= len(headings) else None
            return d
    return None


def store_agreement(store: ReviewStore, *, by_handler: bool = True) -> tuple[Agreement, dict[str, Agreement]]:
    """Agreement of the database's reviewers (the consensus reviewer left out), overall
    and per handling unit; from memory, no reply file is read."""
    items: dict[tuple[str, int], dict[str, str]] = {}
    group_of: dict[tuple[str, int], str] = {}
    for summary in store.summaries():
        reviews = [r for r in store.reviews_of(summary.id) if r.reviewer != CONSENSUS]
        if len(reviews) < 2:
            continue
        n = max(len(r.suggestions) for r in reviews)
        for index in range(1, n + 1):
            rated = {
                r.reviewer: rating.value
                for r in reviews
                if index <= len(r.suggestions) and (rating := r.suggestions[index - 1].rating) is not None
            }
            if len(rated) >= 2:
                items[(summary.id, index)] = rated
                group_of[(summary.id, index)] = summary.handler or ""
    overall = agreement(items, sorted({r for rated in items.values() for r in rated}))
    groups = agreement_by_group(items, group_of) if by_handler else {}
    return overall, groups


__all__ = [
    "CONSENSUS",
    "MERGED_SCHEMA_ID",
    "Dispute",
    "agreement_lines",
    "classify",
    "disputed_words",
    "disputes",
    "disputes_report",
    "majority",
    "merge_exports",
    "resolve_dispute",
    "store_agreement",
]
