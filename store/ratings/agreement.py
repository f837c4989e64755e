"""Agreement between reviewers: percentage agreement, Cohen's kappa, Fleiss' kappa.

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

Kappa is undefined (None here) when p_e = 1: every rating fell in one category, so
chance alone explains the agreement. Only *complete* items count: for a kappa over a
set of raters, the items every one of them rated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, TypeVar

# An item rated (a suggestion: (reply, index)); any hashable key.
Item = TypeVar("Item", bound=Hashable)


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


def percent_agreement(items: Iterable[Sequence[Hashable]]) -> float | None:
    """The share of items on which all ratings are equal; None without items."""
    items = list(items)
    if not items:
        return None
    return sum(1 for item in items if len(set(item)) == 1) / len(items)


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


@dataclass
class PairAgreement:
    a: str
    b: str
    items: int
    percent: float | None
    kappa: float | None  # Cohen's


@dataclass
class Agreement:
    """Agreement of `raters` over the `items` suggestions each of them rated."""

    raters: list[str]
    items: int
    percent: float | None
    kappa: float | None
    method: str | None  # "cohen" (two raters), "fleiss" (more), None (fewer than two)
    pairs: list[PairAgreement] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "raters": list(self.raters),
            "items": self.items,
            "percent_agreement": r(self.percent),
            "kappa": r(self.kappa),
            "method": self.method,
            "interpretation": interpret(self.kappa) if self.method else None,
            "pairs": [
                {"a": p.a, "b": p.b, "items": p.items, "percent_agreement": r(p.percent), "cohen_kappa": r(p.kappa)}
                for p in self.pairs
            ],
        }


def agreement(
    ratings: Mapping[Item, Mapping[str, Hashable]],
    raters: Sequence[str] | None = None,
) -> Agreement:
    """Agreement over `ratings` (item -> rater -> rating; unrated items simply absent).

    `raters` defaults to every rater seen. The overall figure uses the items all raters
    rated: Cohen's kappa for two, Fleiss' kappa for more; `pairs` gives Cohen's kappa
    for every pair over the items both rated.
    """
    if raters is None:
        raters = sorted({r for by in ratings.values() for r in by})
    raters = list(raters)
    if len(raters) < 2:
        return Agreement(raters, 0, None, None, None)
    complete = [[by[r] for r in raters] for by in ratings.values() if all(by.get(r) is not None for r in raters)]
    percent = percent_agreement(complete)
    if len(raters) == 2:
        kappa = cohen_kappa([x[0] for x in complete], [x[1] for x in complete]) if complete else None
        method = "cohen"
    else:
        kappa = fleiss_kappa_ratings(complete) if complete else None
        method = "fleiss"
    pairs = []
    for a, b in combinations(raters, 2):
        both = [(by[a], by[b]) for by in ratings.values() if by.get(a) is not None and by.get(b) is not None]
        pairs.append(
            PairAgreement(
                a,
                b,
                len(both),
                percent_agreement(both),
                cohen_kappa([x for x, _ in both], [y for _, y in both]) if both else None,
            )
        )
    return Agreement(raters, len(complete), percent, kappa, method, pairs)


def agreement_by_group(
    ratings: Mapping[Item, Mapping[str, Hashable]],
    group_of: Mapping[Item, str],
    raters: Sequence[str] | None = None,
) -> dict[str, Agreement]:
    """`agreement` per group (e.g. per handling unit); `group_of[item]` names the group.

    Each group's raters are those who rated something in it, unless `raters` is given.
    """
    groups: dict[str, dict[Item, Mapping[str, Hashable]]] = {}
    for item, by in ratings.items():
        groups.setdefault(group_of.get(item, ""), {})[item] = by
    return {g: agreement(items, raters) for g, items in sorted(groups.items())}


def format_agreement(result: Agreement, label: str = "overall") -> str:
    """One readable line: 'overall: 3 raters, 12 suggestions, 75.0% agree, Fleiss' kappa 0.512 (moderate)'."""
    if result.method is None:
        return f"{label}: fewer than two reviewers, no agreement to compute"
    name = "Cohen's kappa" if result.method == "cohen" else "Fleiss' kappa"
    if result.items == 0:
        return f"{label}: {len(result.raters)} reviewers, no suggestion rated by all of them"
    pct = f"{result.percent * 100:.1f}%" if result.percent is not None else "n/a"
    kappa = f"{result.kappa:.3f}" if result.kappa is not None else "n/a"
    return (
        f"{label}: {len(result.raters)} reviewers, {result.items} suggestions rated by all, "
        f"{pct} agree, {name} {kappa} ({interpret(result.kappa)})"
    )
