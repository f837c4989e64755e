"""How far a rule hint can be trusted: each branch's recorded track record and the
confidence (and whether it is shown as confident) that follows from it."""

from __future__ import annotations

# How often each branch was right on the development data (recorded when the rules were
# last changed, issue 13's third round), as (right, cases): every fixture with hand ratings
# (python -m cppcc_review.store.aids.evaluate -v: 397 suggestions, fresh-4 included) and the private
# collections of real published replies tuned on (scripts/measure_real_aids.py hints …:
# r001-r056, 60 suggestions, and real-fresh f001-f033, 32 suggestions).
PATH_RECORD: dict[str, tuple[int, int]] = {
    "refused": (108, 108),
    "covered": (8, 8),
    "refused_in_part": (13, 14),
    "pilot": (20, 22),
    "conditional": (36, 37),
    "waits_unable": (1, 1),  # added in issue 13's fifth round: one real reply (h001), tuned on
    "prepared": (4, 4),
    "done_vague_rest": (21, 23),
    "done": (148, 152),
    "done_state": (26, 28),
    "committed": (25, 25),
    "vague_only": (48, 48),
    "concrete_plan": (2, 3),
    "difficulty_only": (0, 0),
    "other_unit": (1, 1),
    # h60: general past work alone now reads explained, a state alone adopted (fixtures 263, 441 and 053, 181)
    "context_only": (2, 2),
    "state_only": (2, 2),
    "label_only": (2, 3),
    "intent_only": (3, 3),
    "measures_only": (3, 3),
    "background": (3, 3),  # added in h36: three real sections of real-fresh-35..38 (t008, t017, f020), tuned on
}
# The same against the strict hand ratings (fixtures/strict-ratings.yaml), with the strict
# variant of the rules; the real replies have default ratings only, so they count here only
# for branches the strict variant does not change.
PATH_RECORD_STRICT: dict[str, tuple[int, int]] = {
    **PATH_RECORD,
    "conditional": (42, 49),  # sc36: 38/49 before it (the fixtures' strict ratings, 2026-12-03)
    "done_vague_rest": (17, 23),
    "vague_only": (30, 37),
    "intent_only": (0, 0),
}
# The record on real published replies, OUT OF FOLD (issue 13, fourth round): each real
# collection scored by the rules frozen before anybody read it (r001-r056 by 1189a1c,
# real-fresh f001-f033 by c10c13b, real-fresh-3 g002-g036 by 17953e0), against the
# consensus ratings of two raters (scripts/validate_aids.py). Development figures on real
# replies (now 87% on the three, all tuned on) say nothing of unseen ones: each collection's
# first run was 44-58%. A branch is confident only where this record reaches 90% on 10 cases
# or more; none does (conditional comes closest, 13/15).
REAL_RECORD: dict[str, tuple[int, int]] = {
    "done": (18, 33),
    "done_vague_rest": (7, 17),
    "refused": (9, 15),
    "conditional": (13, 15),
    "vague_only": (6, 14),
    "refused_in_part": (5, 10),
    "committed": (3, 4),
    "pilot": (3, 3),
    "label_only": (2, 3),
    # (context_only's records here and in FIRST_RUN_RECORD were of its adopted reading, before h60)
    "measures_only": (0, 3),
    "done_state": (1, 2),
    "other_unit": (0, 1),
}
# Development records flatter the rules: they were tuned on those cases. How a branch did
# the first time the rules met text they had never seen is the better guide. Every first
# run so far, added up: the rules of ffb5cb7 on fresh-2 (130-149) and fresh-3 (030-079,
# 150-171), with "done" counted apart for answers that report a step (now `done`) and those
# that report only a state, a figure or an anchored plan (now `done_state` / `committed`);
# the rules of c10c13b (run at 70ffc4b) on fresh-4 (180-203) and on real-fresh (the real
# replies f001-f033, as /work/realdata/aids/fresh2_hints_first_measure.txt recorded them);
# these rules (frozen at 17953e0) on real-fresh-3 (the real replies g002-g036,
# /work/realdata/aids/fresh3_hints_first_measure.txt), the last term of each sum.
# A branch keeps its first-run record after the rules that failed there were fixed: whether
# the fix holds on unseen text is for the next first run to show.
FIRST_RUN_RECORD: dict[str, tuple[int, int]] = {
    "refused": (14 + 11 + 2 + 4, 15 + 11 + 2 + 9),
    "done": (56 + 17 + 4 + 3, 60 + 19 + 10 + 4),
    "done_state": (22 + 5 + 0 + 1, 27 + 6 + 1 + 1),  # with committed: answers with no step reported
    "committed": (22 + 2 + 0 + 3, 27 + 2 + 1 + 3),
    "vague_only": (11 + 6 + 2 + 0, 16 + 7 + 4 + 1),
    "done_vague_rest": (5 + 2 + 1 + 1, 11 + 6 + 1 + 7),
    "conditional": (7 + 4 + 6 + 2, 7 + 4 + 6 + 3),
    "pilot": (5 + 4 + 1 + 1, 6 + 4 + 1 + 1),
    "covered": (2 + 1, 2 + 1),
    "label_only": (1 + 2, 3 + 2),
    "refused_in_part": (0 + 2 + 2 + 1, 1 + 5 + 3 + 4),
    "measures_only": (1 + 0, 1 + 3),
    "other_unit": (0, 1),
}
# A branch is shown as confident only where every record earns it: the pessimistic end of
# the 95% (Wilson) interval of its development record reaches CONFIDENT_AT; the first runs
# on unseen text were right at least CONFIDENT_AT of the time on at least MIN_CASES cases;
# and on real published replies it was right at least CONFIDENT_AT of the time on at least
# MIN_CASES cases. A perfect record on a handful of cases, a record the branch only earned
# after tuning (vague_only: 48/48 on development, 19/27 the first times), or one earned on
# fixtures alone (done: 135/136 on fixtures, 13/16 on real replies, 77/89 the first times)
# proves too little. Fewer confident hints are better than wrong ones: since real-fresh-3
# (refused 4/9 the first time, 20/25 on real replies in all) no branch earns it, and every
# hint is shown as weak.
CONFIDENT_AT = 0.9
MIN_CASES = 10
FIRST_RUN_MIN_CASES = MIN_CASES
# Branches whose rating the strict variant changes: their first runs and the real replies
# were rated by the default rubric, so under the strict variant only the development
# record (against the strict ratings) speaks, and it cannot make them confident.
_STRICT_ONLY = frozenset({"vague_only", "intent_only"})
_Z = 1.96  # 95%


def wilson_lower(right: int, cases: int) -> float:
    """The lower end of the 95% Wilson interval of right/cases (0.5 for no cases)."""
    if cases <= 0:
        return 0.5  # never seen: a coin
    p = right / cases
    z2 = _Z * _Z
    centre = p + z2 / (2 * cases)
    spread: float = _Z * ((p * (1 - p) / cases + z2 / (4 * cases * cases)) ** 0.5)
    return (centre - spread) / (1 + z2 / cases)


def _rate(record: tuple[int, int]) -> float:
    """right/cases where there are MIN_CASES cases, else the Wilson lower end (a few cases
    say little: 3/3 gives 0.44)."""
    right, cases = record
    return right / cases if cases >= MIN_CASES else wilson_lower(right, cases)


def path_confidence(path: str, strict: bool = False) -> tuple[float, bool]:
    """(confidence, shown as confident) of a branch of `decide`. The confidence is the
    lowest of three records: the development record's Wilson lower end, the first-run
    record on unseen text and the record on real replies (each as right/cases where it has
    MIN_CASES cases, else its Wilson lower end: 25/26 gives 0.81, 2/3 gives 0.21). A hint
    is confident exactly when that reaches CONFIDENT_AT, with MIN_CASES cases in each
    record."""
    development = (PATH_RECORD_STRICT if strict else PATH_RECORD).get(path, (0, 0))
    records = [development]
    if not (strict and path in _STRICT_ONLY):
        records += [FIRST_RUN_RECORD.get(path, (0, 0)), REAL_RECORD.get(path, (0, 0))]
    confidence = min([wilson_lower(*development)] + [_rate(r) for r in records[1:]])
    confident = (len(records) == 3 and confidence >= CONFIDENT_AT
                 and all(cases >= MIN_CASES for _right, cases in records))
    return round(confidence, 2), confident


# The combined hint (the default since round h70, combiner.py) is shown as confident where the combiner's
# probability of its rating reaches COMBINED_CONFIDENT; None: no hint is confident. A hint shown as confident
# must be right at least 90% of the time on text never read. Out of fold on ten real collections
# (`python scripts/train_combiner.py --loco`: real-fresh-60..-69, 280 suggestions, each predicted by a combiner
# trained without it) a probability >= 0.90 was right 17 of 18 (>= 0.85: 28 of 31; >= 0.80: 50 of 58). It was
# gated before shipping on real-fresh-70..-75, unseen (pre-registered: the band ships only if right >= 90%
# there): 5 of 6. It did not ship: no hint is confident, until more real ratings find a band that holds.
# History: the fixed blend before h70 was confident where rules and model agreed with a score of at least 0.70
# (issue 13, sixth round: 22 of 23 out of fold on five collections); it did not hold (9 of 11 on real-fresh-8;
# 21 of 25 nested on seven collections), and from the eighth round no blended hint was confident.
COMBINED_CONFIDENT: float | None = None


def combined_confident(probability: float) -> bool:
    """Whether a combined hint is shown as confident (see COMBINED_CONFIDENT)."""
    return COMBINED_CONFIDENT is not None and probability >= COMBINED_CONFIDENT
