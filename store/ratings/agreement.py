"""Agreement between reviewers: percentage agreement, Cohen's kappa, Fleiss' kappa,
Krippendorff's alpha.

Pure functions over plain data, no I/O. An *item* is one suggestion; a *rating* is
any hashable label (the three `Rating` values in practice).

* Percentage agreement: the share of items on which every rater gave the same rating.
* Cohen's kappa (two raters): kappa = (p_o - p_e) / (1 - p_e), where p_o is the
  observed agreement and p_e = sum over categories of p_A(c) * p_B(c), each rater's
  own marginal shares (Cohen 1960).
* Fleiss' kappa (any fixed number n >= 2 of raters per item; Fleiss 1971): with n_ij
  the number of raters who put item i in category j, N items,
  P_i = (sum_j n_ij^2 - n) / (n (n - 1)), P_bar = mean P_i,
  p_j = sum_i n_ij / (N n), P_e = sum_j p_j^2, kappa = (P_bar - P_e) / (1 - P_e).

* Krippendorff's alpha, nominal (Krippendorff 2004, "Computing Krippendorff's
  Alpha-Reliability" 2011): any number of raters, any of them missing on any item. Every
  item rated by two or more ("pairable") counts; with n_c the pairable values of category c,
  n their sum and o_cc the coincidences within a category (each item's ordered pairs of
  equal values over m_u - 1), alpha = ((n - 1) sum o_cc - sum n_c (n_c - 1)) /
  (n (n - 1) - sum n_c (n_c - 1)).

Kappa (and alpha) is undefined (None here) when p_e = 1: every rating fell in one
category, so chance alone explains the agreement. A kappa is over *complete* items: for a
set of raters, the items every one of them rated. Below MIN_ITEMS items none is given.

Why no library: the maintained Krippendorff package (`krippendorff`) is GPL-3.0 (this
project is MIT) and brings NumPy into the command line; irrCAC pins an old SciPy and needs
pandas. The formula is a dozen lines, checked against Krippendorff's worked examples
(tests/test_agreement.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, TypeVar

# An item rated (a suggestion: (reply, index)); any hashable key.
Item = TypeVar("Item", bound=Hashable)

MIN_ITEMS = 5
"""Below this many shared suggestions no kappa or alpha is given, only the counts. One
suggestion is then a fifth or more of the sample: one changed rating moves the kappa by a
Landis & Koch band or more (five suggestions, one disagreement: 1.00 -> 0.71), and a
single suggestion gives 0.000 ("slight") when the two differ and nothing when they agree."""


def cohen_kappa_table(table: Sequence[Sequence[int]]) -> float | None:
    """Cohen's kappa from a square contingency table: table[i][j] = items rater A put in
    category i and rater B in category j."""
    k = len(table)
    if any(len(row) != k for row in table):
        raise ValueError("the table must be square")
    total = sum(sum(row) for row in table)
    if total == 0:
        return None
    p_o = sum(table[i][i] for i in range(k)) / total
    rows = [sum(table[i]) / total for i in range(k)]
    cols = [sum(table[i][j] for i in range(k)) / total for j in range(k)]
    p_e = sum(r * c for r, c in zip(rows, cols, strict=False))
    if p_e >= 1:
        return None
    return (p_o - p_e) / (1 - p_e)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' ratings of the same items (a[i] and b[i] rate item i)."""
    if len(a) != len(b):
        raise ValueError("both raters must rate the same items")
    categories = sorted(set(a) | set(b), key=str)
    pos = {c: i for i, c in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for x, y in zip(a, b, strict=False):
        table[pos[x]][pos[y]] += 1
    return cohen_kappa_table(table)


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa from an items x categories matrix of counts (each row sums to n)."""
    if not counts:
        return None
    n = sum(counts[0])
    if n < 2:
        raise ValueError("Fleiss' kappa needs at least two ratings per item")
    if any(sum(row) != n for row in counts):
        raise ValueError("every item must have the same number of ratings")
    big_n = len(counts)
    k = len(counts[0])
    p_bar = sum((sum(x * x for x in row) - n) / (n * (n - 1)) for row in counts) / big_n
    p_j = [sum(row[j] for row in counts) / (big_n * n) for j in range(k)]
    p_e = sum(p * p for p in p_j)
    if p_e >= 1:
        return None
    return (p_bar - p_e) / (1 - p_e)


def fleiss_kappa_ratings(items: Iterable[Sequence[Hashable]]) -> float | None:
    """Fleiss' kappa from the ratings of each item (one list of labels per item)."""
    items = [list(item) for item in items]
    categories = sorted({c for item in items for c in item}, key=str)
    counts = [[Counter(item)[c] for c in categories] for item in items]
    return fleiss_kappa(counts)


def _agreed(items: Iterable[Sequence[Hashable]]) -> int:
    return sum(1 for item in items if len(set(item)) == 1)


def percent_agreement(items: Iterable[Sequence[Hashable]]) -> float | None:
    """The share of items on which all ratings are equal; None without items."""
    items = list(items)
    if not items:
        return None
    return _agreed(items) / len(items)


def krippendorff_alpha(items: Iterable[Sequence[Hashable]]) -> float | None:
    """Krippendorff's alpha for nominal ratings: one list of labels per item, of any length
    (items with fewer than two ratings are not pairable and do not count)."""
    n_c: Counter[Hashable] = Counter()
    within = 0.0  # sum of o_cc: the coincidences of equal values
    for item in items:
        m = len(item)
        if m < 2:
            continue
        counts = Counter(item)
        n_c.update(counts)
        within += sum(k * (k - 1) for k in counts.values()) / (m - 1)
    n = sum(n_c.values())
    chance = sum(k * (k - 1) for k in n_c.values())
    if n < 2 or n * (n - 1) - chance <= 0:
        return None
    return ((n - 1) * within - chance) / (n * (n - 1) - chance)


def interpret_alpha(alpha: float | None, lang: str = "en") -> str:
    """Krippendorff's own reading of alpha: >= 0.800 reliable, >= 0.667 only for tentative
    conclusions, below that unreliable."""
    if alpha is None:
        return "n/a" if lang == "en" else "无法计算"
    if alpha >= 0.800:
        return "reliable" if lang == "en" else "可靠"
    if alpha >= 0.667:
        return "tentative" if lang == "en" else "仅可作初步结论"
    return "unreliable" if lang == "en" else "不可靠"


def interpret(kappa: float | None, lang: str = "en") -> str:
    """Landis & Koch (1977)'s words for a kappa value."""
    if kappa is None:
        return "n/a" if lang == "en" else "无法计算"
    bands = [
        (0.20, "slight", "轻微"),
        (0.40, "fair", "一般"),
        (0.60, "moderate", "中等"),
        (0.80, "substantial", "较高"),
        (1.00, "almost perfect", "几乎完全一致"),
    ]
    if kappa < 0:
        return "poor" if lang == "en" else "差"
    for upper, en, zh in bands:
        if kappa <= upper:
            return en if lang == "en" else zh
    return "almost perfect" if lang == "en" else "几乎完全一致"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class PairAgreement:
    a: str
    b: str
    items: int
    percent: float | None
    kappa: float | None  # Cohen's; None below MIN_ITEMS items
    agreed: int = 0


@dataclass
class Agreement:
    """Agreement of `raters`: `items` are the suggestions every one of them rated (the
    kappa's), `pairable` those rated by two or more of them (alpha's, the headline's)."""

    raters: list[str]
    items: int
    percent: float | None
    kappa: float | None  # None also below `min_items` complete items
    method: str | None  # "cohen" (two raters), "fleiss" (more), None (fewer than two)
    pairs: list[PairAgreement] = field(default_factory=list)
    agreed: int = 0  # of the complete items, those all alike
    pairable: int = 0
    pairable_agreed: int = 0  # of the pairable items, those on which all who rated agree
    alpha: float | None = None  # Krippendorff's, over the pairable items
    min_items: int = MIN_ITEMS

    @property
    def pairable_percent(self) -> float | None:
        return self.pairable_agreed / self.pairable if self.pairable else None

    def too_few(self, items: int) -> bool:
        """Whether `items` shared suggestions are too few for a kappa or alpha."""
        return 0 < items < self.min_items

    def to_dict(self) -> dict[str, Any]:
        def words(items: int, interpretation: str) -> str | None:
            if self.method is None:
                return None
            return "too few" if self.too_few(items) else interpretation

        return {
            "raters": list(self.raters),
            "items": self.items,
            "agreed": self.agreed,
            "percent_agreement": _r(self.percent),
            "kappa": _r(self.kappa),
            "method": self.method,
            "interpretation": words(self.items, interpret(self.kappa)),
            "rated_by_two_or_more": {
                "items": self.pairable,
                "agreed": self.pairable_agreed,
                "percent_agreement": _r(self.pairable_percent),
                "alpha": _r(self.alpha),
                "interpretation": words(self.pairable, interpret_alpha(self.alpha)),
            },
            "min_items": self.min_items,
            "pairs": [
                {"a": p.a, "b": p.b, "items": p.items, "agreed": p.agreed, "percent_agreement": _r(p.percent),
                 "cohen_kappa": _r(p.kappa)}
                for p in self.pairs
            ],
        }


def agreement(
    ratings: Mapping[Item, Mapping[str, Hashable]],
    raters: Sequence[str] | None = None,
    min_items: int = MIN_ITEMS,
) -> Agreement:
    """Agreement over `ratings` (item -> rater -> rating; unrated items simply absent).

    `raters` defaults to every rater seen. Krippendorff's alpha uses every item rated by
    two or more of them; the kappa the items all raters rated: Cohen's for two, Fleiss'
    for more; `pairs` gives Cohen's kappa for every pair over the items both rated. A
    kappa or alpha over fewer than `min_items` items is None (their counts are kept).
    """
    if raters is None:
        raters = sorted({r for by in ratings.values() for r in by})
    raters = list(raters)
    if len(raters) < 2:
        return Agreement(raters, 0, None, None, None, min_items=min_items)
    rated = [[by[r] for r in raters if by.get(r) is not None] for by in ratings.values()]
    pairable = [item for item in rated if len(item) >= 2]
    complete = [item for item in rated if len(item) == len(raters)]
    kappa = None
    if len(complete) >= min_items:
        if len(raters) == 2:
            kappa = cohen_kappa([x[0] for x in complete], [x[1] for x in complete])
        else:
            kappa = fleiss_kappa_ratings(complete)
    pairs = []
    for a, b in combinations(raters, 2):
        both = [(by[a], by[b]) for by in ratings.values() if by.get(a) is not None and by.get(b) is not None]
        pair_kappa = cohen_kappa([x for x, _ in both], [y for _, y in both]) if len(both) >= min_items else None
        pairs.append(PairAgreement(a, b, len(both), percent_agreement(both), pair_kappa, _agreed(both)))
    return Agreement(
        raters, len(complete), percent_agreement(complete), kappa, "cohen" if len(raters) == 2 else "fleiss", pairs,
        agreed=_agreed(complete), pairable=len(pairable), pairable_agreed=_agreed(pairable),
        alpha=krippendorff_alpha(pairable) if len(pairable) >= min_items else None, min_items=min_items,
    )


def agreement_by_group(
    ratings: Mapping[Item, Mapping[str, Hashable]],
    group_of: Mapping[Item, str],
    raters: Sequence[str] | None = None,
    min_items: int = MIN_ITEMS,
) -> dict[str, Agreement]:
    """`agreement` per group (e.g. per handling unit); `group_of[item]` names the group.

    Each group's raters are those who rated something in it, unless `raters` is given.
    """
    groups: dict[str, dict[Item, Mapping[str, Hashable]]] = {}
    for item, by in ratings.items():
        groups.setdefault(group_of.get(item, ""), {})[item] = by
    return {g: agreement(items, raters, min_items) for g, items in sorted(groups.items())}
