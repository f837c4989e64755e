"""Statistics per handling unit, proposer or year: what the committee reports.

For each group: replies, suggestions, how many suggestions were adopted / partially
adopted / explained (counts, and shares of all the group's suggestions: the ones not
rated, or disputed with no verdict, count in the whole), the satisfaction
assessments (满意 / 基本满意 / 不满意 of the 办理结果 field) with the satisfaction rate
as offices report it (满意率 = 满意 / assessed, and 满意和基本满意率 = (满意 + 基本满意)
/ assessed), the communication rate (沟通率: assessed replies whose unit contacted the
proposer), and the replies still to review.

Whose judgement counts:
* with `reviewer`: that reviewer's ratings and completed assessments; a reply is to
  review until that reviewer's assessment is completed.
* without: one verdict per suggestion and per reply. A resolution (the `consensus`
  reviewer, see cppcc_review.store.ratings.merge) wins while the reviewers disagree (one stored
  before they came to agree is outdated and left out); else the reviewers' common rating; else a strict
  majority of those who rated; else it has no verdict (not rated). Every suggestion the
  reviewers rated differently counts as `disputed`, split into `disputed_majority` (a
  strict majority holds, and is the verdict unless a resolution says otherwise) and
  `disputed_none` (no majority: settled only by a resolution), the words and figures
  `merge` reports.
  Assessments the same way, on the 办理结果 field, over completed assessments. A reply
  is to review until somebody completed its assessment.

Reads only the summary and the review tables (store.summary_values /
store.review_tables: every review shard once), never a reply's text, so it stays fast at
100,000 replies. `aggregate` and `totals`
are pure functions over `ReplyRow`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypeVar

from .model import Assessment, Communication, Rating, ReplyKind, ReplySummary, Review, Satisfaction
from .ratings.merge import CONSENSUS, majority

GROUPINGS = ("handler", "proposer", "year")
DISPUTED = "disputed"
_FIELDS = ("id", "handler", "proposers", "date", "n_suggestions", "ranges", "kind")  # the summary values a row is made of
_CO_HANDLER_OPINION = ReplyKind.CO_HANDLER_OPINION.value

Verdict = TypeVar("Verdict", Rating, Satisfaction)


class StatsStore(Protocol):
    """What statistics read of the store (cppcc_review.store.db.ReviewStore). A stand-in
    without `review_tables` is read reply by reply (summaries, reviews_of)."""

    def summaries(self) -> list[ReplySummary]: ...
    def reviews_of(self, reply_id: str) -> list[Review]: ...
    def summary_values(self, fields: Iterable[str]) -> list[tuple[Any, ...]]: ...
    def suggestion_ranges(self, reply_id: str) -> list[list[int]]: ...
    def review_tables(self) -> Iterator[tuple[str, dict[str, Any]]]: ...


@dataclass
class ReplyRow:
    """One reply reduced to what statistics need."""

    reply_id: str
    handler: str | None
    proposers: tuple[str, ...]
    year: str | None
    verdicts: list[Rating | str | None]  # per suggestion: a Rating, DISPUTED, or None
    assessment: Assessment | None  # the completed assessment that counts, if any
    assessment_disputed: bool = False
    done: bool = False
    disputed: int = 0  # suggestions the reviewers rated differently
    disputed_majority: int = 0  # of them, those where a strict majority holds
    kind: str = ReplyKind.REPLY.value  # a co-handler's opinion is counted apart (GroupStats.co_handler_opinions)

    def groups(self, by: str) -> list[str | None]:
        if by == "handler":
            return [self.handler]
        if by == "year":
            return [self.year]
        if by == "proposer":
            return list(dict.fromkeys(self.proposers)) or [None]
        raise ValueError(f"unknown grouping {by!r} (known: {', '.join(GROUPINGS)})")


@dataclass
class GroupStats:
    group: str | None  # None: the reply does not say (no handler / proposer / date)
    replies: int = 0
    # Of the replies, the co-handlers' opinions (会办意见): a co-handling unit's word to the lead
    # unit, not a reply to the proposer. They count in the group of the unit that wrote them (the
    # handler they name), as its work on the proposal, and this says how many are such.
    co_handler_opinions: int = 0
    suggestions: int = 0
    rated: int = 0
    adopted: int = 0
    partially_adopted: int = 0
    explained: int = 0
    disputed: int = 0
    assessed: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0
    communicated: int = 0
    assessment_disputed: int = 0
    done: int = 0
    disputed_majority: int = 0
    to_review: int = 0
    reply_ids: set[str] = field(default_factory=set, repr=False, compare=False)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def disputed_none(self) -> int:
        """Disputed suggestions where no strict majority holds."""
        return self.disputed - self.disputed_majority

    @property
    def adopted_share(self) -> float | None:
        """Of all the group's suggestions (as the app's bars show them)."""
        return self._share(self.adopted, self.suggestions)

    @property
    def partially_adopted_share(self) -> float | None:
        return self._share(self.partially_adopted, self.suggestions)

    @property
    def explained_share(self) -> float | None:
        return self._share(self.explained, self.suggestions)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: 满意 / assessed replies."""
        return self._share(self.satisfied, self.assessed)

    @property
    def satisfied_or_basic_rate(self) -> float | None:
        """满意和基本满意率: (满意 + 基本满意) / assessed replies."""
        return self._share(self.satisfied + self.basically_satisfied, self.assessed)

    @property
    def communication_rate(self) -> float | None:
        """沟通率: assessed replies whose unit contacted the proposer (any way but 未联系)."""
        return self._share(self.communicated, self.assessed)

    def add(self, row: ReplyRow) -> None:
        if row.reply_id in self.reply_ids:
            return  # a reply counts once per group (e.g. a proposer named twice)
        self.reply_ids.add(row.reply_id)
        self.replies += 1
        self.co_handler_opinions += row.kind == _CO_HANDLER_OPINION
        self.suggestions += len(row.verdicts)
        self.disputed += row.disputed
        self.disputed_majority += row.disputed_majority
        for v in row.verdicts:
            if v is None or v == DISPUTED:
                continue
            self.rated += 1
            if v is Rating.ADOPTED:
                self.adopted += 1
            elif v is Rating.PARTIALLY_ADOPTED:
                self.partially_adopted += 1
            else:
                self.explained += 1
        if row.assessment_disputed:
            self.assessment_disputed += 1
        a = row.assessment
        if a is not None:
            self.assessed += 1
            if a.result is Satisfaction.SATISFIED:
                self.satisfied += 1
            elif a.result is Satisfaction.BASICALLY_SATISFIED:
                self.basically_satisfied += 1
            elif a.result is Satisfaction.UNSATISFIED:
                self.unsatisfied += 1
            if a.communication is not None and a.communication is not Communication.NONE:
                self.communicated += 1
        if row.done:
            self.done += 1
        else:
            self.to_review += 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("reply_ids")
        with_majority = data.pop("disputed_majority")
        # the disputed figure as merge words it: disputed, then its majority / none split
        ordered: dict[str, Any] = {}
        for key, value in data.items():
            ordered[key] = value
            if key == "disputed":
                ordered.update(disputed_majority=with_majority, disputed_none=self.disputed_none)
        data = ordered

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        data.update(
            adopted_share=r(self.adopted_share),
            partially_adopted_share=r(self.partially_adopted_share),
            explained_share=r(self.explained_share),
            satisfaction_rate=r(self.satisfaction_rate),
            satisfied_or_basic_rate=r(self.satisfied_or_basic_rate),
            communication_rate=r(self.communication_rate),
        )
        return data


def aggregate(rows: Iterable[ReplyRow], by: str = "handler") -> list[GroupStats]:
    """Group rows; the largest groups first, then by name (unknown last)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r} (known: {', '.join(GROUPINGS)})")
    groups: dict[str | None, GroupStats] = {}
    for row in rows:
        for key in row.groups(by):
            groups.setdefault(key, GroupStats(key)).add(row)
    if by == "year":
        return sorted(groups.values(), key=lambda g: (g.group is None, g.group or ""))
    return sorted(groups.values(), key=lambda g: (g.group is None, -g.replies, g.group or ""))


def totals(rows: Iterable[ReplyRow]) -> GroupStats:
    """All rows as one group (each reply once, whatever the grouping)."""
    total = GroupStats("合计")
    for row in rows:
        total.add(row)
    return total


def _agreed_assessment(completed: list[Assessment]) -> tuple[Assessment | None, bool]:
    """(the assessment that counts, whether the reviewers disagree on it) among completed
    assessments: the one whose result the reviewers agree on (their first if none has a
    result); none when they disagree."""
    if not completed:
        return None, False
    top = _verdict([a.result for a in completed if a.result is not None])
    if top == DISPUTED:
        return None, True
    return next((a for a in completed if a.result == top), completed[0]), False


def _verdict(ratings: Sequence[Verdict | None]) -> Verdict | str | None:
    """The strict majority (merge's rule, `majority`), DISPUTED when there is none;
    None when nobody rated (the callers leave out None: a suggestion nobody rated)."""
    if not ratings:
        return None
    if len(ratings) == 1:  # one reviewer (the common case): no counting
        return ratings[0]
    top = majority(ratings)
    return top if top is not None else DISPUTED


def _settled_verdict(given: Sequence[Rating | None], settled: Rating | None) -> Verdict | str | None:
    """The verdict of one suggestion: its resolution while the reviewers disagree on it, else theirs.
    A resolution stored before they came to agree (or before one took a rating back) is outdated:
    it would override what they now say, so it is left out here (the disputes screen lists it, to clear)."""
    if settled is not None and len(set(given)) > 1:
        return settled
    return _verdict(given)


def _count_split(given: Sequence[Rating | None], split: list[int]) -> None:
    """Add one suggestion's disagreement to `split` ([disputed, of them with a majority])."""
    if len(set(given)) > 1:
        split[0] += 1
        if _verdict(given) != DISPUTED:
            split[1] += 1


def _row(summary: ReplySummary, reviews: list[Review], reviewer: str | None) -> ReplyRow:
    kind = summary.kind
    year = summary.date[:4] if summary.date and summary.date[:4].isdigit() else None
    n = max([len(r.suggestions) for r in reviews], default=summary.n_suggestions)
    assessment = None
    assessment_disputed = False
    split = [0, 0]
    if reviewer is not None:
        mine = next((r for r in reviews if r.reviewer == reviewer), None)
        verdicts: list[Rating | str | None] = [s.rating for s in mine.suggestions] if mine else [None] * n
        verdicts += [None] * (n - len(verdicts))
        if mine is not None and mine.assessment.complete:
            assessment = mine.assessment
        done = assessment is not None
    else:
        consensus = next((r for r in reviews if r.reviewer == CONSENSUS), None)
        people = [r for r in reviews if r.reviewer != CONSENSUS]
        verdicts = []
        split = [0, 0]
        for i in range(n):
            given = [r.suggestions[i].rating for r in people if i < len(r.suggestions) and r.suggestions[i].rating]
            _count_split(given, split)
            settled = consensus.suggestions[i].rating if consensus and i < len(consensus.suggestions) else None
            verdicts.append(_settled_verdict(given, settled))
        if consensus is not None and consensus.assessment.complete:
            assessment = consensus.assessment
        else:
            assessment, assessment_disputed = _agreed_assessment([r.assessment for r in people if r.assessment.complete])
        done = any(r.assessment.complete for r in reviews)
    return ReplyRow(
        reply_id=summary.id,
        handler=summary.handler,
        proposers=tuple(summary.proposers),
        year=year,
        verdicts=verdicts,
        assessment=assessment,
        assessment_disputed=assessment_disputed,
        done=done,
        disputed=split[0],
        disputed_majority=split[1],
        kind=kind,
    )


def collect_rows(store: StatsStore, reviewer: str | None = None) -> list[ReplyRow]:
    """One ReplyRow per reply of the database (the summary and the reviews only)."""
    tables = getattr(store, "review_tables", None)
    if tables is None:  # a store without the bulk reads (a stand-in)
        return [_row(s, store.reviews_of(s.id), reviewer) for s in store.summaries()]
    by_id = dict(tables())  # every review shard read once
    out = []
    for values in store.summary_values(_FIELDS):
        if values[5] is None:  # an index entry from before ranges were kept
            values = (*values[:5], store.suggestion_ranges(values[0]), *values[6:])
        out.append(_row_of_table(values, by_id.get(values[0]), reviewer))
    return out


_RATINGS = {r.value: r for r in Rating}


def _rating(record: dict[str, Any] | None) -> Rating | None:
    value = record.get("rating") if record else None
    return _RATINGS.get(value) if value else None


def _complete(doc: dict[str, Any]) -> bool:
    return (doc.get("assessment") or {}).get("completed_at") is not None


def _row_of_table(values: tuple[Any, ...], table: dict[str, Any] | None, reviewer: str | None) -> ReplyRow:
    """What `_row` gives for a reply's summary values and raw review table (as the store
    keeps it), without building Review objects: statistics over 100,000 replies."""
    from .anchors import anchors_of

    rid, handler, proposers, date, n_suggestions, ranges, reply_kind = values
    year = date[:4] if date and date[:4].isdigit() else None
    docs = []
    if table:
        for d in table.values():
            kind = d.get("type")
            if kind == "layout":
                ranges = d["ranges"]
            elif kind == "review":
                docs.append(d)
    if len(docs) > 1:
        docs.sort(key=lambda d: d.get("reviewer", ""))
    anchors = anchors_of(ranges or [])
    n = len(anchors) if docs else n_suggestions
    assessment = None
    assessment_disputed = False
    split = [0, 0]
    if reviewer is not None:
        mine = next((d for d in docs if d.get("reviewer") == reviewer), None)
        verdicts: list[Rating | str | None]
        if mine is not None:
            ratings = mine.get("ratings") or {}
            verdicts = [_rating(ratings.get(a)) for a in anchors]
            if _complete(mine):
                assessment = Assessment.from_dict(mine.get("assessment"))
        else:
            verdicts = [None] * n
        verdicts += [None] * (n - len(verdicts))
        done = assessment is not None
    else:
        consensus = next((d for d in docs if d.get("reviewer") == CONSENSUS), None)
        people = [d for d in docs if d.get("reviewer") != CONSENSUS]
        theirs = [[_rating((d.get("ratings") or {}).get(a)) for a in anchors] for d in people]
        settled = [_rating((consensus.get("ratings") or {}).get(a)) for a in anchors] if consensus else []
        verdicts = []
        split = [0, 0]
        for i in range(n):
            given = [r[i] for r in theirs if i < len(r) and r[i]]
            _count_split(given, split)
            verdicts.append(_settled_verdict(given, settled[i] if i < len(settled) else None))
        if consensus is not None and _complete(consensus):
            assessment = Assessment.from_dict(consensus.get("assessment"))
        else:
            assessment, assessment_disputed = _agreed_assessment(
                [Assessment.from_dict(d.get("assessment")) for d in people if _complete(d)])
        done = any(_complete(d) for d in docs)
    kind = reply_kind or ReplyKind.REPLY.value
    return ReplyRow(
        reply_id=rid,
        handler=handler,
        proposers=tuple(proposers),
        year=year,
        verdicts=verdicts,
        assessment=assessment,
        assessment_disputed=assessment_disputed,
        done=done,
        disputed=split[0],
        disputed_majority=split[1],
        kind=kind,
    )


def compute_stats(store: StatsStore, by: str = "handler", reviewer: str | None = None) -> list[GroupStats]:
    """Statistics per group; see the module docstring for whose judgement counts."""
    return stats_report(store, by, reviewer)[0]


def stats_report(store: StatsStore, by: str = "handler", reviewer: str | None = None) -> tuple[list[GroupStats], GroupStats]:
    """(per group, overall) from one pass over the database: what the stats screen shows."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r} (known: {', '.join(GROUPINGS)})")
    if getattr(store, "review_tables", None) is not None:
        return _tally(store, by, reviewer)
    rows = collect_rows(store, reviewer)
    return aggregate(rows, by), totals(rows)


# -- one pass, counting (what aggregate(collect_rows(...)) gives, at 100,000 replies) --------
_COUNTED = ("suggestions", "rated", "adopted", "partially_adopted", "explained", "disputed", "assessed",
            "satisfied", "basically_satisfied", "unsatisfied", "communicated", "assessment_disputed", "done", "disputed_majority")
_NOT_RATED = {None, ""}
_RESULT_AT = {Satisfaction.SATISFIED.value: 7, Satisfaction.BASICALLY_SATISFIED.value: 8,
              Satisfaction.UNSATISFIED.value: 9}
_NO_CONTACT = Communication.NONE.value


def _counts_of_row(row: ReplyRow) -> list[int]:
    """What GroupStats.add counts for `row`, in _COUNTED order."""
    out = [len(row.verdicts), 0, 0, 0, 0, row.disputed, 0, 0, 0, 0, 0, int(row.assessment_disputed), int(row.done),
           row.disputed_majority]
    for v in row.verdicts:
        if v is None or v == DISPUTED:
            continue
        out[1] += 1
        out[2 if v is Rating.ADOPTED else 3 if v is Rating.PARTIALLY_ADOPTED else 4] += 1
    a = row.assessment
    if a is not None:
        out[6] = 1
        if a.result is not None:
            out[_RESULT_AT[a.result.value]] = 1
        if a.communication is not None and a.communication is not Communication.NONE:
            out[10] = 1
    return out


def _counts(values: tuple[Any, ...], table: dict[str, Any] | None, reviewer: str | None) -> list[int]:
    """_counts_of_row(_row_of_table(values, table, reviewer)), straight from the review
    table when one person's review decides (every reply of a one-reviewer database)."""
    n = values[4]
    if not table:
        return [n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    docs = [d for d in table.values() if d.get("type") == "review"]
    mine = None
    if len(table) == len(docs):  # no layout
        if reviewer is not None:
            mine = next((d for d in docs if d.get("reviewer") == reviewer), None)
        elif len(docs) == 1 and docs[0].get("reviewer") != CONSENSUS:
            mine = docs[0]
    if mine is None or values[5] is None:
        return _counts_of_row(_row_of_table(values, table, reviewer))
    from .anchors import anchors_of

    anchors = anchors_of(values[5])
    ratings = mine.get("ratings") or {}
    out = [len(anchors), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    for a in anchors:
        record = ratings.get(a)
        value = record.get("rating") if record else None
        if value not in _NOT_RATED:
            out[1] += 1
            out[2 if value == "adopted" else 3 if value == "partially_adopted" else 4] += 1
    assessment = mine.get("assessment") or {}
    if assessment.get("completed_at") is not None:
        out[6] = out[12] = 1
        result = assessment.get("result")
        if result:
            out[_RESULT_AT[result]] = 1
        communication = assessment.get("communication")
        if communication and communication != _NO_CONTACT:
            out[10] = 1
    return out


def _group(key: str | None, rows: list[list[int]]) -> GroupStats:
    """A GroupStats from its replies' counts (summed column by column)."""
    group = GroupStats(key)
    sums = [sum(column) for column in zip(*rows, strict=True)] if rows else [0] * len(_COUNTED)
    for name, value in zip(_COUNTED, sums, strict=True):
        setattr(group, name, value)
    group.replies = len(rows)
    group.to_review = group.replies - group.done
    return group


def _tally(store: StatsStore, by: str, reviewer: str | None) -> tuple[list[GroupStats], GroupStats]:
    from .index_storage import gc_paused

    with gc_paused():  # many objects, no reference cycles: the collector would only walk them
        summary = store.summary_values(_FIELDS)
        by_id = {values[0]: values for values in summary}
        reviewed: dict[str, list[int]] = {}
        for rid, table in store.review_tables():  # every review shard read once, one at a time
            values = by_id.get(rid)
            if values is not None:
                if values[5] is None:  # an index entry from before ranges were kept
                    values = (*values[:5], store.suggestion_ranges(rid), *values[6:])
                reviewed[rid] = _counts(values, table, reviewer)
        return _tally_rows(summary, reviewed, by)


def _tally_rows(summary: list[tuple[Any, ...]], reviewed: dict[str, list[int]], by: str) -> tuple[list[GroupStats], GroupStats]:
    members: dict[str | None, list[list[int]]] = {}
    everyone: list[list[int]] = []
    opinions: dict[str | None, int] = {}  # co-handlers' opinions per group (GroupStats.co_handler_opinions)
    all_opinions = 0
    for values in summary:
        counts = reviewed.get(values[0]) or [values[4], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        everyone.append(counts)
        opinion = values[6] == _CO_HANDLER_OPINION
        all_opinions += opinion
        if by == "handler":
            key = values[1]
        elif by == "year":
            date = values[3]
            key = date[:4] if date and date[:4].isdigit() else None
        else:
            for key in dict.fromkeys(values[2]) or [None]:
                members.setdefault(key, []).append(counts)
                opinions[key] = opinions.get(key, 0) + opinion
            continue
        rows = members.get(key)
        if rows is None:
            rows = members[key] = []
        rows.append(counts)
        opinions[key] = opinions.get(key, 0) + opinion
    groups = {key: _group(key, rows) for key, rows in members.items()}
    total = _group("合计", everyone)
    for key, group in groups.items():
        group.co_handler_opinions = opinions.get(key, 0)
    total.co_handler_opinions = all_opinions
    if by == "year":
        ordered = sorted(groups.values(), key=lambda g: (g.group is None, g.group or ""))
    else:
        ordered = sorted(groups.values(), key=lambda g: (g.group is None, -g.replies, g.group or ""))
    return ordered, total


__all__ = [
    "DISPUTED",
    "GROUPINGS",
    "GroupStats",
    "ReplyRow",
    "aggregate",
    "collect_rows",
    "compute_stats",
    "stats_report",
    "totals",
]
