"""Statistics per handling unit, proposer or year: what the committee reports.

For each group: replies, suggestions, how many suggestions were adopted / partially
adopted / explained (counts and shares of the rated ones), the satisfaction
assessments (满意 / 基本满意 / 不满意 of the 办理结果 field) with the satisfaction rate
as offices report it (满意率 = 满意 / assessed, and 满意和基本满意率 = (满意 + 基本满意)
/ assessed), the communication rate (沟通率: assessed replies whose unit contacted the
proposer), and the replies still to review.

Whose judgement counts:
* with `reviewer`: that reviewer's ratings and completed assessments; a reply is to
  review until that reviewer's assessment is completed.
* without: one verdict per suggestion and per reply. A resolution (the `consensus`
  reviewer, see store.ratings.merge) wins; else the reviewers' common rating; else a strict
  majority of those who rated; else the suggestion counts as `disputed` (not rated).
  Assessments the same way, on the 办理结果 field, over completed assessments. A reply
  is to review until somebody completed its assessment.

Reads only the index and the reviews (store.summaries / store.reviews_of), never a
reply file, so it stays fast at tens of thousands of replies. `aggregate` and `totals`
are pure functions over `ReplyRow`s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from store.model import Assessment, Communication, Rating, Satisfaction
from store.ratings.merge import CONSENSUS

GROUPINGS = ("handler", "proposer", "year")
DISPUTED = "disputed"


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
    to_review: int = 0
    reply_ids: set[str] = field(default_factory=set, repr=False, compare=False)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def adopted_share(self) -> float | None:
        return self._share(self.adopted, self.rated)

    @property
    def partially_adopted_share(self) -> float | None:
        return self._share(self.partially_adopted, self.rated)

    @property
    def explained_share(self) -> float | None:
        return self._share(self.explained, self.rated)

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
        self.suggestions += len(row.verdicts)
        for v in row.verdicts:
            if v is None:
                continue
            if v == DISPUTED:
                self.disputed += 1
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

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("reply_ids")

        def r(x):
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


def _verdict(ratings: list[Rating]) -> Rating | str | None:
    if not ratings:
        return None
    value, count = Counter(ratings).most_common(1)[0]
    return value if count * 2 > len(ratings) else DISPUTED


def _row(summary, reviews, reviewer: str | None) -> ReplyRow:
    year = summary.date[:4] if summary.date and summary.date[:4].isdigit() else None
    n = max([len(r.suggestions) for r in reviews], default=summary.n_suggestions)
    assessment = None
    assessment_disputed = False
    if reviewer is not None:
        mine = next((r for r in reviews if r.reviewer == reviewer), None)
        verdicts = [s.rating for s in mine.suggestions] if mine else [None] * n
        verdicts += [None] * (n - len(verdicts))
        if mine is not None and mine.assessment.complete:
            assessment = mine.assessment
        done = assessment is not None
    else:
        consensus = next((r for r in reviews if r.reviewer == CONSENSUS), None)
        people = [r for r in reviews if r.reviewer != CONSENSUS]
        verdicts = []
        for i in range(n):
            settled = consensus.suggestions[i].rating if consensus and i < len(consensus.suggestions) else None
            if settled is not None:
                verdicts.append(settled)
                continue
            verdicts.append(_verdict([r.suggestions[i].rating for r in people if i < len(r.suggestions) and r.suggestions[i].rating]))
        if consensus is not None and consensus.assessment.complete:
            assessment = consensus.assessment
        else:
            completed = [r.assessment for r in people if r.assessment.complete]
            if completed:
                top = _verdict([a.result for a in completed if a.result is not None])
                if top == DISPUTED:
                    assessment_disputed = True
                else:
                    assessment = next((a for a in completed if a.result == top), completed[0])
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
    )


def collect_rows(store, reviewer: str | None = None) -> list[ReplyRow]:
    """One ReplyRow per reply of the database (index and reviews only)."""
    return [_row(s, store.reviews_of(s.id), reviewer) for s in store.summaries()]


def compute_stats(store, by: str = "handler", reviewer: str | None = None) -> list[GroupStats]:
    """Statistics per group; see the module docstring for whose judgement counts."""
    return aggregate(collect_rows(store, reviewer), by)


def stats_report(store, by: str = "handler", reviewer: str | None = None) -> tuple[list[GroupStats], GroupStats]:
    """(per group, overall) from one pass over the database: what the stats screen shows."""
    rows = collect_rows(store, reviewer)
    return aggregate(rows, by), totals(rows)


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
