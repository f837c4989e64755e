"""Agreement measures against values computed by hand (the arithmetic is in each test) and
against published worked examples (Wikipedia's for Fleiss; Krippendorff's own for alpha)."""

from __future__ import annotations

import pytest

from cppcc_review.store.ratings.agreement import (
    agreement,
    agreement_by_group,
    cohen_kappa,
    cohen_kappa_table,
    fleiss_kappa,
    fleiss_kappa_ratings,
    interpret,
    interpret_alpha,
    krippendorff_alpha,
    percent_agreement,
)
from cppcc_review.store.ratings.agreement_text import format_agreement

_ = None  # a value the observer did not give


def _units(*observers):
    """Krippendorff's reliability data (one row per observer) as the ratings of each unit."""
    return [[row[u] for row in observers if row[u] is not None] for u in range(len(observers[0]))]


def test_cohen_two_by_two_textbook():
    # Rater A yes/no by rater B yes/no: [[20, 5], [10, 15]], N = 50.
    # p_o = (20 + 15) / 50 = 0.7
    # A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    assert cohen_kappa_table([[20, 5], [10, 15]]) == pytest.approx(0.4)


def test_cohen_from_label_lists_matches_the_table():
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_three_categories():
    # alice: A A P E E A ; bob: A A P E E P (they differ on the last item only)
    # p_o = 5/6; alice's shares A 3/6, P 1/6, E 2/6; bob's A 2/6, P 2/6, E 2/6
    # p_e = (3*2 + 1*2 + 2*2) / 36 = 12/36 = 1/3
    # kappa = (5/6 - 1/3) / (1 - 1/3) = (1/2) / (2/3) = 3/4
    alice = ["A", "A", "P", "E", "E", "A"]
    bob = ["A", "A", "P", "E", "E", "P"]
    assert cohen_kappa(alice, bob) == pytest.approx(0.75)


def test_fleiss_wikipedia_worked_example():
    # Fleiss' kappa, Wikipedia's worked example: 10 subjects, 14 raters, 5 categories.
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    # p_j = (20, 28, 39, 21, 32) / 140 = 0.143, 0.200, 0.279, 0.150, 0.229
    # P_e = sum p_j^2 = 0.213; P_bar = mean P_i = 0.378; kappa = (0.378 - 0.213) / (1 - 0.213) = 0.210
    assert fleiss_kappa(counts) == pytest.approx(0.210, abs=0.0005)


def test_fleiss_three_reviewers_by_hand():
    # Items rated by alice, bob, carol (A adopted, P partially, E explained):
    #   1: A A A  -> counts (3,0,0), P_i = (9 - 3) / 6 = 1
    #   2: A A P  -> (2,1,0), P_i = (4 + 1 - 3) / 6 = 1/3
    #   3: P P P  -> 1
    #   4: E E P  -> (0,1,2), 1/3
    #   5: E E E  -> 1
    #   6: A P E  -> (1,1,1), (3 - 3) / 6 = 0
    # P_bar = (3 + 2/3) / 6 = 11/18; every category 6 of 18 ratings: P_e = 3 * (1/3)^2 = 1/3
    # kappa = (11/18 - 6/18) / (12/18) = 5/12
    items = [["A", "A", "A"], ["A", "A", "P"], ["P", "P", "P"], ["E", "E", "P"], ["E", "E", "E"], ["A", "P", "E"]]
    assert fleiss_kappa_ratings(items) == pytest.approx(5 / 12)
    assert percent_agreement(items) == pytest.approx(3 / 6)


def test_fleiss_with_two_raters_is_scotts_pi_not_cohen():
    # With two raters Fleiss' kappa uses pooled shares (Scott's pi): for the 2x2 table
    # above pooled yes = (25 + 30) / 100 = 0.55, P_e = 0.55^2 + 0.45^2 = 0.505,
    # kappa = (0.7 - 0.505) / 0.495 = 0.3939...
    rows = [[2, 0]] * 20 + [[1, 1]] * 15 + [[0, 2]] * 15
    assert fleiss_kappa(rows) == pytest.approx((0.7 - 0.505) / 0.495)


def test_kappa_undefined_when_everything_falls_in_one_category():
    assert cohen_kappa(["A", "A"], ["A", "A"]) is None
    assert fleiss_kappa([[3, 0], [3, 0]]) is None
    assert cohen_kappa_table([[0, 0], [0, 0]]) is None
    assert percent_agreement([]) is None


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        cohen_kappa_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        fleiss_kappa([[3, 0], [2, 0]])
    with pytest.raises(ValueError):
        cohen_kappa(["A"], ["A", "B"])


def test_agreement_over_items_uses_complete_cases_and_pairs():
    ratings = {
        1: {"alice": "A", "bob": "A", "carol": "A"},
        2: {"alice": "A", "bob": "A", "carol": "P"},
        3: {"alice": "P", "bob": "P", "carol": "P"},
        4: {"alice": "E", "bob": "E", "carol": "P"},
        5: {"alice": "E", "bob": "E", "carol": "E"},
        6: {"alice": "A", "bob": "P", "carol": "E"},
        7: {"alice": "A", "bob": "A"},  # carol did not rate it: not a complete case
    }
    result = agreement(ratings)
    assert result.method == "fleiss" and result.items == 6
    assert result.kappa == pytest.approx(5 / 12)
    pair = next(p for p in result.pairs if (p.a, p.b) == ("alice", "bob"))
    # alice/bob over 7 items: agree on 6; alice A4 P1 E2, bob A3 P2 E2:
    # p_e = (4*3 + 1*2 + 2*2) / 49 = 18/49; kappa = (6/7 - 18/49) / (31/49) = (42 - 18) / 31 = 24/31
    assert pair.items == 7
    assert pair.kappa == pytest.approx(24 / 31)
    two = agreement({k: {r: v for r, v in by.items() if r != "carol"} for k, by in ratings.items()})
    assert two.method == "cohen" and two.kappa == pytest.approx(24 / 31)
    assert agreement({1: {"alice": "A"}}).method is None


def test_agreement_by_group_and_text():
    ratings = {1: {"a": "A", "b": "A"}, 2: {"a": "P", "b": "E"}, 3: {"a": "E", "b": "E"}}
    groups = agreement_by_group(ratings, {1: "市科委", 2: "市科委", 3: "市教委"})
    assert set(groups) == {"市科委", "市教委"}
    assert groups["市科委"].items == 2 and groups["市科委"].percent == pytest.approx(0.5)
    line = format_agreement(agreement(ratings, min_items=1))
    assert "2 reviewers" in line and "Cohen's kappa" in line and "66.7% agree" in line
    few = format_agreement(agreement(ratings))
    assert few == "overall: 2 reviewers, 3 suggestions rated by both: 2 agree, 1 disagree; too few for Cohen's kappa (fewer than 5)"
    assert interpret(0.41) == "moderate" and interpret(-0.1) == "poor" and interpret(None) == "n/a"
    assert interpret(0.9, "zh") == "几乎完全一致"


@pytest.mark.parametrize(
    ("kappa", "en", "zh"),
    [
        (-0.01, "poor", "差"),
        (0.0, "slight", "轻微"),
        (0.20, "slight", "轻微"),
        (0.2001, "fair", "一般"),
        (0.40, "fair", "一般"),
        (0.4001, "moderate", "中等"),
        (0.60, "moderate", "中等"),
        (0.6001, "substantial", "较高"),
        (0.80, "substantial", "较高"),
        (0.8001, "almost perfect", "几乎完全一致"),
        (1.0, "almost perfect", "几乎完全一致"),
        (None, "n/a", "无法计算"),
    ],
)
def test_kappa_bands_at_their_boundaries(kappa, en, zh):
    """Landis & Koch: each band includes its upper bound (0.20 is still slight, 0.40 fair ...);
    below zero is poor, zero itself slight."""
    assert interpret(kappa) == en
    assert interpret(kappa, "zh") == zh


def test_krippendorff_alpha_nominal_with_missing_values_krippendorff_2011_c():
    # Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), C: four observers,
    # twelve units, values missing; the paper gives alpha (nominal) = 0.743.
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3]
    c = [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _]
    assert krippendorff_alpha(_units(a, b, c, d)) == pytest.approx(0.743, abs=0.0005)


def test_krippendorff_alpha_two_observers_krippendorff_2011_a_and_b():
    # A: binary data, two observers, ten units: alpha = 1 - 19 * 4 / (14 * 6) = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(_units(a, b)) == pytest.approx(8 / 84)
    # B: nominal data, two observers, twelve units, no value missing: alpha = 0.692.
    assert krippendorff_alpha(_units(list("aabbdcccedda"), list("babbbccceddd"))) == pytest.approx(0.692, abs=0.0005)


def test_krippendorff_alpha_wikipedia_example():
    # Wikipedia's "Krippendorff's alpha" example: three coders, fifteen units, nominal alpha 0.691.
    a = [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3]
    b = [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _]
    c = [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4]
    assert krippendorff_alpha(_units(a, b, c)) == pytest.approx(0.691, abs=0.0005)


def test_alpha_ignores_single_ratings_and_is_undefined_in_one_category():
    assert krippendorff_alpha([["A"], ["A", "A"], ["P", "P"], ["E"]]) == pytest.approx(1.0)
    assert krippendorff_alpha([["A", "A"], ["A", "A", "A"]]) is None
    assert krippendorff_alpha([["A"]]) is None and krippendorff_alpha([]) is None
    assert interpret_alpha(0.8) == "reliable" and interpret_alpha(0.7, "zh") == "仅可作初步结论"
    assert interpret_alpha(0.5) == "unreliable" and interpret_alpha(None) == "n/a"


def test_a_third_rater_who_rated_one_item_does_not_shrink_the_headline():
    # alice and bob rate six items alike but the last; carol rates only the last.
    ratings = {i: {"alice": v, "bob": v} for i, v in enumerate("AAPEE", start=1)}
    ratings[6] = {"alice": "P", "bob": "E", "carol": "E"}
    result = agreement(ratings)
    assert (result.pairable, result.pairable_agreed, result.items, result.agreed) == (6, 5, 1, 0)
    assert result.alpha == pytest.approx(krippendorff_alpha([list(by.values()) for by in ratings.values()]))
    assert result.kappa is None and result.too_few(result.items)  # one item all three rated
    line = format_agreement(result)
    assert line.startswith("overall: 3 reviewers, 6 suggestions rated by two or more, 83.3% agree, Krippendorff's alpha ")
    zh = format_agreement(result, lang="zh")
    assert zh.startswith("总体：3 位评审人，6 条建议有两人以上评定，一致 83.3%，Krippendorff's alpha ")


def test_fewer_than_five_shared_items_give_counts_not_a_kappa():
    one_apart = agreement({1: {"a": "A", "b": "E"}})
    assert one_apart.kappa is None and one_apart.alpha is None and one_apart.pairs[0].kappa is None
    assert one_apart.to_dict()["interpretation"] == "too few"
    five = {i: {"a": v, "b": v} for i, v in enumerate("AAPEE", start=1)}
    five[5] = {"a": "E", "b": "P"}
    # five items, one apart: p_o = 4/5; a A2 P1 E2, b A2 P2 E1: p_e = (4 + 2 + 2) / 25; kappa = 12/17
    assert agreement(five).kappa == pytest.approx(12 / 17)
